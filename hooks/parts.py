"""Split a long list of entries into numbered parts, so pages that list entries stay light at scale.

A listing page (``shelters.md``, ``hotlines.md``, ``consulates.md``, ``organizations.md`` and the
generated region pages) shows groups of entries under headings.  When it lists more than ``limit``
entries (``extra.kg.max_entries_per_page`` in mkdocs.yml, default `LIMIT`), `pack` puts its groups,
in the order given, into parts of at most ``limit`` entries; a group larger than ``limit`` is cut into
chunks, and a group with no entry (an organization without services) still gets its place.  Part 1
is the page itself; part ``n`` is the generated page `part_src` (``parts/shelters-2.md``), written by
`pages.py` in every language, with the page's marker plus ``part=n``.  Callers give groups in an
order that does not depend on the language (region codes, categories, file order), so an entry is on
the same part, at the same address, in every language, and on exactly one part (issue 10: nothing
is dropped).  Under the limit nothing changes: one part, the page as before.
Pure functions; no MkDocs imports.
"""

from __future__ import annotations

#: Entries per page before a list is split (a real entry is ~0.6 KB gzip: 100 keep a page near 120 KB).
LIMIT = 100
#: Folder of the generated part pages in each language folder (git-ignored, like ``regions/``).
PART_DIR = "parts"


def pack(groups: list[tuple], limit: int = LIMIT) -> list[list[tuple]]:
    """Return the parts of a listing.

    ``groups``: ``[(key, [item, ...]), ...]`` in page order.  Returns ``[[(key, [item, ...]), ...], ...]``,
    one list per part, each holding at most ``limit`` items (a group with no items counts as one
    line); ``[groups]`` (one part) when all items fit.  Every item is in exactly one part, in order.
    Raises ValueError for a limit below 1.
    """
    if limit < 1:
        raise ValueError(f"max_entries_per_page must be 1 or more, got {limit}")
    if sum(len(items) for _, items in groups) <= limit:
        return [list(groups)]
    parts, current, size = [], [], 0
    for key, items in groups:
        for start in range(0, max(len(items), 1), limit):
            chunk = items[start:start + limit]
            weight = max(len(chunk), 1)
            if current and size + weight > limit:
                parts.append(current)
                current, size = [], 0
            current.append((key, chunk))
            size += weight
    if current:
        parts.append(current)
    return parts


def part_src(page_src: str, part: int) -> str:
    """Return the source path of part ``part`` (1-based) of a listing page.

    ``("shelters.md", 1)`` → ``"shelters.md"``; ``("regions/kg-n.md", 3)`` → ``"parts/regions-kg-n-3.md"``.
    """
    if part == 1:
        return page_src
    return f"{PART_DIR}/{page_src[:-len('.md')].replace('/', '-')}-{part}.md"
