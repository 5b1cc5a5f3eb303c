"""The services map as built: its data file agrees with the YAML, the page has no inline script,
the static SVG links every region, abroad towns with cited coordinates get a view of their own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, build, lang_dir, make_project

DATA = ROOT / "content" / "data"
CATEGORY_PAGE = {"hotline": "hotlines.html", "shelter": "shelters.html", "consulate": "consulates.html"}
REGIONS = ("KG-B", "KG-C", "KG-J", "KG-N", "KG-O", "KG-T", "KG-Y", "KG-GB", "KG-GO")
PREFIX = "window.KG_MAP="


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def load(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def map_data(site: Path, lang: str) -> dict:
    """The map data file next to the language's map page, parsed."""
    text = (lang_dir(site, lang) / "map.data.js").read_text(encoding="utf-8")
    assert text.startswith(PREFIX) and text.endswith(";\n")
    return json.loads(text[len(PREFIX):-2])


def labels(lang: str) -> dict:
    return yaml.safe_load((ROOT / "content" / lang / "labels.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_map_data_and_yaml_agree_entry_for_entry(site, lang):
    """Every (service, town) of the YAML is in the data (town with coordinates) or in the "not on the map" list."""
    places = {p["id"]: p for p in load("places.yml")["places"]}
    data = map_data(site, lang)
    towns = {t["id"]: t for t in data["towns"]}
    base = lang_dir(site, lang)
    listed = [(a["href"], li.get_text()) for li in soup(base / "map.html").select("#not-on-map + ul li")
              for a in li.select("a")]
    expected_on, expected_off = set(), []
    for service in load("services.yml")["services"]:
        for town in service.get("locations", []):
            if "latitude" in places[town]:
                expected_on.add((service["id"], town))
            else:
                expected_off.append((CATEGORY_PAGE.get(service["category"], "organizations.html") + "#" + service["id"],
                                     labels(lang)["places"][town]))
    on_map = {(data["services"][i]["id"], t["id"]) for t in data["towns"] for i in t["services"]}
    assert on_map == expected_on
    assert sorted(h for h, _ in listed) == sorted(h for h, _ in expected_off)
    for href, where in expected_off:
        assert any(h == href and text.endswith(where) for h, text in listed), (href, where)
    # one marker per town, at its cited coordinates; every link resolves
    for town_id, town in towns.items():
        assert (town["lat"], town["lon"]) == (round(places[town_id]["latitude"], 3), round(places[town_id]["longitude"], 3))
        assert town["abroad"] == (places[town_id]["country"] != "KG")
    yaml_services = {s["id"]: s for s in load("services.yml")["services"]}
    for service in data["services"]:
        page, anchor = service["url"].split("#")
        assert soup(base / page).find(id=anchor) is not None, service["url"]
        assert [p["display"].replace(" ", "") for p in service["phones"]] == [
            p["number"] for p in yaml_services[service["id"]].get("phones", [])]  # E.164 shown as +996 …


@pytest.mark.parametrize("lang", LANGS)
def test_map_data_speaks_the_page_language(site, lang):
    data, words = map_data(site, lang), labels(lang)
    assert data["lang"] == lang
    assert all(words["phrases"][key] == text for key, text in data["strings"].items())
    assert {c["id"]: c["label"] for c in data["categories"]} == {c["id"]: words["categories"][c["id"]]
                                                                  for c in data["categories"]}
    assert [r["name"] for r in data["regions"]] == [words["regions"][code] for code in REGIONS]
    for region in data["regions"]:
        assert (lang_dir(site, lang) / region["url"]).is_file()
        assert ("point" in region) == (region["code"] == "KG-GO")  # Osh city is a point
    # categories counted from the services with a marker
    for category in data["categories"]:
        assert category["count"] == sum(1 for s in data["services"] if s["category"] == category["id"]) > 0


def test_region_outlines_are_sent_once_simplified(site):
    """The outlines are the static SVG's paths (integers, a few hundred points); the data file has none."""
    data = map_data(site, "en")
    assert set(data["projection"]) == {"west", "north", "scale_x", "scale_y", "height"}
    assert not any("polygons" in r or "rings" in r for r in data["regions"])
    paths = [p["d"] for p in soup(site / "en" / "map.html").select(".kg-map-static svg path")]
    assert len(paths) == len(REGIONS) - 1  # Osh city is a circle
    numbers = [n for d in paths for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    assert all(re.fullmatch(r"-?\d+", n) for n in numbers)
    assert 300 < len(numbers) // 2 < 2000
    assert len((site / "en" / "map.data.js").read_bytes()) < 20_000


@pytest.mark.parametrize("lang", LANGS)
def test_map_page_loads_its_data_and_scripts_by_src_only(site, lang):
    page = soup(lang_dir(site, lang) / "map.html")
    content = page.select_one(".md-content")
    assert content.find("script") is None  # no inline script in the page body
    assert content.find(style=True) is None and not content.select("[style]")  # CSP: no style attributes
    sources = [s["src"] for s in page.find_all("script", src=True)]
    assert "map.data.js" in sources
    assert any(s.endswith("assets/javascripts/kg-map.js") for s in sources)
    assert any(s.endswith("assets/vendor/leaflet/leaflet.js") for s in sources)
    assert not any("subgroup" in s for s in sources)  # not needed any more
    for script in page.find_all("script", src=False):  # what is left inline is Material's, never ours
        assert "KG_MAP" not in script.get_text() and "L.map" not in script.get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_static_svg_links_every_region_with_its_count(site, lang):
    base = lang_dir(site, lang)
    page = soup(base / "map.html")
    svg = page.select_one(".kg-map-static svg")
    links = svg.select("a")
    assert [a["href"] for a in links] == [f"regions/{code.lower()}.html" for code in REGIONS]
    words = labels(lang)
    for code, a in zip(REGIONS, links):
        count = len(soup(base / a["href"]).select("article.kg-entry"))
        name = words["regions"][code]
        assert a["aria-label"] == words["phrases"]["map_services_at"].format(place=name, count=count)
        assert a.select_one("text").get_text().startswith(name)
    assert not svg.select("[style]") and svg.find("style") is None and svg.find("script") is None
    # the interactive part is hidden until the script shows it
    assert page.select_one(".kg-map-app").has_attr("hidden")


@pytest.mark.parametrize("lang", LANGS)
def test_the_map_box_takes_the_static_maps_place_and_its_controls_follow(site, lang):
    """Fresh-user trial (360x640): the filter above the map box pushed the map below the screen when the
    script showed it.  Now: the static SVG, then the map box, then filter, view and "near me", in the
    document too (keyboard and reading order), not reordered by CSS.  Browser: tests/browser/test_map_layout.py."""
    box = soup(lang_dir(site, lang) / "map.html").select_one("[data-kg-map]")
    figure, app = box.find_all(recursive=False)
    assert figure.name == "figure" and "kg-map-static" in figure["class"]
    assert "kg-map-app" in app["class"] and app.has_attr("hidden")
    parts = [child["class"][0] for child in app.find_all(recursive=False)]
    assert parts[0] == "kg-map", parts
    assert {"kg-map-filter", "kg-near-me"} <= set(parts[1:]), parts
    css = (ROOT / "content" / "assets" / "stylesheets" / "kg-map.css").read_text(encoding="utf-8")
    assert not re.search(r"(?<![-\w])order\s*:", css), "the map's parts are ordered by the HTML, not by CSS"


@pytest.mark.parametrize("lang", LANGS)
def test_region_counts_agree_between_list_svg_and_data(site, lang):
    page = soup(lang_dir(site, lang) / "map.html")
    data = map_data(site, lang)
    listed = [int(re.search(r"(\d+)\)\s*$", li.get_text()).group(1)) for li in page.select("ul.kg-regions li")]
    shown = [int(re.search(r"\((\d+)\)", a.select_one("text").get_text()).group(1))
             for a in page.select(".kg-map-static svg a")]
    assert listed == shown == [r["count"] for r in data["regions"]]


@pytest.fixture(scope="module")
def abroad_site(tmp_path_factory) -> Path:
    """The shipped content with cited coordinates for Almaty (GeoNames town centre, 3 decimals)."""
    project = make_project(tmp_path_factory.mktemp("abroad"))
    path = project / "content" / "data" / "places.yml"
    text = path.read_text(encoding="utf-8")
    old = "  - id: almaty\n    country: KZ\n    source: ptl-2004\n"
    assert old in text
    path.write_text(text.replace(old, "  - id: almaty\n    country: KZ\n    latitude: 43.25\n    longitude: 76.92\n"
                                      "    source: geonames\n"), encoding="utf-8")
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site"


def test_a_town_abroad_with_cited_coordinates_gets_a_marker_and_the_abroad_view(abroad_site, site):
    for lang in LANGS:
        data = map_data(abroad_site, lang)
        almaty = [t for t in data["towns"] if t["id"] == "almaty"]
        assert almaty and almaty[0]["abroad"] and data["towns"][-1]["id"] == "almaty"  # abroad after Kyrgyzstan
        page = soup(lang_dir(abroad_site, lang) / "map.html")
        assert [i["value"] for i in page.select(".kg-map-view input[type=radio]")] == ["kg", "abroad"]
        off_map = [li.get_text() for li in page.select("#not-on-map + ul li")]
        places = labels(lang)["places"]
        assert not any(text.endswith(places["almaty"]) for text in off_map)
        # Yekaterinburg still has no coordinates: it stays listed, nothing is invented
        assert any(text.endswith(places["yekaterinburg"]) for text in off_map)
    # the shipped content has no coordinates abroad: no abroad view
    assert soup(site / "en" / "map.html").select(".kg-map-view") == []


PHONE_WORD = re.compile(r"phone|телефон", re.IGNORECASE)


@pytest.mark.parametrize("lang", LANGS)
def test_map_intro_promises_no_numbers_the_popups_lack(site, lang):
    """The map page's intro says what a town's popup gives. It promised "every service there with its
    phone numbers" while no service on the map has a number in the sources (fresh-user trial, session 8):
    it may speak of phone numbers only if some service's popup shows one."""
    data = map_data(site, lang)
    intro = " ".join(p.get_text() for p in soup(lang_dir(site, lang) / "map.html").select("article h1 ~ p")[:1])
    assert intro, "the map page has an intro paragraph"
    if not any(service["phones"] for service in data["services"]):
        assert not PHONE_WORD.search(intro), intro
