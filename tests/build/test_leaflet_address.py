"""The leaflet's address line (issue 11.6): with ``site_url`` a QR code and the address; without it,
nothing shown to readers (no note meant for whoever builds the site), in every language."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import LANGS, SITE_URL, lang_dir


def leaflet(site, lang) -> BeautifulSoup:
    return BeautifulSoup((lang_dir(site, lang) / "leaflet.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("lang", LANGS)
def test_without_site_url_the_leaflet_shows_readers_no_builder_note(site, lang):
    page = leaflet(site, lang)
    text = page.select_one(".md-content").get_text(" ")
    assert "site_url" not in text and "mkdocs" not in text.lower()
    assert page.select(".kg-paper-address") == []


@pytest.mark.parametrize("lang", LANGS)
def test_with_site_url_the_leaflet_has_the_qr_code_and_address(addressed_site, lang):
    block = leaflet(addressed_site, lang).select_one(".kg-paper-address")
    assert block is not None and block.select_one("svg") is not None
    assert block.a["href"].startswith(SITE_URL)
