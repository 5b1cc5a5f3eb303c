"""The numbers ledger: every number the site dials, with its service, source and verified date.

``content/data/numbers-ledger.yml`` is committed next to the data.  The check
command and the build fail when a number appears, changes or disappears in
``content/data/services.yml`` without the ledger changing, so that a swapped
number cannot slip through a review: the ledger diff shows it.  The ledger is
rewritten only on purpose, with ``python hooks/check.py --update-ledger``
(`write_ledger`), which refuses while a changed number keeps its old source and
verified date.  This module also checks the kind of each number with
``phonenumbers`` (premium-rate, non-geographic, a foreign mobile as a Kyrgyz
hotline, a country that does not fit the service's towns) and that every number
a Markdown page writes or links (``tel:``, ``sms:``, ``wa.me/`` ...) is a number
in the data.  Never imports MkDocs.
"""

from __future__ import annotations

from pathlib import Path

import phonenumbers
import yaml

import leaks
import schema
from errors import ContentError
from pages import page_files
from yamlsrc import load_yaml

LEDGER = Path("content") / "data" / "numbers-ledger.yml"
UPDATE_COMMAND = "python hooks/check.py --update-ledger"
UPDATE_FIX = (f"if this is a reviewed change, run `{UPDATE_COMMAND}` and commit the ledger with it"
              " (the reviewer checks the ledger diff)")
CHANGED_FIX = "a changed number needs a new source and verified date: add the new source to sources.yml, cite it" \
              " in `source:` and set `verified:` to the day of the new check"
_HEADER = f"""\
# Ledger of every number the site dials (E.164 or short code), with the service that
# publishes it and that service's source and verified date.  Written by
#     {UPDATE_COMMAND}
# only after a reviewed change; the check command and the build fail when a number in
# content/data/services.yml appears, changes or disappears without this file changing.
# Do not edit by hand.  See docs/editing.md, "Change a phone number".
"""
_NUMBER_TYPES = phonenumbers.PhoneNumberType
_NON_GEOGRAPHIC = (_NUMBER_TYPES.UAN, _NUMBER_TYPES.VOIP, _NUMBER_TYPES.PERSONAL_NUMBER,
                   _NUMBER_TYPES.SHARED_COST, _NUMBER_TYPES.PAGER, _NUMBER_TYPES.VOICEMAIL, _NUMBER_TYPES.UNKNOWN)


def published_numbers(content) -> list[dict]:
    """Return what the ledger must hold, in data order.

    Shape: ``[{"number", "service", "source", "verified", "_path"}]``; ``_path`` is the
    number's path in ``services.yml`` (for error positions).
    """
    out = []
    for sid, service in content.services.items():
        for j, phone in enumerate(service.get("phones", [])):
            out.append({"number": phone["number"], "service": sid, "source": service["source"],
                        "verified": service["verified"], "_path": service["_path"] + ("phones", j, "number")})
    return out


def read_ledger(root: Path) -> tuple[list[dict], object, list[ContentError]]:
    """Read the committed ledger; return ``(entries, marks, errors)``.

    Entries are ``{"number", "service", "source", "verified", "_path"}`` with all values text.
    A missing or malformed ledger is one error naming the file and the update command.
    """
    path = root / LEDGER
    if not path.exists():
        return [], None, [ContentError(LEDGER.as_posix(), 0, 0, "", "the numbers ledger is missing",
                                       f"run `{UPDATE_COMMAND}` and commit the file")]
    data, marks, errors = load_yaml(path, root)
    if errors:
        return [], marks, errors
    items = data.get("numbers") if isinstance(data, dict) else None
    keys = {"number", "service", "source", "verified"}
    if not isinstance(items, list) or not all(isinstance(i, dict) and set(i) == keys
                                              and all(isinstance(v, str) for v in i.values()) for i in items):
        return [], marks, [ContentError(LEDGER.as_posix(), 1, 1, "", "the numbers ledger is malformed (expected"
                                        " `numbers:` with number, service, source and verified as text)",
                                        f"restore it from git, or run `{UPDATE_COMMAND}` after a review")]
    return [i | {"_path": ("numbers", k, "number")} for k, i in enumerate(items)], marks, []


def check_ledger(content, marks: dict) -> None:
    """Every published number is in the ledger with its service, source and verified date, and nothing else is."""
    entries, ledger_marks, errors = read_ledger(content.root)
    content.errors.extend(errors)
    if errors:
        return
    m = marks["services"]
    wanted = published_numbers(content)
    have = {(e["service"], e["number"]): e for e in entries}
    want = {(w["service"], w["number"]) for w in wanted}
    gone = [e for e in entries if (e["service"], e["number"]) not in want]
    for item in wanted:
        key = (item["service"], item["number"])
        if key in have:
            entry = have[key]
            if (entry["source"], entry["verified"]) != (item["source"], item["verified"]):
                content.errors.append(m.error(item["_path"], f"number {item['number']} is in the ledger with source"
                                              f" {entry['source']}, verified {entry['verified']}; the data now says"
                                              f" {item['source']}, {item['verified']}", UPDATE_FIX))
            continue
        old = next((e for e in gone if e["service"] == item["service"]), None)
        if old is None:
            content.errors.append(m.error(item["_path"], f"number {item['number']} of {item['service']} is not in the"
                                          f" numbers ledger ({LEDGER.as_posix()})", UPDATE_FIX))
            continue
        gone.remove(old)
        if (old["source"], old["verified"]) == (item["source"], item["verified"]):
            content.errors.append(m.error(item["_path"], f"number of {item['service']} changed from {old['number']} to"
                                          f" {item['number']} but source ({item['source']}) and verified"
                                          f" ({item['verified']}) stayed the same", CHANGED_FIX))
        else:
            content.errors.append(m.error(item["_path"], f"number of {item['service']} changed from {old['number']}"
                                          f" to {item['number']} without the numbers ledger", UPDATE_FIX))
    for entry in gone:
        content.errors.append(ledger_marks.error(entry["_path"], f"number {entry['number']} of {entry['service']} is in"
                                                 " the ledger but no longer in content/data/services.yml", UPDATE_FIX))


def ledger_text(content) -> str:
    """Return the ledger file for the current data (header comment + YAML written by PyYAML)."""
    items = [{k: str(v) for k, v in item.items() if k != "_path"} for item in published_numbers(content)]
    return _HEADER + yaml.safe_dump({"numbers": items}, allow_unicode=True, sort_keys=False, width=1000)


def write_ledger(content) -> list[ContentError]:
    """Rewrite the ledger from the data unless the content has other errors; return those errors.

    Refuses (returns errors, writes nothing) while any error other than "ledger out of
    date" (or missing, or malformed) remains, in particular a changed number that kept its source and verified date.
    """
    blocking = [e for e in content.errors if e.fix != UPDATE_FIX and e.file != LEDGER.as_posix()]
    if not blocking:
        (content.root / LEDGER).write_text(ledger_text(content), encoding="utf-8")
    return blocking


# --- Kinds of numbers -----------------------------------------------------------


def _countries(content, service: dict, phone: dict) -> set[str]:
    """Countries where a number may be: its service's towns, its coverage, else Kyrgyzstan."""
    coverage = phone.get("coverage") or service.get("coverage") or {}
    places = list(service.get("locations", [])) + list(coverage.get("places", []) if isinstance(coverage, dict) else [])
    found = {content.places[p]["country"] for p in places if p in content.places}
    if isinstance(coverage, dict):
        found |= set(coverage.get("countries", []))
        found |= {"KG"} if coverage.get("regions") else set()
    return found or {"KG"}


def number_kind_error(number: str, countries: set[str], category: str) -> str:
    """Return why a valid E.164 number does not fit its service ("" if it fits).

    Rules: no premium-rate number; no non-geographic foreign number (UAN, VoIP,
    personal, shared-cost, global +800 ...); no foreign mobile as a hotline of a
    service in Kyrgyzstan; the number's country is one of ``countries``.
    """
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return ""  # rules.check_phone reports it
    if not phonenumbers.is_valid_number(parsed):
        return ""
    kind = phonenumbers.number_type(parsed)
    country = phonenumbers.region_code_for_number(parsed)
    if kind == _NUMBER_TYPES.PREMIUM_RATE:
        return f"{number} is a premium-rate number ({country}); callers would pay a premium"
    if country != "KG" and (kind in _NON_GEOGRAPHIC or country == "001"):
        return f"{number} is a non-geographic foreign number ({country}), not a line of a place"
    if category == "hotline" and countries == {"KG"} and country != "KG" and kind == _NUMBER_TYPES.MOBILE:
        return f"{number} is a foreign mobile number ({country}) used as a Kyrgyz hotline"
    if country not in countries:
        return f"{number} is a number in {country}, but the service is in {', '.join(sorted(countries))}"
    return ""


def check_number_kinds(content, marks: dict) -> None:
    """A number fits its service: not premium-rate or non-geographic, not a foreign mobile as a Kyrgyz hotline."""
    for service in content.services.values():
        for j, phone in enumerate(service.get("phones", [])):
            if not phone["number"].startswith("+"):
                continue
            problem = number_kind_error(phone["number"], _countries(content, service, phone), service["category"])
            if problem:
                content.errors.append(marks["services"].error(
                    service["_path"] + ("phones", j, "number"), problem,
                    "check the number against the source; publish only the organization's own line in its country"))


# --- Numbers in pages -----------------------------------------------------------


def check_page_numbers(content) -> None:
    """A number written or linked in a page (``tel:``, ``sms:``, ``wa.me/`` ...) is a number in the data."""
    known = {p["number"] for s in content.services.values() for p in s.get("phones", [])}
    for lang in schema.SITE_LANGUAGES:
        folder = content.root / "content" / lang
        for name in sorted(page_files(folder)):
            page = folder / name
            text = page.read_text(encoding="utf-8", errors="replace")
            rel = page.relative_to(content.root).as_posix()
            for start, snippet in leaks.phone_numbers(text):
                number = leaks.normalise_number(snippet)
                if number in known:
                    continue
                line = text.count("\n", 0, start) + 1
                col = start - (text.rfind("\n", 0, start) + 1) + 1
                content.errors.append(ContentError(
                    rel, line, col, "", f"number {number} ('{snippet.strip()}') is not a number in content/data/services.yml",
                    "write or link only numbers listed under `phones:` in content/data/services.yml (checked and in"
                    " the numbers ledger); add it there first, with its source"))
