"""Load and validate all site content: ``content/data/*.yml`` plus per-language texts.

Reads (relative to the project root):
- ``content/data/{sources,places,organizations,services}.yml`` — language-neutral facts;
- ``content/<lang>/{organizations,services,labels}.yml`` — texts in ky, ru, en;
- ``content/data/glossary.yml`` — one term per concept per language (`glossary.py`).

Validates each file against `schema.py` with the ``jsonschema`` library, then
the cross-record rules of `rules.py`, and returns one `Content` object with
every error and warning located as ``file:line:col: field``.  Never raises for
content mistakes (they are collected) and never imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from jsonschema import Draft202012Validator

import background as bg
import glossary
import languages
import names
import pagecheck
import rules
import schema
import translations
from errors import ContentError, did_you_mean
from yamlsrc import Marks, load_yaml

DATA_DIR = Path("content") / "data"
TEXT_KINDS = ("organizations", "services")


@dataclass
class Content:
    """Everything the site is built from.

    Shape: ``sources``, ``places``, ``organizations``, ``services``: dicts
    id → record dict (file order kept); ``texts[lang][kind][id]`` → text dict;
    ``labels[lang]`` → nested dict of UI labels; ``errors`` and ``warnings``:
    ``list[ContentError]``; ``marks[file]`` → `Marks`; ``outdated``: set of
    ``(lang, kind, id)`` translations made from an older source text (kind
    "services", "organizations" or "page" with the page's path as id; see `translations`);
    ``broken``: keys of the files that did not load cleanly ("services", "ky/labels",
    "pages", "glossary", …); ``not_checked``: the rules that waited for those files
    (their first docstring lines, see `rules.check_all`).
    """

    root: Path
    sources: dict = field(default_factory=dict)
    places: dict = field(default_factory=dict)
    organizations: dict = field(default_factory=dict)
    services: dict = field(default_factory=dict)
    texts: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    outdated: set = field(default_factory=set)
    broken: set = field(default_factory=set)
    not_checked: list = field(default_factory=list)
    pending: object = None  # checks still running (`load_content` with background=True)
    build_date: dt.date = field(default_factory=dt.date.today)

    def text(self, lang: str, kind: str, record_id: str) -> tuple[dict, str]:
        """Return ``(texts, lang_used)`` for a record, falling back across languages.

        The fallback order is the page language, then the site languages in
        order; an entry with no text at all yields ``({}, lang)``.
        """
        for candidate in (lang,) + schema.SITE_LANGUAGES:
            found = self.texts.get(candidate, {}).get(kind, {}).get(record_id)
            if found:
                return found, candidate
        return {}, lang


def build_date() -> dt.date:
    """Return the build date: ``SOURCE_DATE_EPOCH`` (UTC) if set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


# --- Schema errors → editor messages ------------------------------------------

_PATTERN_HINTS = {
    schema.ID_PATTERN: ("a lowercase id with dashes, like 'naryn-shelter'", "use only a-z, 0-9 and single dashes"),
    schema.DATE_PATTERN: ("a date YYYY-MM-DD", "write the date like 2008-02-29"),
    schema.EXTENSION_PATTERN: ("an extension of 1 to 8 digits", 'write only the digits, in quotes: extension: "12"'),
}


#: How YAML read an unquoted value, in an editor's words (YAML reads NO, on and yes as yes/no, 0312 as a number).
_YAML_READS = {"int": "a number", "float": "a number", "bool": "yes/no", "NoneType": "empty",
               "list": "a list", "dict": "fields", "str": "text"}


def _type_message(err, marks: Marks, path: tuple) -> tuple[str, str]:
    raw = marks.raw.get(path, repr(err.instance))
    kind = _YAML_READS.get(type(err.instance).__name__, type(err.instance).__name__)
    if err.validator_value == "string" and type(err.instance).__name__ in ("int", "float", "bool"):
        if "enum" in err.schema and raw not in err.schema["enum"]:  # quoting alone would not help
            return (f"expected one of: {', '.join(err.schema['enum'])}, got {raw} (read by YAML as {kind})",
                    f"write {err.schema['enum'][0]}" if len(err.schema["enum"]) == 1 else "use one of the listed values")
        return (f"expected text, got {raw} (read by YAML as {kind})",
                f"put it in quotes: \"{raw}\"")
    if err.instance is None:
        return "is empty", "add the entries under it, indented, or delete the line"
    if err.validator_value == "array":
        shown = err.instance if isinstance(err.instance, str) else raw
        return f"expected a list, got {kind} {shown}", f"write it in square brackets: [{shown}]"
    if err.validator_value == "object":
        return f"expected fields (name: value lines), got {kind} {raw}", "indent the fields under this key"
    if err.validator_value == "number" and isinstance(err.instance, str):
        return f"expected a number, got text '{err.instance}'", "remove the quotes"
    return f"expected {err.validator_value}, got {kind} {raw}", ""


def _unknown_fields(err, marks: Marks, path: tuple, kind_key: str) -> list[ContentError]:
    allowed = list(err.schema.get("properties", {}))
    out = []
    for name in sorted(set(err.instance) - set(allowed)):
        fix = did_you_mean(name, allowed) or f"allowed fields: {', '.join(allowed)}"
        message = f"unknown field '{name}'"
        if name.startswith("address") and err.instance.get("category") == "shelter":
            message, fix = "shelters never carry a street address (safety)", "delete it; give the town in `locations`"
        elif name == "service_area" and "phones" in path:
            message, fix = "a phone has no `service_area`", "write `coverage:` with the towns the source names (docs/editing.md)"
        elif name.startswith("address") or name in ("street", "building"):
            message, fix = f"unknown field '{name}'; addresses are published at town level only", "use `locations` with a town id"
        out.append(marks.error(path + (name,), message, fix, key=True))
    return out


def _names_a_place(path: tuple) -> bool:
    """A value at ``path`` is a town id: ``locations[i]`` or ``coverage.places[i]``."""
    return len(path) >= 2 and path[-2] in ("locations", "places") and isinstance(path[-1], int)


def _schema_error(err, marks: Marks, kind_key: str, root: Path | None) -> list[ContentError]:
    path = tuple(err.absolute_path)
    v = err.validator
    if "propertyNames" in err.schema_path:  # a bad id used as a key: point at that key
        return [marks.error(path + (err.instance,), f"'{err.instance}' is not a valid id",
                            "use the id from content/data/ (lowercase letters, digits and dashes)", key=True)]
    if v == "enum" and not isinstance(err.instance, str):
        return []  # the type error on the same value says it better (e.g. NO read as false)
    if v == "additionalProperties":
        return _unknown_fields(err, marks, path, kind_key)
    if v == "required":
        name = err.message.split("'")[1]
        return [marks.error(path + (name,), f"missing required field '{name}'", f"add `{name}:` to this entry")]
    if v == "type":
        return [marks.error(path, *_type_message(err, marks, path))]
    if v == "enum":
        regions = root is not None and set(err.validator_value) <= set(schema.REGIONS)
        return [marks.error(path, f"'{err.instance}' is not one of: {', '.join(map(str, err.validator_value))}",
                            (regions and names.name_fix(err.instance, "regions", root))
                            or did_you_mean(err.instance, err.validator_value))]
    if v == "pattern":
        expected, fix = _PATTERN_HINTS.get(err.validator_value, (f"text matching {err.validator_value}", ""))
        if err.validator_value == schema.ID_PATTERN and root is not None and _names_a_place(path):
            fix = (names.name_fix(err.instance, "places", root)
                   or did_you_mean(err.instance, names.known_ids(root, "places")) or fix)
        if "https://" in err.validator_value:
            expected, fix = "an https:// web address", "only https:// links are published (no http:, javascript: or data:)"
        if "@" in err.validator_value:
            expected, fix = "an e-mail address", "write it like info@example.org"
        return [marks.error(path, f"expected {expected}, got '{err.instance}'", fix)]
    if v == "maxLength":
        return [marks.error(path, f"text is {len(err.instance)} characters; the limit is {err.validator_value}",
                            "shorten it")]
    if v in ("minLength", "minItems", "minProperties"):
        return [marks.error(path, "must not be empty", "fill it in or delete the line")]
    if v in ("minimum", "maximum"):
        return [marks.error(path, f"{err.instance} is out of range ({v} {err.validator_value})", "")]
    if v == "uniqueItems":
        return [marks.error(path, "the same value is listed twice", "remove the repeat")]
    return [marks.error(path, err.message)]


def validate_file(data, marks: Marks, json_schema: dict, kind_key: str, root: Path | None = None) -> list[ContentError]:
    """Validate one file's data against a JSON Schema; return located errors.

    With the project ``root``, a region written by its name gets its code in the fix (`names`).
    """
    validator = Draft202012Validator(json_schema)
    errors = []
    for err in validator.iter_errors(data):
        errors.extend(_schema_error(err, marks, kind_key, root))
    return errors


# --- Loading ------------------------------------------------------------------


def _read(root: Path, rel: Path, json_schema: dict, kind_key: str, names: bool = True):
    """Read one YAML file and validate it against ``json_schema``.

    Returns None if the file is missing, else ``(data, marks, errors as read, errors)``: the last are
    the reading's errors or, if it read cleanly, the schema's.  With ``names``, a region written by
    its name gets its code in the fix (`validate_file`).  Plain data: it may come from a child process.
    """
    path = root / rel
    if not path.exists():
        return None
    data, marks, as_read = load_yaml(path, root)
    errors = as_read
    if data is not None and not as_read:
        errors = validate_file(data, marks, json_schema, kind_key, root if names else None)
    return data, marks, as_read, errors


def _load(root: Path, rel: Path, json_schema: dict, kind_key: str, content: Content, key: str,
          read: dict | None = None, ready: dict | None = None):
    """Load and validate one YAML file; on any error record ``key`` in ``content.broken`` and return no data.

    ``read``, if given, gets ``{path: (data, marks, load errors)}`` of the file as read (before
    validation), so later checks of the same file need not parse it again (issue 10).
    ``ready``: `_read` results already made (``{rel: result}``, `_text_files`), used instead of reading.
    """
    found = ready[rel] if ready and rel in ready else _read(root, rel, json_schema, kind_key)
    if found is None:
        content.errors.append(ContentError(rel.as_posix(), 0, 0, "", "file is missing",
                                           f"create it with a top-level `{kind_key}:` key"))
        content.broken.add(key)
        return None, None
    data, marks, as_read, errors = found
    if read is not None:
        read[root / rel] = (data, marks, as_read)
    content.errors.extend(errors)
    if errors:
        content.broken.add(key)
    return (data if not errors else None), marks


def _text_files() -> list[tuple[Path, dict, str, bool]]:
    """The language files, as `_read` arguments: ``[(rel, json schema, kind key, names)]``."""
    return [(Path("content") / lang / f"{key}.yml", schema.text_schema(key), key, True)
            for lang in schema.SITE_LANGUAGES for key in TEXT_KINDS] + [
        (Path("content") / lang / "labels.yml", schema.labels_schema(), "labels", False) for lang in schema.SITE_LANGUAGES]


def load_content(root: Path, *, today: dt.date | None = None, background: bool = False) -> Content:
    """Load, validate and cross-check all content under ``root``.

    Shape: a `Content`; ``content.errors`` is empty when the site may be built.
    Missing translations are warnings (``mkdocs build --strict`` fails on them).
    Units: dates as ISO text; coordinates in WGS 84 degrees.

    ``background``: when every file loaded cleanly and `background.can_fork`, the checks that only
    read the loaded content (pages, glossary, `rules`) run in a child process and this returns at
    once with ``content.pending`` set: call `finish_loading` before trusting ``errors``.
    """
    content = Content(root=root, build_date=today or build_date())
    marks: dict[str, Marks] = {}
    seen: dict = {}
    read: dict = {}  # the language files as read, for the glossary check
    # A build reads the language files in a child process while it reads the data files here (issue 10).
    texts = bg.start(lambda: {rel: _read(root, rel, *args) for rel, *args in _text_files()}) \
        if background and bg.can_fork() else None
    for kind in schema.KINDS:
        data, m = _load(root, DATA_DIR / f"{kind.key}.yml", schema.json_schema(kind), kind.key, content, kind.key)
        if m:
            marks[kind.key] = m
        records, before = (data or {}).get(kind.key, []), len(content.errors)
        setattr(content, kind.key, rules.index_records(records, m, kind.key, content.errors, seen) if m else {})
        if len(content.errors) > before:  # a repeated id: rules reading this file would see the wrong record
            content.broken.add(kind.key)
    content.errors += pagecheck.unreadable_pages(root)  # before MkDocs reads a page, whatever runs in the background
    ready = texts.result() if texts else {}
    for lang in schema.SITE_LANGUAGES:
        content.texts[lang] = {}
        for key in TEXT_KINDS:
            data, m = _load(root, Path("content") / lang / f"{key}.yml", schema.text_schema(key), key, content,
                            f"{lang}/{key}", read, ready)
            content.texts[lang][key] = (data or {}).get(key, {})
            if m:
                marks[f"{lang}/{key}"] = m
        rel = Path("content") / lang / "labels.yml"
        found = ready[rel] if rel in ready else _read(root, rel, schema.labels_schema(), "labels", names=False)
        if found is None:
            content.errors.append(ContentError(f"content/{lang}/labels.yml", 0, 0, "", "file is missing",
                                               "copy labels.yml from another language and translate it"))
            content.broken.add(f"{lang}/labels")
            continue
        labels, m, as_read, errors = found
        read[root / rel] = (labels, m, as_read)
        content.errors.extend(errors)
        if errors:
            content.broken.add(f"{lang}/labels")
        content.labels[lang] = labels if isinstance(labels, dict) and not errors else {}
        marks[f"{lang}/labels"] = m
    if background and not content.errors and bg.can_fork():
        # The checks below only read what is loaded: they run on the other core while the build goes on,
        # and `finish_loading` collects their errors before anything is written (issue 10).
        _translations(content, root)  # pages need it now; redone by finish_loading if a page is broken
        content.pending = bg.start(lambda: _checks(content, marks, read, root), fork=True)
        return content
    _merge(content, _checks(content, marks, read, root))
    _translations(content, root)
    return _sorted(content)


def finish_loading(content: Content) -> Content:
    """Wait for the checks `load_content` started in the background, if any, and add their findings.

    Returns the same `Content`, now as `load_content` without ``background`` returns it.
    Raises `background.BackgroundError` if the checking process failed.
    """
    pending, content.pending = content.pending, None
    if pending is not None:
        _merge(content, pending.result())
        if content.broken & _TRANSLATED:
            _translations(content, content.root)
    return _sorted(content)


def _sorted(content: Content) -> Content:
    content.errors.sort()
    content.warnings.sort()
    return content


#: The checks' findings, by `Content` field (`_checks` returns what they add to each).
_FINDINGS = ("errors", "warnings", "not_checked")
_TRANSLATED = {f"{lang}/{kind}" for lang in schema.SITE_LANGUAGES for kind in TEXT_KINDS} | {"pages"}


def _checks(content: Content, marks: dict, read: dict, root: Path) -> dict:
    """Check pages, glossary and cross-record rules on loaded content; return what they found.

    Shape: ``{"errors": [...], "warnings": [...], "not_checked": [...], "broken": {...}}``, the
    additions only; ``content`` is left as it was (the checks append to it, and are undone here),
    so the result can come from another process (`background`) and be added by `_merge`.
    """
    before = {name: len(getattr(content, name)) for name in _FINDINGS}
    broken_before = set(content.broken)
    page_errors, page_warnings = pagecheck.check_pages(root)
    content.errors.extend(page_errors)
    content.warnings.extend(page_warnings)
    if page_errors:
        content.broken.add("pages")
    terms, m = _load(root, glossary.GLOSSARY_FILE, glossary.JSON_SCHEMA, "terms", content, "glossary")
    if terms is not None:  # one term per concept per language; texts only against a sound glossary
        term_errors = glossary.check_terms(terms["terms"], m)
        content.errors.extend(term_errors or glossary.check_texts(root, terms["terms"], read))
    # Every rule whose files loaded cleanly runs now, so the editor sees all errors in one round.
    rules.check_all(content, marks)
    found = {name: getattr(content, name)[before[name]:] for name in _FINDINGS}
    for name in _FINDINGS:
        del getattr(content, name)[before[name]:]
    found["broken"] = content.broken - broken_before
    content.broken.intersection_update(broken_before)
    return found


def _merge(content: Content, found: dict) -> None:
    for name in _FINDINGS:
        getattr(content, name).extend(found[name])
    content.broken |= found["broken"]


def _translations(content: Content, root: Path) -> None:
    """Which translations are older than their source text (`translations.outdated`), once the
    texts and pages they compare have loaded; else say that it was not checked."""
    if not content.broken & _TRANSLATED:
        content.outdated = {(o["lang"], o["kind"], o["id"]) for o in translations.outdated(
            content, languages.write_first(root / "mkdocs.yml"), schema.SITE_LANGUAGES)}
    else:
        content.outdated = set()
        content.not_checked.append("Translations are up to date with their source texts.")
