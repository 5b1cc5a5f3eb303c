"""The editor check command, run as an editor runs it (a subprocess from the project root)."""

import json
import subprocess
import sys

import pytest

import languages
from conftest import ROOT, make_project


def run_check(root, *args):
    return subprocess.run([sys.executable, str(root / "hooks" / "check.py"), "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120)


def test_shipped_content_passes_and_reports_counts():
    result = run_check(ROOT, "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == [] and report["warnings"] == []
    services = sum(report["counts"]["category"].values())
    assert services == len(__import__("yaml").safe_load(
        (ROOT / "content" / "data" / "services.yml").read_text(encoding="utf-8"))["services"])
    assert report["counts"]["region"]["KG-N"] >= 1
    assert all(item.startswith("ky/") for item in report["review"][:5])
    assert {"id": "naryn-shelter", "verified": "2008-02-29"} in report["stale"]


def test_errors_give_exit_1_and_file_line(tmp_path):
    project = make_project(tmp_path / "p", mini=True)
    path = project / "content" / "data" / "places.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("country: KZ", "country: NO"), encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    line = path.read_text(encoding="utf-8").splitlines().index("    country: NO") + 1
    assert f"content/data/places.yml:{line}:14: places[" in result.stdout
    assert "got NO (read by YAML as yes/no) — use one of the listed values" in result.stdout


def test_missing_translation_is_a_warning_and_strict_fails(tmp_path):
    project = make_project(tmp_path / "p", mini=True)
    path = project / "content" / "ru" / "services.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  naryn-shelter:\n")
    end = text.index("\n  ", start + 5)
    while text[end + 3] == " ":  # skip the entry's own lines
        end = text.index("\n  ", end + 1)
    path.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    normal = run_check(project, "--format", "json")
    assert normal.returncode == 0
    warnings = json.loads(normal.stdout)["warnings"]
    assert [w["message"] for w in warnings] == ["no ru text for 'naryn-shelter' in content/ru/services.yml"]
    assert run_check(project, "--strict").returncode == 1


def test_report_survives_a_broken_file_it_depends_on(tmp_path):
    """Regression: an error in places.yml made the report crash with KeyError instead of listing it."""
    project = make_project(tmp_path / "p", mini=True)
    path = project / "content" / "data" / "places.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    country: KG\n", "    country: KG\n\tx: 1\n", 1),
                    encoding="utf-8")
    result = run_check(project, "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert json.loads(result.stdout)["errors"][0]["message"] == "tab character; YAML indentation must use spaces"


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1  # the line of the edit


def test_errors_in_independent_files_arrive_in_one_round(tmp_path):
    """Issue 12: a syntax error in one translation no longer hides a wrong reference in the data, or a
    leak in another language's labels; only the rules that read the broken file wait, and are named."""
    project = make_project(tmp_path / "p", mini=True)
    content = project / "content"
    text_file = content / languages.CODES[1] / "services.yml"
    _edit(text_file, "services:\n", "services:\n  oops: [\n")
    ref_line = _edit(content / "data" / "organizations.yml", "source: tip-2008", "source: tip-2009")
    result = run_check(project, "--format", "json")
    report = json.loads(result.stdout)
    where = {(e["file"], e["line"]) for e in report["errors"]}
    assert any(e["file"] == f"content/{languages.CODES[1]}/services.yml" and e["message"].startswith("YAML syntax")
               for e in report["errors"]), report["errors"]
    assert ("content/data/organizations.yml", ref_line) in where, report["errors"]
    # the texts check read the broken file: it waited and says so; the reference check did not
    assert "Every record has a text in every language, and every text belongs to a record." in report["not_checked"]
    assert not any(rule.startswith("Every reference") for rule in report["not_checked"])
    text = run_check(project).stdout
    assert "Not checked until the errors above are fixed" in text and "Totals" not in text


def test_a_clean_report_has_nothing_unchecked():
    report = json.loads(run_check(ROOT, "--format", "json").stdout)
    assert report["not_checked"] == []


@pytest.mark.parametrize("file, old, new, fix", [
    ("places.yml", "region: KG-N", "region: Naryn", "'Naryn' is a name: write its code KG-N"),
    ("places.yml", "region: KG-GO", "region: Osh", "'Osh' is a name: write its code KG-GO or KG-O"),
    ("places.yml", "region: KG-T", "region: KG-Т", "'KG-Т' has Cyrillic Т: type 'KG-T' with the Latin keyboard"),
    ("services.yml", "locations: [naryn]", "locations: [nаryn]", "'nаryn' has Cyrillic а: type 'naryn' with the Latin keyboard"),
    ("services.yml", "locations: [naryn]", "locations: [Naryn]", "'Naryn' is a name: write its id naryn"),
    ("services.yml", "locations: [naryn]", "locations: [Нарын]", "'Нарын' is a name: write its id naryn"),
    ("services.yml", "locations: [naryn]", "locations: [naryn-town]", "did you mean 'naryn'?"),
])
def test_messages_name_the_code_for_the_editors_words(tmp_path, file, old, new, fix):
    """Issue 12: a region or town written by its name (any language) is answered with its code or id."""
    project = make_project(tmp_path / "p", mini=True)
    line = _edit(project / "content" / "data" / file, old, new)
    errors = json.loads(run_check(project, "--format", "json").stdout)["errors"]
    assert [e["fix"] for e in errors if e["line"] == line] == [fix], errors
