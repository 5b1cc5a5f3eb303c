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
