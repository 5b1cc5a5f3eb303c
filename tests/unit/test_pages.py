"""Checks of the Markdown pages and of shelter texts, found by trying the handbook as a new editor."""

from __future__ import annotations

import datetime
import re

import pytest

import content as content_mod
import markers
from conftest import make_project
from test_check_command import run_check

TODAY = datetime.date(2026, 11, 29)


def load_with(tmp_path, rel, edit):
    project = make_project(tmp_path / "p")
    path = project / rel
    if edit is None:
        path.unlink()
    else:
        result = edit(path.read_text(encoding="utf-8"))
        path.write_bytes(result if isinstance(result, bytes) else result.encode("utf-8"))
    return project, content_mod.load_content(project, today=TODAY)


def line_of(project, rel, needle):
    return (project / rel).read_text(encoding="utf-8").splitlines().index(needle) + 1


SHELTERS = "content/en/shelters.md"
MARKER = "<!-- data:services category=shelter -->"


@pytest.mark.parametrize("written, message, fix", [
    ("<!-- data:services category = shelter -->", "malformed data marker '<!-- data:services category = shelter -->'",
     "write it like <!-- data:services category=shelter --> (lowercase, no spaces around : and =)"),
    ("<!-- data:Services category=shelter -->", "malformed data marker '<!-- data:Services category=shelter -->'",
     "write it like <!-- data:services category=shelter --> (lowercase, no spaces around : and =)"),
    ("<!-- data:services category=shelterz -->", "'shelterz' is not a valid category for 'data:services'",
     "did you mean 'shelter'?"),
    ("<!-- data:servics category=shelter -->", "unknown data marker 'data:servics'", "did you mean 'services'?"),
    ("<!-- data:services -->", "marker 'data:services' needs 'category='",
     "add category= with one of: hotline, shelter, consulate, legal_aid, medical, psychological, migration_office, "
     "ngo, international_organization"),
])
def test_a_wrong_marker_is_an_error_with_its_line(tmp_path, written, message, fix):
    project, loaded = load_with(tmp_path, SHELTERS, lambda t: t.replace(MARKER, written))
    line = line_of(project, SHELTERS, written)
    assert [str(e) for e in loaded.errors] == [f"{SHELTERS}:{line}:1: {message} — {fix}"]


def test_a_wrong_country_id_in_a_marker_is_an_error(tmp_path):
    rel = "content/en/hotlines.md"
    project, loaded = load_with(tmp_path, rel, lambda t: t + "\n<!-- data:country id=RUU -->\n")
    assert [str(e) for e in loaded.errors] == [
        f"{rel}:{line_of(project, rel, '<!-- data:country id=RUU -->')}:1: 'RUU' is not a valid id for"
        " 'data:country' — did you mean 'RU'?"]


def test_a_wrong_region_id_in_a_marker_is_an_error():
    """On a generated region page (where the marker belongs) its id is still checked."""
    assert [str(e) for e in markers.check("<!-- data:region id=KG-X -->", "content/en/regions/kg-x.md", 3)] == [
        "content/en/regions/kg-x.md:3:1: 'KG-X' is not a valid id for 'data:region' — did you mean 'KG-Y'?"]


def test_a_page_missing_in_one_language_is_an_error(tmp_path):
    _, loaded = load_with(tmp_path, "content/ru/hide-your-visit.md", None)
    assert [str(e) for e in loaded.errors] == [
        "content/ru/hide-your-visit.md: page is missing in ru (it exists in content/ky/)"
        " — copy content/ky/hide-your-visit.md here and translate it"]


def test_a_page_not_in_utf8_is_an_error(tmp_path):
    _, loaded = load_with(tmp_path, "content/ru/about.md", lambda t: t.encode("cp1251"))
    assert [str(e) for e in loaded.errors] == [
        "content/ru/about.md:2:8: page is not UTF-8 (byte 0xce) — save the page with UTF-8 encoding"]


def test_a_front_matter_typo_is_an_error(tmp_path):
    _, loaded = load_with(tmp_path, SHELTERS, lambda t: t.replace("title: Shelters", "titel: Shelters", 1))
    assert [str(e) for e in loaded.errors] == [
        f"{SHELTERS}:2:1: titel: unknown front matter key 'titel' — did you mean 'title'?",
        f"{SHELTERS}:2:1: title: missing page title — add `title: ...` to the front matter"]


def test_plain_http_link_in_a_page_is_a_warning(tmp_path):
    project, loaded = load_with(tmp_path, SHELTERS, lambda t: t + "\nSee [this](http://example.org/x).\n")
    assert loaded.errors == []
    line = line_of(project, SHELTERS, "See [this](http://example.org/x).")
    assert [str(w) for w in loaded.warnings] == [
        f"{SHELTERS}:{line}:1: plain http link http://example.org/x — use the https:// address"]


@pytest.mark.parametrize("address", ["12 Lenin Street", "ул. Ленина, д. 12", "Ленин көчөсү 12"])
def test_a_street_address_in_a_shelter_text_is_an_error(tmp_path, address):
    rel = "content/en/services.yml"
    project, loaded = load_with(tmp_path, rel, lambda t: re.sub(
        r"(  naryn-shelter:\n(?:    .*\n)*?    description: )\".*\"", rf'\1"Come to {address}."', t, count=1))
    line, col = next((i, l.index(address) + 1) for i, l in enumerate(
        (project / rel).read_text(encoding="utf-8").splitlines(), 1) if address in l)
    assert [str(e).split(" ('")[0] for e in loaded.errors] == [  # the column of the address itself
        f"{rel}:{line}:{col}: services.naryn-shelter.description: looks like a street address"]


@pytest.mark.parametrize("rel, old, new", [
    ("content/data/services.yml", "id: talas-shelter\n    category: shelter\n    locations: [talas]",
     "id: talas-shelter\n    category: shelter\n    locations: [talass]"),
    ("content/data/services.yml", "verified: 2008-02-29\n  - id: jalal-abad-shelter",
     "verified: 2008-02-30\n  - id: jalal-abad-shelter"),
    ("content/data/places.yml", "region: KG-T", "region: KG-TA"),
])
def test_check_command_reports_instead_of_crashing(tmp_path, rel, old, new):
    """Regression: these mistakes made hooks/check.py crash with a traceback (KeyError, ValueError)."""
    project = make_project(tmp_path / "p")
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{rel}:" in result.stdout


def test_a_shelter_without_a_town_is_an_error(tmp_path):
    rel = "content/data/services.yml"
    project, loaded = load_with(tmp_path, rel, lambda t: t.replace(
        "  - id: naryn-shelter\n    category: shelter\n    locations: [naryn]\n",
        "  - id: naryn-shelter\n    category: shelter\n", 1))
    line = line_of(project, rel, "  - id: naryn-shelter") + 1
    assert [str(e).split(": ", 1)[1] for e in loaded.errors] == [
        "services[10].category: a shelter needs its town — add `locations: [<town id>]` (town level only)"]
    assert str(loaded.errors[0]).startswith(f"{rel}:{line}:15:")


@pytest.mark.parametrize("number", ["+996555123456", "0555 123 456", "(0312) 62-11-11"])
def test_a_phone_number_in_a_text_is_an_error(tmp_path, number):
    rel = "content/ru/services.yml"
    project, loaded = load_with(tmp_path, rel, lambda t: re.sub(
        r"(  naryn-shelter:\n(?:    .*\n)*?    description: )\".*\"", rf'\1"Звоните {number}."', t, count=1))
    assert [e.message for e in loaded.errors] == [f"phone number in a text ('{number}')"]
    assert loaded.errors[0].fix == "put numbers in `phones:` in content/data, where they are checked and linked"


def test_counts_and_years_in_texts_are_not_phone_numbers(tmp_path):
    rel = "content/en/services.yml"
    _, loaded = load_with(tmp_path, rel, lambda t: re.sub(
        r"(  naryn-shelter:\n(?:    .*\n)*?    description: )\".*\"",
        r'\1"In 2007 it helped 1,000 people; 435 calls, 21 victims, 27 sheltered (2003-2006)."', t, count=1))
    assert loaded.errors == []


def test_a_street_address_on_the_shelters_page_is_an_error(tmp_path):
    project, loaded = load_with(tmp_path, "content/ru/shelters.md",
                                lambda t: t + "\nПриют в Таласе находится по адресу ул. Ленина 5.\n")
    line = line_of(project, "content/ru/shelters.md", "Приют в Таласе находится по адресу ул. Ленина 5.")
    assert [str(e) for e in loaded.errors] == [
        f"content/ru/shelters.md:{line}:36: looks like a street address ('ул. Ленина 5')"
        " — publish the town only (safety): remove streets, buildings, floors, flats and landmarks"]


def test_a_list_written_as_text_gets_a_plain_message(tmp_path):
    rel = "content/data/services.yml"
    project, loaded = load_with(tmp_path, rel, lambda t: t.replace(
        "  - id: naryn-shelter\n    category: shelter\n    locations: [naryn]\n",
        "  - id: naryn-shelter\n    category: shelter\n    locations: naryn\n", 1))
    assert [e.message + " — " + e.fix for e in loaded.errors] == [
        "expected a list, got text naryn — write it in square brackets: [naryn]"]


# --- audience: abroad (coverage stream) ---------------------------------------


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_short_code_link_on_a_page_for_readers_abroad_is_an_error(tmp_path, lang):
    rel = f"content/{lang}/guide/trouble-abroad.md"
    link = "[189](tel:189)"
    project, loaded = load_with(tmp_path, rel, lambda t: t + f"\n{link}\n")
    assert [str(e) for e in loaded.errors] == [
        f"{rel}:{line_of(project, rel, link)}:1: link to short code 189 on a page for readers abroad — short codes"
        " work only from phones in Kyrgyzstan: write the number as plain text, or give a contact that works abroad"]


def test_a_short_code_link_is_allowed_on_a_page_for_readers_at_home(tmp_path):
    _, loaded = load_with(tmp_path, "content/en/hotlines.md", lambda t: t + "\n[189](tel:189)\n")
    assert loaded.errors == []


def test_an_unknown_audience_is_an_error(tmp_path):
    rel = "content/en/consulates.md"
    _, loaded = load_with(tmp_path, rel, lambda t: t.replace("audience: abroad", "audience: abrod", 1))
    assert [f"{e.field}: {e.message} — {e.fix}" for e in loaded.errors] == [
        "audience: audience must be one of abroad, got 'abrod' — write `audience: abroad` for a page for readers"
        " outside Kyrgyzstan, or delete the line"]


@pytest.mark.parametrize("block", ["```\n{marker}\n```", "~~~ text\n{marker}\n~~~"])
def test_a_marker_inside_code_is_an_error_not_a_failed_build(tmp_path, block):
    """The build puts generated HTML where the marker was, as a paragraph of its own: inside code it cannot,
    and the build stopped with 'generated block … was lost while rendering' though the check passed."""
    rel, marker = "content/en/hotlines.md", "<!-- data:hotlines -->"
    project, loaded = load_with(tmp_path, rel, lambda t: t + "\nSee below.\n\n" + block.format(marker=marker) + "\n")
    lines = (project / rel).read_text(encoding="utf-8").splitlines()
    line = max(i for i, text in enumerate(lines, 1) if marker in text)
    col = lines[line - 1].index(marker) + 1
    assert [str(e) for e in loaded.errors] == [
        f"{rel}:{line}:{col}: data marker '{marker}' is inside code, where its content cannot go"
        " — put the marker on a line of its own, outside the ``` or ~~~ code block"]


def test_a_marker_in_a_list_or_a_sentence_is_fine(tmp_path):
    _, loaded = load_with(tmp_path, "content/en/hotlines.md",
                          lambda t: t + "\n- a point\n\n    <!-- data:hotlines -->\n\nSee <!-- data:hotlines --> here.\n\n"
                          "    <!-- data:hotlines -->\n")
    assert loaded.errors == []


def test_a_region_marker_on_an_editors_page_is_an_error(tmp_path):
    """The region marker lays out a generated region page (its links start from regions/): on the hotlines
    page the check passed and the strict build stopped on its broken link (breaker trial)."""
    rel, marker = "content/ru/hotlines.md", "<!-- data:region id=KG-GB -->"
    project, loaded = load_with(tmp_path, rel, lambda t: t + "\n" + marker + "\n")
    line = line_of(project, rel, marker)
    assert [str(e) for e in loaded.errors] == [
        f"{rel}:{line}:1: 'data:region' is for the generated region pages only"
        " — link to the region's page instead, e.g. [Naryn Region](regions/kg-n.md)"]


def test_a_broken_link_named_like_a_page_is_an_error_and_a_folder_is_not_a_page(tmp_path):
    """A dangling symlink ``x.md`` made the check and the build stop with a traceback (breaker trial)."""
    project = make_project(tmp_path / "p")
    (project / "content" / "ru" / "broken.md").symlink_to(project / "content" / "ru" / "nowhere.md")
    (project / "content" / "en" / "notes.md").mkdir()  # a folder: not a page, no error
    loaded = content_mod.load_content(project, today=datetime.date(2026, 11, 29))
    assert [str(e) for e in loaded.errors if "broken.md" in str(e)] == [
        "content/ru/broken.md: not a readable page (a broken link?) — replace it with the page file itself, or delete it"]
    assert not [e for e in loaded.errors if "notes.md" in str(e)]
    checked = run_check(project)
    assert checked.returncode == 1 and "Traceback" not in checked.stdout + checked.stderr
    assert "content/ru/broken.md: not a readable page" in checked.stdout
