"""Help abroad, by country (issue 9, item 5): one page per destination the sources name, in every language.

Each page is built from the shipped content and inspected as HTML: it exists in ky/ru/en, every listed
fact carries an inline citation and the page's Sources section names the documents it cites, it says
its facts are old, it offers no Kyrgyz short code as a call to action in its content, its headings have
the same ids in every language, and it is reachable from the nav, the home page, the abroad index and
the "trouble abroad" guide.  The contacts shown for a country are exactly the services in that country.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

import query
import schema
from conftest import LANGS, ROOT, build, lang_dir, make_project

DESTINATIONS = {"russia": "RU", "kazakhstan": "KZ", "china": "CN", "uae": "AE", "turkey": "TR", "south-korea": "KR"}
PAGES = ["abroad/index"] + [f"abroad/{slug}" for slug in DESTINATIONS]
# An inline citation: "(TIP 2008, §1B)", "(PTL 2004, §III, Osh region; §IV)".
CITATION = re.compile(r"\((PTL 2004|TIP 2008),? §[^)]*\)")
SHORT_KEYS = {"PTL 2004": "ptl-2004", "TIP 2008": "tip-2008"}
FACT_SECTIONS = ("legal-route", "warning-signs", "contacts", "documents-taken")
DATA = ROOT / "content" / "data"


def load(name: str) -> dict:
    return yaml.safe_load((DATA / f"{name}.yml").read_text(encoding="utf-8"))


def labels(lang: str) -> dict:
    return yaml.safe_load((ROOT / "content" / lang / "labels.yml").read_text(encoding="utf-8"))


def front_matter(lang: str, page: str) -> dict:
    text = (ROOT / "content" / lang / f"{page}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1])


def html(site: Path, lang: str, page: str) -> BeautifulSoup:
    return BeautifulSoup((lang_dir(site, lang) / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def article(site: Path, lang: str, page: str):
    return html(site, lang, page).select_one("article.md-content__inner")


def section(art, anchor: str) -> list:
    """Return the elements after the h2 ``#anchor`` up to the next h2."""
    heading = art.find("h2", id=anchor)
    assert heading is not None, f"no section #{anchor}"
    out = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        out.append(sibling)
    return out


# --- Every destination, every language ------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_each_page_exists_in_every_language_with_its_own_title(site, lang, page):
    doc = html(site, lang, page)
    assert doc.html["lang"] == lang
    assert doc.select_one("article.md-content__inner h1") is not None


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_pages_are_marked_for_readers_abroad(lang, page):
    meta = front_matter(lang, page)
    assert meta.get("audience") == "abroad"
    if lang == "ky":
        assert meta.get("review") == "needed"  # Kyrgyz text awaits a native speaker's check


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_its_facts_are_from_2004_and_2008(site, lang, page):
    art = article(site, lang, page)
    notice = art.select_one("h1 ~ .admonition")
    assert notice is not None and notice.find_previous("h2") is None  # before the first section
    assert "2004" in notice.get_text() and "2008" in notice.get_text()


# --- Citations ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("slug", DESTINATIONS)
def test_every_listed_fact_carries_a_citation(site, lang, slug):
    art = article(site, lang, f"abroad/{slug}")
    for anchor in FACT_SECTIONS:
        items = [li for element in section(art, anchor) for li in element.find_all("li")
                 if not li.find_parent("article", class_="kg-entry")]
        if anchor != "contacts":
            assert items, f"#{anchor} lists no facts"
        for li in items:
            assert CITATION.search(li.get_text(" ")), f"#{anchor}: no citation in {li.get_text(' ')[:80]!r}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_sources_section_names_each_document_the_page_cites(site, lang, page):
    art = article(site, lang, page)
    cited = {match.group(1) for match in CITATION.finditer(art.get_text(" "))}
    assert cited, "the page cites nothing"
    sources = {s["id"]: s for s in load("sources")["sources"]}
    listed = " ".join(element.get_text(" ") for element in section(art, "sources"))
    for key in cited:
        source = sources[SHORT_KEYS[key]]
        assert key in listed and source["title"] in listed, f"{key} is cited but not named in #sources"
        assert "§" in listed


# --- Readers abroad -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_no_short_code_is_offered_as_a_call_anywhere_on_the_page(site, lang, page):
    whole = article(site, lang, page).find_parent("html")  # the strip included
    codes = {ph["number"] for s in load("services")["services"] for ph in s.get("phones", [])
             if query.is_short_code(ph["number"])}
    assert codes  # 189 and 104
    for code in codes:
        assert whole.select(f'a[href^="tel:{code}"]') == [], f"tel:{code} offered to readers abroad"


@pytest.mark.parametrize("slug, country", DESTINATIONS.items())
def test_contacts_shown_for_a_country_are_the_services_there(site, slug, country):
    places = {p["id"]: p for p in load("places")["places"]}
    expected = [s["id"] for s in load("services")["services"]
                if any(places[p]["country"] == country for p in s.get("locations", []))]
    for lang in LANGS:
        shown = [e["id"] for element in section(article(site, lang, f"abroad/{slug}"), "contacts")
                 for e in ([element] if element.name == "article" else element.select("article.kg-entry"))]
        assert shown == expected, (lang, shown)
        if not expected:
            text = " ".join(e.get_text(" ") for e in section(article(site, lang, f"abroad/{slug}"), "contacts"))
            assert labels(lang)["phrases"]["no_contacts_country"] in text


def test_every_country_with_a_service_has_a_page():
    places = {p["id"]: p for p in load("places")["places"]}
    countries = {places[p]["country"] for s in load("services")["services"] for p in s.get("locations", [])}
    marked = {re.search(r"<!-- data:country id=([A-Z]{2}) -->", (ROOT / "content" / "en" / f"abroad/{slug}.md")
                        .read_text(encoding="utf-8")).group(1) for slug in DESTINATIONS}
    assert countries - {"KG"} <= marked


# --- Same anchors, reachable --------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_heading_ids_are_the_same_in_every_language(site, page):
    ids = {lang: [h["id"] for h in article(site, lang, page).select("h1[id], h2[id], h3[id], h4[id]")]
           for lang in LANGS}
    assert ids["ky"] == ids["ru"] == ids["en"]
    assert not [i for i in ids["ky"] if re.fullmatch(r"_\d+|-", i)]


@pytest.mark.parametrize("lang", LANGS)
def test_abroad_section_is_in_the_nav_under_its_translated_name(site, lang):
    doc = html(site, lang, "index")
    nav = doc.select_one("nav.md-nav--primary")
    for page in PAGES:
        assert nav.select_one(f'a[href="{page}.html"]') is not None, page
    sections = [label.get_text(" ", strip=True) for label in nav.select("nav.md-nav--primary > ul > li > label")]
    assert labels(lang)["phrases"]["abroad"] in sections


@pytest.mark.parametrize("lang", LANGS)
def test_pages_are_linked_from_home_abroad_index_and_trouble_abroad(site, lang):
    assert article(site, lang, "index").select_one('a[href="abroad/index.html"]') is not None
    assert article(site, lang, "guide/trouble-abroad").select_one('a[href="../abroad/index.html"]') is not None
    index = article(site, lang, "abroad/index")
    for slug in DESTINATIONS:
        assert index.select_one(f'a[href="{slug}.html"]') is not None, slug


# --- The handbook's recipe works as written ---------------------------------------------


def test_following_the_handbook_adds_a_destination_page(tmp_path):
    """docs/editing.md, "Add a destination page": copy a page, change its id and marker, add it to nav."""
    project = make_project(tmp_path / "p")
    for lang in LANGS:
        folder = project / "content" / lang / "abroad"
        text = (folder / "turkey.md").read_text(encoding="utf-8")
        (folder / "greece.md").write_text(text.replace("{#turkey}", "{#greece}")
                                          .replace("data:country id=TR", "data:country id=GR"), encoding="utf-8")
        index = folder / "index.md"
        index.write_text(index.read_text(encoding="utf-8").replace("(turkey.md)\n", "(turkey.md)\n- [Greece](greece.md)\n"),
                         encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      - abroad/turkey.md\n",
                                                                 "      - abroad/turkey.md\n      - abroad/greece.md\n"),
                      encoding="utf-8")
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    for lang in LANGS:
        art = article(project / "site", lang, "abroad/greece")
        assert art.find("h1", id="greece") is not None
        assert labels(lang)["phrases"]["no_contacts_country"] in art.get_text(" ")
        assert article(project / "site", lang, "abroad/index").select_one('a[href="greece.html"]') is not None
