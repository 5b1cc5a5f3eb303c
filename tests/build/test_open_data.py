"""Open data export (issue 11): HSDS-shaped JSON and CSV agree with the schema, the YAML and each other."""

from __future__ import annotations

import csv
import json

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator

import content as content_mod
import export
from conftest import LANGS, lang_dir


@pytest.fixture(scope="module")
def yaml_content(project):
    loaded = content_mod.load_content(project)
    assert not loaded.errors
    return loaded


@pytest.mark.parametrize("name", ["core", *LANGS])
def test_export_validates_against_its_schema(site, name):
    schema = json.loads((site / "open-data" / "schema.json").read_text(encoding="utf-8"))
    data = json.loads((site / "open-data" / f"{name}.json").read_text(encoding="utf-8"))
    errors = [e.message for e in Draft202012Validator(schema).iter_errors(data)]
    assert errors == []
    assert data["lang"] == ("" if name == "core" else name)
    assert "CC BY 4.0" in data["licence"]


@pytest.mark.parametrize("name", ["core", *LANGS])
def test_export_matches_the_yaml_entry_for_entry(site, yaml_content, name):
    data = json.loads((site / "open-data" / f"{name}.json").read_text(encoding="utf-8"))
    c = yaml_content
    assert [o["id"] for o in data["organizations"]] == list(c.organizations)
    assert [s["id"] for s in data["services"]] == list(c.services)
    assert [p["id"] for p in data["locations"]] == list(c.places)
    for row in data["services"]:
        record = c.services[row["id"]]
        assert (row["category"], row["organization_id"], row["source"], row["assured_date"]) == (
            record["category"], record.get("organization", ""), record["source"], record["verified"])
        if name != "core":
            assert row["name"] == c.texts[name]["services"].get(row["id"], {}).get("name", "")
        else:
            assert "name" not in row  # the core file is language-neutral
    phones = [(p["service_id"], p["number"]) for p in data["phones"]]
    assert phones == [(s["id"], ph["number"]) for s in c.services.values() for ph in s.get("phones", [])]
    links = {(a["service_id"], a["location_id"]) for a in data["service_at_locations"]}
    assert links == {(s["id"], p) for s in c.services.values() for p in s.get("locations", [])}
    assert not any("address" in key for table in export.TABLES for row in data[table] for key in row)


@pytest.mark.parametrize("name", ["core", *LANGS])
def test_csv_tables_hold_the_same_rows_as_the_json(site, name):
    data = json.loads((site / "open-data" / f"{name}.json").read_text(encoding="utf-8"))
    for table in export.TABLES:
        with (site / "open-data" / name / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert [r["id"] for r in rows] == [r["id"] for r in data[table]], table


@pytest.mark.parametrize("lang", LANGS)
def test_about_page_links_the_export(site, lang):
    folder = lang_dir(site, lang)
    soup = BeautifulSoup((folder / "about.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select(".kg-open-data a")]
    assert len(links) >= 4 and any(h.endswith(f"open-data/{lang}.json") for h in links)
    for href in links:
        assert (folder / href).resolve().is_file(), href
