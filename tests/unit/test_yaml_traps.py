"""The YAML traps of PITFALLS P11–P14, on small files, through `yamlsrc.load_yaml` directly.

The files are in ``tests/fixtures/yaml/``.  `load_yaml` must keep what the
editor typed (``raw``) and where (``values``/``keys``, 1-based line and
column) so that the schema can reject a boolean or a number where text is
expected with a message naming the line; dates stay ISO text; a duplicate key
is an error, never a silent overwrite.
"""

from __future__ import annotations

from pathlib import Path


from yamlsrc import load_yaml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def load(name: str):
    data, marks, errors = load_yaml(FIXTURES / "yaml" / name, FIXTURES)
    return data, marks, [str(e) for e in errors]


# --- P11: NO / on / yes --------------------------------------------------------------


def test_p11_no_on_yes_keep_their_bool_type_and_raw_text():
    data, marks, errors = load("p11_no_on_yes.yml")
    assert errors == []
    oslo, flags = data["places"]
    assert oslo["country"] is False and marks.raw[("places", 0, "country")] == "NO"
    assert marks.values[("places", 0, "country")] == (4, 14)
    assert oslo["quoted"] == "NO" and ("places", 0, "quoted") not in marks.raw
    assert {k: flags[k] for k in "abcd"} == {"a": True, "b": True, "c": False, "d": False}
    assert {k: marks.raw[("places", 1, k)] for k in "abcd"} == {"a": "on", "b": "yes", "c": "off", "d": "No"}


# --- P12: phone numbers as integers, octal ---------------------------------------------


def test_p12_unquoted_phones_are_ints_but_raw_keeps_the_digits():
    data, marks, errors = load("p12_phones.yml")
    assert errors == []
    phones = data["phones"]
    assert phones["octal"] == 0o312621111 == 53158473  # read as octal
    assert marks.raw[("phones", "octal")] == "0312621111"
    assert phones["e164"] == 996312621111 and marks.raw[("phones", "e164")] == "+996312621111"
    assert marks.values[("phones", "e164")] == (4, 9)


def test_p12_quoted_phone_and_non_octal_digits_stay_text():
    data, marks, _ = load("p12_phones.yml")
    assert data["phones"]["quoted"] == "0312621111"
    assert data["phones"]["not_octal"] == "0312681111"  # an 8 makes it no YAML number at all
    assert ("phones", "quoted") not in marks.raw and ("phones", "not_octal") not in marks.raw


def test_p12_numeric_mapping_keys_keep_their_text():
    data, marks, errors = load("p12_numeric_keys.yml")
    assert errors == []
    assert list(data["services"]) == ["0312", "2008"]
    assert marks.keys[("services", "0312")] == (3, 3)


# --- P13: 12:30 and dates -----------------------------------------------------------------


def test_p13_time_is_sexagesimal_int_with_raw_text():
    data, marks, errors = load("p13_times_and_dates.yml")
    assert errors == []
    assert data["hours"]["open"] == 12 * 60 + 30 and marks.raw[("hours", "open")] == "12:30"
    assert marks.values[("hours", "open")] == (3, 9)
    assert data["hours"]["quoted"] == "12:30"


def test_p13_dates_stay_iso_text():
    data, marks, errors = load("p13_times_and_dates.yml")
    assert errors == []
    assert data["verified"] == "2024-03-08" and type(data["verified"]) is str
    assert data["impossible"] == "2008-02-30"  # not a date: left for the rules to report, no crash
    assert data["timestamp"] == "2024-03-08T10:00:00Z"
    assert not {("verified",), ("impossible",), ("timestamp",)} & set(marks.raw)
    assert marks.values[("verified",)] == (5, 11)


# --- P14: duplicate keys ---------------------------------------------------------------------


def test_p14_duplicate_key_is_an_error_naming_both_lines():
    data, marks, errors = load("p14_duplicate_keys.yml")
    assert errors == [
        "yaml/p14_duplicate_keys.yml:6:5: services.sezim-shelter.name: duplicate key 'name' (first given on line 4);"
        " YAML would silently keep only the last one — delete one of the two lines"]
    assert list(data["services"]["sezim-shelter"]) == ["name", "description"]  # the repeat is not taken


def test_p14_same_key_in_different_mappings_is_fine():
    data, _, errors = load("p14_duplicate_keys.yml")
    assert len(errors) == 1  # only the repeat inside sezim-shelter
    assert data["services"]["naryn-shelter"] == {"name": "A"}


# --- libyaml (issue 10): same nodes, lines and columns; errors from the pure-Python reader --------

import pytest  # noqa: E402
import yaml  # noqa: E402

import yamlsrc  # noqa: E402

ROOT = FIXTURES.parent.parent
SHIPPED = sorted((ROOT / "content").glob("**/*.yml")) + sorted((ROOT / "content").glob("*/**/*.md"))


def _tree(node):
    """A node as plain data: class, tag, value (children), style, and start/end line, column, index.

    yamlsrc reads tag, value and start line/column; the rest is compared to show the trees agree."""
    marks = [(m.line, m.column, m.index) for m in (node.start_mark, node.end_mark)]
    if isinstance(node, yaml.ScalarNode):
        return (type(node).__name__, node.tag, node.value, node.style or None, marks)  # plain: libyaml "", PyYAML None
    if isinstance(node, yaml.SequenceNode):
        return (type(node).__name__, node.tag, [_tree(n) for n in node.value], bool(node.flow_style), marks)
    return (type(node).__name__, node.tag, [(_tree(k), _tree(v)) for k, v in node.value], bool(node.flow_style), marks)


def _yaml_text(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":  # a page's front matter
        if not text.startswith("---\n"):
            return None
        return text[4:text.index("\n---", 4) + 1]
    return text


def test_libyaml_is_used_when_pyyaml_has_it():
    assert yaml.__with_libyaml__, "PyYAML without libyaml: builds at scale are ~2x slower (pip install pyyaml wheel)"
    assert yamlsrc.FAST is yaml.CSafeLoader


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_libyaml_gives_the_same_nodes_and_marks_on_shipped_content(path):
    text = _yaml_text(path)
    if not text:
        pytest.skip("no front matter")
    fast = yaml.compose(text, Loader=yaml.CSafeLoader)
    pure = yaml.compose(text, Loader=yaml.SafeLoader)
    assert _tree(fast) == _tree(pure)
    assert ([(type(e).__name__, e.start_mark.line, e.start_mark.column) for e in yaml.parse(text, Loader=yaml.CSafeLoader)]
            == [(type(e).__name__, e.start_mark.line, e.start_mark.column) for e in yaml.parse(text, Loader=yaml.SafeLoader)])


BROKEN = {
    "missing_colon.yml": "services:\n  - id: a\n    name \"x\n    category: ngo\n",
    "bad_indent.yml": "services:\n  - id: a\n     category: ngo\n   source: x\n",
    "control_char.yml": "services:\n  - id: a\n    name: \"x\x07y\"\n",
    "alias.yml": "a: &x [1]\nb: *x\n",
    "tag.yml": "a: !!python/name:os.system x\n",
    "unclosed.yml": "a: [1, 2\nb: 3\n",
    "cyrillic_then_error.yml": "имя: Ош\nкатегория: [1\n",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_gets_the_pure_python_error(name, monkeypatch):
    """The error editors read (message, line, column) is the pure-Python reader's, libyaml or not."""
    fast = [str(e) for e in yamlsrc.load_yaml_text(BROKEN[name], name)[2]]
    monkeypatch.setattr(yamlsrc, "FAST", None)
    pure = [str(e) for e in yamlsrc.load_yaml_text(BROKEN[name], name)[2]]
    assert fast == pure and pure, pure
