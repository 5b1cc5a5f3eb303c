"""Paper (issue 11): the leaflet prints on one A4 page per language with the numbers in it; the QR code
and the address appear when site_url is set; every printed page carries the site, page address and date."""

from __future__ import annotations

import io
import unicodedata

import pytest
import segno
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

import languages
from conftest import LANGS, ROOT, SITE_URL, lang_dir


def labels(lang: str) -> dict:
    return yaml.safe_load((ROOT / "content" / lang / "labels.yml").read_text(encoding="utf-8"))


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


def _site_name(lang: str) -> str:
    """The site's name in ``lang``: mkdocs.yml's plugins.i18n.languages[].site_name."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=languages._Loader)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return next(entry["site_name"] for entry in i18n["languages"] if entry["locale"] == lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["hotlines.html", "organizations.html"])
def test_every_printed_page_names_the_site_the_page_and_the_date(browser, addressed_site, lang, page):
    """Issue 11.6: site name, the page's address and the build date on every printed page; no
    "the sources give no number" line on paper (the organizations page has the most of them)."""
    built = (addressed_site / "VERSION").read_text(encoding="utf-8").split("built ", 1)[1].split()[0]
    html = (lang_dir(addressed_site, lang) / page).read_text(encoding="utf-8")
    placeholders = {labels(lang)["phrases"][key] for key in ("no_phone", "no_phone_abroad")}
    assert any(text in html for text in placeholders)  # on screen the entries say it ...
    pages = _pdf_pages(browser, lang_dir(addressed_site, lang) / page)
    assert len(pages) > 1
    address = SITE_URL + languages.prefix(lang) + page
    for text in pages:
        flat = " ".join(text.split())
        assert _site_name(lang) in flat and address in flat.replace(" ", "") and built in flat, flat[-300:]
    printed = " ".join(" ".join(pages).split())
    for text in placeholders:  # ... on paper they do not
        assert " ".join(text.split()) not in printed


@pytest.mark.parametrize("lang", LANGS)
def test_pocket_cards_one_per_region_with_its_page(site, lang):
    soup = BeautifulSoup((lang_dir(site, lang) / "cards.html").read_text(encoding="utf-8"), "html.parser")
    cards = soup.select(".kg-card")
    assert len(cards) == 9
    naryn = next(c for c in cards if c.select_one("a")["href"].endswith("regions/kg-n.html"))
    assert "104" in naryn.get_text()
