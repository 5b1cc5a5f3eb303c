"""Shared test helpers: hooks/ on sys.path, a project copy factory and the built site.

`make_project(tmp_path)` copies the real project (content, hooks, overrides,
data, mkdocs.yml) so a test can break one file; `build(project)` runs the real
`mkdocs build` CLI on it.  `site` is the shipped content built once per session
with ``--strict``; `addressed_site` the same with ``site_url`` set (`SITE_URL`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
import languages  # noqa: E402  (hooks/ is on sys.path from here on)

LANGS = languages.CODES  # the registry read from mkdocs.yml; the default language first
COPIED = ("content", "hooks", "overrides", "data", "mkdocs.yml")


#: A small slice of the shipped content (tests/fixtures/mini/README.md): loads in a fraction of the time.
MINI = ROOT / "tests" / "fixtures" / "mini"


def make_project(dest: Path, *, mini: bool = False) -> Path:
    """Copy the project's build inputs to ``dest`` (without generated region pages).

    With ``mini``, the content and mkdocs.yml come from `MINI` (hooks, overrides and data are the project's).
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = (MINI if mini and name in ("content", "mkdocs.yml") else ROOT) / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "regions"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def mini_with_mistake(project: Path, kind: str) -> Path:
    """Copy `MINI` content to ``project`` with one mistake: "leak" (a street in a text), "page" (a script
    in a page), "reference" (a phone covering a town not in places.yml), "yaml" (a syntax error in a language
    file), or "clean" (none)."""
    shutil.copytree(MINI, project)
    if kind == "leak":
        path = project / "content" / "en" / "services.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('description: "', 'description: "Lenin Street 12, 2nd floor. ', 1), encoding="utf-8")
    elif kind == "page":
        page = next(p for p in sorted((project / "content" / "ru").glob("*.md")))
        page.write_text(page.read_text(encoding="utf-8") + '\n<script>alert(1)</script>\n', encoding="utf-8")
    elif kind == "yaml":
        path = project / "content" / "ru" / "services.yml"
        path.write_text(path.read_text(encoding="utf-8") + "  broken: [unclosed\n", encoding="utf-8")
    elif kind == "reference":
        path = project / "content" / "data" / "services.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("places: [bishkek,", "places: [nowhere,", 1), encoding="utf-8")
    return project


def build(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` in ``project`` into ``project/site``; return the finished process."""
    full_env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795000000"} | (env or {})
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(project / "site"), *args],
                          cwd=project, capture_output=True, text=True, env=full_env, timeout=600)


def lang_dir(site: Path, lang: str) -> Path:
    """Return the output folder of a language (the default language is at the root)."""
    return site if lang == LANGS[0] else site / lang


@pytest.fixture(scope="session")
def mini_content():
    """The `MINI` content, loaded and checked once (build date fixed: SOURCE_DATE_EPOCH of `build`)."""
    import datetime

    import content as content_mod

    loaded = content_mod.load_content(MINI, today=datetime.date(2026, 11, 18))
    assert not loaded.errors, loaded.errors
    return loaded


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="session")
def site(project) -> Path:
    """The shipped content, built once with --strict."""
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site"


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver for the whole session: the sync API refuses a second one while
    the first is running, so build tests that need Chromium share this one with tests/browser."""
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture(scope="session")
def dist_zip(tmp_path_factory) -> Path:
    """The offline copy made by `hooks/dist.py` (the documented command), in a temp folder."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, str(ROOT / "hooks" / "dist.py"), "--out", str(out)],
                            capture_output=True, text=True, timeout=600,
                            env=os.environ | {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795000000"})
    assert result.returncode == 0, result.stdout + result.stderr
    zips = list(out.glob("kg-safe-migration-*.zip"))
    assert len(zips) == 1 and str(zips[0]) in result.stdout, (zips, result.stdout)
    return zips[0]


#: The address the `addressed_site` is built for (a sub-path, as mirrors use).
SITE_URL = "https://safe-migration.example.org/kg/"


@pytest.fixture(scope="session")
def addressed_site(tmp_path_factory) -> Path:
    """The shipped content built with --strict, with ``site_url: SITE_URL`` and a signing key fingerprint."""
    project = make_project(tmp_path_factory.mktemp("addressed"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("docs_dir: content", f"site_url: {SITE_URL}\ndocs_dir: content", 1)
    text = text.replace("signing_key_fingerprint: null", 'signing_key_fingerprint: "SHA256:testkeyfingerprint"')
    config.write_text(text, encoding="utf-8")
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


# hostile: text that passes the check but would run or break markup if any output forgot to escape it
# (or un-escaped it twice, as Jinja's `striptags` does): '&lt;img …&gt;' must stay those six characters.
HOSTILE_TEXT = "Q&A \"x\" 'y' a < b &lt;img src=x onerror&#61;alert(1)&gt; &amp;"


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """The shipped content with `HOSTILE_TEXT` in labels, front matter and a text, and with Windows
    line ends and byte-order marks in a page and a YAML file; built with --strict.  Returns the site folder."""
    project = make_project(tmp_path_factory.mktemp("hostile"))
    labels = project / "content" / "en" / "labels.yml"
    text = labels.read_text(encoding="utf-8")
    quoted = '"' + HOSTILE_TEXT.replace('"', '\\"') + '"'
    for old in ('"Batken Region"', '"Shelters"', '"Naryn"', '"Free hotlines"',
                '"Kyrgyzstan 2008 Trafficking in Persons (TIP) report, US Embassy Bishkek"'):
        assert text.count(old) == 1, old
        text = text.replace(old, quoted)
    labels.write_text(text, encoding="utf-8")
    about = project / "content" / "en" / "about.md"
    text = about.read_text(encoding="utf-8").split("\n")
    text[1], text[2] = f"title: {quoted}", f"description: {quoted}"
    about.write_text("\n".join(text), encoding="utf-8")
    services = project / "content" / "en" / "services.yml"
    text = services.read_text(encoding="utf-8")
    old = '    description: "Shelter for women victims of domestic violence in Naryn'
    services.write_text(text.replace(old, f'{old} {HOSTILE_TEXT.replace(chr(34), chr(92) + chr(34))}'), encoding="utf-8")
    for rel, bom in (("content/en/hotlines.md", False), ("content/ru/about.md", True), ("content/ru/labels.yml", True)):
        path = project / rel
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + path.read_bytes().replace(b"\n", b"\r\n"))
    result = build(project, "--strict")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-4000:]
    return project / "site"
