"""siteoutput.py: the per-language search index and the trimmed Material stylesheet (issue 10)."""

from __future__ import annotations

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
