"""Paper (issue 11): the leaflet prints on one A4 page per language with the numbers in it; the QR code
and the address appear when site_url is set; every printed page carries the site, page address and date."""

from __future__ import annotations

import io
import unicodedata

import pytest
import segno
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import LANGS, SITE_URL, lang_dir


def _pdf_pages(browser, path) -> list[str]:
    context = browser.new_context()
    context.route(lambda url: not url.startswith("file:"), lambda route: route.abort())
    page = context.new_page()
    page.goto(path.as_uri(), wait_until="load")
    pdf = page.pdf(format="A4", print_background=True)
    context.close()
    # NFKC: the PDF's text uses ligatures (ﬁ, ﬂ) that would hide "leaflet" or "verified"
    return [unicodedata.normalize("NFKC", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("lang", LANGS)
def test_leaflet_prints_on_one_page_with_the_numbers(browser, site, lang):
    pages = _pdf_pages(browser, lang_dir(site, lang) / "leaflet.html")
    assert len(pages) == 1, [len(p) for p in pages]
    assert "189" in pages[0] and "104" in pages[0]


@pytest.mark.parametrize("lang", LANGS)
def test_addressed_leaflet_has_qr_address_and_key_on_one_page(browser, addressed_site, lang):
    path = lang_dir(addressed_site, lang) / "leaflet.html"
    home = SITE_URL + ("" if lang == LANGS[0] else f"{lang}/") + "index.html"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    svg = soup.select_one(".kg-paper-address svg.kg-qr")
    assert svg is not None and soup.select_one(".kg-paper-address a")["href"] == home
    expected = io.BytesIO()  # the QR code encodes the home page of this language, nothing else
    segno.make(home, error="m", micro=False).save(expected, kind="svg", scale=4, border=2, xmldecl=False,
                                                  svgclass="kg-qr", lineclass=None)
    assert svg.find("path")["d"] in expected.getvalue().decode()
    pages = _pdf_pages(browser, path)
    assert len(pages) == 1 and home in pages[0].replace("\n", "") and "SHA256:testkeyfingerprint" in pages[0]


def test_every_printed_page_names_the_site_the_page_and_the_date(browser, addressed_site):
    pages = _pdf_pages(browser, addressed_site / "en" / "hotlines.html")
    assert len(pages) > 1
    for text in pages:
        flat = " ".join(text.split())
        assert f"{SITE_URL}en/hotlines.html" in flat and "2026-11-18" in flat, flat[-300:]


@pytest.mark.parametrize("lang", LANGS)
def test_pocket_cards_one_per_region_with_its_page(site, lang):
    soup = BeautifulSoup((lang_dir(site, lang) / "cards.html").read_text(encoding="utf-8"), "html.parser")
    cards = soup.select(".kg-card")
    assert len(cards) == 9
    naryn = next(c for c in cards if c.select_one("a")["href"].endswith("regions/kg-n.html"))
    assert "104" in naryn.get_text()
