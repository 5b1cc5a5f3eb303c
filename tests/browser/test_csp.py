"""The site works under the strict Content-Security-Policy that docs/hosting.md gives (issue 8, item 6).

The policy is read from docs/hosting.md (so the handbook and the test cannot drift apart), the
built site is served with it as a header, and every text template is opened in every language
with search opened too (its index loads on demand).  Any `securitypolicyviolation` event or
console message about the policy fails the test.
"""

from __future__ import annotations

import re

import languages
import pytest

from conftest import ROOT  # tests/conftest.py
from .conftest import Tab, serve

pytestmark = pytest.mark.browser

PREFIX = {code: languages.prefix(code) for code in languages.CODES}
TEXT_PAGES = ("index.html", "hotlines.html", "shelters.html", "organizations.html", "consulates.html",
              "regions/index.html", "regions/kg-n.html", "guide/index.html", "guide/before-you-go.html",
              "about.html", "hide-your-visit.html", "map.html", "abroad/russia.html", "leaflet.html")
# The map is drawn by an external per-language data file and kg-map.js: no page is excluded.
EXCLUDED = ()
QUERY = {"ky": "калкалоочу", "ru": "приюты", "en": "shelters"}

WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
     sample: e.sample}));
"""


def _documented(frame_ancestors: str) -> str:
    text = (ROOT / "docs" / "hosting.md").read_text(encoding="utf-8")
    found = {p.strip() for p in re.findall(r"^\s*Content-Security-Policy: (.+)$", text, re.M)
             if f"frame-ancestors {frame_ancestors}" in p}
    assert len(found) == 1, f"docs/hosting.md should give one such policy, found {found}"
    return found.pop()


def policy() -> str:
    """The site's Content-Security-Policy written in docs/hosting.md (the `_headers` example)."""
    return _documented("'none'")


def embed_policy() -> str:
    """The policy docs/hosting.md gives for the embed cards (``embed/``): framing allowed, nothing else."""
    return _documented("*")


def test_the_documented_policy_is_the_strict_one():
    rules = dict(part.strip().split(" ", 1) for part in policy().split(";"))
    assert rules["script-src"] == "'self'" and rules["style-src"] == "'self'"
    assert "unsafe-inline" not in policy() and "unsafe-eval" not in policy()
    assert rules["object-src"] == "'none'" and rules["frame-ancestors"] == "'none'"


@pytest.fixture(scope="module")
def csp_tab(browser, site):
    with serve(site, headers={"Content-Security-Policy": policy()}) as url:
        context = browser.new_context(viewport={"width": 360, "height": 640})
        context.set_default_timeout(10_000)
        context.add_init_script(WATCH)
        tab = Tab(context, url)
        yield tab
        context.close()


def violations(tab: Tab) -> list:
    found = tab.page.evaluate("window.__cspViolations")
    found += [m for m in tab.console_errors if "Content Security Policy" in m["text"]]
    return found


@pytest.mark.parametrize("lang", PREFIX)
@pytest.mark.parametrize("page", TEXT_PAGES)
def test_no_csp_violation_on_any_text_page(csp_tab, lang, page):
    assert page not in EXCLUDED
    csp_tab.reset()
    csp_tab.visit(PREFIX[lang] + page)
    assert violations(csp_tab) == []
    csp_tab.assert_no_errors()


@pytest.mark.parametrize("lang", PREFIX)
def test_search_works_under_the_policy(csp_tab, lang):
    csp_tab.reset()
    csp_tab.visit(PREFIX[lang] + "index.html")
    page = csp_tab.page
    page.locator(".md-header label[for=__search]").first.click()  # the phone's search button (360 px)
    page.fill(".md-search__input", QUERY[lang])
    page.wait_for_selector(".md-search-result__link", timeout=10_000)
    assert "shelters.html" in " ".join(a.get_attribute("href") for a in page.locator(".md-search-result__link").all())
    assert violations(csp_tab) == []
    csp_tab.assert_no_errors()


def test_no_csp_violation_on_the_404_page(csp_tab):
    csp_tab.reset()
    response = csp_tab.page.goto(csp_tab.url("404.html"), wait_until="load")
    assert response.ok
    csp_tab.settle()
    assert violations(csp_tab) == []
    csp_tab.assert_no_errors()
