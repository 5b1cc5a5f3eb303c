"""siteoutput.py: the per-language search index and the trimmed Material stylesheet (issue 10)."""

from __future__ import annotations

import pytest

import siteoutput


def test_compact_index_leaves_out_generated_region_pages_and_markup():
    index = {"config": {}, "docs": [
        {"location": "shelters.html", "title": "Shelters", "text": "<p>Safe &amp; free</p>"},
        {"location": "regions/kg-n.html", "title": "Naryn", "text": "<p>repeats entries</p>"},
        {"location": "regions/kg-n.html#x", "title": "Entry", "text": "<p>repeats</p>"},
        {"location": "regions/index.html", "title": "Regions", "text": ""},
        {"location": "about.html#_2", "title": "", "text": "no title"},
    ]}
    assert siteoutput.compact_index(index) == [["shelters.html", "Shelters", "Safe & free"],
                                               ["regions/index.html", "Regions", ""]]


def test_summaries_are_cut_at_a_word():
    text = "word " * 100
    summary = siteoutput._summary(text.strip(), 22)
    assert summary == "word word word word …"


def test_trim_css_keeps_used_classes_only():
    css = ('@charset "UTF-8";html{color:red}.a,.b{x:1}.b .c{y:2}:is(.a,.z) .d{z:3}'
           '@media screen{.a{m:1}.z{m:2}}@media print{.z{n:1}}@keyframes k{0%{o:0}}[data-x]{w:1}')
    out = siteoutput.trim_css(css, {"a", "d", "<html>"})
    assert out == ('@charset "UTF-8";html{color:red}.a{x:1}:is(.a,.z) .d{z:3}@media screen{.a{m:1}}'
                   '@keyframes k{0%{o:0}}[data-x]{w:1}')


def test_trim_css_keeps_selectors_whose_classes_are_all_used():
    assert siteoutput.trim_css(".a .b,.a .q{x:1}", {"a", "b"}) == ".a .b{x:1}"
    assert siteoutput.trim_css('.a[title="{,}"]{x:1}', {"a"}) == '.a[title="{,}"]{x:1}'


def test_classes_inside_not_or_is_never_decide():
    assert siteoutput.trim_css(".a:not(.unused){x:1}", {"a"}) == ".a:not(.unused){x:1}"
    assert siteoutput.trim_css(".b:not(.a){x:1}", {"a"}) == ""


def test_selectors_for_another_direction_or_palette_go():
    css = "[dir=rtl] .a{x:1}[dir=ltr] .a{y:1}[data-md-color-scheme=slate]{z:1}:root,[data-md-color-scheme=default]{w:1}"
    used = {"a", "dir=ltr", "data-md-color-scheme=default"}
    assert siteoutput.trim_css(css, used) == "[dir=ltr] .a{y:1}:root,[data-md-color-scheme=default]{w:1}"


def test_selectors_for_elements_no_page_has_go():
    css = ".md-typeset table:not([class]){x:1}.md-typeset p{y:1}kbd,.a{z:1}[data-x=table] p{w:1}"
    used = {"md-typeset", "a", "<p>"}
    assert siteoutput.trim_css(css, used) == ".md-typeset p{y:1}.a{z:1}[data-x=table] p{w:1}"


# --- search engines (issue 11.5) -------------------------------------------------------------

def test_sitemap_alternates_only_the_languages_that_have_the_page():
    import xml.etree.ElementTree as ET
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    pages = {"ky": ["index.html", "only-ky.html"], "uz-Cyrl": ["index.html"], "en": ["index.html", "only-en.html"]}
    xml = siteoutput.sitemap_xml("https://e.org/a&b/", pages, "ky")
    got = {u.find("s:loc", ns).text: {x.get("hreflang"): x.get("href") for x in u.findall("x:link", ns)}
           for u in ET.fromstring(xml).findall("s:url", ns)}
    assert sorted(got) == ["https://e.org/a&b/en/index.html", "https://e.org/a&b/en/only-en.html",
                           "https://e.org/a&b/index.html", "https://e.org/a&b/only-ky.html",
                           "https://e.org/a&b/uz-Cyrl/index.html"]
    assert got["https://e.org/a&b/uz-Cyrl/index.html"] == {
        "ky": "https://e.org/a&b/index.html", "uz-Cyrl": "https://e.org/a&b/uz-Cyrl/index.html",
        "en": "https://e.org/a&b/en/index.html", "x-default": "https://e.org/a&b/index.html"}
    assert got["https://e.org/a&b/en/only-en.html"] == {"en": "https://e.org/a&b/en/only-en.html"}  # no x-default


def test_robots_txt_has_a_sitemap_line_only_with_an_address():
    assert "Sitemap:" not in siteoutput.robots_txt(None)
    assert siteoutput.robots_txt("https://e.org/kg").splitlines()[-1] == "Sitemap: https://e.org/kg/sitemap.xml"


def test_page_paths_leave_out_404_and_embed_cards(tmp_path):
    for rel in ("index.html", "404.html", "embed/hotline.html", "ru/index.html", "ru/404.html", "ru/embed/hotline.html",
                "ru/guide/a.html", "guide/a.html", "assets/x.css"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert siteoutput.page_paths(tmp_path, ("ky", "ru")) == {"ky": ["guide/a.html", "index.html"],
                                                             "ru": ["guide/a.html", "index.html"]}


# --- Search view (issue 10) ---------------------------------------------------------------------------


def _entry(i: int, words: int) -> str:
    return f'<article class="kg-entry" id="s{i}"><h3>Entry {i}</h3><p>' + " ".join(["word"] * words) + "</p></article>"


@pytest.mark.parametrize("words", [0, 1, 5, 20, 39, 40, 41, 60, 200])
def test_search_view_gives_the_same_summary_as_the_whole_list(words):
    """Whatever the entries' lengths, the index entry made from the view equals the one from the whole list."""
    pieces = [_entry(i, words + i % 3) for i in range(50)]
    view = siteoutput.search_view(pieces)
    whole = "\n".join(pieces)
    assert whole.startswith(view)
    assert siteoutput._summary(siteoutput._plain(view)) == siteoutput._summary(siteoutput._plain(whole))


def test_search_view_stops_after_the_summary_is_full():
    long_entries = [_entry(i, 100) for i in range(50)]
    assert siteoutput.search_view(long_entries) == long_entries[0]
    short = [_entry(i, 2) for i in range(50)]  # about 20 characters each
    taken = siteoutput.search_view(short).count("<article")
    assert 1 < taken < 50
    assert siteoutput.search_view([]) == ""


# --- The site's own CSS ships without comments (issue 10) -------------------------------------------------


def test_without_comments_keeps_strings_and_rules():
    css = 'a{content:"/* kept */"}\n/* gone */\nb { c: \'it\\\'s /* kept */\'; }\n\n/* gone\n   too */\nc{}\n'
    assert siteoutput.without_comments(css) == 'a{content:"/* kept */"}\nb { c: \'it\\\'s /* kept */\'; }\nc{}\n'


@pytest.mark.parametrize("broken", ["a{} /* never closed", 'a{content:"never closed}'])
def test_without_comments_refuses_what_it_cannot_read(broken):
    with pytest.raises(ValueError):
        siteoutput.without_comments(broken)


def test_the_shipped_stylesheets_lose_only_their_comments():
    """Every rule of the sources survives: the same text once comments and blank lines are set aside."""
    import re

    for path in sorted((siteoutput.Path(siteoutput.__file__).parent.parent / "content" / "assets" / "stylesheets").glob("kg*.css")):
        source = path.read_text(encoding="utf-8")
        shipped = siteoutput.without_comments(source)
        assert "/*" not in shipped, path.name
        assert "".join(re.sub(r"/\*.*?\*/", "", source, flags=re.S).split()) == "".join(shipped.split()), path.name


def test_language_pages_and_404s_partition_the_built_pages(site):
    """The trimmed stylesheet reads its classes in two parts (site._scan_ahead: the languages written
    first, in a child process; then the last one and the 404 pages): together they are every page once."""
    import languages

    folders = [languages.prefix(lang) for lang in languages.CODES]
    parts = [siteoutput.language_pages(site, folder, folders) for folder in folders] + [sorted(site.rglob("404.html"))]
    every = sorted(site.rglob("*.html"))
    assert sorted(p for part in parts for p in part) == every  # each page in exactly one part
    assert all(parts)
    split = set().union(*(siteoutput.used_classes(site, part) for part in parts))
    assert split == siteoutput.used_classes(site)
