"""Translation freshness and the editor-first check (issue 12).

A project copy is stamped, then one Russian sentence (Russian is ``write_first``) is changed:
the check command reports its Kyrgyz and English translations as outdated, the built pages
show a notice in the reader's language until the translations are stamped again.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

import languages
from conftest import LANGS, build, lang_dir, make_project


def run(project, *args):
    return subprocess.run([sys.executable, *args], cwd=project, capture_output=True, text=True, timeout=300)


def check(project, *args):
    return run(project, str(project / "hooks" / "check.py"), *args)


def stamp(project):
    result = run(project, str(project / "hooks" / "translations.py"), "stamp")
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def notices(site, lang, page, selector):
    soup = BeautifulSoup((lang_dir(site, lang) / page).read_text(encoding="utf-8"), "html.parser")
    return soup.select(selector)


@pytest.fixture(scope="module")
def changed_project(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("tr"))  # the shipped stamps, as editors get them
    assert "0 outdated translation(s)" in check(project).stdout
    source = languages.write_first(project / "mkdocs.yml")
    assert source == "ru"  # the shipped setting: editors write Russian first
    texts = project / "content" / source / "services.yml"
    text = texts.read_text(encoding="utf-8")
    texts.write_text(text.replace("К 2008 году консультации получили около 1000 человек.",
                                  "К 2008 году консультации получили около тысячи человек.", 1), encoding="utf-8")
    page = project / "content" / source / "guide" / "index.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    body = next(i for i, line in enumerate(lines) if line and not line.startswith(("#", "-", "!", " ", "---", "title", "desc", "review", "source_hash", "audience")))
    lines[body] += " Проверьте."
    page.write_text("\n".join(lines), encoding="utf-8")
    return project


def test_changed_source_marks_the_other_languages_outdated_in_the_report(changed_project):
    result = check(changed_project, "--verbose")
    assert result.returncode == 0, result.stdout
    others = [lang for lang in LANGS if lang != "ru"]
    for lang in others:
        assert f"{lang}/services/migrant-hotline" in result.stdout
        assert f"{lang}/page/guide/index.md" in result.stdout
    assert "ru/services/migrant-hotline" not in result.stdout
    assert f"{2 * len(others)} outdated translation(s)" in check(changed_project).stdout


def test_outdated_translation_shows_a_notice_until_stamped(changed_project, tmp_path):
    result = build(changed_project, "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    site = changed_project / "site"
    for lang in LANGS:
        entry = notices(site, lang, "hotlines.html", "#migrant-hotline .kg-notice--outdated")
        page = notices(site, lang, "guide/index.html", ".admonition.warning")
        assert (len(entry), len(page)) == ((0, 0) if lang == "ru" else (1, 1)), lang
        if lang != "ru":
            assert languages.NAMES["ru"] in entry[0].get_text()
    stamp(changed_project)
    assert "0 outdated translation(s)" in check(changed_project).stdout
    assert build(changed_project, "--strict").returncode == 0
    for lang in LANGS:
        assert not notices(site, lang, "hotlines.html", ".kg-notice--outdated"), lang


def test_source_hash_is_written_by_the_command_not_by_hand(tmp_path):
    project = make_project(tmp_path / "p")
    texts = project / "content" / "en" / "services.yml"
    texts.write_text(texts.read_text(encoding="utf-8").replace(
        "  migrant-hotline:\n", '  migrant-hotline:\n    source_hash: "by hand"\n', 1), encoding="utf-8")
    result = check(project)
    assert result.returncode == 1 and "services.migrant-hotline.source_hash" in result.stdout


def test_language_neutral_facts_cannot_be_overridden_per_language(tmp_path):
    project = make_project(tmp_path / "p")
    texts = project / "content" / "en" / "services.yml"
    texts.write_text(texts.read_text(encoding="utf-8").replace(
        "  migrant-hotline:\n", '  migrant-hotline:\n    phones: [{number: "112"}]\n    category: shelter\n', 1),
        encoding="utf-8")
    result = check(project)
    assert result.returncode == 1
    assert "unknown field 'phones'" in result.stdout and "unknown field 'category'" in result.stdout


def test_check_prints_errors_first_then_one_line_of_totals(project):
    lines = check(project).stdout.strip().split("\n")
    assert lines[0] == "0 error(s), 0 warning(s)"
    assert lines[1].startswith("Totals: ") and len(lines) == 2


def test_after_a_syntax_error_the_report_says_the_rest_was_not_checked(tmp_path):
    project = make_project(tmp_path / "p")
    data = project / "content" / "data" / "services.yml"
    data.write_text(data.read_text(encoding="utf-8").replace("services:\n", "services:\n  - id: [\n", 1),
                    encoding="utf-8")
    out = check(project).stdout
    assert out.startswith("content/data/services.yml:")
    assert "Not checked until the errors above are fixed" in out and "Totals" not in out and "Stale (" not in out


def test_changed_limits_the_report_to_files_changed_since_the_last_commit(tmp_path):
    project = make_project(tmp_path / "p")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(git + args, cwd=project, check=True, capture_output=True)
    for lang in ("en", "ru"):
        texts = project / "content" / lang / "services.yml"
        texts.write_text(texts.read_text(encoding="utf-8").replace(
            "  migrant-hotline:\n", "  migrant-hotline:\n    colour: red\n", 1), encoding="utf-8")
    subprocess.run(git + ["add", "content/ru/services.yml"], cwd=project, check=True)
    subprocess.run(git + ["commit", "-qm", "ru"], cwd=project, check=True, capture_output=True)
    full, changed = check(project).stdout, check(project, "--changed").stdout
    assert "content/ru/services.yml" in full and "content/en/services.yml" in full
    assert "content/en/services.yml" in changed and "content/ru/services.yml" not in changed


def test_every_shipped_translation_records_its_source_version():
    """Freshness covers the whole site: every translated text and page carries a `source_hash`
    (an unstamped translation would never be reported outdated)."""
    import yaml

    import pages
    import translations
    from conftest import ROOT

    source = languages.write_first(ROOT / "mkdocs.yml")
    unstamped = []
    for lang in (code for code in LANGS if code != source):
        folder = ROOT / "content" / lang
        for kind in translations.TEXT_KINDS:
            texts = yaml.safe_load((folder / f"{kind}.yml").read_text(encoding="utf-8"))[kind]
            unstamped += [f"{lang}/{kind}/{rid}" for rid, text in texts.items() if "source_hash" not in text]
        for page in sorted(pages.page_files(folder)):  # the pages every check reads
            if translations._page_hash_field((folder / page).read_text(encoding="utf-8")) is None:
                unstamped.append(f"{lang}/{page}")
    assert unstamped == [], "run `python hooks/translations.py stamp` after checking these translations"
