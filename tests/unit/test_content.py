"""Table-driven tests of content validation: one case per kind of bad input.

Each case copies the small fixture tree (`make_project(mini=True)`), makes one small edit to one
YAML file, runs `content.load_content` and compares the exact error texts
(``file:line:col: field: message — fix``) and warning texts with the table.

Expected texts may hold placeholders, resolved against the files *after* the
edit so that the table does not depend on where an entry happens to stand:

- ``{line:NEEDLE}`` — 1-based number of the first line of the edited file
  that contains NEEDLE; ``{line#2:NEEDLE}`` the second such line;
- ``{index:ID}`` — position of ``  - id: ID`` in the edited file's list
  (``{index#2:ID}`` for its second occurrence);
- ``{line+1:NEEDLE}`` — the line after that one;
- ``{line@content/data/places.yml:NEEDLE}`` (or ``{index@...}``) — the same in
  another file of the project.

Edits: ``(old, new)`` replaces ``old``, which must occur exactly once; a
callable maps the old text to the new one; ``None`` deletes the file.
``encoding`` (default utf-8) is the encoding the edited text is written in.
"""

from __future__ import annotations

import datetime
import pickle
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

import content
import yamlsrc
from conftest import make_project

TODAY = datetime.date(2026, 11, 29)  # build date of every case

SOURCES = "content/data/sources.yml"
PLACES = "content/data/places.yml"
ORGS = "content/data/organizations.yml"
SERVICES = "content/data/services.yml"
EN_SERVICES = "content/en/services.yml"
EN_ORGS = "content/en/organizations.yml"
RU_ORGS = "content/ru/organizations.yml"
EN_LABELS = "content/en/labels.yml"
RU_LABELS = "content/ru/labels.yml"

QUOTE_FIX = "put it in quotes"
PHONE_FIX = "write + then country code and number, no spaces, e.g. +996312000000"
URL_FIX = "only https:// links are published (no http:, javascript: or data:)"
HTML_FIX = "write plain text; the site adds links and formatting itself"
SYNTAX_FIX = "check indentation, colons and quotes on this line"
COUNTRIES = "KG, KZ, RU, CN, TR, AE, KR, DE, GR, CY, TH, SY, UZ, TJ"
REGIONS = "KG-B, KG-C, KG-J, KG-N, KG-O, KG-T, KG-Y, KG-GB, KG-GO"
CATEGORIES = ("hotline, shelter, consulate, legal_aid, medical, psychological, migration_office, ngo, "
              "international_organization")

# Entries the edits start from (each string occurs once in its file).
MIGRANT_HOTLINE = "  - id: migrant-hotline\n    organization: elsen\n    category: hotline\n"
FIRST_PHONE_189 = ('      - number: "189"\n        type: voice\n'
                   '        # TIP 2008 §4B: "189 in Bishkek, Karakol, Talas, Osh and Jalalabad"\n'
                   "        coverage:\n          places: [bishkek, karakol, talas, osh, jalal-abad]\n")
SEZIM_HOTLINE = "  - id: sezim-hotline\n    organization: sezim\n    category: hotline\n    locations: [bishkek]\n"
ALMATY_CONSULATE = "    locations: [almaty]\n"
LEDGER_FIX = ("if this is a reviewed change, run `python hooks/check.py --update-ledger` and commit the ledger with it"
              " (the reviewer checks the ledger diff)")
COVERAGE_189 = "          places: [bishkek, karakol, talas, osh, jalal-abad]\n"
SHORT_CODE_FIX = "add `coverage: {places: [<town ids from places.yml>]}`, the towns the source names"
SEZIM_HOTLINE = "  - id: sezim-hotline\n    organization: sezim\n    category: hotline\n    locations: [bishkek]\n"
NARYN_SHELTER = "  - id: naryn-shelter\n    category: shelter\n"
NARYN = "  - id: naryn\n    region: KG-N\n    country: KG\n    latitude: 41.43\n    longitude: 75.99\n"
ALMATY = "  - id: almaty\n    country: KZ\n"
ELSEN = "  - id: elsen\n    type: ngo\n    source: tip-2008\n    source_section: \"§3K\"\n    verified: 2008-02-29\n"
MIGRANT = "services[{index:migrant-hotline}]"  # dotted path of migrant-hotline (an expected-text fragment)
SEZIM_SHELTER_NAME = '  sezim-shelter:\n    name: "Sezim shelter, Bishkek"\n'


def naryn(**changes) -> tuple[str, str]:
    """An edit of the place `naryn`: keyword → new text of that line ("" drops the line)."""
    lines = dict(line.strip().split(": ", 1) for line in NARYN.splitlines()[1:])
    lines |= changes
    body = "".join(f"    {k}: {v}\n" for k, v in lines.items() if v != "")
    return NARYN, "  - id: naryn\n" + body


def elsen(**changes) -> tuple[str, str]:
    """An edit of the organization `elsen`: keyword → new text ("" drops the line)."""
    lines = dict(line.strip().split(": ", 1) for line in ELSEN.splitlines()[1:])
    lines |= changes
    body = "".join(f"    {k}: {v}\n" for k, v in lines.items() if v != "")
    return ELSEN, "  - id: elsen\n" + body


def phone(number: str) -> tuple[str, str]:
    """Replace the first phone of migrant-hotline (the 189 short code) by ``number`` (YAML source text)."""
    return FIRST_PHONE_189, f"      - number: {number}\n        type: voice\n"


def sezim_shelter_name(text: str) -> tuple[str, str]:
    """Replace the English name of sezim-shelter by ``text`` (YAML source text)."""
    return SEZIM_SHELTER_NAME, f"  sezim-shelter:\n    name: {text}\n"


def drop_text(record_id: str) -> Callable[[str], str]:
    """Delete one record's block from a language file."""
    return lambda text: re.sub(rf"^  {re.escape(record_id)}:\n(    .*\n)+", "", text, count=1, flags=re.M)


@dataclass(frozen=True)
class Case:
    file: str
    edit: tuple[str, str] | Callable[[str], str] | None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    encoding: str = "utf-8"


def case(case_id: str, file: str, edit, errors=(), warnings=(), *, encoding="utf-8", bug: str = ""):
    """One row of the table; ``bug`` marks a known bug in hooks/ (strict xfail)."""
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(Case(file, edit, tuple(errors), tuple(warnings), encoding), id=case_id, marks=marks)


CASES = [
    # --- Reading the file (yamlsrc) -----------------------------------------------
    case("yaml-syntax-error", SERVICES,
         (MIGRANT_HOTLINE, MIGRANT_HOTLINE.replace("category: hotline", "category: hotline: x")),
         [f"{SERVICES}:{{line:category: hotline: x}}:22: YAML syntax error: mapping values are not allowed here"
          f" — {SYNTAX_FIX}"]),
    case("yaml-syntax-error-missing-colon-points-at-its-line", SERVICES,
         (MIGRANT_HOTLINE, MIGRANT_HOTLINE.replace("category: hotline", "category hotline")),
         [f"{SERVICES}:{{line:    category hotline}}:5: YAML syntax error: while scanning a simple key"
          f": could not find expected ':' — {SYNTAX_FIX}"]),
    case("tab-indentation", SERVICES,
         (MIGRANT_HOTLINE, MIGRANT_HOTLINE.replace("    category", "\tcategory")),
         [f"{SERVICES}:{{line:\tcategory: hotline}}:1: tab character; YAML indentation must use spaces"
          " — replace the tab with spaces"]),
    case("two-tabs-both-reported", SERVICES,  # a paste often brings several: all in one round
         (MIGRANT_HOTLINE, MIGRANT_HOTLINE.replace("    category", "\tcategory").replace("    organization", "\torganization")),
         [f"{SERVICES}:{{line:\torganization: elsen}}:1: tab character; YAML indentation must use spaces"
          " — replace the tab with spaces",
          f"{SERVICES}:{{line:\tcategory: hotline}}:1: tab character; YAML indentation must use spaces"
          " — replace the tab with spaces"]),
    case("duplicate-key-in-mapping", SERVICES,
         (MIGRANT_HOTLINE, MIGRANT_HOTLINE + "    category: ngo\n"),
         [f"{SERVICES}:{{line#2:    category: }}:5: {MIGRANT}.category: duplicate key 'category'"
          " (first given on line {line:    category: hotline}); YAML would silently keep only the last one"
          " — delete one of the two lines"]),
    case("empty-file", EN_ORGS, lambda text: "",
         [f"{EN_ORGS}:1:1: file is empty — add its top-level key(s) and entries, as in the same file of another language or an older version"]),
    case("file-with-comments-only", EN_ORGS, lambda text: "# texts come later\n\n",
         [f"{EN_ORGS}:1:1: file is empty — add its top-level key(s) and entries, as in the same file of another language or an older version"]),
    case("not-utf8-cp1251", RU_ORGS, lambda text: "# Тексты на русском\n" + text,
         [f"{RU_ORGS}:{{line:# Тексты на русском}}:3: file is not UTF-8 (byte 0xd2)"
          " — save the file with UTF-8 encoding"],
         encoding="cp1251"),
    case("byte-order-mark-is-accepted", RU_ORGS, lambda text: text, [], encoding="utf-8-sig"),
    case("top-level-key-without-entries", EN_ORGS, lambda text: "organizations:\n",
         [f"{EN_ORGS}:1:15: organizations: is empty — add the entries under it, indented, or delete the line"]),
    case("data-file-missing", SOURCES, None,
         [f"{SOURCES}: file is missing — create it with a top-level `sources:` key"]),

    # --- YAML 1.1 types where text is expected (PITFALLS P11–P13) ------------------
    case("country-NO-is-not-false", PLACES, (ALMATY, ALMATY.replace("country: KZ", "country: NO")),
         [f"{PLACES}:{{line:country: NO}}:14: places[{{index:almaty}}].country: expected one of: {COUNTRIES},"
          " got NO (read by YAML as yes/no) — use one of the listed values"]),
    case("review-yes-is-not-quoted-away", EN_SERVICES, sezim_shelter_name('"Sezim"\n    review: yes'),
         [f"{EN_SERVICES}:{{line:    review: yes}}:13: services.sezim-shelter.review: expected one of: needed,"
          " got yes (read by YAML as yes/no) — write needed"]),
    case("on-as-text-in-language-file", EN_SERVICES, sezim_shelter_name("on"),
         [f"{EN_SERVICES}:{{line:    name: on}}:11: services.sezim-shelter.name: expected text, got on"
          f' (read by YAML as yes/no) — {QUOTE_FIX}: "on"']),
    case("yes-as-text-in-language-file", RU_ORGS,
         ('  elsen:\n    name: "НПО «Элсен»"\n', "  elsen:\n    name: yes\n"),
         [f"{RU_ORGS}:{{line:    name: yes}}:11: organizations.elsen.name: expected text, got yes"
          f' (read by YAML as yes/no) — {QUOTE_FIX}: "yes"']),
    case("phone-as-yaml-integer", SERVICES, phone("+996312621111"),
         [f"{SERVICES}:{{line:+996312621111}}:17: {MIGRANT}.phones[0].number: expected text, got +996312621111"
          f' (read by YAML as a number) — {QUOTE_FIX}: "+996312621111"']),
    case("phone-leading-zero-octal", SERVICES, phone("0312621111"),
         [f"{SERVICES}:{{line:0312621111}}:17: {MIGRANT}.phones[0].number: expected text, got 0312621111"
          f' (read by YAML as a number) — {QUOTE_FIX}: "0312621111"']),
    case("time-12-30-sexagesimal", EN_SERVICES, sezim_shelter_name("12:30"),
         [f"{EN_SERVICES}:{{line:    name: 12:30}}:11: services.sezim-shelter.name: expected text, got 12:30"
          f' (read by YAML as a number) — {QUOTE_FIX}: "12:30"']),
    case("latitude-as-quoted-text", PLACES, naryn(latitude='"41.43"'),
         [f"{PLACES}:{{line:latitude: \"41.43\"}}:15: places[{{index:naryn}}].latitude:"
          " expected a number, got text '41.43' — remove the quotes"]),

    # --- Ids, fields, references ---------------------------------------------------
    case("same-id-twice-in-one-file", SERVICES,
         (SEZIM_HOTLINE, SEZIM_HOTLINE.replace("id: sezim-hotline", "id: migrant-hotline")),
         [f"{SERVICES}:{{line#2:- id: migrant-hotline}}:9: services[{{index#2:migrant-hotline}}].id:"
          " id 'migrant-hotline' is used twice in this file (first on line {line:- id: migrant-hotline})"
          " — give one of the entries another id"]),
    case("place-id-reused-as-service-id", SERVICES,
         (SEZIM_HOTLINE, SEZIM_HOTLINE.replace("id: sezim-hotline", "id: naryn")),
         [f"{SERVICES}:{{line:- id: naryn}}:9: services[{{index:naryn}}].id: id 'naryn' is already used in"
          f" {PLACES}:{{line@{PLACES}:- id: naryn}} — ids must be unique across all data files; pick another id"]),
    case("unknown-field-typo", SERVICES,
         (MIGRANT_HOTLINE, MIGRANT_HOTLINE.replace("category:", "categry:")),
         [f"{SERVICES}:{{line:- id: migrant-hotline}}:5: {MIGRANT}.category: missing required field 'category'"
          " — add `category:` to this entry",
          f"{SERVICES}:{{line:categry:}}:5: {MIGRANT}.categry: unknown field 'categry'"
          " — did you mean 'category'?"]),
    case("missing-required-verified", ORGS, elsen(verified=""),
         [f"{ORGS}:{{line:- id: elsen}}:5: organizations[{{index:elsen}}].verified:"
          " missing required field 'verified' — add `verified:` to this entry"]),
    case("missing-source", ORGS, elsen(source=""),
         [f"{ORGS}:{{line:- id: elsen}}:5: organizations[{{index:elsen}}].source:"
          " missing required field 'source' — add `source:` to this entry"]),
    case("unknown-category", SERVICES,
         (NARYN_SHELTER, NARYN_SHELTER.replace("category: shelter", "category: shelterr")),
         [f"{SERVICES}:{{line:category: shelterr}}:15: services[{{index:naryn-shelter}}].category:"
          f" 'shelterr' is not one of: {CATEGORIES} — did you mean 'shelter'?"]),
    case("unknown-region-code", SERVICES,
         ("    service_area: [KG-B, KG-C, KG-J, KG-N,", "    service_area: [KG-X, KG-C, KG-J, KG-N,"),
         [f"{SERVICES}:{{line:[KG-X}}:20: services[{{index:scme-offices}}].service_area[0]:"
          f" 'KG-X' is not one of: {REGIONS} — did you mean 'KG-Y'?"]),
    case("unknown-organization", SERVICES,
         (SEZIM_HOTLINE, SEZIM_HOTLINE.replace("organization: sezim", "organization: sezm")),
         [f"{SERVICES}:{{line:organization: sezm}}:19: services[{{index:sezim-hotline}}].organization:"
          f" no organization with id 'sezm' in {ORGS} — did you mean 'sezim'?"]),
    case("unknown-place", SERVICES,
         (SEZIM_HOTLINE, SEZIM_HOTLINE.replace("[bishkek]", "[bishkekk]")),
         [f"{SERVICES}:{{line:[bishkekk]}}:17: services[{{index:sezim-hotline}}].locations[0]:"
          f" no place with id 'bishkekk' in {PLACES} — did you mean 'bishkek'?"]),
    case("unknown-source", ORGS, elsen(source="tip-2009"),
         [f"{ORGS}:{{line:source: tip-2009}}:13: organizations[{{index:elsen}}].source:"
          f" no source with id 'tip-2009' in {SOURCES} — did you mean 'tip-2008'?"]),

    # --- Phones --------------------------------------------------------------------
    case("valid-e164-phone-passes-but-a-changed-number-needs-a-new-source", SERVICES, phone('"+996312621111"'),
         [f"{SERVICES}:{{line:+996312621111}}:17: {MIGRANT}.phones[0].number: number of migrant-hotline changed from"
          " 189 to +996312621111 but source (tip-2008) and verified (2008-02-29) stayed the same — a changed number"
          " needs a new source and verified date: add the new source to sources.yml, cite it in `source:` and set"
          " `verified:` to the day of the new check"]),
    case("phone-invalid-for-phonenumbers", SERVICES, phone('"+99612"'),
         [f"{SERVICES}:{{line:+99612}}:17: {MIGRANT}.phones[0].number: expected a valid E.164 number (+996...)"
          f" or a short code, got '+99612' — {PHONE_FIX}"]),
    case("phone-e164-with-spaces", SERVICES, phone('"+996 312 621 111"'),
         [f"{SERVICES}:{{line:+996 312 621 111}}:17: {MIGRANT}.phones[0].number: expected a valid E.164 number"
          " (+996...) or a short code, got '+996 312 621 111' — write it in E.164: \"+996312621111\""]),
    case("phone-written-the-local-way", SERVICES, phone('"0342251234"'),  # the fix shows the same digits in E.164
         [f"{SERVICES}:{{line:0342251234}}:17: {MIGRANT}.phones[0].number: a short code has 3 or 4 digits, got 10"
          " ('0342251234') — write it in E.164: \"+996342251234\""]),
    case("short-code-911-without-coverage", SERVICES, phone('"911"'),
         [f"{SERVICES}:{{line:\"911\"}}:17: {MIGRANT}.phones[0].number: short code 911 needs `coverage:`"
          f" (where the source says it works) — {SHORT_CODE_FIX}"]),
    case("short-code-without-coverage", SERVICES, phone('"189"'),
         [f"{SERVICES}:{{line:number: \"189\"}}:17: {MIGRANT}.phones[0].number: short code 189 needs `coverage:`"
          f" (where the source says it works) — {SHORT_CODE_FIX}"]),
    case("short-code-coverage-in-a-town-abroad", SERVICES,
         (COVERAGE_189, COVERAGE_189.replace("jalal-abad]", "jalal-abad, almaty]")),
         [f"{SERVICES}:{{line:jalal-abad, almaty]}}:62: {MIGRANT}.phones[0].coverage.places[5]: short code 189 is"
          " a Kyrgyz number: it cannot be dialled from almaty — remove the town; for a line abroad write its"
          " full number (+...)"]),
    case("short-code-coverage-in-a-country-abroad", SERVICES,
         (COVERAGE_189, COVERAGE_189 + "          countries: [KZ]\n"),
         [f"{SERVICES}:{{line:countries: [KZ]}}:23: {MIGRANT}.phones[0].coverage.countries[0]: short code 189 is"
          " a Kyrgyz number: it cannot be dialled from KZ — remove the country; for a line abroad write its"
          " full number (+...)"]),
    case("coverage-unknown-town", SERVICES, (COVERAGE_189, COVERAGE_189.replace("[bishkek,", "[bishkekk,")),
         [f"{SERVICES}:{{line:[bishkekk,}}:20: {MIGRANT}.phones[0].coverage.places[0]: no place with id 'bishkekk'"
          f" in {PLACES} — did you mean 'bishkek'?"]),
    case("coverage-unknown-region", SERVICES, (COVERAGE_189, COVERAGE_189 + "          regions: [KG-X]\n"),
         [f"{SERVICES}:{{line:regions: [KG-X]}}:21: {MIGRANT}.phones[0].coverage.regions[0]:"
          f" 'KG-X' is not one of: {REGIONS} — did you mean 'KG-Y'?"]),
    case("coverage-empty", SERVICES, (FIRST_PHONE_189, phone('"189"')[1] + "        coverage: {}\n"),
         [f"{SERVICES}:{{line+1:type: voice}}:19: {MIGRANT}.phones[0].coverage: must not be empty"
          " — fill it in or delete the line"]),
    case("phone-with-old-service-area", SERVICES,
         (FIRST_PHONE_189, phone('"189"')[1] + "        service_area: [KG-GB]\n" + FIRST_PHONE_189.split("\n", 2)[2]),
         [f"{SERVICES}:{{line:service_area: [KG-GB]}}:9: {MIGRANT}.phones[0].service_area: a phone has no"
          " `service_area` — write `coverage:` with the towns the source names (docs/editing.md)"]),
    case("phone-extension-as-yaml-integer", SERVICES, phone('"+996312621111"\n        extension: 12'),
         [f"{SERVICES}:{{line:extension: 12}}:20: {MIGRANT}.phones[0].extension: expected text, got 12"
          f' (read by YAML as a number) — {QUOTE_FIX}: "12"']),
    case("phone-extension-not-digits", SERVICES, phone('"+996312621111"\n        extension: "12a"'),
         [f"{SERVICES}:{{line:extension: \"12a\"}}:20: {MIGRANT}.phones[0].extension: expected an extension of"
          " 1 to 8 digits, got '12a' — write only the digits, in quotes: extension: \"12\""]),
    case("phone-unknown-status", SERVICES, phone('"+996312621111"\n        status: closed'),
         [f"{SERVICES}:{{line:status: closed}}:17: {MIGRANT}.phones[0].status: 'closed' is not one of:"
          " active, inactive, defunct"]),
    # A fax with extension and status, and an SMS line abroad, are valid phones: the only error is that a
    # new number must enter the numbers ledger deliberately (issue 8).
    case("fax-with-extension-and-status-passes", SERVICES,
         (SEZIM_HOTLINE, SEZIM_HOTLINE + '    phones:\n      - number: "+996312621111"\n        type: fax\n'
                                         '        extension: "12"\n        status: defunct\n'),
         [f"{SERVICES}:{{line:+996312621111}}:17: services[{{index:sezim-hotline}}].phones[0].number: number"
          f" +996312621111 of sezim-hotline is not in the numbers ledger (content/data/numbers-ledger.yml) — {LEDGER_FIX}"]),
    case("sms-line-abroad-passes", SERVICES,
         (ALMATY_CONSULATE, ALMATY_CONSULATE + '    phones:\n      - number: "+77012345678"\n        type: sms\n'
                                               '        coverage: {countries: [KZ]}\n'),
         [f"{SERVICES}:{{line:+77012345678}}:17: services[{{index:consulate-almaty}}].phones[0].number: number"
          f" +77012345678 of consulate-almaty is not in the numbers ledger (content/data/numbers-ledger.yml) — {LEDGER_FIX}"]),

    # --- Places and coordinates ------------------------------------------------------
    case("coordinates-outside-kyrgyzstan", PLACES, naryn(latitude="43.25", longitude="76.95"),
         [f"{PLACES}:{{line:latitude: 43.25}}:15: places[{{index:naryn}}].latitude: (43.25, 76.95) is outside"
          " Kyrgyzstan — check the coordinates; latitude comes first"]),
    case("coordinates-swapped", PLACES, naryn(latitude="75.99", longitude="41.43"),
         [f"{PLACES}:{{line:latitude: 75.99}}:15: places[{{index:naryn}}].latitude: (75.99, 41.43) is"
          " outside Kyrgyzstan — check the coordinates; latitude comes first"]),
    case("coordinates-in-wrong-region", PLACES, naryn(region="KG-T"),
         [f"{PLACES}:{{line:latitude: 41.43}}:15: places[{{index:naryn}}].latitude: (41.43, 75.99) is"
          " outside region KG-T — check the region code or the coordinates"]),
    case("latitude-without-longitude", PLACES, naryn(longitude=""),
         [f"{PLACES}:{{line:latitude: 41.43}}:15: places[{{index:naryn}}].latitude: give both latitude and"
          " longitude, or neither — add `longitude:` from the same source, or delete `latitude:`"]),
    case("kg-place-without-region", PLACES, naryn(region=""),
         [f"{PLACES}:{{line:- id: naryn}}:5: places[{{index:naryn}}].region: a town in Kyrgyzstan needs its region"
          " — add `region:` with an ISO 3166-2:KG code"]),
    case("foreign-place-inside-kyrgyzstan", PLACES,
         (ALMATY, ALMATY + "    latitude: 41.9\n    longitude: 74.2\n"),
         [f"{PLACES}:{{line:latitude: 41.9}}:15: places[{{index:almaty}}].latitude: (41.9, 74.2) is inside"
          " Kyrgyzstan but country is KZ — check the coordinates (latitude first) or the country"]),
    case("foreign-place-with-region", PLACES, (ALMATY, ALMATY.replace("    country", "    region: KG-C\n    country")),
         [f"{PLACES}:{{line+1:- id: almaty}}:13: places[{{index:almaty}}].region: region KG-C is in Kyrgyzstan but"
          " country is KZ — remove the region or fix the country"]),
    case("street-address-on-shelter", SERVICES, (NARYN_SHELTER, NARYN_SHELTER + '    address_1: "Lenin street 1"\n'),
         [f"{SERVICES}:{{line:address_1:}}:5: services[{{index:naryn-shelter}}].address_1: shelters never carry"
          " a street address (safety) — delete it; give the town in `locations`"]),
    case("street-address-on-other-service", SERVICES,
         ("  - id: ulybka-help\n", '  - id: ulybka-help\n    address_1: "Lenin street 1"\n'),
         [f"{SERVICES}:{{line:address_1:}}:5: services[{{index:ulybka-help}}].address_1:"
          " unknown field 'address_1'; addresses are published at town level only — use `locations` with a town id"]),

    # --- URLs, e-mail, dates ---------------------------------------------------------
    case("url-javascript", ORGS, elsen(url='"javascript:alert(1)"'),
         [f"{ORGS}:{{line:url: \"javascript}}:10: organizations[{{index:elsen}}].url: expected an https:// web address,"
          f" got 'javascript:alert(1)' — {URL_FIX}"]),
    case("url-data", ORGS, elsen(url='"data:text/html,<b>x</b>"'),
         [f"{ORGS}:{{line:url: \"data:}}:10: organizations[{{index:elsen}}].url: expected an https:// web address,"
          f" got 'data:text/html,<b>x</b>' — {URL_FIX}"]),
    case("url-plain-http", ORGS, elsen(url="http://elsen.kg"),
         [f"{ORGS}:{{line:url: http:}}:10: organizations[{{index:elsen}}].url: expected an https:// web address,"
          f" got 'http://elsen.kg' — {URL_FIX}"]),
    case("email-malformed", ORGS, elsen(email="info(at)elsen.kg"),
         [f"{ORGS}:{{line:email: info(at)}}:12: organizations[{{index:elsen}}].email: expected an e-mail address,"
          " got 'info(at)elsen.kg' — write it like info@example.org"]),
    case("verified-on-build-date-passes", ORGS, elsen(verified="2026-11-29")),
    case("verified-in-future", ORGS, elsen(verified="2026-11-30"),
         [f"{ORGS}:{{line:verified: 2026-11-30}}:15: organizations[{{index:elsen}}].verified: date 2026-11-30 is in"
          " the future (build date 2026-11-29) — use the date the facts were actually confirmed"]),
    case("verified-not-a-real-date", ORGS, elsen(verified="2008-02-30"),
         [f"{ORGS}:{{line:verified: 2008-02-30}}:15: organizations[{{index:elsen}}].verified: '2008-02-30' is not"
          " a real date — write an existing date as YYYY-MM-DD"]),
    case("verified-not-iso", ORGS, elsen(verified="29.02.2008"),
         [f"{ORGS}:{{line:verified: 29.02.2008}}:15: organizations[{{index:elsen}}].verified: expected a date"
          " YYYY-MM-DD, got '29.02.2008' — write the date like 2008-02-29"]),

    # --- Texts in each language --------------------------------------------------------
    case("missing-translation-is-a-warning", EN_ORGS, drop_text("ulybka"), [],
         [f"{ORGS}:{{line@{ORGS}:- id: ulybka}}:9: organizations[{{index@{ORGS}:ulybka}}].id: no en text for"
          f" 'ulybka' in {EN_ORGS} — add the translation; until then the page shows another language with a notice"]),
    case("text-for-unknown-id", EN_ORGS,
         ("  ulybka:\n", '  ulybkaa:\n    name: "X"\n    description: "Y"\n  ulybka:\n'),
         [f"{EN_ORGS}:{{line:  ulybkaa:}}:3: organizations.ulybkaa: text for unknown id 'ulybkaa'"
          " — did you mean 'ulybka'?"]),
    case("text-key-not-an-id-points-at-the-key", EN_ORGS, ("  ulybka:\n", "  Ulybka:\n"),
         [f"{EN_ORGS}:{{line:  Ulybka:}}:3: organizations.Ulybka: 'Ulybka' is not a valid id"
          " — use the id from content/data/ (lowercase letters, digits and dashes)"]),
    case("html-in-text", EN_SERVICES, sezim_shelter_name('"Sezim <b>shelter</b>"'),
         [f"{EN_SERVICES}:{{line:<b>shelter}}:11: services.sezim-shelter.name: HTML or script in a text field"
          f" — {HTML_FIX}"]),
    case("script-in-text", EN_SERVICES, sezim_shelter_name('"<script>alert(1)</script>"'),
         [f"{EN_SERVICES}:{{line:<script>}}:11: services.sezim-shelter.name: HTML or script in a text field"
          f" — {HTML_FIX}"]),
    case("less-than-sign-in-plain-text-is-not-html", EN_SERVICES,
         sezim_shelter_name('"Shelter for girls < eighteen"'), []),
    case("word-ending-in-on-before-equals-is-not-html", EN_SERVICES,
         sezim_shelter_name('"Conditions = free of charge"'), []),
    case("text-over-length-limit", EN_SERVICES, sezim_shelter_name('"' + "x" * 121 + '"'),
         [f"{EN_SERVICES}:{{line:xxxxxxxxxx}}:11: services.sezim-shelter.name: text is 121 characters;"
          " the limit is 120 — shorten it"]),

    # --- Labels ------------------------------------------------------------------------
    case("missing-label-key", RU_LABELS, lambda text: re.sub(r"^  KG-N: .*\n", "", text, count=1, flags=re.M),
         [f"{RU_LABELS}:{{line:regions:}}:1: regions.KG-N: missing label — add `KG-N:` under `regions:`"
          " in every language's labels.yml"]),
    case("label-key-not-in-default-language", RU_LABELS, ("categories:\n", 'categories:\n  shelters: "x"\n'),
         [f"{RU_LABELS}:{{line:  shelters:}}:3: categories.shelters: label 'categories.shelters' is not in"
          " content/ky/labels.yml — did you mean 'categories.shelter'?"]),
    case("missing-labels-file", RU_LABELS, None,
         [f"{RU_LABELS}: file is missing — copy labels.yml from another language and translate it"]),
    case("on-as-label-text", EN_LABELS, ('  works_in: "works in"\n', "  works_in: on\n"),
         [f"{EN_LABELS}:{{line:works_in: on}}:13: phrases.works_in: expected text, got on (read by YAML as yes/no)"
          f' — {QUOTE_FIX}: "on"']),
]


# --- Machinery ---------------------------------------------------------------------

_PARSED: dict = {}


@pytest.fixture(autouse=True)
def parse_each_file_once(monkeypatch):
    """Memoize `load_yaml` by (file, bytes): a case then parses only the file it broke.

    `load_yaml` is a pure function of the relative path and the bytes, so this
    changes no result; it keeps the table fast (PyYAML's pure-Python parser).
    """
    real = yamlsrc.load_yaml

    def load_yaml(path: Path, root: Path):
        key = (path.relative_to(root).as_posix(), path.read_bytes())
        if key not in _PARSED:
            _PARSED[key] = pickle.dumps(real(path, root))
        return pickle.loads(_PARSED[key])  # a fresh copy for every case

    monkeypatch.setattr(content, "load_yaml", load_yaml)


def apply_edit(project: Path, c: Case) -> None:
    path = project / c.file
    if c.edit is None:
        path.unlink()
        return
    text = path.read_text(encoding="utf-8")
    if callable(c.edit):
        new = c.edit(text)
    else:
        old, replacement = c.edit
        assert text.count(old) == 1, f"the edit's old text must occur once in {c.file}: {old!r}"
        new = text.replace(old, replacement)
    assert new != text or c.encoding != "utf-8", "the edit changed nothing"
    path.write_bytes(new.encode(c.encoding))


_PLACEHOLDER = re.compile(r"\{(line|index)(?:#(\d+))?(?:\+(\d+))?(?:@([^:}]+))?:([^}]*)\}")


def _nth(hits: list[int], nth: int, what: str) -> int:
    assert len(hits) >= nth, f"placeholder: {what} found {len(hits)} time(s), wanted occurrence {nth}"
    return hits[nth - 1]


def resolve(expected: str, project: Path, c: Case) -> str:
    """Fill in ``{line:...}`` and ``{index:...}`` from the files after the edit."""
    def text_of(rel: str) -> str:
        return (project / rel).read_bytes().decode(c.encoding if rel == c.file else "utf-8")

    def fill(match: re.Match) -> str:
        what, nth, plus, rel, needle = match.groups()
        nth, plus, rel = int(nth or 1), int(plus or 0), rel or c.file
        lines = text_of(rel).splitlines()
        if what == "line":
            return str(_nth([i for i, line in enumerate(lines, 1) if needle in line], nth, repr(needle)) + plus)
        ids = [line[len("  - id: "):].strip() for line in lines if line.startswith("  - id: ")]
        return str(_nth([i for i, rid in enumerate(ids) if rid == needle], nth, f"id {needle!r}"))

    return _PLACEHOLDER.sub(fill, expected)


# --- Tests -------------------------------------------------------------------------


def test_shipped_content_is_clean(project):
    """The baseline every case edits: no error, no warning."""
    result = content.load_content(project, today=TODAY)
    assert [str(e) for e in result.errors] == []
    assert [str(w) for w in result.warnings] == []


@pytest.mark.parametrize("c", CASES)
def test_bad_input_is_reported_exactly(tmp_path, c: Case):
    project = make_project(tmp_path / "project", mini=True)  # the small tree: the same files, fewer records
    apply_edit(project, c)
    result = content.load_content(project, today=TODAY)
    expected_errors = [resolve(e, project, c) for e in c.errors]
    expected_warnings = [resolve(w, project, c) for w in c.warnings]
    assert [str(e) for e in result.errors] == expected_errors
    assert [str(w) for w in result.warnings] == expected_warnings
    assert all(e.severity == "error" for e in result.errors)
    assert all(w.severity == "warning" for w in result.warnings)


def test_table_has_one_readable_id_per_case():
    ids = [p.id for p in CASES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-zA-Z0-9-]+", i) for i in ids)
