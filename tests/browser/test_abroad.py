"""The help-abroad pages in Chromium: axe-core finds nothing (the help-abroad strip folded and open),
nothing scrolls sideways on a phone, no other host; the warning that short codes do not work from abroad
is on the first screen of every page for readers abroad, without a tap."""

from __future__ import annotations

import languages
import pytest

from conftest import ROOT, lang_dir

pytestmark = pytest.mark.browser

LANGS = languages.CODES
PREFIX = {code: languages.prefix(code) for code in languages.CODES}
PHONE = {"width": 360, "height": 640}
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


def abroad_pages(site, lang: str) -> list[str]:
    """Every built page of ``lang`` that carries the help-abroad strip (front matter ``audience: abroad``)."""
    root = lang_dir(site, lang)
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                   if 'kg-strip--abroad' in p.read_text(encoding="utf-8")
                   and (p.parent == root or p.relative_to(root).parts[0] not in LANGS))
    assert pages, f"no page of {lang} for readers abroad"
    return pages


JS_FIRST_PAINT = """() => {
  const box = el => { const r = el.getBoundingClientRect(); return [r.top, r.bottom, el.checkVisibility()]; };
  return {note: box(document.querySelector('.kg-strip--abroad .kg-strip__note')),
          h1: box(document.querySelector('.md-content h1'))}; }"""


@pytest.mark.parametrize("lang", LANGS)
def test_short_codes_warning_is_on_the_first_screen_of_abroad_pages(new_tab, site, lang):
    """At 360×640, before any tap: the sentence that 189/104 cannot be dialled from abroad is seen,
    and the page's h1 still starts on the first screen."""
    tab = new_tab(viewport=PHONE)
    for page in abroad_pages(site, lang):
        tab.visit(PREFIX[lang] + page)
        found = tab.page.evaluate(JS_FIRST_PAINT)
        top, bottom, visible = found["note"]
        assert visible and 0 <= top and bottom <= PHONE["height"], (page, found)
        assert found["h1"][0] < PHONE["height"], (page, found)
    tab.assert_no_errors()


@pytest.mark.parametrize("lang", LANGS)
def test_open_abroad_strip_passes_axe_and_contrast(new_tab, site, lang):
    """The strip opened (consulate links shown): axe-core finds nothing and every link reaches 4.5:1."""
    tab = new_tab(viewport=PHONE)
    for page in ("consulates.html", "abroad/russia.html"):
        assert page in abroad_pages(site, lang)
        tab.visit(PREFIX[lang] + page)
        tab.page.click(".kg-strip--abroad summary")
        assert tab.page.locator(".kg-strip__contacts a").first.is_visible(), page
        tab.page.add_script_tag(path=str(AXE))
        violations = tab.page.evaluate("""() => axe.run('.kg-strip', {runOnly: ['wcag2a', 'wcag2aa']})
            .then(r => r.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 5)}`))""")
        assert violations == [], page
        checked = tab.page.evaluate("""() => axe.run('.kg-strip', {runOnly: ['color-contrast']})
            .then(r => r.passes.concat(r.violations).flatMap(v => v.nodes).length)""")
        assert checked > 0, "axe measured no text in the open strip"
    tab.assert_no_errors()
