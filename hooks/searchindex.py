"""Split the combined search index into one index per language (PITFALLS P5).

mkdocs-static-i18n writes a single ``search/search_index.json`` at the site
root holding every language's pages, so a Kyrgyz reader would get Russian and
English results too.  `split_index` returns one index per language, with
locations relative to that language's root (``ru/hotlines.html`` →
``hotlines.html`` in ``ru/search/search_index.json``); the theme's ``base`` is
set to the language root by `site.py` so Material's search loads its own
language's index.  Pure; no MkDocs imports.
"""

from __future__ import annotations


def language_of(location: str, languages: tuple[str, ...]) -> str:
    """Return the language of an index location: its first path part, else the default (first) language."""
    head = location.split("/", 1)[0]
    return head if head in languages[1:] else languages[0]


def split_index(index: dict, languages: tuple[str, ...]) -> dict[str, dict]:
    """Return ``{lang: index}``: the same config, each language's docs only, locations re-rooted.

    Shape of each index: ``{"config": ..., "docs": [{"location", "title", "text", ...}]}``.
    """
    out = {lang: {"config": index["config"], "docs": []} for lang in languages}
    for doc in index["docs"]:
        lang = language_of(doc["location"], languages)
        location = doc["location"][len(lang) + 1:] if lang != languages[0] else doc["location"]
        out[lang]["docs"].append(doc | {"location": location})
    return out
