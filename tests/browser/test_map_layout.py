"""The map stays where it is when the interactive map replaces the static one (fresh-user trial, 360×640).

The map page first shows the region SVG (``figure.kg-map-static``, built by hooks/geo.py); kg-map.js
then shows ``.kg-map-app`` and hides the SVG (``kg-map-live``).  The trial saw the map jump below the
screen at that moment: the category filter, nine checkboxes tall on a phone, came above the map box.
Now the map box takes the SVG's place and its controls follow it (overrides/partials/kg-map.html), and
until the script runs the SVG's figure is as tall as the map box, the controls' place kept (kg-map.css).

Measured in Chromium, in every language, on a touch phone, a tablet and a desktop:

* the map's top: an init script watches for the swap (the app's ``hidden`` dropped and ``kg-map-live``
  set, in one task, before any paint) and, in the observer's microtask, lays the page out once as it
  was (app hidden, SVG shown) to read the SVG's top, then once as it is to read the map box's top.
  Nothing of this is painted.  Both are page coordinates (scroll included); they must agree within 1 px.
* layout shifts: Chromium's Layout Instability API (``layout-shift`` entries, buffered), the page
  scrolled as the page is parsed so that the static map is at the top of the screen (the reader looks
  at it).  Bound: none at all, from the swap on, in which the map box or anything after it moved; the
  earlier ones are the stylesheets arriving (the theme's language menu), not the map's.

Also: keyboard order = visual order (map, then filter, view, "near me"), and the SVG that waits for the
script is whole and in its own proportions.
"""

from __future__ import annotations

import pytest

import languages

from .test_map import PHONE, TOUCH_PHONE

pytestmark = pytest.mark.browser

LANGS = languages.CODES
PREFIX = {code: languages.prefix(code) for code in languages.CODES}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SCREENS = [TOUCH_PHONE, DESKTOP, {"viewport": {"width": 768, "height": 1024}}]
SCREEN_IDS = ["phone", "desktop", "tablet"]

WATCH = """(() => {
  const got = window.__kgLayout = {shifts: [], before: null, after: null, swaps: 0, swapTime: null, seen: null};
  document.addEventListener('readystatechange', () => {  // parsed, kg-map.js not run yet: the reader looks at the map
    const figure = document.querySelector('.kg-map-static');
    if (document.readyState === 'interactive' && figure) figure.scrollIntoView({block: 'start'});
  });
  const top = e => e.getBoundingClientRect().top + window.scrollY;
  const name = n => !n ? '' : n.nodeType !== 1 ? n.nodeName : n.tagName.toLowerCase()
      + (n.id ? '#' + n.id : '') + (typeof n.className === 'string' && n.className ? '.' + n.className.trim().split(/\\s+/).join('.') : '');
  new PerformanceObserver(list => list.getEntries().forEach(e => got.shifts.push({
      value: e.value, time: e.startTime, input: e.hadRecentInput,
      sources: (e.sources || []).map(s => ({node: name(s.node),
          inMapbox: !!(s.node && s.node.nodeType === 1 && s.node.closest('[data-kg-map]')),
          afterMapbox: !!(s.node && document.querySelector('[data-kg-map]') &&
              document.querySelector('[data-kg-map]').compareDocumentPosition(s.node) & Node.DOCUMENT_POSITION_FOLLOWING)}))})))
    .observe({type: 'layout-shift', buffered: true});
  const watcher = new MutationObserver(() => {
    const box = document.querySelector('[data-kg-map]'), app = box && box.querySelector('.kg-map-app');
    if (!app || app.hidden || !box.classList.contains('kg-map-live')) return;
    watcher.disconnect();
    got.swaps += 1;
    app.hidden = true; box.classList.remove('kg-map-live');       // as the reader saw it a frame ago
    got.before = top(box.querySelector('.kg-map-static'));
    got.seen = box.querySelector('.kg-map-static').getBoundingClientRect().top;  // in the viewport?
    got.swapTime = performance.now();
    app.hidden = false; box.classList.add('kg-map-live');         // as the next frame shows it
    got.after = top(box.querySelector('.kg-map'));
  });
  watcher.observe(document, {subtree: true, attributes: true, attributeFilter: ['hidden', 'class']});
})();"""


def measure(new_tab, lang: str, screen: dict) -> dict:
    """Load the map page with `WATCH`; return its record once the map is drawn and a frame has passed."""
    tab = new_tab(**screen)
    tab.context.add_init_script(WATCH)
    tab.visit(PREFIX[lang] + "map.html")
    tab.page.wait_for_function("() => window.kgMap && document.querySelector('.kg-map .leaflet-marker-icon')")
    tab.page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    got = tab.page.evaluate("window.__kgLayout")
    tab.assert_no_errors()
    return got


def map_shifts(got: dict) -> list[dict]:
    """The shifts from the swap on in which the map box, or anything after it on the page, moved.

    Earlier shifts belong to the page's stylesheets arriving (tests/browser/test_first_paint.py).
    """
    return [s for s in got["shifts"] if s["time"] >= got["swapTime"]
            and any(src["inMapbox"] or src["afterMapbox"] for src in s["sources"])]


@pytest.mark.parametrize("screen", SCREENS, ids=SCREEN_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_map_stays_in_place_when_the_interactive_map_replaces_the_static_one(new_tab, lang, screen):
    got = measure(new_tab, lang, screen)
    assert got["swaps"] == 1 and got["before"] is not None, got
    assert abs(got["after"] - got["before"]) <= 1, f"the map moved from {got['before']} to {got['after']} px"
    assert 0 <= got["seen"] < screen["viewport"]["height"], ("the static map was not in view at the swap", got)
    assert map_shifts(got) == [], map_shifts(got)


STOP = """() => { const e = document.activeElement;
    return e.closest('.kg-map') ? 'map' : e.closest('.kg-map-filter') ? 'filter' : e.closest('.kg-map-view') ? 'view'
         : e.closest('.kg-near-me') ? 'near-me' : e.closest('[data-kg-map]') ? 'other' : 'page'; }"""


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_order_is_the_visual_order_map_then_its_controls(new_tab, lang):
    """Tab from the last stop before the map: the map box (its markers), then the filter, then "near me";
    on screen in that order too, as the page's introduction says (content/*/map.md: the boxes below the map)."""
    tab = new_tab(**TOUCH_PHONE)
    tab.visit(PREFIX[lang] + "map.html")
    tab.page.wait_for_function("() => window.kgMap && document.querySelector('.kg-map .leaflet-marker-icon')")
    before = tab.page.evaluate("""() => { const box = document.querySelector('[data-kg-map]');
        const stops = [...document.querySelectorAll('.md-content a[href], .md-content button, .md-content input')]
            .filter(e => box.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING);
        if (!stops.length) return false;
        stops[stops.length - 1].focus(); return true; }""")
    assert before, "no link before the map to start from"
    tops = tab.page.evaluate("""() => ['.kg-map', '.kg-map-filter', '.kg-near-me'].map(s => {
        const b = document.querySelector(s).getBoundingClientRect(); return [b.top, b.bottom]; })""")
    assert tops[0][1] <= tops[1][0] and tops[1][1] <= tops[2][0], ("the page says: the boxes below the map", tops)
    order = []
    for _ in range(80):
        tab.page.keyboard.press("Tab")
        where = tab.page.evaluate(STOP)
        if where == "page" and order:
            break
        if not order or order[-1] != where:
            order.append(where)
    assert order[:2] == ["map", "filter"] and order[-1] == "near-me", order
    assert order in (["map", "filter", "near-me"], ["map", "filter", "view", "near-me"]), order
    tab.assert_no_errors()


@pytest.mark.parametrize("screen", SCREENS + [{"viewport": {"width": 640, "height": 360}, "is_mobile": True,
                                               "has_touch": True}], ids=SCREEN_IDS + ["landscape"])
def test_the_static_map_waiting_for_the_script_is_whole_and_undistorted(new_tab, screen):
    """Until kg-map.js runs (here: never), the SVG fills the map box's place: every region inside the
    figure, the drawing's proportions those it has at its own size (without JavaScript)."""
    shapes = """() => { const r = [...document.querySelectorAll('.kg-map-static .kg-svg a')].map(a => a.getBoundingClientRect());
        const f = document.querySelector('.kg-map-static').getBoundingClientRect();
        const l = Math.min(...r.map(b => b.left)), t = Math.min(...r.map(b => b.top));
        const w = Math.max(...r.map(b => b.right)) - l, h = Math.max(...r.map(b => b.bottom)) - t;
        return {ratio: w / h, inside: r.every(b => b.left >= f.left && b.right <= f.right && b.top >= f.top && b.bottom <= f.bottom),
                figure: f.height, visible: getComputedStyle(document.querySelector('.kg-map-static')).display !== 'none'}; }"""
    waiting = new_tab(**screen)
    waiting.context.route("**/kg-map.js", lambda route: route.abort())
    waiting.page.goto(waiting.url("map.html"), wait_until="load")
    got = waiting.page.evaluate(shapes)
    plain = new_tab(**screen, java_script_enabled=False)
    plain.visit("map.html")
    own = plain.page.evaluate(shapes)
    assert got["visible"] and got["inside"] and own["visible"] and own["inside"], (got, own)
    assert abs(got["ratio"] - own["ratio"]) <= 0.02 * own["ratio"], (got, own)
    height = screen["viewport"]["height"]
    assert abs(got["figure"] - min(560, max(300, 0.65 * height))) <= 1, got  # the map box's height (kg-map.css)


@pytest.mark.parametrize("lang", LANGS)
def test_without_leaflet_no_empty_place_is_kept_for_the_controls(new_tab, lang):
    """Leaflet blocked or missing (a partial copy): kg-map.js removes the controls it kept a place for."""
    tab = new_tab(**TOUCH_PHONE)
    tab.context.route("**/leaflet.js", lambda route: route.abort())
    tab.page.goto(tab.url(PREFIX[lang] + "map.html"), wait_until="load")
    tab.page.wait_for_function("() => !document.querySelector('.kg-map-app')")
    gap = tab.page.evaluate("""() => document.querySelector('.kg-map-credit').getBoundingClientRect().top
        - document.querySelector('.kg-map-static').getBoundingClientRect().bottom""")
    assert 0 <= gap <= 40, gap  # the figure's margin, nothing more
    assert tab.page.locator(".kg-map-static svg").is_visible()
    assert all(e == "L is not defined" for e in tab.page_errors), tab.page_errors  # markercluster's, without Leaflet
