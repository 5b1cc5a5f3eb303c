"""Byte budgets at scale (issue 10): the project with `test_entries` synthetic services, weighed in Chromium.

budgets.yml ``scale``: every page that lists entries (directory and region pages and each of their
parts) ≤ ``listing_page_kb`` first load, the map page ≤ ``map_page_kb``, in every language.  The build
of 1,000 entries is cheap enough for CI; 5,000 is the benchmark's (`page_weight.py --synthetic`),
which also reports times, memory and long tasks (never asserted).  The heaviest listing page of each
language (by gzip size of its HTML) is the one weighed; entries per page are counted on all of them.
"""

from __future__ import annotations

import gzip
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, build, lang_dir, make_project

sys.path.insert(0, str(ROOT / "benchmarks"))
import page_weight  # noqa: E402  (benchmarks/page_weight.py)
import synthetic  # noqa: E402  (benchmarks/synthetic.py)

import parts  # noqa: E402

SCALE = page_weight.load_budgets()["scale"]
KB = page_weight.KB
LISTINGS = ("hotlines.html", "shelters.html", "consulates.html", "organizations.html")


@pytest.fixture(scope="module")
def scaled_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("scaled"))
    synthetic.add_services(project, SCALE["test_entries"])
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site"


def listing_pages(site, lang) -> list:
    base = lang_dir(site, lang)
    return ([base / name for name in LISTINGS] + sorted(base.glob("regions/kg-*.html"))
            + sorted(base.glob("parts/*.html")))


@pytest.fixture(scope="module")
def weights(scaled_site, playwright_driver):
    browser = page_weight.launch(playwright_driver)
    try:
        out = {}
        for lang in LANGS:
            heaviest = max(listing_pages(scaled_site, lang), key=lambda p: len(gzip.compress(p.read_bytes(), 6)))
            pages = [heaviest.relative_to(lang_dir(scaled_site, lang)).as_posix(), "map.html"]
            out[lang] = page_weight.weigh_site(browser, scaled_site, pages, langs=(lang,))[lang]
        yield out
    finally:
        browser.close()


@pytest.mark.parametrize("lang", LANGS)
def test_lists_are_split_at_scale(scaled_site, lang):
    pages = listing_pages(scaled_site, lang)
    assert any("parts" in p.parts for p in pages), "nothing was split at scale"
    for page in pages:
        count = len(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("article.kg-entry"))
        assert count <= parts.LIMIT, (page, count)


@pytest.mark.parametrize("lang", LANGS)
def test_heaviest_listing_page_within_budget(weights, lang):
    page, m = next((p, m) for p, m in weights[lang].items() if p != "map.html")
    assert m["bytes"] <= SCALE["listing_page_kb"] * KB, f"{page}: {m['bytes'] / KB:.1f} KB"


@pytest.mark.parametrize("lang", LANGS)
def test_map_page_within_budget_at_scale(weights, lang):
    m = weights[lang]["map.html"]
    assert m["bytes"] <= SCALE["map_page_kb"] * KB, f"{m['bytes'] / KB:.1f} KB"
