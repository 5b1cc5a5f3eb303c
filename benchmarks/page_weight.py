"""What a reader's browser really fetches, against the budgets in benchmarks/budgets.yml (issue 10).

One command (from the project root; needs Debian's Chromium at /usr/bin/chromium):

    .venv/bin/python benchmarks/page_weight.py [--synthetic 100,1000] [--out benchmarks/results]

(a) Page weight.  Builds the site into a temporary folder, serves it with a small gzip-serving
    http server (gzip level 6 for text types) and opens every page template of budgets.yml in
    every language in Chromium (Playwright), one fresh context per page: empty cache, 360x640.
    Every request is counted where it arrives, at the server, so what scripts and workers fetch
    (search index, worker, lunr, sitemaps, favicon) is included; bytes are the gzip-encoded
    response bodies on the wire.  Chromium's own request log (context events, workers
    included) is kept alongside.  Render-blocking bytes = the gzip size of the HTML up to the
    end of the hotline strip + every resource Chromium marks ``renderBlockingStatus ==
    "blocking"``.  In the same run a plain Material site of the same Markdown (data markers
    stripped; theme material with its search plugin, no hooks, no overrides) is built per
    language and weighed the same way, for the ratio.
(b) Scale (``--synthetic 100,1000,5000``).  `synthetic.py` adds N valid synthetic services (all
    regions, categories, languages) to a copy of the project; the build's wall time, CPU time
    and peak memory (``os.wait4`` of the build process) are recorded, with time per entry, the
    largest page, the first load of the pages in `SCALE_PAGES` and of the map page, and the
    map page's longest task on a 4x slowed CPU (the median of `TASK_LOADS` loads, each load's
    longest kept; the home page's beside it, what the theme alone costs) and the longest task
    of opening the popup of the town with the most services.

Output: a Markdown table and JSON in ``--out`` (``weight.md``/``weight.json`` and
``scale.md``/``scale.json``), linked from docs/maintaining.md.  Budgets are checked and the
verdict printed; times are reported, never asserted (CI checks bytes: tests/build/test_budgets.py).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUDGETS = Path(__file__).resolve().parent / "budgets.yml"
LANGS = ("ky", "ru", "en")
PREFIX = {"ky": "", "ru": "ru/", "en": "en/"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 360, "height": 640}
GZIP_TYPES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".geojson", ".map")
COPIED = ("content", "hooks", "overrides", "data", "mkdocs.yml")
KB = 1000


def load_budgets(path: Path = BUDGETS) -> dict:
    """Return benchmarks/budgets.yml as a mapping (see the file for the meaning of each key)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- the gzip server -----------------------------------------------------------------------


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files, gzip-encoded for text types when the client accepts it; logs (path, bytes)."""

    log: list  # set per server: [(path, status, body bytes sent)]

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            self.log.append((self.path, 404, 0))
            return
        body = path.read_bytes()
        # Like a plain static host: Last-Modified, no Cache-Control (each page gets a fresh context).
        headers = {"Content-Type": self.guess_type(str(path)),
                   "Last-Modified": self.date_time_string(int(path.stat().st_mtime))}
        if path.suffix in GZIP_TYPES and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6, mtime=0)
            headers["Content-Encoding"] = "gzip"
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.log.append((self.path, 200, len(body)))


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


@contextlib.contextmanager
def serve_gzip(folder: Path):
    """Serve ``folder`` on 127.0.0.1 with gzip; yield ``(base_url, log)`` (log: see `_GzipHandler`)."""
    log: list = []
    handler = functools.partial(type("H", (_GzipHandler,), {"log": log}), directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", log
    finally:
        server.shutdown()
        server.server_close()


# --- building -------------------------------------------------------------------------------


def copy_project(dest: Path) -> Path:
    """Copy the project's build inputs to ``dest`` (generated region pages left out)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "regions"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def build(project: Path, site: Path, strict: bool = True) -> dict:
    """Run ``mkdocs build`` in ``project`` into ``site``.

    Returns ``{"wall_s", "cpu_s", "peak_mb"}``: wall time, user+system CPU time and peak
    resident memory of the build process (``os.wait4``).  Raises RuntimeError with the
    build's last output when it fails.
    """
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795000000"}
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)] + (["--strict"] if strict else [])
    start = time.monotonic()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(args, cwd=project, env=env, stdout=out, stderr=out)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            out.seek(0)
            raise RuntimeError(f"mkdocs build failed in {project}:\n{out.read().decode()[-3000:]}")
    return {"wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_mb": round(usage.ru_maxrss / 1024, 1)}


MARKER = re.compile(r"<!--\s*data:[^>]*-->")


def plain_project(project: Path, lang: str, dest: Path) -> Path:
    """Write a plain Material project of one language's Markdown (markers stripped) to ``dest``.

    The theme language is Russian for the Kyrgyz pages (Material has no Kyrgyz), so its search
    loads the Russian lunr files, as a plain site for this audience would.
    """
    docs = dest / "docs"
    src = project / "content" / lang
    for md in src.rglob("*.md"):
        target = docs / md.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(MARKER.sub("", md.read_text(encoding="utf-8")), encoding="utf-8")
    config = {"site_name": "Plain Material", "use_directory_urls": False,
              "theme": {"name": "material", "language": "en" if lang == "en" else "ru"},
              "plugins": ["search"]}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return dest


def plain_i18n_project(project: Path, dest: Path) -> Path:
    """Write the floor of the build-time budget to ``dest``: Material with mkdocs-static-i18n and
    search, as our mkdocs.yml configures them, over the same Markdown of every language (markers
    stripped), with no hooks, CSS or scripts of ours and of our overrides only the theme's Kyrgyz
    strings (Material has none).

    What the stack itself costs to build this site; our build can only be slower.
    """
    ours = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    for lang in LANGS:
        src = project / "content" / lang
        for md in src.rglob("*.md"):
            target = dest / "docs" / lang / md.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(MARKER.sub("", md.read_text(encoding="utf-8")), encoding="utf-8")
    # Material has no Kyrgyz: the theme's strings for ky are the one file of ours it needs
    languages = project / "overrides" / "partials" / "languages"
    shutil.copytree(languages, dest / "overrides" / "partials" / "languages")
    config = {"site_name": "Plain Material", "use_directory_urls": False, "nav": ours.get("nav"),
              "theme": {"name": "material", "language": "ru", "custom_dir": "overrides"},
              "markdown_extensions": ours.get("markdown_extensions"), "plugins": ours["plugins"]}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return dest


# --- measuring in Chromium -------------------------------------------------------------------


def launch(playwright):
    """Debian's Chromium, headless, without background traffic."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def _html_until_strip(html: str) -> str:
    """The HTML up to the end of the hotline strip (the whole page when there is none)."""
    start = html.find('class="kg-strip"')
    if start < 0:
        return html
    end = html.find("</div>", start)
    return html[: end + len("</div>")]


def weigh(browser, base_url: str, log: list, path: str, cpu_slowdown: int = 0, quiet_ms: int = 600) -> dict:
    """Open ``base_url + path`` in a fresh 360x640 context; return what it cost.

    Shape: ``{"path", "bytes", "requests", "files": [[url path, bytes]], "browser_requests":
    [[url, resource type]], "blocking_bytes", "search_bytes", "load_ms", "longest_task_ms",
    "script_ms": {script file name: its longest run, ms}}``.
    ``search_bytes`` are bytes fetched under a ``search/`` folder or by Material's search
    (worker, lunr) during the load; ``longest_task_ms`` and ``script_ms`` (Long Animation Frames' script
    attribution: which script ran how long, one evaluation or callback at a time) are measured when
    ``cpu_slowdown`` > 0.
    """
    context = browser.new_context(viewport=VIEWPORT)
    seen = []
    pending = set()
    context.on("request", lambda r: (seen.append([r.url, r.resource_type]), pending.add(r)))
    context.on("requestfinished", lambda r: pending.discard(r))
    context.on("requestfailed", lambda r: pending.discard(r))
    page = context.new_page()
    if cpu_slowdown:
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
        page.add_init_script("""window.__kgLong = 0; try { new PerformanceObserver(l => l.getEntries().forEach(
            e => { window.__kgLong = Math.max(window.__kgLong, e.duration); })).observe({type: 'longtask', buffered: true});
            } catch (e) {}
            window.__kgScripts = {}; try { new PerformanceObserver(l => l.getEntries().forEach(f => f.scripts.forEach(s => {
              const name = s.sourceURL.split('/').pop() || s.invoker;
              window.__kgScripts[name] = Math.max(window.__kgScripts[name] || 0, Math.round(s.duration));
            }))).observe({type: 'long-animation-frame', buffered: true});
            } catch (e) {}""")
    del log[:]
    start = time.monotonic()
    page.goto(base_url + path, wait_until="load")
    load_ms = (time.monotonic() - start) * 1000
    quiet_since = time.monotonic()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:   # wait until nothing has been in flight for quiet_ms
        if pending:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_ms / 1000:
            break
        page.wait_for_timeout(50)
    files = [[p, n] for p, status, n in list(log)]
    blocking = page.evaluate("""() => performance.getEntriesByType('resource')
        .filter(e => e.renderBlockingStatus === 'blocking').map(e => e.encodedBodySize)""")
    longest = page.evaluate("window.__kgLong || 0") if cpu_slowdown else None
    scripts = page.evaluate("window.__kgScripts || {}") if cpu_slowdown else None
    context.close()
    with urllib.request.urlopen(base_url + path) as response:  # plain text: no Accept-Encoding
        html = response.read().decode("utf-8")
    head = len(gzip.compress(_html_until_strip(html).encode(), 6))
    search = sum(n for p, n in files if "/search/" in p or "/workers/" in p or "/lunr/" in p)
    return {"path": path, "bytes": sum(n for _, n in files), "requests": len(files), "files": files,
            "browser_requests": [s for s in seen if not s[0].startswith("data:")],
            "blocking_bytes": head + sum(blocking), "search_bytes": search,
            "load_ms": round(load_ms), "longest_task_ms": None if longest is None else round(longest),
            "script_ms": scripts}


#: Loads per page for the long-task numbers of the scale run: one load on a busy machine says little.
TASK_LOADS = 5


#: The map's own scripts (the rest of a map page's long tasks is the theme's, as on every page).
MAP_SCRIPTS = ("kg-map.js", "map.data.js", "leaflet.js", "leaflet.markercluster.js")


def longest_tasks(browser, base_url: str, log: list, path: str) -> tuple[list[int], list[int]]:
    """For each of `TASK_LOADS` first loads of ``path`` (CPU slowed 4x): its longest task, and the
    longest run of one of `MAP_SCRIPTS` (0 when none ran 5 ms in a long frame), ms."""
    runs = [weigh(browser, base_url, log, path, cpu_slowdown=4) for _ in range(TASK_LOADS)]
    return ([r["longest_task_ms"] for r in runs],
            [max([ms for name, ms in r["script_ms"].items() if name in MAP_SCRIPTS] or [0]) for r in runs])


def popup_task(browser, base_url: str, cpu_slowdown: int = 4) -> dict:
    """Open the map popup of the town with the most services; ``{"services", "longest_task_ms"}``.

    The map page is loaded on a CPU slowed ``cpu_slowdown`` times, the town shown (the cluster
    plugin zooms to it), then its popup opened; the longest task that ends after the opening
    starts counts (the script adds long lists over several tasks).
    """
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
    page.add_init_script("""window.__kgTasks = []; try { new PerformanceObserver(l => l.getEntries().forEach(
        e => window.__kgTasks.push([e.startTime, e.duration]))).observe({type: 'longtask', buffered: true}); } catch (e) {}""")
    page.goto(base_url + "map.html")
    page.wait_for_function("() => window.kgMap", timeout=60_000)
    got = page.evaluate("""() => new Promise(done => {
        const town = kgMap.markers.slice().sort((a, b) => b.kgTown.services.length - a.kgTown.services.length)[0];
        kgMap.group.zoomToShowLayer(town, () => setTimeout(() => {
            const since = performance.now();
            town.openPopup();
            setTimeout(() => done({since, services: town.kgTown.services.length}), 4000);
        }, 1000)); })""")
    tasks = page.evaluate("window.__kgTasks")
    context.close()
    longest = max([d for start, d in tasks if start + d >= got["since"]] or [0])
    return {"services": got["services"], "longest_task_ms": round(longest)}


def weigh_site(browser, site: Path, pages: list[str], langs=LANGS, prefix=PREFIX) -> dict:
    """``{lang: {page: weigh(...)}}`` for the given pages of a built site."""
    out = {}
    with serve_gzip(site) as (url, log):
        for lang in langs:
            out[lang] = {page: weigh(browser, url, log, prefix[lang] + page) for page in pages}
    return out


def search_index_bytes(site: Path) -> dict:
    """gzip bytes (level 6) of each language's search index (search/index.js)."""
    return {lang: len(gzip.compress((site / PREFIX[lang] / "search" / "index.js").read_bytes(), 6))
            for lang in LANGS}


# --- (a) page weight -------------------------------------------------------------------------


def page_weight(playwright, work: Path, budgets: dict) -> dict:
    """Build ours and the plain sites, then weigh every budgeted page; return the JSON result.

    Every build runs before the browser starts: an idle Chromium still takes about a tenth of a
    core, which a build using both cores of this machine would pay in wall time."""
    project = copy_project(work / "project")
    ours = build(project, work / "site")
    plains = {lang: plain_project(project, lang, work / f"plain-{lang}") for lang in LANGS}
    for plain in plains.values():
        build(plain, plain / "site", strict=False)
    floor = plain_i18n_project(project, work / "plain-i18n")
    plain_build = build(floor, floor / "site", strict=False)
    text_pages, map_pages = budgets["text_pages"]["pages"], budgets["map_page"]["pages"]
    browser = launch(playwright)
    try:
        result = {"build": ours, "pages": weigh_site(browser, work / "site", text_pages + map_pages),
                  "search_index": search_index_bytes(work / "site"), "plain_build": plain_build,
                  "plain": {lang: weigh_site(browser, plain / "site", text_pages + map_pages,
                                             langs=(lang,), prefix={lang: ""})[lang] for lang, plain in plains.items()}}
    finally:
        browser.close()
    result["verdicts"] = verdicts(result, budgets)
    return result


def verdicts(result: dict, budgets: dict) -> list[str]:
    """Every budget broken, as readable lines (empty when all hold)."""
    bad = []
    text = budgets["text_pages"]
    for lang, pages in result["pages"].items():
        for page, m in pages.items():
            limit = text["max_kb"] if page in text["pages"] else budgets["map_page"]["max_kb"]
            if m["bytes"] > limit * KB:
                bad.append(f"{lang} {page}: {m['bytes'] / KB:.1f} KB > {limit} KB")
            if page in text["pages"]:
                if m["requests"] > text["max_requests"]:
                    bad.append(f"{lang} {page}: {m['requests']} requests > {text['max_requests']}")
                plain = result.get("plain", {}).get(lang, {}).get(page)
                if plain and m["bytes"] / plain["bytes"] > text["max_ratio_to_plain"]:
                    bad.append(f"{lang} {page}: ratio {m['bytes'] / plain['bytes']:.2f} > {text['max_ratio_to_plain']}")
                if m["blocking_bytes"] > budgets["render_blocking_kb"] * KB:
                    bad.append(f"{lang} {page}: render-blocking {m['blocking_bytes'] / KB:.1f} KB"
                               f" > {budgets['render_blocking_kb']} KB")
            if m["search_bytes"]:
                bad.append(f"{lang} {page}: {m['search_bytes'] / KB:.1f} KB of search fetched before search was opened")
    for lang, n in result["search_index"].items():
        if n > budgets["search_index_kb"] * KB:
            bad.append(f"{lang} search index: {n / KB:.1f} KB > {budgets['search_index_kb']} KB")
    return bad


def weight_table(result: dict) -> str:
    """The Markdown report of `page_weight`."""
    lines = ["# Page weight (benchmarks/page_weight.py)", "",
             "First load, empty cache, 360x640, gzip bytes on the wire (1 KB = 1,000 bytes), every request"
             " the page, its scripts and workers make. Budgets: benchmarks/budgets.yml.", "",
             f"Build: {result['build']['wall_s']} s wall, {result['build']['cpu_s']} s CPU,"
             f" {result['build']['peak_mb']} MB peak.", ""]
    if "plain_build" in result:  # the stack's own cost: Material + mkdocs-static-i18n, the same Markdown
        floor = result["plain_build"]
        lines += [f"Plain Material with mkdocs-static-i18n, same Markdown in every language, no hooks, CSS or scripts of ours"
                  f" (`plain_i18n_project`): {floor['wall_s']} s wall, {floor['cpu_s']} s CPU,"
                  f" {floor['peak_mb']} MB peak.", ""]
    lines += ["| lang | page | KB | requests | render-blocking KB | search KB at load | plain Material KB | ratio |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for lang, pages in result["pages"].items():
        for page, m in pages.items():
            plain = result.get("plain", {}).get(lang, {}).get(page)
            ratio = f"{m['bytes'] / plain['bytes']:.2f}" if plain else "–"
            lines.append(f"| {lang} | {page} | {m['bytes'] / KB:.1f} | {m['requests']} | {m['blocking_bytes'] / KB:.1f}"
                         f" | {m['search_bytes'] / KB:.1f} | {plain['bytes'] / KB if plain else 0:.1f} | {ratio} |")
    lines += ["", "Search index (gzip, loaded only when search is opened): "
              + ", ".join(f"{lang} {n / KB:.1f} KB" for lang, n in result["search_index"].items()), "",
              "## Over budget", ""] + ([f"- {v}" for v in result["verdicts"]] or ["None."])
    return "\n".join(lines) + "\n"


# --- (b) scale -------------------------------------------------------------------------------


# Pages whose first load is reported at scale: the home page and pages listing synthetic entries.
SCALE_PAGES = ["index.html", "shelters.html", "organizations.html", "regions/kg-n.html"]
# Directory pages that list entries (their parts, parts/*.html, and the region pages are listings too).
LISTING_PAGES = ("hotlines.html", "shelters.html", "consulates.html", "organizations.html")


def scale(playwright, work: Path, sizes: list[int]) -> dict:
    """Build the project with N synthetic services for each N; return the JSON result.
    Each build runs with no browser open (see `page_weight`); the loads follow."""
    import synthetic  # benchmarks/synthetic.py

    out = {}
    for n in sizes:
        project = copy_project(work / f"scale-{n}")
        synthetic.add_services(project, n)
        site = work / f"scale-{n}-site"
        stats = build(project, site)
        browser = launch(playwright)
        largest = max(site.rglob("*.html"), key=lambda p: p.stat().st_size)
        # the heaviest page that lists entries (a directory or region page, or a part of one), by gzip size
        listing_pages = [p for p in site.glob("*.html") if p.name in LISTING_PAGES] + list(site.glob("regions/kg-*.html")) \
            + list(site.glob("parts/*.html"))
        heaviest = max(listing_pages, key=lambda p: len(gzip.compress(p.read_bytes(), 6)))
        heaviest_path = heaviest.relative_to(site).as_posix()
        loads = weigh_site(browser, site, list(dict.fromkeys(SCALE_PAGES + [heaviest_path])), langs=("ky",))["ky"]
        with serve_gzip(site) as (url, log):
            mapped = weigh(browser, url, log, "map.html")
            (map_tasks, map_scripts), (home_tasks, _) = (longest_tasks(browser, url, log, "map.html"),
                                                         longest_tasks(browser, url, log, "index.html"))
            popup = popup_task(browser, url)
        browser.close()
        out[n] = stats | {
            "ms_per_entry": round(stats["wall_s"] * 1000 / n, 1) if n else None,
            "largest_page": {"path": str(largest.relative_to(site)), "kb": round(largest.stat().st_size / KB, 1),
                             "gzip_kb": round(len(gzip.compress(largest.read_bytes(), 6)) / KB, 1)},
            "first_load_kb": {p: round(m["bytes"] / KB, 1) for p, m in loads.items() if p in SCALE_PAGES} | {
                "map.html": round(mapped["bytes"] / KB, 1)},
            "heaviest_listing": {"path": heaviest_path, "first_load_kb": round(loads[heaviest_path]["bytes"] / KB, 1)},
            "pages": sum(1 for _ in site.rglob("*.html")),
            "map_longest_task_ms_cpu4x": sorted(map_tasks)[len(map_tasks) // 2], "map_longest_task_runs": map_tasks,
            "map_scripts_longest_ms_cpu4x": sorted(map_scripts)[len(map_scripts) // 2], "map_scripts_longest_runs": map_scripts,
            "home_longest_task_ms_cpu4x": sorted(home_tasks)[len(home_tasks) // 2], "home_longest_task_runs": home_tasks,
            "map_popup": popup}
        out[n]["verdicts"] = scale_verdicts(out[n], out.get(0), load_budgets()["scale"])
    return out


def scale_verdicts(run: dict, shipped: dict | None, budget: dict) -> list[str]:
    """Targets of budgets.yml ``scale`` that one run misses, as readable lines (reported, not asserted).

    ``shipped``: the N=0 run (the shipped content), when the benchmark made one, for the ratio of other pages.
    """
    bad = []
    if run["wall_s"] > budget["build_wall_s"]:
        bad.append(f"build {run['wall_s']} s wall > {budget['build_wall_s']} s (CPU {run['cpu_s']} s)")
    if run["peak_mb"] > budget["build_peak_mb"]:
        bad.append(f"build peak {run['peak_mb']} MB > {budget['build_peak_mb']} MB")
    heavy = run["heaviest_listing"]
    if heavy["first_load_kb"] > budget["listing_page_kb"]:
        bad.append(f"{heavy['path']}: {heavy['first_load_kb']} KB > {budget['listing_page_kb']} KB")
    if run["first_load_kb"]["map.html"] > budget["map_page_kb"]:
        bad.append(f"map.html: {run['first_load_kb']['map.html']} KB > {budget['map_page_kb']} KB")
    if (run["map_longest_task_ms_cpu4x"] or 0) > budget["map_longest_task_ms"]:
        bad.append(f"map.html: longest task {run['map_longest_task_ms_cpu4x']} ms > {budget['map_longest_task_ms']} ms (4x CPU)")
    popup = run.get("map_popup", {})
    if popup.get("longest_task_ms", 0) > budget["map_longest_task_ms"]:
        bad.append(f"map.html: opening a popup of {popup['services']} services, longest task {popup['longest_task_ms']} ms"
                   f" > {budget['map_longest_task_ms']} ms (4x CPU)")
    if shipped:
        for page in ("index.html",):
            limit = shipped["first_load_kb"][page] * budget["other_page_ratio"]
            if run["first_load_kb"][page] > limit:
                bad.append(f"{page}: {run['first_load_kb'][page]} KB > {budget['other_page_ratio']}x shipped")
    return bad


def scale_table(result: dict) -> str:
    lines = ["# Build at scale (benchmarks/page_weight.py --synthetic)", "",
             "N synthetic services added to the shipped content; first loads in Chromium, 360x640, gzip.", "",
             "Wall time depends on the machine's load; CPU time is the steadier number. Long tasks: CPU slowed 4x,"
             f" the median of {TASK_LOADS} loads (each load's longest task); \"of which map scripts\": the longest"
             f" single run of {', '.join(MAP_SCRIPTS)} (Long Animation Frames attribution); the home page's shows"
             " what the theme alone costs; the popup is that of the town with the most services.", "",
             "| N | wall s | CPU s | peak MB | ms/entry (wall) | pages | largest page (KB raw / gzip) | "
             + " | ".join(f"{p} KB" for p in SCALE_PAGES)
             + " | heaviest listing page (first load KB) | map KB | map longest task ms (4x CPU) | of which map scripts ms"
             " | home longest task ms | map popup: services / longest task ms |",
             "|---:|---:|---:|---:|---:|---:|---|" + "---:|" * len(SCALE_PAGES) + "---|---:|---:|---:|---:|---:|"]
    for n, r in result.items():
        lp, fl = r["largest_page"], r["first_load_kb"]
        hl = r.get("heaviest_listing", {"path": "–", "first_load_kb": ""})
        lines.append(f"| {n} | {r['wall_s']} | {r['cpu_s']} | {r['peak_mb']} | {r['ms_per_entry']} | {r.get('pages', '–')} |"
                     f" {lp['path']} ({lp['kb']} / {lp['gzip_kb']}) | "
                     + " | ".join(str(fl[p]) for p in SCALE_PAGES)
                     + f" | {hl['path']} ({hl['first_load_kb']}) | {fl['map.html']} | {r['map_longest_task_ms_cpu4x']}"
                     f" {r.get('map_longest_task_runs', '')} | {r.get('map_scripts_longest_ms_cpu4x', '–')}"
                     f" {r.get('map_scripts_longest_runs', '')} | {r.get('home_longest_task_ms_cpu4x', '–')}"
                     f" {r.get('home_longest_task_runs', '')} | {r.get('map_popup', {}).get('services', '–')}"
                     f" / {r.get('map_popup', {}).get('longest_task_ms', '–')} |")
    lines += ["", "## Targets missed (benchmarks/budgets.yml, `scale`; reported, not asserted)", ""]
    lines += [f"- N={n}: {v}" for n, r in result.items() for v in r.get("verdicts", [])] or ["None."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    parser.add_argument("--synthetic", default="", help="comma-separated N, e.g. 100,1000,5000")
    parser.add_argument("--skip-weight", action="store_true", help="only run --synthetic")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    budgets = load_budgets()
    args.out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    broken = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp, sync_playwright() as pw:
        if not args.skip_weight:
            result = page_weight(pw, Path(tmp), budgets)
            (args.out / "weight.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
            (args.out / "weight.md").write_text(weight_table(result), encoding="utf-8")
            print(weight_table(result))
            broken = result["verdicts"]
        if args.synthetic:
            sizes = [int(n) for n in args.synthetic.split(",")]
            result = scale(pw, Path(tmp), sizes)
            (args.out / "scale.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
            (args.out / "scale.md").write_text(scale_table(result), encoding="utf-8")
            print(scale_table(result))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
