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
import string

import phonenumbers

import geodata
import query
import leaks
import ledger
import names
import schema
from errors import ContentError, did_you_mean
from yamlsrc import Marks, dotted

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
                        _place_fix(value, target, content.root)
                        or did_you_mean(value, targets) or f"add it to {target}.yml first, or fix the id"))


def _place_fix(value, target: str, root) -> str:
    """The id of a town the editor wrote by its name ("Talas" → talas), for place references only."""
    return names.name_fix(value, "places", root) if target == "places" else ""


def check_phone(phone: dict, path: tuple, m: Marks, places: dict) -> list[ContentError]:
    """A number is a valid E.164 number, or a short code that says where it works (towns in Kyrgyzstan)."""
    number, out = phone["number"], _coverage_errors(phone, path, m, places)
    if query.is_short_code(number):
        coverage = phone.get("coverage", {})
        if not (coverage.get("places") or coverage.get("regions") or "KG" in coverage.get("countries", [])):
            out.append(m.error(path + ("number",), f"short code {number} needs `coverage:` (where the source says it works)",
                               "add `coverage: {places: [<town ids from places.yml>]}`, the towns the source names"))
        for k, country in enumerate(coverage.get("countries", [])):
            if country != "KG":
                out.append(m.error(path + ("coverage", "countries", k),
                                   f"short code {number} is a Kyrgyz number: it cannot be dialled from {country}",
                                   "remove the country; for a line abroad write its full number (+...)"))
        for k, place in enumerate(coverage.get("places", [])):
            if place in places and places[place]["country"] != "KG":
                out.append(m.error(path + ("coverage", "places", k),
                                   f"short code {number} is a Kyrgyz number: it cannot be dialled from {place}",
                                   "remove the town; for a line abroad write its full number (+...)"))
        return out
    if number.isdigit():  # ledger stream: a short code has 3 or 4 digits
        out.append(m.error(path + ("number",), f"a short code has 3 or 4 digits, got {len(number)} ('{number}')",
                           _as_e164(number) or
                           "write the full number in E.164 (+996...), or the short code exactly as the source gives it"))
        return out
    try:
        parsed = phonenumbers.parse(number, None)
        valid = phonenumbers.is_valid_number(parsed) and number == phonenumbers.format_number(
            parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        out.append(m.error(path + ("number",), f"expected a valid E.164 number (+996...) or a short code, got '{number}'",
                           _as_e164(number) or "write + then country code and number, no spaces, e.g. +996312000000"))
    return out


def _as_e164(number: str) -> str:
    """The fix for a Kyrgyz number written the local way ("0342251234", "+996 342 25-12-34"):
    the same digits in E.164 (Google's libphonenumber decides), or "" when they are not a valid number."""
    try:
        parsed = phonenumbers.parse(number, "KG")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(parsed):
        return ""
    return f'write it in E.164: "{phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)}"'



def _coverage_errors(phone: dict, path: tuple, m: Marks, places: dict) -> list[ContentError]:
    """Every town a phone's coverage names exists in places.yml."""
    return [m.error(path + ("coverage", "places", k), f"no place with id '{place}' in content/data/places.yml",
                    did_you_mean(place, places) or "add it to places.yml first, or fix the id")
            for k, place in enumerate(phone.get("coverage", {}).get("places", [])) if place not in places]


def check_phones(content, marks: dict) -> None:
    """Every phone number is valid, with its coverage (see `check_phone`)."""
    for service in content.services.values():
        for j, phone in enumerate(service.get("phones", [])):
            content.errors.extend(check_phone(phone, service["_path"] + ("phones", j), marks["services"],
                                              content.places))


def check_shelter_towns(content, marks: dict) -> None:
    """A shelter names the town it is in, so that readers can find it by region."""
    for service in content.services.values():
        if service["category"] == "shelter" and not service.get("locations"):
            content.errors.append(marks["services"].error(service["_path"] + ("category",),
                                                          "a shelter needs its town",
                                                          "add `locations: [<town id>]` (town level only)"))


def check_places(content, marks: dict) -> None:
    """A town in Kyrgyzstan has a region, and its coordinates lie inside that region; a town abroad lies outside."""
    regions = geodata.load_regions(str(content.root / "data" / "kg-regions.geojson"))
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
        content.errors.extend(_precision_errors(m, place))
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


#: Decimals a coordinate may have: 2 decimals are about 1 km, a town centre, never a building.
MAX_DECIMALS = 2


def _precision_errors(m: Marks, place: dict) -> list[ContentError]:
    """Coordinates have at most `MAX_DECIMALS` decimals (a town centre, not a building)."""
    out = []
    for name in ("latitude", "longitude"):
        if name not in place:
            continue
        path = place["_path"] + (name,)
        raw = m.raw.get(path, repr(place[name])).strip()
        decimals = len(raw.split(".", 1)[1]) if "." in raw and "e" not in raw.lower() else 0
        if decimals > MAX_DECIMALS or "e" in raw.lower():
            out.append(m.error(path, f"{raw} has {decimals} decimals; places are published to {MAX_DECIMALS}"
                                     " decimals (about 1 km)", f"round to {MAX_DECIMALS} decimals — town centre only"))
    return out


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


def _file_lines(root, rel: str, cache: dict = {}) -> list[str]:  # noqa: B006 (cache per file)
    path = root / rel
    key = (str(path), path.stat().st_mtime_ns)
    if key not in cache:
        cache[key] = path.read_text(encoding="utf-8").splitlines()
    return cache[key]


def finding_error(root, m: Marks, path: tuple, value: str, finding: leaks.Finding) -> ContentError:
    """Locate a `leaks.Finding` in a YAML value at its own line and column when the source shows it as typed."""
    line, col = m.at(path)
    lines = _file_lines(root, m.file)
    skip = value[:finding.start].count(finding.snippet)  # earlier copies of the same snippet in this value
    for i in range(line - 1, min(len(lines), line + 5)):
        at = lines[i].find(finding.snippet, col - 1 if i == line - 1 else 0)
        while at >= 0 and skip:
            at, skip = lines[i].find(finding.snippet, at + 1), skip - 1
        if at >= 0:
            return ContentError(m.file, i + 1, at + 1, dotted(path), finding.message, finding.fix)
    return m.error(path, finding.message, finding.fix)


def _strings(value, path: tuple):
    """Yield ``(path, text)`` for every string inside a YAML value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            if key != "_path":
                yield from _strings(child, path + (key,))
    elif isinstance(value, list):
        for k, child in enumerate(value):
            yield from _strings(child, path + (k,))


#: Free-text fields of the data files; the other fields (ids, codes, links, dates, numbers)
#: are checked for invisible characters only (their schema checks the rest).
_TEXT_FIELDS = {f.name for f in sum((k.fields for k in schema.KINDS), schema.PHONE_FIELDS) if f.type == "text"} - {"number"}


def check_location_leaks(content, marks: dict) -> None:
    """No text anywhere (data, texts, labels) gives a street, building, flat, floor or landmark, or hides characters.

    Texts and labels are also refused phone numbers (numbers go in `phones:`).
    """
    for kind in schema.KINDS:
        m = marks.get(kind.key)
        for record in getattr(content, kind.key).values() if m else ():
            for path, text in _strings({k: v for k, v in record.items() if k != "_path"}, record["_path"]):
                name = next(p for p in reversed(path) if isinstance(p, str))
                found = leaks.text_findings(text) if name in _TEXT_FIELDS else leaks.invisible_characters(text)
                content.errors.extend(finding_error(content.root, m, path, text, f) for f in found)
    for lang in schema.SITE_LANGUAGES:
        for key in ("organizations", "services", "labels"):
            m = marks.get(f"{lang}/{key}")
            tree = content.labels.get(lang, {}) if key == "labels" else {key: content.texts[lang][key]}
            for path, text in _strings(tree, ()):
                content.errors.extend(finding_error(content.root, m, path, text, f) for f in leaks.text_findings(text))


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
    """A text is plain: no HTML or script (location details and numbers: `check_location_leaks`)."""
    if not isinstance(value, str):
        return []
    out = []
    if _HTML.search(value):
        out.append(m.error(path, "HTML or script in a text field",
                           "write plain text; the site adds links and formatting itself"))
    return out


def check_labels(content, marks: dict) -> None:
    """Every language's labels.yml has the same keys as the default language's."""
    base_lang = schema.SITE_LANGUAGES[0]
    base = _flat(content.labels.get(base_lang, {}))
    needed = {f"regions.{r}" for r in schema.REGIONS} | {f"categories.{c}" for c in schema.CATEGORIES}
    needed |= {f"places.{p}" for p in content.places} | {f"phrases.{p}" for p in schema.PHRASES}
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


def text_errors(m: Marks, path: tuple, value) -> list[ContentError]:
    """The rule for every text a page shows (see `_text_errors`); used for labels, sources and front matter too."""
    return _text_errors(m, path, value)


def check_other_texts(content, marks: dict) -> None:
    """Labels, source titles and sections are plain text too, like every text a page shows."""
    for lang in schema.SITE_LANGUAGES:
        m = marks.get(f"{lang}/labels")
        for key, value in _flat(content.labels.get(lang, {})).items():
            content.errors.extend(_text_errors(m, tuple(key.split(".", 1)), value))
    for kind, fields in (("sources", ("title", "publisher", "licence", "note")),
                         ("organizations", ("source_section",)), ("services", ("source_section",))):
        for record in getattr(content, kind).values():
            for name in fields:
                if name in record:
                    content.errors.extend(_text_errors(marks[kind], record["_path"] + (name,), record[name]))


def _placeholder_errors(m: Marks, name: str, value: str) -> list[ContentError]:
    path, allowed = ("phrases", name), schema.PHRASE_PLACEHOLDERS.get(name, ())
    takes = ", ".join("{" + a + "}" for a in allowed) if allowed else "no {placeholders}"
    try:
        fields = [(f, conv, spec) for _, f, spec, conv in string.Formatter().parse(value) if f is not None]
    except ValueError:
        return [m.error(path, "a lone { or } in the phrase", f"this phrase takes {takes}; remove the other braces")]
    out = []
    for field_name, conversion, spec in fields:
        if field_name not in allowed or conversion or spec:
            written = "{" + field_name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            out.append(m.error(path, f"unknown placeholder '{written}'",
                               f"this phrase takes {takes}, written exactly so" if allowed else f"this phrase takes {takes}; remove it"))
    return out


def check_phrases(content, marks: dict) -> None:
    """A phrase uses only its own placeholders (e.g. {date} in `stale`), never {0} or an unknown name."""
    for lang in schema.SITE_LANGUAGES:
        m = marks.get(f"{lang}/labels")
        for name, value in (content.labels.get(lang, {}).get("phrases") or {}).items():
            if isinstance(value, str):
                content.errors.extend(_placeholder_errors(m, name, value))


def _families(broken: set) -> set:
    """Name the broken files as `RULES` reads them: "ky/services" → "texts", "ru/labels" → "labels"."""
    return {("labels" if key.endswith("/labels") else "texts") if "/" in key else key for key in broken}


def _check_ledger(content, marks: dict) -> None:
    """Every published number is in the ledger with its service, source and verified date, and nothing else is."""
    if not any(e.field.endswith(".number") for e in content.errors):  # a bad number is reported once, above
        ledger.check_ledger(content, marks)


def _check_page_numbers(content, marks: dict) -> None:
    """A number written or linked in a page (``tel:``, ``sms:``, ``wa.me/`` ...) is a number in the data."""
    ledger.check_page_numbers(content)


DATA = ("sources", "places", "organizations", "services")
#: (rule, the files it reads).  A rule waits only for its own files: an error in one file holds
#: back the rules that read it and nothing else, so the editor sees every other error in one round.
#: Rules that look at one text at a time (leaks, HTML, placeholders, dates) read whatever loaded.
RULES = (
    (check_references, DATA),
    (check_phones, ("services", "places")),
    (check_places, ("places",)),
    (check_shelter_towns, ("services",)),
    (check_dates, ()),
    (check_texts, ("organizations", "services", "texts")),
    (check_labels, ("labels", "places")),
    (check_location_leaks, ()),
    (ledger.check_number_kinds, ("services",)),
    (_check_ledger, ("services", "places")),
    (_check_page_numbers, ("services", "pages")),
    (check_other_texts, ()),
    (check_phrases, ()),
)


def check_all(content, marks: dict) -> None:
    """Run every cross-record rule whose files loaded cleanly (`RULES`), appending to ``content.errors`` /
    ``content.warnings``; the first docstring line of each rule held back goes to ``content.not_checked``."""
    broken = _families(content.broken)
    for rule, reads in RULES:
        if broken & set(reads):
            content.not_checked.append(rule.__doc__.split("\n")[0])
        else:
            rule(content, marks)
