"""Region pages lead the reader on (built site, HTML parsed, every language of the registry):

* a city and the region around it link each other with a sentence (Osh city ↔ Osh Region,
  Bishkek ↔ Chuy Region), derived from the boundary data (`geodata.enclosing_regions`);
* the hotline section first says which number is the region's own;
* a "See also" list leads to the missing-relative guide, the consulates and help abroad
  (relative links that resolve to built pages, so they work under a sub-path and from file://).
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

import geodata
import pages
import query
import schema
from conftest import LANGS, ROOT, lang_dir

REGIONS_FILE = ROOT / "data" / "kg-regions.geojson"


def labels(lang: str) -> dict:
    return yaml.safe_load((ROOT / "content" / lang / "labels.yml").read_text(encoding="utf-8"))


def article(site: Path, lang: str, code: str):
    path = lang_dir(site, lang) / "regions" / f"{code.lower()}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")


def test_enclosing_regions_come_from_the_boundary_data():
    """Osh city has no polygon (POLYGON_OF); Bishkek is an enclave: a hole of Chuy Region's polygon."""
    within = geodata.enclosing_regions(geodata.load_regions(str(REGIONS_FILE)))
    assert within == {"KG-GO": "KG-O", "KG-GB": "KG-C"}


@pytest.mark.parametrize("lang", LANGS)
def test_city_and_region_around_it_link_each_other(site, lang):
    within = geodata.enclosing_regions(geodata.load_regions(str(REGIONS_FILE)))
    names = labels(lang)["regions"]
    assert within
    for city, region in within.items():
        for here, there in ((city, region), (region, city)):
            first = article(site, lang, here).select_one("h1").find_next_sibling("p")
            link = first.select_one(f'a[href="{there.lower()}.html"]')
            assert link is not None and link.get_text() == names[there], (lang, here, first)
            # a sentence in the page language that names both the city and the region
            assert names[city] in first.get_text() and names[region] in first.get_text(), (lang, here)


@pytest.fixture(scope="module")
def loaded():
    import content as content_module
    return content_module.load_content(ROOT)


@pytest.mark.parametrize("lang", LANGS)
def test_hotline_section_first_names_the_regions_own_number(site, loaded, lang):
    phrase = labels(lang)["phrases"]["region_hotline"]
    for code in schema.REGIONS:
        own = sorted({p["number"] for _, p in query.hotline_phones(loaded) if code in query.phone_regions(loaded, p)})
        after = article(site, lang, code).select_one("#hotlines").find_next_sibling()
        if own:
            expected = phrase.format(region=labels(lang)["regions"][code], numbers=", ".join(own))
            assert after.get_text() == expected, (lang, code)
        else:
            assert "kg-notice--no-hotline" in after.get("class", []), (lang, code)
    # the example the reader trial asked for
    naryn = article(site, lang, "KG-N").select_one("#hotlines").find_next_sibling().get_text()
    assert naryn.endswith(": 104") and labels(lang)["regions"]["KG-N"] in naryn


@pytest.mark.parametrize("lang", LANGS)
def test_region_pages_lead_on_to_help_pages(site, lang):
    root = lang_dir(site, lang)
    assert len(pages.see_also(ROOT / "content", lang)) == len(pages.SEE_ALSO)
    for code in schema.REGIONS:
        heading = article(site, lang, code).select_one("h2#see-also")
        assert heading is not None and heading.get_text(strip=True).startswith(labels(lang)["phrases"]["see_also"])
        hrefs = [a["href"] for a in heading.find_next_sibling("ul").select("a")]
        assert hrefs == [posixpath.relpath(posixpath.splitext(src)[0] + ".html", "regions") for src in pages.SEE_ALSO]
        for href in hrefs:  # relative, and a built page of the same language
            assert not href.startswith(("/", "http")) and (root / "regions" / href).resolve().is_file(), href


def search_index(site: Path, lang: str) -> list[list[str]]:
    text = (lang_dir(site, lang) / "search" / "index.js").read_text(encoding="utf-8")
    return json.loads(text.removeprefix("window.__kgSearchIndex=").removesuffix(";\n"))


@pytest.mark.parametrize("lang", LANGS)
def test_search_index_has_each_region_page_with_its_towns(site, loaded, lang):
    """One short entry per region page: its name and its towns, never the entries' text (index budget)."""
    names = labels(lang)
    entries = {e[0]: e for e in search_index(site, lang) if e[0].startswith("regions/kg-")}
    assert sorted(entries) == sorted(f"regions/{code.lower()}.html" for code in schema.REGIONS)
    for code in schema.REGIONS:
        _, title, summary = entries[f"regions/{code.lower()}.html"]
        towns = {names["places"][pid] for pid, place in loaded.places.items() if place.get("region") == code}
        assert title == names["regions"][code]
        assert set(filter(None, summary.split(", "))) == towns, (lang, code)
    assert names["places"]["karakol"] in entries["regions/kg-y.html"][2]
