"""The ``<!-- data:country id=XX -->`` marker of the abroad pages: checked like every marker, rendered from the data."""

from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup

import content as content_mod
import query
import markers
import render
import schema
from conftest import ROOT
from test_pages import line_of, load_with

TODAY = datetime.date(2026, 11, 29)
PAGE = "content/en/abroad/uae.md"


@pytest.fixture(scope="module")
def loaded():
    result = content_mod.load_content(ROOT, today=TODAY)
    assert result.errors == []
    return result


def renderer(loaded, lang="en"):
    return render.Renderer(loaded, lang, render.make_env(ROOT / "overrides" / "partials"))


def test_a_wrong_country_in_the_marker_is_an_error_with_its_line(tmp_path):
    project, result = load_with(tmp_path, PAGE, lambda t: t.replace("data:country id=AE", "data:country id=UAE"))
    line = line_of(project, PAGE, "<!-- data:country id=UAE -->")
    assert [str(e) for e in result.errors] == [
        f"{PAGE}:{line}:1: 'UAE' is not a valid id for 'data:country' — did you mean 'AE'?"]


def test_the_home_country_is_not_a_destination(tmp_path):
    _, result = load_with(tmp_path, PAGE, lambda t: t.replace("data:country id=AE", "data:country id=KG"))
    assert [e.message for e in result.errors] == ["'KG' is not a valid id for 'data:country'"]


def test_a_country_marker_needs_its_id(tmp_path):
    _, result = load_with(tmp_path, PAGE, lambda t: t.replace("data:country id=AE", "data:country"))
    assert [e.message for e in result.errors] == ["marker 'data:country' needs 'id='"]


def test_services_in_country_follow_the_towns(loaded):
    assert [s["id"] for s in query.services_in_country(loaded, "RU")] == ["consulate-yekaterinburg"]
    assert [s["id"] for s in query.services_in_country(loaded, "KZ")] == ["consulate-almaty"]
    assert query.services_in_country(loaded, "AE") == []


@pytest.mark.parametrize("lang", schema.SITE_LANGUAGES)
def test_a_country_with_services_shows_their_entries(loaded, lang):
    page = BeautifulSoup(renderer(loaded, lang).country("RU"), "html.parser")
    assert [a["id"] for a in page.select("article.kg-entry")] == ["consulate-yekaterinburg"]


@pytest.mark.parametrize("lang", schema.SITE_LANGUAGES)
def test_a_country_without_services_says_so_in_the_page_language(loaded, lang):
    text = renderer(loaded, lang).country("TR")
    assert "kg-entry" not in text
    assert text.strip() == render._md_text(loaded.labels[lang]["phrases"]["no_contacts_country"])


def test_the_renderer_refuses_an_unknown_country(loaded):
    with pytest.raises(markers.MarkerError, match="unknown country 'XX'"):
        renderer(loaded).country("XX")
