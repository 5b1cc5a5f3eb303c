"""Permanent addresses (issue 11.4): every address in content/data/permalinks.txt leads, in every
language of the built site, to its page and the element with its id; every current service,
organization and region page is listed; the editor command finds and adds missing addresses.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import content as content_mod
import permalinks
from conftest import LANGS, ROOT, make_project


def test_every_listed_address_resolves_in_every_language(site):
    listed = permalinks.read_golden()
    assert len(listed) == len(set(listed)), "an address is listed twice"
    assert permalinks.unresolved(site, listed, LANGS) == []


def test_every_current_entry_and_region_page_is_listed():
    current = permalinks.permalinks(content_mod.load_content(ROOT))
    missing = [a for a in current if a not in permalinks.read_golden()]
    assert missing == [], f"run .venv/bin/python hooks/permalinks.py --update to list {missing}"
    assert "shelters.html#naryn-shelter" in current and "regions/kg-n.html" in current
    assert "organizations.html#elsen" in current and "hotlines.html#migrant-hotline" in current


def test_a_lost_entry_or_page_is_reported_in_each_language(site, tmp_path):
    copy = tmp_path / "site"
    for lang in LANGS:  # the site, with the Naryn shelter's article id gone and one region page gone
        prefix = "" if lang == LANGS[0] else f"{lang}/"
        (copy / prefix / "regions").mkdir(parents=True)
        shelters = (site / prefix / "shelters.html").read_text(encoding="utf-8")
        assert shelters.count('id="naryn-shelter"') == 1
        (copy / prefix / "shelters.html").write_text(shelters.replace('id="naryn-shelter"', 'id="x"'), encoding="utf-8")
        shutil.copy(site / prefix / "regions" / "kg-b.html", copy / prefix / "regions" / "kg-b.html")
    bad = permalinks.unresolved(copy, ["shelters.html#naryn-shelter", "regions/kg-b.html", "regions/kg-n.html"], LANGS)
    assert len(bad) == 2 * len(LANGS)
    assert all(("naryn-shelter" in b or "kg-n" in b) for b in bad) and {b.split(":")[0] for b in bad} == set(LANGS)


def test_command_lists_and_adds_a_missing_address(tmp_path):
    project = make_project(tmp_path / "p")
    golden = project / "content" / "data" / "permalinks.txt"
    golden.write_text(golden.read_text(encoding="utf-8").replace("shelters.html#naryn-shelter\n", ""), encoding="utf-8")
    command = [sys.executable, str(project / "hooks" / "permalinks.py")]
    check = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert check.returncode == 1 and "not listed: shelters.html#naryn-shelter" in check.stdout, check.stdout + check.stderr
    update = subprocess.run(command + ["--update"], capture_output=True, text=True, timeout=120)
    assert update.returncode == 0 and golden.read_text(encoding="utf-8").endswith("shelters.html#naryn-shelter\n")
    assert subprocess.run(command, capture_output=True, text=True, timeout=120).returncode == 0


def test_the_list_is_not_published(site):
    assert not list(site.rglob("permalinks.txt"))
