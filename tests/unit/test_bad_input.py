"""Hostile and broken input, one table (issue 8 items 1–2): the check command and the build agree.

Every case copies the project, makes small edits and runs the editor check command
(`check.main`, in-process: the same code as ``python hooks/check.py``).  Each expected
error is ``(file, line needle, column needle, message)``: the report must hold exactly
these errors, each starting ``file:line:col:`` where line is the first line of the
edited file containing the line needle and col the position of the column needle in
it.  `BUILD_CASES` run the real ``mkdocs build`` too: it must fail with the very same
texts and never print a traceback.  Cases with no expected error are accepted input
(a BOM, Windows line ends).

Kinds covered: hostile text in every input path (each labels.yml section, service and
organization texts, source fields, source sections, front matter title/description),
phrases with bad placeholders or missing everywhere, Markdown link forms (inline,
reference, autolink, entity-obfuscated, every scheme), raw HTML, attribute lists
(handlers, style, unlisted attributes), and every loader trap (aliases, anchors, tags,
deep nesting, non-UTF-8 YAML and pages, control characters, pages left out of nav).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

import check
from conftest import ROOT, build, make_project

EN_LABELS = "content/en/labels.yml"
RU_LABELS = "content/ru/labels.yml"
KY_LABELS = "content/ky/labels.yml"
EN_SERVICES = "content/en/services.yml"
EN_ORGS = "content/en/organizations.yml"
SOURCES = "content/data/sources.yml"
SERVICES = "content/data/services.yml"
ORGS = "content/data/organizations.yml"
PLACES = "content/data/places.yml"
ABOUT = "content/en/about.md"
RU_ABOUT = "content/ru/about.md"
HOTLINES = "content/en/hotlines.md"
#: The first line after the about page's front matter (where Markdown reports a body that cannot be read).
ABOUT_BODY_LINE = (ROOT / ABOUT).read_text(encoding="utf-8").split("\n").index("---", 1) + 2

HTML = "HTML or script in a text field — write plain text; the site adds links and formatting itself"
PAGE_HTML = "HTML is not allowed in pages"
SCHEME = "link scheme '{}:' is not allowed"
ATTR = "attribute '{}' is not allowed"
ANCHOR = "anchor '&{}' (YAML reference target)"
TAG = "YAML tag '{}' is not allowed"
DEEP = "nested more than 20 levels deep"
TITLE_LINE = "title: About this site"
DESCRIPTION_LINE = ("description: What this site is, who maintains it, where its information comes from,"
                    " map credits and privacy.")


@dataclass(frozen=True)
class Edit:
    file: str
    old: str | None  # None: append ``new`` to the file
    new: str
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Case:
    edits: tuple[Edit, ...]
    expected: tuple[tuple[str, str, str, str], ...]  # (file, line needle, column needle, message)


def sub(file, old, new, encoding="utf-8"):
    return Edit(file, old, new, encoding)


def add(file, text):
    return Edit(file, None, text)


def label(group: str, key: str, value: str | None, file: str = EN_LABELS) -> Edit:
    """Replace the value of one label under its group (None deletes the label's line)."""
    return Edit(file, ("label", group, key), value)


def case(case_id, edits, expected=()):
    edits = edits if isinstance(edits, (list, tuple)) else [edits]
    return pytest.param(Case(tuple(edits), tuple(expected)), id=case_id)


def body(link: str) -> Edit:
    return add(ABOUT, f"\n{link}\n")


NARYN_DESC = '    description: "Shelter for women victims of domestic violence in Naryn'
ELSEN_NAME = '    name: "Elsen"'
PTL_TITLE = '    title: "Preventing Human Trafficking in Kyrgyzstan: baseline assessment of the PTL project"'
PTL_PUBLISHER = '    publisher: "Winrock International, USAID PTL project"'
PTL_NOTE = '    note: "Fieldwork November 2003 to January 2004; submitted 31 January 2004."'
SECTION = '    source_section: "§4B, §3K"'
ORG_SECTION = '  - id: elsen\n    type: ngo\n    source: tip-2008\n    source_section: "§3K"'

CASES = [
    # --- Hostile text in every labels.yml section --------------------------------------------
    case("label-region-img-onerror", label("regions", "KG-B", '"<img src=x onerror=alert(1)>"'),
         [(EN_LABELS, "KG-B:", '"<img', HTML)]),
    case("label-category-script", label("categories", "shelter", '"<script>alert(1)</script>"'),
         [(EN_LABELS, "shelter: \"<script", '"<script', HTML)]),
    case("label-place-bold", label("places", "naryn", '"<b>Naryn</b>"'),
         [(EN_LABELS, "naryn: \"<b>", '"<b>', HTML)]),
    case("label-source-attribute-breakout", label("sources", "tip-2008", "'x\" onmouseover=\"alert(1)'"),
         [(EN_LABELS, "onmouseover", "'x", HTML)]),
    case("label-organization-type-svg", label("organization_types", "ngo", '"<svg onload=alert(1)>"'),
         [(EN_LABELS, "<svg", '"<svg', HTML)]),
    case("label-phrase-javascript", label("phrases", "quick_exit", '"javascript:alert(1)"'),
         [(EN_LABELS, "quick_exit: \"javascript", '"javascript', HTML)]),
    case("label-phrase-closing-tag-ru", label("phrases", "hotline_strip", '"</div><script>x()</script>"', RU_LABELS),
         [(RU_LABELS, "hotline_strip:", '"</div>', HTML)]),
    case("label-phrase-ky-iframe", label("phrases", "hide_visit", '"<iframe src=https://evil.example>"', KY_LABELS),
         [(KY_LABELS, "hide_visit:", '"<iframe', HTML)]),
    # --- Phrases: placeholders and presence -----------------------------------------------------
    case("phrase-positional-placeholder", label("phrases", "stale", '"Checked {0}"'),
         [(EN_LABELS, "stale:", '"Checked', "phrases.stale: unknown placeholder '{0}' — this phrase takes {date}")]),
    case("phrase-attribute-placeholder", label("phrases", "stale", '"{date.__class__}"'),
         [(EN_LABELS, "stale:", '"{date', "unknown placeholder '{date.__class__}'")]),
    case("phrase-wrong-name", label("phrases", "fallback", '"Shown in {lang}"'),
         [(EN_LABELS, "fallback:", '"Shown', "unknown placeholder '{lang}' — this phrase takes {language}")]),
    case("phrase-placeholder-in-plain-phrase", label("phrases", "no_phone", '"Call {number}"'),
         [(EN_LABELS, "no_phone:", '"Call', "unknown placeholder '{number}' — this phrase takes no {placeholders}")]),
    case("phrase-conversion", label("phrases", "map_tiles", '"Tiles from {host!r}"'),
         [(EN_LABELS, "map_tiles:", '"Tiles', "unknown placeholder '{host!r}'")]),
    case("phrase-lone-brace", label("phrases", "stale", '"Checked {date"'),
         [(EN_LABELS, "stale:", '"Checked', "a lone { or } in the phrase")]),
    case("phrase-missing-in-every-language",
         [label("phrases", "hotline_strip", None, f"content/{lang}/labels.yml") for lang in ("en", "ru", "ky")],
         [(f"content/{lang}/labels.yml", "phrases:", "phrases", "phrases.hotline_strip: missing label")
          for lang in ("en", "ky", "ru")]),
    # --- Service and organization texts ----------------------------------------------------------
    case("service-name-img", sub(EN_SERVICES, '    name: "Shelter for women victims of domestic violence, Naryn"',
                                 '    name: "<img src=x onerror=alert(1)>"'),
         [(EN_SERVICES, "<img src=x", '"<img', HTML)]),
    case("service-description-bold", sub(EN_SERVICES, NARYN_DESC, '    description: "<b>Bold</b> Naryn'),
         [(EN_SERVICES, "<b>Bold", '"<b>', HTML)]),
    case("service-application-process-javascript",
         sub(EN_SERVICES, '    application_process: "Call 189 (toll-free)',
             '    application_process: "javascript:alert(1) Call 189 (toll-free)'),
         [(EN_SERVICES, "javascript:alert", '"javascript', HTML)]),
    case("organization-name-script", sub(EN_ORGS, ELSEN_NAME, '    name: "<script>alert(1)</script>"'),
         [(EN_ORGS, "<script>", '"<script', HTML)]),
    case("organization-description-handler",
         sub(EN_ORGS, '    description: "NGO that operated', '    description: "x onclick = alert(1) NGO that operated'),
         [(EN_ORGS, "onclick", '"x onclick', HTML)]),
    # --- Source fields and source sections -------------------------------------------------------
    case("source-title-script", sub(SOURCES, PTL_TITLE, '    title: "<script>alert(1)</script>"'),
         [(SOURCES, "<script>", '"<script', HTML)]),
    case("source-publisher-img", sub(SOURCES, PTL_PUBLISHER, '    publisher: "<img src=x onerror=alert(1)>"'),
         [(SOURCES, "<img", '"<img', HTML)]),
    case("source-note-anchor-tag", sub(SOURCES, PTL_NOTE, '    note: "<a href=javascript:alert(1)>x</a>"'),
         [(SOURCES, "<a href", '"<a', HTML)]),
    case("source-url-javascript", sub(SOURCES, PTL_PUBLISHER, PTL_PUBLISHER + '\n    url: "javascript:alert(1)"'),
         [(SOURCES, "url: \"javascript", '"javascript', "expected an https:// web address, got 'javascript:alert(1)'")]),
    case("service-source-section-html", sub(SERVICES, SECTION, '    source_section: "<i>§4B</i>"'),
         [(SERVICES, "<i>§4B", '"<i>', HTML)]),
    case("organization-source-section-html", sub(ORGS, ORG_SECTION, ORG_SECTION.replace('"§3K"', '"§3K <script>"')),
         [(ORGS, "§3K <script>", '"§3K', HTML)]),
    # --- Front matter ----------------------------------------------------------------------------
    case("front-matter-title-closes-title", sub(ABOUT, TITLE_LINE, 'title: "</title><script>alert(1)</script>"'),
         [(ABOUT, "title:", '"</title>', "title: " + HTML)]),
    case("front-matter-description-breaks-attribute",
         sub(ABOUT, DESCRIPTION_LINE, "description: '\"><script>alert(1)</script> What this site is'"),
         [(ABOUT, "description:", "'\"><", "description: " + HTML)]),
    case("front-matter-title-handler", sub(ABOUT, TITLE_LINE, "title: 'x\" onfocus=\"alert(1)'"),
         [(ABOUT, "title:", "'x", HTML)]),
    case("front-matter-title-is-a-time", sub(ABOUT, TITLE_LINE, "title: 12:30"),
         [(ABOUT, "title:", "12:30", 'title: expected text, got 12:30 — put it in quotes: title: "12:30"')]),
    case("front-matter-title-is-yes", sub(ABOUT, TITLE_LINE, "title: yes"),
         [(ABOUT, "title:", "yes", "title: expected text, got yes")]),
    case("front-matter-alias", sub(ABOUT, TITLE_LINE, "title: &t About\nx: *t"),
         [(ABOUT, "title:", "&t", ANCHOR.format("t"))]),
    case("front-matter-python-tag", sub(ABOUT, TITLE_LINE, 'title: !!python/object/apply:os.system ["id"]'),
         [(ABOUT, "title:", "!!python", TAG.format("!!python/object/apply:os.system"))]),
    case("front-matter-unknown-key", sub(ABOUT, TITLE_LINE, TITLE_LINE + "\nscript: alert(1)"),
         [(ABOUT, "script:", "script", "script: unknown front matter key 'script'")]),
    case("front-matter-duplicate-title", sub(ABOUT, TITLE_LINE, TITLE_LINE + "\ntitle: Other"),
         [(ABOUT, "title: Other", "title", "title: duplicate key 'title' (first given on line 2)")]),
    # --- Markdown body: link forms and schemes -----------------------------------------------------
    case("link-javascript", body("[Call](javascript:alert(1))"),
         [(ABOUT, "[Call]", "javascript", SCHEME.format("javascript"))]),
    case("link-javascript-mixed-case", body("[Call](JaVaScRiPt:alert(1))"),
         [(ABOUT, "[Call]", "JaVa", SCHEME.format("javascript"))]),
    case("link-reference-style", body("[x][r]\n\n[r]: JaVaScRiPt:alert(1)"),
         [(ABOUT, "[r]:", "JaVa", SCHEME.format("javascript"))]),
    case("link-data-url", body("[x](data:text/html;base64,PHNjcmlwdD4=)"),
         [(ABOUT, "(data:", "data:", SCHEME.format("data"))]),
    case("link-vbscript", body("[x](vbscript:msgbox(1))"),
         [(ABOUT, "vbscript", "vbscript", SCHEME.format("vbscript"))]),
    case("link-image-data-svg", body("![x](data:image/svg+xml;base64,PHN2Zz4=)"),
         [(ABOUT, "![x]", "data:", SCHEME.format("data"))]),
    case("link-entity-obfuscated", body("[x](java&#x09;script:alert(1))"),
         [(ABOUT, "java&#x09;", "java", SCHEME.format("javascript"))]),
    case("link-angle-bracket-destination", body("[x](<javascript:alert(1)>)"),
         [(ABOUT, "[x]", "javascript", SCHEME.format("javascript"))]),
    case("autolink-javascript", body("<javascript:alert(1)>"),
         [(ABOUT, "<javascript", "<javascript", PAGE_HTML)]),
    case("link-file-scheme", body("[x](file:///etc/passwd)"),
         [(ABOUT, "file:", "file:", SCHEME.format("file"))]),
    case("link-to-a-missing-page", body("[x](guide/no-such-page.md#top)"),
         [(ABOUT, "no-such-page", "guide/", "link to 'guide/no-such-page.md', which is not a page of this language")]),
    case("link-out-of-the-language-folder", body("[x](../ru/about.md)"),
         [(ABOUT, "../ru", "../ru", "link to '../ru/about.md', which is not a page of this language")]),
    case("markdown-nested-lists-thousands-deep", body("- " * 2000 + "x"),
         [(ABOUT, ABOUT_BODY_LINE, "", "lists or quotes are nested too deeply to be read")]),
    # --- Markdown body: raw HTML ----------------------------------------------------------------
    case("raw-script-block", body("<script>alert(1)</script>"),
         [(ABOUT, "<script>", "<script>", PAGE_HTML + ": '<script>alert(1)</script>'")]),
    case("raw-inline-bold", body("Some <b>bold</b> text"),
         [(ABOUT, "<b>bold", "<b>", PAGE_HTML + ": '<b>'"), (ABOUT, "<b>bold", "</b>", PAGE_HTML + ": '</b>'")]),
    case("raw-img-onerror", body("Text <img src=x onerror=alert(1)> here"),
         [(ABOUT, "<img", "<img", PAGE_HTML)]),
    case("raw-iframe-block", body('<iframe src="https://evil.example"></iframe>'),
         [(ABOUT, "<iframe", "<iframe", PAGE_HTML)]),
    case("raw-html-after-comment", body("<!-- note --><script>alert(1)</script>"),
         [(ABOUT, "<script>", "<script>", PAGE_HTML)]),
    case("raw-style-block", body("<style>body{display:none}</style>"),
         [(ABOUT, "<style>", "<style>", PAGE_HTML)]),
    # --- Markdown body: attribute lists ---------------------------------------------------------
    case("attr-list-onerror-on-image", body("![x](x.png){onerror=alert(1)}"),
         [(ABOUT, "onerror", "onerror", ATTR.format("onerror"))]),
    case("attr-list-style-on-link", body('[x](https://example.org){style="position:fixed;top:0"}'),
         [(ABOUT, "style=", "style", ATTR.format("style"))]),
    case("attr-list-onclick-on-heading",  # an existing heading (its id stays the same in every language)
         sub(ABOUT, "## What this site is {#what-this-site-is}", "## What this site is {#what-this-site-is onclick=alert(1)}"),
         [(ABOUT, "onclick", "onclick", ATTR.format("onclick"))]),
    case("attr-list-uppercase-handler", body("Paragraph\n{: ONMOUSEOVER=alert(1) }"),
         [(ABOUT, "ONMOUSEOVER", "ONMOUSEOVER", ATTR.format("onmouseover"))]),
    case("attr-list-unlisted-attribute", body("[x](https://example.org){target=_blank}"),
         [(ABOUT, "target", "target", ATTR.format("target"))]),
    case("attr-list-href-javascript", body("[x](https://example.org){href=javascript:alert(1)}"),
         [(ABOUT, "[x]", "javascript", SCHEME.format("javascript"))]),
    # --- Loader traps -------------------------------------------------------------------------------
    case("yaml-recursive-alias", add(SERVICES, "x: &a [*a]\n"),
         [(SERVICES, "x: &a", "&a", ANCHOR.format("a"))]),
    case("yaml-alias-bomb", add(PLACES, "a0: &a0 [lol]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))),
         [(PLACES, "a0: &a0", "&a0", ANCHOR.format("a0"))]),
    case("yaml-alias-only", sub(PLACES, "places:\n", "x: &a 1\nplaces:\n"),
         [(PLACES, "x: &a", "&a", ANCHOR.format("a"))]),
    case("yaml-python-name-tag", sub(SERVICES, "  - id: migrant-hotline\n    organization: elsen\n    category: hotline\n",
                                          "  - id: migrant-hotline\n    organization: elsen\n    category: !!python/name:os.system\n"),
         [(SERVICES, "!!python", "!!python", TAG.format("!!python/name:os.system"))]),
    case("yaml-custom-tag-on-scalar", sub(EN_ORGS, ELSEN_NAME, '    name: !custom "Elsen"'),
         [(EN_ORGS, "!custom", "!custom", TAG.format("!custom"))]),
    case("yaml-str-tag", sub(EN_ORGS, ELSEN_NAME, '    name: !!str "Elsen"'),
         [(EN_ORGS, "!!str", "!!str", TAG.format("!!str"))]),
    case("yaml-tag-on-mapping", sub(EN_LABELS, "regions:\n", "regions: !!map\n"),
         [(EN_LABELS, "regions: !!map", "!!map", TAG.format("!!map"))]),
    case("yaml-deep-flow-nesting", add(EN_LABELS, "deep: " + "[" * 5000 + "]" * 5000 + "\n"),
         [(EN_LABELS, "deep:", "", DEEP)]),
    case("yaml-deep-block-nesting", add(EN_LABELS, "".join("  " * i + f"k{i}:\n" for i in range(25)) + "  " * 25 + "v\n"),
         [(EN_LABELS, "k20:", "", DEEP)]),
    case("yaml-control-character", sub(EN_ORGS, ELSEN_NAME, '    name: "El\x07sen"'),
         [(EN_ORGS, "El\x07sen", "\x07", "invisible control character U+0007")]),
    case("yaml-not-utf8-labels", sub(RU_LABELS, "  KG-B: ", "  KG-B: ", encoding="cp1251"),
         [(RU_LABELS, "# ", "\u0422", "file is not UTF-8 (byte 0xd2)")]),
    case("page-not-utf8-cp1251", sub(RU_ABOUT, "---\n", "---\n", encoding="cp1251"),
         [(RU_ABOUT, "title:", "\u041e", "page is not UTF-8")]),
    case("page-left-out-of-nav", add("content/en/extra.md", "---\ntitle: Extra\n---\n\n# Extra\n"),
         [("content/en/extra.md", "---", "---", "page is not in the site menu — add `- extra.md` under `nav:`"),
          ("content/ky/extra.md", "", "", "page is missing in ky"), ("content/ru/extra.md", "", "", "page is missing in ru")]),
    # --- Accepted input ---------------------------------------------------------------------------
    case("page-with-windows-line-ends", sub(ABOUT, "\n", "\r\n")),
    case("page-with-byte-order-mark", sub(RU_ABOUT, "---\n", "---\n", encoding="utf-8-sig")),
    case("yaml-with-windows-line-ends-and-bom", sub(RU_LABELS, "\n", "\r\n", encoding="utf-8-sig")),
]

#: Cases also run through the real `mkdocs build` (one of each kind).
BUILD_CASES = ("label-region-img-onerror", "phrase-positional-placeholder", "phrase-missing-in-every-language",
               "source-title-script", "front-matter-title-closes-title", "link-reference-style",
               "raw-script-block", "attr-list-onerror-on-image", "yaml-recursive-alias", "yaml-alias-bomb",
               "yaml-python-name-tag", "yaml-deep-flow-nesting", "link-to-a-missing-page",
               "markdown-nested-lists-thousands-deep", "page-not-utf8-cp1251", "page-left-out-of-nav")


# --- Machinery ---------------------------------------------------------------------------------


def apply(project, c: Case) -> None:
    for e in c.edits:
        path = project / e.file
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if e.old is None:
            new = text + e.new
        elif isinstance(e.old, tuple):  # a label: its value after `  key: ` under its group
            _, group, key = e.old
            at = text.index(f"\n  {key}: ", text.index(f"\n{group}:\n")) + 1
            end = text.index("\n", at)
            new = text[:at] + text[end + 1:] if e.new is None else text[:at] + f"  {key}: {e.new}" + text[end:]
        elif e.old in ("\n", "---\n"):  # every line end, or just a re-encoding
            new = text.replace(e.old, e.new)
        else:
            assert text.count(e.old) == 1, f"{e.old!r} must occur once in {e.file}"
            new = text.replace(e.old, e.new)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(new.encode(e.encoding))


def where(project, c: Case, expected) -> str:
    """Return the start every matching error text has: ``file:line:col:`` (``file:line:`` when col is free)."""
    file, line_needle, col_needle, _ = expected
    if not line_needle:
        return f"{file}: "
    if isinstance(line_needle, int):
        return f"{file}:{line_needle}:"
    encoding = next((e.encoding for e in c.edits if e.file == file), "utf-8")
    text = (project / file).read_bytes().decode(encoding).removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    number = next(i for i, line in enumerate(lines, 1) if line_needle in line)
    return f"{file}:{number}:{lines[number - 1].index(col_needle) + 1}: " if col_needle else f"{file}:{number}:"


def report(project, capsys) -> tuple[int, list[str]]:
    """Run the check command in-process (``hooks/check.py --format json``); return (status, error texts)."""
    status = check.main(["--root", str(project), "--format", "json"])
    return status, [e["text"] for e in json.loads(capsys.readouterr().out)["errors"]]


def prepare(tmp_path, c: Case):
    # the small fixture tree when only YAML is edited; pages need the whole site's pages and links
    project = make_project(tmp_path / "project", mini=not any(e.file.endswith(".md") for e in c.edits))
    apply(project, c)
    return project


def assert_matches(project, c: Case, errors: list[str]) -> None:
    assert len(errors) == len(c.expected), errors
    for expected in c.expected:
        start, message = where(project, c, expected), expected[3]
        assert any(e.startswith(start) and message in e for e in errors), f"no {start}…{message!r} in {errors}"


@pytest.mark.parametrize("c", CASES)
def test_check_command_reports_file_line_col(tmp_path, capsys, c: Case):
    project = prepare(tmp_path, c)
    status, errors = report(project, capsys)
    assert_matches(project, c, errors)
    assert status == (1 if c.expected else 0)


@pytest.mark.parametrize("c", [p for p in CASES if p.id in BUILD_CASES])
def test_build_fails_with_the_same_messages_and_no_traceback(tmp_path, capsys, c: Case):
    project = prepare(tmp_path, c)
    _, errors = report(project, capsys)
    result = build(project, "--strict")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    for error in errors:
        assert error in output, f"{error!r} not in the build's output:\n{output[-3000:]}"


def test_every_build_case_is_in_the_table():
    assert set(BUILD_CASES) <= {p.id for p in CASES}
    assert len(CASES) >= 60
