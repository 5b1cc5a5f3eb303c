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

folium is not used here any more: everything it generated (an inline script per
marker, CDN links) is what this module replaces; it stays in requirements.txt as
the client's stack.  Pure: no file or network I/O, no MkDocs imports.
"""

from __future__ import annotations

import json
import math
from urllib.parse import urlsplit

from markupsafe import Markup

import geodata
import query
import schema
from formats import entry_url, page_url

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


def phone_entry(r, service: dict, phone: dict) -> dict:
    """Return what the map shows of one phone of the YAML, from `render.Renderer.phone_view`.

    The only place the map reads a phone.  Shape: ``{"href": "tel:+996…", "sms:…" or "" (not to be
    dialled: fax, out of service), "display": "+996 312 …" or "189", "note": where it works and why
    there is no link, in the page language, or ""}``.
    """
    view = r.phone_view(service, phone)
    note = "; ".join(n for n in (view["prefix"], view["coverage"], view["note"]) if n)
    return {"href": view["href"], "display": view["display"], "note": note}


def _region_hotlines(r, code: str) -> list[dict]:
    """The active short-code hotlines whose coverage names a town or the region itself (TIP 2008 §4B)."""
    return [phone_entry(r, s, p) for s, p in query.hotline_phones(r.content)
            if code in query.phone_regions(r.content, p)]


def region_url(page_src: str, code: str) -> str:
    """Return the link from the map page to a region page."""
    return page_url(page_src, f"regions/{code.lower()}.md")


def _towns(r, page_src: str) -> tuple[list[dict], list[dict]]:
    """Return ``(towns, services)``: one town per place with coordinates, services indexed once."""
    services, index, towns = [], {}, {}
    for service, place in query.map_points(r.content):
        if service["id"] not in index:
            index[service["id"]] = len(services)
            services.append({"id": service["id"], "name": r.service_view(service)["name"],
                             "category": service["category"], "url": entry_url(page_src, service, r.home(service)),
                             "phones": [phone_entry(r, service, p) for p in service.get("phones", [])]})
        town = towns.setdefault(place["id"], {
            "id": place["id"], "name": r.labels["places"][place["id"]],
            "lat": round(place["latitude"], 3), "lon": round(place["longitude"], 3),
            "abroad": place["country"] != "KG", "region": place.get("region"), "services": []})
        town["services"].append(index[service["id"]])
    # Markers by town: Kyrgyzstan first, then abroad, each in the page language's alphabetical order.
    ordered = sorted(towns.values(), key=lambda t: (t["abroad"], t["name"].casefold(), t["id"]))
    return ordered, services


def _regions(r, regions: dict, page_src: str) -> list[dict]:
    out = []
    for code in schema.REGIONS:
        name, count = r.region_name(code), len(query.services_in_region(r.content, code))
        item = {"code": code, "name": name, "count": count, "url": region_url(page_src, code),
                "centre": list(geodata.label_point(regions, code)), "hotlines": _region_hotlines(r, code)}
        town = None if code in regions else query.region_town(r.content, code)
        if town:  # a city with no polygon of its own (Osh): a circle at its town centre
            item["point"] = [round(town["latitude"], 3), round(town["longitude"], 3)]
        out.append(item)
    return out


def _categories(r, services: list[dict]) -> list[dict]:
    return [{"id": c, "label": r.labels["categories"][c], "glyph": GLYPH[c],
             "count": sum(1 for s in services if s["category"] == c)}
            for c in schema.CATEGORIES if any(s["category"] == c for s in services)]


def _strings(r) -> dict:
    L = r.L
    return {key: L[key] for key in ("open_region", "map_details", "map_close", "map_zoom_in", "map_zoom_out",
                                    "map_services_at", "map_near_me_done", "map_near_me_error", "no_phone",
                                    "hotline_strip")}


def map_data(r, regions: dict, page_src: str, tiles: dict | None = None) -> dict:
    """Return everything the map script draws, for the renderer's language and page.

    ``r`` is a `render.Renderer`; ``regions`` comes from `geodata.load_regions`; ``tiles``
    is None or ``{"url", "attribution"}`` from mkdocs.yml.  Links are relative to ``page_src``.
    Shape (see docs/maintaining.md, "The map"): ``{"lang", "bounds", "tiles", "strings", "projection",
    "categories": [{id, label, glyph, count}], "towns": [{id, name, lat, lon, abroad, region,
    services: [index]}], "services": [{id, name, category, url, phones: [{tel, display, note}]}],
    "regions": [{code, name, count, url, centre, hotlines: [phone], point?}]}``.  Region outlines are
    not repeated here: the script reads them from the page's static SVG through ``projection``.
    """
    towns, services = _towns(r, page_src)
    return {"lang": r.lang, "bounds": KG_BOUNDS, "tiles": tiles or None, "strings": _strings(r),
            "projection": projection(regions),
            "categories": _categories(r, services), "towns": towns, "services": services,
            "regions": _regions(r, regions, page_src)}


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


def static_svg(r, regions: dict, page_src: str) -> Markup:
    """Return the inline SVG of the regions: each region an ``<a>`` to its page, named with its count.

    No style attributes (CSP): classes and presentation attributes only (kg-map.css).
    """
    project, height = _projector(regions)
    shapes = geodata.simplified_polygons(regions, SVG_TOLERANCE)
    items = []
    for code in schema.REGIONS:
        count = len(query.services_in_region(r.content, code))
        name = r.region_name(code)
        lat, lon = geodata.label_point(regions, code)
        item = {"code": code.lower(), "url": region_url(page_src, code), "name": name, "count": count,
                "label": r.L["map_services_at"].format(place=name, count=count)}
        town = None if code in shapes else query.region_town(r.content, code)
        if town:  # a city with no polygon of its own (Osh): a circle at its town centre
            item["cx"], item["cy"] = x, y = project(town["longitude"], town["latitude"])
        else:
            item["d"] = _svg_path([ring for polygon in shapes.get(code, []) for ring in polygon], project)
            x, y = project(lon, lat)
        dx, dy, anchor = SVG_CITY_LABEL.get(code, (0, 0, "middle"))
        item.update(x=x + dx, y=y + dy, anchor=anchor)
        items.append(item)
    svg = r.env.get_template("kg-map-svg.html").render(
        regions=items, box=f"{-SVG_MARGIN} {-SVG_MARGIN} {SVG_WIDTH + 2 * SVG_MARGIN} {height + 2 * SVG_MARGIN}", L=r.L)
    return Markup(svg.strip())


def _off_map(r, page_src: str) -> list[dict]:
    """The services in towns without coordinates: ``[{"name", "where", "url"}]``, one per service and town.

    Over `render.Renderer.max_entries` of them (a list that long made the map page's first task
    last seconds on a slow phone, issue 10), one line per town instead: "Town — services: N",
    linking the town's region page (a town abroad: the entry of its first service), where every
    one of them is listed.
    """
    pairs = query.off_map_locations(r.content)
    if len(pairs) <= r.max_entries:
        return [{"name": r.service_view(s)["name"], "where": r.labels["places"][p["id"]],
                 "url": entry_url(page_src, s, r.home(s))} for s, p in pairs]
    towns: dict[str, list] = {}
    for service, place in pairs:
        towns.setdefault(place["id"], []).append(service)
    out = []
    for town, services in towns.items():
        region = r.content.places[town].get("region")
        url = region_url(page_src, region) if region else entry_url(page_src, services[0], r.home(services[0]))
        out.append({"name": r.L["map_services_at"].format(place=r.labels["places"][town], count=len(services)),
                    "where": "", "url": url})
    return sorted(out, key=lambda o: o["name"].casefold())


def map_section(r, regions: dict, page_src: str, data: dict) -> str:
    """Return the whole map page body (HTML, one block without blank lines); ``data`` is `map_data`'s.

    Shape: filter + map box (hidden until kg-map.js runs), static SVG, legend,
    credits, region list, services without a marker.
    """
    tiles = data["tiles"]
    off_map = _off_map(r, page_src)
    host = urlsplit(tiles["url"]).hostname if tiles else ""
    html = r.env.get_template("kg-map.html").render(
        L=r.L, categories=data["categories"], abroad=any(t["abroad"] for t in data["towns"]),
        svg=static_svg(r, regions, page_src), off_map=off_map, tiles_host=host,
        regions_list=Markup(r.regions(page_src)))
    return "\n".join(line for line in html.splitlines() if line.strip())
