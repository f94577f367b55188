"""Responsible units of plan tasks: "Cơ quan thực hiện: ...", "X chủ trì; Y phối hợp".

A unit list is split at ";" always, and at "," only where the piece after the
comma is a unit of its own: "Thanh tra tỉnh, các sở, ban, ngành tỉnh" is two units,
"các sở, ban, ngành tỉnh" is one ("ban" and "ngành tỉnh" continue an enumeration),
and "Phòng Thanh tra phòng, chống tham nhũng" is one ("chống tham nhũng" names no unit).
"""

from __future__ import annotations

import re

from docparse.link.text import fold_tones

# Words a unit's name starts with (lower case, new-style tones).
_HEADS = (
    "sở", "bộ", "ban", "cục", "chi cục", "tổng cục", "thanh tra", "ủy ban", "ubnd", "hđnd",
    "ubmttq", "mttq", "hội đồng", "văn phòng", "phòng", "công an", "viện", "vksnd", "tòa án",
    "tand", "cơ quan", "đơn vị", "doanh nghiệp", "tổ chức", "trung tâm", "báo", "đài", "kho bạc",
    "ngân hàng", "chi nhánh", "hải quan", "bộ chỉ huy", "bộ đội", "đảng ủy", "tỉnh ủy",
    "huyện ủy", "thành ủy", "mặt trận", "liên đoàn", "hội", "đoàn", "thi hành án", "trường",
    "bệnh viện", "lãnh đạo", "chánh", "giám đốc", "chủ tịch", "người đứng đầu", "thủ trưởng",
    "cán bộ", "công chức", "ủy viên", "địa phương", "cấp ủy", "chính quyền", "cộng đồng",
)
_ABBREVIATED = ("ubnd", "hđnd", "mttq", "tand", "vksnd", "ubmttq")
_PREFIX = re.compile(r"^(?:các|những|mọi|toàn thể)\s+")
_REQUEST = re.compile(r"^(?:đề nghị|giao|yêu cầu)\s+", re.IGNORECASE)
# A trailing scope note is not part of the unit's name: "UBND các xã (theo thẩm quyền)".
_QUALIFIER = re.compile(r"\s*\((?:theo|nếu|khi|trong|đối với)\b[^()]*\)\s*[.;,]?$", re.IGNORECASE)
_LEAD = re.compile(r"\s+(?:là\s+)?(?:chủ trì|chịu trách nhiệm chính)\s*$", re.IGNORECASE)
_PARTNER = re.compile(r"\s+(?:phối hợp|tham gia|cùng thực hiện)\s*$", re.IGNORECASE)
_LABELLED_PARTNER = re.compile(
    r"^(?:cơ quan|đơn vị)\s+phối hợp\s*:\s*|^phối hợp\s*:\s*", re.IGNORECASE
)
_LABELLED_LEAD = re.compile(r"^(?:cơ quan|đơn vị)\s+chủ trì\s*:\s*|^chủ trì\s*:\s*", re.IGNORECASE)


# A head word alone names no unit: "Tổ chức kiểm tra ..." opens with a verb.
BARE_HEADS = frozenset(fold_tones(w) for w in ("tổ chức", "cơ quan", "đơn vị"))


def is_unit_start(piece: str) -> bool:
    """Whether `piece` begins a unit's name ("các sở ...", "Thanh tra tỉnh").

    A head word alone ("ban", "tổ chức") continues an enumeration ("các sở, ban,
    ngành"; "các doanh nghiệp, tổ chức"); with "các" in front it opens one.
    """
    low = fold_tones(piece).lower().strip()
    words = _PREFIX.sub("", low)
    if words == low and (words in _HEADS or len(words.split()) < 2):
        return words in _ABBREVIATED
    return any(words == h or words.startswith(h + " ") for h in _HEADS)


def is_unit_name(text: str) -> bool:
    """Whether `text` starts with a unit head word ("Văn phòng", "Sở Tài chính ...")."""
    words = _PREFIX.sub("", fold_tones(text).lower().strip())
    return any(words == h or words.startswith(h + " ") for h in _HEADS)


def _opens_enumeration(merged: str) -> bool:
    """"các sở", "các cơ quan, đơn vị", "..., ngành": the next piece continues the list."""
    last = merged.rsplit(",", 1)[-1].strip()
    low = fold_tones(last).lower()
    words = _PREFIX.sub("", low)
    return (words != low and words in _HEADS) or len(low.split()) <= 1


def split_units(text: str) -> list[str]:
    """Unit names in a list, as written, without list punctuation or a leading request word."""
    out: list[str] = []
    for part in re.split(r"\s*;\s*", text):
        pieces = [p.strip() for p in part.split(",")]
        merged: list[str] = []
        for piece in pieces:
            if merged and (_opens_enumeration(merged[-1]) or not is_unit_start(piece)):
                merged[-1] = f"{merged[-1]}, {piece}"
            else:
                merged.append(piece)
        out.extend(merged)
    cleaned = [_QUALIFIER.sub("", _REQUEST.sub("", u)).strip(" .;,:*") for u in out]
    return [u for u in cleaned if u]


def parse_units(value: str) -> tuple[list[str], list[str]]:
    """(lead units, partner units) from the value of a "Cơ quan/Đơn vị thực hiện" line.

    "X chủ trì; Y phối hợp" gives X as lead and Y as partner; without those words
    every unit is a lead unit.
    """
    value = " ".join(value.split()).strip(" .;*")
    if _LABELLED_PARTNER.match(value):
        return [], split_units(_LABELLED_PARTNER.sub("", value))
    value = _LABELLED_LEAD.sub("", value)
    leads: list[str] = []
    partners: list[str] = []
    for part in re.split(r"\s*;\s*", value):
        if _PARTNER.search(part):
            partners.extend(split_units(_PARTNER.sub("", part)))
        else:
            leads.extend(split_units(_LEAD.sub("", part)))
    return leads, partners
