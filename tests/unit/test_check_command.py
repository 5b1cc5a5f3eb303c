"""The editor check command, run as an editor runs it (a subprocess from the project root)."""

import json
import subprocess
import sys

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
    project = make_project(tmp_path / "p")
    path = project / "content" / "data" / "places.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("country: KZ", "country: NO"), encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    line = path.read_text(encoding="utf-8").splitlines().index("    country: NO") + 1
    assert f"content/data/places.yml:{line}:14: places[" in result.stdout
    assert "got NO (read by YAML as bool) — use one of the listed values" in result.stdout


def test_missing_translation_is_a_warning_and_strict_fails(tmp_path):
    project = make_project(tmp_path / "p")
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
    project = make_project(tmp_path / "p")
    path = project / "content" / "data" / "places.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    country: KG\n", "    country: KG\n\tx: 1\n", 1),
                    encoding="utf-8")
    result = run_check(project, "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert json.loads(result.stdout)["errors"][0]["message"] == "tab character; YAML indentation must use spaces"
