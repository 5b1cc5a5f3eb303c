"""`mkdocs build` checks the content on its other core while it reads pages (issue 10), and still
refuses bad content as before: the same errors as the in-line check, no traceback, no page written.

The reference case breaks the renderer too (a service in a town that does not exist): the build
must report the content error, not the exception it causes.
"""

from __future__ import annotations

import datetime
import shutil

import pytest

import content as content_mod
from conftest import ROOT, build, mini_with_mistake

TODAY = datetime.date(2026, 11, 18)  # the build date of `build` (SOURCE_DATE_EPOCH)


@pytest.mark.parametrize("kind", ["leak", "page", "reference"])
def test_a_build_refuses_bad_content_with_the_checks_errors_and_writes_no_page(tmp_path, kind):
    project = mini_with_mistake(tmp_path / "p", kind)
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    expected = content_mod.load_content(project, today=TODAY).errors
    assert expected
    result = build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for error in expected:
        assert f"ERROR   -  {error}\n" in result.stderr, result.stderr[-3000:]
    assert f"ERROR   -  {len(expected)} content error(s); see the lines above" in result.stderr
    assert not list((project / "site").rglob("*.html"))
