"""The hotline card for other sites' frames (issue 11.4), one per language: small, no script, the
numbers and coverage text computed from the YAML, the verification date and stale notice, a link
to the full site outside the frame; not a page (no search, no sitemap), but in the manifest and the
offline zip.  The browser side (another origin's iframe) is tests/browser/test_embed.py.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

import embed
from conftest import LANGS, ROOT, lang_dir
from test_coverage import coverage_text, labels, strip_phones, text_of  # tests/build/test_coverage.py

LIMIT = 10 * 1024  # bytes, raw (no gzip assumed)


def card(site: Path, lang: str) -> Path:
    return lang_dir(site, lang) / embed.FOLDER / embed.CARD


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def loaded_files(path: Path) -> list[Path]:
    """The card and every file it loads (stylesheets, scripts, images, icons), as files of the site."""
    html = soup(path)
    refs = [t.get("href") for t in html.select("link[href]")] + [t.get("src") for t in html.select("[src]")]
    out = [path]
    for ref in refs:
        if ref.startswith("data:"):
            continue
        assert not urlsplit(ref).scheme and not ref.startswith("//"), f"{path}: {ref} is not relative"
        target = (path.parent / ref).resolve()
        assert target.is_file(), f"{path}: {ref} does not exist"
        out.append(target)
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_card_is_small_static_and_self_contained(site, lang):
    path = card(site, lang)
    files = loaded_files(path)
    assert len(files) == 2  # the card and its stylesheet
    total = sum(f.stat().st_size for f in files)
    assert total < LIMIT, f"{total} bytes"
    html = soup(path)
    assert html.select("script, style, iframe, form, nav") == []
    assert not [t for t in html.find_all(True) if t.has_attr("style") or any(a.startswith("on") for a in t.attrs)]
    assert html.html["lang"] == lang
    assert html.select_one('meta[name="robots"]')["content"] == "noindex"
    assert html.select_one('meta[name="referrer"]')["content"] == "no-referrer"


@pytest.mark.parametrize("lang", LANGS)
def test_card_numbers_and_coverage_come_from_the_yaml(site, lang):
    html = soup(card(site, lang))
    items = [text_of(li) for li in html.select("ul.kg-hotlines > li")]
    expected = [coverage_text(lang, s, p) for s, p in strip_phones()]
    assert expected and items == expected
    links = [a["href"] for a in html.select("ul.kg-hotlines a.kg-tel")]
    assert links == [f"tel:{p['number']}" for _, p in strip_phones()]
    # the same list, word for word, as the hotlines page of that language
    page = soup(lang_dir(site, lang) / "hotlines.html")
    assert [text_of(li) for li in page.select(".md-content ul.kg-hotlines > li")] == items


@pytest.mark.parametrize("lang", LANGS)
def test_card_shows_the_verification_date_and_stale_notice(site, lang):
    html = soup(card(site, lang))
    phrases = labels(lang)["phrases"]
    services = list({s["id"]: s for s, _ in strip_phones()}.values())
    dates = [t["datetime"] for t in html.select(".kg-embed__date time")]
    assert dates == [str(s["verified"]) for s in services]
    notices = [text_of(p) for p in html.select(".kg-embed__stale")]
    today = dt.date.fromtimestamp(1795000000)  # SOURCE_DATE_EPOCH of the test build (conftest.build)
    for service in services:
        day = dt.date.fromisoformat(str(service["verified"]))
        shown = f"{day.day:02d}.{day.month:02d}.{day.year}"
        assert shown in text_of(html.select(".kg-embed__date")[services.index(service)])
        if (today - day).days > 366:  # every source of the shipped data is from 2004 or 2008
            assert phrases["stale"].format(date=shown) in notices


@pytest.mark.parametrize("lang", LANGS)
def test_card_links_the_site_in_its_language_outside_the_frame(site, lang):
    path = card(site, lang)
    links = soup(path).select("a:not(.kg-tel)")
    assert len(links) == 1
    link = links[0]
    assert link["target"] in ("_blank", "_top") and "noopener" in link["rel"]
    assert (path.parent / link["href"]).resolve() == (lang_dir(site, lang) / "index.html").resolve()
    assert link.get_text(strip=True) == labels(lang)["phrases"]["embed_full_site"]


def test_card_is_not_a_page_of_search_or_sitemap_but_is_in_the_manifest(site, addressed_site):
    manifest = (site / "SHA256SUMS").read_text(encoding="utf-8")
    sitemap = (addressed_site / "sitemap.xml").read_text(encoding="utf-8")
    for lang in LANGS:
        rel = embed.card_path(lang)
        assert f"  {rel}\n" in manifest
        assert (addressed_site / rel).is_file() and "/embed/" not in sitemap and embed.FOLDER + "/" not in sitemap
        index = (lang_dir(site, lang) / "search" / "index.js").read_text(encoding="utf-8")
        assert "embed" not in index
        assert not [a for a in soup(lang_dir(site, lang) / "index.html").select("a[href]") if "embed" in a["href"]]
    assert f"  {embed.CSS}\n" in manifest


def test_cards_survive_the_offline_zip(dist_zip):
    with zipfile.ZipFile(dist_zip) as archive:
        names = {name.split("/", 1)[1] for name in archive.namelist()}
    for lang in LANGS:
        assert embed.card_path(lang) in names
    assert embed.CSS in names


def test_documented_snippets_point_at_each_card(site):
    text = (ROOT / "docs" / "embedding.md").read_text(encoding="utf-8")
    srcs = [BeautifulSoup(line, "html.parser").iframe["src"] for line in text.splitlines() if line.startswith("<iframe ")]
    assert srcs == ["https://example.org/kg/" + embed.card_path(lang) for lang in LANGS]
