"""Run one piece of work on the machine's other core while the build goes on (issue 10).

`start(work)` returns a `Pending` whose `result()` is ``work()``'s return value.  Where it is
safe, ``work`` runs in a forked child process and its result comes back pickled through a
pipe; elsewhere it runs at once, in this process, and `result()` just hands it over.  Either
way the caller gets the same value, so code using it has one meaning and two speeds.

When it forks (`can_fork`): Linux, and this process runs one thread only.  A fork copies only
the calling thread, so with other threads alive (``mkdocs serve`` watches files in one, a test
runner may drive a browser in another) a lock they held would stay locked in the child: there
the work runs in line instead.  The child shares nothing back but its result: whatever ``work``
changes in memory stays in the child.

Errors: an exception inside ``work`` is raised again by `result()` (as `BackgroundError` with
the child's traceback when it ran in a child); a child that dies without a result (killed, out
of memory) is a `BackgroundError` naming its exit status.  Never imports MkDocs.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
import traceback
from typing import Callable


class BackgroundError(RuntimeError):
    """The background work failed or its process ended without a result."""


def can_fork() -> bool:
    """True where `start` runs work in a child process: Linux, one thread alive."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


class Pending:
    """The result of `start`'s work, to be collected once with `result`."""

    def __init__(self, pid: int | None = None, fd: int | None = None, value=None, error: BaseException | None = None):
        self._pid, self._fd, self._value, self._error = pid, fd, value, error

    @property
    def waiting(self) -> bool:
        """True until `result` has collected a child's value (always False for work run in line)."""
        return self._fd is not None

    @property
    def forked(self) -> bool:
        """True if the work runs (or ran) in a child process."""
        return self._pid is not None

    def result(self):
        """Wait for the work (the first time) and return its value, or raise what it raised."""
        if self._fd is not None:
            self._value, self._error = self._collect()
        if self._error is not None:
            raise self._error
        return self._value

    def _collect(self) -> tuple[object, BaseException | None]:
        with os.fdopen(self._fd, "rb") as pipe:
            payload = pipe.read()  # read to the end before waiting: a full pipe would block the child
        self._fd = None
        _, status = os.waitpid(self._pid, 0)
        if not payload:
            return None, BackgroundError(f"the background process ended without a result ({_status(status)})")
        ok, value = pickle.loads(payload)
        return (value, None) if ok else (None, BackgroundError(f"the background work failed:\n{value}"))


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"


def start(work: Callable[[], object], *, fork: bool | None = None) -> Pending:
    """Start ``work()``; return a `Pending` for its value.

    ``fork``: None decides by `can_fork`; False runs the work now, in this process.
    ``work``'s value must pickle (plain data, dataclasses) when it runs in a child.
    """
    if not (can_fork() if fork is None else fork):
        try:
            return Pending(value=work())
        except Exception as exc:  # raised again by result(), where a child's error would be
            return Pending(error=exc)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running the parent's exit handlers
        os.close(read_fd)
        try:
            try:
                payload = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:
                payload = pickle.dumps((False, traceback.format_exc()))
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(write_fd)
    return Pending(pid=pid, fd=read_fd)
