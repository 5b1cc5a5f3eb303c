"""Built site: stable anchors the same in every language (P17), entry permalinks, no Referer,
and a 404 page per language whose links work from its own folder (P18)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

import embed
from conftest import LANGS, ROOT, build, lang_dir, make_project

BAD_ID = re.compile(r"_\d+|-+|")  # what toc's slugify makes of Cyrillic headings (mkdocs #762)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def site_pages(site: Path) -> list[str]:
    """Pages of the default language (root), relative paths; every language has the same (test_build)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] not in LANGS[1:] + ("assets", "search", embed.FOLDER))


def ids(path: Path, within: str | None = None) -> list[str]:
    """Every id of a page in document order (only inside the CSS selector ``within`` if given)."""
    root = soup(path)
    root = root.select_one(within) if within else root
    return [tag["id"] for tag in root.find_all(id=True)]


def labels(lang: str) -> dict:
    return yaml.safe_load((ROOT / "content" / lang / "labels.yml").read_text(encoding="utf-8"))["phrases"]


def group_order_free(sequence: list[str]) -> tuple[list[str], list[list[str]]]:
    """Split an id sequence at the region groups (``in-kg-…``), which follow each language's alphabet.

    Returns (ids before the first group, sorted list of groups); each group keeps its own order.
    """
    head, groups = [], []
    for anchor in sequence:
        if anchor.startswith("in-kg-"):
            groups.append([anchor])
        elif groups:
            groups[-1].append(anchor)
        else:
            head.append(anchor)
    return head, sorted(groups)


def test_no_unstable_or_empty_ids_anywhere(site):
    bad = {}
    for path in site.rglob("*.html"):
        found = [i for i in re.findall(r'\sid="([^"]*)"', path.read_text(encoding="utf-8")) if BAD_ID.fullmatch(i)]
        if found:
            bad[path.relative_to(site).as_posix()] = found
    assert bad == {}


def test_no_id_is_used_twice_on_a_page(site):
    twice = {}
    for path in site.rglob("*.html"):
        seen = ids(path)
        doubled = sorted({i for i in seen if seen.count(i) > 1})
        if doubled:
            twice[path.relative_to(site).as_posix()] = doubled
    assert twice == {}


def test_every_page_has_the_same_ids_in_every_language(site):
    """Same ids in the same order; only the region groups of a directory page follow each language's alphabet."""
    differ = {}
    for page in site_pages(site):
        sequences = {lang: ids(lang_dir(site, lang) / page, ".md-content") for lang in LANGS}
        shapes = {lang: group_order_free(seq) for lang, seq in sequences.items()}
        whole = {lang: sorted(ids(lang_dir(site, lang) / page)) for lang in LANGS}
        if not (shapes["ky"] == shapes["ru"] == shapes["en"] and whole["ky"] == whole["ru"] == whole["en"]):
            differ[page] = sequences
    assert differ == {}
    headings = [h["id"] for h in soup(site / "guide" / "index.html").select(".md-content h1, .md-content h2")]
    assert headings[:2] == ["guidance-for-safe-work-abroad-and-getting-help", "the-guidance-pages"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_heading_has_an_id(site, lang):
    """Every heading can be linked to: its own id, or the id of its directory entry (the article)."""
    missing = [(page, h.get_text()) for page in site_pages(site)
               for h in soup(lang_dir(site, lang) / page).select(".md-content h1, .md-content h2, .md-content h3")
               if not h.get("id") and not h.find_parent("article", class_="kg-entry", id=True)]
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_links_to_itself(site, lang):
    label = labels(lang)["entry_link"]
    entries = soup(lang_dir(site, lang) / "shelters.html").select("article.kg-entry")
    assert entries
    for entry in entries:
        link = entry.select_one("a.kg-permalink")
        assert link["href"] == f"#{entry['id']}"
        assert link.get_text(strip=True) == label
        assert link["aria-label"].startswith(label + ": ")


def test_every_page_sends_no_referrer(site):
    missing = [p.relative_to(site).as_posix() for p in site.rglob("*.html")
               if not soup(p).select_one('head meta[name="referrer"][content="no-referrer"]')]
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_404_page_per_language_with_relative_links(site, lang):
    path = lang_dir(site, lang) / "404.html"
    page = soup(path)
    assert page.html["lang"] == lang
    assert page.select_one(".md-content h1").get_text(strip=True) == labels(lang)["not_found"]
    assert "404 - Not found" not in page.get_text()
    for tag, attr in (("a", "href"), ("link", "href"), ("script", "src")):
        for element in page.find_all(tag, **{attr: True}):
            value = element[attr]
            parts = urlsplit(value)
            if parts.scheme:
                continue
            assert not value.startswith("/"), f"root-absolute link {value} breaks under a sub-path"
            target = (path.parent / parts.path).resolve() if parts.path else path
            assert target.exists(), value
    home = page.select(".md-content a")[0]
    assert (path.parent / home["href"]).resolve() == (lang_dir(site, lang) / "index.html").resolve()


def test_404_links_are_absolute_when_site_url_is_set(tmp_path):
    """With a known address (site_url), the 404's links start with its path and work at any depth."""
    project = make_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_dir: site\n", "site_dir: site\nsite_url: https://example.org/mirror/kg/\n"), encoding="utf-8")
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    for lang in LANGS:
        page = soup(lang_dir(project / "site", lang) / "404.html")
        hrefs = [a["href"] for a in page.select(".md-content a")]
        prefix = "/mirror/kg/" + ("" if lang == LANGS[0] else f"{lang}/")
        assert hrefs == [prefix + "index.html", prefix + "hotlines.html"], hrefs
        assert all(link["href"].startswith("/mirror/kg/") for link in page.select("link[rel=stylesheet]"))
