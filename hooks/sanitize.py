"""The HTML allow-list of page content, and the sanitizer that enforces it on every built page.

One list serves two checks (PITFALLS P21):

- `pagecheck.py` renders each page's Markdown at check time and reports, with
  ``file:line:col``, any raw HTML, any attribute not listed here (``onerror``,
  ``style``, ...) and any link whose scheme is not in `SCHEMES`;
- `site.py` passes the HTML of every page through `clean` (the ``nh3``
  binding of the Rust *ammonia* sanitizer) in MkDocs' ``on_page_content``
  event, so that nothing the check missed can reach a reader.

`TAGS` and `ATTRIBUTES` hold what Python-Markdown (with ``attr_list``,
``admonition`` and ``toc``) and our own templates in ``overrides/partials/``
produce; nothing else.  Comments are dropped.  The map's body (filter, map box,
region SVG) is not page content: `site.py` puts it back after cleaning, from the generator only.
Pure functions; no MkDocs imports.
"""

from __future__ import annotations

import functools
import html
import re
import secrets

import nh3

#: Link schemes a page may use; a URL without a scheme (relative, ``#anchor``) is always allowed.
#: ``http`` is kept by the sanitizer but is a warning in the check (use https).
SCHEMES = ("https", "tel", "sms", "mailto")
_KEPT_SCHEMES = set(SCHEMES) | {"http"}

#: Elements of page content: Markdown's output and our templates' (kg-*.html).
TAGS = frozenset({
    "a", "abbr", "article", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre",
    "section", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "time", "tr", "ul",
    # QR codes of the leaflet and pocket cards (paper.qr_svg: segno's SVG)
    "svg", "path", "title",
    # one-line notices and the hotline strip's coverage list open on tap (kg-review-notice.html)
    "details", "summary",
})

#: Attributes any element may carry (attr_list may set these and no others).
GENERIC_ATTRIBUTES = frozenset({"class", "id", "lang", "dir", "title", "role", "aria-label",
                                "aria-labelledby", "aria-describedby", "aria-hidden"})

#: Attributes of particular elements, on top of `GENERIC_ATTRIBUTES`.
ATTRIBUTES = {
    "a": {"href", "hreflang", "rel", "type"},
    "svg": {"xmlns", "width", "height", "viewbox"},
    "path": {"d", "transform", "stroke", "fill"},
    "img": {"src", "alt", "width", "height", "loading"},
    "article": {"data-category"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "time": {"datetime"},
}

#: Attributes whose value is a URL (checked against `SCHEMES`).
URL_ATTRIBUTES = frozenset({"href", "src"})

# Browsers ignore ASCII tab and newline anywhere in a URL and control characters and spaces at its ends.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_scheme(url: str) -> str | None:
    """Return the lowercase scheme a browser would see in ``url`` (entities decoded), or None if relative.

    ``"JaVa&#x09;Script:alert(1)"`` → ``"javascript"``; ``"../x.html#a"`` → None.
    """
    bare = _IGNORED_IN_URL.sub("", html.unescape(url))
    match = _SCHEME.match(bare)
    return match.group(1).lower() if match else None


def allowed_attribute(tag: str, name: str) -> bool:
    """True if element ``tag`` may carry attribute ``name`` (never an ``on*`` handler or ``style``)."""
    name = name.lower()
    return name in GENERIC_ATTRIBUTES or name in ATTRIBUTES.get(tag, ())


def clean(fragment: str) -> str:
    """Return ``fragment`` (HTML of a page's content) with everything outside the allow-list removed.

    Unlisted elements are unwrapped (their text stays), ``script`` and ``style``
    are dropped with their content, unlisted attributes and URLs with unlisted
    schemes are removed, comments are dropped.  Relative URLs are kept.
    """
    return _cleaner().clean(fragment)


def clean_each(fragments: list[str]) -> list[str]:
    """Return ``[clean(f) for f in fragments]``, cleaning whole elements together (issue 10).

    nh3's set-up costs about 0.25 ms a call, more than cleaning one directory entry; thousands
    of entries are cleaned a few hundred at a time instead.  A fragment that is one element
    (``<article …>…</article>``: a rendered entry) is batched: the batch's fragments are joined
    by a line of text no content can contain (a random token) and split there after cleaning.
    The result is used only if every piece is still that one element, start tag first and its
    end tag last (an unclosed or raw-text element inside one would swallow the next); otherwise,
    and for any other fragment, each is cleaned alone.
    """
    out = list(fragments)
    whole = [i for i, f in enumerate(fragments) if _ELEMENT.fullmatch(f.strip())]
    alone = set(range(len(fragments))) - set(whole)
    for start in range(0, len(whole), _BATCH):
        batch = whole[start:start + _BATCH]
        pieces = clean(_CUT.join(fragments[i] for i in batch)).split(_CUT)
        if len(pieces) == len(batch) and all(_same_element(fragments[i], piece) for i, piece in zip(batch, pieces)):
            for i, piece in zip(batch, pieces):
                out[i] = piece
        else:
            alone.update(batch)
    for i in alone:
        out[i] = clean(fragments[i])
    return out


def _same_element(fragment: str, piece: str) -> bool:
    """True if ``piece`` (cleaned) is one element as ``fragment`` is: its start tag first, its end tag last."""
    tag = _ELEMENT.fullmatch(fragment.strip())[1]
    piece = piece.strip()
    return piece.startswith(f"<{tag}") and piece.endswith(f"</{tag}>") and piece.count(f"</{tag}>") == 1


_ELEMENT = re.compile(r"<([a-z][a-z0-9]*)[\s>].*</\1>", re.DOTALL)
_CUT = f"\nkgcut{secrets.token_hex(8)}\n"
_BATCH = 200  # entries per pass: a few hundred KB, so memory stays flat at 5,000 entries


@functools.lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    # Built once: each entry is cleaned on its own (issue 10), and setting up the allow-list for
    # every call cost more than the cleaning.
    attributes = {tag: set(ATTRIBUTES.get(tag, ())) for tag in TAGS} | {"*": set(GENERIC_ATTRIBUTES)}
    return nh3.Cleaner(tags=set(TAGS), attributes=attributes, url_schemes=set(_KEPT_SCHEMES),
                       link_rel=None, strip_comments=True)
