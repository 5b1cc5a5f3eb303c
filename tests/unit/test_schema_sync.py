"""The committed JSON Schemas in hooks/schemas/ match `schema.py`.

Editors' YAML tooling reads ``hooks/schemas/<key>.schema.json`` (data files)
and ``hooks/schemas/<key>.texts.schema.json`` (per-language texts); they are
generated from `schema.py`, never edited by hand.  After changing
`schema.py`, regenerate them with::

    UPDATE_SCHEMAS=1 .venv/bin/python -m pytest tests/unit/test_schema_sync.py
"""

from __future__ import annotations

import json
import os

import pytest
from jsonschema import Draft202012Validator

import schema
from conftest import ROOT

SCHEMAS = ROOT / "hooks" / "schemas"
UPDATE = os.environ.get("UPDATE_SCHEMAS") == "1"
TEXT_KEYS = ("organizations", "services")

GENERATED = {f"{kind.key}.schema.json": (lambda kind=kind: schema.json_schema(kind)) for kind in schema.KINDS}
GENERATED |= {f"{key}.texts.schema.json": (lambda key=key: schema.text_schema(key)) for key in TEXT_KEYS}


def as_text(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_committed_schema_matches_schema_py(name):
    path = SCHEMAS / name
    expected = as_text(GENERATED[name]())
    if UPDATE:
        SCHEMAS.mkdir(exist_ok=True)
        path.write_text(expected, encoding="utf-8")
    assert path.exists(), f"{path} is missing; run with UPDATE_SCHEMAS=1"
    assert path.read_text(encoding="utf-8") == expected, (
        f"{path.name} is out of date with hooks/schema.py; run with UPDATE_SCHEMAS=1")


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_committed_schema_is_a_valid_json_schema(name):
    Draft202012Validator.check_schema(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


def test_no_stale_schema_files():
    committed = {p.name for p in SCHEMAS.glob("*.json")}
    assert committed <= set(GENERATED), f"not generated from schema.py: {sorted(committed - set(GENERATED))}"


def test_every_text_kind_is_covered():
    assert set(schema.TEXT_FIELDS) == set(TEXT_KEYS)
