"""The README's field reference, generated from the model so that docs match the code."""

from __future__ import annotations

import re
import typing

from pydantic import BaseModel

from docparse import model

ORDER = [
    model.Document, model.Source, model.Metadata, model.Signer, model.Section, model.Paragraph,
    model.PageBox, model.Footnote, model.FootnoteAnchor, model.Annex, model.Location,
    model.Citation, model.Entity, model.Figure, model.GlossaryEntry, model.Task, model.Deadline,
]
START, END = "<!-- fields:start -->", "<!-- fields:end -->"


def _type_name(annotation: object) -> str:
    text = str(annotation) if not isinstance(annotation, type) else annotation.__name__
    text = text.replace("typing.", "").replace("docparse.model.", "")
    text = re.sub(r"<class '([\w.]+)'>", lambda m: m.group(1).split(".")[-1], text)
    text = text.replace("NoneType", "null").replace("| None", "| null")
    if "Literal[" in text:
        text = re.sub(r"Literal\[(.*?)\]", lambda m: m.group(1).replace("'", "\""), text)
    return text.replace("|", "\\|")


def markdown() -> str:
    out = [START]
    for cls in ORDER:
        out.append(f"\n#### `{cls.__name__}`\n")
        doc = (cls.__doc__ or "").strip().splitlines()
        if doc and cls is not model.StrictModel:
            out.append(doc[0] + "\n")
        out.append("| field | type | meaning |\n|---|---|---|")
        hints = typing.get_type_hints(cls)
        for name, info in cls.model_fields.items():
            out.append(
                f"| `{name}` | {_type_name(hints.get(name, info.annotation))} | "
                f"{(info.description or '').replace('|', '/')} |"
            )
    out.append(END)
    return "\n".join(out) + "\n"


def refresh(readme: str) -> str:
    """Replace the generated part of the README between its markers."""
    before, rest = readme.split(START, 1)
    _, after = rest.split(END + "\n", 1)
    return before + markdown() + after


def _check(cls: type[BaseModel]) -> bool:  # pragma: no cover - used in tests
    return all(info.description for info in cls.model_fields.values())


if __name__ == "__main__":  # pragma: no cover
    from pathlib import Path

    readme = Path(__file__).resolve().parent.parent / "README.md"
    readme.write_text(refresh(readme.read_text("utf-8")), "utf-8")
    print(f"updated {readme}")
