"""Hostile text from YAML comes out as text: directory entries, Markdown headings and map popups (P9).

Validation already rejects HTML in text fields; these tests feed the renderers
directly, so escaping holds even if a hostile string ever gets past validation.
"""

from __future__ import annotations

import datetime
import json

import pytest
from bs4 import BeautifulSoup

import content as content_mod
import geo
import geodata
import render
from conftest import ROOT

HOSTILE = ("O'Brien \"quoted\" </script><img src=x onerror=\"window.__pwned=1\"> "
           "[link](javascript:window.__pwned=2) \u200f ң ө ү ${window.__pwned=3} `tick` &amp; {#id}")


@pytest.fixture(scope="module")
def hostile_renderer():
    loaded = content_mod.load_content(ROOT, today=datetime.date(2026, 11, 29))
    assert loaded.errors == []
    loaded.texts["en"]["services"]["naryn-shelter"] |= {"name": HOSTILE, "description": HOSTILE,
                                                         "application_process": HOSTILE}
    loaded.texts["en"]["organizations"]["sezim"] |= {"name": HOSTILE, "description": HOSTILE}
    return render.Renderer(loaded, "en", render.make_env(ROOT / "overrides" / "partials"))


def test_entry_shows_hostile_text_literally(hostile_renderer):
    html = hostile_renderer.entries([hostile_renderer.content.services["naryn-shelter"]])
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one(".kg-entry__name").get_text() == HOSTILE
    assert HOSTILE in [p.get_text() for p in page.find_all(["p", "dd"])]
    assert page.find("img") is None and page.find("script") is None
    assert not any(a["href"].startswith("javascript") for a in page.find_all("a", href=True))


def test_organization_heading_markdown_is_escaped(hostile_renderer):
    markdown = hostile_renderer.organizations()
    heading = next(line for line in markdown.splitlines() if line.startswith("## ") and "Brien" in line)
    assert "<img" not in heading and "</script>" not in heading
    assert heading.endswith("{#sezim}")  # the author's "{#id}" cannot set the anchor


def _map(r):
    regions = geodata.load_regions(str(ROOT / "data" / "kg-regions.geojson"))
    view = r.map_view("map.md")
    data = geo.map_data(view, regions)
    return data, geo.data_script(data), geo.map_section(view, regions, data, r.env, r.regions("map.md"))


def test_map_data_keeps_hostile_text_as_data(hostile_renderer):
    """The data file is JSON: text stays a string value, whatever it holds (the script inserts it as text)."""
    data, script, _ = _map(hostile_renderer)
    assert script.startswith("window.KG_MAP=") and script.endswith(";\n")
    again = json.loads(script[len("window.KG_MAP="):-2])
    assert again == data
    names = [s["name"] for s in again["services"]]
    assert HOSTILE in names  # exactly, not escaped twice, not cut


def test_map_page_body_shows_hostile_text_literally(hostile_renderer):
    hostile_renderer.labels["places"] = dict(hostile_renderer.labels["places"], tokmak=HOSTILE)
    hostile_renderer.labels["regions"] = dict(hostile_renderer.labels["regions"], **{"KG-N": HOSTILE})
    _, _, html = _map(hostile_renderer)
    page = BeautifulSoup(html, "html.parser")
    assert page.find("img") is None and page.find("script") is None
    assert any(a.get("aria-label", "").startswith(HOSTILE) for a in page.select("svg a"))
    assert any(li.get_text().endswith(HOSTILE) for li in page.select("#not-on-map + ul li"))
    assert not page.select("[style]") and not page.select("[onerror]")


def test_template_syntax_in_text_is_not_evaluated(hostile_renderer):
    """Regression (folium era): branca re-compiled rendered JavaScript as Jinja, so `{{ 7*7 }}` became 49."""
    c = hostile_renderer.content
    c.texts["en"]["services"]["talas-shelter"] = {"name": "{{ 7*7 }} {% if 1 %}x{% endif %} {# c #}",
                                                  "description": "d"}
    data, script, html = _map(hostile_renderer)
    assert "{{ 7*7 }} {% if 1 %}x{% endif %} {# c #}" in [s["name"] for s in data["services"]]
    assert "49" not in script.split('"talas-shelter"', 1)[1].split("}", 1)[0]
