"""folium's place (issue 10, item 4): a maintainer's preview of the shipped map data, one layer per data set.

The build never imports folium (the site's map is kg-map.js drawing map.data.js); `hooks/mappreview.py`
draws the same data with folium over the full-precision regions.  Checked: the file is written, it has
exactly two GeoJSON layers (regions, towns) and no per-marker object, every town of the map data and
every region polygon is in it; and no hook the build loads imports folium.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import ROOT

import geo
import geodata
import mappreview
import render
import content as content_mod


def test_preview_draws_the_map_data_as_two_data_driven_layers(tmp_path):
    out = tmp_path / "preview.html"
    result = subprocess.run([sys.executable, str(ROOT / "hooks" / "mappreview.py"), "--lang", "en", "--out", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert len(re.findall(r"L\.geoJson\(", html)) == 2
    assert "L.marker(" not in html and "L.circleMarker(" not in html
    loaded = content_mod.load_content(ROOT)
    regions = geodata.load_regions(str(ROOT / "data" / "kg-regions.geojson"))
    data = geo.map_data(render.Renderer(loaded, "en", render.make_env(ROOT / "overrides" / "partials")).map_view("map.md"), regions)
    assert data["towns"]
    for town in data["towns"]:
        assert json.dumps(town["name"]) in html, town["name"]
    for code in regions:
        assert f'"{code}"' in html


def test_the_build_never_imports_folium():
    hooks = [p for p in (ROOT / "hooks").glob("*.py") if p.name != "mappreview.py"]
    importers = [p.name for p in hooks if re.search(r"^\s*(import|from)\s+(folium|branca)\b", p.read_text(encoding="utf-8"), re.M)]
    assert importers == []
    assert mappreview.towns_geojson({"towns": []}) == {"type": "FeatureCollection", "features": []}
