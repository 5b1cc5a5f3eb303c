"""No inline script, style element or style attribute in any built page (strict CSP, issue 8 item 6).

The browser test tests/browser/test_csp.py proves the pages work under the policy; this fast
check names the file and the element when an inline snippet comes back (e.g. after a Material
upgrade adds one to base.html).
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

# The map page has no inline script or style either (data file + kg-map.js): nothing is excluded.
EXCLUDED: set = set()


def pages(site):
    return [p for p in sorted(site.rglob("*.html")) if p.name not in EXCLUDED]


def test_no_inline_script_or_style(site):
    problems = []
    for page in pages(site):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        rel = page.relative_to(site)
        for script in html.find_all("script"):
            if not script.get("src") and script.get("type") != "application/json":
                problems.append(f"{rel}: inline <script> {script.get_text()[:60]!r}")
        problems += [f"{rel}: <style> element" for _ in html.find_all("style")]
        problems += [f"{rel}: style= on <{tag.name}>" for tag in html.find_all(style=True)]
        problems += [f"{rel}: {attr}= on <{tag.name}>" for tag in html.find_all(True)
                     for attr in tag.attrs if attr.startswith("on")]
        problems += [f"{rel}: javascript: link" for a in html.find_all(href=True)
                     if a["href"].strip().lower().startswith("javascript:")]
    assert problems == [], "\n".join(problems[:20])


@pytest.mark.parametrize("name", ["kg-critical.css", "kg-material.css", "kg.css"])
def test_stylesheets_exist(site, name):
    assert (site / "assets" / "stylesheets" / name).stat().st_size > 0
