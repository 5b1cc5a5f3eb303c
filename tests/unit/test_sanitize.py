"""The HTML allow-list (hooks/sanitize.py) and the serializer of generated pages (issue 8 item 1, P21)."""

from __future__ import annotations

import datetime

import pytest
import yaml
from bs4 import BeautifulSoup

import content as content_mod
import geo
import geodata
import pages
import render
import sanitize
from conftest import ROOT


def shape(fragment: str) -> list:
    """Elements, attributes and text of a fragment, comments and whitespace aside."""
    soup = BeautifulSoup(fragment, "html.parser")
    return [(el.name, sorted((k, " ".join(v) if isinstance(v, list) else v) for k, v in el.attrs.items()),
             el.get_text(" ", strip=True)) for el in soup.find_all(True)]


@pytest.fixture(scope="module")
def renderer():
    loaded = content_mod.load_content(ROOT, today=datetime.date(2026, 11, 29))
    assert loaded.errors == []
    return render.Renderer(loaded, "en", render.make_env(ROOT / "overrides" / "partials"))


def test_our_fragments_pass_the_sanitizer_unchanged(renderer):
    regions = geodata.load_regions(str(ROOT / "data" / "kg-regions.geojson"))
    view = renderer.map_view("map.md")
    section = geo.map_section(view, regions, geo.map_data(view, regions), renderer.env, renderer.regions("map.md"))
    fragments = [renderer.entries(list(renderer.content.services.values())), renderer.hotlines(),
                 renderer.regions("regions/index.md"), section.partition('<h2 id="regions">')[2]]
    for fragment in fragments:
        assert shape(sanitize.clean(fragment)) == shape(fragment)


@pytest.mark.parametrize("dirty, clean", [
    ('<p>a<script>alert(1)</script>b</p>', "<p>ab</p>"),
    ('<img src="x" onerror="alert(1)">', '<img src="x">'),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="java&#x09;script:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="data:text/html,x">x</a>', "<a>x</a>"),
    ('<p style="position:fixed">x</p>', "<p>x</p>"),
    ('<iframe src="https://evil.example"></iframe>t', "t"),
    ('<svg onload="alert(1)"><circle/></svg>', "<svg></svg>"),  # svg is listed (QR codes); its handler is not
    ('<a href="tel:189">189</a> <a href="../x.html#a">x</a>', '<a href="tel:189">189</a> <a href="../x.html#a">x</a>'),
    ("<!-- c --><p>x</p>", "<p>x</p>"),
])
def test_the_sanitizer_removes_what_is_not_listed(dirty, clean):
    assert sanitize.clean(dirty) == clean


@pytest.mark.parametrize("url, scheme", [("JaVa&#x09;Script:alert(1)", "javascript"), (" \x01vbscript:x", "vbscript"),
                                         ("../a.html#x", None), ("#top", None), ("tel:+996312000000", "tel")])
def test_url_scheme_is_what_a_browser_sees(url, scheme):
    assert sanitize.url_scheme(url) == scheme


@pytest.mark.parametrize("title", ['"quoted" and \'single\'', "---\ntitle: x", "a: b # c", "&a *b !!str", "{0} {{x}}",
                                   "<img src=x onerror=alert(1)>", "line\nbreak", "ң ө ү"])
def test_region_page_front_matter_is_serialized(title):
    text = pages._page(title, "kg-x", "<!-- data:regions -->")
    end = text.index("\n---\n", 3)  # where MkDocs ends the front matter: the first unindented ---
    assert text.startswith("---\n") and yaml.safe_load(text[4:end]) == {"title": title, "generated": True}
    body = text[end + 5:]
    # the body's h1 is the title escaped for Markdown, on one line, with its fixed id (P17)
    heading = next(line for line in body.split("\n") if line.startswith("# "))
    assert heading == f"# {pages.md_text(' '.join(title.split()))} {{#kg-x}}"
    assert "<img" not in body and "{0}" not in body


def test_the_handbook_states_the_allow_list_and_limits():
    """docs/editing.md tells editors exactly what the code allows (schemes, attributes, depth)."""
    import yamlsrc

    text = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    section = text[text.index("## What pages and texts may contain"):text.index("## Translate")]
    for scheme in sanitize.SCHEMES:
        assert f"`{scheme}:" in section
    for name in sanitize.GENERIC_ATTRIBUTES:
        assert f"`{name}`" in section or (name.startswith("aria-") and "`aria-*`" in section)
    assert f"deeper than {yamlsrc.MAX_DEPTH}" in section


# --- Entries cleaned in batches (issue 10) ---------------------------------------------------------------

HOSTILE_FRAGMENTS = [
    '<article class="kg-entry" id="a"><h3>Name</h3><p>text &amp; more</p></article>',
    '<p>unclosed paragraph',
    '<script>alert(1)</script><p>after a script</p>',
    '<img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>',
    '</div></article> stray end tags',
    '<textarea>raw text that would swallow what follows',
    '<style>p{color:red}',
    "<!-- a comment that never ends",
    "kgcut0000000000000000 a look-alike of the cut line",
    "",
]


def test_clean_each_equals_cleaning_each_alone():
    """Whatever a fragment holds (unclosed, raw-text or stray tags), alone or inside an entry's
    element, batching changes nothing: a batch that does not split back into the same elements is
    cleaned one by one."""
    wrapped = [f'<article class="kg-entry" id="e{i}"><h3>x</h3>{f}</article>' for i, f in enumerate(HOSTILE_FRAGMENTS)]
    fragments = (HOSTILE_FRAGMENTS + wrapped) * 25  # 500: more than one batch
    for order in (fragments, fragments[::-1], sorted(fragments)):
        assert sanitize.clean_each(order) == [sanitize.clean(f) for f in order]


def test_clean_each_on_the_shipped_entries(mini_content):
    r = render.Renderer(mini_content, "ru", render.make_env(ROOT / "overrides" / "partials"))
    html = [r.env.get_template("kg-entry.html").render(e=r.service_view(s), L=r.L, lang="ru", h="h3")
            for s in mini_content.services.values()]
    assert len(html) > 3
    assert all(sanitize._ELEMENT.fullmatch(h.strip()) for h in html), "an entry is one element: batched"
    assert sanitize.clean_each(html) == [sanitize.clean(h) for h in html]
