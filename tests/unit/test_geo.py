"""The map's pure parts: simplified outlines, the SVG's projection read back, a deterministic data file."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from shapely.geometry import Polygon

import content as content_mod
import geo
import formats
import geodata
import render
import schema
from conftest import ROOT

REGIONS = geodata.load_regions(str(ROOT / "data" / "kg-regions.geojson"))


@pytest.fixture(scope="module")
def renderer():
    loaded = content_mod.load_content(ROOT, today=datetime.date(2026, 11, 29))
    assert loaded.errors == []
    return render.Renderer(loaded, "en", render.make_env(ROOT / "overrides" / "partials"))


def test_simplified_outlines_have_three_decimals_and_keep_holes():
    shapes = geodata.simplified_polygons(REGIONS, 0.01)
    assert set(shapes) == set(REGIONS)
    for polygons in shapes.values():
        for rings in polygons:
            for ring in rings:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(round(v, 3) == v for point in ring for v in point)
    assert len(shapes["KG-C"][0]) == 2  # Chuy keeps its hole (Bishkek)
    full = sum(len(r["geometry"].exterior.coords) for r in REGIONS.values())
    assert sum(len(ring) for p in shapes.values() for rings in p for ring in rings) < full / 3


def unproject(d: str, p: dict) -> list[list[tuple[float, float]]]:
    """Read an SVG path back to (lon, lat) rings, as kg-map.js does."""
    rings = []
    for part in d.split("M")[1:]:
        numbers = [int(n) for n in re.sub(r"[lz]", " ", part).split()]
        x = y = 0
        ring = []
        for dx, dy in zip(numbers[0::2], numbers[1::2]):
            x, y = x + dx, y + dy
            ring.append((p["west"] + x / p["scale_x"], p["north"] - y / p["scale_y"]))
        rings.append(ring)
    return rings


def test_svg_outlines_read_back_match_the_regions(renderer):
    """The script draws the SVG's paths in Leaflet: read back, each covers its region.

    Intersection over union ≥ 0.9 for an oblast, ≥ 0.8 for Bishkek (9 SVG units wide, ~1.5 km each).
    """
    svg = BeautifulSoup(str(geo.static_svg(renderer.map_view("map.md"), REGIONS, renderer.env)), "html.parser")
    projection = geo.projection(REGIONS)
    for code, region in REGIONS.items():
        path = svg.select_one(f"a.kg-svg__region--{code.lower()} path")
        rings = unproject(path["d"], projection)
        shape = Polygon(rings[0], rings[1:]).buffer(0)
        truth = region["geometry"]
        least = 0.9 if truth.area > 0.1 else 0.8
        assert shape.intersection(truth).area / shape.union(truth).area > least, code
    assert svg.select_one("a.kg-svg__region--kg-go circle") is not None  # Osh city: a point
    assert not svg.select("[style]")


def test_data_file_is_deterministic_json(renderer):
    one = geo.data_script(geo.map_data(renderer.map_view("map.md"), REGIONS))
    two = geo.data_script(geo.map_data(renderer.map_view("map.md"), REGIONS))
    assert one == two
    data = json.loads(one[len("window.KG_MAP="):-2])
    assert [t["name"] for t in data["towns"]] == sorted((t["name"] for t in data["towns"]), key=str.casefold)


def test_map_phone_reads_the_renderer_phone_view(renderer):
    service = renderer.content.services["migrant-hotline"]
    phone = next(p for p in service["phones"] if p["number"] == "104")
    entry = renderer.map_phone(service, phone)
    assert entry == {"href": "tel:104", "display": "104", "note": renderer.coverage_text(service, phone)}
    assert "Naryn" in entry["note"] and "Batken" in entry["note"]  # the towns TIP 2008 §4B names


def test_links_are_relative_to_the_page(renderer):
    assert geo.region_url("map.md", "KG-N") == "regions/kg-n.html"
    assert formats.entry_url("guide/map.md", {"id": "x", "category": "shelter"}) == "../shelters.html#x"


def test_map_data_from_a_hand_made_view_without_content():
    """Issue 12: the map is built from a plain view; no content, renderer or labels file is needed."""
    phone = {"href": "tel:104", "display": "104", "note": "where it works"}
    regions = {code: {"name": f"R {code}", "count": 0, "hotlines": [], "town": None} for code in schema.REGIONS}
    regions["KG-N"] |= {"count": 1, "hotlines": [phone]}
    regions["KG-GO"]["town"] = {"latitude": 40.53, "longitude": 72.8}
    strings = dict.fromkeys(("open_region", "map_details", "map_close", "map_zoom_in", "map_zoom_out",
                             "map_near_me_done", "map_near_me_error", "no_phone", "hotline_strip"), "x")
    view = geo.MapView(
        lang="xx", page_src="map.md", L=strings | {"map_services_at": "{place}: {count}"},
        categories={"shelter": "Shelters"}, max_entries=100, regions=regions, off_map=[],
        points=[{"service": {"id": "s1", "name": "Shelter", "category": "shelter", "url": "shelters.html#s1",
                             "phones": [phone]},
                 "place": {"id": "naryn", "name": "Naryn", "latitude": 41.43, "longitude": 76.0,
                           "country": "KG", "region": "KG-N"}}])
    data = geo.map_data(view, REGIONS)
    assert data["towns"] == [{"id": "naryn", "name": "Naryn", "lat": 41.43, "lon": 76.0, "abroad": False,
                              "region": "KG-N", "services": [0]}]
    assert data["categories"] == [{"id": "shelter", "label": "Shelters", "glyph": "⌂", "count": 1}]
    naryn = next(r for r in data["regions"] if r["code"] == "KG-N")
    assert naryn["hotlines"] == [phone] and naryn["url"] == "regions/kg-n.html"
    assert next(r for r in data["regions"] if r["code"] == "KG-GO")["point"] == [40.53, 72.8]
