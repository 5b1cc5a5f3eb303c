"""The handbook's field reference is generated from hooks/schema.py and must not drift."""

import os
from pathlib import Path

import schema

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference.md"


def test_docs_reference_matches_the_schema():
    text = schema.reference_markdown()
    if os.environ.get("UPDATE_SCHEMAS") == "1":
        REFERENCE.write_text(text, encoding="utf-8")
    assert REFERENCE.read_text(encoding="utf-8") == text, "run: UPDATE_SCHEMAS=1 .venv/bin/python -m pytest tests/unit"


def test_reference_names_every_field():
    text = REFERENCE.read_text(encoding="utf-8")
    for kind in schema.KINDS:
        for field in kind.fields:
            assert f"| `{field.name}` |" in text
