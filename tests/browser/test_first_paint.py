"""The top of every page looks like itself before Material's main stylesheet arrives (issue 10).

Material's main CSS (kg-material.css) loads inside <body>, after the quick exit and the hotline strip,
so that they paint first (overrides/main.html).  What paints before it is styled only by the
render-blocking kg-critical.css and kg.css.  The fresh-user trial of session 8 filmed the first frame on
a 360x640 phone: the header's logo and menu icon drawn at full page width, the hotline strip pushed
off the first screen (40 ms at full speed, up to 300 ms on a slow phone).  Here the main stylesheet is
held back for good (its request aborted), which is that first frame made to last.
"""

from __future__ import annotations

import pytest

import languages
from conftest import LANGS

PREFIX = {code: languages.prefix(code) for code in languages.CODES}
PAGES = ("index.html", "hotlines.html", "map.html", "guide/warning-signs.html")
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 640}}


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_header_and_strip_are_laid_out_before_the_main_stylesheet(new_tab, lang, page, screen):
    tab = new_tab(**screen)
    tab.context.route("**/kg-material.css", lambda route: route.abort())
    tab.page.goto(tab.url(PREFIX[lang] + page), wait_until="load")
    icons = tab.page.eval_on_selector_all(
        ".md-header svg", "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })")
    assert icons, "the header has its icons"
    assert all(w <= 32 and h <= 32 for w, h in icons), f"header icons drawn larger than an icon: {icons}"
    header = tab.page.locator(".md-header").bounding_box()
    assert header["height"] <= 64, header
    exit_link = tab.page.locator("#kg-exit").bounding_box()
    assert exit_link and exit_link["y"] + exit_link["height"] <= 64, exit_link
    strip = tab.page.locator(".kg-strip").first.bounding_box()
    number = tab.page.locator(".kg-strip a[href^='tel:']").first.bounding_box()
    assert strip["y"] < 640 and number and number["y"] + number["height"] <= 640, (strip, number)
