"""Search finds the region pages (reader trial: "Нарын"/"Naryn" listed no region page), in Chromium,
in every language of the registry: a region's name, or the name of one of its towns, typed into the
search box lists that region's page."""

from __future__ import annotations

import languages
import pytest
import yaml

import schema
from conftest import ROOT

from .test_reader import PREFIX, search

pytestmark = pytest.mark.browser


def labels(lang: str) -> dict:
    return yaml.safe_load((ROOT / "content" / lang / "labels.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", languages.CODES)
def test_region_name_or_town_finds_the_region_page(new_tab, site_url, lang):
    tab = new_tab()
    names = labels(lang)
    queries = [(names["regions"][code], code) for code in schema.REGIONS]
    queries.append((names["places"]["karakol"], "KG-Y"))  # a town that is not its region's namesake
    for query, code in queries:
        results = [r.split("?")[0] for r in search(tab, lang, query)]
        assert site_url + PREFIX[lang] + f"regions/{code.lower()}.html" in results, (query, results)
    tab.assert_no_errors()
