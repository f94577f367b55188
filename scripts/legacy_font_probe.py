"""Re-render a corpus document in legacy fonts and compare its parse with the Unicode PDF's.

    pip install fonttools   # not a docparse dependency: only this probe needs it
    python scripts/legacy_font_probe.py [--encoding tcvn3|vni] [--stem 002_4e8fcf440fea68e7]

No TCVN3 or VNI font ships with Debian, so the probe makes them: copies of Liberation Serif
(and its bold and italic) renamed ".VnTime", ".VnTimeH" and "VNI-Times", installed for the
current user (~/.local/share/fonts). The document is rendered to flat ODT as
scripts/render_corpus.py does, its text encoded TCVN3 (capitals with tone marks in .VnTimeH
runs, as typists did) or VNI (a base letter and a mark), and printed to PDF by LibreOffice. The
parse is then compared with the parse of the Unicode rendering: metadata fields, section labels
and titles, and tasks, with decoding on and off.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "scripts"))

from render_corpus import render  # noqa: E402

from docparse.ingest import pdf as pdf_ingest  # noqa: E402
from docparse.ingest.legacy_fonts import (  # noqa: E402
    _TCVN3,
    _UNICODE,
    _VNI_PAIRS,
    _VNI_SINGLES,
)
from docparse.link.tasks import extract_tasks  # noqa: E402
from docparse.model import Document, Section  # noqa: E402
from docparse.pipeline import ParseOptions, parse_path  # noqa: E402

FONTS = Path.home() / ".local" / "share" / "fonts"
LIBERATION = Path("/usr/share/fonts/truetype/liberation2")
ENCODE = {u: t for t, u in zip(_TCVN3, _UNICODE, strict=True)}
VNI_ENCODE = {letter: code for code, letter in _VNI_PAIRS.items()
              if code[0].isupper() == code[1].isupper()}  # "AÙ" for "Á", "aù" for "á"
VNI_ENCODE.update({letter: code for code, letter in _VNI_SINGLES.items()})


def install_fonts() -> None:
    from fontTools.ttLib import TTFont

    FONTS.mkdir(parents=True, exist_ok=True)
    for family, styles in ((".VnTime", ("Regular", "Bold", "Italic")),
                           (".VnTimeH", ("Regular", "Bold")),
                           ("VNI-Times", ("Regular", "Bold", "Italic"))):
        for style in styles:
            font = TTFont(LIBERATION / f"LiberationSerif-{style}.ttf")
            postscript = family if style == "Regular" else f"{family}-{style}"
            for record in font["name"].names:
                if record.nameID in (1, 16):
                    record.string = family
                elif record.nameID == 4:
                    record.string = family if style == "Regular" else f"{family} {style}"
                elif record.nameID == 6:
                    record.string = postscript
            font.save(FONTS / f"{postscript.lstrip('.')}.ttf")  # no dot: fontconfig skips those
    subprocess.run(["fc-cache", "-f"], check=True)


def encode(text: str) -> str:
    """Unicode text as a TCVN3 typist left it: capitals with tone marks in a .VnTimeH span."""
    out = []
    for char in text:
        if char in ENCODE:
            out.append(ENCODE[char])
        elif char.isupper() and not char.isascii():
            low = char.lower()
            out.append(f'<text:span text:style-name="TCVN3_Capital">{ENCODE.get(low, low)}'
                       "</text:span>")
        else:
            out.append(char)
    return "".join(out)


def to_vni(fodt: str) -> str:
    fodt = fodt.replace("'Liberation Serif'", "'VNI-Times'").replace('"Liberation Serif"',
                                                                     '"VNI-Times"')
    start = fodt.index("<office:body")
    body = re.sub(r">([^<]+)<",
                  lambda m: ">" + "".join(VNI_ENCODE.get(c, c) for c in m.group(1)) + "<",
                  fodt[start:])
    return fodt[:start] + body


def to_tcvn3(fodt: str) -> str:
    fodt = fodt.replace("'Liberation Serif'", "'.VnTime'").replace('"Liberation Serif"',
                                                                   '".VnTime"')
    fodt = fodt.replace(
        "</office:font-face-decls>",
        '<style:font-face style:name=".VnTimeH" svg:font-family="\'.VnTimeH\'" '
        'style:font-family-generic="roman" style:font-pitch="variable"/></office:font-face-decls>')
    fodt = fodt.replace(
        "<office:automatic-styles>",
        '<office:automatic-styles><style:style style:name="TCVN3_Capital" style:family="text">'
        '<style:text-properties style:font-name=".VnTimeH"/></style:style>', 1)
    start = fodt.index("<office:body")
    body = re.sub(r">([^<]+)<", lambda m: f">{encode(m.group(1))}<", fodt[start:])
    return fodt[:start] + body


def sections(doc: Document) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []

    def walk(items: list[Section]) -> None:
        for section in items:
            out.append((section.label, section.title))
            walk(section.children)

    walk(doc.sections)
    return out


def compare(name: str, doc: Document, reference: Document) -> None:
    fields = ("issuer", "symbol", "place", "date", "doc_type", "title")
    same = [f for f in fields if getattr(doc.metadata, f) == getattr(reference.metadata, f)]
    got, want = sections(doc), sections(reference)
    pairs = list(zip(got, want, strict=False))
    # LibreOffice takes TCVN3's "ư" (0xAD) for a soft hyphen and does not draw it.
    loose = sum(_no_u(a) == _no_u(b) for a, b in pairs)
    print(f"{name}: metadata {len(same)}/{len(fields)} fields as in the Unicode PDF; "
          f"{len(got)} sections ({len(want)} in the Unicode PDF), "
          f"{sum(a == b for a, b in pairs)} identical, {loose} identical but for 'ư'; "
          f"{len(extract_tasks(doc))} tasks ({len(extract_tasks(reference))})")


def _no_u(section: tuple[str, str]) -> tuple[str, str]:
    return section[0], section[1].replace("ư", "").replace("Ư", "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stem", default="002_4e8fcf440fea68e7")
    parser.add_argument("--encoding", choices=("tcvn3", "vni"), default="tcvn3")
    args = parser.parse_args()
    install_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        render([REPO_ROOT / "gold" / "structure" / f"{args.stem}.json"], work / "pdf",
               REPO_ROOT / "corpus" / "text", with_variants=False, fodt_dir=work / "fodt")
        fodt = work / "fodt" / f"{args.stem}.fodt"
        legacy = work / f"{args.stem}.{args.encoding}.fodt"
        convert = to_tcvn3 if args.encoding == "tcvn3" else to_vni
        legacy.write_text(convert(fodt.read_text("utf-8")), encoding="utf-8")
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work),
                        str(legacy)], check=True, capture_output=True)
        options = ParseOptions(enrich=False)
        reference = parse_path(work / "pdf" / f"{args.stem}.pdf", options)
        decoded = parse_path(legacy.with_suffix(".pdf"), options)
        print("warnings:", decoded.warnings)
        compare("decoded", decoded, reference)
        pdf_ingest.decode_legacy_fonts = lambda chars: (chars, set())  # decoding off
        compare("not decoded", parse_path(legacy.with_suffix(".pdf"), options), reference)


if __name__ == "__main__":
    main()
