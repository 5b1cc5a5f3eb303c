"""The offline copy (issue 11): the dist zip, unzipped, works from file:// with the network off.

Every page of every language is opened from disk; any request that is not file:// is aborted
and recorded (there must be none), and no page may fail to load one of its own files.
"""

from __future__ import annotations

import zipfile

from conftest import LANGS


def test_every_page_of_the_unzipped_copy_works_offline(browser, dist_zip, tmp_path):
    with zipfile.ZipFile(dist_zip) as archive:
        archive.extractall(tmp_path)
    (top,) = list(tmp_path.iterdir())
    pages = sorted(top.rglob("*.html"))
    assert {p.relative_to(top).parts[0] for p in pages} >= {"ru", "en", "index.html"}, pages[:5]
    context = browser.new_context(viewport={"width": 360, "height": 640}, offline=True)
    external, failed, errors = [], [], []
    context.route(lambda url: not url.startswith("file:"),
                  lambda route: (external.append(route.request.url), route.abort()))
    page = context.new_page()
    page.on("requestfailed", lambda r: failed.append((page.url, r.url, r.failure)))
    page.on("pageerror", lambda e: errors.append((page.url, str(e))))
    for path in pages:
        page.goto(path.as_uri(), wait_until="load")
        assert page.locator("h1").count() >= 1, path
    context.close()
    summary = sorted({(page_url.rsplit("/", 1)[-1], url.rsplit("/", 1)[-1]) for page_url, url, _ in failed})
    assert external == [] and failed == [] and errors == [], (external[:5], summary[:40], errors[:5])
    assert len(LANGS) == 3
