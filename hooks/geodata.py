"""Region boundaries: read ``data/kg-regions.geojson`` once and answer point-in-region.

Owns the project's copy of the Natural Earth admin-1 polygons (public domain;
see ``data/kg-regions.LICENSE.md``).  Osh city (KG-GO) has no polygon of its
own there: it lies inside the Osh oblast feature (KG-O), so a point of KG-GO
is checked against KG-O.  `enclosing_regions` says which region lies inside which (Osh city in Osh
Region; Bishkek, an enclave of Chuy Region in the polygons).  Never imports MkDocs.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from shapely.geometry import Point, Polygon, shape
from shapely.ops import polylabel

#: Region whose polygon stands in for a region that has none (Osh city → Osh oblast).
POLYGON_OF = {"KG-GO": "KG-O"}


@lru_cache(maxsize=4)
def load_regions(path: str) -> dict:
    """Return the region features of a GeoJSON file.

    Shape: ``{iso_code: {"geometry": shapely geometry, "feature": GeoJSON dict}}``.
    Raises: OSError or ValueError if the file is missing or not GeoJSON.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {f["id"]: {"geometry": shape(f["geometry"]), "feature": f} for f in data["features"]}


def region_contains(regions: dict, region: str, latitude: float, longitude: float) -> bool:
    """Return True if the point (WGS 84 degrees) lies in the region's polygon (or on its edge)."""
    code = POLYGON_OF.get(region, region)
    if code not in regions:
        return False
    return regions[code]["geometry"].intersects(Point(longitude, latitude))


def in_country(regions: dict, latitude: float, longitude: float) -> bool:
    """Return True if the point lies in any region polygon of Kyrgyzstan."""
    point = Point(longitude, latitude)
    return any(r["geometry"].intersects(point) for r in regions.values())



def _polygons(geometry) -> list:
    return list(geometry.geoms) if geometry.geom_type == "MultiPolygon" else [geometry]


def enclosing_regions(regions: dict) -> dict[str, str]:
    """Return ``{inner: outer}`` ISO codes: each region that lies inside another one (a city in its oblast).

    From `POLYGON_OF` (a city without a polygon lies in the region that stands in for it) and from the
    boundary data: a region whose polygon lies within another's outline with its holes filled (an
    enclave, as Bishkek in Chuy Region).
    """
    found = dict(POLYGON_OF)
    for inner, region in regions.items():
        for outer, other in regions.items():
            if inner in found or outer == inner:
                continue
            if any(region["geometry"].within(Polygon(p.exterior)) for p in _polygons(other["geometry"])):
                found[inner] = outer
    return found


def simplified_polygons(regions: dict, tolerance: float, decimals: int = 3) -> dict[str, list[list[list[tuple]]]]:
    """Return each region's outline simplified for drawing (never for validation).

    ``tolerance`` is in degrees (Douglas-Peucker, topology kept), lowered for small
    regions (a city) to a 25th of their size so they keep their shape; coordinates are
    rounded to ``decimals`` places.  Shape: ``{iso_code: [polygon, ...]}``, a polygon
    being ``[exterior_ring, hole, ...]`` (Chuy's hole is Bishkek, Batken's are
    enclaves) and a ring a closed list of ``(longitude, latitude)``.  Sorted by code.
    """
    out = {}
    for code in sorted(regions):
        polygons = []
        geometry = regions[code]["geometry"]
        step = min(tolerance, math.sqrt(geometry.area) / 25)
        for polygon in _polygons(geometry.simplify(step, preserve_topology=True)):
            rings = []
            for ring in [polygon.exterior, *polygon.interiors]:
                points = []
                for lon, lat in ring.coords:
                    point = (round(lon, decimals), round(lat, decimals))
                    if not points or points[-1] != point:
                        points.append(point)
                if len(points) >= 4:
                    rings.append(points)
            if rings:
                polygons.append(rings)
        out[code] = polygons
    return out


def label_point(regions: dict, code: str) -> tuple[float, float]:
    """Return the point deepest inside the region's (largest) polygon, as ``(latitude, longitude)``, 3 places.

    The pole of inaccessibility (shapely's polylabel), where a label fits best.
    """
    geometry = regions[POLYGON_OF.get(code, code)]["geometry"]
    largest = max(_polygons(geometry), key=lambda p: p.area)
    point = polylabel(largest, tolerance=0.01)
    return round(point.y, 3), round(point.x, 3)


def bounds(regions: dict) -> tuple[float, float, float, float]:
    """Return ``(min_lon, min_lat, max_lon, max_lat)`` of all regions, degrees."""
    boxes = [r["geometry"].bounds for r in regions.values()]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
