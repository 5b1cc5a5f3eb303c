"""Post-build output: one small search index per language (PITFALLS P5, P16), the sitemap and robots.txt.

mkdocs-static-i18n writes a single ``search/search_index.json`` at the site
root holding every language's pages, so a Kyrgyz reader would get Russian and
English results too.  `split_index` returns one index per language, with
locations relative to that language's root (``ru/hotlines.html`` →
``hotlines.html``); `compact_index` keeps what the site's own search
(``assets/javascripts/kg-boot.js``) needs: title and a plain-text summary per
page section, generated region pages left out (they repeat every entry) but for one short entry
each from `region_entries` (region name and its towns).  The
result is written as ``<lang root>/search/index.js``, a script the search loads
only when the reader opens search (also from file://).  `split_index` and
`compact_index` are pure; the ``write_*`` functions write into the built site.

For search engines, `write_search_engine_files` writes ``robots.txt`` and, only when
mkdocs.yml sets ``site_url`` (a sitemap needs absolute addresses), one root
``sitemap.xml`` listing every page of every language with its hreflang alternates
(BCP 47 tags from `languages`, ``x-default`` = the default language).  Canonical
links come from MkDocs (``page.canonical_url``, printed by overrides/main.html).
No MkDocs imports.
"""

from __future__ import annotations

import fnmatch
import html
import json
import re
from pathlib import Path

import embed
import languages
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


def search_view(pieces: list[str], limit: int = SUMMARY_CHARS) -> str:
    """Return the first of ``pieces`` (HTML of consecutive entries) whose plain text exceeds ``limit``
    characters, joined as the whole list is; all of them if they are shorter.

    The search index keeps only the first ``limit`` characters of a section (`compact_index`), so
    a section that lists hundreds of entries gives the same index entry from this view as from
    the whole list, and the search plugin need not parse the rest (issue 10: at 5,000 entries
    that parse was a quarter of the build).
    """
    taken, length = [], 0
    for piece in pieces:
        taken.append(piece)
        length += len(_plain(piece)) + 1  # +1: the space between two entries' texts
        if length > limit + 1:
            break
    return "\n".join(taken)


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


def region_entries(content, lang: str) -> list[list[str]]:
    """Return one search entry per region page of ``lang``: ``[location, region name, summary]``.

    The summary names the region's towns (places.yml, names from ``lang``'s labels.yml), so
    a town's name finds its region page; the entries' text stays out (it is on the directory
    pages, and the index stays small).
    """
    labels = content.labels[lang]
    out = []
    for code in schema.REGIONS:
        towns = sorted({labels["places"][pid] for pid, place in content.places.items() if place.get("region") == code},
                       key=str.casefold)
        out.append([f"{pages.REGION_DIR}/{code.lower()}.html", labels["regions"][code], ", ".join(towns)])
    return out


def write_search_indexes(site_dir: Path, languages: tuple[str, ...], extra: dict[str, list] | None = None) -> None:
    """Replace the combined ``search/search_index.json`` by one small ``search/index.js`` per language.

    ``index.js`` is ``window.__kgSearchIndex=[...];`` (see `compact_index`), followed by the
    ``extra`` entries of that language (``{lang: [[location, title, summary], ...]}``, e.g.
    `region_entries`); the site's search loads it as a script, so it works over http and from
    file:// alike.  The combined Material index is removed: no page uses it.
    """
    combined_path = site_dir / "search" / "search_index.json"
    combined = json.loads(combined_path.read_text(encoding="utf-8"))
    combined_path.unlink()
    for lang, index in split_index(combined, languages).items():
        folder = (site_dir if lang == languages[0] else site_dir / lang) / "search"
        folder.mkdir(parents=True, exist_ok=True)
        entries = compact_index(index) + list((extra or {}).get(lang, []))
        text = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
        text = text.replace("</", "<\\/")  # never "</script>" in a script, wherever it is loaded
        (folder / "index.js").write_text(f"window.__kgSearchIndex={text};\n", encoding="utf-8")


# --- Search engines (issue 11): sitemap with hreflang alternates, robots.txt ------------------

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
#: Built HTML files that are not pages for search engines, relative to a language root (fnmatch
#: patterns): the 404 page (served at any missing address) and the embed cards (`embed.FOLDER`).
UNLISTED = ("404.html", f"{embed.FOLDER}/*")


def page_paths(site_dir: Path, codes: tuple[str, ...]) -> dict[str, list[str]]:
    """Return ``{code: [page path relative to that language's root, sorted]}`` of every built page.

    The default language (``codes[0]``) is at the site root, the others in ``<code>/``; files
    matching `UNLISTED` are left out.  Paths are POSIX (``regions/kg-n.html``).
    """
    out: dict[str, list[str]] = {code: [] for code in codes}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        lang = language_of(rel, codes)
        inside = rel[len(lang) + 1:] if lang != codes[0] else rel
        if not any(fnmatch.fnmatchcase(inside, pattern) for pattern in UNLISTED):
            out[lang].append(inside)
    return out


def sitemap_xml(site_url: str, pages: dict[str, list[str]], default: str) -> str:
    """Return a sitemap (sitemaps.org 0.9) listing every page of every language once, each with
    ``<xhtml:link rel="alternate" hreflang="…">`` for every language that has the page, itself
    included, and ``hreflang="x-default"`` for the ``default`` language's version (Google's rules
    for localized versions).  ``pages`` is `page_paths`' result, its keys BCP 47 tags in site order;
    ``site_url`` must be absolute (``https://example.org/kg/``).
    """
    base = site_url.rstrip("/") + "/"

    def address(code: str, path: str) -> str:
        return base + languages.prefix(code) + path

    having: dict[str, list[str]] = {}
    for code, paths in pages.items():
        for path in paths:
            having.setdefault(path, []).append(code)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">']
    for code, paths in pages.items():
        for path in paths:
            lines.append(f"  <url><loc>{html.escape(address(code, path))}</loc>")
            for other in having[path]:
                lines.append(f'    <xhtml:link rel="alternate" hreflang="{other}" '
                             f'href="{html.escape(address(other, path))}"/>')
            if default in having[path]:
                lines.append(f'    <xhtml:link rel="alternate" hreflang="x-default" '
                             f'href="{html.escape(address(default, path))}"/>')
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str | None) -> str:
    """Return robots.txt: every crawler may read every page; a ``Sitemap:`` line when ``site_url`` is set."""
    lines = ["# Every page may be indexed (hotlines and help should be found).", "User-agent: *", "Disallow:"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"


def write_search_engine_files(site_dir: Path, site_url: str | None, codes: tuple[str, ...]) -> None:
    """Write ``robots.txt`` and, when ``site_url`` is set, the root ``sitemap.xml`` (`sitemap_xml`).

    Every other ``sitemap.xml``/``sitemap.xml.gz`` the theme wrote (MkDocs writes one per language
    build, with no usable addresses when ``site_url`` is unset) is removed: without ``site_url``
    there is no sitemap at all, since a sitemap needs absolute addresses.  No page refers to
    a sitemap (overrides/main.html emits no ``<link rel="alternate">``, for which Material's
    script would fetch one).
    """
    for stale in list(site_dir.rglob("sitemap.xml")) + list(site_dir.rglob("sitemap.xml.gz")):
        stale.unlink()
    if site_url:
        xml = sitemap_xml(site_url, page_paths(site_dir, codes), codes[0])
        (site_dir / "sitemap.xml").write_text(xml, encoding="utf-8")
    (site_dir / "robots.txt").write_text(robots_txt(site_url), encoding="utf-8")


#: Files Material ships that no page of ours loads: source maps (only developer tools read them),
#: its search worker and lunr (our own search, kg-search.js, replaces them), its palette sheet and
#: its full main sheet (pages load the trimmed copy, `TRIMMED_CSS`), and the unused file:// shim.
UNUSED = ("**/*.map", "assets/javascripts/lunr/**/*", "assets/javascripts/workers/*",
          "assets/stylesheets/palette.*.min.css", "assets/stylesheets/main.*.min.css",
          "assets/vendor/iframe-worker/*")


def prune_unused(site_dir: Path) -> list[str]:
    """Delete theme files no page uses (`UNUSED`), then empty folders; return the files deleted
    (POSIX, relative to ``site_dir``, sorted).  Run after `write_trimmed_material_css`, which reads
    Material's full sheet.  The offline copy is then ~1.9 MB smaller (issue 11)."""
    doomed = {p for pattern in UNUSED for p in site_dir.glob(pattern) if p.is_file()}
    for path in doomed:
        path.unlink()
    for folder in sorted({p.parent for p in doomed}, key=lambda f: -len(f.parts)):
        while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return sorted(p.relative_to(site_dir).as_posix() for p in doomed)
# --- Material's stylesheet, trimmed to what the site uses (issue 10) ----------------------------

MATERIAL_CSS = "assets/stylesheets/main.57a0d79d.min.css"  # mkdocs-material 9.8.1 (pinned)
TRIMMED_CSS = "assets/stylesheets/kg-material.css"
# Classes (and elements) Material's bundle adds at run time on this site's pages (found by reading
# its classList calls); the rest of what it creates (tooltips, code buttons, annotations) needs
# content this site does not have.
RUNTIME_CLASSES = {"<html>", "<body>", "<button>", "<svg>", "<path>", "js", "no-js", "focus-visible", "js-focus-visible", "md-header--shadow",
                   "md-header__title--active", "md-nav__link--active", "md-nav__link--passed",
                   "md-toggle--indeterminate", "md-dialog--active"}
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
# Attributes whose values are fixed per build (text direction, colour palette): a selector for
# another value (``[dir=rtl]``, ``[data-md-color-scheme=slate]``) can never match.
_FIXED_ATTR = re.compile(r"""\[(dir|data-md-color-(?:scheme|primary|accent))=["']?([\w-]+)["']?\]""")
_TAG = re.compile(r"(?:^|[\s>+~])([a-z][a-z0-9]*)")
_TAG_HTML = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")
_FIXED_ATTR_HTML = re.compile(r'\s(dir|data-md-color-(?:scheme|primary|accent))="([^"]*)"')


def _split_selectors(prelude: str) -> list[str]:
    """Split a selector list at top-level commas (not those inside ``:is(a, b)``)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(prelude):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    return parts + [prelude[start:]]


def _outside_parens(selector: str) -> str:
    """The selector without what is inside ``(...)``: a class in ``:not(.x)`` or ``:is(.x, .y)``
    does not have to be used for the selector to match, so it never decides."""
    out, depth = [], 0
    for ch in selector:
        depth += ch == "("
        if depth == 0:
            out.append(ch)
        depth -= ch == ")"
    return "".join(out)


def _block_end(css: str, open_at: int) -> int:
    """Index just after the ``}`` matching the ``{`` at ``open_at`` (strings respected)."""
    depth, i, quote = 0, open_at, None
    while i < len(css):
        ch = css[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced braces in CSS")


def _selector_used(selector: str, used: set[str]) -> bool:
    """True unless the selector needs a class, an element (``<tag>`` in ``used``) or a fixed
    attribute value outside ``used``."""
    outside = _outside_parens(selector)
    tags = _TAG.findall(re.sub(r"\[[^\]]*\]", "", outside))
    return (set(_CLASS.findall(outside)) <= used
            and all(f"<{tag}>" in used for tag in tags)
            and all(f"{name}={value}" in used for name, value in _FIXED_ATTR.findall(outside)))


def trim_css(css: str, used: set[str]) -> str:
    """Return ``css`` without the selectors that need a class outside ``used``.

    ``used`` holds class names, ``<tag>`` for the elements pages have (selectors naming another
    element go), and ``name=value`` for the fixed attributes (``dir``, Material's
    ``data-md-color-*``), whose other values are dropped too.

    Rules whose selectors all go are dropped; grouping at-rules (@media, @supports, @layer)
    are trimmed inside and dropped when empty; other at-rules (@font-face, @keyframes, @page,
    @charset) are kept whole.  Works on minified and formatted CSS.
    """
    out, i = [], 0
    while i < len(css):
        brace = css.find("{", i)
        semi = css.find(";", i)
        if brace < 0:
            out.append(css[i:])
            break
        if css[i:].lstrip().startswith("@") and 0 <= semi < brace:   # @charset/@import ...;
            out.append(css[i:semi + 1])
            i = semi + 1
            continue
        prelude, end = css[i:brace], _block_end(css, brace)
        body = css[brace + 1:end - 1]
        head = prelude.strip()
        if head.startswith(("@media", "@supports", "@layer", "@container")):
            inner = trim_css(body, used)
            if inner.strip():
                out.append(f"{prelude}{{{inner}}}")
        elif head.startswith("@"):
            out.append(css[i:end])
        else:
            kept = [s for s in _split_selectors(prelude) if _selector_used(s, used)]
            if kept:
                out.append(",".join(kept) + "{" + body + "}")
        i = end
    return "".join(out)


def used_classes(site_dir: Path, pages=None) -> set[str]:
    """Classes in the built HTML ``pages`` (default: every page of ``site_dir``) and every word in
    the site's own scripts (kg*.js), and ``name=value`` of the fixed attributes those pages carry
    (see `trim_css`).  The union over a partition of the pages equals the whole site's."""
    used = set(RUNTIME_CLASSES)
    for page in site_dir.rglob("*.html") if pages is None else pages:
        text = page.read_text(encoding="utf-8")
        for value in set(_CLASS_HTML.findall(text)):  # entries repeat the same few values
            used.update(value.split())
        used.update(f"{name}={value}" for name, value in set(_FIXED_ATTR_HTML.findall(text)))
        used.update(f"<{tag.lower()}>" for tag in set(_TAG_HTML.findall(text)))
    for script in (site_dir / "assets" / "javascripts").glob("kg*.js"):
        used.update(re.findall(r"[\w-]+", script.read_text(encoding="utf-8")))
    return used


_CLASS_HTML = re.compile(r'class="([^"]*)"')


def language_pages(site_dir: Path, folder: str, other_folders) -> list[Path]:
    """The built HTML pages of one language, sorted, without its 404.html (rewritten last, `site.py`).

    ``folder``: the language's folder ("" for the default language, at the root, else "ru/");
    ``other_folders``: the other languages' folders, left out of the root's pages.
    """
    base = site_dir / folder
    others = {f.strip("/") for f in other_folders if f}
    return sorted(p for p in base.rglob("*.html")
                  if p.name != "404.html" and not (not folder and p.relative_to(base).parts[0] in others))


def without_comments(css: str) -> str:
    """Return ``css`` without its ``/* … */`` comments (kept inside strings), each replaced by nothing,
    and without blank lines.  Raises ValueError on an unterminated comment or string."""
    out, i, n = [], 0, len(css)
    while i < n:
        ch = css[i]
        if ch in "\"'":
            end = i + 1
            while end < n and css[end] != ch:
                end += 2 if css[end] == "\\" else 1
            if end >= n:
                raise ValueError(f"unterminated string at offset {i}")
            out.append(css[i:end + 1])
            i = end + 1
        elif css.startswith("/*", i):
            end = css.find("*/", i + 2)
            if end < 0:
                raise ValueError(f"unterminated comment at offset {i}")
            i = end + 2
        else:
            nxt = min((j for j in (css.find("/*", i), css.find('"', i), css.find("'", i)) if j >= 0), default=n)
            out.append(css[i:nxt])
            i = nxt
    return "\n".join(line.rstrip() for line in "".join(out).splitlines() if line.strip()) + "\n"


def strip_own_css_comments(site_dir: Path) -> None:
    """Ship the site's own stylesheets (``assets/stylesheets/kg*.css``) without their comments.

    The comments explain the rules to maintainers in the sources; readers' phones need not download
    them (about 1.4 KB gzip on every page, issue 10).
    """
    for path in sorted((site_dir / "assets" / "stylesheets").glob("kg*.css")):
        path.write_text(without_comments(path.read_text(encoding="utf-8")), encoding="utf-8")


def write_trimmed_material_css(site_dir: Path, used: set[str] | None = None) -> None:
    """Write `TRIMMED_CSS`: Material's main stylesheet without rules for classes no page uses
    (``used``: `used_classes` of every page, found now if not given)."""
    css = (site_dir / MATERIAL_CSS).read_text(encoding="utf-8")
    (site_dir / TRIMMED_CSS).write_text(trim_css(css, used_classes(site_dir) if used is None else used),
                                        encoding="utf-8")
