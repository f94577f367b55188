"""Label paths of sections ("II.2.1"), built one way for every stage that shows them.

A path joins the labels of a section and its ancestors. Dash and plus items add
nothing (they have no label of their own), and a decimal label that extends its
parent's ("2." then "2.1.") replaces it, so the path reads "II.2.1", not "II.2.2.1".
"""

from __future__ import annotations

from docparse.model import Document, Section


def label_component(label: str) -> str:
    """A label as a path component: "II." -> "II", "a)" -> "a", "Phần thứ nhất" kept."""
    return " ".join(label.strip().rstrip(".)-–:").split())


def extend_path(path: list[str], section: Section) -> list[str]:
    """The path of `section`, given the path of its parent."""
    label = label_component(section.label)
    if section.kind in ("dash", "plus") or not label:
        return list(path)
    return join_decimal([*path, label])


def join_decimal(path: list[str]) -> list[str]:
    """Components with each decimal label that extends the one before it merged into it."""
    out: list[str] = []
    for comp in path:
        if out and comp.startswith(out[-1] + ".") and comp[len(out[-1]) + 1:][:1].isdigit():
            out[-1] = comp
        else:
            out.append(comp)
    return out


def section_paths(doc: Document) -> dict[str, str | None]:
    """Section id -> label path (None for a section with no label above or on it)."""
    paths: dict[str, str | None] = {}

    def walk(sections: list[Section], prefix: list[str]) -> None:
        for section in sections:
            parts = extend_path(prefix, section)
            paths[section.id] = ".".join(parts) or None
            walk(section.children, parts)

    walk(doc.sections, [])
    return paths
