"""The help-abroad pages in Chromium: axe-core finds nothing, nothing scrolls sideways on a phone, no other host."""

from __future__ import annotations

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

LANGS = ("ky", "ru", "en")
PREFIX = {"ky": "", "ru": "ru/", "en": "en/"}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# russia: a country with a consulate entry; uae: one without; index: the list of countries.
PAGES = ("abroad/index.html", "abroad/russia.html", "abroad/uae.html")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_violation_on_abroad_pages(tab, lang, page):
    tab.visit(PREFIX[lang] + page)
    tab.page.add_script_tag(path=str(AXE))
    violations = tab.page.evaluate("""() => axe.run(document, {resultTypes: ['violations']})
        .then(r => r.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 5)}`))""")
    assert violations == []
    tab.assert_no_errors()


@pytest.mark.parametrize("lang", LANGS)
def test_abroad_pages_fit_a_360px_phone(new_tab, lang):
    tab = new_tab(viewport={"width": 360, "height": 640})
    for page in PAGES:
        tab.visit(PREFIX[lang] + page)
        assert tab.page.evaluate("document.documentElement.scrollWidth") <= 360, page
    assert tab.external == []  # nothing fetched from another host
    tab.assert_no_errors()
