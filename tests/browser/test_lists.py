"""List bullets never hang at the page's left edge (reader trial: the 189/104 list on the home page showed
its bullets at x=0 beside the number boxes), on screen and in print, at 360×640, in every language."""

from __future__ import annotations

import languages
import pytest

pytestmark = pytest.mark.browser

PREFIX = {code: languages.prefix(code) for code in languages.CODES}
# the hotline list (home, hotlines page, region pages) and ordinary Markdown lists (a guide page)
PAGES = ("index.html", "hotlines.html", "regions/kg-n.html", "guide/missing-relative.html")

# Every list item of the page text whose marker is drawn: how far it starts from the text column
# (an outside marker needs room to its left); items without a marker are fine anywhere.
JS_MARKERS = """() => {
  const column = document.querySelector('.md-content__inner').getBoundingClientRect().left;
  const out = [];
  for (const li of document.querySelectorAll('.md-content__inner li')) {
    const s = getComputedStyle(li);
    if (s.listStyleType === 'none' || s.display !== 'list-item' || !li.checkVisibility()) continue;
    if (s.listStylePosition === 'inside') continue;
    out.push({text: li.textContent.trim().slice(0, 30), indent: li.getBoundingClientRect().left - column,
              hotline: !!li.closest('.kg-hotlines')});
  }
  return out; }"""


@pytest.mark.parametrize("media", ["screen", "print"])
@pytest.mark.parametrize("lang", languages.CODES)
def test_list_bullets_do_not_hang_at_the_edge(new_tab, lang, media):
    tab = new_tab(viewport={"width": 360, "height": 640})
    tab.page.emulate_media(media=media)
    for page in PAGES:
        tab.visit(PREFIX[lang] + page)
        assert tab.page.locator(".kg-hotlines li").count() >= 2 or "guide/" in page, page
        markers = tab.page.evaluate(JS_MARKERS)
        assert not [m for m in markers if m["hotline"]], (page, "the number boxes carry no bullet")
        hanging = [m for m in markers if m["indent"] < 16]
        assert hanging == [], (page, hanging)
    tab.assert_no_errors()
