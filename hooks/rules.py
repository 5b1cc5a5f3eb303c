"""Cross-record rules: what a per-file schema cannot see.

Each ``check_*`` function states its rule in its first docstring line, the
same sentence its error reports.  Works on the validated data of `content.py`
and appends `ContentError` records to ``content.errors`` (mistakes) or
``content.warnings`` (missing translations: a normal build shows another
language with a notice, ``mkdocs build --strict`` fails).  Never imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import re

import phonenumbers

import geodata
import schema
from errors import ContentError, did_you_mean
from yamlsrc import Marks

# A tag starts "<" + letter, "/" or "!" with no space (browsers treat "a < b" as text).
_HTML = re.compile(r"<[a-zA-Z!/]|javascript:|\bon[a-z]+\s*=", re.IGNORECASE)
REFERENCES = (  # (kind, field, target kind, is list)
    ("services", "organization", "organizations", False),
    ("services", "locations", "places", True),
    ("services", "source", "sources", False),
    ("organizations", "source", "sources", False),
    ("places", "source", "sources", False),
)
def index_records(records: list, marks: Marks, kind: str, errors: list, seen: dict) -> dict:
    """Ids are unique across all data files; return ``{id: record}`` in file order.

    ``seen`` maps ids already indexed (from other files) to (marks, "file:line").
    """
    out = {}
    for i, record in enumerate(records):
        rid = record["id"]
        first = seen.get(rid)
        if first and first[0] is not marks:
            errors.append(marks.error((kind, i, "id"), f"id '{rid}' is already used in {first[1]}",
                                      "ids must be unique across all data files; pick another id"))
        elif rid in out:
            first_line = marks.at(out[rid]["_path"] + ("id",))[0]
            errors.append(marks.error((kind, i, "id"), f"id '{rid}' is used twice in this file (first on line {first_line})",
                                      "give one of the entries another id"))
        seen.setdefault(rid, (marks, f"{marks.file}:{marks.at((kind, i, 'id'))[0]}"))
        out[rid] = record | {"_path": (kind, i)}
    return out


def check_references(content, marks: dict) -> None:
    """Every reference names an existing record (organization, place, source)."""
    for kind, field_name, target, many in REFERENCES:
        targets = getattr(content, target)
        for record in getattr(content, kind).values():
            values = record.get(field_name, [] if many else None)
            for j, value in enumerate(values if many else [values]):
                if value is not None and value not in targets:
                    path = record["_path"] + ((field_name, j) if many else (field_name,))
                    content.errors.append(marks[kind].error(
                        path, f"no {target[:-1]} with id '{value}' in content/data/{target}.yml",
                        did_you_mean(value, targets) or f"add it to {target}.yml first, or fix the id"))


def check_phone(phone: dict, path: tuple, m: Marks) -> list[ContentError]:
    """A number is a valid E.164 number, or a known short code used only where it works."""
    number, out = phone["number"], []
    area = phone.get("service_area")
    if number in schema.SHORT_CODES:
        works = schema.SHORT_CODES[number]
        if not area:
            out.append(m.error(path + ("service_area",), f"short code {number} needs the regions where it works",
                               f"add `service_area: [{', '.join(works)}]`"))
        for k, region in enumerate(area or []):
            if region not in works:
                out.append(m.error(path + ("service_area", k),
                                   f"short code {number} does not work in {region} (it works in {', '.join(works)})",
                                   "remove the region; if a new source says it works there, ask a maintainer"
                                   " to add it (docs/maintaining.md)"))
        return out
    if re.fullmatch(r"\d{3,4}", number):
        return [m.error(path + ("number",), f"unknown short code '{number}'; known: {', '.join(schema.SHORT_CODES)}",
                        "write the full number in E.164 (+996...)")]
    try:
        parsed = phonenumbers.parse(number, None)
        valid = phonenumbers.is_valid_number(parsed) and number == phonenumbers.format_number(
            parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        return [m.error(path + ("number",), f"expected a valid E.164 number (+996...) or a short code, got '{number}'",
                        "write + then country code and number, no spaces, e.g. +996312000000")]
    return out


def check_phones(content, marks: dict) -> None:
    """Every phone number is valid (see `check_phone`)."""
    for service in content.services.values():
        for j, phone in enumerate(service.get("phones", [])):
            content.errors.extend(check_phone(phone, service["_path"] + ("phones", j), marks["services"]))


def check_shelter_towns(content, marks: dict) -> None:
    """A shelter names the town it is in, so that readers can find it by region."""
    for service in content.services.values():
        if service["category"] == "shelter" and not service.get("locations"):
            content.errors.append(marks["services"].error(service["_path"] + ("category",),
                                                          "a shelter needs its town",
                                                          "add `locations: [<town id>]` (town level only)"))


def check_places(content, marks: dict, regions: dict) -> None:
    """A town in Kyrgyzstan has a region, and its coordinates lie inside that region; a town abroad lies outside."""
    m = marks["places"]
    for place in content.places.values():
        path, country, region = place["_path"], place["country"], place.get("region")
        has = ("latitude" in place, "longitude" in place)
        if has[0] != has[1]:
            given, missing = ("latitude", "longitude") if has[0] else ("longitude", "latitude")
            content.errors.append(m.error(path + (given,), "give both latitude and longitude, or neither",
                                          f"add `{missing}:` from the same source, or delete `{given}:`"))
            continue
        if country == "KG" and not region:
            content.errors.append(m.error(path + ("region",), "a town in Kyrgyzstan needs its region",
                                          "add `region:` with an ISO 3166-2:KG code"))
        elif country != "KG" and region:
            content.errors.append(m.error(path + ("region",), f"region {region} is in Kyrgyzstan but country is {country}",
                                          "remove the region or fix the country"))
        if all(has) and country != "KG" and geodata.in_country(regions, place["latitude"], place["longitude"]):
            # a town abroad drawn inside Kyrgyzstan would send a reader to the wrong country
            content.errors.append(m.error(path + ("latitude",), f"({place['latitude']}, {place['longitude']}) is"
                                          f" inside Kyrgyzstan but country is {country}",
                                          "check the coordinates (latitude first) or the country"))
        if not all(has) or country != "KG" or not region:
            continue
        lat, lon = place["latitude"], place["longitude"]
        if not geodata.in_country(regions, lat, lon):
            content.errors.append(m.error(path + ("latitude",), f"({lat}, {lon}) is outside Kyrgyzstan",
                                          "check the coordinates; latitude comes first"))
        elif not geodata.region_contains(regions, region, lat, lon):
            content.errors.append(m.error(path + ("latitude",), f"({lat}, {lon}) is outside region {region}",
                                          "check the region code or the coordinates"))


def check_dates(content, marks: dict) -> None:
    """A `verified` or source date is a real date, not in the future."""
    for kind in ("sources", "organizations", "services"):
        for record in getattr(content, kind).values():
            key = "date" if kind == "sources" else "verified"
            if key not in record:
                continue
            try:
                day = dt.date.fromisoformat(record[key])
            except ValueError:
                content.errors.append(marks[kind].error(record["_path"] + (key,), f"'{record[key]}' is not a real date",
                                                        "write an existing date as YYYY-MM-DD"))
                continue
            if day > content.build_date:
                content.errors.append(marks[kind].error(record["_path"] + (key,),
                                                        f"date {day} is in the future (build date {content.build_date})",
                                                        "use the date the facts were actually confirmed"))


STREET = re.compile(schema.STREET_PATTERN, re.IGNORECASE)
PHONE_IN_TEXT = re.compile(schema.PHONE_IN_TEXT_PATTERN)


def check_shelter_texts(content, marks: dict) -> None:
    """A shelter's texts never give a street address (safety): town level only."""
    for lang in schema.SITE_LANGUAGES:
        m = marks.get(f"{lang}/services")
        for sid, text in content.texts[lang]["services"].items():
            if content.services.get(sid, {}).get("category") != "shelter":
                continue
            for name, value in text.items():
                if isinstance(value, str) and STREET.search(value):
                    content.errors.append(m.error(("services", sid, name),
                                                  f"looks like a street address ('{STREET.search(value).group(0)}')",
                                                  "shelters are published at town level only: remove the address"))


def check_texts(content, marks: dict) -> None:
    """Every record has a text in every language, and every text belongs to a record."""
    for lang in schema.SITE_LANGUAGES:
        for kind in ("organizations", "services"):
            m = marks.get(f"{lang}/{kind}")
            texts = content.texts[lang][kind]
            for rid in getattr(content, kind):
                if rid not in texts:
                    record = getattr(content, kind)[rid]
                    content.warnings.append(marks[kind].error(
                        record["_path"] + ("id",), f"no {lang} text for '{rid}' in content/{lang}/{kind}.yml",
                        "add the translation; until then the page shows another language with a notice",
                        severity="warning"))
            for rid, text in texts.items():
                if rid not in getattr(content, kind):
                    content.errors.append(m.error((kind, rid), f"text for unknown id '{rid}'",
                                                  did_you_mean(rid, getattr(content, kind)) or f"add '{rid}' to content/data/{kind}.yml or delete this text", key=True))
                for name, value in text.items():
                    content.errors.extend(_text_errors(m, (kind, rid, name), value))


def _text_errors(m: Marks, path: tuple, value) -> list[ContentError]:
    """A text is plain: no HTML or script, and no phone number (those go in `phones:`)."""
    if not isinstance(value, str):
        return []
    out = []
    if _HTML.search(value):
        out.append(m.error(path, "HTML or script in a text field",
                           "write plain text; the site adds links and formatting itself"))
    phone = PHONE_IN_TEXT.search(value)
    if phone:
        out.append(m.error(path, f"phone number in a text ('{phone.group(0).strip()}')",
                           "put numbers in `phones:` in content/data, where they are checked and linked"))
    return out


def check_labels(content, marks: dict) -> None:
    """Every language's labels.yml has the same keys as the default language's."""
    base_lang = schema.SITE_LANGUAGES[0]
    base = _flat(content.labels.get(base_lang, {}))
    needed = {f"regions.{r}" for r in schema.REGIONS} | {f"categories.{c}" for c in schema.CATEGORIES}
    needed |= {f"places.{p}" for p in content.places}
    for lang in schema.SITE_LANGUAGES:
        m = marks.get(f"{lang}/labels")
        if m is None:
            continue
        have = _flat(content.labels.get(lang, {}))
        for key in sorted((set(base) | needed) - set(have) - {f"sources.{s}" for s in content.sources}):
            group = (key.split(".")[0],)
            line, col = m.at(group, key=True) if group in m.keys else (1, 1)
            content.errors.append(ContentError(m.file, line, col, key, "missing label",
                                               f"add `{key.split('.', 1)[1]}:` under `{group[0]}:` in every language's labels.yml"))
        optional = {f"sources.{s}" for s in content.sources}  # translated source titles may be added later
        for key in sorted(set(have) - set(base) - needed - optional):
            content.errors.append(m.error(tuple(key.split(".")), f"label '{key}' is not in content/{base_lang}/labels.yml",
                                          did_you_mean(key, base) or "remove it, or add it to every language", key=True))


def _flat(tree: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in (tree or {}).items():
        name = f"{prefix}{key}"
        out |= _flat(value, name + ".") if isinstance(value, dict) else {name: value}
    return out


def check_all(content, marks: dict) -> None:
    """Run every cross-record rule, appending to ``content.errors`` / ``content.warnings``."""
    regions = geodata.load_regions(str(content.root / "data" / "kg-regions.geojson"))
    check_references(content, marks)
    check_phones(content, marks)
    check_places(content, marks, regions)
    check_shelter_towns(content, marks)
    check_dates(content, marks)
    check_texts(content, marks)
    check_shelter_texts(content, marks)
    check_labels(content, marks)
