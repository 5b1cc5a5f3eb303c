"""Questions asked of validated content: which services serve a region, where markers go.

Pure functions over a `content.Content`; no I/O, no MkDocs imports.  Every
page and the map use these, so a directory page, a region page and the map
can never disagree on what serves where.
"""

from __future__ import annotations

import schema


def service_regions(content, service: dict) -> list[str]:
    """Return the ISO 3166-2:KG regions a service serves, in `schema.REGIONS` order.

    A service serves the regions of its towns, its ``service_area`` and the
    ``service_area`` of each of its phones.
    """
    found = {content.places[p].get("region") for p in service.get("locations", [])}
    found |= set(service.get("service_area", []))
    for phone in service.get("phones", []):
        found |= set(phone.get("service_area", []))
    return [r for r in schema.REGIONS if r in found]


def services_in_region(content, region: str) -> list[dict]:
    """Return the services that serve ``region``, in file order."""
    return [s for s in content.services.values() if region in service_regions(content, s)]


def services_in_category(content, category: str) -> list[dict]:
    """Return the services of one category, in file order."""
    return [s for s in content.services.values() if s["category"] == category]


def map_points(content) -> list[tuple[dict, dict]]:
    """Return (service, place) pairs that get a marker: towns with cited coordinates, here or abroad.

    Shape: list of ``(service, place)`` in file order; one pair per service town.
    """
    out = []
    for service in content.services.values():
        for place_id in service.get("locations", []):
            place = content.places[place_id]
            if "latitude" in place:
                out.append((service, place))
    return out


def off_map_locations(content) -> list[tuple[dict, dict]]:
    """Return (service, place) for every town, here or abroad, that has no cited coordinates (no marker)."""
    out = []
    for service in content.services.values():
        towns = [content.places[p] for p in service.get("locations", [])]
        for place in towns:
            if "latitude" not in place:
                out.append((service, place))
    return out


def hotline_phones(content) -> list[tuple[dict, dict]]:
    """Return (service, phone) for every short-code phone of a hotline: the numbers on every page."""
    return [(s, p) for s in services_in_category(content, "hotline")
            for p in s.get("phones", []) if p["number"] in schema.SHORT_CODES]
