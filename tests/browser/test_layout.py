"""Phone-first layout at 360×640 (issue 7.5) and the quick exit's promises (issue 8.5, PITFALLS P15),
in Debian's Chromium, over every template × language.

One sweep per language visits each template once and records: the h1 position, the hotline strip's
links, tap-target sizes, every overlap of the quick-exit button with text or links (at the top, while
scrolling, at the bottom), a screenshot to test-artifacts/screenshots/ and axe-core's findings.
"""

from __future__ import annotations

import http.server
import struct
import threading
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, lang_dir  # tests/conftest.py

from .conftest import HOST, Tab

pytestmark = pytest.mark.browser

LANGS = ("ky", "ru", "en")
PREFIX = {"ky": "", "ru": "ru/", "en": "en/"}
TEMPLATES = {"home": "index.html", "guide": "guide/before-you-go.html", "directory": "shelters.html",
             "region": "regions/kg-n.html", "map": "map.html", "hide-your-visit": "hide-your-visit.html",
             "404": "404.html"}
PHONE = {"width": 360, "height": 640}
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
NEUTRAL = "https://www.google.com/**"

# Every visible text run, link or control that the quick exit covers: at points where the exit is the
# topmost thing the reader sees (document.elementFromPoint) and the element would be seen there without
# it. Content scrolled under the opaque header bar is hidden by the bar, not by the exit.
JS_OVERLAPS = """() => {
  const exit = document.getElementById('kg-exit');
  const er = exit.getBoundingClientRect();
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || exit.contains(el)) continue;
    const range = document.createRange(); range.selectNodeContents(node);
    for (const r of range.getClientRects()) boxes.push([el, r]);
  }
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, label, [role=button], [tabindex]';
  for (const el of document.querySelectorAll(controls)) {
    if (exit.contains(el)) continue;
    for (const r of el.getClientRects()) boxes.push([el, r]);
  }
  const found = [];
  for (const [el, r] of boxes) {
    const x1 = Math.max(r.left, er.left), x2 = Math.min(r.right, er.right);
    const y1 = Math.max(r.top, er.top), y2 = Math.min(r.bottom, er.bottom);
    if (x2 - x1 < 1 || y2 - y1 < 1) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    let covered = false;
    for (const fx of [0.1, 0.5, 0.9]) for (const fy of [0.1, 0.5, 0.9]) {
      const x = x1 + (x2 - x1) * fx, y = y1 + (y2 - y1) * fy;
      const above = document.elementFromPoint(x, y);
      if (!above || !exit.contains(above)) continue;  // the exit is not what the reader sees there
      exit.style.visibility = 'hidden';
      const below = document.elementFromPoint(x, y);
      exit.style.visibility = '';
      if (below && (below === el || el.contains(below))) covered = true;
    }
    if (covered) found.push(`${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent || '').trim().slice(0, 40)}`);
  }
  return {found: [...new Set(found)], exit: [er.left, er.top, er.right, er.bottom]};
}"""

JS_BOX = """el => { const r = el.getBoundingClientRect(), s = getComputedStyle(el);
  return {x: r.x, y: r.y, width: r.width, height: r.height,
          visible: r.width > 0 && r.height > 0 && s.visibility === 'visible' && s.display !== 'none'}; }"""

# Every rule axe-core has, best practices included (only rules marked experimental are left out).
JS_AXE = """() => axe.run(document, {
    rules: Object.fromEntries(axe.getRules().filter(r => !r.tags.includes('experimental'))
                                 .map(r => [r.ruleId, {enabled: true}])),
    resultTypes: ['violations']})
  .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' '))})))"""


def labels(lang: str) -> dict:
    return yaml.safe_load((ROOT / "content" / lang / "labels.yml").read_text(encoding="utf-8"))["phrases"]


def boxes(tab: Tab, selector: str) -> list[dict]:
    return tab.page.locator(selector).evaluate_all(f"els => els.map({JS_BOX})")


def measure(tab: Tab, name: str, lang: str) -> dict:
    """What one template records at 360×640 (see the module docstring)."""
    page = tab.page
    record = {
        "h1": page.evaluate("document.querySelector('.md-content h1').getBoundingClientRect().top"),
        "strip": {n: boxes(tab, f'.kg-strip a.kg-tel--strip[href="tel:{n}"]') for n in ("189", "104")},
        "targets": {sel: boxes(tab, sel) for sel in ("#kg-exit", ".kg-strip a.kg-tel--strip", ".kg-strip summary",
                                                      ".kg-notice--review summary", "a.kg-permalink")},
        "notices": boxes(tab, ".md-content .kg-notice--review"),
        "overlaps": {}, "exit_on_screen": {},
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{lang}.png"))
    height = page.evaluate("document.documentElement.scrollHeight")
    for where, y in (("top", 0), ("one screen down", 640), ("middle", height // 2), ("bottom", height)):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(50)
        result = page.evaluate(JS_OVERLAPS)
        record["overlaps"][where] = result["found"]
        left, top, right, bottom = result["exit"]
        record["exit_on_screen"][where] = left >= 0 and top >= 0 and right <= PHONE["width"] and bottom <= PHONE["height"]
    page.evaluate("window.scrollTo(0, 0)")
    page.add_script_tag(path=str(AXE))
    record["axe"] = page.evaluate(JS_AXE)
    return record


@pytest.fixture(scope="session")
def phone_sweep(browser, site_url):
    """``phone_sweep(lang)`` → ``{template: record}``, each language visited once per session."""
    results, contexts = {}, []

    def run(lang: str) -> dict:
        if lang not in results:
            context = browser.new_context(viewport=PHONE)
            context.set_default_timeout(30_000)
            contexts.append(context)
            tab = Tab(context, site_url)
            results[lang] = {}
            for name, path in TEMPLATES.items():
                tab.visit(PREFIX[lang] + path)
                results[lang][name] = measure(tab, name, lang)
        return results[lang]

    yield run
    for context in contexts:
        context.close()


def cases():
    return [pytest.param(name, lang, id=f"{name}-{lang}") for name in TEMPLATES for lang in LANGS]


@pytest.mark.parametrize(("name", "lang"), cases())
def test_h1_starts_in_the_upper_half_of_the_first_screen(phone_sweep, name, lang):
    assert phone_sweep(lang)[name]["h1"] < PHONE["height"] / 2


@pytest.mark.parametrize(("name", "lang"), cases())
def test_quick_exit_covers_no_text_or_link_and_stays_on_screen(phone_sweep, name, lang):
    record = phone_sweep(lang)[name]
    assert {where: found for where, found in record["overlaps"].items() if found} == {}
    assert all(record["exit_on_screen"].values()), record["exit_on_screen"]


@pytest.mark.parametrize(("name", "lang"), cases())
def test_189_and_104_are_tappable_at_first_paint(phone_sweep, name, lang):
    strip = phone_sweep(lang)[name]["strip"]
    for number, found in strip.items():
        assert len(found) == 1, number
        box = found[0]
        assert box["visible"] and box["width"] >= 44 and box["height"] >= 44, (number, box)
        assert 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"] / 2, (number, box)
    assert strip["189"][0]["y"] == strip["104"][0]["y"], "the numbers share one line"


@pytest.mark.parametrize(("name", "lang"), cases())
def test_tap_targets_are_at_least_44px(phone_sweep, name, lang):
    small = {sel: [b for b in found if b["visible"] and (b["height"] < 44 or b["width"] < 44)]
             for sel, found in phone_sweep(lang)[name]["targets"].items()}
    assert {sel: found for sel, found in small.items() if found} == {}


@pytest.mark.parametrize("lang", LANGS)
def test_strip_and_review_notice_are_one_line(phone_sweep, lang):
    for name, record in phone_sweep(lang).items():
        strip_links = record["strip"]["189"] + record["strip"]["104"]
        summary = record["targets"][".kg-strip summary"]
        assert len(summary) == 1 and summary[0]["y"] < strip_links[0]["y"] + strip_links[0]["height"], name
        for notice in record["notices"]:
            assert notice["height"] <= 48, (name, notice)  # one tap-sized line
    assert phone_sweep("ky")["home"]["notices"], "the Kyrgyz home page is marked review: needed"


@pytest.mark.parametrize(("name", "lang"), cases())
def test_screenshot_at_360x640(phone_sweep, name, lang):
    phone_sweep(lang)
    header = (SCREENSHOTS / f"{name}-{lang}.png").read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", header[16:24]) == (360, 640)


@pytest.mark.parametrize(("name", "lang"), cases())
def test_axe_with_every_rule_finds_nothing_on_a_phone(phone_sweep, name, lang):
    violations = phone_sweep(lang)[name]["axe"]
    assert violations == [], "\n".join(f"{v['id']} ({v['impact']}): {', '.join(v['targets'][:5])}" for v in violations)


# --- The drawer, the coverage on tap --------------------------------------------------------------


def phone_tab(new_tab) -> Tab:
    tab = new_tab(viewport=PHONE)
    tab.context.unroute_all()  # the neutral page is answered here, nothing leaves the machine
    tab.neutral = []
    tab.context.route(NEUTRAL, lambda route: (tab.neutral.append(dict(route.request.headers)),
                                              route.fulfill(status=200, content_type="text/html",
                                                            body="<title>neutral</title>")))
    tab.context.route(lambda url: not url.startswith(("http://" + HOST, "https://www.google.com")),
                      lambda route: route.abort())
    return tab


@pytest.mark.parametrize("lang", LANGS)
def test_drawer_opens_beside_the_quick_exit_and_esc_closes_it_first(new_tab, lang):
    tab = phone_tab(new_tab)
    tab.visit(PREFIX[lang] + "guide/before-you-go.html")
    page = tab.page
    page.locator("label.md-header__button[for=__drawer]").click()
    page.wait_for_timeout(400)  # the drawer slides in
    drawer = page.locator(".md-sidebar--primary").bounding_box()
    exit_box = page.locator("#kg-exit").bounding_box()
    assert drawer["y"] >= exit_box["y"] + exit_box["height"], (drawer, exit_box)  # no shared pixel
    assert page.evaluate(JS_OVERLAPS)["found"] == []
    centre = (exit_box["x"] + exit_box["width"] / 2, exit_box["y"] + exit_box["height"] / 2)
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('#kg-exit') !== null", centre), \
        "the exit is on top while the drawer is open"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.url == tab.url(PREFIX[lang] + "guide/before-you-go.html")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)


@pytest.mark.parametrize("lang", LANGS)
def test_coverage_opens_on_tap_and_esc_closes_it_before_leaving(new_tab, lang):
    tab = phone_tab(new_tab)
    tab.visit(PREFIX[lang] + "index.html")
    page = tab.page
    area = page.locator(".kg-strip .kg-strip__area").first
    assert not area.is_visible()
    page.locator(".kg-strip summary").click()
    assert area.is_visible() and area.inner_text().strip()
    page.keyboard.press("Escape")
    assert not area.is_visible() and page.url.startswith(tab.base_url)
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)


# --- Quick exit: Esc only when nothing is open (P15), no Referer, Back leaves the site --------------


def test_esc_closes_a_map_popup_first(new_tab):
    tab = phone_tab(new_tab)
    tab.visit("map.html")
    page = tab.page
    page.wait_for_function("() => document.querySelectorAll('.leaflet-marker-icon').length > 0")
    town = page.locator(".leaflet-marker-icon:not(.marker-cluster)").first  # a town marker, by keyboard
    town.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup")
    page.locator("h1").first.click()  # focus leaves the map: only the quick exit's own rule decides now
    assert page.locator(".leaflet-popup").count() == 1
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.leaflet-popup')")  # Leaflet fades it out
    assert page.url == tab.url("map.html")
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)


def test_esc_in_the_search_box_closes_search_and_stays(new_tab):
    tab = new_tab()
    tab.context.unroute_all()
    tab.visit("en/index.html")
    page = tab.page
    page.locator(".md-search__input").click()
    page.keyboard.type("shelter")
    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    assert page.url.startswith(tab.url("en/index.html"))
    assert not page.evaluate("document.getElementById('__search').checked")


@pytest.mark.parametrize("lang", LANGS)
def test_after_three_pages_and_quick_exit_back_shows_no_page_of_this_site(new_tab, lang):
    """Links inside the site replace the history entry; the exit replaces the last one; no Referer leaves."""
    tab = phone_tab(new_tab)
    page = tab.page
    page.goto("about:blank")
    tab.visit(PREFIX[lang] + "index.html")
    visited = [page.url]
    for href, lands_on in (("guide/index.html", "guide/index.html"), ("before-you-go.html", "guide/before-you-go.html"),
                           ("warning-signs.html", "guide/warning-signs.html")):  # links in the text, as a reader
        page.locator(f'.md-content__inner a[href="{href}"]').first.click()
        page.wait_for_url(tab.url(PREFIX[lang] + lands_on))
        visited.append(page.url)
    assert len(set(visited)) == 4 and all(url.startswith(tab.base_url) for url in visited)
    assert page.evaluate("history.length") == 2  # about:blank and this site's current page
    page.locator("#kg-exit").click()
    page.wait_for_url(NEUTRAL)
    assert tab.neutral and all("referer" not in headers for headers in tab.neutral)
    page.go_back()
    page.wait_for_timeout(300)
    assert page.url == "about:blank"


@pytest.mark.parametrize(("start", "hreflang", "target"), [
    ("ru/guide/before-you-go.html#your-documents", "en", "en/guide/before-you-go.html#your-documents"),
    ("en/shelters.html#naryn-shelter", "ky", "shelters.html#naryn-shelter"),
])
def test_language_switcher_keeps_the_fragment(tab, start, hreflang, target):
    tab.visit(start)
    page = tab.page
    page.locator(".md-header .md-select button").hover()
    page.locator(f".md-select a[hreflang={hreflang}]").click()
    page.wait_for_url(tab.url(target))
    assert page.evaluate("location.hash") == "#" + target.split("#")[1]
    assert page.locator(f"#{target.split('#')[1]}").count() == 1


# --- 404 under a sub-path and from file:// (P18) ---------------------------------------------------


class _MirrorHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under /mirror/kg/ and, like a host's error_page, each language's 404.html at any
    missing address below its prefix (status 404, the file's content at the requested URL)."""

    site: Path = Path()

    def log_message(self, *args):
        pass

    def do_GET(self):
        prefix = "/mirror/kg/"
        path = self.path.split("?")[0].split("#")[0]
        rel = path[len(prefix):] if path.startswith(prefix) else None
        file = (self.site / rel) if rel is not None else None
        if file is not None and file.is_file():
            return super().do_GET()
        lang = rel.split("/")[0] if rel and rel.split("/")[0] in LANGS[1:] else LANGS[0]
        body = (lang_dir(self.site, lang) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path):
        return str(self.site / path.split("?")[0][len("/mirror/kg/"):])


@pytest.fixture(scope="module")
def mirror_url(site):
    handler = type("Handler", (_MirrorHandler,), {"site": site})
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{HOST}:{server.server_address[1]}/mirror/kg/"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("lang", LANGS)
def test_404_under_a_sub_path_in_each_language(new_tab, mirror_url, lang):
    tab = new_tab(base_url=mirror_url, viewport=PHONE)
    page = tab.page
    missing = tab.url(PREFIX[lang] + "no-such-page.html")
    response = page.goto(missing, wait_until="load")
    tab.settle()
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator(".md-content h1").inner_text().strip() == labels(lang)["not_found"]
    assert [f for f in tab.failed if f[0] != missing] == [], "assets of the 404 page must load"
    assert page.evaluate("getComputedStyle(document.querySelector('#kg-exit')).backgroundColor") == "rgb(163, 21, 21)"
    page.locator(".md-content a").first.click()
    page.wait_for_url(tab.url(PREFIX[lang] + "index.html"))
    assert page.locator(".md-content h1").count() == 1
    page.goto(missing, wait_until="load")
    page.locator(".md-content a").nth(1).click()
    page.wait_for_url(tab.url(PREFIX[lang] + "hotlines.html"))


@pytest.mark.parametrize("lang", LANGS)
def test_404_from_a_usb_stick(browser, site, lang):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto((lang_dir(site, lang) / "404.html").as_uri())
        assert page.locator(".md-content h1").inner_text().strip() == labels(lang)["not_found"]
        page.locator(".md-content a").first.click()
        page.wait_for_url((lang_dir(site, lang) / "index.html").as_uri())
    finally:
        context.close()
