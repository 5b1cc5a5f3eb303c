"""Post-build output: one small search index per language (PITFALLS P5, P16) and sitemaps.

mkdocs-static-i18n writes a single ``search/search_index.json`` at the site
root holding every language's pages, so a Kyrgyz reader would get Russian and
English results too.  `split_index` returns one index per language, with
locations relative to that language's root (``ru/hotlines.html`` →
``hotlines.html``); `compact_index` keeps what the site's own search
(``assets/javascripts/kg-boot.js``) needs: title and a plain-text summary per
page section, generated region pages left out (they repeat every entry).  The
result is written as ``<lang root>/search/index.js``, a script the search loads
only when the reader opens search (also from file://).  `split_index` and
`compact_index` are pure; the ``write_*`` functions write into the built site.
No MkDocs imports.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pages
import schema

# Characters of section text kept per index entry: titles + summaries keep the index
# small and growing with the number of entries, not with their length (issue 10).
SUMMARY_CHARS = 240


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


def _plain(text: str) -> str:
    """Return Material's index text (HTML) as one line of plain text."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """Cut ``text`` at the last word boundary before ``limit`` characters."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def generated_locations() -> set[str]:
    """Index locations of the generated region pages (relative to a language root)."""
    return {f"{pages.REGION_DIR}/{code.lower()}.html" for code in schema.REGIONS}


def compact_index(index: dict) -> list[list[str]]:
    """Return ``[[location, title, summary], ...]`` for one language's Material index.

    Generated region pages are left out (their entries are on the directory pages);
    sections without a title are skipped; summaries are plain text, at most
    `SUMMARY_CHARS` characters.
    """
    skip = generated_locations()
    out = []
    for doc in index["docs"]:
        if doc["location"].split("#", 1)[0] in skip or not doc.get("title"):
            continue
        out.append([doc["location"], _plain(doc["title"]), _summary(_plain(doc.get("text", "")))])
    return out


def write_search_indexes(site_dir: Path, languages: tuple[str, ...]) -> None:
    """Replace the combined ``search/search_index.json`` by one small ``search/index.js`` per language.

    ``index.js`` is ``window.__kgSearchIndex=[...];`` (see `compact_index`); the site's
    search loads it as a script, so it works over http and from file:// alike.  The
    combined Material index is removed: no page uses it.
    """
    combined_path = site_dir / "search" / "search_index.json"
    combined = json.loads(combined_path.read_text(encoding="utf-8"))
    combined_path.unlink()
    for lang, index in split_index(combined, languages).items():
        folder = (site_dir if lang == languages[0] else site_dir / lang) / "search"
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(compact_index(index), ensure_ascii=False, separators=(",", ":"))
        text = text.replace("</", "<\\/")  # never "</script>" in a script, wherever it is loaded
        (folder / "index.js").write_text(f"window.__kgSearchIndex={text};\n", encoding="utf-8")


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
