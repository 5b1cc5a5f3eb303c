"""The hotline card in another site's frame (issue 11.4), in Chromium.

The built site is served with the Content-Security-Policy docs/hosting.md gives for it, and the
embed policy under ``embed/``; a page on another origin (a second local server) embeds each card
with the snippet of docs/embedding.md.  The card must show, styled, within the snippet's size, with
no console error, no failed request and no request to any other host; its link must open the site
in that language.  A control embeds a card under the site's own policy: Chromium must refuse it,
so the test can tell.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

import embed
import languages
from conftest import LANGS, ROOT, lang_dir

from .conftest import serve
from .test_csp import embed_policy, policy

pytestmark = pytest.mark.browser


def snippets() -> dict[str, str]:
    """``{lang: iframe snippet}`` from docs/embedding.md, in the order of the languages."""
    text = (ROOT / "docs" / "embedding.md").read_text(encoding="utf-8")
    found = [line for line in text.splitlines() if line.startswith("<iframe ")]
    assert len(found) == len(LANGS)
    return dict(zip(LANGS, found))


def per_path(path: str) -> dict:
    return {"Content-Security-Policy": embed_policy() if re.search(r"/embed/[^/]*$", path.split("?")[0]) else policy()}


@pytest.fixture(scope="module")
def embed_site(site):
    with serve(site, headers=per_path) as url:
        yield url


def host_page(folder, lang: str, site_url: str) -> str:
    """Write a host page embedding the card of ``lang`` with the documented snippet; return its file name."""
    snippet = snippets()[lang].replace("https://example.org/kg/", site_url)
    name = f"host-{lang}.html"
    (folder / name).write_text(f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
                               f'<link rel="icon" href="data:,"><title>NGO</title></head>'
                               f"<body><h1>NGO</h1>{snippet}</body></html>", encoding="utf-8")
    return name


def card_frame(tab, site_url: str):
    tab.page.wait_for_function("() => document.querySelector('iframe') && true")
    for _ in range(100):
        frame = next((f for f in tab.page.frames if f.url.startswith(site_url)), None)
        if frame is not None:
            return frame
        tab.page.wait_for_timeout(50)
    raise AssertionError(f"no frame from {site_url}: {[f.url for f in tab.page.frames]}")


@pytest.mark.parametrize("lang", LANGS)
def test_card_in_a_frame_of_another_origin(new_tab, embed_site, tmp_path, lang):
    with serve(tmp_path) as host:
        assert host != embed_site
        tab = new_tab(base_url=host)
        tab.visit(host_page(tmp_path, lang, embed_site))
        frame = card_frame(tab, embed_site)
        frame.wait_for_load_state("load")
        tab.settle()
        assert frame.url == embed_site + embed.card_path(lang)
        assert tab.external == []
        tab.assert_no_errors()
        # the link opens the site in that language, outside the frame, not sandboxed (its scripts run)
        with tab.context.expect_page() as opened:
            frame.locator(".kg-embed__more a").click()
        popup = opened.value
        popup.wait_for_load_state("load")
        assert popup.url == embed_site + languages.prefix(lang) + "index.html"
        popup.wait_for_function("() => document.documentElement.classList.contains('js')")
        assert tab.page.url == host + f"host-{lang}.html"  # the host page stays
        # a number may be dialled from the sandboxed card (Chromium logs "Navigation to external
        # protocol blocked by sandbox" when the sandbox lacks allow-popups)
        frame.locator("a.kg-tel").first.click()
        tab.page.wait_for_timeout(300)
        assert tab.external == []
        tab.assert_no_errors()
        # last, as reading the card runs scripts in the sandboxed frame, which Chromium logs as blocked:
        # the numbers shown, styled by its own stylesheet (allowed by the embed policy), within the snippet's size
        numbers = frame.locator("ul.kg-hotlines a.kg-tel").all_inner_texts()
        assert numbers and all(n.strip().isdigit() for n in numbers)
        assert frame.locator(".kg-tel").first.evaluate("e => getComputedStyle(e).borderTopColor") == "rgb(183, 28, 28)"
        iframe = tab.page.locator("iframe")
        width, height = int(iframe.get_attribute("width")), int(iframe.get_attribute("height"))
        size = frame.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        assert size[0] <= width and size[1] <= height, (size, width, height)


def test_control_the_site_policy_refuses_the_frame(new_tab, site, tmp_path):
    """The same card under the site's own policy (frame-ancestors 'none') is refused: the check above can fail."""
    with serve(site, headers={"Content-Security-Policy": policy()}) as strict, serve(tmp_path) as host:
        tab = new_tab(base_url=host)
        tab.visit(host_page(tmp_path, LANGS[0], strict))
        tab.page.wait_for_timeout(500)
        assert any("frame-ancestors" in e["text"] or "Refused to frame" in e["text"] for e in tab.console_errors), \
            tab.console_errors


def test_snippets_have_the_documented_attributes():
    for lang, line in snippets().items():
        iframe = BeautifulSoup(line, "html.parser").iframe
        assert iframe["title"] and iframe["loading"] == "lazy" and iframe["referrerpolicy"] == "no-referrer"
        assert set(iframe["sandbox"]) == {"allow-popups", "allow-popups-to-escape-sandbox"}  # (a list: bs4)
        assert iframe["src"].endswith(embed.card_path(lang))
