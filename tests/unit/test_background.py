"""`background.start`: the value comes back the same from a child process or in line, failures
are reported, and the content checks give the same findings either way (issue 10)."""

from __future__ import annotations

import datetime
import os
import signal
import threading

import pytest

import background
import content as content_mod
from conftest import mini_with_mistake

TODAY = datetime.date(2026, 11, 18)


def test_forked_work_runs_in_another_process_and_returns_its_value():
    pending = background.start(lambda: (os.getpid(), {"a": [1, 2]}), fork=True)
    assert pending.forked
    pid, value = pending.result()
    assert pid != os.getpid() and value == {"a": [1, 2]}
    assert pending.result() == (pid, value)  # asked again: the same value, no second wait


def test_a_result_larger_than_the_pipe_comes_back_whole():
    big = "ӨҮҢ" * 400_000  # 2.4 MB: the child blocks on the pipe until the parent reads
    assert background.start(lambda: big, fork=True).result() == big


def test_an_error_in_the_child_is_raised_with_its_traceback():
    def work():
        raise ValueError("services.yml: broken on purpose")
    with pytest.raises(background.BackgroundError, match="ValueError: services.yml: broken on purpose"):
        background.start(work, fork=True).result()


def test_a_child_that_dies_without_a_result_is_an_error():
    pending = background.start(lambda: os.kill(os.getpid(), signal.SIGKILL), fork=True)
    for _ in range(2):  # asked again: the same error
        with pytest.raises(background.BackgroundError, match="killed by signal 9"):
            pending.result()


def test_in_line_work_runs_here_and_raises_its_own_error():
    pending = background.start(os.getpid, fork=False)
    assert not pending.forked and pending.result() == os.getpid()

    def work():
        raise KeyError("x")
    with pytest.raises(KeyError):
        background.start(work, fork=False).result()


def test_no_fork_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not background.can_fork()
        assert not background.start(os.getpid).forked
    finally:
        stop.set()
        other.join()


FIELDS = ("errors", "warnings", "not_checked", "broken", "outdated")


@pytest.mark.parametrize("kind", ["clean", "leak", "page", "reference", "yaml"])
def test_checks_in_a_child_find_what_checks_in_line_find(tmp_path, monkeypatch, kind):
    """The language files are read by a child too; with an error among them the checks run in line."""
    project = mini_with_mistake(tmp_path / kind, kind)
    in_line = content_mod.load_content(project, today=TODAY)
    monkeypatch.setattr(background, "can_fork", lambda: True)  # also under a test runner with threads
    children = []
    start = background.start
    monkeypatch.setattr(background, "start", lambda work, **kw: children.append(start(work, **kw)) or children[-1])
    started = content_mod.load_content(project, today=TODAY, background=True)
    assert children and all(child.forked for child in children)
    if kind == "yaml":  # an error while reading: the checks ran here, all errors are in at once
        assert started.pending is None and len(children) == 1
        assert started.errors == in_line.errors and started.not_checked == in_line.not_checked
        return
    assert started.pending is children[-1] and len(children) == 2
    assert started.errors == []  # nothing found yet: the checks run in the child
    finished = content_mod.finish_loading(started)
    assert finished.pending is None
    for name in FIELDS:
        assert getattr(finished, name) == getattr(in_line, name), name
    assert bool(in_line.errors) == (kind != "clean")


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_entries_rendered_in_a_child_are_the_entries_rendered_here(mini_content, lang):
    import render
    import sanitize
    from conftest import ROOT

    def renderer():
        return render.Renderer(mini_content, lang, render.make_env(ROOT / "overrides" / "partials"),
                               clean_each=sanitize.clean_each)
    services = list(mini_content.services.values())
    keys = [(s["id"], level) for level in (2, 3) for s in services]
    ahead = background.start(lambda: renderer().entry_html(keys), fork=True)
    assert ahead.forked
    given = renderer()
    given.add_entries(ahead.result())
    here = renderer()
    for level in (2, 3):
        assert given.entries(services, level) == here.entries(services, level)
    assert given.rendered_entries() == keys  # nothing was rendered again
