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


# A hook that fails once, while the last language writes its pages (a full disk, say): by then the
# work done ahead (other languages' entries, open data) runs in child processes.
FAIL_ONCE = '''
import os
def on_post_page(output, page, config):
    if page.file.src_uri.startswith("en/") and os.path.exists("FAIL_ONCE"):
        os.remove("FAIL_ONCE")
        raise OSError("no space left on device (on purpose)")
    return output
'''
TWO_BUILDS = '''
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
for out in sys.argv[1:]:
    try:
        build(load_config("mkdocs.yml", site_dir=out))
    except Exception as exc:
        print("failed:", exc)
'''


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_after_a_failed_one_in_the_same_process_is_whole(tmp_path):
    """The second build must not take the first one's unfinished work (its open data went to a
    folder the second build cleaned): the same site as a fresh build."""
    import os
    import subprocess
    import sys

    project = mini_with_mistake(tmp_path / "p", "clean")
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "hooks" / "fail_once.py").write_text(FAIL_ONCE, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - hooks/site.py\n", "  - hooks/site.py\n  - hooks/fail_once.py\n", 1), encoding="utf-8")
    (project / "FAIL_ONCE").touch()
    result = subprocess.run([sys.executable, "-c", TWO_BUILDS, str(tmp_path / "first"), str(tmp_path / "second")],
                            cwd=project, capture_output=True, text=True, timeout=600,
                            env=os.environ | {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795000000"})
    assert result.stdout.count("failed:") == 1 and "on purpose" in result.stdout, result.stdout + result.stderr[-3000:]
    assert build(project).returncode == 0
    second, fresh = _tree(tmp_path / "second"), _tree(project / "site")
    assert sorted(second) == sorted(fresh)
    assert [name for name in fresh if second[name] != fresh[name]] == []


def test_content_that_breaks_a_page_gives_exactly_the_checks_errors(tmp_path):
    """A service citing a source that does not exist makes the renderer fail on the first page, while
    the checks still run: the build says what the in-line check says, and no "Error reading page"
    line that sends the editor to a page with nothing wrong in it."""
    project = mini_with_mistake(tmp_path / "p", "clean")
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    services = project / "content" / "data" / "services.yml"
    services.write_text(services.read_text(encoding="utf-8").replace("source: tip-2008", "source: nosuch-src", 1),
                        encoding="utf-8")
    expected = [str(e) for e in content_mod.load_content(project, today=TODAY).errors]
    assert any("nosuch-src" in e for e in expected)
    result = build(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line.split("ERROR   -  ", 1)[1] for line in result.stderr.splitlines() if line.startswith("ERROR   -  ")]
    assert errors == expected + [f"{len(expected)} content error(s); see the lines above"], result.stderr[-3000:]
    assert not list((project / "site").rglob("*.html"))


COUNT_CHILDREN = '''
import os
from mkdocs.commands.build import build
from mkdocs.config import load_config
for n in range(2):
    build(load_config("mkdocs.yml", site_dir=f"site{n}"))
    children = [pid for pid in os.listdir("/proc") if pid.isdigit()
                and open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1] == str(os.getpid())]
    print("children:", len(children))
'''


def test_builds_in_one_process_leave_no_child_behind(tmp_path):
    """A second build of unchanged content has the other languages' entries already: it starts no child
    to render them again (that child was never collected: a zombie and an open pipe per build)."""
    import os
    import subprocess
    import sys

    project = mini_with_mistake(tmp_path / "p", "clean")
    for name in ("hooks", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    result = subprocess.run([sys.executable, "-c", COUNT_CHILDREN], cwd=project, capture_output=True, text=True,
                            timeout=600, env=os.environ | {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795000000"})
    assert result.stdout.splitlines() == ["children: 0", "children: 0"], result.stdout + result.stderr[-3000:]
