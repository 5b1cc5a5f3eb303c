"""The editor's words: region and town names, as written in any language, → their codes and ids.

An editor who writes ``region: Naryn`` or ``locations: [Талас]`` means a region or town by its
name; the error should then say which code or id to write (``KG-N``, ``talas``), not only list
the codes.  Names come from every language's ``content/<lang>/labels.yml`` (``regions:`` and
``places:``); a region name also matches by its first word ("Naryn" for "Naryn Region").
Read with plain ``yaml.safe_load``: a broken labels file is skipped here (its own error says why).
Never imports MkDocs.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml


@lru_cache(maxsize=8)
def known_names(root: Path) -> dict[str, dict[str, set[str]]]:
    """Return ``{"regions": {casefolded name: {code}}, "places": {casefolded name: {id}}}`` from all labels files."""
    out: dict[str, dict[str, set[str]]] = {"regions": {}, "places": {}}
    for path in sorted((root / "content").glob("*/labels.yml")):
        try:
            labels = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        for group in out:
            section = labels.get(group) if isinstance(labels, dict) else None
            for code, name in (section or {}).items() if isinstance(section, dict) else ():
                if not isinstance(name, str) or not name.strip():
                    continue
                words = {name.casefold().strip(), str(code).casefold()}
                if group == "regions":
                    words.add(name.split()[0].casefold())
                for word in words:
                    out[group].setdefault(word, set()).add(str(code))
    return out


def name_fix(value, group: str, root: Path) -> str:
    """Return "'Naryn' is a name: write its code KG-N" when ``value`` names a region or town, else "".

    ``group`` is "regions" or "places"; ``root`` the project root.
    """
    found = sorted(known_names(root)[group].get(str(value).casefold().strip(), ()))
    if not found or str(value) in found:
        return ""
    noun = "code" if group == "regions" else "id"
    return f"'{value}' is a name: write its {noun} " + " or ".join(found)


def known_ids(root: Path, group: str) -> set[str]:
    """Return every code or id of ``group`` ("regions" or "places") that the labels name."""
    return {code for codes in known_names(root)[group].values() for code in codes}
