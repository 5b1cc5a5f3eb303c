"""Generated region pages are real files, rewritten only when their text changes (PITFALLS P2)."""

import datetime

import content as content_mod
import pages
from conftest import make_project


def test_region_pages_are_written_once_and_then_left_alone(tmp_path):
    project = make_project(tmp_path / "p", mini=True)
    loaded = content_mod.load_content(project, today=datetime.date(2026, 11, 29))
    docs = project / "content"
    first = pages.write_region_pages(docs, loaded)
    assert len(first) == 3 * 10  # index + 9 regions, in three languages
    stamps = {p: p.stat().st_mtime_ns for p in first}
    assert pages.write_region_pages(docs, loaded) == []  # unchanged: `mkdocs serve` must not loop
    assert {p: p.stat().st_mtime_ns for p in first} == stamps
    assert (docs / "ru" / "regions" / "kg-n.md").read_text(encoding="utf-8").count("<!-- data:region id=KG-N -->") == 1


def test_a_stale_generated_page_is_removed(tmp_path):
    project = make_project(tmp_path / "p", mini=True)
    loaded = content_mod.load_content(project, today=datetime.date(2026, 11, 29))
    docs = project / "content"
    pages.write_region_pages(docs, loaded)
    old = docs / "en" / "regions" / "kg-x.md"
    old.write_text("old", encoding="utf-8")
    assert old in pages.write_region_pages(docs, loaded) and not old.exists()
