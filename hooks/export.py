"""Open data: the directory as JSON and CSV shaped after Open Referral HSDS 3.0, for reuse by others.

Written at build time into ``open-data/`` of the site (`write_export`):

* ``core.json`` — language-neutral facts only (ids, categories, towns, regions,
  coordinates, phones, provenance); ``<lang>.json`` — the same plus the texts of
  one language (BCP 47 tag ``lang``), for every site language.
* ``core/*.csv`` and ``<lang>/*.csv`` — one CSV per HSDS table (organizations,
  services, locations, service_at_locations, phones), UTF-8, ``\\n`` line ends,
  lists joined with ``;``.
* ``schema.json`` — JSON Schema (draft 2020-12) of every JSON file above;
  ``LICENSE.txt`` — what may be done with the data and whose work it is.

HSDS names are used where HSDS has the concept (``organization_id``,
``application_process``, ``assured_date`` for our ``verified``, ``location_type``,
``service_at_location``); our additions keep our own names (``category``,
``source``, ``source_section``, ``region`` as ISO 3166-2:KG, ``country`` as ISO
3166-1, phone coverage).  Street addresses do not exist in our data, so none
are exported (towns only).  Deterministic: same content, same bytes.
Pure apart from `write_export`; never imports MkDocs.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import query
import schema

FOLDER = "open-data"
TABLES = ("organizations", "services", "locations", "service_at_locations", "phones")
LICENSE_TEXT = """Open data of the Safe migration Kyrgyzstan site
===============================================

What: the directory of the site (organizations, services, towns, phone numbers) as JSON and CSV,
shaped after Open Referral HSDS 3.0. schema.json describes the JSON files.

Whose: compiled by the site's editors from the public sources named in each record's `source`
field (see `sources` in every JSON file). Town coordinates: GeoNames (CC BY 4.0).

Licence: {licence}. Credit "Safe migration Kyrgyzstan" and GeoNames for coordinates.

Warning: the sources date from 2004 and 2008. Every record carries `assured_date` (when it was last
verified); confirm a contact by phone before you rely on it or republish it.
"""


def _phone_rows(service: dict) -> list[dict]:
    rows = []
    for n, phone in enumerate(service.get("phones", []), 1):
        row = {"id": f"{service['id']}-phone-{n}", "service_id": service["id"], "number": phone["number"],
               "type": phone.get("type", "voice"), "status": query.phone_status(service, phone),
               # a 3–4 digit Kyrgyz short code: dialable only from phones in Kyrgyzstan
               "short_code": query.is_short_code(phone["number"])}
        row.update({k: phone[k] for k in ("extension", "languages") if k in phone})
        coverage = phone.get("coverage", {})
        row.update({f"coverage_{k}": coverage.get(k, []) for k in ("places", "regions", "countries")})
        rows.append(row)
    return rows


def core_tables(content) -> dict[str, list[dict]]:
    """Return the language-neutral HSDS tables: ``{table: [row dict]}`` in file order."""
    orgs = [{"id": o["id"], "organization_type": o["type"],
             **{k: o[k] for k in ("url", "email") if k in o},
             "source": o["source"], "source_section": o.get("source_section", ""), "assured_date": o["verified"]}
            for o in content.organizations.values()]
    services, at_locations, phones = [], [], []
    for s in content.services.values():
        services.append({"id": s["id"], "organization_id": s.get("organization", ""), "category": s["category"],
                         "status": s.get("status", "active"),
                         **{k: s[k] for k in ("url", "email", "service_area") if k in s},
                         "source": s["source"], "source_section": s.get("source_section", ""),
                         "assured_date": s["verified"]})
        at_locations += [{"id": f"{s['id']}-at-{p}", "service_id": s["id"], "location_id": p}
                         for p in s.get("locations", [])]
        phones += _phone_rows(s)
    locations = [{"id": p["id"], "location_type": "physical", "country": p["country"],
                  **({"region": p["region"]} if p.get("region") else {}),
                  **({"latitude": p["latitude"], "longitude": p["longitude"]} if "latitude" in p else {}),
                  "source": p["source"]}
                 for p in content.places.values()]
    return {"organizations": orgs, "services": services, "locations": locations,
            "service_at_locations": at_locations, "phones": phones}


def language_tables(content, lang: str) -> dict[str, list[dict]]:
    """Return the core tables plus the texts of ``lang`` (name, description, …; "" where untranslated)."""
    tables = core_tables(content)
    for row in tables["organizations"]:
        text = content.texts[lang]["organizations"].get(row["id"], {})
        row.update(name=text.get("name", ""), description=text.get("description", ""))
    for row in tables["services"]:
        text = content.texts[lang]["services"].get(row["id"], {})
        row.update(name=text.get("name", ""), description=text.get("description", ""),
                   application_process=text.get("application_process", ""))
    places = content.labels[lang].get("places", {})
    for row in tables["locations"]:
        row["name"] = places.get(row["id"], "")
    return tables


def dataset(content, lang: str | None, licence: str) -> dict:
    """Return one JSON export: ``{"lang", "licence", "sources", <table>: [...]}`` (``lang`` None = core)."""
    tables = core_tables(content) if lang is None else language_tables(content, lang)
    sources = [{k: v for k, v in s.items()} for s in content.sources.values()]
    return {"lang": lang or "", "licence": licence, "sources": sources, **tables}


def json_schema() -> dict:
    """Return the JSON Schema of a JSON export (every table a list of objects with the fields we write)."""
    text = {"type": "string"}
    date = {"type": "string", "pattern": schema.DATE_PATTERN}
    ident = {"type": "string", "pattern": schema.ID_PATTERN}
    provenance = {"source": ident, "source_section": text, "assured_date": date}

    def table(required: list[str], properties: dict) -> dict:
        return {"type": "array", "items": {"type": "object", "required": required, "properties": properties}}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Safe migration Kyrgyzstan directory (after Open Referral HSDS 3.0)",
        "type": "object",
        "required": ["lang", "licence", "sources", *TABLES],
        "properties": {
            "lang": {"type": "string", "description": "BCP 47 tag of the texts; empty for the core file"},
            "licence": text,
            "sources": {"type": "array", "items": {"type": "object", "required": ["id", "title", "publisher"]}},
            "organizations": table(["id", "organization_type", "source", "assured_date"], {
                "id": ident, "organization_type": {"enum": list(schema.ORGANIZATION_TYPES)}, **provenance,
                "name": text, "description": text}),
            "services": table(["id", "category", "status", "source", "assured_date"], {
                "id": ident, "organization_id": text, "category": {"enum": list(schema.CATEGORIES)},
                "status": text, **provenance, "name": text, "description": text, "application_process": text}),
            "locations": table(["id", "location_type", "country", "source"], {
                "id": ident, "location_type": {"const": "physical"}, "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
                "region": {"enum": list(schema.REGIONS)}, "latitude": {"type": "number"},
                "longitude": {"type": "number"}, "source": ident, "name": text}),
            "service_at_locations": table(["id", "service_id", "location_id"], {
                "id": text, "service_id": ident, "location_id": ident}),
            "phones": table(["id", "service_id", "number", "type"], {
                "id": text, "service_id": ident, "number": {"type": "string", "pattern": r"^(\+[1-9]\d{6,14}|\d{3,4})$"},
                "type": {"enum": list(schema.PHONE_TYPES)}, "extension": text, "status": text,
                "short_code": {"type": "boolean"},
                "coverage_places": {"type": "array", "items": ident},
                "coverage_regions": {"type": "array", "items": {"enum": list(schema.REGIONS)}},
                "coverage_countries": {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]{2}$"}}}),
        },
    }


def csv_text(rows: list[dict]) -> str:
    """Return rows as CSV: the union of their keys as header (first-seen order), lists joined with ``;``."""
    header: list[str] = []
    for row in rows:
        header += [k for k in row if k not in header]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ";".join(map(str, v)) if isinstance(v, list) else _cell(v) for k, v in row.items()})
    return out.getvalue()


def _cell(value) -> str:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def write_export(site_dir: Path, content, languages: tuple[str, ...], licence: str) -> list[Path]:
    """Write the open-data files into ``site_dir/open-data``; return their paths (sorted)."""
    folder = Path(site_dir) / FOLDER
    written = []
    for lang in (None, *languages):
        name = lang or "core"
        data = dataset(content, lang, licence)
        (folder / name).mkdir(parents=True, exist_ok=True)
        written.append(folder / f"{name}.json")
        written[-1].write_text(_dump(data), encoding="utf-8", newline="\n")
        for table in TABLES:
            written.append(folder / name / f"{table}.csv")
            written[-1].write_text(csv_text(data[table]), encoding="utf-8", newline="\n")
    written.append(folder / "schema.json")
    written[-1].write_text(_dump(json_schema()), encoding="utf-8", newline="\n")
    written.append(folder / "LICENSE.txt")
    written[-1].write_text(LICENSE_TEXT.format(licence=licence), encoding="utf-8", newline="\n")
    return sorted(written)
