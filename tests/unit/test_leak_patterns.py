"""Each location-leak pattern of `leaks.PATTERNS` (ky, ru, en) finds its examples and nothing in look-alikes.

The whole-path behaviour (file:line:col through the check command and the build) is
in test_leaks_ledger.py; here each pattern is tested on its own, so that a change
to one regex shows which language and kind it broke.
"""

from __future__ import annotations

import re

import pytest

import leaks

#: For each pattern (by position in `leaks.PATTERNS`): texts it must find.
POSITIVE = {
    0: ["Lenin St. 12", "ул. Ленина 5", "улица Токтогула, 17", "Ленин көчөсү 12", "мкр. Джал 23", "проспект Чуй 120",
        "street 5"],
    1: ["12 Lenin Street", "7a Chui Avenue", "3, Frunze Road"],
    2: ["Lenin Street", "Chui Avenue", "Lenin St.", "Erkindik Blvd."],
    3: ["ул. Ленина", "пр. Мира", "мкр. Асанбай", "пер. 5"],
    4: ["улица Ленина", "на улице Токтогула", "проспекте Мира", "микрорайон Джал"],
    5: ["Ленин көчөсү", "Чүй проспектиси"],
    6: ["house 7", "building 4", "bldg. 2", "office 12", "block 3"],
    7: ["дом 5", "д. 12", "корпус 2", "офис 3", "здание 1"],
    8: ["12-үй", "12 үй", "үй № 5", "кеңсе № 4"],
    9: ["apt. 4", "apartment 5", "flat 3", "room 7", "2nd floor", "ground floor", "first floor"],
    10: ["кв.", "квартира", "на третьем этаже", "второй этаж", "подъезд", "комната 5"],
    11: ["3-кабат", "2-кабатта", "экинчи кабатта", "батирде", "бөлмө № 3"],
    12: ["opposite the bus station", "Opposite a mosque", "across from", "next to the market", "behind the school",
         "in front of the hospital", "near the bus station", "next door to the bank"],
    13: ["напротив рынка", "возле школы", "рядом с автовокзалом", "рядом со школой", "за углом"],
    14: ["базардын каршысында", "мектептин жанында", "мечиттин артында", "маңдайында"],
}

#: Texts no pattern may find (shipped content, look-alike words, counts and years).
NEGATIVE = [
    "«Тёплый дом»", "НПО «Тёплый дом», Каракол", "үй-бүлөлүк зомбулук", "Үй-бүлөңүзгө план калтырыңыз", "Чүй облусу",
    "адам сатууга каршы", "рядом с вами", "рядом с нами", "около 1000 человек", "The street is not safe at night.",
    "Every street vendor", "флот", "домашнее насилие", "дома", "фондом", "In 2007 it helped 1,000 people.",
    "a floor price", "ministry building", "министрликтин жанындагы кеңеш", "Кабатыр", "St. Petersburg",
    "§3K, §4B", "Osh city", "Issyk-Kul Region", "near you", "next to nothing",
]


def test_every_pattern_has_examples():
    assert sorted(POSITIVE) == list(range(len(leaks.PATTERNS)))
    langs = {lang for _, lang, _ in leaks.PATTERNS}
    kinds = {(kind, lang) for kind, lang, _ in leaks.PATTERNS}
    assert langs == {"any", "en", "ru", "ky"}
    assert {k for k, _ in kinds} == {"street", "building", "flat", "landmark"}
    for kind in ("building", "flat", "landmark"):
        assert {lang for k, lang in kinds if k == kind} == {"en", "ru", "ky"}


@pytest.mark.parametrize("index, text", [(i, t) for i, texts in POSITIVE.items() for t in texts])
def test_pattern_finds_its_example(index, text):
    kind, lang, regex = leaks.LEAKS[index]
    assert regex.search(text), f"pattern {index} ({kind}, {lang}) misses {text!r}"
    assert leaks.location_leaks(f"Text. {text}, more.")  # and the public function reports it


@pytest.mark.parametrize("text", NEGATIVE)
def test_look_alikes_pass(text):
    assert leaks.location_leaks(text) == []


@pytest.mark.parametrize("text, snippet", [
    ("0312.62.11.11", "0312.62.11.11"), ("0 555 123 456", "0 555 123 456"), ("+996 555 12 34 56", "+996 555 12 34 56"),
    ("+996\u00a0555\u00a0123456", "+996\u00a0555\u00a0123456"), ("(0312) 62-11-11", "(0312) 62-11-11"),
    ("62-11-11", "62-11-11"), ("wa.me/996555123456", "wa.me/996555123456"), ("t.me/+996555123456", "t.me/+996555123456"),
    ("viber://chat?number=%2B996555123456", "viber://chat?number=%2B996555123456"), ("tel:+996312000000", "tel:+996312000000"),
    ("sms:0555123456", "sms:0555123456"), ("996555123456", "996555123456"), ("+996\u200b555\u200b123456", "+996\u200b555\u200b123456"),
])
def test_phone_numbers_are_found_whatever_the_separators(text, snippet):
    assert [s for _, s in leaks.phone_numbers(f"Call {text} today.")] == [snippet]
    assert re.fullmatch(r"\+\d{7,15}", leaks.normalise_number(snippet))


@pytest.mark.parametrize("text", ["In 2007, 435 calls and 21 victims", "(2003-2006)", "29.02.2008", "2008-02-29",
                                  "1,000 people", "10 000 people", "§3K", "189 and 104", "70 %"])
def test_counts_years_and_dates_are_not_numbers(text):
    assert leaks.phone_numbers(text) == []


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u00ad", "\ufeff", "\u2060",
                                  *[chr(c) for c in range(0x202A, 0x202F)], *[chr(c) for c in range(0x2066, 0x206A)]])
def test_invisible_characters_are_found(char):
    found = leaks.invisible_characters(f"ab{char}cd")
    assert [(f.start, f.snippet) for f in found] == [(2, char)]
    assert found[0].message.startswith(f"invisible character U+{ord(char):04X} (")


@pytest.mark.parametrize("text", ["PTL l. 1369–1372 (40 %)", "TIP l.1745–1748 (2002)", "§§ 12—14"])
def test_citation_ranges_are_not_phone_numbers(text):
    """Regression: line ranges in the abroad pages' source lists were read as +996 numbers."""
    assert leaks.phone_numbers(text) == []


def test_a_number_written_with_en_dashes_is_still_a_number():
    assert leaks.phone_numbers("call 0555–123–456") == [(5, "0555–123–456")]
