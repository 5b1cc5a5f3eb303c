"""Where a number works, for whom, and how it is shown: built site, parsed HTML.

Expected texts are computed from the YAML (services, places, labels), never
written out here, so the tests follow the data: a phone's coverage text on the
strip, the hotlines page, region pages and entries; no short-code call link on a
page for readers abroad; E.164 numbers shown as +996 …; no heading that claims
the whole country; phone status, type and extension (a copy of the project).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import babel
import phonenumbers
import pytest
import yaml
from bs4 import BeautifulSoup

import embed
from conftest import LANGS, ROOT, build, lang_dir, make_project

REGIONS = ("KG-B", "KG-C", "KG-J", "KG-N", "KG-O", "KG-T", "KG-Y", "KG-GB", "KG-GO")
SHORT = re.compile(r"\d{3,4}")
#: Headings that would claim a number or service covers the whole country (en, ru, ky).
NATIONWIDE = re.compile(r"whole country|nationwide|all of kyrgyzstan|всей стран|всего кыргызстана|общенациональн"
                        r"|бүткүл өлкө|бүт өлкө|жалпы улуттук|өлкө боюнча", re.IGNORECASE)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def load(root: Path, rel: str, key: str):
    return yaml.safe_load((root / rel).read_text(encoding="utf-8"))[key]


def data(root: Path = ROOT) -> tuple[list, dict]:
    places = {p["id"]: p for p in load(root, "content/data/places.yml", "places")}
    return load(root, "content/data/services.yml", "services"), places


def labels(lang: str, root: Path = ROOT) -> dict:
    return yaml.safe_load((root / "content" / lang / "labels.yml").read_text(encoding="utf-8"))


def status(service: dict, phone: dict) -> str:
    order = ("active", "inactive", "defunct")
    of_service = {"temporarily closed": "inactive"}.get(service.get("status"), service.get("status", "active"))
    return max(phone.get("status", "active"), of_service, key=order.index)


def strip_phones(root: Path = ROOT) -> list[tuple[dict, dict]]:
    """(service, phone) of every active voice short code of a hotline: what the strip offers."""
    services, _ = data(root)
    return [(s, p) for s in services if s["category"] == "hotline" for p in s.get("phones", [])
            if SHORT.fullmatch(p["number"]) and status(s, p) == "active" and p.get("type", "voice") == "voice"]


def coverage_text(lang: str, service: dict, phone: dict, root: Path = ROOT) -> str:
    """'189 — from phones in Kyrgyzstan: Bishkek, … (2008)' computed from the YAML and labels.yml."""
    lab, cov = labels(lang, root), phone.get("coverage", {})
    names = [lab["places"][p] for p in cov.get("places", [])] + [lab["regions"][r] for r in cov.get("regions", [])]
    names += [babel.Locale.parse(lang).territories[c] for c in cov.get("countries", [])]
    key = "coverage_short_code" if SHORT.fullmatch(phone["number"]) else "coverage_works_in"
    where = lab["phrases"][key].format(places=", ".join(names), year=str(service["verified"])[:4])
    return f"{phone['number']} — {where}"


def covered_regions(root: Path = ROOT) -> set[str]:
    """Regions served by a strip number: through a town in them, an explicit region, or the country KG."""
    _, places = data(root)
    out = set()
    for _, phone in strip_phones(root):
        cov = phone.get("coverage", {})
        out |= {places[p].get("region") for p in cov.get("places", [])} | set(cov.get("regions", []))
        if "KG" in cov.get("countries", []):
            out |= set(REGIONS)
    return out - {None}


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text[4:text.index("\n---", 4)]) or {}


def abroad_pages(root: Path = ROOT) -> list[tuple[str, str]]:
    """(lang, output path) of every page whose front matter says `audience: abroad`."""
    out = []
    for lang in LANGS:
        folder = root / "content" / lang
        for md in sorted(folder.rglob("*.md")):
            if md.relative_to(folder).parts[0] != "regions" and front_matter(md).get("audience") == "abroad":
                out.append((lang, md.relative_to(folder).with_suffix(".html").as_posix()))
    return out


def html_pages(site: Path, lang: str) -> list[Path]:
    base = lang_dir(site, lang)
    return [p for p in base.rglob("*.html")  # the embed card is no page (tests/build/test_embed.py)
            if not (lang == LANGS[0] and p.relative_to(base).parts[0] in LANGS) and p.parent.name != embed.FOLDER]


# --- Coverage text equals the data -------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_strip_says_where_each_number_works(site, lang):
    expected = [coverage_text(lang, s, p) for s, p in strip_phones()]
    assert expected and "Bishkek" in coverage_text("en", *strip_phones()[0])
    abroad = {page for lang_, page in abroad_pages() if lang_ == lang}
    base = lang_dir(site, lang)
    for path in html_pages(site, lang):
        if path.relative_to(base).as_posix() in abroad or path.name == "404.html":
            continue
        strip = soup(path).select_one(".kg-strip")
        found = [f"{text_of(li.strong)} {text_of(li.select_one('.kg-strip__area'))}"
                 for li in strip.select(".kg-strip__list li")]  # opens on tap (one line on a phone)
        assert found == expected, path
        assert [text_of(a) for a in strip.select("a.kg-tel")] == [e.split(" — ")[0] for e in expected]


@pytest.mark.parametrize("lang", LANGS)
def test_hotlines_page_region_pages_and_entries_say_where_each_number_works(site, lang):
    expected = [coverage_text(lang, s, p) for s, p in strip_phones()]
    base = lang_dir(site, lang)
    for page in ["hotlines.html"] + [f"regions/{r.lower()}.html" for r in REGIONS]:
        assert [text_of(t) for t in soup(base / page).select(".kg-hotlines .kg-phone")] == expected, page
    hotlines = soup(base / "hotlines.html")
    for service, phone in strip_phones():
        entry = [text_of(t) for t in hotlines.find(id=service["id"]).select(".kg-phone")]
        assert coverage_text(lang, service, phone) in entry


@pytest.mark.parametrize("lang", LANGS)
def test_a_region_without_a_covered_town_says_the_sources_name_no_hotline(site, lang):
    covered = covered_regions()
    assert "KG-C" not in covered and "KG-Y" in covered  # Chuy: no town; Issyk-Kul: Karakol (TIP 2008 §4B)
    region_names = labels(lang)["regions"]
    for region in REGIONS:
        page = soup(lang_dir(site, lang) / f"regions/{region.lower()}.html")
        notice = page.select_one(".kg-notice--no-hotline")
        if region in covered:
            assert notice is None, region
        else:
            assert notice is not None and region_names[region] in text_of(notice), region
            assert notice.find("a")["href"] == "../hotlines.html"


@pytest.mark.parametrize("lang", LANGS)
def test_no_heading_claims_the_whole_country(site, lang):
    for path in html_pages(site, lang):
        for heading in soup(path).select("h1, h2, h3, h4, h5, h6"):
            assert not NATIONWIDE.search(heading.get_text()), (path, heading.get_text())


# --- Readers abroad ------------------------------------------------------------------


def short_code_links(page: BeautifulSoup) -> list[str]:
    return [a["href"] for a in page.select("a[href]")
            if a["href"].lower().startswith("tel:") and SHORT.fullmatch(a["href"][4:].split(";")[0].strip())]


def test_pages_for_readers_abroad_are_marked_in_every_language():
    pages = abroad_pages()
    for lang in LANGS:
        assert {"guide/trouble-abroad.html", "consulates.html"} <= {p for lang_, p in pages if lang_ == lang}


@pytest.mark.parametrize("lang", LANGS)
def test_no_short_code_is_a_call_link_on_pages_for_readers_abroad(site, lang):
    services, places = data()
    abroad_ids = {s["id"] for s in services if any(places[t]["country"] != "KG" for t in s.get("locations", []))}
    assert abroad_ids
    numbers = [p["number"] for _, p in strip_phones()]
    for lang_, rel in abroad_pages():
        if lang_ != lang:
            continue
        page = soup(lang_dir(site, lang) / rel)
        assert short_code_links(page) == [], rel
        strip = page.select_one(".kg-strip--abroad")
        assert strip is not None, rel
        note = text_of(strip.select_one(".kg-strip__note"))
        assert all(n in note for n in numbers), note
        assert {a["href"].rsplit("#", 1)[1] for a in strip.select(".kg-strip__contacts a[href*='#']")} == abroad_ids
    assert short_code_links(soup(lang_dir(site, lang) / "index.html"))  # elsewhere the strip still offers them


@pytest.mark.parametrize("lang", LANGS)
def test_consulate_entries_do_not_send_readers_abroad_to_the_hotline(site, lang):
    page = soup(lang_dir(site, lang) / "consulates.html")
    for entry in page.select("article.kg-entry"):
        assert entry.select_one("a[href^='tel:']") is None
        assert labels(lang)["phrases"]["no_phone_abroad"] in text_of(entry)  # the abroad wording, no hotline


# --- International format ---------------------------------------------------------------


def assert_e164_shown_international(site: Path) -> int:
    """Every tel:+… link shows the number grouped in international format, +996 ones with the national form."""
    count = 0
    for lang in LANGS:
        for path in html_pages(site, lang):
            for a in soup(path).select("a[href^='tel:+']"):
                number = a["href"][4:].split(";")[0]
                parsed = phonenumbers.parse(number)
                assert text_of(a) == phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
                if number.startswith("+996") and "kg-tel--strip" not in a.get("class", []):
                    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
                    assert national in text_of(a.parent), (path, number)
                count += 1
    return count


def test_every_e164_number_is_shown_in_international_form(site):
    assert_e164_shown_international(site)


# --- Status, type and extension (a copy of the project) -----------------------------------

FAX, EXT, SMS, ABROAD = "+996312621111", "+996312621112", "+996555123456", "+77012345678"


def edit_services(text: str) -> str:
    """104 defunct; Sezim's hotline gets a fax, a line with an extension and an SMS number; Almaty a phone."""
    text = text.replace("        # TIP 2008 §4B: \"or 104 in Naryn and Batken\"\n",
                        "        status: defunct\n", 1)
    text = text.replace("  - id: sezim-hotline\n    organization: sezim\n    category: hotline\n",
                        "  - id: sezim-hotline\n    organization: sezim\n    category: hotline\n    phones:\n"
                        f'      - number: "{FAX}"\n        type: fax\n'
                        f'      - number: "{EXT}"\n        extension: "12"\n'
                        f'      - number: "{SMS}"\n        type: sms\n', 1)
    text = text.replace("    locations: [almaty]\n",
                        f'    locations: [almaty]\n    phones:\n      - number: "{ABROAD}"\n', 1)
    assert text.count(FAX) == 1 and "status: defunct" in text and ABROAD in text
    return text


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("phones"))
    services = project / "content" / "data" / "services.yml"
    services.write_text(edit_services(services.read_text(encoding="utf-8")), encoding="utf-8")
    # new numbers enter the numbers ledger only by the deliberate command (issue 8)
    ledger = subprocess.run([sys.executable, str(project / "hooks" / "check.py"), "--update-ledger"], cwd=project,
                            capture_output=True, text=True)
    assert ledger.returncode == 0, ledger.stdout + ledger.stderr
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


@pytest.mark.parametrize("lang", LANGS)
def test_a_defunct_number_leaves_the_strip_and_loses_its_link(edited_site, lang):
    base = lang_dir(edited_site, lang)
    for path in html_pages(edited_site, lang):
        page = soup(path)
        assert "tel:104" not in {a["href"] for a in page.select("a[href]")}, path
        strip = page.select_one(".kg-strip")
        if strip is not None and "kg-strip--abroad" not in strip["class"]:
            assert [a["href"] for a in strip.select("a.kg-tel")] == ["tel:189"], path
    source = labels(lang)["sources"]["tip-2008"]
    entry = [text_of(t) for t in soup(base / "hotlines.html").find(id="migrant-hotline").select(".kg-phone")]
    defunct = labels(lang)["phrases"]["phone_defunct"].format(source=source)
    assert any(t.startswith("104") and f"({defunct})" in t for t in entry), entry
    assert soup(base / "regions/kg-n.html").select_one(".kg-notice--no-hotline") is not None  # 104 was Naryn's


@pytest.mark.parametrize("lang", LANGS)
def test_fax_sms_and_extension_are_rendered_by_type(edited_site, lang):
    phrases = labels(lang)["phrases"]
    page = soup(lang_dir(edited_site, lang) / "hotlines.html")
    entry = page.find(id="sezim-hotline")
    hrefs = [a["href"] for a in entry.select("a[href]")]
    assert not [h for h in hrefs if FAX in h]  # a fax is never a call link
    phones = [text_of(t) for t in entry.select(".kg-phone")]
    assert phones[0].startswith(f"{phrases['phone_fax']}: +996 312 621 111")
    assert f"tel:{EXT};ext=12" in hrefs  # RFC 3966 extension, E.164 number
    assert phrases["phone_ext"].format(extension="12") in phones[1]
    assert f"sms:{SMS}" in hrefs and f"tel:{SMS}" not in hrefs
    # the map's data file (next to the map page) carries the same links: a fax never as a call link
    script = (lang_dir(edited_site, lang) / "map.data.js").read_text(encoding="utf-8")
    assert f"tel:{EXT};ext=12" in script and f"tel:{FAX}" not in script


def test_e164_numbers_are_shown_in_international_form_with_the_national_beside(edited_site):
    assert assert_e164_shown_international(edited_site) >= 3 * 3  # +996 with ext, +7 in strip and entry, per language
    strip = soup(lang_dir(edited_site, "en") / "consulates.html").select_one(".kg-strip--abroad")
    assert [text_of(a) for a in strip.select(f"a[href='tel:{ABROAD}']")] == ["+7 701 234 5678"]
