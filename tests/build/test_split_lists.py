"""Long lists split into parts, built for real (issue 10, "pages that list entries paginate or split").

The shipped content is built with ``extra.kg.max_entries_per_page: 3`` (the default is 100), so every
directory and region page is split.  Checked on the HTML, in every language: every entry is on exactly
one part of its directory page, at the same address in every language; every part exists in every
language, links to the others, and part 1 says where each group is; region pages keep all their
entries across their parts; links to entries (map, organizations, strip) reach the part that holds
them; the parts of directory pages are searchable, those of region pages (repeats) are not.  The
shipped site itself, under the limit, has no part.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, build, lang_dir, make_project

DATA = ROOT / "content" / "data"
CATEGORY_PAGE = {"hotline": "hotlines", "shelter": "shelters", "consulate": "consulates"}
REGIONS = ("KG-B", "KG-C", "KG-J", "KG-N", "KG-O", "KG-T", "KG-Y", "KG-GB", "KG-GO")
LIMIT = 3


@pytest.fixture(scope="module")
def split_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("split"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("    stale_after_months: 12\n", f"    stale_after_months: 12\n    max_entries_per_page: {LIMIT}\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site"


def services() -> list[dict]:
    return yaml.safe_load((DATA / "services.yml").read_text(encoding="utf-8"))["services"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def listing(site: Path, lang: str, stem: str) -> list[str]:
    """Pages of one listing, part 1 first: ``["shelters.html", "parts/shelters-2.html", ...]``."""
    base = lang_dir(site, lang)
    flat = stem.replace("/", "-")
    found = sorted(base.glob(f"parts/{flat}-*.html"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [f"{stem}.html"] + [p.relative_to(base).as_posix() for p in found]


def entries_on(site: Path, lang: str, page: str) -> list[str]:
    return [a["id"] for a in soup(lang_dir(site, lang) / page).select("article.kg-entry")]


def home_stem(service: dict) -> str:
    return CATEGORY_PAGE.get(service["category"], "organizations")


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_on_exactly_one_part_of_its_directory_page(split_site, lang):
    expected = {}
    for s in services():
        expected.setdefault(home_stem(s), []).append(s["id"])
    for stem, ids in expected.items():
        pages = listing(split_site, lang, stem)
        assert (len(pages) > 1) == (len(ids) > LIMIT), f"{stem}: {len(ids)} entries, {len(pages)} part(s)"
        found = []
        for page in pages:
            on_page = entries_on(split_site, lang, page)
            assert len(on_page) <= LIMIT, (page, on_page)
            found += on_page
        assert sorted(found) == sorted(ids), stem


def test_parts_are_the_same_in_every_language(split_site):
    layout = {lang: {page: entries_on(split_site, lang, page) for stem in ("shelters", "organizations", "hotlines")
                     for page in listing(split_site, lang, stem)} for lang in LANGS}
    assert layout[LANGS[1]] == layout[LANGS[0]] and layout[LANGS[2]] == layout[LANGS[0]]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", REGIONS)
def test_region_page_keeps_every_entry_across_its_parts(split_site, lang, code):
    import query
    import content as content_mod

    loaded = content_mod.load_content(ROOT)
    expected = sorted(s["id"] for s in query.services_in_region(loaded, code))
    found = []
    for page in listing(split_site, lang, f"regions/{code.lower()}"):
        doc = soup(lang_dir(split_site, lang) / page)
        found += [a["id"] for a in doc.select("article.kg-entry")]
        assert doc.select_one("#hotlines"), f"{page}: the region's hotlines belong on every part"
    assert sorted(found) == expected


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("stem", ["shelters", "organizations", "regions/kg-gb"])
def test_parts_link_to_each_other_and_part_one_says_where_each_group_is(split_site, lang, stem):
    base = lang_dir(split_site, lang)
    pages = listing(split_site, lang, stem)
    for page in pages:
        pager = soup(base / page).select_one(".kg-parts__pager")
        assert pager is not None, page
        targets = {(Path(page).parent / a["href"]).as_posix() for a in pager.select("a")}
        targets = {_norm(t) for t in targets}
        assert targets == set(pages) - {page}, page
        assert pager.select_one("strong").get_text() == str(pages.index(page) + 1)
    contents = soup(base / pages[0]).select(".kg-parts__contents a")
    assert contents
    for a in contents:
        target, anchor = a["href"].split("#")
        doc = soup(base / Path(pages[0]).parent / target)
        assert doc.find(id=anchor) is not None, a["href"]


def _norm(path: str) -> str:
    parts = []
    for piece in path.split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


@pytest.mark.parametrize("lang", LANGS)
def test_links_to_entries_reach_the_part_that_holds_them(split_site, lang):
    base = lang_dir(split_site, lang)
    text = (base / "map.data.js").read_text(encoding="utf-8")
    data = json.loads(text[len("window.KG_MAP="):-2])
    links = [("map.html", s["url"]) for s in data["services"]]
    for page in listing(split_site, lang, "organizations"):
        links += [(page, a["href"]) for a in soup(base / page).select(".kg-elsewhere a")]
    links += [(page, a["href"]) for page in ["index.html"] for a in soup(base / page).select(".kg-strip a[href*='#']")]
    assert len(links) > 10
    for page, href in links:
        target, anchor = href.split("#")
        path = _norm((Path(page).parent / target).as_posix())
        assert (base / path).is_file(), (page, href)
        assert anchor in entries_on(split_site, lang, path), (page, href)


@pytest.mark.parametrize("lang", LANGS)
def test_directory_parts_are_searchable_region_parts_are_not(split_site, lang):
    index = (lang_dir(split_site, lang) / "search" / "index.js").read_text(encoding="utf-8")
    rows = json.loads(index[index.index("=") + 1:-2])
    locations = {row[0].split("#")[0] for row in rows}
    assert "parts/shelters-2.html" in locations and "parts/organizations-2.html" in locations
    assert not [loc for loc in locations if re.match(r"parts/regions-", loc)]
    # a region page only as one entry (its name and towns: siteoutput.region_entries), never its sections
    assert not [row[0] for row in rows if re.match(r"regions/kg-", row[0]) and "#" in row[0]]


def test_shipped_content_is_under_the_limit_and_has_no_parts(site):
    for lang in LANGS:
        assert not (lang_dir(site, lang) / "parts").exists() or not list((lang_dir(site, lang) / "parts").glob("*.html"))
        assert soup(lang_dir(site, lang) / "shelters.html").select_one(".kg-parts") is None


# --- Regression: a service whose sources name no organization is never dropped ---------------------


@pytest.fixture(scope="module")
def orphan_site(tmp_path_factory) -> Path:
    """The shipped content with one legal-aid service's `organization` deleted (the field is optional)."""
    project = make_project(tmp_path_factory.mktemp("orphan"))
    path = project / "content" / "data" / "services.yml"
    text = path.read_text(encoding="utf-8")
    at = text.index("- id: adilet-legal-clinic")
    line = text.index("    organization: adilet\n", at)
    path.write_text(text[:line] + text[line + len("    organization: adilet\n"):], encoding="utf-8")
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site"


@pytest.mark.parametrize("lang", LANGS)
def test_service_without_organization_is_listed_and_linked(orphan_site, lang):
    base = lang_dir(orphan_site, lang)
    page = soup(base / "organizations.html")
    section = page.find(id="no-organization")
    assert section is not None and section.name == "h2"
    assert "adilet-legal-clinic" in entries_on(orphan_site, lang, "organizations.html")
    text = (base / "map.data.js").read_text(encoding="utf-8")
    data = json.loads(text[len("window.KG_MAP="):-2])
    urls = [s["url"] for s in data["services"] if s["id"] == "adilet-legal-clinic"]
    assert all(u == "organizations.html#adilet-legal-clinic" for u in urls)


@pytest.mark.parametrize("lang", LANGS)
def test_permanent_addresses_still_resolve_when_lists_split(split_site, lang):
    """Issue 11: every published address (content/data/permalinks.txt) leads to an element with its id
    on a split site too; part 1 keeps the ids of what moved, on the contents line that links there."""
    import permalinks

    missing, pages = [], {}
    for address in permalinks.read_golden():
        page, _, fragment = address.partition("#")
        path = lang_dir(split_site, lang) / page
        if page not in pages:
            pages[page] = soup(path) if path.exists() else None
        if pages[page] is None or (fragment and pages[page].find(id=fragment) is None):
            missing.append(address)
    assert missing == []
    first = soup(lang_dir(split_site, lang) / "shelters.html")
    moved = [span["id"] for span in first.select(".kg-parts__contents span[id]")]
    assert moved, "the shelters list is split: some entries moved to later parts"
    for span in first.select(".kg-parts__contents span[id]"):  # the line of a moved entry links to its part
        link = span.find_parent("li").a["href"]
        target = soup(lang_dir(split_site, lang) / link.split("#")[0])
        assert target.find(id=span["id"]) is not None, (span["id"], link)


# --- Search view (issue 10): a listing page is indexed from its first entries, with the same result ----


def _section_texts(page: Path) -> dict[str, str]:
    """``{heading id: plain text}`` of each section of a built page's content, read from the HTML the
    reader gets (independently of the search plugin): a section runs from a heading with an id to
    the next one; the heading's own text is its title, not its text."""
    content = soup(page).select_one("article")
    for tag in content.find_all(["p", "li", "ol", "ul", "pre", "code", "sub", "sup"]):
        tag.insert(0, " ")  # the search index keeps these elements: their edges part words (siteoutput._plain)
        tag.append(" ")
    texts: dict[str, list[str]] = {}
    current = None
    for node in content.descendants:
        if getattr(node, "name", None) in {f"h{n}" for n in range(1, 7)} and node.get("id"):
            current = node["id"]
            texts[current] = []
        elif isinstance(node, str) and current and not type(node).__name__ == "Comment":
            heading = node.find_parent(re.compile(r"^h[1-6]$"))
            if not (heading and heading.get("id")) and not node.find_parent(["script", "style"]):
                texts[current].append(str(node))
    return {key: " ".join("".join(parts).split()) for key, parts in texts.items()}


@pytest.mark.parametrize("lang", LANGS)
def test_listing_sections_are_indexed_with_the_text_the_page_shows(split_site, lang):
    """Every section of every listing page (and part) is in the index, with the title and the first
    characters of the text the page shows, though search was given only the first entries of each
    list (siteoutput.search_view).  Parts hold 3 entries: short lists, so the cut is exercised where
    one entry is shorter than a summary as well as where it is longer."""
    import siteoutput

    base = lang_dir(split_site, lang)
    index = (base / "search" / "index.js").read_text(encoding="utf-8")
    rows = {row[0]: row for row in json.loads(index[index.index("=") + 1:-2])}
    checked = 0
    for stem in ("shelters", "organizations", "hotlines", "consulates"):
        for page in listing(split_site, lang, stem):
            texts = _section_texts(base / page)
            # the h1's section is the page's own (the plugin reads it its own way: a part's pager is not
            # text); the last one also holds what the theme puts after the content: compare the others
            for anchor in list(texts)[1:-1]:
                location = f"{page}#{anchor}"
                row = rows.get(location)
                assert row is not None, f"{location} is not in the search index"
                heading = soup(base / page).find(id=anchor)
                assert row[1] == " ".join(heading.get_text().split()), (page, anchor)
                assert row[2] == siteoutput._summary(texts[anchor]), (page, anchor, row[2], texts[anchor][:300])
                checked += 1
    assert checked > 20
