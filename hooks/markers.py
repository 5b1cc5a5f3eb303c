"""Page markers ``<!-- data:NAME key=value -->``: the one place that parses, checks and expands them.

A page asks for generated content with a marker, e.g. ``<!-- data:services category=shelter -->``.
Known names and arguments: `schema.MARKERS` (name → {argument: allowed values}).
`check` gives editor errors (used by `pagecheck` before any build); `expand` swaps each marker
for what its handler returns (used by the build, `site.py`).  Never imports MkDocs.
"""

from __future__ import annotations

import re
from typing import Callable

import schema
from errors import ContentError, did_you_mean

#: Anything an editor may have meant as a marker (checked strictly by `check`).
LOOKS_LIKE_MARKER = re.compile(r"<!--\s*data\b.*?-->", re.IGNORECASE | re.DOTALL)
#: A marker written exactly as documented: name, then ``key=value`` arguments.
STRICT_MARKER = re.compile(r"<!-- data:([a-z-]+)((?: [a-z_]+=[^\s>]+)*) -->")


class MarkerError(ValueError):
    """An unknown page marker or marker argument (the message names both)."""


def parse(match: re.Match) -> tuple[str, dict[str, str]]:
    """Return ``(name, {argument: value})`` of a `STRICT_MARKER` match."""
    return match.group(1), dict(a.split("=", 1) for a in match.group(2).split())


def suggest(word: str, choices) -> str:
    """Return "did you mean …?" for a close choice, else the list of choices."""
    return did_you_mean(word, choices, cutoff=0.5) or f"expected one of: {', '.join(choices)}"


#: Markers that only generated pages carry: a region page's marker lays out that page (its links
#: start from content/<lang>/regions/), so on an editor's page its links would be broken.
GENERATED_ONLY = {"region": "link to the region's page instead, e.g. [Naryn Region](regions/kg-n.md)"}


def check(text: str, rel: str, line: int, edited: bool = False) -> list[ContentError]:
    """A marker is written exactly ``<!-- data:NAME key=value -->`` with a known name and arguments.

    ``text`` is one `LOOKS_LIKE_MARKER` match; ``rel`` and ``line`` locate it for the errors.
    ``edited``: the page is an editor's (not generated), where `GENERATED_ONLY` markers are errors.
    """
    match = STRICT_MARKER.fullmatch(text)
    if not match:
        return [ContentError(rel, line, 1, "", f"malformed data marker {text!r}",
                             "write it like <!-- data:services category=shelter --> (lowercase, no spaces around : and =)")]
    name, args = parse(match)
    if name not in schema.MARKERS:
        return [ContentError(rel, line, 1, "", f"unknown data marker 'data:{name}'", suggest(name, schema.MARKERS))]
    if edited and name in GENERATED_ONLY:
        return [ContentError(rel, line, 1, "", f"'data:{name}' is for the generated region pages only",
                             GENERATED_ONLY[name])]
    spec, errors = schema.MARKERS[name], []
    for key, value in args.items():
        if key not in spec:
            errors.append(ContentError(rel, line, 1, "", f"marker 'data:{name}' has no argument '{key}'",
                                       suggest(key, spec) if spec else "remove the argument"))
        elif value not in spec[key]:
            errors.append(ContentError(rel, line, 1, "", f"'{value}' is not a valid {key} for 'data:{name}'",
                                       suggest(value, spec[key])))
    for key in sorted(set(spec) - set(args)):
        errors.append(ContentError(rel, line, 1, "", f"marker 'data:{name}' needs '{key}='",
                                   f"add {key}= with one of: {', '.join(spec[key])}"))
    return errors


def expand(markdown: str, handlers: dict[str, Callable[..., str]]) -> str:
    """Replace each marker in ``markdown`` with ``handlers[NAME](**arguments)``.

    Raises: `MarkerError` naming the marker for an unknown marker or argument.
    """
    def swap(match: re.Match) -> str:
        name, args = parse(match)
        if name not in handlers:
            raise MarkerError(f"unknown marker 'data:{name}'; known: {', '.join(sorted(handlers))}")
        try:
            return handlers[name](**args)
        except TypeError as exc:
            raise MarkerError(f"marker 'data:{name}' got unexpected arguments {sorted(args)}") from exc

    return STRICT_MARKER.sub(swap, markdown)
