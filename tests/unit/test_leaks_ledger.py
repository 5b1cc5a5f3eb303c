"""Location leaks, invisible characters, numbers in text and the numbers ledger, every input path.

Table-driven: each case copies the project (`make_project`), makes small edits,
runs the function the check command uses (`check.build_report` on
`content.load_content`) and compares the exact error texts
(``file:line:col: field: message — fix``).  A few cases also run the check
command and the real ``mkdocs build`` (tests/build/test_leak_builds.py) to show
they give the same message.  Placeholders in expected texts, resolved after the
edit: ``{line:NEEDLE}`` (first line containing NEEDLE in the case's first
edited file), ``{col:NEEDLE}`` (its 1-based column), ``{line@FILE:NEEDLE}``.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import check
import content
import leaks
from conftest import ROOT, make_project

TODAY = datetime.date(2026, 11, 29)
SERVICES = "content/data/services.yml"
SOURCES = "content/data/sources.yml"
PLACES = "content/data/places.yml"
LEDGER = "content/data/numbers-ledger.yml"
LEAK_FIX = leaks.LEAK_FIX
INVISIBLE_FIX = leaks.INVISIBLE_FIX
PHONE_FIX = leaks.PHONE_FIX
UPDATE_FIX = ("if this is a reviewed change, run `python hooks/check.py --update-ledger` and commit the ledger with it"
              " (the reviewer checks the ledger diff)")
CHANGED_FIX = ("a changed number needs a new source and verified date: add the new source to sources.yml, cite it"
               " in `source:` and set `verified:` to the day of the new check")
KIND_FIX = "check the number against the source; publish only the organization's own line in its country"
PAGE_NUMBER_FIX = ("write or link only numbers listed under `phones:` in content/data/services.yml (checked and in"
                   " the numbers ledger); add it there first, with its source")
MIGRANT_PHONE0 = "services[0].phones[0].number"
FIRST_PHONE = ('      - number: "189"\n        type: voice\n'
               '        # TIP 2008 §4B: "189 in Bishkek, Karakol, Talas, Osh and Jalalabad"\n'
               "        coverage:\n          places: [bishkek, karakol, talas, osh, jalal-abad]\n")


# --- Edits ------------------------------------------------------------------------


def text_field(rid: str, field: str, value: str):
    """Set one text field of record ``rid`` in a per-language file (written as a YAML double-quoted string)."""
    quoted = json.dumps(value, ensure_ascii=False)
    return lambda t: _sub(rf"(^  {re.escape(rid)}:\n(?:    .*\n)*?    {field}: ).*$", lambda m: m.group(1) + quoted, t)


def data_field(rid: str, field: str, value: str):
    """Set one field of the data record ``rid`` (the line must exist)."""
    quoted = json.dumps(value, ensure_ascii=False)
    return lambda t: _sub(rf"(^  - id: {re.escape(rid)}\n(?:    .*\n)*?    {field}: ).*$", lambda m: m.group(1) + quoted, t)


def label(group: str, key: str, value: str):
    quoted = json.dumps(value, ensure_ascii=False)
    return lambda t: _sub(rf"(^{group}:\n(?:  .*\n)*?  {re.escape(key)}: ).*$", lambda m: m.group(1) + quoted, t)


def append(line: str):
    return lambda t: t + "\n" + line + "\n"


def front(key: str, value: str):
    return lambda t: _sub(rf"^({key}: ).*$", lambda m: m.group(1) + value, t)


def replace(old: str, new: str):
    def edit(t: str) -> str:
        assert t.count(old) == 1, f"must occur once: {old!r}"
        return t.replace(old, new)
    return edit


def phone(number: str):
    """Replace the 189 short code of migrant-hotline by ``number``."""
    return replace(FIRST_PHONE, f'      - number: "{number}"\n        type: voice\n')


def _sub(pattern: str, repl, text: str) -> str:
    new, n = re.subn(pattern, repl, text, count=1, flags=re.M)
    assert n == 1, f"edit did not apply: {pattern}"
    return new


def case(case_id: str, edits, *errors: str):
    """One row: ``edits`` is ``(file, edit)`` or a list of them; ``errors`` the exact texts expected."""
    edits = [edits] if isinstance(edits, tuple) else edits
    return pytest.param(edits, errors, id=case_id)


def leak(kind: str, snippet: str) -> str:
    return f"looks like {kind} ('{snippet}') — {LEAK_FIX}"


STREET, BUILDING, FLAT, LANDMARK = "a street address", "a building or house number", "a flat, floor or room", "a landmark"
EN_S, RU_S, KY_S = "content/en/services.yml", "content/ru/services.yml", "content/ky/services.yml"
EN_O, RU_O, KY_O = "content/en/organizations.yml", "content/ru/organizations.yml", "content/ky/organizations.yml"


def in_text(file: str, rid: str, kind_key: str, text: str, snippet: str, message: str, field: str = "description"):
    """A case: ``text`` as the field of ``rid`` in ``file``; one error at ``snippet``."""
    return ((file, text_field(rid, field, text)),
            f"{file}:{{line:{snippet}}}:{{col:{snippet}}}: {kind_key}.{rid}.{field}: {message}")


def leak_case(case_id, file, rid, kind_key, text, kind, snippet, field="description"):
    edit, expected = in_text(file, rid, kind_key, text, snippet, leak(kind, snippet), field)
    return case(case_id, edit, expected)


def page_case(case_id, file, line, snippet, message):
    return case(case_id, (file, append(line)), f"{file}:{{line:{line}}}:{{col:{snippet}}}: {message}")


CASES = [
    # --- Location leaks in shelter and organization texts, each language -----------------
    leak_case("en-landmark-in-shelter", EN_S, "naryn-shelter", "services", "Opposite the bus station, in the centre.",
              LANDMARK, "Opposite the bus"),
    case("en-issue-example-three-leaks", (EN_S, text_field("naryn-shelter", "description",
                                                           "Opposite the bus station, Lenin St. 12, 2nd floor.")),
         *[f"{EN_S}:{{line:Opposite}}:{{col:{s}}}: services.naryn-shelter.description: {leak(k, s)}"
           for k, s in ((LANDMARK, "Opposite the bus"), (STREET, "Lenin St. 12"), (FLAT, "2nd floor"))]),
    leak_case("en-number-before-street", EN_S, "naryn-shelter", "services", "Come to 12 Lenin Street.", STREET,
              "12 Lenin Street"),
    leak_case("en-named-avenue", EN_O, "elsen", "organizations", "Office on Chui Avenue.", STREET, "Chui Avenue"),
    leak_case("en-building-number", EN_S, "naryn-shelter", "services", "In building 4 of the hospital.", BUILDING,
              "building 4"),
    leak_case("en-apartment", EN_S, "naryn-shelter", "services", "Ring at apartment 5.", FLAT, "apartment 5"),
    leak_case("en-next-to", EN_O, "sezim", "organizations", "It is next to the market.", LANDMARK, "next to the market"),
    leak_case("en-in-application-process", EN_S, "naryn-shelter", "services", "Enter from the third floor.", FLAT,
              "third floor", field="application_process"),
    leak_case("ru-street-in-organization", RU_O, "elsen", "organizations", "Приём по адресу ул. Ленина 5.", STREET,
              "ул. Ленина 5"),
    leak_case("ru-ulitsa", RU_S, "naryn-shelter", "services", "Приют на улице Токтогула.", STREET, "улице Токтогула"),
    leak_case("ru-dom", RU_S, "naryn-shelter", "services", "Приют: дом 5, во дворе.", BUILDING, "дом 5"),
    leak_case("ru-d-abbreviation", RU_S, "naryn-shelter", "services", "Приют: д. 12, во дворе.", BUILDING, "д. 12"),
    leak_case("ru-kv", RU_S, "naryn-shelter", "services", "Приют: кв. 4, звонить.", FLAT, "кв."),
    leak_case("ru-etazh", RU_S, "naryn-shelter", "services", "Приют на третьем этаже.", FLAT, "этаже"),
    leak_case("ru-naprotiv", RU_O, "sezim", "organizations", "Офис напротив рынка.", LANDMARK, "напротив рынка"),
    leak_case("ru-ryadom-s", RU_S, "naryn-shelter", "services", "Приют рядом с автовокзалом.", LANDMARK,
              "рядом с автовокзалом"),
    leak_case("ru-mkr", RU_S, "naryn-shelter", "services", "Приют в мкр. Джал 23.", STREET, "мкр. Джал 23"),
    leak_case("ky-kochosu", KY_S, "naryn-shelter", "services", "Жай Ленин көчөсү 12 дарегинде.", STREET,
              "Ленин көчөсү 12"),
    leak_case("ky-uy-number", KY_S, "naryn-shelter", "services", "Жай: 12-үй, короодо.", BUILDING, "12-үй"),
    leak_case("ky-kabat", KY_O, "elsen", "organizations", "Кеңсе 3-кабатта.", FLAT, "3-кабатта"),
    leak_case("ky-karshysynda", KY_S, "naryn-shelter", "services", "Жай базардын каршысында.", LANDMARK, "каршысында"),
    leak_case("ky-batir", KY_S, "naryn-shelter", "services", "Жай батирде.", FLAT, "батирде"),

    # --- Other input paths: data text fields, labels, pages, front matter ----------------
    case("street-in-source-section", (SERVICES, data_field("naryn-shelter", "source_section", "§3K; Lenin Street 5")),
         f"{SERVICES}:{{line:Lenin Street}}:{{col:Lenin Street 5}}: services[{{index:naryn-shelter}}].source_section:"
         f" {leak(STREET, 'Lenin Street 5')}"),
    case("street-in-source-note", (SOURCES, data_field("tip-2008", "title", "TIP report, ул. Ленина 5")),
         f"{SOURCES}:{{line:ул. Ленина}}:{{col:ул. Ленина 5}}: sources[1].title: {leak(STREET, 'ул. Ленина 5')}"),
    case("street-in-place-label-en", ("content/en/labels.yml", label("places", "naryn", "Naryn, Lenin St. 12")),
         f"content/en/labels.yml:{{line:Lenin St. 12}}:{{col:Lenin St. 12}}: places.naryn: {leak(STREET, 'Lenin St. 12')}"),
    case("street-in-place-label-ru", ("content/ru/labels.yml", label("places", "naryn", "Нарын, ул. Ленина 5")),
         f"content/ru/labels.yml:{{line:ул. Ленина}}:{{col:ул. Ленина 5}}: places.naryn: {leak(STREET, 'ул. Ленина 5')}"),
    case("landmark-in-place-label-ky", ("content/ky/labels.yml", label("places", "naryn", "Нарын, базардын каршысында")),
         f"content/ky/labels.yml:{{line:каршысында}}:{{col:каршысында}}: places.naryn: {leak(LANDMARK, 'каршысында')}"),
    page_case("street-in-shelters-page-ru", "content/ru/shelters.md", "Приют находится по адресу ул. Ленина 5.",
              "ул. Ленина 5", leak(STREET, "ул. Ленина 5")),
    page_case("street-in-any-page-en", "content/en/guide/coming-home.md", "The office is at 12 Lenin Street.",
              "12 Lenin Street", leak(STREET, "12 Lenin Street")),
    page_case("floor-in-page-ky", "content/ky/about.md", "Кеңсе 2-кабатта.", "2-кабатта", leak(FLAT, "2-кабатта")),
    case("landmark-in-front-matter-description", ("content/en/shelters.md", front("description", "Opposite the bus station")),
         f"content/en/shelters.md:3:14: {leak(LANDMARK, 'Opposite the bus')}"),

    # --- Coordinates: a town centre, 2 decimals -----------------------------------------
    case("six-decimals-on-a-shelter-town", (PLACES, replace("    latitude: 41.43\n", "    latitude: 41.428661\n")),
         f"{PLACES}:{{line:41.428661}}:15: places[{{index:naryn}}].latitude: 41.428661 has 6 decimals; places are"
         " published to 2 decimals (about 1 km) — round to 2 decimals — town centre only"),
    case("new-town-with-building-precision", [
        (PLACES, append("  - id: at-bashy\n    region: KG-N\n    country: KG\n    latitude: 41.17\n"
                        "    longitude: 75.806123\n    source: geonames")),
        (SERVICES, replace("  - id: naryn-shelter\n    category: shelter\n    locations: [naryn]\n",
                           "  - id: naryn-shelter\n    category: shelter\n    locations: [naryn, at-bashy]\n"))] + [
        (f"content/{lang}/labels.yml", replace("  naryn: ", '  at-bashy: "At-Bashy"\n  naryn: ')) for lang in ("ky", "ru", "en")],
         f"{PLACES}:{{line:75.806123}}:16: places[{{index:at-bashy}}].longitude: 75.806123 has 6 decimals; places are"
         " published to 2 decimals (about 1 km) — round to 2 decimals — town centre only"),

    # --- Invisible characters, every path ------------------------------------------------
    *[case(f"invisible-{name}-in-text", (EN_S, text_field("naryn-shelter", "name", f"Shelter{char}Naryn")),
           f"{EN_S}:{{line:Shelter{char}}}:{{col:{char}}}: services.naryn-shelter.name: invisible character"
           f" U+{ord(char):04X} ({uname}) — {INVISIBLE_FIX}")
      for name, char, uname in (("zwsp", "\u200b", "ZERO WIDTH SPACE"), ("zwj", "\u200d", "ZERO WIDTH JOINER"),
                                ("bom", "\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
                                ("rlo", "\u202e", "RIGHT-TO-LEFT OVERRIDE"),
                                ("lri", "\u2066", "LEFT-TO-RIGHT ISOLATE"), ("soft-hyphen", "\u00ad", "SOFT HYPHEN"))],
    case("invisible-in-label", ("content/ru/labels.yml", label("places", "naryn", "Нарын\u200b")),
         f"content/ru/labels.yml:{{line:Нарын\u200b}}:{{col:\u200b}}: places.naryn: invisible character U+200B"
         f" (ZERO WIDTH SPACE) — {INVISIBLE_FIX}"),
    case("invisible-in-an-id-like-field", (SERVICES, data_field("naryn-shelter", "source_section", "§3K\u2069")),
         f"{SERVICES}:{{line:§3K\u2069}}:{{col:\u2069}}: services[{{index:naryn-shelter}}].source_section: invisible"
         f" character U+2069 (POP DIRECTIONAL ISOLATE) — {INVISIBLE_FIX}"),
    page_case("invisible-in-page", "content/ky/index.md", "Жардам\u202a керек", "\u202a",
              f"invisible character U+202A (LEFT-TO-RIGHT EMBEDDING) — {INVISIBLE_FIX}"),

    # --- Numbers in texts, every trick ------------------------------------------------------
    *[case(f"number-in-text-{name}", (RU_S, text_field("naryn-shelter", "description", f"Звоните {number} днём.")),
           f"{RU_S}:{{line:{number}}}:{{col:{number}}}: services.naryn-shelter.description: phone number in a text"
           f" ('{number}') — {PHONE_FIX}")
      for name, number in (("dots", "0312.62.11.11"), ("spaces", "0 555 123 456"), ("plus-spaces", "+996 555 12 34 56"),
                           ("nbsp", "0555\u00a0123\u00a0456"), ("parentheses", "(0312) 62-11-11"),
                           ("wa-me", "wa.me/996555123456"), ("t-me", "t.me/+996555123456"),
                           ("viber", "viber://chat?number=%2B996555123456"))],
    case("number-with-zero-width-spaces", (EN_O, text_field("elsen", "description", "Call +996\u200b555\u200b123456.")),
         f"{EN_O}:{{line:+996\u200b}}:{{col:+996}}: organizations.elsen.description: phone number in a text"
         f" ('+996\u200b555\u200b123456') — {PHONE_FIX}",
         *[f"{EN_O}:{{line:+996\u200b}}:{{col:\u200b555}}: organizations.elsen.description: invisible character U+200B"
           f" (ZERO WIDTH SPACE) — {INVISIBLE_FIX}"] ,
         f"{EN_O}:{{line:+996\u200b}}:{{col:\u200b123456}}: organizations.elsen.description: invisible character U+200B"
         f" (ZERO WIDTH SPACE) — {INVISIBLE_FIX}"),
    case("number-in-a-label", ("content/en/labels.yml", label("places", "naryn", "Naryn 0312 62 11 11")),
         f"content/en/labels.yml:{{line:Naryn 0312}}:{{col:0312}}: places.naryn: phone number in a text"
         f" ('0312 62 11 11') — {PHONE_FIX}"),
    page_case("tel-link-in-page-not-in-data", "content/en/hotlines.md", "[call](tel:+996312000000)", "tel:",
              f"number +996312000000 ('tel:+996312000000') is not a number in content/data/services.yml — {PAGE_NUMBER_FIX}"),
    page_case("sms-link-in-page-not-in-data", "content/ru/hotlines.md", "[смс](sms:+996555123456)", "sms:",
              f"number +996555123456 ('sms:+996555123456') is not a number in content/data/services.yml — {PAGE_NUMBER_FIX}"),
    page_case("national-number-in-page-text", "content/ky/hotlines.md", "Чалыңыз: 0312 62 11 11.", "0312",
              f"number +996312621111 ('0312 62 11 11') is not a number in content/data/services.yml — {PAGE_NUMBER_FIX}"),
    page_case("whatsapp-link-in-page", "content/en/index.md", "[WhatsApp](https://wa.me/996555123456)", "wa.me",
              f"number +996555123456 ('wa.me/996555123456') is not a number in content/data/services.yml — {PAGE_NUMBER_FIX}"),
    case("tel-link-to-a-data-number-passes", ("content/en/hotlines.md", append("[call 189](tel:189)"))),
    case("counts-years-and-dates-are-not-numbers", (EN_S, text_field(
        "naryn-shelter", "description", "In 2007 it helped 1,000 people (2003-2006; 29.02.2008; 2008-02-29)."))),

    # --- Number kinds ---------------------------------------------------------------------
    *[case(f"kind-{name}", (SERVICES, phone(number)),
           f"{SERVICES}:{{line:{number}}}:17: {MIGRANT_PHONE0}: {message} — {KIND_FIX}")
      for name, number, message in (
          ("premium-rate", "+449012345678", "+449012345678 is a premium-rate number (GB); callers would pay a premium"),
          ("non-geographic-800", "+80012345678", "+80012345678 is a non-geographic foreign number (001), not a line of a place"),
          ("non-geographic-voip", "+445612345678", "+445612345678 is a non-geographic foreign number (GB), not a line of a place"),
          ("foreign-mobile-as-kyrgyz-hotline", "+79123456789",
           "+79123456789 is a foreign mobile number (RU) used as a Kyrgyz hotline"),
          ("country-does-not-fit", "+77123456789", "+77123456789 is a number in KZ, but the service is in KG"))],
    case("short-code-of-five-digits", (SERVICES, phone("12345")),
         f"{SERVICES}:{{line:12345}}:17: {MIGRANT_PHONE0}: a short code has 3 or 4 digits, got 5 ('12345') — write the"
         " full number in E.164 (+996...), or the short code exactly as the source gives it"),
    case("short-code-of-two-digits", (SERVICES, phone("11")),
         f"{SERVICES}:{{line:\"11\"}}:17: {MIGRANT_PHONE0}: a short code has 3 or 4 digits, got 2 ('11') — write the"
         " full number in E.164 (+996...), or the short code exactly as the source gives it"),

    # --- The ledger -------------------------------------------------------------------------
    case("number-swapped-old-source-kept", (SERVICES, replace('      - number: "104"\n', '      - number: "+996700123456"\n')),
         f"{SERVICES}:{{line:+996700123456}}:17: services[0].phones[1].number: number of migrant-hotline changed from"
         f" 104 to +996700123456 but source (tip-2008) and verified (2008-02-29) stayed the same — {CHANGED_FIX}"),
    case("number-changed-with-new-source-but-no-ledger", (SERVICES, lambda t: replace(
        '      - number: "104"\n', '      - number: "+996312621111"\n')(t).replace(
        "    source: tip-2008\n    source_section: \"§4B, §3K\"\n    verified: 2008-02-29\n",
        "    source: ptl-2004\n    source_section: \"§4B, §3K\"\n    verified: 2004-01-31\n", 1)),
         f"{SERVICES}:{{line:number: \"189\"}}:17: services[0].phones[0].number: number 189 is in the ledger with source"
         f" tip-2008, verified 2008-02-29; the data now says ptl-2004, 2004-01-31 — {UPDATE_FIX}",
         f"{SERVICES}:{{line:+996312621111}}:17: services[0].phones[1].number: number of migrant-hotline changed from"
         f" 104 to +996312621111 without the numbers ledger — {UPDATE_FIX}"),
    case("number-added-without-ledger", (SERVICES, replace(
        "  - id: sezim-hotline\n    organization: sezim\n    category: hotline\n    locations: [bishkek]\n",
        "  - id: sezim-hotline\n    organization: sezim\n    category: hotline\n    locations: [bishkek]\n"
        '    phones:\n      - number: "+996312621111"\n')),
         f"{SERVICES}:{{line:+996312621111}}:17: services[{{index:sezim-hotline}}].phones[0].number: number"
         f" +996312621111 of sezim-hotline is not in the numbers ledger ({LEDGER}) — {UPDATE_FIX}"),
    case("number-removed-without-ledger", (SERVICES, replace(
        '      - number: "104"\n        type: voice\n        # TIP 2008 §4B: "or 104 in Naryn and Batken"\n'
        '        coverage:\n          places: [naryn, batken]\n        languages: [ky, ru]\n', "")),
         f"{LEDGER}:{{line@{LEDGER}:'104'}}:11: numbers[1].number: number 104 of migrant-hotline is in the ledger but"
         f" no longer in content/data/services.yml — {UPDATE_FIX}"),
    case("ledger-missing", (LEDGER, lambda t: None),
         f"{LEDGER}: the numbers ledger is missing — run `python hooks/check.py --update-ledger` and commit the file"),
]


# --- Machinery -----------------------------------------------------------------------


def apply(project: Path, edits) -> None:
    for rel, edit in edits:
        path = project / rel
        new = edit(path.read_text(encoding="utf-8"))
        if new is None:
            path.unlink()
        else:
            path.write_text(new, encoding="utf-8")


_PLACEHOLDER = re.compile(r"\{(line|col|index)(?:@([^:}]+))?:([^{}]*)\}")


def resolve(expected: str, project: Path, first_file: str) -> str:
    """Fill ``{line:NEEDLE}``, ``{col:NEEDLE}`` and ``{index:ID}`` from the files after the edits."""
    def fill(match: re.Match) -> str:
        what, rel, needle = match.groups()
        lines = (project / (rel or first_file)).read_text(encoding="utf-8").splitlines()
        if what == "index":
            ids = [ln[len("  - id: "):].strip() for ln in lines if ln.startswith("  - id: ")]
            return str(ids.index(needle))
        number, text = next((i, ln) for i, ln in enumerate(lines, 1) if needle in ln)
        return str(number if what == "line" else text.index(needle) + 1)

    return _PLACEHOLDER.sub(fill, expected)


def run_report(project: Path) -> dict:
    return check.build_report(content.load_content(project, today=TODAY), 12)


@pytest.mark.parametrize("edits, errors", CASES)
def test_check_reports_exactly(tmp_path, edits, errors):
    # the small fixture tree when only YAML is edited; pages need the whole site's pages and links
    project = make_project(tmp_path / "p", mini=not any(rel.endswith(".md") for rel, _ in edits))
    apply(project, edits)
    expected = [resolve(e, project, edits[0][0]) for e in errors]
    report = run_report(project)
    assert [e["text"] for e in report["errors"]] == sorted(expected, key=_position)


def _position(text: str):
    file, line, col = (text.split(":", 3) + ["0", "0"])[:3]
    return (file, int(line) if line.isdigit() else 0, int(col) if col.isdigit() else 0)


def test_table_is_large_and_ids_unique():
    ids = [p.id for p in CASES]
    assert len(ids) == len(set(ids)) and len(ids) >= 40


def test_shipped_content_has_no_leak_or_stray_number():
    """No false positives: every text of the shipped content passes the scanners."""
    for path in sorted((ROOT / "content").rglob("*")):
        if path.suffix in (".md", ".yml") and "regions" not in path.parts and path.name != "numbers-ledger.yml":
            text = path.read_text(encoding="utf-8")
            assert leaks.location_leaks(text) == [], path
            assert leaks.invisible_characters(text) == [], path


def run_check(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(root / "hooks" / "check.py"), "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120)


def test_update_ledger_refuses_a_changed_number_with_the_old_source(tmp_path):
    project = make_project(tmp_path / "p", mini=True)
    apply(project, [(SERVICES, phone("+996312621111"))])
    before = (project / LEDGER).read_text(encoding="utf-8")
    result = run_check(project, "--update-ledger")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "numbers ledger NOT updated" in result.stdout and "a changed number needs a new source" in result.stdout
    assert (project / LEDGER).read_text(encoding="utf-8") == before


def test_update_ledger_after_a_reviewed_change(tmp_path):
    """The documented workflow: new number, new source and verified date, update, the check passes."""
    project = make_project(tmp_path / "p", mini=True)
    apply(project, [(SERVICES, lambda t: phone("+996312621111")(t).replace(
        "    source: tip-2008\n    source_section: \"§4B, §3K\"\n    verified: 2008-02-29\n",
        "    source: ptl-2004\n    source_section: \"§4B, §3K\"\n    verified: 2004-01-31\n", 1))])
    assert run_check(project).returncode == 1
    result = run_check(project, "--update-ledger")
    assert result.returncode == 0, result.stdout
    ledger_text = (project / LEDGER).read_text(encoding="utf-8")
    assert "- number: '+996312621111'\n  service: migrant-hotline\n  source: ptl-2004\n  verified: '2004-01-31'" in ledger_text
    assert "'189'" not in ledger_text
    assert run_check(project).returncode == 0


def test_committed_ledger_matches_the_data():
    import ledger
    assert (ROOT / LEDGER).read_text(encoding="utf-8") == ledger.ledger_text(content.load_content(ROOT, today=TODAY))


def _tail(text: str) -> str:
    """Drop ``file:line:col: `` (positions depend on the example's place in the file)."""
    return re.sub(r"^[^:\s]+(?::(?:\{[^}]*\}|\d+)){2}: |^[^:\s]+: ", "", text)


def test_handbook_messages_are_the_ones_the_check_gives():
    """Every example message in docs/editing.md's leak and ledger sections is a row of this table."""
    doc = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Location details"):doc.index("## Update a hotline")]
    shown = [ln.strip() for ln in section.splitlines() if re.match(r"\s*content/\S+:\d+:\d+: ", ln)]
    table = set()
    for p in CASES:
        for e in p.values[1]:
            try:
                table.add(resolve(_tail(e), ROOT, p.values[0][0][0]))
            except (ValueError, StopIteration):  # names a record that exists only after the case's edit
                pass
    assert len(shown) >= 6
    for line in shown:
        assert _tail(line) in table, line
