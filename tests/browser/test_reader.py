"""Reader features in Chromium: search per language, quick exit, print stylesheet, text size."""

from __future__ import annotations

import languages
import pytest

pytestmark = pytest.mark.browser

PREFIX = {code: languages.prefix(code) for code in languages.CODES}


def search(tab, lang: str, query: str) -> list[str]:
    """Type ``query`` into Material's search on the language's home page; return result URLs."""
    tab.visit(PREFIX[lang] + "index.html")
    tab.page.locator(".md-search__input").click()
    tab.page.fill(".md-search__input", query)
    tab.page.keyboard.press("End")  # Material searches on key events
    tab.page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__link').length > 0"
        " || /\\d|не найдено|No matching|табылган жок/i.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=10_000)
    return [a.get_attribute("href") for a in tab.page.locator(".md-search-result__link").all()]


@pytest.mark.parametrize("lang, query, expected", [
    ("ky", "Өмүр", "organizations.html"),          # Kyrgyz letters ө ү
    ("ky", "калкалоочу", "shelters.html"),          # ң-free Kyrgyz word, found on the Kyrgyz page
    ("ru", "приюты", "ru/shelters.html"),
    ("en", "shelters", "en/shelters.html"),
])
def test_search_finds_the_page_in_the_current_language_only(tab, site_url, lang, query, expected):
    results = search(tab, lang, query)
    assert any(r.split("?")[0] == site_url + expected for r in results), results
    others = [p for p in PREFIX.values() if p and p != PREFIX[lang]]
    for url in results:
        path = url[len(site_url):]
        assert not any(path.startswith(o) for o in others), url
        if lang != "ky":
            assert path.startswith(PREFIX[lang]), url
    tab.assert_no_errors()


def test_kyrgyz_word_with_n_hook_is_found(tab, site_url):
    results = search(tab, "ky", "телефонуңузду")
    assert results and all(not r[len(site_url):].startswith(("ru/", "en/")) for r in results)


@pytest.mark.parametrize("how", ["button", "escape"])
def test_quick_exit_leaves_and_back_does_not_return(new_tab, how):
    tab = new_tab()
    neutral = []
    # The exit target is another host: answer it here instead of letting the request out.
    tab.context.unroute_all()
    tab.context.route("https://www.google.com/**", lambda route: (neutral.append(route.request.url),
                      route.fulfill(status=200, content_type="text/html", body="<title>neutral</title>")))
    tab.visit("index.html")
    tab.visit("ru/shelters.html")
    if how == "button":
        tab.page.locator("#kg-exit").click()
    else:
        tab.page.keyboard.press("Escape")
    tab.page.wait_for_url("https://www.google.com/**")
    assert neutral and tab.page.title() == "neutral"
    tab.page.go_back()
    assert "shelters.html" not in tab.page.url  # the exit replaced that history entry


def test_quick_exit_is_a_big_link_reached_within_three_tab_presses(tab):
    tab.visit("en/index.html")
    box = tab.page.locator("#kg-exit").bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    focused = []
    for _ in range(3):
        tab.page.keyboard.press("Tab")
        focused.append(tab.page.evaluate("document.activeElement.id"))
    assert "kg-exit" in focused, focused


@pytest.mark.parametrize("page", ["shelters.html", "ru/regions/kg-n.html"])
def test_print_shows_entries_without_navigation(tab, page):
    tab.visit(page)
    tab.page.emulate_media(media="print")
    hidden = tab.page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.kg-exit-bar']
        .map(s => document.querySelector(s)).filter(Boolean)
        .map(e => getComputedStyle(e).display)""")
    assert hidden and set(hidden) == {"none"}
    visible = tab.page.evaluate("""() => ['.kg-entry__name', '.kg-entry__facts', '.kg-provenance', '.kg-strip']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert "none" not in visible


@pytest.mark.parametrize("width", [360, 1280])
def test_body_text_is_at_least_16px(new_tab, width):
    tab = new_tab(viewport={"width": width, "height": 800})
    tab.visit("index.html")
    size = tab.page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-content p')).fontSize)")
    assert size >= 16


def test_site_works_from_a_usb_stick(browser, site):
    """file:// (a copied folder, no server): pages, the map and search work, nothing leaves the machine (P7)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    external = []
    context.route(lambda url: not url.startswith("file:"),
                  lambda route: (external.append(route.request.url), route.abort()))
    page = context.new_page()
    page.goto((site / "ru" / "index.html").as_uri())
    page.locator(".md-search__input").click()
    page.fill(".md-search__input", "приюты")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__link", timeout=10_000)
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
    assert any(h.startswith((site / "ru" / "shelters.html").as_uri()) for h in hrefs), hrefs
    page.goto((site / "map.html").as_uri())
    page.wait_for_function("() => document.querySelectorAll('.leaflet-marker-icon').length > 0", timeout=10_000)
    assert external == []
    context.close()
