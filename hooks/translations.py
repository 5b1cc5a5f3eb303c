"""Translation freshness: which translations were made from an older version of their source text.

Editors write each text first in one language (``extra.kg.write_first`` in mkdocs.yml,
see `languages.write_first`) and translate it into the others.  Each translation
records the version of the source it was made from as ``source_hash``: the first 8
hex digits of SHA-256 over the source's words (`text_hash`).  The hash is written by a
command, never by hand::

    .venv/bin/python hooks/translations.py stamp      # after updating translations

When the source text changes later, its hash no longer matches, and the translation
is *outdated* (`outdated`): the check command reports it and the page shows a notice
in the reader's language until an editor updates the translation and stamps again.

Covered: the texts of ``content/<lang>/{services,organizations}.yml`` (fields
`HASHED_FIELDS`) and the pages ``content/<lang>/**/*.md`` (their body and title).
A translation without ``source_hash`` has never been stamped and is not reported.
Pure functions plus `stamp`, which rewrites only the ``source_hash`` lines (comments
and layout of the files stay as they are).  Never imports MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

import pages

HASHED_FIELDS = ("name", "alternate_name", "description", "application_process")
TEXT_KINDS = ("services", "organizations")
_FRONT = re.compile(r"\A(?:\ufeff)?---\r?\n(.*?)\r?\n---\r?\n", re.S)


def text_hash(value) -> str:
    """Return the 8-hex-digit version of a text: a record's `HASHED_FIELDS` (dict) or a page's words (str)."""
    if isinstance(value, dict):
        value = json.dumps({k: value.get(k, "") for k in HASHED_FIELDS}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:8]


def page_source(text: str) -> str:
    """Return what a page's version covers: its title and body, without the rest of the front matter."""
    text = text.replace("\r\n", "\n")
    match = _FRONT.match(text)
    if not match:
        return text
    title = re.search(r"^title:\s*(.*)$", match.group(1), re.M)
    return (title.group(1).strip() if title else "") + "\n" + text[match.end():]


def _page_hash_field(text: str) -> str | None:
    match = _FRONT.match(text.replace("\r\n", "\n"))
    found = re.search(r"^source_hash:\s*\"?([0-9a-f]{8})\"?\s*$", match.group(1), re.M) if match else None
    return found.group(1) if found else None


def outdated(content, source_lang: str, langs: tuple[str, ...]) -> list[dict]:
    """Return every outdated translation: ``[{"lang", "kind", "id"}]`` (kind "services", "organizations" or "page").

    ``content`` is a loaded `content.Content`; pages are read from ``content.root``.
    """
    out = []
    for kind in TEXT_KINDS:
        for rid, source in content.texts.get(source_lang, {}).get(kind, {}).items():
            current = text_hash(source)
            for lang in langs:
                if lang == source_lang:
                    continue
                recorded = content.texts.get(lang, {}).get(kind, {}).get(rid, {}).get("source_hash")
                if recorded and recorded != current:
                    out.append({"lang": lang, "kind": kind, "id": rid})
    base = content.root / "content" / source_lang
    for page in sorted(pages.page_files(base)):
        current = text_hash(page_source((base / page).read_text(encoding="utf-8", errors="replace")))
        for lang in langs:
            target = content.root / "content" / lang / page
            if lang != source_lang and target.exists():
                recorded = _page_hash_field(target.read_text(encoding="utf-8", errors="replace"))
                if recorded and recorded != current:
                    out.append({"lang": lang, "kind": "page", "id": page})
    return out


def _set_record_hash(text: str, rid: str, value: str) -> str:
    """Set ``source_hash`` inside the block of record ``rid`` (two-space key, four-space fields)."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.rstrip() == f"  {rid}:"), None)
    if start is None:
        return text
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i].startswith("    ")),
               len(lines))
    body = [line for line in lines[start + 1:end] if not line.startswith("    source_hash:")]
    keep = len(body)
    while keep and not body[keep - 1].strip():  # blank lines after the block stay after it
        keep -= 1
    body = body[:keep] + [f'    source_hash: "{value}"'] + body[keep:]
    return "\n".join(lines[:start + 1] + body + lines[end:])


def _set_page_hash(text: str, value: str) -> str:
    match = _FRONT.match(text)
    if not match:
        return text
    head = [ln for ln in match.group(1).split("\n") if not ln.startswith("source_hash:")]
    head.append(f'source_hash: "{value}"')
    return "---\n" + "\n".join(head) + "\n---\n" + text[match.end():]


def stamp(root: Path, source_lang: str, langs: tuple[str, ...], content) -> list[str]:
    """Record the current source version in every translation; return the files changed (relative, POSIX).

    Call only after the translations were updated: it declares them current.
    """
    changed = []
    for lang in langs:
        if lang == source_lang:
            continue
        for kind in TEXT_KINDS:
            path = root / "content" / lang / f"{kind}.yml"
            if not path.exists():
                continue
            text = original = path.read_text(encoding="utf-8")
            for rid, source in content.texts.get(source_lang, {}).get(kind, {}).items():
                if rid in content.texts.get(lang, {}).get(kind, {}):
                    text = _set_record_hash(text, rid, text_hash(source))
            if text != original:
                path.write_text(text, encoding="utf-8")
                changed.append(path.relative_to(root).as_posix())
        base = root / "content" / source_lang
        for page in sorted(pages.page_files(base)):
            target = root / "content" / lang / page
            if not target.exists():
                continue
            text = target.read_text(encoding="utf-8")
            new = _set_page_hash(text, text_hash(page_source((base / page).read_text(encoding="utf-8"))))
            if new != text:
                target.write_text(new, encoding="utf-8")
                changed.append(target.relative_to(root).as_posix())
    return changed


def main(argv: list[str] | None = None) -> int:
    import content as content_mod
    import languages

    args = sys.argv[1:] if argv is None else argv
    if args != ["stamp"]:
        print("usage: python hooks/translations.py stamp   (after updating translations)", file=sys.stderr)
        return 2
    root = Path(__file__).resolve().parent.parent
    loaded = content_mod.load_content(root)
    if loaded.errors:
        print(f"not stamped: fix these {len(loaded.errors)} error(s) first")
        print("\n".join(str(e) for e in loaded.errors))
        return 1
    changed = stamp(root, languages.write_first(), languages.CODES, loaded)
    print(f"stamped {len(changed)} file(s) as translated from the current {languages.write_first()} texts")
    print("\n".join(changed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
