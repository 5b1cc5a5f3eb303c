"""Where a number works and how it is dialled: `query` and `render` over the real content.

The built pages are tested in tests/build/test_coverage.py; these pin the rules
the pages rest on (a region is served only through a town in it or an explicit
region; status, type, extension and audience decide the link).
"""

from __future__ import annotations

import copy
import datetime

import pytest
from bs4 import BeautifulSoup

import content as content_mod
import query
import formats
import render
import schema
from conftest import ROOT


@pytest.fixture(scope="module")
def loaded():
    result = content_mod.load_content(ROOT, today=datetime.date(2026, 11, 29))
    assert result.errors == []
    return result


def renderer(loaded, lang="en", audience=None):
    return render.Renderer(loaded, lang, render.make_env(ROOT / "overrides" / "partials"), audience=audience)


def phones(loaded) -> dict:
    return {p["number"]: (s, p) for s in loaded.services.values() for p in s.get("phones", [])}


def test_a_town_serves_only_its_own_region(loaded):
    """TIP 2008 §4B names towns: Karakol is not Issyk-Kul Region as a whole, but it is in it."""
    _, p189 = phones(loaded)["189"]
    _, p104 = phones(loaded)["104"]
    assert query.phone_regions(loaded, p189) == {"KG-GB", "KG-Y", "KG-T", "KG-GO", "KG-J"}
    assert query.phone_regions(loaded, p104) == {"KG-N", "KG-B"}
    for region in ("KG-C", "KG-O"):  # Chuy and Osh Region: no town named by the source
        assert not any(region in query.phone_regions(loaded, p) for _, p in query.hotline_phones(loaded))


def test_explicit_regions_and_the_whole_country(loaded):
    assert query.phone_regions(loaded, {"number": "189", "coverage": {"regions": ["KG-C"]}}) == {"KG-C"}
    assert query.phone_regions(loaded, {"number": "189", "coverage": {"countries": ["KG"]}}) == set(schema.REGIONS)
    assert query.phone_regions(loaded, {"number": "+77012345678", "coverage": {"countries": ["KZ"]}}) == set()


@pytest.mark.parametrize("phone_status, service_status, expected", [
    (None, None, "active"), ("defunct", None, "defunct"), ("inactive", "active", "inactive"),
    (None, "defunct", "defunct"), ("active", "temporarily closed", "inactive"), ("inactive", "defunct", "defunct"),
])
def test_a_phone_is_no_more_in_service_than_its_service(phone_status, service_status, expected):
    phone = {"number": "189"} | ({"status": phone_status} if phone_status else {})
    service = {"id": "x"} | ({"status": service_status} if service_status else {})
    assert query.phone_status(service, phone) == expected
    assert query.is_callable(service, phone) == (expected == "active")


def test_short_codes_are_derived_from_the_number():
    assert query.is_short_code("189") and query.is_short_code("1234")
    assert not query.is_short_code("12") and not query.is_short_code("+996312621111")


def test_e164_is_shown_grouped_with_the_national_form_and_dialled_as_e164():
    assert formats.format_phone("+996312621111", "12") == {
        "tel": "+996312621111;ext=12", "display": "+996 312 621 111", "national": "0312 621 111"}
    assert formats.format_phone("+77012345678")["national"] == ""  # a foreign number: international only
    assert formats.format_phone("189") == {"tel": "189", "display": "189", "national": ""}


def test_coverage_text_names_the_towns_in_the_page_language(loaded):
    service, p189 = phones(loaded)["189"]
    assert renderer(loaded).coverage_text(service, p189) == \
        "from phones in Kyrgyzstan: Bishkek, Karakol, Talas, Osh, Jalal-Abad (2008)"
    assert renderer(loaded, "ru").coverage_text(service, p189).startswith("с телефонов в Кыргызстане: Бишкек, Каракол")
    assert renderer(loaded, "ky").coverage_text(service, {"number": "+77012345678", "coverage": {"countries": ["KZ"]}}) \
        == "иштеген жерлер: Казакстан (2008)"


def test_the_link_follows_type_status_extension_and_audience(loaded):
    service, p189 = phones(loaded)["189"]
    r, abroad = renderer(loaded), renderer(loaded, audience="abroad")
    assert r.phone_view(service, p189)["href"] == "tel:189"
    view = abroad.phone_view(service, p189)
    assert view["href"] == "" and view["note"] == loaded.labels["en"]["phrases"]["short_code_abroad"]
    e164 = {"number": "+996312621111"}
    assert abroad.phone_view(service, e164)["href"] == "tel:+996312621111"  # full numbers work from abroad
    assert r.phone_view(service, e164 | {"type": "fax"})["href"] == ""
    assert r.phone_view(service, e164 | {"type": "fax"})["prefix"] == "Fax"
    assert r.phone_view(service, e164 | {"type": "sms"})["href"] == "sms:+996312621111"
    assert r.phone_view(service, e164 | {"extension": "7"})["href"] == "tel:+996312621111;ext=7"
    defunct = r.phone_view(service, e164 | {"status": "defunct"})
    assert defunct["href"] == "" and "no longer in service, per Kyrgyzstan 2008" in defunct["note"]


def test_phone_html_escapes_labels(loaded):
    hostile = copy.deepcopy(loaded)
    hostile.labels["en"]["places"]["bishkek"] = "<img src=x onerror=alert(1)>"
    service, p189 = phones(hostile)["189"]
    r = renderer(hostile)
    html = BeautifulSoup(r.phone_html(r.phone_view(service, p189)), "html.parser")
    assert html.find("img") is None and "<img src=x onerror=alert(1)>" in html.get_text()
