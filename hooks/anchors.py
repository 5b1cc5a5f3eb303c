"""Heading anchors of the Markdown pages: stable, and the same in every language (PITFALLS P17).

Python-Markdown's ``toc`` gives a heading the id ``slugify(text)``; for Kyrgyz and Russian text that is
empty, so headings become ``_1``, ``_2`` or ``-``: ids that shift when a heading is added and name
different sections in each language.  The rule (used by `pagecheck.check_pages`, so by both the check
command and the build):

- a heading whose text is not plain ASCII, or whose slug would be empty, needs an explicit id
  written at its end: ``## Байланыштар {#contacts}``;
- an id is lowercase ASCII letters and digits joined by ``-`` (``contacts``, ``where-to-turn``);
- ids are unique within a page;
- the same page has the same sequence of heading ids in every language (compared with the default
  language, the first of `schema.SITE_LANGUAGES`).

Only ATX headings (``#`` … ``######``) outside fenced code are read; Setext headings (text
underlined with === or ---) are not used on this site.  Never imports MkDocs; returns `ContentError`s.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown.extensions.toc import slugify  # the toc extension's own default, as the build uses it

import schema
from errors import ContentError

HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$")
ATTR_LIST = re.compile(r"[ \t]*\{:?([^{}]*)\}[ \t]*$")   # attr_list at the end of a heading
ID_IN_ATTRS = re.compile(r"(?:^|\s)#([^\s}]+)")
FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
ID_FORMAT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def headings(text: str) -> list[tuple[int, str, str | None]]:
    """Return the ATX headings of a page: ``[(line, text without attr list, explicit id or None)]``.

    Lines are 1-based; front matter and fenced code are skipped; CRLF is accepted.
    """
    out, fenced = [], None
    lines = text.replace("\r\n", "\n").split("\n")
    start = 0
    if lines and lines[0] == "---":
        start = next((i + 1 for i in range(1, len(lines)) if lines[i] == "---"), 0)
    for number, line in enumerate(lines[start:], start=start + 1):
        fence = FENCE.match(line)
        if fence:
            fenced = None if fenced == fence.group(1) else (fenced or fence.group(1))
            continue
        match = None if fenced else HEADING.match(line)
        if not match:
            continue
        body = match.group(2).rstrip("#").rstrip()
        attrs = ATTR_LIST.search(body)
        explicit = None
        if attrs:
            body = body[:attrs.start()]
            id_match = ID_IN_ATTRS.search(attrs.group(1))
            explicit = id_match.group(1) if id_match else None
        out.append((number, body, explicit))
    return out


def page_ids(text: str, rel: str) -> tuple[list[tuple[int, str]], list[ContentError]]:
    """Return the heading ids of one page as ``[(line, id)]`` and the errors of the rule above."""
    ids, errors, seen = [], [], {}
    for line, body, explicit in headings(text):
        if explicit is None:
            slug = slugify(body, "-")
            if not slug or not body.isascii():
                errors.append(ContentError(
                    rel, line, 1, "", f"heading '{body}' has no explicit id (its automatic id would be "
                    f"'{slug or '_N'}', which changes when a heading is added and differs per language)",
                    "end the heading with {#id}, e.g. {#contacts}: lowercase Latin letters, digits and -, "
                    "the same id as the same heading in the other languages"))
                continue
            anchor = slug
        else:
            anchor = explicit
            if not ID_FORMAT.fullmatch(anchor):
                errors.append(ContentError(rel, line, 1, "", f"heading id '{anchor}' is not a plain id",
                                           "use lowercase Latin letters and digits joined by -, e.g. {#where-to-turn}"))
        if anchor in seen:
            errors.append(ContentError(rel, line, 1, "", f"heading id '{anchor}' is used twice on this page "
                                       f"(first on line {seen[anchor]})", "give each heading its own id"))
        seen.setdefault(anchor, line)
        ids.append((line, anchor))
    return ids, errors


def check_same_ids(found: dict[str, tuple[str, list[tuple[int, str]]]]) -> list[ContentError]:
    """Compare one page's heading ids across languages with the default language's.

    ``found`` maps language → (file, [(line, id)]); returns one error per language that differs,
    at its first difference.
    """
    base_lang = schema.SITE_LANGUAGES[0]
    if base_lang not in found:
        return []
    base_rel, base = found[base_lang]
    errors = []
    for lang, (rel, ids) in found.items():
        if lang == base_lang or [i for _, i in ids] == [i for _, i in base]:
            continue
        for position in range(max(len(ids), len(base))):
            mine = ids[position] if position < len(ids) else None
            theirs = base[position] if position < len(base) else None
            if mine and theirs and mine[1] == theirs[1]:
                continue
            if mine is None:
                message = f"heading id '{theirs[1]}' ({base_rel}:{theirs[0]}) is missing here"
                line = ids[-1][0] if ids else 1
            elif theirs is None:
                message = f"heading id '{mine[1]}' has no heading in {base_rel}"
                line = mine[0]
            else:
                message = f"heading id '{mine[1]}' differs from '{theirs[1]}' at {base_rel}:{theirs[0]}"
                line = mine[0]
            errors.append(ContentError(rel, line, 1, "", message,
                                       "give the same section the same {#id} in every language, in the same order"))
            break
    return errors


def check_anchors(root: Path, pages: list[str]) -> list[ContentError]:
    """Check the heading ids of the given pages (paths relative to ``content/<lang>/``) in every language."""
    errors = []
    for page in pages:
        found = {}
        for lang in schema.SITE_LANGUAGES:
            path = root / "content" / lang / page
            try:
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # missing or unreadable: reported by the page check
            rel = path.relative_to(root).as_posix()
            ids, page_errors = page_ids(text, rel)
            errors += page_errors
            found[lang] = (rel, ids)
        errors += check_same_ids(found)
    return errors
