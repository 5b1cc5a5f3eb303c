"""Build variants: settings in mkdocs.yml, missing translations, and the handbook's own example."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, build, lang_dir, make_project


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- Provenance and staleness ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_shows_source_verified_date_and_stale_notice(site, lang):
    for page in ("hotlines.html", "shelters.html", "consulates.html", "organizations.html"):
        for entry in soup(lang_dir(site, lang) / page).select("article.kg-entry"):
            assert entry.select_one(".kg-provenance time")["datetime"] in ("2004-01-31", "2008-02-29")
            stale = entry.select_one(".kg-notice--stale")
            assert stale is not None and stale.get("role") == "note", (page, entry["id"])


def test_stale_threshold_is_a_setting(tmp_path):
    project = make_project(tmp_path / "p")
    edit(project / "mkdocs.yml", "stale_after_months: 12", "stale_after_months: 1200")
    assert build(project, "--strict").returncode == 0
    page = soup(project / "site" / "shelters.html")
    assert page.select("article.kg-entry") and not page.select(".kg-notice--stale")


# --- Map tiles ----------------------------------------------------------------------------


def test_default_map_has_no_tiles_and_says_so(site):
    page = soup(site / "en" / "map.html")
    assert '"tiles":null' in (site / "en" / "map.data.js").read_text(encoding="utf-8")
    assert "loads nothing from other websites" in page.select_one(".kg-map-credit").get_text()


def test_tiles_setting_adds_a_tile_layer_and_names_its_host(tmp_path):
    project = make_project(tmp_path / "p")
    edit(project / "mkdocs.yml", "    map_tiles: null",
         '    map_tiles: {url: "https://tiles.example.org/{z}/{x}/{y}.png", attribution: "Example tiles"}')
    assert build(project, "--strict").returncode == 0
    page = soup(project / "site" / "en" / "map.html")
    data = (project / "site" / "en" / "map.data.js").read_text(encoding="utf-8")
    assert '"tiles":{"attribution":"Example tiles","url":"https://tiles.example.org/{z}/{x}/{y}.png"}' in data
    assert "tiles.example.org" in page.select_one(".kg-map-credit").get_text()


# --- Languages -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_page_links_its_translations_without_alternate_links(site, lang):
    """The language selector links every version; no <link rel=alternate>, for which Material
    fetches a sitemap.xml on every page load (3 requests; issue 10)."""
    base = lang_dir(site, lang)
    for page in ("index.html", "shelters.html", "regions/kg-n.html", "guide/your-rights.html"):
        html = soup(base / page)
        assert html.select('link[rel="alternate"]') == []
        links = {a["hreflang"]: a["href"] for a in html.select("a.md-select__link[hreflang]")}
        assert set(links) == set(LANGS)
        for other, href in links.items():
            assert ((base / page).parent / href).resolve() == (lang_dir(site, other) / page).resolve()


@pytest.mark.parametrize("lang", LANGS)
def test_language_selector_names_each_language_in_itself(site, lang):
    names = [a.get_text(strip=True) for a in soup(lang_dir(site, lang) / "index.html").select("a.md-select__link")]
    assert names == ["Кыргызча", "Русский", "English"]


def test_missing_translation_fails_strict_and_shows_a_notice_otherwise(tmp_path):
    project = make_project(tmp_path / "p")
    path = project / "content" / "ru" / "services.yml"
    text = path.read_text(encoding="utf-8")
    entry = re.search(r"^  naryn-shelter:\n(    .*\n)+", text, re.M)
    path.write_text(text[:entry.start()] + text[entry.end():], encoding="utf-8")

    strict = build(project, "--strict")
    assert strict.returncode == 1
    assert "no ru text for 'naryn-shelter' in content/ru/services.yml" in strict.stderr

    assert build(project).returncode == 0
    article = soup(project / "site" / "ru" / "regions" / "kg-n.html").find(id="naryn-shelter")
    heading = article.select_one(".kg-entry__name")
    assert heading["lang"] == "ky"  # shown in the default language, marked as such
    assert article.select_one(".kg-notice--fallback").get_text() == "Ещё не переведено на русский: показано на языке «Кыргызча»."


# --- The handbook's example works as written ---------------------------------------------


def handbook_blocks() -> list[str]:
    text = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    section = text[text.index("## Add a shelter"):text.index("## Update a hotline")]
    # A block inside a numbered list is indented; the editor copies it without that indent.
    blocks = re.findall(r"^( *)```yaml\n(.*?)^\1```", section, re.S | re.M)
    return ["".join(line[len(indent):] + "\n" for line in body.splitlines()) for indent, body in blocks]


def test_following_the_handbook_adds_a_shelter_in_talas(tmp_path):
    source, service, *texts = handbook_blocks()
    project = make_project(tmp_path / "p")
    targets = ["data/sources.yml", "data/services.yml", "en/services.yml", "ru/services.yml", "ky/services.yml"]
    for rel, block in zip(targets, [source, service, *texts], strict=True):
        path = project / "content" / rel
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + block, encoding="utf-8")
    result = build(project, "--strict", env={"SOURCE_DATE_EPOCH": "1796169600"})  # 2026-12-02, a day after the example's date
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    for lang in LANGS:
        entry = soup(lang_dir(site, lang) / "regions" / "kg-t.html").find(id="talas-crisis-shelter")
        assert entry is not None and entry.select_one(".kg-notice--stale") is None
        assert '"id":"talas-crisis-shelter"' in (lang_dir(site, lang) / "map.data.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang, guide, regions", [("ky", "Кеңештер", "Аймактар"), ("ru", "Советы", "Регионы"),
                                                  ("en", "Guide", "Regions")])
def test_navigation_is_in_the_page_language(site, lang, guide, regions):
    page = soup(lang_dir(site, lang) / "regions" / "kg-n.html")
    sections = [label.get_text(" ", strip=True) for label in page.select("nav.md-nav--primary > ul > li > label")]
    assert guide in sections and regions in sections, sections


@pytest.mark.parametrize("lang", LANGS)
def test_directory_pages_are_grouped_by_place_with_a_table_of_contents(site, lang):
    page = soup(lang_dir(site, lang) / "shelters.html")
    headings = page.select(".md-content h2[id]")
    names = [h.get_text(strip=True) for h in headings]
    assert names == sorted(names, key=str.casefold)  # alphabetical in the page language
    assert {"in-kg-j", "in-kg-n", "in-kg-go"} <= {h["id"] for h in headings}
    naryn = page.find(id="in-kg-n").find_next("article")
    assert naryn["id"] == "naryn-shelter"
    assert page.select_one('.md-sidebar--secondary a[href="#in-kg-n"]') is not None


def test_the_root_404_page_is_in_the_default_language(site):
    """Regression: every language build writes /404.html and the English one used to win."""
    assert soup(site / "404.html").html["lang"] == "ky"
