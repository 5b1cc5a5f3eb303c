"""Byte budgets of benchmarks/budgets.yml, measured in Chromium on the built site (issue 10).

Each budgeted page is opened in every language through the benchmark's gzip server
(benchmarks/page_weight.py: fresh context, empty cache, 360x640, every request counted at the
server, workers included).  Bytes are stable, so they are asserted; times are only reported
by the benchmark.  The plain-Material ratio needs a second build and stays in the benchmark.
"""

from __future__ import annotations

import gzip
import json
import sys

import pytest

from conftest import LANGS, ROOT, lang_dir

sys.path.insert(0, str(ROOT / "benchmarks"))
import page_weight  # noqa: E402  (benchmarks/page_weight.py)

BUDGETS = page_weight.load_budgets()
TEXT = BUDGETS["text_pages"]
KB = page_weight.KB


@pytest.fixture(scope="module")
def weights(site, playwright_driver):
    """``{lang: {page: weigh(...)}}`` for every budgeted page of the shipped site."""
    browser = page_weight.launch(playwright_driver)
    try:
        yield page_weight.weigh_site(browser, site, TEXT["pages"] + BUDGETS["map_page"]["pages"])
    finally:
        browser.close()


def describe(m: dict) -> str:
    return ", ".join(f"{path} {n / KB:.1f}" for path, n in sorted(m["files"], key=lambda f: -f[1]))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", TEXT["pages"])
def test_text_page_within_byte_and_request_budget(weights, lang, page):
    m = weights[lang][page]
    assert m["bytes"] <= TEXT["max_kb"] * KB, f"{m['bytes'] / KB:.1f} KB > {TEXT['max_kb']} KB: {describe(m)}"
    assert m["requests"] <= TEXT["max_requests"], describe(m)
    assert m["blocking_bytes"] <= BUDGETS["render_blocking_kb"] * KB, m["blocking_bytes"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", TEXT["pages"])
def test_search_costs_nothing_until_opened(weights, lang, page):
    m = weights[lang][page]
    assert m["search_bytes"] == 0, describe(m)
    assert not [url for url, kind in m["browser_requests"] if "sitemap" in url], m["browser_requests"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", BUDGETS["map_page"]["pages"])
def test_map_page_within_byte_budget(weights, lang, page):
    m = weights[lang][page]
    assert m["bytes"] <= BUDGETS["map_page"]["max_kb"] * KB, f"{m['bytes'] / KB:.1f} KB: {describe(m)}"


@pytest.mark.parametrize("lang", LANGS)
def test_search_index_within_budget_and_without_region_pages(site, lang):
    """Region pages' entries stay out of the index: each region page has one entry, its name and towns."""
    index = lang_dir(site, lang) / "search" / "index.js"
    assert len(gzip.compress(index.read_bytes(), 6)) <= BUDGETS["search_index_kb"] * KB
    text = index.read_text(encoding="utf-8")
    assert '"regions/index.html"' in text
    regions = [e for e in json.loads(text.removeprefix("window.__kgSearchIndex=").removesuffix(";\n"))
               if e[0].startswith("regions/kg-")]
    assert len(regions) == len({e[0] for e in regions}) and all("#" not in e[0] for e in regions)
    assert all(len(e[2]) <= 120 for e in regions), "a region page's entry holds only its towns"
