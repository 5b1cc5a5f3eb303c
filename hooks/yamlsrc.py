"""Read one YAML file into plain Python values that remember where they came from.

Owns the YAML traps (PITFALLS P11–P14): the file is parsed with
``yaml.compose`` so that every value keeps its line and column, and the data
is built from the nodes by hand instead of by PyYAML's constructor:

- duplicate keys in a mapping are an error (PyYAML would keep the last);
- dates stay ISO text (``2008-02-29``), never ``datetime.date``;
- unquoted numbers, ``yes``/``no``/``on``/``off`` and ``12:30`` keep their
  YAML 1.1 type (int, bool, ...) so the schema can reject them where text is
  expected, and ``raw`` remembers what the editor actually typed;
- anchors, aliases and explicit tags (``&a``, ``*a``, ``!!python/name:x``,
  ``!custom``, even ``!!str``) are refused from the event stream, before any
  node is built, so an alias bomb or ``x: &a [*a]`` costs nothing (P20);
- nesting deeper than `MAX_DEPTH` is refused before composing (no RecursionError);
- tabs, non-UTF-8 bytes and empty files are errors; a byte-order mark and
  Windows line ends are accepted (`errors.decode_utf8`).

Speed (issue 10): events and nodes come from libyaml (``yaml.CSafeLoader``) when PyYAML
was built with it (``yaml.__with_libyaml__``); it yields the same events, nodes, lines
and columns (tests/unit/test_yaml_traps.py compares both on every shipped file).  When
libyaml refuses a file, the file is read again by the pure-Python loader, whose error
messages and marks are the ones editors see (`FAST` is None without libyaml).

Never imports MkDocs.  Returns data plus a `Marks` index; raises nothing for
content mistakes: they come back as a list of `ContentError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from errors import ContentError, decode_utf8

Path_ = tuple  # a path into the data: ("services", 3, "phones", 0, "number")


@dataclass
class Marks:
    """Where each value (and each mapping key) of one file stands.

    Shape: ``values[path] = (line, col)`` and ``keys[path] = (line, col)``,
    1-based; ``raw[path]`` is the scalar's source text for typed scalars.
    """

    file: str
    values: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict)
    line0: int = 0  # lines of the file before the YAML text (a page's front matter starts on line 2)

    def at(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Return (line, col) of ``path``, or of its nearest located ancestor."""
        table = self.keys if key and path in self.keys else self.values
        while path and path not in table:
            path = path[:-1]
            table = self.values
        return table.get(path, (1, 1))

    def error(self, path: Path_, message: str, fix: str = "", *, key: bool = False,
              severity: str = "error") -> ContentError:
        """Make a `ContentError` located at ``path`` in this file."""
        line, col = self.at(path, key=key)
        return ContentError(self.file, line, col, dotted(path), message, fix, severity)


def dotted(path: Path_) -> str:
    """Return a path as ``services[3].phones[0].number``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


#: libyaml's loader for good files, or None (pure Python only); `PURE` gives the error messages.
FAST = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
PURE = yaml.SafeLoader

_SCALARS = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:null": lambda s: None,
}


def _scalar(node: yaml.ScalarNode):
    """Turn a scalar node into a value; YAML 1.1 types are kept except dates."""
    if node.tag in _SCALARS:
        return _SCALARS[node.tag](node.value)
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # P13: one date type everywhere, the ISO text
    return _CONSTRUCTOR.construct_object(node, deep=True)


_CONSTRUCTOR = yaml.SafeLoader("")  # constructs one typed scalar at a time (ints, bools, floats)


def _build(node, path: Path_, marks: Marks, errors: list[ContentError]):
    marks.values[path] = (node.start_mark.line + 1 + marks.line0, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        value = _scalar(node)
        if not isinstance(value, str) and value is not None:
            marks.raw[path] = node.value
        return value
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, path + (i,), marks, errors) for i, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            # Keys keep the text the editor typed: `0312:` must not become 202 (octal).
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            line, col = key_node.start_mark.line + 1 + marks.line0, key_node.start_mark.column + 1
            if key in out:
                first = marks.keys[path + (key,)][0]
                errors.append(ContentError(
                    marks.file, line, col, dotted(path + (key,)),
                    f"duplicate key '{key}' (first given on line {first}); YAML would silently keep only the last one",
                    "delete one of the two lines"))
                continue
            marks.keys[path + (key,)] = (line, col)
            out[key] = _build(value_node, path + (key,), marks, errors)
        return out
    return None


#: Deepest nesting of mappings and lists a content file may use (ours use 5).
MAX_DEPTH = 20

_TAG_FIX = "delete the tag; write plain values (quote text that looks like a number, date or yes/no)"


def _refuse(event, rel: str, line0: int, message: str, fix: str) -> ContentError:
    mark = event.start_mark
    return ContentError(rel, mark.line + 1 + line0, mark.column + 1, "", message, fix)


def _vet_events(text: str, rel: str, line0: int = 0, loader=PURE) -> list[ContentError]:
    """Refuse aliases, anchors, explicit tags and deep nesting, reading events only (no nodes built).

    PyYAML's parser is iterative, so a hostile file costs one pass over its events;
    the composer and our builder, which recurse, never see it.  Returns at most one error.
    """
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            return [_refuse(event, rel, line0, f"alias '*{event.anchor}' (YAML reference to another value)",
                            "copy the value here instead; anchors and aliases are not allowed in content files")]
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            return [_refuse(event, rel, line0, f"anchor '&{event.anchor}' (YAML reference target)",
                            "delete the &name; anchors and aliases are not allowed in content files")]
        tag = getattr(event, "tag", None)  # None unless the editor wrote one
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            return [_refuse(event, rel, line0, f"YAML tag '{shown}' is not allowed", _TAG_FIX)]
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return [_refuse(event, rel, line0, f"nested more than {MAX_DEPTH} levels deep",
                                "content files need only a few levels; check the indentation and brackets")]
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return []


def _check_bytes(raw: bytes, rel: str) -> tuple[str | None, list[ContentError]]:
    """Decode the file; refuse non-UTF-8 bytes, tabs and emptiness."""
    text, errors = decode_utf8(raw, rel, "file")
    if text is None:
        return None, errors
    tabs = [ContentError(rel, number, line_text.index("\t") + 1, "", "tab character; YAML indentation must use spaces",
                         "replace the tab with spaces")
            for number, line_text in enumerate(text.splitlines(), start=1) if "\t" in line_text]
    if tabs:  # every line with a tab at once: an editor's paste often brings several
        return None, tabs
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [ContentError(rel, 1, 1, "", "file is empty",
                                   "add its top-level key(s) and entries, as in the same file of another language or an older version")]
    return text, []


def _syntax_error(exc: yaml.MarkedYAMLError, rel: str, line0: int) -> ContentError:
    # A scanner error ("while scanning a simple key": a missing colon, an unclosed
    # quote) starts where its context does; a parser error is where the problem is.
    scanner = isinstance(exc, yaml.scanner.ScannerError) and exc.context_mark
    mark = (exc.context_mark if scanner else exc.problem_mark) or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = ": ".join(filter(None, [exc.context, exc.problem]))
    return ContentError(rel, line + line0, col, "", f"YAML syntax error: {problem}",
                        "check indentation, colons and quotes on this line")


def _compose(text: str, rel: str, line0: int, loader=None) -> tuple[list[ContentError], object]:
    """Vet the events, then compose the node tree: with libyaml first, and again in pure Python
    when libyaml refuses the text (its messages and marks differ), so errors read the same
    with or without libyaml.  Returns ``(errors, node or None)``; raises PyYAML's errors."""
    loader = loader or FAST
    if loader is None or loader is PURE:
        errors = _vet_events(text, rel, line0)
        return errors, (None if errors else yaml.compose(text, Loader=PURE))
    try:
        if not _vet_events(text, rel, line0, loader):
            return [], yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        pass
    return _compose(text, rel, line0, PURE)  # a refusal, worded and placed as the pure-Python reader does


def load_yaml_text(text: str, rel: str, line0: int = 0) -> tuple[object, Marks, list[ContentError]]:
    """Load YAML from decoded text (e.g. a page's front matter starting on line ``line0 + 1``).

    Same shape and refusals as `load_yaml`, minus the byte checks; positions are
    shifted by ``line0`` lines so that they name lines of the whole file.
    """
    marks = Marks(rel, line0=line0)
    try:
        errors, node = _compose(text, rel, line0)
    except yaml.MarkedYAMLError as exc:
        return None, marks, [_syntax_error(exc, rel, line0)]
    except yaml.reader.ReaderError as exc:  # a control character the YAML reader refuses
        line = text.count("\n", 0, exc.position) + 1 + line0
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return None, marks, [ContentError(rel, line, col, "", f"invisible control character U+{exc.character:04X}",
                                          "delete it (retype the text around it)")]
    if node is None:
        return None, marks, errors
    return _build(node, (), marks, errors), marks, errors


def load_yaml(path: Path, root: Path) -> tuple[object, Marks, list[ContentError]]:
    """Load one YAML file.

    Shape: ``(data, marks, errors)``; data is dict/list/str/int/float/bool/None
    (dates as ISO ``str``) or None when the file cannot be read.
    Fails (as errors, never raises) on: non-UTF-8, tabs, empty file, YAML
    syntax, anchors/aliases, tags, nesting deeper than `MAX_DEPTH`, duplicate keys.
    """
    rel = path.relative_to(root).as_posix() if path.is_absolute() else path.as_posix()
    text, errors = _check_bytes(path.read_bytes(), rel)
    if text is None:
        return None, Marks(rel), errors
    return load_yaml_text(text, rel)
