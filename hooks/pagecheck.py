"""Check the Markdown pages of ``content/<lang>/``: same pages in every language, readable, valid markers.

Rules (each is also the message family of its errors):
- every page exists in every language folder (``regions/`` is generated and skipped);
- a page is UTF-8 text (a byte-order mark and Windows line ends are fine);
- every page is listed in ``nav:`` of mkdocs.yml (else readers cannot reach it);
- front matter is read by `yamlsrc` (no aliases, tags, duplicate keys), uses only the
  keys in `schema.PAGE_KEYS`, and its title and description are plain text;
- the body is Markdown without raw HTML (comments and data markers aside), links use
  only the schemes of `sanitize.SCHEMES` (or are relative), and attribute lists set
  only the attributes of `sanitize`'s allow-list (no ``on*`` handlers, no ``style``);
- ``audience`` is one of `schema.AUDIENCES`; a page for readers abroad (``audience: abroad``)
  has no ``tel:`` link to a short code (those work only from phones in Kyrgyzstan);
- a data marker ``<!-- data:NAME key=value -->`` names a known marker with known arguments
  (`schema.MARKERS`); a comment that looks like a marker but is malformed is an error,
  never silently ignored; a marker inside code is an error (its content cannot go there);
- no page (front matter or body) gives a location detail or hides invisible characters (`leaks.py`);
- a plain ``http://`` link is a warning (readers' traffic should be encrypted);
- heading ids are explicit where the automatic one would be unstable, and the same in every
  language (`anchors.py`, PITFALLS P17).

Never imports MkDocs; returns `ContentError` lists.
"""

from __future__ import annotations

import html.parser
import posixpath
import re
from pathlib import Path, PurePosixPath

import markdown
import yaml

import anchors
import leaks
import markers
import rules
import sanitize
import schema
from errors import ContentError, decode_utf8
from pages import REGION_DIR, edited_paths, page_files
from yamlsrc import load_yaml_text

SHORT_CODE_LINK = re.compile(rf"tel:\s*({schema.SHORT_CODE_PATTERN})(?!\d)", re.IGNORECASE)
HTTP_LINK = re.compile(r"\]\((http://[^)\s]+)|<(http://[^>\s]+)>")


def unreadable_pages(root: Path) -> list[ContentError]:
    """A ``.md`` name under ``content/<lang>/`` that is neither a page file nor a folder (a broken
    link, say) is an error: MkDocs would stop on it with a traceback.  Checked while loading, before
    MkDocs reads the pages (the build's other checks may still be running then)."""
    return [ContentError(p.relative_to(root).as_posix(), 0, 0, "", "not a readable page (a broken link?)",
                         "replace it with the page file itself, or delete it")
            for lang in schema.SITE_LANGUAGES for p in sorted(edited_paths(root / "content" / lang)) if not p.is_file()]


def check_parity(root: Path) -> list[ContentError]:
    """Every page exists in every language folder."""
    folders = {lang: root / "content" / lang for lang in schema.SITE_LANGUAGES}
    found = {lang: page_files(folder) for lang, folder in folders.items()}
    everything = set().union(*found.values())
    errors = []
    for lang, pages in found.items():
        for missing in sorted(everything - pages):
            have = next(lang_ for lang_ in schema.SITE_LANGUAGES if missing in found[lang_])
            errors.append(ContentError(f"content/{lang}/{missing}", 0, 0, "",
                                       f"page is missing in {lang} (it exists in content/{have}/)",
                                       f"copy content/{have}/{missing} here and translate it"))
    return errors


def check_page(path: Path, root: Path, md: markdown.Markdown | None = None) -> tuple[list[ContentError], list[ContentError]]:
    """Check one page; return (errors, warnings).  ``md`` renders the body (see `markdown_for`)."""
    rel = path.relative_to(root).as_posix()
    text, errors = decode_utf8(path.read_bytes(), rel, "page")
    if text is None:
        return errors, []
    errors, warnings = _front_matter(text, rel), []
    for match in markers.LOOKS_LIKE_MARKER.finditer(text):
        errors += markers.check(match.group(0), rel, text.count("\n", 0, match.start()) + 1, edited=True)
    for found in leaks.text_findings(text, phones=False):  # numbers: ledger.check_page_numbers (needs the data)
        line = text.count("\n", 0, found.start) + 1
        errors.append(ContentError(rel, line, found.start - text.rfind("\n", 0, found.start), "",
                                   found.message, found.fix))
    for match in HTTP_LINK.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        warnings.append(ContentError(rel, line, 1, "", f"plain http link {match.group(1) or match.group(2)}",
                                     "use the https:// address", severity="warning"))
    errors += _body(text, rel, md or markdown_for(root), root)
    return errors, warnings


def _page_exists(root: Path, rel: str, target: str) -> bool:
    """True if a relative link ``target`` from page ``rel`` (content/<lang>/...) names a page of that language."""
    lang_root = PurePosixPath(*PurePosixPath(rel).parts[:2])
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
    inside = PurePosixPath(resolved).relative_to(lang_root).as_posix() if resolved.startswith(f"{lang_root}/") else None
    generated = {f"{REGION_DIR}/index.md"} | {f"{REGION_DIR}/{r.lower()}.md" for r in schema.REGIONS}
    return inside is not None and (inside in generated or (root / resolved).is_file())


def _position(text: str, index: int) -> tuple[int, int]:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


class _Finder:
    """Find successive occurrences of snippets of the rendered page in its source (for line:col)."""

    def __init__(self, text: str, start: int):
        self.text, self.lower, self.start, self.after = text, text.lower(), start, {}

    def find(self, needle: str, pattern: str | None = None) -> tuple[int, int]:
        key = pattern or needle
        begin = self.after.get(key, self.start)
        if pattern:
            match = re.compile(pattern, re.IGNORECASE).search(self.text, begin)
            index = match.start() if match else -1
        else:  # as written, else its start (an entity or a tab may hide the rest)
            index = next((i for n in (len(needle), 12, 8, 4) if n <= len(needle)
                          for i in [self.lower.find(needle[:n].lower(), begin)] if i >= 0), -1)
        if index < 0:
            return _position(self.text, self.start)  # written in a form we cannot find: the body's first line
        self.after[key] = index + 1
        return _position(self.text, index)


class _Elements(html.parser.HTMLParser):
    """Collect (tag, attributes) of the HTML that Markdown made (raw HTML stays stashed)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, [(name, value or "") for name, value in attrs]))


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ENTITY = re.compile(r"&#?\w+;")
_NO_HTML_FIX = "write Markdown instead; pages may not contain HTML (docs/editing.md lists what is allowed)"


def _body(text: str, rel: str, md: markdown.Markdown, root: Path) -> list[ContentError]:
    """Raw HTML, disallowed attributes, link schemes and missing link targets in the body, located in the source."""
    start = _body_start(text)
    md.reset()
    try:
        rendered = md.convert(text[start:])
    except RecursionError:  # Python-Markdown recurses once per level of nested lists or quotes
        return [ContentError(rel, _position(text, start)[0], 1, "", "lists or quotes are nested too deeply to be read",
                             "use at most a few levels of lists inside lists")]
    find = _Finder(text, start)
    errors = _raw_html_errors(md.htmlStash.rawHtmlBlocks, rel, find)
    parser = _Elements()
    parser.feed(rendered)
    for tag, attrs in parser.found:
        for name, value in attrs:
            if not sanitize.allowed_attribute(tag, name):
                line, col = find.find(name, rf"(?<![\w-]){re.escape(name)}\s*=")
                errors.append(ContentError(rel, line, col, "", f"attribute '{name}' is not allowed (on <{tag}>)",
                                           "remove it; attribute lists {...} may set only: "
                                           + ", ".join(sorted(sanitize.GENERIC_ATTRIBUTES))))
            elif name in sanitize.URL_ATTRIBUTES:
                errors += _link_errors(value, rel, find, root)
    return errors + _markers_in_code(text, start, rel, root)


_AS_BUILT: dict = {}  # (project root, mkdocs.yml mtime) → `markdown_for` with MkDocs' own extensions (fenced code)


def _markers_in_code(text: str, start: int, rel: str, root: Path) -> list[ContentError]:
    """A marker's content takes its place as a paragraph of its own (`markers.expand`, then the build's
    slot token): rendered as the build renders it, a marker whose paragraph does not come out (inside a
    code block) is an error here, not a build that stops with "generated block … was lost"."""
    found = list(markers.STRICT_MARKER.finditer(text, start))
    if not found:
        return []
    pieces, last = [], start
    for i, match in enumerate(found):
        pieces += [text[last:match.start()], f"\n\nkgmarker{i}x\n\n"]
        last = match.end()
    key = (root, (root / "mkdocs.yml").stat().st_mtime_ns)
    md = _AS_BUILT.get(key) or _AS_BUILT.setdefault(key, markdown_for(root, builtins=True))
    md.reset()
    rendered = md.convert("".join(pieces) + text[last:])
    return [ContentError(rel, *_position(text, match.start()), "",
                         f"data marker {match.group(0)!r} is inside code, where its content cannot go",
                         "put the marker on a line of its own, outside the ``` or ~~~ code block")
            for i, match in enumerate(found) if f"<p>kgmarker{i}x</p>" not in rendered]


def _raw_html_errors(chunks: list, rel: str, find: _Finder) -> list[ContentError]:
    """Every raw HTML chunk Markdown kept, except comments (data markers) and character references."""
    errors = []
    for chunk in chunks:
        rest = _ENTITY.sub("", _COMMENT.sub("", str(chunk))).strip()
        if "<" in rest:
            snippet = rest[rest.index("<"):].split("\n", 1)[0][:60]
            line, col = find.find(snippet)
            errors.append(ContentError(rel, line, col, "", f"HTML is not allowed in pages: {snippet!r}", _NO_HTML_FIX))
    return errors


def _link_errors(url: str, rel: str, find: _Finder, root: Path) -> list[ContentError]:
    """A link uses an allowed scheme (http: is a warning elsewhere), or names an existing page of its language."""
    scheme = sanitize.url_scheme(url)
    target = url.split("#", 1)[0].split("?", 1)[0]
    if not scheme and target.endswith(".md") and not _page_exists(root, rel, target):
        line, col = find.find(url)
        return [ContentError(rel, line, col, "", f"link to '{target}', which is not a page of this language",
                             "check the file name and folder; links go from this page's folder")]
    if scheme and scheme not in sanitize.SCHEMES and scheme != "http":
        line, col = find.find(url)
        return [ContentError(rel, line, col, "", f"link scheme '{scheme}:' is not allowed ({url[:60]!r})",
                             "link only to https://, tel:, sms:, mailto: or a page of this site")]
    return []


def markdown_for(root: Path, builtins: bool = False) -> markdown.Markdown:
    """Return a Markdown converter with mkdocs.yml's extensions that leaves raw HTML in its stash.

    ``builtins``: with the extensions MkDocs adds (`MKDOCS_EXTENSIONS`), to render as the build does.
    """
    extensions, configs = list(MKDOCS_EXTENSIONS) if builtins else [], {}
    for item in mkdocs_config(root).get("markdown_extensions") or []:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        extensions += [name] if name not in extensions else []
        if options:
            configs[name] = options
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    md.postprocessors.deregister("raw_html")  # raw HTML is what we look for: keep it out of the output
    return md


#: The extensions MkDocs adds to those of mkdocs.yml (its ``markdown_extensions`` builtins).
MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose tags (``!ENV``, ``!!python/name:``) are for MkDocs: read as None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config(root: Path) -> dict:
    """Return mkdocs.yml as a dict (maintainers' file: trusted, tags read as None)."""
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}


def _nav_pages(nav) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_nav_pages(v) for v in nav.values()))
    if isinstance(nav, list):
        return set().union(set(), *(_nav_pages(v) for v in nav))
    return set()


def check_nav(root: Path) -> list[ContentError]:
    """Every page is in ``nav:`` of mkdocs.yml (as the build requires)."""
    nav = mkdocs_config(root).get("nav")
    if nav is None:
        return []  # no nav: MkDocs lists every page
    listed, errors = _nav_pages(nav), []
    for lang in schema.SITE_LANGUAGES:
        for page in sorted(page_files(root / "content" / lang) - listed):
            errors.append(ContentError(f"content/{lang}/{page}", 1, 1, "", "page is not in the site menu",
                                       f"add `- {page}` under `nav:` in mkdocs.yml, or delete the page"))
    return errors


def _body_start(text: str) -> int:
    """Index where the page body starts (after the front matter block, if any)."""
    if not text.startswith("---\n"):
        return 0
    end = text.find("\n---", 3)
    if end < 0:
        return 0
    nl = text.find("\n", end + 4)
    return len(text) if nl < 0 else nl + 1


def _front_matter(text: str, rel: str) -> list[ContentError]:
    if not text.startswith("---\n") or text.find("\n---", 3) < 0:
        return [ContentError(rel, 1, 1, "", "page has no front matter", "start it with ---, title: ..., ---")]
    block = text[4:text.find("\n---", 3) + 1]
    meta, marks, errors = load_yaml_text(block, rel, line0=1) if block.strip() else ({}, None, [])
    if errors:
        return errors
    if not isinstance(meta, dict):
        return [ContentError(rel, 2, 1, "", "front matter must be `key: value` lines", "start it with title: ...")]
    for key in meta:
        if key not in schema.PAGE_KEYS:
            line, col = marks.at((key,), key=True)
            errors.append(ContentError(rel, line, col, str(key), f"unknown front matter key '{key}'",
                                       markers.suggest(str(key), schema.PAGE_KEYS)))
    if meta.get("review", "needed") != "needed":
        errors.append(marks.error(("review",), f"review must be 'needed', got {meta['review']!r}",
                                  "write `review: needed`, or delete the line once a native speaker has checked the page"))
    if "audience" in meta and meta["audience"] not in schema.AUDIENCES:
        errors.append(marks.error(("audience",), f"audience must be one of {', '.join(schema.AUDIENCES)},"
                                   f" got {meta['audience']!r}", "write `audience: abroad` for a page for readers"
                                   " outside Kyrgyzstan, or delete the line"))
    if meta.get("audience") == "abroad":
        for match in SHORT_CODE_LINK.finditer(text):
            errors.append(ContentError(rel, text.count("\n", 0, match.start()) + 1, 1, "",
                                       f"link to short code {match.group(1)} on a page for readers abroad",
                                       "short codes work only from phones in Kyrgyzstan: write the number as"
                                       " plain text, or give a contact that works abroad"))
    if "title" not in meta:
        errors.append(ContentError(rel, 2, 1, "title", "missing page title", "add `title: ...` to the front matter"))
    for key in ("title", "description"):
        value = meta.get(key)
        if key in meta and not isinstance(value, str):
            raw = marks.raw.get((key,), value)
            errors.append(marks.error((key,), f"expected text, got {raw}",
                                      f'put it in quotes: {key}: "{raw}"' if raw is not None else "write the text"))
        elif isinstance(value, str):
            errors += rules.text_errors(marks, (key,), value)
    return errors


def check_pages(root: Path) -> tuple[list[ContentError], list[ContentError]]:
    """Check every page of every language; return (errors, warnings)."""
    errors, warnings, every_page = check_parity(root) + check_nav(root), [], set()
    md = markdown_for(root)
    for lang in schema.SITE_LANGUAGES:
        folder = root / "content" / lang
        every_page |= page_files(folder)
        for page in sorted(page_files(folder)):
            page_errors, page_warnings = check_page(folder / page, root, md)
            errors += page_errors
            warnings += page_warnings
    errors += anchors.check_anchors(root, sorted(every_page))  # stable heading ids, the same per language (P17)
    return errors, warnings


def pages_needing_review(root: Path) -> list[str]:
    """Return ``lang/page.md`` of every page whose front matter says ``review: needed``."""
    out = []
    for lang in schema.SITE_LANGUAGES:
        folder = root / "content" / lang
        for page in sorted(page_files(folder)):
            head = (folder / page).read_text(encoding="utf-8", errors="replace")[:2000]
            if re.search(r"^review:\s*needed\s*$", head.split("\n---", 1)[0], re.M):
                out.append(f"{lang}/{page}")
    return out
