"""The services map of one language: a data file for the map script, and the page body around it.

Data-driven (issue 10, PITFALLS P22): no per-marker Python or Jinja object and no
inline script.  `map_data` returns one plain dict per language and page — towns
(one marker per town, listing every service there), categories with counts,
regions with counts and links, and every string the script shows — and
`data_script` turns it into the small JavaScript file that ``site.py`` writes
next to the map page (``map.data.js``; a ``<script src>`` so it also loads from
file://, where fetch() of JSON is refused).  ``content/assets/javascripts/kg-map.js``
draws it with the vendored Leaflet and Leaflet.markercluster (P8); the script
builds every popup and tooltip with DOM text nodes, so no text is ever parsed as
HTML (P9).  Output is sorted and rounded, so two builds are byte-identical (P10).

`map_section` returns the page body: the filter and the map box (shown only when
the script runs), a static SVG of the regions (each an ``<a>`` to its region page;
shown without JavaScript and on paper; the script draws the same outlines, so the
geometry is sent once), the legend, the region list (the map's complete text
alternative) and the services that have no marker.

folium is not used here: everything it generated (an inline script per marker,
CDN links) is what this module replaces; it draws this module's data for maintainers
in `mappreview`.  Pure: no file or network I/O, no MkDocs imports.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

import geodata
import schema
from formats import page_url

#: Glyph per category: shapes carry the meaning (WCAG 1.4.1); colours are neutral (kg-map.css).
GLYPH = {
    "hotline": "☎", "shelter": "⌂", "consulate": "✈", "legal_aid": "§", "medical": "+",
    "psychological": "♥", "migration_office": "M", "ngo": "N", "international_organization": "I",
}
#: Kyrgyzstan's bounding box as Leaflet bounds ``[[south, west], [north, east]]``, degrees WGS 84.
KG_BOUNDS = [[39.15, 69.2], [43.3, 80.3]]
SVG_TOLERANCE = 0.025  # degrees (~2.5 km): outlines of the static SVG, which the map script draws too
SVG_WIDTH = 600        # SVG user units, the country's width (1 unit ≈ 0.02°, near the simplification tolerance)
SVG_MARGIN = 36        # SVG user units around it, room for the labels at the edges
#: Where a city's label goes in the SVG, so it does not cover the oblast around it: (dx, dy, text-anchor).
SVG_CITY_LABEL = {"KG-GB": (0, -24, "middle"), "KG-GO": (-13, 5, "end")}


@dataclass(frozen=True)
class MapView:
    """What the map shows of the content, for one page language and page, as plain values.

    Made by `render.Renderer.map_view` (which knows texts, phones and where entries live); a test
    can build one by hand, without loading content.  Shape:
    ``lang``; ``page_src`` (links are relative to it); ``L``: the phrases of labels.yml;
    ``categories``: {category: label}; ``max_entries``: the longest list shown in full;
    ``points``: [{"service": {id, name, category, url, phones: [phone]}, "place": {id, name,
    latitude, longitude, country, region}}], one per service and town with coordinates;
    ``regions``: {code: {name, count, hotlines: [phone], town: {latitude, longitude} or None}} for every
    region (``town``: where a city with no polygon of its own is drawn);
    ``off_map``: [{name, where, url, town, region}], one per service and town without coordinates.
    A phone is ``{"href": "tel:+996…", "sms:…" or "" (not to be dialled), "display", "note"}``.
    """

    lang: str
    page_src: str
    L: dict
    categories: dict
    max_entries: int
    points: list
    regions: dict
    off_map: list


def region_url(page_src: str, code: str) -> str:
    """Return the link from the map page to a region page."""
    return page_url(page_src, f"regions/{code.lower()}.md")


def _towns(view: MapView) -> tuple[list[dict], list[dict]]:
    """Return ``(towns, services)``: one town per place with coordinates, services indexed once."""
    services, index, towns = [], {}, {}
    for point in view.points:
        service, place = point["service"], point["place"]
        if service["id"] not in index:
            index[service["id"]] = len(services)
            services.append(service)
        town = towns.setdefault(place["id"], {
            "id": place["id"], "name": place["name"],
            "lat": round(place["latitude"], 3), "lon": round(place["longitude"], 3),
            "abroad": place["country"] != "KG", "region": place.get("region"), "services": []})
        town["services"].append(index[service["id"]])
    # Markers by town: Kyrgyzstan first, then abroad, each in the page language's alphabetical order.
    ordered = sorted(towns.values(), key=lambda t: (t["abroad"], t["name"].casefold(), t["id"]))
    return ordered, services


def _regions(view: MapView, regions: dict) -> list[dict]:
    out = []
    for code in schema.REGIONS:
        region = view.regions[code]
        item = {"code": code, "name": region["name"], "count": region["count"], "url": region_url(view.page_src, code),
                "centre": list(geodata.label_point(regions, code)), "hotlines": region["hotlines"]}
        town = None if code in regions else region["town"]
        if town:  # a city with no polygon of its own (Osh): a circle at its town centre
            item["point"] = [round(town["latitude"], 3), round(town["longitude"], 3)]
        out.append(item)
    return out


def _categories(view: MapView, services: list[dict]) -> list[dict]:
    return [{"id": c, "label": view.categories[c], "glyph": GLYPH[c],
             "count": sum(1 for s in services if s["category"] == c)}
            for c in schema.CATEGORIES if any(s["category"] == c for s in services)]


def _strings(view: MapView) -> dict:
    L = view.L
    return {key: L[key] for key in ("open_region", "map_details", "map_close", "map_zoom_in", "map_zoom_out",
                                    "map_services_at", "map_near_me_done", "map_near_me_error", "no_phone",
                                    "hotline_strip")}


def map_data(view: MapView, regions: dict, tiles: dict | None = None) -> dict:
    """Return everything the map script draws, for the view's language and page.

    ``view`` is a `MapView`; ``regions`` comes from `geodata.load_regions`; ``tiles``
    is None or ``{"url", "attribution"}`` from mkdocs.yml.  Links are relative to ``view.page_src``.
    Shape (see docs/maintaining.md, "The map"): ``{"lang", "bounds", "tiles", "strings", "projection",
    "categories": [{id, label, glyph, count}], "towns": [{id, name, lat, lon, abroad, region,
    services: [index]}], "services": [{id, name, category, url, phones: [{href, display, note}]}],
    "regions": [{code, name, count, url, centre, hotlines: [phone], point?}]}``.  Region outlines are
    not repeated here: the script reads them from the page's static SVG through ``projection``.
    """
    towns, services = _towns(view)
    return {"lang": view.lang, "bounds": KG_BOUNDS, "tiles": tiles or None, "strings": _strings(view),
            "projection": projection(regions),
            "categories": _categories(view, services), "towns": towns, "services": services,
            "regions": _regions(view, regions)}


def data_script(data: dict) -> str:
    """Return the map data file: one statement assigning ``window.KG_MAP`` (UTF-8 JavaScript).

    JSON is valid JavaScript; U+2028/U+2029 are escaped for older engines.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return "window.KG_MAP=" + text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + ";\n"


# --- Static SVG (no JavaScript, print) -------------------------------------------


def projection(regions: dict) -> dict:
    """Return the SVG's equirectangular projection: ``x = (lon - west) * scale_x``, ``y = (north - lat) * scale_y``.

    Units: degrees in, SVG user units out (SVG_WIDTH wide, y downwards).  The map
    script inverts it to draw the SVG's region outlines in Leaflet (one copy of the geometry).
    """
    west, south, east, north = geodata.bounds(regions)
    scale_y = SVG_WIDTH / ((east - west) * math.cos(math.radians((south + north) / 2)))
    return {"west": round(west, 3), "north": round(north, 3), "scale_x": round(SVG_WIDTH / (east - west), 3),
            "scale_y": round(scale_y, 3), "height": round((north - south) * scale_y)}


def _projector(regions: dict):
    """Return ``(project, height)`` for `projection`."""
    p = projection(regions)

    def project(lon: float, lat: float) -> tuple[int, int]:
        return round((lon - p["west"]) * p["scale_x"]), round((p["north"] - lat) * p["scale_y"])

    return project, p["height"]


def _svg_path(rings: list[list[tuple]], project) -> str:
    parts = []
    for ring in rings:
        points = [project(lon, lat) for lon, lat in ring]
        steps = [points[0]] + [(b[0] - a[0], b[1] - a[1]) for a, b in zip(points, points[1:])]
        steps = [steps[0]] + [s for s in steps[1:] if s != (0, 0)]
        parts.append(f"M{steps[0][0]} {steps[0][1]}l" + " ".join(f"{x} {y}" for x, y in steps[1:-1]) + "z")
    return "".join(parts)


def static_svg(view: MapView, regions: dict, env) -> Markup:
    """Return the inline SVG of the regions: each region an ``<a>`` to its page, named with its count.

    ``env`` is the Jinja environment of ``overrides/partials``.  No style attributes (CSP): classes
    and presentation attributes only (kg-map.css).
    """
    project, height = _projector(regions)
    shapes = geodata.simplified_polygons(regions, SVG_TOLERANCE)
    items = []
    for code in schema.REGIONS:
        region = view.regions[code]
        name, count = region["name"], region["count"]
        lat, lon = geodata.label_point(regions, code)
        item = {"code": code.lower(), "url": region_url(view.page_src, code), "name": name, "count": count,
                "label": view.L["map_services_at"].format(place=name, count=count)}
        town = None if code in shapes else region["town"]
        if town:  # a city with no polygon of its own (Osh): a circle at its town centre
            item["cx"], item["cy"] = x, y = project(town["longitude"], town["latitude"])
        else:
            item["d"] = _svg_path([ring for polygon in shapes.get(code, []) for ring in polygon], project)
            x, y = project(lon, lat)
        dx, dy, anchor = SVG_CITY_LABEL.get(code, (0, 0, "middle"))
        item.update(x=x + dx, y=y + dy, anchor=anchor)
        items.append(item)
    svg = env.get_template("kg-map-svg.html").render(
        regions=items, box=f"{-SVG_MARGIN} {-SVG_MARGIN} {SVG_WIDTH + 2 * SVG_MARGIN} {height + 2 * SVG_MARGIN}", L=view.L)
    return Markup(svg.strip())


def _off_map(view: MapView) -> list[dict]:
    """The services in towns without coordinates: ``[{"name", "where", "url"}]``, one per service and town.

    Over ``view.max_entries`` of them (a list that long made the map page's first task
    last seconds on a slow phone, issue 10), one line per town instead: "Town — services: N",
    linking the town's region page (a town abroad: the entry of its first service), where every
    one of them is listed.
    """
    if len(view.off_map) <= view.max_entries:
        return [{"name": o["name"], "where": o["where"], "url": o["url"]} for o in view.off_map]
    towns: dict[str, list] = {}
    for item in view.off_map:
        towns.setdefault(item["town"], []).append(item)
    out = []
    for items in towns.values():
        first = items[0]
        url = region_url(view.page_src, first["region"]) if first["region"] else first["url"]
        out.append({"name": view.L["map_services_at"].format(place=first["where"], count=len(items)),
                    "where": "", "url": url})
    return sorted(out, key=lambda o: o["name"].casefold())


def map_section(view: MapView, regions: dict, data: dict, env, regions_list: str) -> str:
    """Return the whole map page body (HTML, one block without blank lines); ``data`` is `map_data`'s.

    ``env``: the Jinja environment of ``overrides/partials``; ``regions_list``: the region list's
    HTML (`render.Renderer.regions`).  Shape: static SVG, then (hidden until kg-map.js runs) the map
    box in its place and after it the filter (the legend), view choice and "near me"; credits, region
    list, services without a marker.
    """
    tiles = data["tiles"]
    host = urlsplit(tiles["url"]).hostname if tiles else ""
    html = env.get_template("kg-map.html").render(
        L=view.L, categories=data["categories"], abroad=any(t["abroad"] for t in data["towns"]),
        svg=static_svg(view, regions, env), off_map=_off_map(view), tiles_host=host,
        regions_list=Markup(regions_list))
    return "\n".join(line for line in html.splitlines() if line.strip())
