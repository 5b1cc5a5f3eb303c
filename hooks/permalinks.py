"""Permanent addresses of directory entries and region pages (issue 11.4), and their golden list.

Every service has one home, the directory page of its category (`formats.directory_page`: `CATEGORY_PAGE`, else
``organizations.html``), where its ``<article id="<service id>">`` sits; every organization is
the section ``organizations.html#<organization id>``; every region has its page
``regions/<iso code>.html``.  These addresses are the same in every language, relative to that
language's root (the site root for the default language, ``<code>/`` for the others): ids come
from ``content/data/``, never from translated text.

`GOLDEN` (``content/data/permalinks.txt``, one address a line, ``#`` comments) lists every address
ever published; a test builds the site and fails if one no longer leads to an element with its id
(`unresolved`) or if a current entry is not listed.  An address leaves the list only by hand, when
an entry is removed on purpose (docs/editing.md).

Usage (from the project root)::

    .venv/bin/python hooks/permalinks.py            # list addresses of current entries missing from GOLDEN
    .venv/bin/python hooks/permalinks.py --update   # add them (never removes a line)

Exit status: 0 = every current address is listed (or was added), 1 = some are missing, 2 = the
content has errors (run hooks/check.py).  Never imports MkDocs.
"""

from __future__ import annotations

import argparse
import html.parser
import sys
from pathlib import Path

import content as content_mod
import languages
import pages
import formats
import schema

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "content" / "data" / "permalinks.txt"
HEADER = """\
# Permanent addresses of directory entries and region pages, relative to each language's root
# (the site root for Kyrgyz, ru/ and en/ for the others). Published addresses must keep working:
# tests/build/test_permalinks.py fails if one no longer leads to its entry.
# Add new entries' addresses with: .venv/bin/python hooks/permalinks.py --update
# Remove a line only when an entry is removed on purpose (docs/editing.md, "Removing an entry").
"""


def entry_page(service: dict) -> str:
    """Return the directory page that is a service's home (``hotlines.html``, ..., ``organizations.html``)."""
    return formats.directory_page(service["category"]).replace(".md", ".html")


def permalinks(content) -> list[str]:
    """Return the addresses of every service, organization and region page of ``content``.

    Shape: ``["hotlines.html#migrant-hotline", ..., "organizations.html#elsen", ...,
    "regions/kg-b.html", ...]``: services, then organizations, then regions, each in file order.
    """
    out = [f"{entry_page(s)}#{sid}" for sid, s in content.services.items()]
    out += [f"organizations.html#{oid}" for oid in content.organizations]
    out += [f"{pages.REGION_DIR}/{code.lower()}.html" for code in schema.REGIONS]
    return out


def read_golden(path: Path = GOLDEN) -> list[str]:
    """Return the addresses listed in ``path`` (comments and blank lines skipped), in file order."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class _Ids(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id" and value)


def page_ids(path: Path) -> set[str]:
    """Return every ``id`` attribute value of an HTML file."""
    parser = _Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.ids


def unresolved(site_dir: Path, addresses: list[str], codes: tuple[str, ...] = languages.CODES) -> list[str]:
    """Return the addresses that do not resolve in a built site, as ``"<lang>: <address> (why)"``.

    An address resolves in a language when its page exists under that language's root and, if it
    has a ``#fragment``, the page has an element with that id.
    """
    bad, cache = [], {}
    for code in codes:
        for address in addresses:
            page, _, fragment = address.partition("#")
            path = site_dir / languages.prefix(code) / page
            if not path.is_file():
                bad.append(f"{code}: {address} (no page {languages.prefix(code)}{page})")
                continue
            if fragment:
                ids = cache.setdefault(path, page_ids(path))
                if fragment not in ids:
                    bad.append(f"{code}: {address} (no element with id '{fragment}' on the page)")
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check or extend the list of permanent addresses.")
    parser.add_argument("--update", action="store_true", help=f"add missing addresses to {GOLDEN.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    loaded = content_mod.load_content(ROOT)
    if loaded.errors:
        print(f"{len(loaded.errors)} content error(s): run hooks/check.py first", file=sys.stderr)
        return 2
    listed = read_golden()
    missing = [a for a in permalinks(loaded) if a not in listed]
    if args.update and missing:
        text = GOLDEN.read_text(encoding="utf-8") if GOLDEN.exists() else HEADER
        GOLDEN.write_text(text + "".join(f"{a}\n" for a in missing), encoding="utf-8")
        print(f"added {len(missing)} address(es) to {GOLDEN.relative_to(ROOT)}: " + ", ".join(missing))
        return 0
    for address in missing:
        print(f"{GOLDEN.relative_to(ROOT)}: not listed: {address} — run hooks/permalinks.py --update")
    print(f"{len(listed)} address(es) listed, {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
