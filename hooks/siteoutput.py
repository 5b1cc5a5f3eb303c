"""Post-build output: one search index per language (PITFALLS P5) and sitemaps where Material looks.

mkdocs-static-i18n writes a single ``search/search_index.json`` at the site
root holding every language's pages, so a Kyrgyz reader would get Russian and
English results too.  `split_index` returns one index per language, with
locations relative to that language's root (``ru/hotlines.html`` →
``hotlines.html`` in ``ru/search/search_index.json``); the theme's ``base`` is
set to the language root by `site.py` so Material's search loads its own
language's index.  `split_index` is pure; the ``write_*`` functions write into
the built site.  No MkDocs imports.
"""

from __future__ import annotations

import json
from pathlib import Path


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


def write_search_indexes(site_dir: Path, languages: tuple[str, ...]) -> None:
    """Replace the combined ``search/search_index.json`` by one per language folder.

    Each language also gets ``search/search_index.js`` (``var __index = ...``), which
    Material loads instead of fetching the JSON when the site is opened from file://.
    """
    combined = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    for lang, index in split_index(combined, languages).items():
        folder = (site_dir if lang == languages[0] else site_dir / lang) / "search"
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
        (folder / "search_index.json").write_text(text, encoding="utf-8")
        (folder / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")


def write_sitemaps(site_dir: Path) -> None:
    """Copy the root sitemap into every folder that holds pages.

    Material fetches ``sitemap.xml`` next to every ``<link rel=alternate>`` of a page, and
    mkdocs-static-i18n makes those point at the same page in each language: without a copy
    in each folder, every page logs 404s.
    """
    sitemap = (site_dir / "sitemap.xml").read_bytes()
    for folder in sorted({p.parent for p in site_dir.rglob("*.html")}):
        if not (folder / "sitemap.xml").exists():
            (folder / "sitemap.xml").write_bytes(sitemap)


#: Files Material ships that no page of ours loads: source maps (only developer tools read them)
#: and the word splitters for Japanese, Hindi and Thai (search loads them only for those languages).
UNUSED = ("**/*.map", "assets/javascripts/lunr/tinyseg.js", "assets/javascripts/lunr/wordcut.js")
#: Lunr files the search worker loads for any non-English language (Material's worker: ``Ie()``).
LUNR_SHARED = ("lunr.stemmer.support", "lunr.multi")


def prune_unused(site_dir: Path, search_langs: list[str]) -> list[str]:
    """Delete theme files no page uses; return their paths (POSIX, relative to ``site_dir``, sorted).

    ``search_langs`` are the languages of the search config (``plugins.search.lang``):
    their ``lunr/min/lunr.<lang>.min.js`` stay, every other language's is removed.
    The same build then runs from a USB stick with ~1.7 MB less (issue 11).
    """
    keep = {f"lunr.{lang}" for lang in search_langs} | set(LUNR_SHARED)
    doomed = {p for pattern in UNUSED for p in site_dir.glob(pattern)}
    doomed |= {p for p in site_dir.glob("assets/javascripts/lunr/min/lunr.*.min.js")
               if p.name[: -len(".min.js")] not in keep}
    for path in doomed:
        path.unlink()
    return sorted(p.relative_to(site_dir).as_posix() for p in doomed)
