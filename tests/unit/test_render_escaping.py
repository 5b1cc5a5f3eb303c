"""Hostile text from YAML comes out as text: directory entries, Markdown headings and map popups (P9).

Validation already rejects HTML in text fields; these tests feed the renderers
directly, so escaping holds even if a hostile string ever gets past validation.
"""

from __future__ import annotations

import datetime
import re

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


def test_map_script_cannot_be_closed_by_text(hostile_renderer):
    regions = geodata.load_regions(str(ROOT / "data" / "kg-regions.geojson"))
    fragment = geo.build_map(hostile_renderer, regions, "map.md")
    script = fragment.split("<script>", 1)[1]
    assert script.count("</script>") == 1 and script.rstrip().endswith("</script>")
    assert "<img" not in script  # inside JS strings "<" is \u003c
    assert "${window" not in script  # and "{" is \u007b: nothing can be read as a template


def test_template_syntax_in_text_is_not_evaluated(hostile_renderer):
    """Regression: branca re-compiles rendered JavaScript as a Jinja template, so `{{ 7*7 }}` became 49."""
    c = hostile_renderer.content
    c.texts["en"]["services"]["talas-shelter"] = {"name": "{{ 7*7 }} {% if 1 %}x{% endif %} {# c #}",
                                                  "description": "d"}
    regions = geodata.load_regions(str(ROOT / "data" / "kg-regions.geojson"))
    script = geo.build_map(hostile_renderer, regions, "map.md")
    assert not re.search(r'"49 |title: "49|\b49 x', script)
    assert script.count("\\u007b\\u007b 7*7 \\u007d\\u007d") >= 3  # tooltip, title and alt
