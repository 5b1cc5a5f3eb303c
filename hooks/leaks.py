"""What free text must never carry: location details, invisible characters, phone numbers.

One place for the patterns (ky, ru, en) that every input path is scanned with:
service and organization texts, text fields of ``content/data/*.yml``, labels,
and Markdown pages (front matter and body).  Pure functions on strings; each
returns `Finding` records (character offset into the text, matched snippet,
message, fix) that callers turn into ``file:line:col`` errors.  Never imports
MkDocs.

Why: shelters are published at town level only (brief: "Shelter street addresses
never published"), and every number the site shows must come from
``content/data`` where it is checked and kept in the numbers ledger (`ledger.py`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

# --- Location details -----------------------------------------------------------

# Words that name a street (street-like words); a number after one of them is a house number.
_STREET_WORDS = {
    "en": r"street|st\.|str\.|avenue|ave\.|road|rd\.|boulevard|blvd\.?|lane|prospekt|ulitsa|microdistrict|mkr\.?",
    "ru": r"ул\.|улиц[аеиуы]|улицей|пр\.|пр-т|проспект\w*|пер\.|переул\w*|мкр\.?|микрорайон\w*|бульвар\w*|б-р|шоссе",
    "ky": r"көчөсү\w*|көчө|проспектиси\w*|кичи\s+район\w*|м-н",
}
_ALL_STREET = "|".join(_STREET_WORDS.values())
# Capitalised words that start a sentence, not a street name ("The street is not safe").
_NOT_NAMES = r"(?:The|A|An|This|That|Every|Any|One|Main|Each|On|In|At|Busy|Empty|Dark)"

#: (kind, language, regex source).  Each pattern is case-insensitive; ``(?<!\w)`` keeps
#: "fondom" or "Чүй" from matching "дом" or "үй".  Tested per pattern and language in
#: tests/unit/test_leaks.py, and against the shipped content (no false positives).
PATTERNS = (
    # A street-like word followed (within two words) by a number: "Lenin St. 12", "ул. Ленина 5".
    ("street", "any", rf"(?<!\w)(?i:{_ALL_STREET})(?!\w)[\s.,]*(?:[^\W\d_][\w'-]*[\s.,]+){{0,2}}№?\s*\d+"),
    # A number before a named street: "12 Lenin Street".
    ("street", "en", r"\b\d+\w*,?\s+(?:[A-Z][\w-]*\s+){1,2}(?i:street|avenue|road|lane|boulevard)\b"),
    # A named street: "Lenin Street", "Lenin St.", "улица Ленина", "Ленин көчөсү".
    ("street", "en", rf"\b(?!{_NOT_NAMES}\b)[A-Z][\w-]+\s+(?i:street|avenue|boulevard|lane)\b"
                     rf"|\b(?!{_NOT_NAMES}\b)[A-Z][\w-]+\s+(?:St|Ave|Rd|Str|Blvd)\.(?!\w)"),
    ("street", "ru", r"(?<!\w)(?i:ул\.|пр\.|пер\.|пр-т|б-р|мкр\.?)(?=\s*[A-ZА-ЯЁ0-9])"),
    ("street", "ru", r"(?<!\w)(?i:улиц[аеиуы]|улицей|проспект[аеу]?|переул(?:ок|ке)|микрорайон[аеу]?|бульвар[аеу]?)\s+[A-ZА-ЯЁ0-9][\w-]*"),
    ("street", "ky", r"[А-ЯЁӨҮҢ][\wөүң-]*\s+(?i:көчөсү\w*|проспектиси\w*)"),
    # Buildings and houses: "house 12", "bldg. 3", "дом 5", "д. 5", "корпус 2", "12-үй", "үй № 5".
    ("building", "en", r"\b(?i:house|building|bldg\.?|block|office|suite)\s*(?:no\.?|#|№)?\s*\d+"),
    ("building", "ru", r"(?<!\w)(?i:дом|д\.|корпус|корп\.|строение|стр\.|офис|здание)\s*№?\s*\d+"),
    ("building", "ky", r"(?<!\w)\d+\s*-?\s*(?i:үй)(?![\w-])|(?<!\w)(?i:үй|имарат|кеңсе)\s*№\s*\d+"),
    # Flats, floors and rooms: "apt. 4", "flat 4", "2nd floor", "кв. 4", "этаж", "3-кабат", "батир".
    ("flat", "en", r"\b(?i:apt\.?|apartment|flat|room|rm\.)\s*(?:no\.?|#|№)?\s*\d+|\b(?i:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|ground|top)\s+floor\b"),
    ("flat", "ru", r"(?<!\w)(?i:кв\.|квартир\w*|этаж\w*|подъезд\w*|комнат[аеу]\s*№?\s*\d+)"),
    ("flat", "ky", r"(?<!\w)(?i:\d+\s*-?\s*кабат\w*|(?:биринчи|экинчи|үчүнчү|төртүнчү|бешинчи|жогорку)\s+кабат\w*|батир\w*|бөлмө\s*№?\s*\d+)"),
    # Landmarks: "opposite the bus station", "напротив", "рядом с рынком", "базардын каршысында".
    ("landmark", "en", r"\b(?i:opposite(?:\s+(?:to|the|a|an))|across\s+(?:from|the\s+(?:road|street))|next\s+(?:door\s+)?to\s+(?:the|a|an)|behind\s+the|in\s+front\s+of\s+the|near\s+the\s+(?:bus|train|railway|market|bazaar|mosque|church|school|hospital|station|park|square|cinema|shop|store|mall|university|police|stadium|bank|hotel|cafe|restaurant))\b(?:\s+[\w-]+)?"),
    ("landmark", "ru", r"(?<!\w)(?i:(?:напротив|возле)(?:\s+[\w-]+)?|за\s+углом|рядом\s+со?\s+(?!(?:вами|вас|тобой|нами|ним|ней|ними|мной|собой)(?!\w))\w+)"),
    ("landmark", "ky", r"(?<!\w)(?i:каршысында\w*|маңдайында\w*|жанында(?!гы)\w*|артында(?!гы)\w*|бурчунда\w*)"),
)
LEAKS = tuple((kind, lang, re.compile(source)) for kind, lang, source in PATTERNS)

_KIND_TEXT = {"street": "a street address", "building": "a building or house number",
              "flat": "a flat, floor or room", "landmark": "a landmark"}
LEAK_FIX = "publish the town only (safety): remove streets, buildings, floors, flats and landmarks"

# --- Invisible characters -------------------------------------------------------

#: Format characters that hide or reorder text: soft hyphen, zero-width space/(non-)joiner,
#: LRM/RLM, bidi embeddings and overrides (U+202A–E), word joiner and invisible operators,
#: bidi isolates (U+2066–9) and a byte-order mark inside text.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
INVISIBLE_FIX = "delete it (retype the words around it): invisible characters can hide or reorder numbers and words"

# --- Phone numbers in text ------------------------------------------------------

_SEP = r"[\s.\-()/\u00a0\u2009\u202f\u2010-\u2013]"
# A run of digits with separators; a leading + or ( is part of it.
_DIGITS = re.compile(rf"(?<![\w+])(?:\+|\()?\d(?:{_SEP}*\d)*")
# Messenger and dial links: the number follows the prefix (maybe %2B-encoded).
_LINK = re.compile(r"(?i)\b(?:tel:|sms:|callto:|wa\.me/|api\.whatsapp\.com/send\?phone=|whatsapp://send\?phone="
                   r"|t\.me/|telegram\.me/|viber://[a-z]+\?number=)\s*((?:\+|%2b)?[\d\-.()%\s]*\d)")
_YEAR_RANGE = re.compile(r"\(?(1[89]|20)\d\d\s*[-–/]\s*(1[89]|20)?\d\d\)?")
_DATE = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}")
# A range written with an en or em dash, as in citations "l. 1369–1372" or "§§ 12–14": the second
# number is larger than the first. Phone numbers are not written this way.
_RANGE = re.compile(r"(?<!\d)(\d{1,4})\s*[\u2013\u2014]\s*(\d{1,4})(?!\d)")
_GROUPED = re.compile(r"\(?\d{2,4}\)?(?:[\s\-.\u00a0]\d{2,3}){2,}")


@dataclass(frozen=True)
class Finding:
    """One problem in a text: ``start`` offset (characters), the ``snippet`` found, message and fix."""

    start: int
    snippet: str
    message: str
    fix: str


def location_leaks(text: str) -> list[Finding]:
    """Return street, building, flat/floor and landmark words in ``text`` (ky, ru, en).

    Overlapping matches merge into one finding named after the kind of the first.
    """
    spans = sorted((m.start(), m.end(), kind) for kind, _lang, regex in LEAKS for m in regex.finditer(text))
    merged: list[list] = []
    for start, end, kind in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, kind])
    out = []
    for start, end, kind in merged:
        snippet = text[start:end].rstrip(" ,")
        out.append(Finding(start, snippet, f"looks like {_KIND_TEXT[kind]} ('{snippet}')", LEAK_FIX))
    return out


def invisible_characters(text: str) -> list[Finding]:
    """Return every invisible format character in ``text`` (see `INVISIBLE`)."""
    out = []
    for match in INVISIBLE.finditer(text):
        char = match.group(0)
        name = unicodedata.name(char, "FORMAT CHARACTER")
        out.append(Finding(match.start(), char, f"invisible character U+{ord(char):04X} ({name})", INVISIBLE_FIX))
    return out


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    bare = candidate.strip("()")
    if _YEAR_RANGE.fullmatch(candidate) or _DATE.fullmatch(bare):
        return False
    if any(int(b) > int(a) for a, b in _RANGE.findall(candidate)):
        return False
    if candidate.startswith("+"):
        return len(digits) >= 7
    if digits.startswith("0") or candidate.startswith("(0"):
        return len(digits) >= 6
    return len(digits) >= 9 or bool(_GROUPED.fullmatch(candidate) and len(digits) >= 6)


def phone_numbers(text: str) -> list[tuple[int, str]]:
    """Return ``[(offset, snippet)]`` of phone numbers written in ``text``.

    Separators are normalised (spaces, NBSP, dots, dashes, parentheses), invisible
    characters are ignored, and dial or messenger links (``tel:``, ``sms:``,
    ``wa.me/``, ``t.me/+``, ``viber://...?number=``) count as numbers.  Years,
    year ranges ("2003-2006"), dates and counts ("1,000") are not numbers.
    """
    clean = INVISIBLE.sub("\u2009", text)  # keeps offsets; a hidden character still separates digits
    out: dict[int, str] = {}
    for match in _LINK.finditer(clean):
        out[match.start()] = text[match.start():match.end()]
    for match in _DIGITS.finditer(clean):
        candidate = match.group(0).rstrip(" .-/\u00a0\u2009")
        if candidate.count("(") < candidate.count(")"):
            candidate = candidate.rstrip(")")
        if not any(start <= match.start() < start + len(s) for start, s in out.items()) and _is_phone(candidate):
            out[match.start()] = text[match.start():match.start() + len(candidate)].replace("\u2009", "")
    return sorted(out.items())


def normalise_number(snippet: str) -> str:
    """Return a found number as E.164 (or a short code's digits); the snippet's digits if it cannot be parsed.

    National numbers are read as Kyrgyz (0312 ... → +996312...).
    """
    raw = re.sub(r"(?i)%2b", "+", INVISIBLE.sub("", snippet))
    raw = re.sub(r"(?i)^.*?(tel:|sms:|callto:|wa\.me/|phone=|number=|t\.me/|telegram\.me/)", "", raw)
    digits = re.sub(r"\D", "", raw)
    if len(digits) <= 4:
        return digits
    plus = raw.lstrip().startswith("+") or ("wa.me" in snippet.lower() or "phone=" in snippet.lower())
    try:
        parsed = phonenumbers.parse(("+" if plus else "") + digits, None if plus else "KG")
    except phonenumbers.NumberParseException:
        return digits
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


PHONE_FIX = "put numbers in `phones:` in content/data, where they are checked and linked"


def text_findings(text: str, *, phones: bool = True) -> list[Finding]:
    """Return every location leak, invisible character and (if ``phones``) phone number in ``text``, in order."""
    found = invisible_characters(text) + location_leaks(text)
    if phones:
        found += [Finding(start, s, f"phone number in a text ('{s.strip()}')", PHONE_FIX)
                  for start, s in phone_numbers(text)]
    return sorted(found, key=lambda f: f.start)
