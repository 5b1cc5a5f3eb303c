"""Heading anchors (PITFALLS P17): the rule of hooks/anchors.py and its report through the check command."""

from __future__ import annotations

import subprocess
import sys

import anchors
from conftest import make_project


def errors_of(text: str) -> list[str]:
    return [e.message for e in anchors.page_ids(text, "content/ky/x.md")[1]]


def test_kyrgyz_heading_without_id_is_an_error_with_its_line():
    ids, errors = anchors.page_ids("---\ntitle: X\n---\n\n# Байланыш маалыматы\n", "content/ky/x.md")
    assert ids == [] and len(errors) == 1
    assert (errors[0].line, errors[0].file) == (5, "content/ky/x.md")
    assert "'_N'" in errors[0].message and "{#id}" in errors[0].fix


def test_explicit_ids_and_plain_english_headings_pass():
    text = "# Байланыш {#contacts}\n\n## Where to turn\n\n### Мифтер {: #myths .x}\n"
    ids, errors = anchors.page_ids(text, "content/ky/x.md")
    assert errors == [] and [i for _, i in ids] == ["contacts", "where-to-turn", "myths"]


def test_bad_ids_duplicates_and_empty_slugs_are_errors():
    assert "not a plain id" in errors_of("# Байланыш {#Байланыш}\n")[0]
    assert "used twice" in errors_of("## A {#a}\n## B {#a}\n")[0]
    assert "no explicit id" in errors_of("## ???\n")[0]          # slug would be empty
    assert "no explicit id" in errors_of("## Café\n")[0]         # not plain ASCII


def test_fenced_code_front_matter_and_crlf():
    text = "---\r\ntitle: '# not a heading'\r\n---\r\n```\r\n# Код\r\n```\r\n# Title {#title}\r\n"
    ids, errors = anchors.page_ids(text, "content/ky/x.md")
    assert errors == [] and ids == [(7, "title")]


def test_same_ids_across_languages():
    same = anchors.check_same_ids({"ky": ("ky.md", [(1, "a"), (3, "b")]), "ru": ("ru.md", [(2, "a"), (4, "b")])})
    assert same == []
    differ = anchors.check_same_ids({"ky": ("ky.md", [(1, "a"), (3, "b")]), "en": ("en.md", [(1, "a"), (5, "c")])})
    assert [(e.file, e.line) for e in differ] == [("en.md", 5)] and "ky.md:3" in differ[0].message
    shorter = anchors.check_same_ids({"ky": ("ky.md", [(1, "a"), (3, "b")]), "en": ("en.md", [(1, "a")])})
    assert "'b' (ky.md:3) is missing here" in shorter[0].message


def test_check_command_reports_a_changed_id_with_file_and_line(tmp_path):
    project = make_project(tmp_path / "p")
    page = project / "content" / "ru" / "guide" / "trouble-abroad.md"
    text = page.read_text(encoding="utf-8")
    assert "{#where-to-turn}" in text
    page.write_text(text.replace("{#where-to-turn}", "{#kuda-obrashchatsya}"), encoding="utf-8")
    line = next(n for n, l in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if "kuda-" in l)
    result = subprocess.run([sys.executable, str(project / "hooks" / "check.py"), "--root", str(project)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"content/ru/guide/trouble-abroad.md:{line}:1: heading id 'kuda-obrashchatsya' differs from " \
           "'where-to-turn' at content/ky/guide/trouble-abroad.md:" in result.stdout
