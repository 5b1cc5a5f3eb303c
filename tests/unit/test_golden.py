"""Golden tests (issue 12): what the generator makes from the small fixture tree, compared with files
under tests/golden/ that a reviewer can read.  A deliberate change of output: run
``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_golden.py`` and review the diff.

Covered: the per-language search-index split (`siteoutput`), region queries (`query`), the map's
points and regions (`geo.map_data`) and the region pages (`pages` + `render.Renderer.region`).
"""

from __future__ import annotations

import json
import os

import pytest

import geo
import geodata
import pages
import query
import render
import schema
import siteoutput
from conftest import LANGS, MINI, ROOT

GOLDEN = ROOT / "tests" / "golden"


def assert_golden(name: str, text: str) -> None:
    """``text`` equals tests/golden/<name>; with UPDATE_GOLDEN=1 the file is (re)written instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path} (UPDATE_GOLDEN=1 to accept)"


def as_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def renderer(content, lang: str) -> render.Renderer:
    return render.Renderer(content, lang, render.make_env(ROOT / "overrides" / "partials"))


def test_search_index_split_and_compaction():
    index = json.loads((GOLDEN / "search_index.in.json").read_text(encoding="utf-8"))
    split = siteoutput.split_index(index, tuple(LANGS))
    assert_golden("search_index.out.json",
                  as_json({lang: siteoutput.compact_index(part) for lang, part in split.items()}))


def test_region_queries(mini_content):
    assert_golden("region_queries.json", as_json({
        code: {"services": [s["id"] for s in query.services_in_region(mini_content, code)],
               "hotline_numbers": sorted(p["number"] for _, p in query.hotline_phones(mini_content)
                                         if code in query.phone_regions(mini_content, p))}
        for code in schema.REGIONS}))


@pytest.mark.parametrize("lang", LANGS)
def test_map_points_and_regions(mini_content, lang):
    regions = geodata.load_regions(str(MINI / "data" / "kg-regions.geojson"))
    data = geo.map_data(renderer(mini_content, lang).map_view("map.md"), regions)
    del data["projection"]  # numbers of the boundary file, not of the content
    assert_golden(f"map_data.{lang}.json", as_json(data))


@pytest.mark.parametrize("lang", LANGS)
def test_region_pages(mini_content, lang):
    r = renderer(mini_content, lang)
    generated = pages.region_pages(mini_content, lang)
    text = "".join(f"===== {rel}\n{generated[rel]}" for rel in sorted(generated))
    text += "".join(f"===== body of {code}\n{r.region(code)}\n" for code in schema.REGIONS)
    assert_golden(f"region_pages.{lang}.md", text)
