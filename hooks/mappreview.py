"""A maintainer's check of the map data, drawn by folium: ``python hooks/mappreview.py [--lang ru] [--out FILE]``.

The client's stack includes folium; the site's map does not use it (see docs/maintaining.md, "The
map": one data file per language drawn by kg-map.js; folium's output is inline script with CDN links,
and importing folium costs ~1.5 s a build).  folium serves here instead, off the site: it draws the
very data the site ships (`geo.map_data`: the towns and their services) over the full-precision region
polygons of ``data/kg-regions.geojson`` that the build keeps for validation, so a maintainer can see a
town in the wrong region or an outline simplified too far.  Data-driven: one ``folium.GeoJson`` layer
per data set (regions, towns), never one Python object per marker.

Output: one HTML file (default ``map-preview-<lang>.html`` in the current folder).  It loads Leaflet
from folium's CDN, so it is for maintainers only and is never part of the site.  Exits 1 with the
content errors when the content does not load.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import content as content_mod
import geo
import geodata
import render
import schema

ROOT = Path(__file__).resolve().parent.parent


def towns_geojson(data: dict) -> dict:
    """The towns of `geo.map_data` as a GeoJSON FeatureCollection (properties: name, region, services)."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [t["lon"], t["lat"]]},
         "properties": {"name": t["name"], "region": t["region"] or "", "services": len(t["services"])}}
        for t in data["towns"]]}


def preview(root: Path, lang: str):
    """Return the folium Map of one language's map data over the full-precision regions."""
    import folium  # only here: a second and a half of imports no build should pay

    loaded = content_mod.load_content(root)
    if loaded.errors:
        raise ValueError("\n".join(str(e) for e in loaded.errors))
    regions = geodata.load_regions(str(root / "data" / "kg-regions.geojson"))
    r = render.Renderer(loaded, lang, render.make_env(root / "overrides" / "partials"))
    data = geo.map_data(r.map_view("map.md"), regions)
    (south, west), (north, east) = geo.KG_BOUNDS
    fmap = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=7, tiles="OpenStreetMap")
    folium.GeoJson({"type": "FeatureCollection", "features": [regions[c]["feature"] for c in sorted(regions)]},
                   name="regions (full precision)").add_to(fmap)
    folium.GeoJson(towns_geojson(data), name="towns",
                   tooltip=folium.GeoJsonTooltip(fields=["name", "region", "services"])).add_to(fmap)
    folium.LayerControl().add_to(fmap)
    return fmap


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", default=schema.SITE_LANGUAGES[0], choices=schema.SITE_LANGUAGES)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    try:
        fmap = preview(ROOT, args.lang)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    out = args.out or Path(f"map-preview-{args.lang}.html")
    fmap.save(str(out))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
