"""Check the Markdown pages of ``content/<lang>/``: same pages in every language, readable, valid markers.

Rules (each is also the message family of its errors):
- every page exists in every language folder (``regions/`` is generated and skipped);
- a page is UTF-8 text without a byte-order mark;
- front matter uses only the keys in `schema.PAGE_KEYS`;
- a data marker ``<!-- data:NAME key=value -->`` names a known marker with known arguments
  (`schema.MARKERS`); a comment that looks like a marker but is malformed is an error,
  never silently ignored;
- a plain ``http://`` link is a warning (readers' traffic should be encrypted);
- heading ids are explicit where the automatic one would be unstable, and the same in every
  language (`anchors.py`, PITFALLS P17).

Never imports MkDocs; returns `ContentError` lists.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import anchors
import schema
from errors import ContentError, decode_utf8, did_you_mean
from pages import REGION_DIR

LOOKS_LIKE_MARKER = re.compile(r"<!--\s*data\b.*?-->", re.IGNORECASE | re.DOTALL)
STRICT_MARKER = re.compile(r"<!-- data:([a-z-]+)((?: [a-z_]+=[^\s>]+)*) -->")
HTTP_LINK = re.compile(r"\]\((http://[^)\s]+)|<(http://[^>\s]+)>")


def _pages(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.md")
            if p.relative_to(folder).parts[0] != REGION_DIR}  # generated, not edited


def check_parity(root: Path) -> list[ContentError]:
    """Every page exists in every language folder."""
    folders = {lang: root / "content" / lang for lang in schema.SITE_LANGUAGES}
    found = {lang: _pages(folder) for lang, folder in folders.items()}
    everything = set().union(*found.values())
    errors = []
    for lang, pages in found.items():
        for missing in sorted(everything - pages):
            have = next(lang_ for lang_ in schema.SITE_LANGUAGES if missing in found[lang_])
            errors.append(ContentError(f"content/{lang}/{missing}", 0, 0, "",
                                       f"page is missing in {lang} (it exists in content/{have}/)",
                                       f"copy content/{have}/{missing} here and translate it"))
    return errors


def _suggest(word: str, choices) -> str:
    return did_you_mean(word, choices, cutoff=0.5) or f"expected one of: {', '.join(choices)}"


def check_marker(text: str, rel: str, line: int) -> list[ContentError]:
    """A marker is written exactly ``<!-- data:NAME key=value -->`` with a known name and arguments."""
    match = STRICT_MARKER.fullmatch(text)
    if not match:
        return [ContentError(rel, line, 1, "", f"malformed data marker {text!r}",
                             "write it like <!-- data:services category=shelter --> (lowercase, no spaces around : and =)")]
    name, args = match.group(1), dict(a.split("=", 1) for a in match.group(2).split())
    if name not in schema.MARKERS:
        return [ContentError(rel, line, 1, "", f"unknown data marker 'data:{name}'", _suggest(name, schema.MARKERS))]
    spec, errors = schema.MARKERS[name], []
    for key, value in args.items():
        if key not in spec:
            errors.append(ContentError(rel, line, 1, "", f"marker 'data:{name}' has no argument '{key}'",
                                       _suggest(key, spec) if spec else "remove the argument"))
        elif value not in spec[key]:
            errors.append(ContentError(rel, line, 1, "", f"'{value}' is not a valid {key} for 'data:{name}'",
                                       _suggest(value, spec[key])))
    for key in sorted(set(spec) - set(args)):
        errors.append(ContentError(rel, line, 1, "", f"marker 'data:{name}' needs '{key}='",
                                   f"add {key}= with one of: {', '.join(spec[key])}"))
    return errors


def check_page(path: Path, root: Path) -> tuple[list[ContentError], list[ContentError]]:
    """Check one page; return (errors, warnings)."""
    rel = path.relative_to(root).as_posix()
    text, errors = decode_utf8(path.read_bytes(), rel, "page")
    if text is None:
        return errors, []
    errors, warnings = _front_matter(text, rel), []
    for match in LOOKS_LIKE_MARKER.finditer(text):
        errors += check_marker(match.group(0), rel, text.count("\n", 0, match.start()) + 1)
    if path.name == "shelters.md":
        for match in re.finditer(schema.STREET_PATTERN, text, re.IGNORECASE):
            errors.append(ContentError(rel, text.count("\n", 0, match.start()) + 1, 1, "",
                                       f"looks like a street address ('{match.group(0)}')",
                                       "shelters are published at town level only: remove the address"))
    for match in HTTP_LINK.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        warnings.append(ContentError(rel, line, 1, "", f"plain http link {match.group(1) or match.group(2)}",
                                     "use the https:// address", severity="warning"))
    return errors, warnings


def _front_matter(text: str, rel: str) -> list[ContentError]:
    if not text.startswith("---\n"):
        return [ContentError(rel, 1, 1, "", "page has no front matter", "start it with ---, title: ..., ---")]
    block = text[4:text.find("\n---", 4)]
    try:
        meta = yaml.safe_load(block) or {}
    except yaml.YAMLError as exc:
        return [ContentError(rel, 2, 1, "", f"front matter is not valid YAML: {exc}", "")]
    errors = []
    for number, line in enumerate(block.splitlines(), start=2):
        key = line.split(":", 1)[0].strip()
        if line and not line.startswith(" ") and key not in schema.PAGE_KEYS:
            errors.append(ContentError(rel, number, 1, key, f"unknown front matter key '{key}'",
                                       _suggest(key, schema.PAGE_KEYS)))
    if meta.get("review", "needed") != "needed":
        errors.append(ContentError(rel, 2, 1, "review", f"review must be 'needed', got {meta['review']!r}",
                                   "write `review: needed`, or delete the line once a native speaker has checked the page"))
    if "title" not in meta:
        errors.append(ContentError(rel, 2, 1, "title", "missing page title", "add `title: ...` to the front matter"))
    return errors


def check_pages(root: Path) -> tuple[list[ContentError], list[ContentError]]:
    """Check every page of every language; return (errors, warnings)."""
    errors, warnings, every_page = check_parity(root), [], set()
    for lang in schema.SITE_LANGUAGES:
        folder = root / "content" / lang
        every_page |= _pages(folder)
        for page in sorted(_pages(folder)):
            page_errors, page_warnings = check_page(folder / page, root)
            errors += page_errors
            warnings += page_warnings
    errors += anchors.check_anchors(root, sorted(every_page))  # stable heading ids, the same per language (P17)
    return errors, warnings


def pages_needing_review(root: Path) -> list[str]:
    """Return ``lang/page.md`` of every page whose front matter says ``review: needed``."""
    out = []
    for lang in schema.SITE_LANGUAGES:
        folder = root / "content" / lang
        for page in sorted(_pages(folder)):
            head = (folder / page).read_text(encoding="utf-8", errors="replace")[:2000]
            if re.search(r"^review:\s*needed\s*$", head.split("\n---", 1)[0], re.M):
                out.append(f"{lang}/{page}")
    return out
