"""The check command and the real `mkdocs build` refuse location leaks and unaccounted numbers with the same message.

A few rows of the table in tests/unit/test_leaks_ledger.py (one per input path:
service text, label, page link, ledger, page text) are run through
``hooks/check.py`` and ``mkdocs build``; each must fail and print the exact
``file:line:col`` text the in-process check gives.
"""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, build, make_project

sys.path.insert(0, str(ROOT / "tests" / "unit"))
import test_leaks_ledger as table  # noqa: E402  (the table lives with the unit tests)

BUILT = ("en-issue-example-three-leaks", "street-in-place-label-en", "tel-link-in-page-not-in-data",
         "number-swapped-old-source-kept", "invisible-in-page")
ROWS = [p for p in table.CASES if p.id in BUILT]


@pytest.mark.parametrize("edits, errors", [p.values for p in ROWS], ids=[p.id for p in ROWS])
def test_check_command_and_build_fail_with_the_same_message(tmp_path, edits, errors):
    project = make_project(tmp_path / "p")
    table.apply(project, edits)
    expected = [table.resolve(e, project, edits[0][0]) for e in errors]
    checked = table.run_check(project)
    result = build(project)
    assert checked.returncode == 1 and result.returncode != 0
    assert "Traceback" not in checked.stderr + result.stderr
    for text in expected:
        assert text in checked.stdout
        assert f"ERROR   -  {text}\n" in result.stderr, result.stderr[-3000:]
