"""The glossary: one term per concept per language, enforced by the check command and the build.

Also the content review of 2026-11-30 (shared/reviews/content-2026-11-30.md): each item of its
section C (advice that needs the sources' caveats) and the text parts of A2/A3 are checked on the
built pages of all three languages: the overstated phrase is gone, the caveat is there.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml
from bs4 import BeautifulSoup

import content as content_mod
import glossary
from conftest import LANGS, ROOT, build, lang_dir, make_project

GLOSSARY = ROOT / "content" / "data" / "glossary.yml"


def terms() -> list[dict]:
    return yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))["terms"]


def run_check(root):
    return subprocess.run([sys.executable, str(root / "hooks" / "check.py"), "--root", str(root)],
                          capture_output=True, text=True, timeout=120)


def insert_line(path, after: str, new_line: str) -> int:
    """Insert ``new_line`` after the first line containing ``after``; return its 1-based number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if after in line) + 1
    lines.insert(index, new_line)
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


# --- Matching ------------------------------------------------------------------


@pytest.mark.parametrize("variant, text, hit", [
    ("НКО", "НКО-партнёры", True),
    ("НКО", "обратитесь в нко.", True),
    ("НКО", "СНКОР", False),                      # inside a word: no match
    ("курмандык*", "адам сатуунун курмандыктарына", True),
    ("курмандык*", "курмандыкка", True),
    ("ӨЭУ*", "өэуларга", True),                   # Kyrgyz letters, any case
    ("жабдуу", "жабдык", False),
    ("Стоп траффик*", "«Стоп\n  траффик»", True),  # a phrase may wrap in a page
    ("исходн* оценк*", "исходная оценка проекта", True),
    ("organisation*", "Organisations", True),
    ("organisation*", "International Organization for Migration", False),
])
def test_refused_variants_match_whole_words_in_any_case(variant, text, hit):
    assert bool(glossary.variant_pattern(variant).search(text)) is hit


# --- The shipped content ----------------------------------------------------------


def test_shipped_content_uses_only_glossary_terms():
    assert glossary.check_texts(ROOT, terms()) == []
    assert content_mod.load_content(ROOT).errors == []


def test_every_terminology_pair_of_the_review_is_in_the_glossary():
    """Review section D: each pair is one concept with a preferred term and the refused variant."""
    by_lang = {lang: {t[lang]["preferred"]: t[lang]["refused"] for t in terms() if lang in t} for lang in LANGS}
    assert by_lang["ru"]["Стоп трафик"] == ["Стоп траффик*"]
    assert "НКО" in by_lang["ru"]["НПО"]
    assert "убежищ*" in by_lang["ru"]["приют"]
    assert "стипенди*" in by_lang["ru"]["ежемесячные пособия"]
    assert "исходн* оценк*" in by_lang["ru"]["базовое исследование"] and "отчёт*" in by_lang["ru"]["доклад"]
    assert "инструмент*" in by_lang["ru"]["оборудование"]
    assert "курмандык*" in by_lang["ky"]["жабырлануучу"]
    assert "ӨЭУ*" in by_lang["ky"]["бейөкмөт уюм"]
    assert "Орусия*" in by_lang["ky"]["Россия"]
    assert "отчет*" in by_lang["ky"]["баяндама"]
    assert any("жумуш менен камсыз кылуу*" in refused for refused in by_lang["ky"].values())
    assert any("психологическая" in v for refused in by_lang["ru"].values() for v in refused)
    assert any("психологиялык" in v for refused in by_lang["ky"].values() for v in refused)


# --- A refused term is reported by the check command and fails the build --------------


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A project copy with one refused term in a page and one in a YAML text."""
    project = make_project(tmp_path_factory.mktemp("glossary") / "p")
    page = project / "content" / "ru" / "guide" / "missing-relative.md"
    page_line = insert_line(page, "## Куда обращаться", "Горячая линия «Стоп траффик» центра «Сезим».")
    texts = project / "content" / "ky" / "services.yml"
    source = texts.read_text(encoding="utf-8")
    old = '    name: "«Сезим» борборунун «Стоп трафик» ишеним телефону, Бишкек"'
    assert old in source
    texts.write_text(source.replace(old, '    name: "Адам сатуунун курмандыктарына «Сезим» ишеним телефону"'),
                     encoding="utf-8")
    yaml_line = texts.read_text(encoding="utf-8").split("\n").index(
        '    name: "Адам сатуунун курмандыктарына «Сезим» ишеним телефону"') + 1
    expected = [
        f"content/ru/guide/missing-relative.md:{page_line}:16: «Стоп траффик» is not the site's term "
        "(glossary 'stop-traffic') — write «Стоп трафик» (see content/data/glossary.yml)",
        f"content/ky/services.yml:{yaml_line}:26: services.sezim-hotline.name: «курмандыктарына» is not the "
        "site's term (glossary 'victim') — write «жабырлануучу» (see content/data/glossary.yml)",
    ]
    return project, expected


def test_check_command_reports_a_refused_term_with_file_line_and_field(broken):
    project, expected = broken
    result = run_check(project)
    assert result.returncode == 1
    for message in expected:
        assert message in result.stdout.splitlines(), result.stdout[:3000]


def test_build_fails_with_the_same_message(broken):
    project, expected = broken
    result = build(project)
    assert result.returncode != 0
    for message in expected:
        assert message in result.stderr, result.stderr[-3000:]


def test_a_bad_glossary_entry_is_an_error_in_the_glossary_file(tmp_path):
    project = make_project(tmp_path / "p", mini=True)
    path = project / "content" / "data" / "glossary.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('      preferred: "НПО"\n', '      prefered: "НПО"\n', 1)
    text = text.replace('      refused: ["Орусия*"]', '      refused: ["Росси*"]', 1)
    path.write_text(text, encoding="utf-8")
    errors = [str(e) for e in content_mod.load_content(project).errors]
    assert errors, "a misspelt key must be reported"
    assert all(e.startswith("content/data/glossary.yml:") for e in errors), errors
    assert any("unknown field 'prefered' — did you mean 'preferred'?" in e for e in errors), errors
    # The shape error stops the glossary; with the key fixed, the self-contradiction is reported.
    path.write_text(text.replace("prefered:", "preferred:"), encoding="utf-8")
    errors = [str(e) for e in content_mod.load_content(project).errors]
    assert len(errors) == 1 and "refused variant 'Росси*' also matches the preferred term 'Россия'" in errors[0]
    assert re.match(r"content/data/glossary\.yml:\d+:\d+: terms\[\d+\]\.ky\.refused\[0\]: ", errors[0])


# --- Review 2026-11-30, section C (and the texts of A2, A3) on the built pages -----------------

#: item → language → (phrases that must be gone from every page, (page, caveat that must be there)).
REVIEW = {
    "A2 no hotline referral": {
        "en": (["to be referred", "and they will refer you"], None),
        "ru": (["вас направят"], None),
        "ky": (["туура жерге жөнөтүшөт"], None),
    },
    "A3 no nationwide heading": {
        "en": (["for the whole country"], None),
        "ru": (["для всей страны"], None),
        "ky": (["Бүткүл өлкө үчүн"], None),
    },
    "C10 officials abroad": {
        "en": (["Tell the officials at once"], ("guide/trouble-abroad.html", "does not bind officials of another country")),
        "ru": (["Сразу скажите официальным лицам"], ("guide/trouble-abroad.html", "не обязывает власти другой страны")),
        "ky": (["Расмий адамдарга дароо эле"], ("guide/trouble-abroad.html", "башка өлкөнүн бийлигине милдет жүктөбөйт")),
    },
    "C11 witness protection": {
        "en": (["you have rights: protection, taking part in the case"],
               ("guide/your-rights.html", "only occasionally enforced")),
        "ru": (["у вас есть права: на защиту"], ("guide/your-rights.html", "лишь изредка")),
        "ky": (["сиздин укуктарыңыз бар: коргоого"], ("guide/your-rights.html", "анда-санда гана")),
    },
    "C11 witness protection (coming home)": {
        "en": ([], ("guide/coming-home.html", "only occasionally enforced")),
        "ru": ([], ("guide/coming-home.html", "лишь изредка")),
        "ky": ([], ("guide/coming-home.html", "анда-санда гана")),
    },
    "C12 compensation": {
        "en": (["sue the traffickers for compensation", "suing for compensation"],
               ("guide/your-rights.html", "not yet available")),
        "ru": (["подать иск к торговцам людьми о возмещении ущерба", "на иск о возмещении ущерба"],
               ("guide/your-rights.html", "ещё недоступна")),
        "ky": (["келтирилген зыянды өндүрүү үчүн адам сатуучуларга каршы доо арыз бере алат"],
               ("guide/your-rights.html", "азырынча жеткиликсиз")),
    },
    "C13 consulates instructed, not obliged": {
        "en": (["obliged to help"], ("consulates.html", "lack of responsiveness")),
        "ru": (["обязаны помогать"], ("consulates.html", "мало откликались")),
        "ky": (["милдеттүү"], ("consulates.html", "начар көңүл бургандыгын")),
    },
    "C14 police and missing relatives": {
        "en": (["Why the police may not open a case"],
               ("guide/missing-relative.html", "the police treat it as a possible trafficking case")),
        "ru": (["Почему милиция может не открыть дело"],
               ("guide/missing-relative.html", "возможный случай торговли людьми")),
        "ky": (["Милиция эмне үчүн иш ачпашы мүмкүн"], ("guide/missing-relative.html", "адам сатуу иши катары карайт")),
    },
}


def page_texts(site, lang: str) -> dict[str, str]:
    """Visible text of every built page of one language, white space collapsed."""
    base = lang_dir(site, lang)
    out = {}
    for path in base.rglob("*.html"):
        rel = path.relative_to(base).as_posix()
        if lang == LANGS[0] and rel.split("/")[0] in LANGS:
            continue
        out[rel] = " ".join(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text(" ").split())
    return out


@pytest.fixture(scope="module")
def texts(site):
    return {lang: page_texts(site, lang) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("item", sorted(REVIEW))
def test_review_item_is_fixed_on_the_built_pages(texts, item, lang):
    gone, caveat = REVIEW[item][lang]
    for phrase in gone:
        found = [rel for rel, text in texts[lang].items() if phrase.casefold() in text.casefold()]
        assert not found, f"{item}: '{phrase}' still on {found}"
    if caveat:
        page, phrase = caveat
        assert phrase.casefold() in texts[lang][page].casefold(), f"{item}: caveat missing on {lang}/{page}"
