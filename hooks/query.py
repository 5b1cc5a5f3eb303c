"""Questions asked of validated content: which services serve a region, where markers go.

Pure functions over a `content.Content`; no I/O, no MkDocs imports.  Every
page and the map use these, so a directory page, a region page and the map
can never disagree on what serves where.
"""

from __future__ import annotations

import re

import schema


def is_short_code(number: str) -> bool:
    """Return True for a Kyrgyz national short code (3–4 digits): dialable only from phones in Kyrgyzstan."""
    return re.fullmatch(schema.SHORT_CODE_PATTERN, number) is not None


def phone_regions(content, phone: dict) -> set[str]:
    """Return the ISO 3166-2:KG regions a phone's ``coverage`` names.

    A region is served only through a town in it (``coverage.places``), an
    explicit region (``coverage.regions``), or the whole country
    (``coverage.countries`` holding ``KG``): never by guessing from a town.
    """
    coverage = phone.get("coverage", {})
    if "KG" in coverage.get("countries", []):
        return set(schema.REGIONS)
    found = {content.places[p].get("region") for p in coverage.get("places", []) if p in content.places}
    return (found | set(coverage.get("regions", []))) - {None}


def service_regions(content, service: dict) -> list[str]:
    """Return the ISO 3166-2:KG regions a service serves, in `schema.REGIONS` order.

    A service serves the regions of its towns, its ``service_area`` and what
    the ``coverage`` of each of its phones names (see `phone_regions`).
    """
    found = {content.places[p].get("region") for p in service.get("locations", [])}
    found |= set(service.get("service_area", []))
    for phone in service.get("phones", []):
        found |= phone_regions(content, phone)
    return [r for r in schema.REGIONS if r in found]


def phone_status(service: dict, phone: dict) -> str:
    """Return a phone's effective HSDS status: ``active``, ``inactive`` or ``defunct``.

    A phone is no more in service than its service: a defunct service makes
    every phone defunct; an inactive or "temporarily closed" one, inactive.
    """
    order = ("active", "inactive", "defunct")
    own = phone.get("status", "active")
    of_service = {"temporarily closed": "inactive"}.get(service.get("status"), service.get("status", "active"))
    return max(own, of_service, key=order.index)


def is_callable(service: dict, phone: dict) -> bool:
    """Return True for an active voice line: the only numbers offered as call links in the strip and the map."""
    return phone_status(service, phone) == "active" and phone.get("type", "voice") in schema.CALL_TYPES


def is_abroad(content, service: dict) -> bool:
    """Return True if a service is in a town outside Kyrgyzstan (a contact for readers abroad)."""
    return any(content.places[p]["country"] != "KG" for p in service.get("locations", []))


def abroad_services(content) -> list[dict]:
    """Return the services located in a country other than Kyrgyzstan, in file order."""
    return [s for s in content.services.values() if is_abroad(content, s)]


def services_in_region(content, region: str) -> list[dict]:
    """Return the services that serve ``region``, in file order."""
    return list(_region_index(content).get(region, ()))


# One index per content (the last one asked about): pages, the map and the cards ask for every
# region many times, and recomputing `service_regions` each time was a fifth of a 5,000-entry build.
_INDEX: dict = {"content": None, "services": None, "count": 0, "index": {}, "categories": {}, "groups": {}}


def _region_index(content) -> dict[str, list[dict]]:
    """``{region: [services that serve it, file order]}``, rebuilt when the content or its services change."""
    return _fresh(content)["index"]


def _fresh(content) -> dict:
    """`_INDEX`, rebuilt when the content or its services change: ``index`` (by region) and
    ``categories`` (``{category: [services, file order]}``; every listing part asks again)."""
    if _INDEX["content"] is not content or _INDEX["services"] is not content.services \
            or _INDEX["count"] != len(content.services):
        index: dict[str, list] = {}
        categories: dict[str, list] = {}
        for service in content.services.values():
            for region in service_regions(content, service):
                index.setdefault(region, []).append(service)
            categories.setdefault(service["category"], []).append(service)
        _INDEX.update(content=content, services=content.services, count=len(content.services), index=index,
                      categories=categories, groups={})
    return _INDEX


def region_groups(content, region: str) -> list[tuple[str, list[dict]]]:
    """``[(category, services)]`` of the services that serve ``region``, in `schema.CATEGORIES` order,
    each in file order; categories with no service are left out.  Computed once per region: every
    part of a split region page, in every language, asks again (issue 10)."""
    groups = _fresh(content)["groups"]
    if region not in groups:
        by_category: dict[str, list] = {}
        for service in _fresh(content)["index"].get(region, ()):
            by_category.setdefault(service["category"], []).append(service)
        groups[region] = [(c, by_category[c]) for c in schema.CATEGORIES if c in by_category]
    return [(c, list(group)) for c, group in groups[region]]


def services_in_category(content, category: str) -> list[dict]:
    """Return the services of one category, in file order."""
    return list(_fresh(content)["categories"].get(category, ()))


def services_in_country(content, country: str) -> list[dict]:
    """Return the services with at least one town in ``country`` (ISO 3166-1 alpha-2), in file order."""
    return [s for s in content.services.values()
            if any(content.places[p]["country"] == country for p in s.get("locations", []))]


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
    """Return (service, phone) for every active voice short code of a hotline: the numbers on every page."""
    return [(s, p) for s in services_in_category(content, "hotline")
            for p in s.get("phones", []) if is_short_code(p["number"]) and is_callable(s, p)]


def region_town(content, code: str) -> dict | None:
    """Return the first town of places.yml in region ``code`` that has coordinates, or None.

    Where the map draws a region that has no polygon of its own (Osh city, inside the Osh Region
    feature of the boundary data): a circle at that town.
    """
    return next((p for p in content.places.values() if p.get("region") == code and "latitude" in p), None)
