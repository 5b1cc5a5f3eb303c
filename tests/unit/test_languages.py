"""The language registry (issue 12): mkdocs.yml is the only place that names the site's languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.config import load_config

import languages
from conftest import ROOT

CODE_LITERAL = re.compile(r"""["'](ky|ru|en)["']""")


def test_registry_matches_what_mkdocs_and_static_i18n_read():
    config = load_config(str(ROOT / "mkdocs.yml"))
    i18n = config.plugins["i18n"].config
    read = [(lang.locale, lang.name, bool(lang.default)) for lang in i18n.languages]
    assert [(lang.code, lang.name, lang.default) for lang in languages.REGISTRY] == read
    assert languages.DEFAULT == config.theme["language"]  # Material's UI language is the default's
    assert all(lang.script in ("Cyrl", "Latn") for lang in languages.REGISTRY)


def test_no_language_code_in_code_or_templates_outside_the_registry():
    offenders = []
    # languages.py is the registry; leaks.py holds the words of each written language (street, floor ...),
    # which are data about those languages, not a list of the site's languages
    files = [p for p in (ROOT / "hooks").glob("*.py") if p.name not in ("languages.py", "leaks.py")]
    files += [p for p in (ROOT / "overrides").rglob("*.html") if "languages" not in p.parts]
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if CODE_LITERAL.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.parametrize("edit, message", [
    (lambda s: s.replace("scripts: {ky: Cyrl, ru: Cyrl, en: Latn}", "scripts: {ky: Cyrl, ru: Cyrl}"),
     "extra.kg.scripts has no script for 'en'"),
    (lambda s: s.replace("          default: true\n", "", 1), "exactly one of plugins.i18n.languages"),
])
def test_a_broken_language_list_says_what_to_fix(tmp_path, edit, message):
    config = tmp_path / "mkdocs.yml"
    config.write_text(edit((ROOT / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(languages.LanguageConfigError, match=re.escape(message)):
        languages.load(config)


def test_write_first_is_a_setting_apart_from_the_default_language(tmp_path):
    assert languages.write_first() == "ru" != languages.DEFAULT  # the shipped setting: editors write Russian first
    config = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("    write_first: ru\n", "", 1)
    config.write_text(text, encoding="utf-8")
    assert languages.write_first(config) == languages.DEFAULT  # unset: the site's default language
    assert isinstance(Path(languages.CONFIG), Path)
