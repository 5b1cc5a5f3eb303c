"""A fourth language from configuration and content alone (issue 12): Uzbek, ``uz``, Latin script.

The fixture adds ``uz`` to mkdocs.yml (plugins.i18n.languages and extra.kg.scripts) and a
``content/uz/`` tree (the English pages and texts, with the Uzbek labels of
``tests/fixtures/uz/labels.yml`` laid over the English ones) — no code changes — then
builds for real and checks every page, the switcher, search, region names, directory
pages, map labels and the open-data export in four trees.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import LANGS, ROOT, build, lang_dir, make_project

UZ_LANGUAGE = {"locale": "uz", "name": "Oʻzbekcha", "build": True, "site_name": "Xavfsiz migratsiya",
               "nav_translations": {"Guide": "Maslahatlar", "Regions": "Hududlar"}}


def _merge(base: dict, over: dict) -> dict:
    return {k: (_merge(v, over[k]) if isinstance(v, dict) and k in over else over.get(k, v)) for k, v in base.items()}


@pytest.fixture(scope="module")
def uz_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("uz"))
    config = project / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))  # mkdocs.yml uses no custom tags
    settings["extra"]["kg"]["scripts"]["uz"] = "Latn"
    i18n = next(p["i18n"] for p in settings["plugins"] if isinstance(p, dict) and "i18n" in p)
    i18n["languages"].append(UZ_LANGUAGE)
    config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    english = project / "content" / LANGS[-1]
    assert english.name == "en"
    shutil.copytree(english, project / "content" / "uz", ignore=shutil.ignore_patterns("regions"))
    labels = yaml.safe_load((english / "labels.yml").read_text(encoding="utf-8"))
    uz = yaml.safe_load((ROOT / "tests" / "fixtures" / "uz" / "labels.yml").read_text(encoding="utf-8"))
    (project / "content" / "uz" / "labels.yml").write_text(
        yaml.safe_dump(_merge(labels, uz), allow_unicode=True, sort_keys=False), encoding="utf-8")
    check = subprocess.run([sys.executable, str(project / "hooks" / "check.py")], cwd=project,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout[-3000:] + check.stderr[-3000:]
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site"


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_page_exists_in_four_trees_with_its_language(uz_site):
    english = {p.relative_to(uz_site / "en") for p in (uz_site / "en").rglob("*.html")}
    uzbek = {p.relative_to(uz_site / "uz") for p in (uz_site / "uz").rglob("*.html")}
    assert english and uzbek == english
    for rel in sorted(uzbek):
        assert _soup(uz_site / "uz" / rel).html["lang"] == "uz", rel


def test_switcher_offers_four_languages_and_keeps_the_page(uz_site):
    for lang in (*LANGS, "uz"):
        folder = uz_site / "uz" if lang == "uz" else lang_dir(uz_site, lang)
        links = _soup(folder / "shelters.html").select(".md-select__link")
        names = [a.get_text(strip=True) for a in links]
        assert "Oʻzbekcha" in names and len(names) == 4, (lang, names)
        uz_link = next(a for a in links if a.get_text(strip=True) == "Oʻzbekcha")
        assert (folder / uz_link["href"]).resolve() == (uz_site / "uz" / "shelters.html").resolve()


def test_search_region_names_directory_map_and_export_in_uzbek(uz_site):
    text = (uz_site / "uz" / "search" / "index.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("=") + 1:].rstrip().rstrip(";"))  # [[location, title, summary], ...]
    assert index and not any(doc[0].startswith(("uz/", "ru/", "en/")) for doc in index)
    assert any(doc[0] == "shelters.html" for doc in index)
    assert "Norin viloyati" in _soup(uz_site / "uz" / "regions" / "kg-n.html").h1.get_text()
    shelters = _soup(uz_site / "uz" / "shelters.html")
    english = _soup(uz_site / "en" / "shelters.html")
    assert [a["id"] for a in shelters.select("article.kg-entry")] == [a["id"] for a in english.select("article.kg-entry")]
    assert "Boshpanalar" in shelters.get_text()  # the category label on each entry
    map_files = [uz_site / "uz" / "map.html", *sorted(uz_site.rglob("*uz*.js")), *sorted(uz_site.rglob("*uz*.json"))]
    assert any("Norin viloyati" in p.read_text(encoding="utf-8") for p in map_files if p.is_file())
    export = json.loads((uz_site / "open-data" / "uz.json").read_text(encoding="utf-8"))
    assert export["lang"] == "uz" and {r["id"]: r["name"] for r in export["locations"]}["naryn"] == "Norin"
