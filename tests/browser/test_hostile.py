"""Hostile text reaches the renderers (bypassing validation) and still runs nothing in Chromium (P9).

The entry and map HTML and the map data file are made by the real renderers from the shipped
content with hostile names and descriptions, put in a bare page with the vendored Leaflet and
the map script, and opened in the browser.
"""

from __future__ import annotations

import datetime
import shutil

import pytest

import content as content_mod
import geo
import geodata
import render
from conftest import ROOT

from .conftest import serve

pytestmark = pytest.mark.browser

HOSTILE = ("O'Brien \"q\" </script><img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script> "
           "[x](javascript:window.__pwned=3) \u200f ң ө ү ${window.__pwned=4} `t` {{ 7*7 }}")
VENDOR = ROOT / "content" / "assets" / "vendor"
ASSETS = ROOT / "content" / "assets"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="vendor/leaflet/leaflet.css">
<link rel="stylesheet" href="kg-map.css">
<script src="vendor/leaflet/leaflet.js" defer></script>
<script src="vendor/leaflet.markercluster/leaflet.markercluster.js" defer></script>
<script src="map.data.js" defer></script>
<script src="kg-map.js" defer></script></head>
<body>{entries}{map}</body></html>"""


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory):
    loaded = content_mod.load_content(ROOT, today=datetime.date(2026, 11, 29))
    assert loaded.errors == []
    loaded.texts["en"]["services"]["naryn-shelter"] |= {"name": HOSTILE, "description": HOSTILE,
                                                         "application_process": HOSTILE}
    r = render.Renderer(loaded, "en", render.make_env(ROOT / "overrides" / "partials"))
    regions = geodata.load_regions(str(ROOT / "data" / "kg-regions.geojson"))
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copytree(VENDOR, folder / "vendor")
    shutil.copy(ASSETS / "javascripts" / "kg-map.js", folder)
    shutil.copy(ASSETS / "stylesheets" / "kg-map.css", folder)
    view = r.map_view("map.md")
    data = geo.map_data(view, regions)
    (folder / "map.data.js").write_text(geo.data_script(data), encoding="utf-8")
    html = PAGE.format(entries=r.entries([loaded.services["naryn-shelter"]]),
                       map=geo.map_section(view, regions, data, r.env, r.regions("map.md")))
    (folder / "index.html").write_text(html, encoding="utf-8")
    with serve(folder) as url:
        yield url


def test_hostile_text_runs_nothing_and_shows_literally(new_tab, hostile_page):
    tab = new_tab(base_url=hostile_page)
    tab.visit("index.html")
    assert tab.page.locator("article .kg-entry__name").text_content() == HOSTILE
    tab.page.wait_for_function("() => window.kgMap && window.kgMap.group")
    shown = tab.page.evaluate("""() => new Promise(done => {
        const marker = kgMap.group.getLayers().find(m => m.kgTown.id === 'naryn');
        kgMap.group.zoomToShowLayer(marker, () => {
            marker.openPopup();
            setTimeout(() => done({
                names: [...document.querySelectorAll('.kg-popup__name')].map(e => e.textContent),
                title: marker.getElement().getAttribute('title'),
            }), 300);
        });
    })""")
    assert HOSTILE in shown["names"]
    assert shown["title"].startswith("Naryn — ")
    assert tab.page.evaluate("window.__pwned") is None
    assert tab.page.locator(".md-content img, body img[src='x']").count() == 0
    tab.assert_no_errors()
    assert tab.external == []


@pytest.fixture(scope="module")
def hostile_site_url(hostile_site):
    with serve(hostile_site) as url:
        yield url


@pytest.mark.parametrize("path", ["en/regions/kg-b.html", "en/about.html", "en/shelters.html", "en/map.html"])
def test_hostile_labels_and_front_matter_run_nothing(new_tab, hostile_site_url, path):
    """Labels and front matter that look like markup, built for real: shown literally, nothing runs (issue 8)."""
    from conftest import HOSTILE_TEXT

    tab = new_tab(base_url=hostile_site_url)
    tab.visit(path)
    tab.page.wait_for_timeout(300)  # an <img onerror> would have fired by now
    assert tab.dialogs == [] and tab.page_errors == []
    assert tab.page.evaluate("document.querySelectorAll('img[src=\"x\"], [onerror]').length") == 0
    assert tab.page.locator(".kg-strip__title").text_content().strip() == HOSTILE_TEXT
    if path in ("en/regions/kg-b.html", "en/about.html"):
        assert tab.page.title() == f"{HOSTILE_TEXT} - Safe migration"
    if path == "en/regions/kg-b.html":  # its heading is its title (from the label)
        assert tab.page.locator("article h1").text_content().strip() == HOSTILE_TEXT
    if path == "en/map.html":  # the map script inserts labels as text nodes: the category label stays text
        tab.page.wait_for_selector(".leaflet-marker-icon, .leaflet-marker-pane *", state="attached")
        assert HOSTILE_TEXT in tab.page.locator("main").inner_text()
    assert tab.external == []
