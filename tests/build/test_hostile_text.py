"""Text that looks like markup is shown as text on every built page (issue 8 item 1).

`hostile_site` (tests/conftest.py) puts `HOSTILE_TEXT` in the English labels (a region, a
category, a town, a source title, the hotline strip's title), in a page's front matter
(title, description) and in a service description, and saves a page and a YAML file with
Windows line ends and a byte-order mark.  The build must pass, and the text must come out
exactly as written (parsed), with no element or attribute made from it.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import HOSTILE_TEXT


def page(site, rel: str) -> tuple[str, BeautifulSoup]:
    raw = (site / rel).read_text(encoding="utf-8")
    return raw, BeautifulSoup(raw, "html.parser")


@pytest.mark.parametrize("rel", ["en/regions/kg-b.html", "en/about.html", "en/shelters.html", "en/index.html",
                                 "en/map.html", "en/regions/index.html"])
def test_hostile_text_is_literal_everywhere(hostile_site, rel):
    raw, soup = page(hostile_site, rel)
    assert "<img src=x" not in raw and "onerror=" not in raw and "onerror&#61;" not in raw.replace("&amp;#61;", "")
    assert soup.select("img[src='x'], [onerror]") == []
    assert soup.select_one(".kg-strip__title").get_text().strip() == HOSTILE_TEXT  # the strip, on every page
    nav = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--primary a")]
    assert HOSTILE_TEXT in nav  # the region page's title (from its label) and the about page's title


def test_front_matter_title_and_description_are_text(hostile_site):
    _, soup = page(hostile_site, "en/about.html")
    assert soup.title.get_text() == f"{HOSTILE_TEXT} - Safe migration"
    assert soup.select_one("meta[name=description]")["content"] == HOSTILE_TEXT


def test_generated_region_page_title_is_text(hostile_site):
    _, soup = page(hostile_site, "en/regions/kg-b.html")
    assert soup.title.get_text() == f"{HOSTILE_TEXT} - Safe migration"
    assert soup.select_one("article h1").get_text(strip=True) == HOSTILE_TEXT


def test_texts_in_entries_are_text(hostile_site):
    _, soup = page(hostile_site, "en/shelters.html")
    entry = soup.select_one("#naryn-shelter")
    assert HOSTILE_TEXT in entry.get_text()
    assert [dd.get_text() for dd in entry.select("dd")][:2] == [HOSTILE_TEXT, HOSTILE_TEXT]  # category, town
    assert HOSTILE_TEXT in entry.select_one(".kg-provenance").get_text()  # the source title


def test_windows_line_ends_and_bom_are_read(hostile_site):
    _, soup = page(hostile_site, "en/hotlines.html")
    assert soup.title.get_text().startswith("Hotlines")
    _, soup = page(hostile_site, "ru/about.html")
    assert not soup.select_one("article").get_text().startswith("\ufeff")
    assert "---" not in soup.select_one("article").get_text()[:50]  # the front matter was read, not shown
