"""Fixtures of the browser tests: the built site over http, Debian's Chromium, a watched tab.

* `serve(folder, headers=None)` serves a folder on 127.0.0.1 (free port, quiet) in a thread,
  adding ``headers`` (e.g. a Content-Security-Policy; a dict, or a function of the path) to every response;
  `site_url` is the shipped site (the ``site`` fixture of tests/conftest.py) served once per session.
* `browser` is Chromium at /usr/bin/chromium driven by Playwright, headless, with
  no background traffic.  A missing Chromium FAILS the tests (it is never a skip).
* `tab` is a fresh context and page whose requests to any host other than
  127.0.0.1 are aborted and recorded, with console errors, page errors, failed
  requests of the own host and dialogs recorded too.  ``tab.visit(url)`` loads a
  page and waits until its own requests (e.g. the map's scripts) are over.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
HOST = "127.0.0.1"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict = {}

    def log_message(self, *args):  # no access log on stderr
        pass

    def end_headers(self):
        headers = type(self).extra_headers  # via the class: a function stays a plain function
        for name, value in (headers(self.path) if callable(headers) else headers).items():
            self.send_header(name, value)
        super().end_headers()


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a browser closing a connection early is normal
        pass


@contextlib.contextmanager
def serve(folder: Path, headers: dict | None = None):
    """Serve ``folder`` over http on 127.0.0.1 at a free port; yield its base URL (ends with ``/``).

    ``headers`` (name → value) are added to every response; or a function of the request path
    returning them (a policy per path).
    """
    extra = headers if callable(headers) else dict(headers or {})
    handler_class = type("Handler", (_QuietHandler,), {"extra_headers": extra})
    handler = functools.partial(handler_class, directory=str(folder))
    server = _QuietServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def require_chromium() -> None:
    """Fail (never skip) when Debian's Chromium is not installed."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"{CHROMIUM} is missing or not executable: the browser tests need Debian's Chromium "
                    "(apt-get install chromium, as .ci/run does); they must not be skipped", pytrace=False)


def is_external(url: str) -> bool:
    """True for a network URL whose host is not 127.0.0.1 (data:, blob: and about: stay in the page)."""
    parts = urlsplit(url)
    return parts.scheme not in ("data", "blob", "about") and parts.hostname != HOST


class Tab:
    """A page whose traffic and errors are recorded (see the module docstring)."""

    def __init__(self, context, base_url: str):
        self.context = context
        self.base_url = base_url
        self.external: list[str] = []        # requests to another host (aborted)
        self.failed: list[tuple[str, str]] = []  # own-host requests that failed or got a status >= 400
        self.console_errors: list[dict] = []
        self.page_errors: list[str] = []
        self.dialogs: list[tuple[str, str]] = []
        self._pending: set = set()
        context.route(is_external, self._abort)
        self.page = context.new_page()
        page = self.page
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("dialog", self._dialog)
        page.on("request", lambda request: self._pending.add(request))
        page.on("requestfinished", lambda request: self._pending.discard(request))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _abort(self, route):
        self.external.append(route.request.url)
        route.abort()

    def _console(self, message):
        if message.type == "error":
            self.console_errors.append({"text": message.text, "url": message.location.get("url", "")})

    def _dialog(self, dialog):
        self.dialogs.append((dialog.type, dialog.message))
        dialog.dismiss()

    def _request_failed(self, request):
        self._pending.discard(request)
        if urlsplit(request.url).hostname == HOST:
            self.failed.append((request.url, request.failure or "failed"))

    def _response(self, response):
        if response.status >= 400 and urlsplit(response.url).hostname == HOST:
            self.failed.append((response.url, str(response.status)))

    # --- driving -------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path

    def settle(self, quiet: float = 0.15, timeout: float = 5.0) -> None:
        """Wait until no request of the page has been in flight for ``quiet`` seconds (at most ``timeout``).

        The quiet time covers chains of requests (a script that loads another, as search
        does when opened), so a following navigation aborts nothing.
        """
        deadline = time.monotonic() + timeout
        quiet_since = None
        while time.monotonic() < deadline:
            if self._pending:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= quiet:
                return
            self.page.wait_for_timeout(25)

    def visit(self, path: str):
        """Open ``base_url + path``, wait for the load event and the page's own requests; return the response."""
        response = self.page.goto(self.url(path), wait_until="load")
        assert response is not None and response.ok, (path, response and response.status)
        self.settle()
        return response

    # --- what was recorded ---------------------------------------------------------

    def reset(self) -> None:
        """Forget what was recorded so far."""
        for record in (self.external, self.failed, self.console_errors, self.page_errors, self.dialogs):
            record.clear()

    def assert_no_errors(self) -> None:
        """No page error, no dialog, no console error and no failed own-host request."""
        assert self.page_errors == [], self.page_errors
        assert self.dialogs == [], self.dialogs
        assert self.console_errors == [], self.console_errors
        assert self.failed == [], self.failed


@pytest.fixture(scope="session")
def site_url(site):
    """Base URL (``http://127.0.0.1:<port>/``) of the shipped site, served for the whole session."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(playwright_driver):
    require_chromium()
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_tab(browser, site_url):
    """Factory: ``new_tab(base_url=..., **context_options)`` opens a watched tab; all are closed after the test."""
    contexts = []

    def open_tab(base_url: str = site_url, **options) -> Tab:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return Tab(context, base_url)

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def tab(new_tab) -> Tab:
    """A watched tab on the shipped site, desktop viewport (1280×900)."""
    return new_tab()
