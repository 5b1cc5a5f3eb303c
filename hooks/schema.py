"""The content schema: every kind of record, its fields and the code lists.

Owns the single source of truth for what editors may write.  Each field is
declared once as a `Field` (name, type, required, constraint, unit,
description); `json_schema()` turns a `Kind` into JSON Schema (draft 2020-12),
which `content.py` validates with the `jsonschema` library, which the tests
write to ``hooks/schemas/*.schema.json`` for editors' YAML tooling, and from
which ``docs/reference.md`` is generated.  Pure data and pure functions: no
I/O, no MkDocs imports.

Vocabulary: Open Referral HSDS 3.0 (organization, service, location, phone,
service_area, application_process), ISO 3166-2:KG region codes, ISO 639-1 /
BCP 47 language tags, E.164 phone numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import languages

# --- Code lists ---------------------------------------------------------------

#: ISO 3166-2:KG first-level subdivisions (7 oblasts + 2 cities).
#: Source: ISO 3166-2:KG (ISO Online Browsing Platform), checked 2026-11-29.
REGIONS = ("KG-B", "KG-C", "KG-J", "KG-N", "KG-O", "KG-T", "KG-Y", "KG-GB", "KG-GO")

#: Site languages (BCP 47) from mkdocs.yml (`languages.py`, the only registry); the first is the default.
SITE_LANGUAGES = languages.CODES

#: Service categories shown as sections, map layers and filters.
CATEGORIES = (
    "hotline", "shelter", "consulate", "legal_aid", "medical", "psychological",
    "migration_office", "ngo", "international_organization",
)

#: Organization types.
ORGANIZATION_TYPES = ("ngo", "international_organization", "government")

#: HSDS phone types, plus ``sms`` (a number for text messages, linked as ``sms:``).
PHONE_TYPES = ("voice", "text", "sms", "fax", "cell", "video", "pager", "textphone")

#: Phone types a reader can call (linked as ``tel:``); ``text``/``sms`` get ``sms:``, ``fax`` no link.
CALL_TYPES = ("voice", "cell", "video", "pager", "textphone")
SMS_TYPES = ("text", "sms")

#: HSDS status of a phone (a service also has HSDS's "temporarily closed").
PHONE_STATUSES = ("active", "inactive", "defunct")

#: A Kyrgyz national short code: 3 or 4 digits, dialable only from phones in Kyrgyzstan.
#: Where each one works is data (the phone's ``coverage``), never code.
SHORT_CODE_PATTERN = r"\d{3,4}"

#: A phone extension: digits only (HSDS ``extension``), quoted in YAML.
EXTENSION_PATTERN = r"^[0-9]{1,8}$"

#: ISO 3166-1 alpha-2 countries a place may be in (domestic + destinations).
COUNTRIES = ("KG", "KZ", "RU", "CN", "TR", "AE", "KR", "DE", "GR", "CY", "TH", "SY", "UZ", "TJ")

#: Page markers ``<!-- data:NAME key=value -->`` and the values each argument takes.
MARKERS = {
    "hotlines": {}, "organizations": {}, "regions": {}, "map": {}, "open-data": {}, "qr": {}, "cards": {},
    "services": {"category": CATEGORIES},
    "region": {"id": REGIONS},
    # abroad: the contacts the data gives in one destination country (pages under abroad/)
    "country": {"id": tuple(c for c in COUNTRIES if c != "KG")},
}

#: Phrases of ``labels.yml`` the templates and hooks use (each must exist in every language),
#: and the placeholders each one takes (filled in by the code; any other {…} is an error).
PHRASES = (
    "category", "organization", "where", "serves", "phone", "how_to_reach", "no_phone",
    "source", "verified", "stale", "review", "fallback", "services", "no_services",
    "all_regions", "open_region", "hotline_strip", "map_regions", "not_on_map",
    "map_credit", "map_no_tiles", "map_tiles", "quick_exit", "quick_exit_hint", "hide_visit",
    # coverage: where a number works, phone kinds, readers abroad
    "coverage_short_code", "coverage_works_in", "hotlines_heading", "region_no_hotline", "region_see_hotlines",
    "no_town", "no_phone_abroad", "strip_abroad_title", "strip_abroad_codes", "strip_abroad_contacts",
    "short_code_abroad", "phone_fax", "phone_sms", "phone_ext", "phone_national", "phone_defunct", "phone_inactive",
    # abroad pages, footer, open data, paper, translations
    "no_contacts_country", "footer_built", "footer_key", "footer_verify", "open_data_lang", "open_data_core",
    "open_data_schema", "open_data_licence", "qr_title", "card_numbers", "card_shelters",
    "card_no_number", "outdated_title", "outdated",
    # layout: one-line review notice, entry permalinks, 404 page
    "review_short", "entry_link", "not_found", "not_found_text", "not_found_home", "not_found_hotlines",
    # map: filter, keyboard and screen-reader names, views, near me, static SVG
    "map_filter", "map_label", "map_services_at", "map_details", "map_close", "map_zoom_in", "map_zoom_out",
    "map_view", "map_view_kg", "map_view_abroad", "map_near_me", "map_near_me_note", "map_near_me_done",
    "map_near_me_error", "map_static",
    # embeds and links (issue 11)
    "embed_full_site",
    # scale: a long list split into parts (parts.py)
    "part_of", "part_title", "parts_contents", "no_organization",
    # reader: a city and the region around it link each other
    "region_has_city", "region_in_region", "region_hotline", "see_also",
)
#: The {placeholders} each phrase is filled with (any other placeholder is an error at check time).
PHRASE_PLACEHOLDERS = {
    "stale": ("date",), "fallback": ("language",), "map_tiles": ("host",),
    "coverage_short_code": ("places", "year"), "coverage_works_in": ("places", "year"),
    "region_no_hotline": ("region",), "strip_abroad_codes": ("numbers",), "phone_ext": ("extension",),
    "phone_national": ("number",), "phone_defunct": ("source",), "phone_inactive": ("source",),
    "footer_built": ("date", "version"), "footer_key": ("fingerprint",), "outdated": ("language",),
    "map_services_at": ("place", "count"),
    # scale: a long list split into parts (parts.py)
    "part_of": ("part", "parts"), "part_title": ("title", "part", "parts"),
    # reader: a city and the region around it
    "region_has_city": ("city", "region", "link"), "region_in_region": ("city", "region", "link"),
    "region_hotline": ("region", "numbers"),
}

#: Front matter keys a page may use.
PAGE_KEYS = ("title", "description", "review", "map", "generated", "audience", "source_hash")

#: Values of the front matter key ``audience``: ``abroad`` marks a page for readers outside
#: Kyrgyzstan (no short code is offered there as a call-to-action).
AUDIENCES = ("abroad",)

# --- Field declarations -------------------------------------------------------

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TEXT_MAX = {"name": 120, "alternate_name": 120, "description": 600,
            "application_process": 400, "note": 400}


@dataclass(frozen=True)
class Field:
    """One field: name, type, required, constraint, unit, description.

    ``type`` is one of: id, ref:<kind>, ref[]:<kind>, text, date, enum,
    enum[], number, phones, bool.  ``constraint`` holds the enum values, the
    pattern or the (min, max) range.
    """

    name: str
    type: str
    required: bool
    constraint: object = None
    unit: str = ""
    description: str = ""


@dataclass(frozen=True)
class Kind:
    """A kind of record stored as a list under ``key`` in ``content/data/<key>.yml``."""

    key: str
    title: str
    fields: tuple[Field, ...]


SOURCE_FIELDS = (
    Field("id", "id", True, ID_PATTERN, "", "Stable id, lowercase-with-dashes; cited by `source:` fields."),
    Field("title", "text", True, None, "", "Title of the document, web page or call record."),
    Field("publisher", "text", True, None, "", "Who published it (an organization, never a private person)."),
    Field("date", "date", False, DATE_PATTERN, "ISO date", "Date of the document; entries verified from it carry this date."),
    Field("url", "url", False, None, "https URL", "Where the source can be read, if public."),
    Field("licence", "text", False, None, "", "Licence of the data, if any."),
    Field("note", "text", False, None, "", "Anything an editor should know about this source."),
)

PROVENANCE = (
    Field("source", "ref:sources", True, None, "", "Id of the source in `sources.yml` that gives this fact."),
    Field("source_section", "text", False, None, "", "Section, page or footnote of the source (e.g. `§3K`)."),
    Field("verified", "date", True, DATE_PATTERN, "ISO date",
          "Date the facts were last confirmed: the source document's date, or the day of a new check. "
          "Never change it without a new source."),
)

PLACE_FIELDS = (
    Field("id", "id", True, ID_PATTERN, "", "Stable id of the town, e.g. `naryn`."),
    Field("region", "enum", False, REGIONS, "ISO 3166-2:KG", "Region of a town in Kyrgyzstan (required when country is KG)."),
    Field("country", "enum", True, COUNTRIES, "ISO 3166-1 alpha-2", "Country of the town. Quote `\"NO\"`-like codes."),
    Field("latitude", "number", False, (-90, 90), "decimal degrees, WGS 84", "Town centre latitude; needs a cited source."),
    Field("longitude", "number", False, (-180, 180), "decimal degrees, WGS 84", "Town centre longitude; needs a cited source."),
    Field("source", "ref:sources", True, None, "", "Source of the town's coordinates (or of its mention, without coordinates)."),
)

ORGANIZATION_FIELDS = (
    Field("id", "id", True, ID_PATTERN, "", "Stable id; used in URLs and anchors, never change it."),
    Field("type", "enum", True, ORGANIZATION_TYPES, "", "Kind of organization."),
    Field("url", "url", False, None, "https URL", "Official website, only from a cited source."),
    Field("email", "email", False, None, "", "Official e-mail address, only from a cited source."),
) + PROVENANCE

COVERAGE_FIELDS = (
    Field("places", "ref[]:places", False, None, "", "Towns (ids from `places.yml`) where the source says the number works."),
    Field("regions", "enum[]", False, REGIONS, "ISO 3166-2:KG",
          "Whole regions, only where a source says region (not a town in it)."),
    Field("countries", "enum[]", False, COUNTRIES, "ISO 3166-1 alpha-2",
          "Whole countries, only where a source says so (`KG` = every region)."),
)

PHONE_FIELDS = (
    Field("number", "text", True, None, "E.164 or short code",
          "Quoted: `\"+996312000000\"`, or a 3–4 digit Kyrgyz short code like `\"189\"` (works only from phones in Kyrgyzstan)."),
    Field("type", "enum", False, PHONE_TYPES, "", "HSDS phone type; default voice. `fax` is shown without a call link, `sms`/`text` as an SMS link."),
    Field("extension", "digits", False, EXTENSION_PATTERN, "digits", "Extension, if any (added to the call link as `;ext=`)."),
    Field("status", "enum", False, PHONE_STATUSES, "", "HSDS status; default active. Inactive or defunct numbers are shown without a call link, with the source."),
    Field("coverage", "coverage", False, None, "", "Where the number works, as the source names it (required for short codes); see Phone coverage."),
    Field("languages", "enum[]", False, languages.SPOKEN, "ISO 639-1", "Languages spoken on the line."),
)

SERVICE_FIELDS = (
    Field("id", "id", True, ID_PATTERN, "", "Stable id; used in URLs and map anchors, never change it."),
    Field("organization", "ref:organizations", False, None, "", "Id of the organization that runs it, if the source names one."),
    Field("category", "enum", True, CATEGORIES, "", "What kind of service it is (sets its page, map layer and colour)."),
    Field("status", "enum", False, ("active", "inactive", "defunct", "temporarily closed"), "", "HSDS status, when known."),
    Field("locations", "ref[]:places", False, None, "", "Towns (ids from `places.yml`) where it is. Town level only."),
    Field("service_area", "enum[]", False, REGIONS, "ISO 3166-2:KG", "Regions it serves beyond its towns."),
    Field("phones", "phones", False, None, "", "Phone numbers, each with the fields in the Phone table."),
    Field("url", "url", False, None, "https URL", "Web page of the service, only from a cited source."),
    Field("email", "email", False, None, "", "E-mail of the service, only from a cited source."),
) + PROVENANCE

SOURCES = Kind("sources", "Source", SOURCE_FIELDS)
PLACES = Kind("places", "Place", PLACE_FIELDS)
ORGANIZATIONS = Kind("organizations", "Organization", ORGANIZATION_FIELDS)
SERVICES = Kind("services", "Service", SERVICE_FIELDS)
KINDS = (SOURCES, PLACES, ORGANIZATIONS, SERVICES)

#: Per-language texts of a record (``content/<lang>/<kind>.yml``, keyed by id).
#: Written by `hooks/translations.py stamp`, never by hand: the version of the source text a translation was made from.
SOURCE_HASH = Field("source_hash", "hash", False, r"^[0-9a-f]{8}$", "8 hex digits",
                    "Version of the source-language text this translation was made from. "
                    "Written by `python hooks/translations.py stamp`; never edit it by hand.")

TEXT_FIELDS = {
    "organizations": (
        Field("name", "text", True, None, "", "Name in this language."),
        Field("alternate_name", "text", False, None, "", "Other name or abbreviation."),
        Field("description", "text", True, None, "", "What it does, for whom (plain text)."),
        Field("review", "enum", False, ("needed",), "", "`needed` while a native speaker has not checked the text."),
        SOURCE_HASH,
    ),
    "services": (
        Field("name", "text", True, None, "", "Name in this language."),
        Field("description", "text", True, None, "", "What is offered, for whom (plain text)."),
        Field("application_process", "text", False, None, "", "How to reach it (HSDS application_process)."),
        Field("review", "enum", False, ("needed",), "", "`needed` while a native speaker has not checked the text."),
        SOURCE_HASH,
    ),
}

# --- JSON Schema --------------------------------------------------------------

_FORMATS = {
    "id": lambda f: {"type": "string", "pattern": f.constraint},
    "ref": lambda f: {"type": "string", "pattern": ID_PATTERN},
    "ref[]": lambda f: {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}, "uniqueItems": True},
    "text": lambda f: {"type": "string", "minLength": 1, "maxLength": TEXT_MAX.get(f.name, 300)},
    "date": lambda f: {"type": "string", "pattern": DATE_PATTERN},
    "url": lambda f: {"type": "string", "pattern": r"^https://[^\s<>\"']+$", "maxLength": 300},
    "email": lambda f: {"type": "string", "pattern": r"^[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}$"},
    "enum": lambda f: {"type": "string", "enum": list(f.constraint)},
    "enum[]": lambda f: {"type": "array", "items": {"type": "string", "enum": list(f.constraint)},
                         "minItems": 1, "uniqueItems": True},
    "number": lambda f: {"type": "number", "minimum": f.constraint[0], "maximum": f.constraint[1]},
    "phones": lambda f: {"type": "array", "minItems": 1, "items": _object(PHONE_FIELDS)},
    "digits": lambda f: {"type": "string", "pattern": f.constraint},
    "hash": lambda f: {"type": "string", "pattern": f.constraint},
    "coverage": lambda f: _object(COVERAGE_FIELDS) | {"minProperties": 1},
}


def _property(f: Field) -> dict:
    base = f.type.split(":")[0]
    return _FORMATS[base](f) | {"description": f.description}


def _object(fields: tuple[Field, ...]) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: _property(f) for f in fields},
    }


def json_schema(kind: Kind) -> dict:
    """Return the JSON Schema (2020-12) of ``content/data/<kind.key>.yml``.

    Shape: ``{"type": "object", "properties": {kind.key: {"type": "array",
    "items": <record object>}}}``; records reject unknown fields.
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{kind.title} list",
        "type": "object",
        "additionalProperties": False,
        "required": [kind.key],
        "properties": {kind.key: {"type": "array", "minItems": 1, "items": _object(kind.fields)}},
    }


def text_schema(key: str) -> dict:
    """Return the JSON Schema of ``content/<lang>/<key>.yml`` (texts keyed by record id)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{key} texts in one language",
        "type": "object",
        "additionalProperties": False,
        "required": [key],
        "properties": {key: {
            "type": "object",
            "propertyNames": {"pattern": ID_PATTERN},
            "additionalProperties": _object(TEXT_FIELDS[key]),
        }},
    }


def labels_schema() -> dict:
    """Return the JSON Schema of ``content/<lang>/labels.yml``: groups of text labels.

    Shape: ``{group: {key: text}}``; which keys must exist is checked by
    `rules.check_labels` against the default language and the code lists.
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "interface labels in one language",
        "type": "object",
        "minProperties": 1,
        "additionalProperties": {
            "type": "object",
            "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 300},
        },
    }


# --- Field reference for the handbook ------------------------------------------


def _constraint_text(f: Field) -> str:
    if f.type in ("enum", "enum[]"):
        return ", ".join(f"`{v}`" for v in f.constraint)
    if f.type == "number":
        return f"{f.constraint[0]} to {f.constraint[1]}"
    if f.type == "text":
        return f"plain text, at most {TEXT_MAX.get(f.name, 300)} characters"
    if f.type.startswith("ref"):
        return f"id(s) from `{f.type.split(':')[1]}.yml`"
    return {"id": "lowercase-with-dashes", "date": "YYYY-MM-DD", "url": "https:// only",
            "email": "name@domain", "phones": "list of phones (see Phone)", "digits": "digits, quoted", "hash": "8 hex digits, written by a command",
            "coverage": "`places`, `regions`, `countries` (see Phone coverage)"}.get(f.type, "")


def _table(title: str, where: str, fields: tuple[Field, ...]) -> str:
    rows = [f"## {title}\n", f"{where}\n", "| Field | Required | Allowed values | Unit | What it is |",
            "|---|---|---|---|---|"]
    rows += [f"| `{f.name}` | {'yes' if f.required else 'no'} | {_constraint_text(f)} | {f.unit} | {f.description} |"
             for f in fields]
    return "\n".join(rows) + "\n"


def reference_markdown() -> str:
    """Return ``docs/reference.md``: every field of every kind, generated from this module."""
    parts = ["# Field reference\n",
             "<!-- Generated from hooks/schema.py by tests/unit/test_schema_sync.py "
             "(UPDATE_SCHEMAS=1); do not edit by hand. -->\n"]
    for kind in KINDS:
        parts.append(_table(kind.title, f"File: `content/data/{kind.key}.yml`, a list under `{kind.key}:`.", kind.fields))
    parts.append(_table("Phone", "Each item of a service's `phones:` list.", PHONE_FIELDS))
    parts.append(_table("Phone coverage", "A phone's `coverage:`: what the source names, nothing more. "
                        "A region page lists a number only through a town in that region, an explicit region, "
                        "or the country `KG`.", COVERAGE_FIELDS))
    for key, fields in TEXT_FIELDS.items():
        parts.append(_table(f"{key.capitalize()} texts", f"File: `content/<lang>/{key}.yml`, keyed by id under `{key}:`.", fields))
    regions = ", ".join(f"`{r}`" for r in REGIONS)
    parts.append(f"## Code lists\n\n- Regions (ISO 3166-2:KG): {regions}\n"
                 "- Short codes: any 3 or 4 digit number is a Kyrgyz national short code, dialable only from "
                 "phones in Kyrgyzstan; where it works comes from its `coverage:` (towns from the source)\n"
                 f"- Page audiences (front matter `audience:`): {', '.join(f'`{a}`' for a in AUDIENCES)}\n")
    return "\n".join(parts)
