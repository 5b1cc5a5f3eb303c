"""Build the real site from the shipped content and inspect the parsed HTML."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

import embed
from conftest import LANGS, ROOT, build, lang_dir, make_project

DATA = ROOT / "content" / "data"
CATEGORY_PAGE = {"hotline": "hotlines.html", "shelter": "shelters.html", "consulate": "consulates.html"}
REGIONS = ("KG-B", "KG-C", "KG-J", "KG-N", "KG-O", "KG-T", "KG-Y", "KG-GB", "KG-GO")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pages(site: Path, lang: str) -> set[str]:
    base = lang_dir(site, lang)
    found = {p.relative_to(base).as_posix() for p in base.rglob("*.html")}
    if lang == LANGS[0]:
        found = {p for p in found if p.split("/")[0] not in LANGS}  # the root 404.html is the Kyrgyz one
    return {p for p in found if p.split("/")[0] != embed.FOLDER}  # the embed card is no page (test_embed.py)


def services() -> list[dict]:
    return yaml.safe_load((DATA / "services.yml").read_text(encoding="utf-8"))["services"]


def places() -> dict:
    return {p["id"]: p for p in yaml.safe_load((DATA / "places.yml").read_text(encoding="utf-8"))["places"]}


# --- Languages -----------------------------------------------------------------


def test_three_languages_have_the_same_pages(site):
    ky, ru, en = (pages(site, lang) for lang in LANGS)
    assert ky == ru == en
    for page in ("index.html", "hotlines.html", "shelters.html", "consulates.html", "organizations.html",
                 "map.html", "regions/index.html", "guide/before-you-go.html", "regions/kg-go.html"):
        assert page in ky


@pytest.mark.parametrize("lang", LANGS)
def test_html_lang_is_right_on_every_page(site, lang):
    for page in pages(site, lang):
        assert soup(lang_dir(site, lang) / page).html["lang"] == lang, page


@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_leads_to_the_same_page(site, lang):
    base = lang_dir(site, lang)
    for page in sorted(pages(site, lang) - {"404.html"}):
        links = {a["hreflang"]: a["href"] for a in soup(base / page).select("a.md-select__link[hreflang]")}
        assert set(links) == set(LANGS), page
        for other, href in links.items():
            target = (base / page).parent / href
            assert target.resolve() == (lang_dir(site, other) / page).resolve(), (page, other, href)


def test_kyrgyz_ui_strings_are_used(site):
    page = soup(site / "index.html")
    assert page.select_one(".md-search__input")["placeholder"] == "Издөө"


# --- Directory entries ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_service_is_on_its_directory_page(site, lang):
    base = lang_dir(site, lang)
    for service in services():
        page = CATEGORY_PAGE.get(service["category"], "organizations.html")
        entry = soup(base / page).find(id=service["id"])
        assert entry is not None and entry.name == "article", (lang, service["id"])
        assert entry.select_one(".kg-provenance time")["datetime"] == str(service["verified"])


@pytest.mark.parametrize("lang", LANGS)
def test_every_service_is_on_the_pages_of_its_regions(site, lang):
    base, towns = lang_dir(site, lang), places()
    expected = {r: set() for r in REGIONS}
    for s in services():
        regions = {towns[t].get("region") for t in s.get("locations", [])} | set(s.get("service_area", []))
        for phone in s.get("phones", []):  # a number serves a region only through a town in it or an explicit region
            coverage = phone.get("coverage", {})
            regions |= {towns[t].get("region") for t in coverage.get("places", [])} | set(coverage.get("regions", []))
        for region in regions - {None}:
            expected[region].add(s["id"])
    for region, ids in expected.items():
        found = {a["id"] for a in soup(base / f"regions/{region.lower()}.html").select("article.kg-entry")}
        assert found == ids, (lang, region)


def test_naryn_shelter_is_two_clicks_from_home(site):
    home = soup(site / "index.html")
    regions_link = home.find("a", href="regions/index.html")
    assert regions_link is not None
    naryn_link = soup(site / "regions/index.html").find("a", href="kg-n.html")
    assert naryn_link is not None
    naryn = soup(site / "regions/kg-n.html")
    assert naryn.find(id="naryn-shelter") is not None
    assert [a["href"] for a in naryn.select("a.kg-tel")].count("tel:104") >= 1


def abroad_pages(site, lang) -> set[str]:
    """Pages whose front matter says `audience: abroad` (their strip marks them)."""
    return {p for p in pages(site, lang) if soup(lang_dir(site, lang) / p).select_one(".kg-strip--abroad")}


@pytest.mark.parametrize("lang", LANGS)
def test_hotlines_are_tel_links_on_every_page(site, lang):
    abroad = abroad_pages(site, lang)
    assert {"consulates.html", "guide/trouble-abroad.html", "abroad/russia.html"} <= abroad
    for page in pages(site, lang) - abroad:
        hrefs = {a["href"] for a in soup(lang_dir(site, lang) / page).select(".kg-strip a.kg-tel")}
        assert hrefs == {"tel:189", "tel:104"}, page
    for page in abroad:  # short codes do not work from abroad (tests/build/test_coverage.py)
        assert not soup(lang_dir(site, lang) / page).select(".kg-strip a[href^='tel:1']"), page


def test_shelters_never_show_a_street_address(site):
    for lang in LANGS:
        for entry in soup(lang_dir(site, lang) / "shelters.html").select("article.kg-entry"):
            assert not entry.find("address")
            assert not re.search(r"\b(ул\.|улица|street|str\.|көчөсү)\s", entry.get_text(" "), re.I)


def test_no_page_references_another_host(site):
    offenders = []
    for path in site.rglob("*.html"):
        page = soup(path)
        for tag in page.find_all(["script", "img", "iframe", "source", "audio", "video"], src=True):
            if urlsplit(tag["src"]).netloc:
                offenders.append((path.name, tag["src"]))
        for tag in page.find_all("link", href=True):
            if urlsplit(tag["href"]).netloc and "alternate" not in tag.get("rel", []):
                offenders.append((path.name, tag["href"]))
        for script in page.find_all("script", src=False):
            offenders += [(path.name, url) for url in re.findall(r"https?://[^\s\"'`]+", script.get_text())]
    for css in site.rglob("*.css"):
        offenders += [(css.name, u) for u in re.findall(r"url\((?:['\"])?(https?:)?//", css.read_text(errors="ignore"))]
    assert offenders == []


# --- Links and reproducibility -----------------------------------------------------


def test_every_internal_link_and_anchor_resolves(site):
    broken = []
    for path in site.rglob("*.html"):
        page = soup(path)
        for a in page.find_all("a", href=True):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("tel:", "mailto:")):
                continue
            base = site if parts.path.startswith("/") else path.parent  # 404.html links from the site root
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((str(path.relative_to(site)), href))
            elif parts.fragment and target.suffix == ".html" and not soup(target).find(id=parts.fragment):
                broken.append((str(path.relative_to(site)), href))
    assert broken == []


def test_two_builds_are_byte_identical(site, tmp_path):
    other = make_project(tmp_path / "again")
    assert build(other, "--strict").returncode == 0

    def digest(root: Path) -> dict:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    assert digest(site) == digest(other / "site")


# --- Broken content ------------------------------------------------------------------


def test_broken_yaml_fails_the_build_with_file_and_line(tmp_path):
    project = make_project(tmp_path / "broken")
    path = project / "content" / "data" / "services.yml"
    text = path.read_text(encoding="utf-8").replace('number: "104"', "number: 0312621111", 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      - number: 0312621111") + 1
    result = build(project)
    assert result.returncode == 1
    assert (f"content/data/services.yml:{line}:17: services[0].phones[1].number: expected text, "
            f"got 0312621111 (read by YAML as a number)") in result.stderr


def test_unknown_marker_fails_the_build(tmp_path):
    project = make_project(tmp_path / "marker")
    page = project / "content" / "en" / "hotlines.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- data:hotlinez -->\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    line = page.read_text(encoding="utf-8").splitlines().index("<!-- data:hotlinez -->") + 1
    assert f"content/en/hotlines.md:{line}:1: unknown data marker 'data:hotlinez' — did you mean 'hotlines'?" in result.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_no_entry_is_duplicated_by_per_language_rebuilds(site, lang):
    """PITFALLS P3: hooks run once per language; nothing may accumulate across runs."""
    for page in ("hotlines.html", "shelters.html", "organizations.html", "regions/kg-gb.html"):
        ids = [a["id"] for a in soup(lang_dir(site, lang) / page).select("article.kg-entry")]
        assert len(ids) == len(set(ids)), page


def test_quick_exit_and_hide_page_on_every_page(site):
    for lang in LANGS:
        base = lang_dir(site, lang)
        for page in pages(site, lang):
            html = soup(base / page)
            exit_link = html.select_one("a#kg-exit")
            assert exit_link is not None and exit_link["data-exit"].startswith("https://"), page
            help_link = html.select_one("a.kg-exit-help")
            assert (base / page).parent.joinpath(help_link["href"]).resolve() == (base / "hide-your-visit.html").resolve()


def test_nothing_is_lost_between_yaml_pages_regions_and_map(site):
    """Every YAML service is on the directory pages and the pages of the regions it serves."""
    data = services()
    towns = places()
    for lang in LANGS:
        base = lang_dir(site, lang)
        on_directory = [a["id"] for page in ("hotlines.html", "shelters.html", "consulates.html", "organizations.html")
                        for a in soup(base / page).select("article.kg-entry")]
        assert set(on_directory) == {s["id"] for s in data}
        assert len(on_directory) >= len(data)  # an organization's section repeats its services
        on_regions = {a["id"] for r in REGIONS for a in soup(base / f"regions/{r.lower()}.html").select("article.kg-entry")}
        served = {s["id"] for s in data if s.get("service_area") or any(p.get("coverage") for p in s.get("phones", []))
                  or any(towns[t]["country"] == "KG" for t in s.get("locations", []))}
        assert on_regions == served
        # the map's share: tests/build/test_map.py::test_map_data_and_yaml_agree_entry_for_entry
