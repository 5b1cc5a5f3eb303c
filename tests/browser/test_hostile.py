"""Hostile text reaches the renderers (bypassing validation) and still runs nothing in Chromium (P9).

The entry and map HTML are made by the real renderers from the shipped content with hostile
names and descriptions, put in a bare page with the vendored Leaflet, and opened in the browser.
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
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<link rel="stylesheet" href="vendor/leaflet/leaflet.css">
<link rel="stylesheet" href="vendor/leaflet.markercluster/MarkerCluster.css">
<script src="vendor/leaflet/leaflet.js"></script>
<script src="vendor/leaflet.markercluster/leaflet.markercluster.js"></script>
<script src="vendor/leaflet.featuregroup.subgroup/leaflet.featuregroup.subgroup.js"></script>
<style>.kg-map {{ height: 500px }} .folium-map {{ height: 100% }}</style></head>
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
    html = PAGE.format(entries=r.entries([loaded.services["naryn-shelter"]]),
                       map=geo.map_section(r, regions, "map.md"))
    (folder / "index.html").write_text(html, encoding="utf-8")
    with serve(folder) as url:
        yield url


def test_hostile_text_runs_nothing_and_shows_literally(new_tab, hostile_page):
    tab = new_tab(base_url=hostile_page)
    tab.visit("index.html")
    assert tab.page.locator("article .kg-entry__name").text_content() == HOSTILE
    shown = tab.page.evaluate("""() => new Promise(done => {
        const pins = Object.values(window).filter(v => v instanceof L.Marker && v.options.title
                                                  && v.options.title.startsWith("O'Brien"));
        const cluster = Object.values(window).find(v => v instanceof L.MarkerClusterGroup);
        cluster.zoomToShowLayer(pins[0], () => {
            pins[0].openPopup();
            pins[0].openTooltip();
            setTimeout(() => done({
                count: pins.length,
                popup: document.querySelector('.leaflet-popup-content strong').textContent,
                tooltip: document.querySelector('.leaflet-tooltip').textContent.trim(),
                title: pins[0].getElement().getAttribute('title'),
            }), 300);
        });
    })""")
    assert shown == {"count": 1, "popup": HOSTILE, "tooltip": HOSTILE, "title": HOSTILE}
    assert tab.page.evaluate("window.__pwned") is None
    assert tab.page.locator(".md-content img, body img[src='x']").count() == 0
    tab.assert_no_errors()
    assert tab.external == []


def test_map_markers_and_layer_control_work_by_keyboard(tab):
    tab.visit("en/map.html")
    checkbox = tab.page.locator(".leaflet-control-layers-overlays input").first
    checkbox.focus()
    assert checkbox.is_checked()
    tab.page.keyboard.press("Space")
    assert not checkbox.is_checked()  # the layer control is usable with the keyboard
    tab.page.keyboard.press("Space")
    pin = tab.page.locator(".kg-pin-icon[tabindex='0']").first
    pin.focus()
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_selector(".leaflet-popup-content a")
    assert tab.page.locator(".leaflet-popup-content a").count() >= 2  # directory entry + region page


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
    assert tab.page.locator(".kg-strip__title").text_content() == f"{HOSTILE_TEXT}:"
    if path in ("en/regions/kg-b.html", "en/about.html"):
        assert tab.page.title() == f"{HOSTILE_TEXT} - Safe migration"
    if path == "en/regions/kg-b.html":  # its heading is its title (from the label)
        assert tab.page.locator("article h1").text_content().strip() == HOSTILE_TEXT
    if path == "en/map.html":  # Leaflet's layer control inserts names as HTML: the category label stays text
        names = tab.page.locator(".leaflet-control-layers-overlays label").all_text_contents()
        assert HOSTILE_TEXT in [n.strip() for n in names]
    assert tab.external == []
