"""Region boundaries: read ``data/kg-regions.geojson`` once and answer point-in-region.

Owns the project's copy of the Natural Earth admin-1 polygons (public domain;
see ``data/kg-regions.LICENSE.md``).  Osh city (KG-GO) has no polygon of its
own there: it lies inside the Osh oblast feature (KG-O), so a point of KG-GO
is checked against KG-O.  Never imports MkDocs.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from shapely.geometry import Point, shape

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

