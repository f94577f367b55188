"""Docs match the code: every contract field is described, and the README reference is current."""

from pathlib import Path

from docparse import schema_doc

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_field_has_a_description() -> None:
    missing = [
        f"{cls.__name__}.{name}"
        for cls in schema_doc.ORDER
        for name, info in cls.model_fields.items()
        if not info.description
    ]
    assert missing == []


def test_readme_field_reference_is_current() -> None:
    text = README.read_text("utf-8")
    assert schema_doc.refresh(text) == text, "run: python -m docparse.schema_doc"


def test_readme_starts_with_the_two_setup_commands() -> None:
    text = README.read_text("utf-8")
    block = text.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert "docparse parse" in block[0] and "pytest" in block[1]
    ci = (README.parent / ".ci" / "run").read_text("utf-8")
    assert "python3 -m pytest" in ci  # CI runs the README's test command


def test_readme_lists_every_command_and_exit_code() -> None:
    from docparse.cli import app
    from docparse.errors import ErrorCode

    text = README.read_text("utf-8")
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    names += [g.name for g in app.registered_groups if g.name]
    assert names, "no commands registered"
    missing = [n for n in names if f"`docparse {n}" not in text]
    assert missing == []
    for code in ErrorCode:
        assert f"| {code.exit_code} |" in text, code
