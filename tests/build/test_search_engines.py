"""Search engines (issue 11.5): sitemap with hreflang alternates, robots.txt and canonical links.

With ``site_url`` set (`addressed_site`): one root sitemap.xml lists every page of every language
once, each with the alternates of every language and x-default = the default language; every page
names itself as canonical.  Without it (`site`): no sitemap anywhere and nothing refers to one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import languages
from conftest import LANGS, SITE_URL, lang_dir

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def built_pages(site: Path) -> dict[str, str]:
    """``{absolute address: lang}`` of every built page: HTML files of each language tree but its
    404 page and the embed cards."""
    out = {}
    for lang in LANGS:
        root = lang_dir(site, lang)
        for path in root.rglob("*.html"):
            rel = path.relative_to(root).as_posix()
            if rel == "404.html" or rel.startswith("embed/") or (lang == LANGS[0] and rel.split("/")[0] in LANGS[1:]):
                continue
            out[SITE_URL + languages.prefix(lang) + rel] = lang
    return out


@pytest.fixture(scope="module")
def sitemap(addressed_site) -> dict[str, dict[str, str]]:
    """``{loc: {hreflang: href}}`` of the root sitemap (each loc asserted to appear once)."""
    root = ET.parse(addressed_site / "sitemap.xml").getroot()
    assert root.tag == f"{{{NS['s']}}}urlset"
    out = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        assert loc not in out, f"{loc} listed twice"
        links = url.findall("x:link", NS)
        assert all(link.get("rel") == "alternate" for link in links)
        out[loc] = {link.get("hreflang"): link.get("href") for link in links}
        assert len(out[loc]) == len(links), f"{loc}: a language listed twice"
    return out


def test_sitemap_lists_every_page_of_every_language_once(addressed_site, sitemap):
    pages = built_pages(addressed_site)
    assert set(sitemap) == set(pages)
    sources = addressed_site.parent / "content"  # every Markdown page (region pages included) of each language
    for lang in LANGS:
        assert len([p for p in pages.values() if p == lang]) == len(list((sources / lang).rglob("*.md"))), lang
    assert SITE_URL + "en/hotlines.html" in sitemap and SITE_URL + "regions/kg-n.html" in sitemap


def test_alternates_complete_symmetric_with_x_default(sitemap):
    pages = set(sitemap)
    for loc, alternates in sitemap.items():
        assert set(alternates) == set(LANGS) | {"x-default"}, loc
        assert loc in alternates.values()
        assert alternates["x-default"] == alternates[LANGS[0]]
        assert alternates[LANGS[0]].startswith(SITE_URL) and not any(
            alternates[LANGS[0]].startswith(SITE_URL + f"{lang}/") for lang in LANGS[1:])
        for lang in LANGS[1:]:
            assert alternates[lang].startswith(f"{SITE_URL}{lang}/"), (loc, lang)
        for lang in LANGS:
            assert alternates[lang] in pages  # every alternate is itself listed ...
            assert sitemap[alternates[lang]] == alternates, (loc, lang)  # ... with the same alternates


def test_hreflang_codes_are_the_registry_bcp47_tags(sitemap):
    codes = {code for alternates in sitemap.values() for code in alternates} - {"x-default"}
    assert codes == {lang.code for lang in languages.REGISTRY}


def test_robots_txt_names_the_sitemap(addressed_site):
    lines = (addressed_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines
    assert not [line for line in lines if line.startswith("Disallow:") and line.split(":", 1)[1].strip()]


def test_every_page_is_its_own_canonical(addressed_site, sitemap):
    for url, lang in built_pages(addressed_site).items():
        path = lang_dir(addressed_site, lang) / url[len(SITE_URL + languages.prefix(lang)):]
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        canonical = [link["href"] for link in soup.select('link[rel="canonical"]')]
        assert canonical == [url], (url, canonical)
        assert soup.select('link[rel="alternate"]') == []  # Material would fetch a sitemap for each
    for lang in LANGS:
        soup = BeautifulSoup((lang_dir(addressed_site, lang) / "404.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.select('link[rel="canonical"]') == []  # served at any missing address


def test_without_site_url_no_sitemap_and_no_reference_to_one(site):
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("sitemap*")) == []
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines and not [line for line in lines if line.lower().startswith("sitemap")]
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "sitemap" not in text.lower(), path
        soup = BeautifulSoup(text, "html.parser")
        assert soup.select('link[rel="canonical"], link[rel="alternate"]') == [], path
    assert "sitemap" not in (site / "SHA256SUMS").read_text(encoding="utf-8")
