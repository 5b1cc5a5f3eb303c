"""One term per concept per language: refuse the variants listed in ``content/data/glossary.yml``.

The glossary is a list of concepts; each names, per language, the ``preferred`` term and the
``refused`` variants (for example ru «Стоп трафик», refused «Стоп траффик»).  `check_texts`
searches every text value of ``content/<lang>/*.yml`` and every page ``content/<lang>/**/*.md``
(generated region pages excepted) for the refused variants of that language and returns one
`ContentError` per hit, located ``file:line:col`` (1-based) with the YAML field, e.g.::

    content/ru/services.yml:10:36: services.sezim-hotline.name: «Стоп траффик» is not the site's term
    (glossary 'stop-traffic') — write «Стоп трафик»

Matching: case-insensitive, whole words only (a letter, digit or ``_`` on either side stops a
match; Python's ``\\w`` covers Cyrillic, including ң ө ү); a space in a variant matches any run of
white space (a phrase may wrap in a page); a word ending in ``*`` matches any ending of that word, for languages whose
words change their ending («курмандык*» matches «курмандыктарын»).

`content.py` loads and shape-checks the file against `JSON_SCHEMA` (same messages as every other
content file) and then calls `check_terms` and `check_texts`.  Pure: no MkDocs import.
"""

from __future__ import annotations

import re
from pathlib import Path

import schema
from errors import ContentError
from pages import page_files
from yamlsrc import dotted, load_yaml

GLOSSARY_FILE = Path("content") / "data" / "glossary.yml"

_TERM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["preferred", "refused"],
    "properties": {
        "preferred": {"type": "string", "minLength": 1,
                      "description": "The one term the site uses for this concept in this language."},
        "refused": {"type": "array", "minItems": 1, "uniqueItems": True,
                    "items": {"type": "string", "minLength": 1},
                    "description": "Variants that must not appear; a final * matches any ending."},
    },
}

#: Shape of ``content/data/glossary.yml`` (JSON Schema draft 2020-12).
JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Glossary: one term per concept per language",
    "type": "object",
    "additionalProperties": False,
    "required": ["terms"],
    "properties": {
        "terms": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "note"],
                "minProperties": 3,
                "properties": {
                    "id": {"type": "string", "pattern": schema.ID_PATTERN},
                    "note": {"type": "string", "minLength": 1,
                             "description": "What the concept is and why this term was chosen (with source)."},
                    **{lang: _TERM for lang in schema.SITE_LANGUAGES},
                },
            },
        },
    },
}


def variant_pattern(variant: str) -> re.Pattern:
    """Return the regex for one refused variant: whole words, any case, spaces as any white space.

    A word ending in ``*`` matches any ending of that word (``\\w*``).  Raises nothing; the words are escaped.
    """
    words = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in variant.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def check_terms(terms: list[dict], marks) -> list[ContentError]:
    """Check the glossary's own sense: unique ids; a refused variant never matches the preferred term.

    ``terms`` is the validated ``terms`` list; ``marks`` the file's `yamlsrc.Marks`.
    """
    errors, seen = [], {}
    for i, term in enumerate(terms):
        if term["id"] in seen:
            errors.append(marks.error(("terms", i, "id"), f"id '{term['id']}' is used twice (first in terms[{seen[term['id']]}])",
                                      "give each concept its own id"))
        seen.setdefault(term["id"], i)
        for lang in schema.SITE_LANGUAGES:
            if lang not in term:
                continue
            for j, variant in enumerate(term[lang]["refused"]):
                if variant_pattern(variant).search(term[lang]["preferred"]):
                    errors.append(marks.error(("terms", i, lang, "refused", j),
                                              f"refused variant '{variant}' also matches the preferred term "
                                              f"'{term[lang]['preferred']}'",
                                              "make the variant longer or drop its *"))
    return errors


def _rules(terms: list[dict], lang: str) -> list[tuple[re.Pattern, str, dict]]:
    return [(variant_pattern(v), v, t) for t in terms if lang in t for v in t[lang]["refused"]]


def _error(rel: str, text: str, index: int, field: str, match: re.Match, term: dict, lang: str) -> ContentError:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    found = " ".join(match.group(0).split())
    return ContentError(rel, line, col, field, f"«{found}» is not the site's term (glossary '{term['id']}')",
                        f"write «{term[lang]['preferred']}» (see content/data/glossary.yml)")


def _strings(data, path=()):
    """Yield (path, text) for every string value (not keys) in loaded YAML data."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, path + (i,))


def check_yaml(path: Path, root: Path, rules, lang: str, read: dict | None = None) -> list[ContentError]:
    """Refused variants in the text values of one YAML file; unreadable files are left to `content.py`.

    ``read``: ``{path: load_yaml(path, root)}`` of files already read (not modified), else it is read here.
    """
    data, marks, errors = (read or {}).get(path) or load_yaml(path, root)
    if errors or data is None:
        return []
    source = path.read_text(encoding="utf-8")
    starts = [0] + [m.end() for m in re.finditer("\n", source)]
    out = []
    for value_path, text in _strings(data):
        for pattern, _variant, term in rules:
            hits = list(pattern.finditer(text))
            if not hits:
                continue
            line, col = marks.values[value_path]
            # The same words in the file source, from where the value starts (quotes and escapes shift columns).
            in_source = list(pattern.finditer(source, starts[line - 1] + col - 1))
            for n, hit in enumerate(hits):
                at = in_source[n] if n < len(in_source) else None
                index = at.start() if at else starts[line - 1] + col - 1
                out.append(_error(marks.file, source, index, dotted(value_path), at or hit, term, lang))
    return out


def check_page(path: Path, root: Path, rules, lang: str) -> list[ContentError]:
    """Refused variants anywhere in one Markdown page (front matter included)."""
    rel = path.relative_to(root).as_posix()
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return []  # pagecheck reports it
    out = []
    for pattern, _variant, term in rules:
        for hit in pattern.finditer(text):
            out.append(_error(rel, text, hit.start(), "", hit, term, lang))
    return out


def check_texts(root: Path, terms: list[dict], read: dict | None = None) -> list[ContentError]:
    """Search every language's texts and pages for the refused variants of that language.

    Shape: ``list[ContentError]``, one per hit, sorted by file and position.  ``read``: YAML files
    the caller has already read, ``{path: load_yaml(path, root)}`` (see `check_yaml`).
    """
    errors = []
    for lang in schema.SITE_LANGUAGES:
        rules = _rules(terms, lang)
        if not rules:
            continue
        folder = root / "content" / lang
        for path in sorted(folder.glob("*.yml")):
            errors += check_yaml(path, root, rules, lang, read)
        for page in sorted(page_files(folder)):
            errors += check_page(folder / page, root, rules, lang)
    return sorted(errors)
