#!/usr/bin/env python3
"""Measure the site and print a table with a budget verdict per line; write the figures as JSON.

Usage: .venv/bin/python scripts/benchmark.py [--sizes 10,100,1000] [--only PARTS] [--no-lighthouse] [--json FILE]
                                             [--page FILE]

Figures, by part (--only build,weights,tick,browser,team,lighthouse runs some of them):
- build: build time of the real site and of synthetic catalogues (N checklists of 10 items) next to a stock Material
  build of N plain pages, and their ratio; validation time; the largest checklist page's HTML and Material's CSS+JS.
- weights: what each kind of page (checklist, Clients, report, KB and client pages) fetches of ours on a first visit
  with an empty cache, measured in Chromium, gzip -9 of each file: a table per kind, against its budget.
- tick: in Chromium with 1,000 clients of realistic state and a 100-item checklist on screen, tick to stored (the
  database transaction complete; median and 95th percentile over 200 ticks), the share of 200 real clicks with an
  Event Timing entry over 16 ms, and where a tick's time goes (parse, serialise, write, wait).
- browser: with the same clients, that page's load, the time to re-render every snippet after a parameter change,
  and the Clients page's first render of its table.
- team: the same clients' files in a team folder (scripts/bench_team.py): their first merge, a read with nothing
  changed, the tick budget on a checklist page while a Clients tab with the folder connected writes each change, and
  each file written, measured on its own.
- lighthouse: Lighthouse scores of the home page and every checklist page (also skipped by --no-lighthouse).
- maillogs: mail_logs.py on a generated Exchange 2010 tracking log (a week under attack): its MB/s on 200 MB, and its
  peak memory (ru_maxrss) for 100 MB against 1 GB; then the Mail logs page in Chromium on the same logs: its MB/s,
  the main thread's longest task served and from the offline copy (file://), and the renderer's peak memory. It writes
  docs/performance/mail-logs.md whenever it runs.
Budgets are reported as PASS/FAIL; the exit status is 0 either way. Not a test: timings vary with the machine. A run
of every part rewrites docs/performance/; a run of some parts writes only where --json and --page say.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from macros.loader import load_catalog  # noqa: E402
from macros.render import render_checklist  # noqa: E402
from macros.site_links import SiteLinks  # noqa: E402
from scripts.bench_team import team_figures, team_lines  # noqa: E402


def site_assets(setting: str) -> list[str]:
    """What mkdocs.yml lists under `setting` (extra_javascript: the common script every page loads; extra_css: the
    stylesheets every page links), in order. The page kinds' bundles and stylesheets sit beside them: the common
    script loads them, and the benchmark copies the folders whole and measures what a page actually fetches."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return list(config.get(setting) or [])

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CHROMIUM = os.environ.get("SBSKB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_RUNS = 3              # per page and preset; the median run is reported
BUDGETS = {
    "build_ratio": 1.5,          # our build time / stock Material build time, at every size
    "growth": 1.5,               # per-page build time at the largest size / at the next smaller size
    # gzip -9 bytes of our own files a page fetches on a first visit, per page kind (page_weights; issue 23)
    "weights": {"checklist": 15 * 1024, "clients": 15 * 1024, "report": 12 * 1024, "maillogs": 15 * 1024,
                "kb": 3 * 1024},
    "tick_p95_ms": 8.0,          # tick -> stored (the database transaction complete), 1,000 clients: one 120 Hz frame
    "event_ticks_share": 0.05,   # ticks (real clicks) with an Event Timing entry over 16 ms
    "clients_render_ms": 200,    # the Clients page's table with 1,000 clients stored, first render (issue 15)
    "mail_logs_mb_per_s": 20,    # mail_logs.py on a 200 MB tracking log (issue 25)
    "mail_logs_page_mb_per_s": 50,   # the Mail logs page's worker on the same log (issue 26)
    "longest_task_ms": 50,       # the page's main thread while it analyses, served and from file:// (issue 26)
    "lighthouse": {"mobile": {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0},
                   "desktop": {"performance": 1.0, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}},
}
SITE_CONFIG = """site_name: Benchmark
site_url: {site_url}
theme:
  name: material
  font: false
plugins:
  - search
{macros}markdown_extensions: [admonition, attr_list, md_in_html, tables, pymdownx.superfences,
  {{pymdownx.tabbed: {{alternate_style: true}}}}, {{pymdownx.highlight: {{use_pygments: false}}}}]
extra_css: {extra_css}
extra_javascript: {extra_js}
{hooks}"""
MACROS = """  - macros:
      module_name: macros
      render_by_default: false
      on_error_fail: true
      on_undefined: strict
"""


def synthetic_checklist(number: int, items: int) -> str:
    """One valid checklist of `items` items, each with a parameter and check/apply/revert snippets."""
    lines = ["schema_version: 1", f"id: gen-{number}", f"title: Generated checklist {number}",
             "summary: A synthetic checklist for the benchmark.",
             "platforms: [sbs2003, sbs2008, sbs2011, exchange2013-se]", "items:"]
    for item in range(items):
        lines += [
            f"  - id: gen-{number}-item-{item}",
            f"    title: Set generated value {item} of checklist {number}",
            "    why: |", "      Generated text that explains why this matters, with `Inline code` and **bold**.",
            "    settings:",
            f"      - {{id: gen-{number}-{item}-value, label: Value, type: dword, property: Value,",
            "         applied: '{{ bench_seconds | decimal }}', defaults: {sbs2003: absent}}",
            f"      - {{id: gen-{number}-{item}-interval, label: TarpitInterval, type: timespan,",
            "         property: TarpitInterval,",
            "         applied: '{{ bench_seconds | timespan }}',",
            "         defaults: {sbs2008: '00:00:05', sbs2011: '00:00:05', exchange2013-se: '00:00:05'}}",
            "    parameters:",
            "      - {name: bench_seconds, label: Seconds, type: integer, min: 1, max: 60, default: 5}",
            "    variants:",
            "      - platforms: [sbs2003]",
            "        steps: |", "          1. Do the first thing.", "          2. Do the second thing.",
            "        snippets:",
            "          check: {cmd: 'reg query \"HKLM\\SOFTWARE\\Bench\" /v Value'}",
            "          apply: {cmd: 'reg add \"HKLM\\SOFTWARE\\Bench\" /v Value /t REG_DWORD "
            "/d {{ bench_seconds | decimal }} /f'}",
            "          revert: {cmd: {value: 'reg add \"HKLM\\SOFTWARE\\Bench\" /v Value /t REG_DWORD "
            f"/d {{{{ before.gen-{number}-{item}-value | decimal }}}} /f',",
            "                         absent: 'reg delete \"HKLM\\SOFTWARE\\Bench\" /v Value /f'}}",
            "      - platforms: [sbs2008, sbs2011, exchange2013-se]",
            "        steps: Run the commands in the Exchange Management Shell.",
            "        snippets:",
            "          check: {ems: 'Get-ReceiveConnector | Format-List Identity, TarpitInterval'}",
            "          apply: {ems: \"Set-ReceiveConnector -Identity 'Bench connector' "
            "-TarpitInterval '{{ bench_seconds | timespan }}'\"}",
            "          revert: {ems: \"Set-ReceiveConnector -Identity 'Bench connector' "
            f"-TarpitInterval {{{{ before.gen-{number}-{item}-interval | ps_quote }}}}\"}}",
            "    references:", "      - {title: Generated source, publisher: microsoft, kb: \"842851\"}",
        ]
    return "\n".join(lines) + "\n"


def plain_page(number: int, items: int) -> str:
    """The same checklist written by hand as a stock Material page: every fact a technician reads on the generated
    page (why, what changes with its defaults, a tab per platform with its steps and its check, apply and revert
    commands, the source), without our plugin, validation, per-client controls or filled templates. What our build
    costs beyond this is the price of the YAML, the checks and the interactive page. Code blocks are not highlighted
    (SITE_CONFIG), as our snippets are not: with Pygments the hand-written pages took 3.2 s for 100, not 2.1 s."""
    parts = [f"# Generated checklist {number}", ""]
    for item in range(items):
        parts += [
            f"## Set generated value {item} of checklist {number}", "",
            "Generated text that explains why this matters, with `Inline code` and **bold**.", "",
            "What this changes:", "",
            "- **Value**. On a server nobody has changed: SBS 2003: absent (no value).",
            "- **TarpitInterval**. On a server nobody has changed: SBS 2008: `00:00:05`; SBS 2011: `00:00:05`; "
            "Exchange 2013–SE: `00:00:05`.", "",
            *_platform_tab("SBS 2003", ["1. Do the first thing.", "2. Do the second thing."], "reg.exe / cmd",
                           ['reg query "HKLM\\SOFTWARE\\Bench" /v Value',
                            'reg add "HKLM\\SOFTWARE\\Bench" /v Value /t REG_DWORD /d 5 /f',
                            'reg delete "HKLM\\SOFTWARE\\Bench" /v Value /f']),
            *_platform_tab("SBS 2008 · SBS 2011 · Exchange 2013–SE",
                           ["Run the commands in the Exchange Management Shell."], "Exchange Management Shell",
                           ["Get-ReceiveConnector | Format-List Identity, TarpitInterval",
                            "Set-ReceiveConnector -Identity 'Bench connector' -TarpitInterval '00:00:05'",
                            "Set-ReceiveConnector -Identity 'Bench connector' -TarpitInterval '00:00:05'"]),
            "Sources:", "", "- KB 842851: Generated source", "",
        ]
    return "\n".join(parts)


def _platform_tab(label: str, steps: list[str], format_name: str, commands: list[str]) -> list[str]:
    """One content tab of plain_page: the steps, then the check, apply and revert commands, each under its caption."""
    lines = [f'=== "{label}"', ""] + [f"    {step}" for step in steps] + [""]
    for kind, command in zip(("Check (read-only)", "Apply", "Revert"), commands, strict=True):
        lines += [f"    {kind} — {format_name}", "", "    ```", f"    {command}", "    ```", ""]
    return lines


def bare_page(number: int, items: int) -> str:
    """The earlier baseline: one heading, one paragraph and one command per item (a page with a sixth of the
    commands and none of the tabs); its ratio is still printed, for comparison with earlier runs."""
    parts = [f"# Generated page {number}", ""]
    for item in range(items):
        parts += [f"## Set generated value {item} of page {number}", "",
                  "Generated text that explains why this matters, with `Inline code` and **bold**.", "",
                  "```", f'reg add "HKLM\\SOFTWARE\\Bench" /v Value /t REG_DWORD /d {item} /f', "```", ""]
    return "\n".join(parts)


PAGE_KINDS = ("ours", "stock", "bare")   # our checklists; the same pages by hand (plain_page); bare_page


def make_project(folder: Path, count: int, items: int, kind: str = "ours") -> Path:
    """A project of `count` checklist pages of `items` items: ours (YAML through our macros) or, without our plugin,
    stock (plain_page) or bare (bare_page)."""
    ours = kind == "ours"
    project = folder / kind / str(count)
    docs = project / "docs"
    (docs / "checklists").mkdir(parents=True)
    (docs / "index.md").write_text("# Benchmark\n", encoding="utf-8")
    if ours:
        shutil.copytree(ROOT / "macros", project / "macros", ignore=shutil.ignore_patterns("__pycache__"))
        # The export format's fields and checks, which macros/ loads from the downloadable merge (export_format.py).
        (docs / "downloads").mkdir()
        shutil.copy(ROOT / "docs" / "downloads" / "merge_progress.py", docs / "downloads")
        (project / "checklists" / "platforms").mkdir(parents=True)
        shutil.copy(ROOT / "checklists" / "checklist.schema.json", project / "checklists")
        for path in (ROOT / "checklists" / "platforms").glob("*"):
            shutil.copy(path, project / "checklists" / "platforms")
        # The folders of the scripts and stylesheets mkdocs.yml lists, whole: the page kinds' files sit beside them.
        for folder_name in sorted({Path(asset).parts[0] for asset in site_assets("extra_javascript")
                                   + site_assets("extra_css")}):
            shutil.copytree(ROOT / "docs" / folder_name, docs / folder_name)
        (docs / "clients.md").write_text("---\nrender_macros: true\n---\n# Clients\n\n{{ client_dashboard() }}\n",
                                         encoding="utf-8")
    page = {"stock": plain_page, "bare": bare_page}.get(kind)
    for number in range(count):
        if ours:
            (project / "checklists" / f"gen-{number}.yaml").write_text(
                synthetic_checklist(number, items), encoding="utf-8")
            (docs / "checklists" / f"gen-{number}.md").write_text(
                f"---\nrender_macros: true\n---\n# Generated checklist {number}\n\n"
                f"{{{{ checklist(\"gen-{number}\") }}}}\n",
                encoding="utf-8")
        else:
            (docs / "checklists" / f"gen-{number}.md").write_text(page(number, items), encoding="utf-8")
    (project / "mkdocs.yml").write_text(SITE_CONFIG.format(
        site_url="http://127.0.0.1:8000/", macros=MACROS if ours else "",
        extra_css="[" + ", ".join(site_assets("extra_css")) + "]" if ours else "[]",
        extra_js="[" + ", ".join(site_assets("extra_javascript")) + "]" if ours else "[]",
        hooks="hooks: [macros/search_hooks.py]\n" if ours else ""), encoding="utf-8")
    return project


def build_seconds(project: Path, site: Path, builder: str = "mkdocs") -> float:
    """Wall time of one clean build; Zensical builds into the project's own site/ (it refuses a folder outside)."""
    if builder == "zensical":
        command = [sys.executable, "-m", "zensical", "build", "--clean", "-f", "mkdocs.yml"]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
    start = time.perf_counter()
    subprocess.run(command, cwd=project, env=ENV, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def page_bytes(site: Path, page: Path) -> dict:
    """HTML of one page, and Material's own CSS/JS it links (ours: page_weights, measured in the browser)."""
    html = page.read_bytes()
    material = [p for p in (site / "assets").rglob("*") if p.suffix in (".css", ".js") and "workers" not in p.parts
                and "lunr" not in p.parts and (p.name.startswith(("main.", "bundle.", "palette.")))]
    return {
        "html_raw": len(html), "html_gzip": gz(html),
        "material_raw": sum(p.stat().st_size for p in material),
        "material_gzip": sum(gz(p.read_bytes()) for p in material),
    }


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for clients that accept it, as static hosts and CDNs (GitHub Pages, Netlify,
    Cloudflare) and nginx or Apache as usually configured serve them.

    Lighthouse's simulated throttling (1.6 Mbit/s on the mobile preset) charges the bytes that actually crossed the
    wire; served raw, this site's text assets cost 3.3 to 6 times their real transfer size and the score measures the
    benchmark's server, not the site (Lighthouse itself fails the page on uses-text-compression)."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (path.suffix not in self.COMPRESSIBLE or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()  # redirects, 404s, images and clients without gzip: unchanged
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@functools.cache
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), 6)  # level 6: nginx and Apache defaults are 1 and 6


def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])


# The page kinds with a weight budget; each root is the element the common script mounts a kind's bundle on, and
# its data-ready says the bundle has loaded and mounted (KB and client pages have none: the common script alone).
WEIGHT_ROOTS = {"checklist": "[data-checklist]", "clients": "[data-dashboard]", "report": "[data-report]",
                "maillogs": "[data-mail-logs]", "kb": None}
# Responses of ours listed in the weight table but not counted against the budget: the page itself (its HTML is its
# content) and the images its text shows; and the sitemap, which Material's instant navigation fetches to know which
# links it may load itself (MkDocs writes it, as the search plugin writes the search index). What the site's code
# adds to a page is what the budgets hold.
NOT_COUNTED_TYPES = ("document", "image")
FETCHED_BY_MATERIAL = ("/sitemap.xml",)


def counted(path: str, resource_type: str) -> bool:
    """Whether a response of ours counts against its page kind's weight budget (NOT_COUNTED_TYPES)."""
    return resource_type not in NOT_COUNTED_TYPES and path not in FETCHED_BY_MATERIAL


def weight_pages(docs: Path) -> dict[str, list[str]]:
    """The site paths of every page of each kind with a weight budget: every checklist, the Clients, report and Mail
    logs pages, and the KB and client pages (docs/kb/*, docs/c/*)."""
    def site_path(page: Path) -> str:
        folder = page.parent.relative_to(docs).as_posix()
        return f"/{folder}/" if page.stem == "index" else f"/{folder}/{page.stem}/"
    return {"checklist": [site_path(p) for p in sorted((docs / "checklists").glob("*.md")) if p.stem != "index"],
            "clients": ["/clients/"], "report": ["/report/"], "maillogs": ["/mail-logs/"],
            "kb": [site_path(p) for folder in ("kb", "c") for p in sorted((docs / folder).glob("*.md"))]}


def response_owner(url: str, origin: str, material: Path) -> str:
    """Whose a response is: "ours", "material" (the theme's own files under assets/, which its package ships),
    "search" (the search index, fetched by Material's search worker) or "elsewhere" (another origin)."""
    if not url.startswith(origin + "/"):
        return "elsewhere"
    path = urllib.parse.urlsplit(url).path.lstrip("/")
    if path.startswith("search/"):
        return "search"
    if path.startswith("assets/") and (material / "templates" / path).is_file():
        return "material"
    return "ours"


def page_weight(files: list[dict]) -> int:
    """The figure held to a weight budget: the gzip -9 bytes of each counted file, summed."""
    return sum(entry["gzip"] for entry in files if entry["counted"])


def page_weights(site: Path) -> dict:
    """What each page of each budgeted kind fetches of ours on a first visit with an empty cache (a new browser
    context per page), measured in Chromium: every response from the site's origin but Material's own files and the
    search index, after the page kind's bundle has mounted and the network is idle; gzip -9 of each file's bytes.
    Per kind: every page's total and the heaviest page's files."""
    import material
    from playwright.sync_api import sync_playwright

    theme = Path(material.__file__).parent
    server, url = serve(site)
    weights = {}
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for kind, paths in weight_pages(ROOT / "docs").items():
                pages = []
                for path in paths:
                    context = browser.new_context()   # its own empty cache
                    page = context.new_page()
                    responses = []
                    page.on("response", lambda response, found=responses: found.append(response))
                    page.goto(url + path, wait_until="load")
                    if WEIGHT_ROOTS[kind]:
                        page.locator(WEIGHT_ROOTS[kind] + "[data-ready]").wait_for(state="attached", timeout=60_000)
                    page.wait_for_load_state("networkidle")
                    files = []
                    for response in responses:
                        if response_owner(response.url, url, theme) != "ours" or response.status >= 300:
                            continue
                        body = response.body()
                        resource = response.request.resource_type
                        file = urllib.parse.urlsplit(response.url).path
                        files.append({"file": file, "type": resource, "raw": len(body), "gzip": gz(body),
                                      "counted": counted(file, resource)})
                    context.close()
                    pages.append({"page": path, "gzip": page_weight(files), "files": files})
                heaviest = max(pages, key=lambda entry: entry["gzip"])
                weights[kind] = {"budget": BUDGETS["weights"][kind], "gzip": heaviest["gzip"],
                                 "heaviest": heaviest["page"], "files": heaviest["files"],
                                 "pages": {entry["page"]: entry["gzip"] for entry in pages}}
            browser.close()
    finally:
        server.shutdown()
    return weights


def weight_tables(weights: dict) -> str:
    """One table per page kind: the heaviest page's files of ours with their figures, the total, budget and verdict."""
    out = []
    for kind, entry in weights.items():
        out.append(f"\n{WEIGHT_NAMES[kind]}: {len(entry['pages'])} page(s) measured, heaviest {entry['heaviest']}")
        width = max([len(f["file"]) for f in entry["files"]] + [40])
        out.append(f"  {'file':<{width}}  {'type':<10}  {'raw B':>8}  {'gzip -9 B':>9}")
        for f in entry["files"]:
            counted = "" if f["counted"] else "  (not counted)"
            out.append(f"  {f['file']:<{width}}  {f['type']:<10}  {f['raw']:>8}  {f['gzip']:>9}{counted}")
        out.append(f"  {'total counted':<{width}}  {'':<10}  {'':>8}  {entry['gzip']:>9}  budget <= "
                   f"{entry['budget']} B  {verdict(entry['gzip'] <= entry['budget'])}")
    return "\n".join(out)


WEIGHT_NAMES = {"checklist": "checklist page", "clients": "Clients page", "report": "report page",
                "maillogs": "Mail logs page (its worker loads only with files)", "kb": "KB or client page"}

# Each tick: the click (on screen at once), then the database transaction complete (stored).
TICKS_IN_PAGE = """async (count) => {
    const boxes = [...document.querySelectorAll('input[type=checkbox][data-done]')];
    const times = [];
    const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
    for (let n = 0; n < count; n++) {
      const box = boxes[n % boxes.length];
      // A technician ticks an item on screen: scrolled to and drawn before the tick is timed, and the click comes
      // at any moment of a frame, not just after one was drawn.
      box.scrollIntoView({block: "center"});
      await frame();
      await frame();
      await new Promise((done) => setTimeout(done, Math.random() * 16.7));
      const start = performance.now();
      box.click();                                  // on screen at once ...
      await window.sbskbTest.storage.settled();     // ... and stored: the transaction is complete
      times.push(performance.now() - start);
    }
    return times;
}"""

# Event Timing (https://w3c.github.io/event-timing/) reports only trusted input, from 16 ms on: the ticks of this
# part are real clicks (Playwright's, through the browser's input pipeline), not box.click().
OBSERVE_EVENTS = """() => {
    window.benchEvents = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.benchEvents.push({name: entry.name, start: entry.startTime, duration: entry.duration,
                                 processing: entry.processingEnd - entry.processingStart,
                                 delay: entry.processingStart - entry.startTime});
      }
    }).observe({type: "event", durationThreshold: 16, buffered: true});
}"""

# Where a tick's time goes, by wrapping (after the timed runs, so their figures carry no wrapper) what a tick may
# call that clones, serialises or writes: per tick, the synchronous handler (click() returning) and within it the
# time in JSON.parse / JSON.stringify (and the characters they handle), IndexedDB put and commit and the
# BroadcastChannel message; the rest of the tick is the wait for the transaction to complete.
TICK_BREAKDOWN = """async (count) => {
    const spent = {};
    const wrap = (owner, name, label, size) => {
      const original = owner[name];
      owner[name] = function (...args) {
        const start = performance.now();
        try { return original.apply(this, args); }
        finally {
          const entry = spent[label] || (spent[label] = {ms: 0, calls: 0, chars: 0});
          entry.ms += performance.now() - start;
          entry.calls += 1;
          if (size) entry.chars += size(args);
        }
      };
      return () => { owner[name] = original; };
    };
    const unwrap = [
      wrap(JSON, "parse", "JSON.parse", (args) => String(args[0]).length),
      wrap(JSON, "stringify", "JSON.stringify", () => 0),
      wrap(IDBObjectStore.prototype, "put", "IDBObjectStore.put",
           (args) => typeof args[0] === "string" ? args[0].length : 0),
      wrap(IDBDatabase.prototype, "transaction", "IDBDatabase.transaction", () => 0),
      wrap(IDBTransaction.prototype, "commit", "IDBTransaction.commit", () => 0),
      wrap(BroadcastChannel.prototype, "postMessage", "BroadcastChannel.postMessage", () => 0),
    ];
    const boxes = [...document.querySelectorAll('input[type=checkbox][data-done]')];
    const ticks = [];
    try {
      for (let n = 0; n < count; n++) {
        for (const key in spent) delete spent[key];
        const start = performance.now();
        boxes[n % boxes.length].click();
        const handler = performance.now() - start;
        await window.sbskbTest.storage.settled();
        ticks.push({total: performance.now() - start, handler, spent: JSON.parse(JSON.stringify(spent))});
      }
    } finally {
      unwrap.forEach((restore) => restore());
    }
    return ticks;
}"""

# The clients the browser measurements store: 1,000 of realistic state (50 settled items with 100-character notes).
CLIENTS = 1000
STORE_CLIENTS = """([clients, states]) => {
    const puts = {clients: JSON.stringify(clients), current: JSON.stringify(clients[0].id)};
    for (const id in states) puts['client.' + id] = JSON.stringify(states[id]);
    return window.sbskbTest.storage.commit(puts, []);
}"""


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `share` of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


def ticks_with_events(starts: list[float], events: list[dict]) -> list[list[dict]]:
    """The Event Timing entries of each tick: those whose event started after that tick began and before the next."""
    bounds = starts + [math.inf]
    return [[event for event in events if bounds[n] <= event["start"] < bounds[n + 1]] for n in range(len(starts))]


def breakdown(ticks: list[dict]) -> dict:
    """Where the ticks' time goes, over all ticks and over the slowest 5 % (the tail): mean milliseconds per tick of
    the whole tick, its synchronous handler, each wrapped call, and the wait for the transaction."""
    def summary(chosen: list[dict]) -> dict:
        labels = sorted({label for tick in chosen for label in tick["spent"]})
        return {"ticks": len(chosen),
                "total_ms": statistics.fmean(t["total"] for t in chosen),
                "handler_ms": statistics.fmean(t["handler"] for t in chosen),
                "wait_ms": statistics.fmean(t["total"] - t["handler"] for t in chosen),
                "calls": {label: {key: statistics.fmean(t["spent"].get(label, {}).get(key, 0) for t in chosen)
                                  for key in ("ms", "calls", "chars")} for label in labels}}
    slowest = sorted(ticks, key=lambda tick: tick["total"])[-max(1, len(ticks) // 20):]
    return {"all": summary(ticks), "tail": summary(slowest)}


def browser_timings(tmp: Path, parts: set[str]) -> dict:
    """With CLIENTS clients stored in the database and a 100-item checklist on screen. "tick": tick to stored (the
    database transaction complete; median and p95 over 200 ticks), the share of 200 real clicks with an Event
    Timing entry over 16 ms, and where a tick's time goes (breakdown). "browser": that page's load, the
    snippet re-render after a parameter change, and the Clients page's first render of its table."""
    from playwright.sync_api import sync_playwright

    project = make_project(tmp / "browser", 1, 100)
    site = tmp / "browser-site"
    build_seconds(project, site)
    server, url = serve(site)
    clients = [{"id": f"c{n:04d}", "name": f"Client {n}", "platform": "sbs2003"} for n in range(CLIENTS)]
    states = {f"c{n:04d}": {"values": {"bench_seconds": "7"},
                            "items": {f"gen-0-item-{i}": {"status": "done", "note": "note " * 20,
                                                          "changed": "2026-01-01T00:00:00Z"} for i in range(50)}}
              for n in range(CLIENTS)}
    figures: dict = {"clients": CLIENTS}
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page()
            # 1,000 such clients are more than localStorage holds (the reason for the database): stored directly.
            page.goto(url + "/checklists/gen-0/")
            page.locator("[data-checklist][data-ready]").wait_for(state="attached")
            page.evaluate(STORE_CLIENTS, [clients, states])
            started = time.perf_counter()
            page.goto(url + "/checklists/gen-0/")
            page.locator("[data-checklist][data-ready]").wait_for(state="attached", timeout=120_000)
            figures["first_load_s"] = round(time.perf_counter() - started, 2)
            if "tick" in parts:
                figures |= tick_figures(page)
            if "browser" in parts:
                figures |= render_figures(page, url)
            if "team" in parts:
                figures |= team_figures(browser, url, clients, states, STORE_CLIENTS, tick_figures)
            browser.close()
    finally:
        server.shutdown()
    return figures


def tick_figures(page) -> dict:
    ticks = page.evaluate(TICKS_IN_PAGE, 200)
    page.evaluate(OBSERVE_EVENTS)
    boxes = page.locator("input[type=checkbox][data-done]")
    count = boxes.count()
    starts = []
    for n in range(200):
        box = boxes.nth(n % count)
        box.scroll_into_view_if_needed()
        # A technician scrolls to an item, then ticks it: the frames that draw what the scroll brought into view
        # are over before the click, not part of the tick.
        page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        starts.append(page.evaluate("performance.now()"))
        box.click()
        page.evaluate("window.sbskbTest.storage.settled()")
    page.wait_for_timeout(500)   # the observer hears of the last entries after the next paint
    events = page.evaluate("window.benchEvents")
    per_tick = ticks_with_events(starts, events)
    # Entries exist from 16 ms; 16 itself is the frame clock (a 60 Hz frame presented after the click), "over 16 ms"
    # is a later frame. Durations come rounded to 8 ms.
    slow = [entries for entries in per_tick if any(entry["duration"] > 16 for entry in entries)]
    return {"tick_median_ms": statistics.median(ticks), "tick_p95_ms": percentile(ticks, 0.95),
            "tick_max_ms": max(ticks),
            "event_ticks": len(per_tick), "event_ticks_slow": len(slow),
            "event_ticks_with_entry": sum(1 for entries in per_tick if entries),
            "event_slowest_ms": max((e["duration"] for e in events), default=0),
            "event_names": sorted({e["name"] for e in events}),
            "tick_breakdown": breakdown(page.evaluate(TICK_BREAKDOWN, 200))}


def render_figures(page, url: str) -> dict:
    snippet_count = page.locator("[data-template]").count()
    rerender = page.evaluate("""() => {
        const input = document.querySelector('input[data-param]');
        const times = [];
        for (let n = 0; n < 50; n++) {
          input.value = String(1 + (n % 59));
          const start = performance.now();
          input.dispatchEvent(new Event('input', {bubbles: true}));
          times.push(performance.now() - start);
        }
        return times;
    }""")
    # The Clients page with the same clients: its table's first render (the Clients bundle measures it).
    renders = []
    for _ in range(5):
        page.goto(url + "/clients/")
        page.locator("[data-dashboard][data-ready]").wait_for(state="attached", timeout=120_000)
        renders.append(page.evaluate("() => performance.getEntriesByName('sbskb-clients-render')[0].duration"))
    return {"rerender_median_ms": statistics.median(rerender), "snippets_on_page": snippet_count,
            "clients_render_median_ms": statistics.median(renders), "clients_render_max_ms": max(renders)}


def node_tool(name: str, version: str) -> Path:
    """A pinned npm tool in .bench/ (not part of the site or its tests), installed on first use."""
    tools = ROOT / ".bench"
    binary = tools / "node_modules" / ".bin" / name
    installed = tools / "node_modules" / name / "package.json"
    if not binary.exists() or json.loads(installed.read_text(encoding="utf-8")).get("version") != version:
        tools.mkdir(exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(tools),
                        f"{name}@{version}"], check=True)
    return binary


def lighthouse(tmp: Path, site_dir: Path, pages: dict[str, str]) -> dict:
    binary = node_tool("lighthouse", LIGHTHOUSE_VERSION)
    server, url = serve(site_dir)
    scores = {}
    try:
        for name, path in pages.items():
            for preset in ("mobile", "desktop"):
                runs = []
                for run in range(LIGHTHOUSE_RUNS):
                    report = tmp / f"lh-{name}-{preset}-{run}.json"
                    command = [str(binary), url + path, "--quiet", "--output=json", f"--output-path={report}",
                               "--only-categories=performance,accessibility,best-practices,seo",
                               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"]
                    if preset == "desktop":
                        command.append("--preset=desktop")
                    subprocess.run(command, env={**ENV, "CHROME_PATH": CHROMIUM}, check=True, timeout=300)
                    categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
                    runs.append({key: value["score"] for key, value in categories.items()})
                # The run with the median performance score, as Lighthouse's variability guide advises: one run's
                # Total Blocking Time swings by 100 ms and more on the same build (0.95 to 1.00 on the same page).
                runs.sort(key=lambda scores_of_run: scores_of_run["performance"])
                scores[f"{name}/{preset}"] = runs[len(runs) // 2]
    finally:
        server.shutdown()
    return scores


def measure_catalogue(tmp: Path, size: int) -> dict:
    """Clean builds of `size` checklists of 10 items: ours, the same pages by hand (stock) and the earlier bare
    baseline under MkDocs, ours and stock under Zensical; and where our extra time goes (validation, rendering the
    checklists' HTML, and Material's search plugin indexing it: a build without the search plugin)."""
    projects = {kind: make_project(tmp, size, 10, kind) for kind in PAGE_KINDS}
    start = time.perf_counter()
    catalog = load_catalog(projects["ours"])
    validation = time.perf_counter() - start
    start = time.perf_counter()
    for checklist in catalog.checklists:
        render_checklist(catalog, checklist, SiteLinks(f"checklists/{checklist.id}.md", True))
    rendering = time.perf_counter() - start
    seconds = {kind: build_seconds(project, tmp / f"site-{kind}-{size}") for kind, project in projects.items()}
    config = projects["ours"] / "mkdocs.yml"
    without_search = projects["ours"] / "mkdocs-without-search.yml"
    without_search.write_text(config.read_text(encoding="utf-8").replace("  - search\n", ""), encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", without_search.name, "-d",
                    str(tmp / f"site-ours-nosearch-{size}")], cwd=projects["ours"], env=ENV, check=True)
    search = seconds["ours"] - (time.perf_counter() - start)
    zensical = {kind: build_seconds(projects[kind], projects[kind] / "site", "zensical") for kind in ("ours", "stock")}
    entry = {"checklists": size, "validation_seconds": validation, "render_seconds": rendering,
             "search_seconds": search, "build_seconds": seconds["ours"], "stock_build_seconds": seconds["stock"],
             "bare_build_seconds": seconds["bare"], "ratio": seconds["ours"] / seconds["stock"],
             "bare_ratio": seconds["ours"] / seconds["bare"],
             "zensical_build_seconds": zensical["ours"], "zensical_stock_build_seconds": zensical["stock"],
             "zensical_ratio": zensical["ours"] / zensical["stock"]}
    print(f"catalogue of {size}: validate {validation:.2f} s, render {rendering:.2f} s, build {seconds['ours']:.2f} s "
          f"(search {search:.2f} s), stock {seconds['stock']:.2f} s, bare {seconds['bare']:.2f} s; Zensical "
          f"{zensical['ours']:.2f} s, stock {zensical['stock']:.2f} s", flush=True)
    return entry


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


PARTS = ("build", "weights", "tick", "browser", "team", "lighthouse", "maillogs")


def chosen_parts(only: str | None, lighthouse_too: bool) -> list[str]:
    """The parts a run measures, in PARTS order: all of them, or those --only names; --no-lighthouse drops one."""
    wanted = PARTS if only is None else [part.strip() for part in only.split(",") if part.strip()]
    unknown = [part for part in wanted if part not in PARTS]
    if unknown:
        raise ValueError(f"unknown part(s) {', '.join(unknown)}: choose from {', '.join(PARTS)}")
    return [part for part in PARTS if part in wanted and (lighthouse_too or part != "lighthouse")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000", help="catalogue sizes (checklists of 10 items)")
    parser.add_argument("--only", help=f"the parts to run, comma-separated, of {','.join(PARTS)} (default: all)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse runs")
    parser.add_argument("--json", type=Path, help="where to write the figures (default, when every part runs: "
                                                  "docs/performance/benchmark.json)")
    parser.add_argument("--page", type=Path, help="the docs page to write with the table and chart (default, when "
                                                  "every part runs: docs/performance/index.md)")
    arguments = parser.parse_args(argv)
    try:
        parts = chosen_parts(arguments.only, not arguments.no_lighthouse)
    except ValueError as error:
        parser.error(str(error))
    if arguments.only is None:   # a partial run would leave the docs page without the other parts' figures
        arguments.json = arguments.json or ROOT / "docs" / "performance" / "benchmark.json"
        arguments.page = arguments.page or ROOT / "docs" / "performance" / "index.md"
    sizes = [int(size) for size in arguments.sizes.split(",")]
    result: dict = {"when": datetime.now(UTC).isoformat(timespec="seconds"),
                    "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                    "parts": parts, "budgets": BUDGETS, "catalogues": [], "lines": []}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        real_site = tmp / "real-site"
        if {"build", "weights", "lighthouse", "maillogs"} & set(parts):
            result["real_build_seconds"] = build_seconds(ROOT, real_site)
        if "build" in parts:
            for size in sizes:
                result["catalogues"].append(measure_catalogue(tmp, size))
            largest = max((ROOT / "docs" / "checklists").glob("*.md"),
                          key=lambda p: (real_site / "checklists" / p.stem / "index.html").stat().st_size
                          if p.stem != "index" else 0)
            result["largest_page"] = f"/checklists/{largest.stem}/"
            result["bytes"] = page_bytes(real_site, real_site / "checklists" / largest.stem / "index.html")
        if "weights" in parts:
            result["weights"] = page_weights(real_site)
        if {"tick", "browser", "team"} & set(parts):
            result["browser"] = browser_timings(tmp, set(parts))
        if "lighthouse" in parts:
            # Every checklist page (the issue 14 budget), and the home page.
            pages = {"home": "/"} | {path.stem if path.stem != "index" else "checklists":
                                     "/checklists/" + ("" if path.stem == "index" else path.stem + "/")
                                     for path in sorted((ROOT / "docs" / "checklists").glob("*.md"))}
            result["lighthouse"] = lighthouse(tmp, real_site, pages)
        if "maillogs" in parts:
            result["mail_logs"] = measure_mail_logs(tmp, real_site)
            write_mail_logs_page(result, ROOT / "docs" / "performance" / "mail-logs.md")
    report(result)
    if arguments.json:
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        arguments.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if arguments.page:
        write_page(result, arguments.page)
    return 0


MAIL_LOG_DAYS = 7                # the generated log's span: the same at every size, so only the lines per hour grow
MAIL_LOG_ADDRESSES = 20_000      # made-up local addresses the spam is sent to (the distinct addresses in the log)
MAIL_LOG_VICTIMS = 5_000         # forged senders, over 500 domains


def mail_log(path: Path, megabytes: int) -> int:
    """Write a generated Exchange 2010 message tracking log of about `megabytes` MB: a week of a server under attack
    (per spam: RECEIVE, FAIL RecipNotFound, DSN Failure, SEND of the NDR) with ordinary mail among it. Returns the
    number of messages."""
    fields = ("date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,"
              "event-id,internal-message-id,message-id,recipient-address,recipient-status,total-bytes,"
              "recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,"
              "message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data")
    header = ("#Software: Microsoft Exchange Server\r\n#Version: 14.0.0.0\r\n#Log-type: Message Tracking Log\r\n"
              f"#Date: 2026-11-01T00:00:00.000Z\r\n#Fields: {fields}\r\n")
    per_message = 855                          # bytes a message's lines take, on average, as written below
    messages = megabytes * 1_000_000 // per_message
    start = datetime(2026, 11, 1, tzinfo=UTC)
    seconds_per_message = MAIL_LOG_DAYS * 86_400 / messages
    tail = ",,,,,,"
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(header)
        chunk = []
        for n in range(messages):
            when = (start + timedelta(seconds=n * seconds_per_message)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            victim = f"user{n % MAIL_LOG_VICTIMS}@d{n % 500}.example.com"
            if n % 4 == 3:                     # ordinary mail from a partner
                mid = f"<in{n}@partner.example.org>"
                chunk.append(f"{when},203.0.113.20,,192.0.2.10,SBS01,,,SMTP,RECEIVE,{n}1,{mid},anna@contoso.example,,"
                             f"4096,1,,,Order confirmation,orders@partner.example.org,orders@partner.example.org,,"
                             f"Incoming{tail}\r\n")
                chunk.append(f"{when},192.0.2.10,,192.0.2.10,SBS01,,,STOREDRIVER,DELIVER,{n}1,{mid},"
                             f"anna@contoso.example,250 2.1.5 Recipient OK,4096,1,,,Order confirmation,"
                             f"orders@partner.example.org,orders@partner.example.org,,Incoming{tail}\r\n")
            else:
                spam, ndr = f"<s{n}@d{n % 500}.example.com>", f"<n{n}@contoso.example>"
                made_up = f"x{n % MAIL_LOG_ADDRESSES}@contoso.example"
                chunk.append(f"{when},198.51.100.{n % 200},,192.0.2.10,SBS01,,,SMTP,RECEIVE,{n}1,{spam},{made_up},,"
                             f"2048,1,,,Cheap watches,{victim},{victim},,Incoming{tail}\r\n")
                chunk.append(f"{when},192.0.2.10,,192.0.2.10,SBS01,,,ROUTING,FAIL,{n}1,{spam},{made_up},"
                             f"'550 5.1.1 RESOLVER.ADR.RecipNotFound; not found',2048,1,,,Cheap watches,{victim},"
                             f"{victim},,Incoming{tail}\r\n")
                chunk.append(f"{when},192.0.2.10,,192.0.2.10,SBS01,Failure,,DSN,DSN,{n}2,{ndr},{victim},,2048,1,,"
                             f"{spam},Undeliverable: Cheap watches,postmaster@contoso.example,<>,,"
                             f"Originating{tail}\r\n")
                chunk.append(f"{when},192.0.2.10,,192.0.2.10,SBS01,,,SMTP,SEND,{n}2,{ndr},{victim},"
                             f"250 2.6.0 Queued mail for delivery,2048,1,,,Undeliverable: Cheap watches,"
                             f"postmaster@contoso.example,<>,,Originating{tail}\r\n")
            if len(chunk) > 20_000:
                out.write("".join(chunk))
                chunk.clear()
        out.write("".join(chunk))
    return messages


def run_mail_logs(path: Path) -> dict:
    """mail_logs.py --json on one file, as a technician runs it: wall time and the process's own peak memory."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(ROOT / "docs" / "downloads" / "mail_logs.py"), "--json", str(path)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    verdict = json.loads(output)["verdict"] if process.returncode == 0 else f"exit {process.returncode}"
    return {"megabytes": path.stat().st_size / 1e6, "seconds": seconds, "verdict": verdict,
            "max_rss_mb": usage.ru_maxrss / 1024}   # ru_maxrss is in KiB on Linux


def measure_mail_logs(tmp: Path, site: Path) -> dict:
    """The CLI, then the Mail logs page on the same generated logs: served (a worker) and from the offline copy
    (file://, on the page in slices)."""
    figures = {}
    offline = tmp / "offline-site"
    subprocess.run([str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "-q", "-f", "mkdocs.offline.yml"], cwd=ROOT,
                   env=ENV | {"OFFLINE": "true", "SITE_DIR": str(offline)}, check=True)
    server, url = serve(site)
    try:
        for label, megabytes in (("throughput", 200), ("memory_100mb", 100), ("memory_1gb", 1000)):
            log = tmp / f"MSGTRK-{megabytes}MB.LOG"
            mail_log(log, megabytes)
            figures[label] = run_mail_logs(log)
            figures[f"page_{label}"] = page_mail_logs(url + "/mail-logs/", log)
            if label == "throughput":
                figures["page_file"] = page_mail_logs((offline / "mail-logs.html").as_uri(), log)
            log.unlink()
    finally:
        server.shutdown()
    return figures


# The longest task on the page's main thread while it analyses (Long Tasks API: tasks over 50 ms are reported).
WATCH_LONG_TASKS = """() => {
  window.sbskbLongest = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.sbskbLongest = Math.max(window.sbskbLongest, entry.duration);
  }).observe({ type: "longtask" });
}"""


def renderer_peak_mb(before: set[int]) -> float:
    """The largest peak resident memory (VmHWM) of the renderer processes started since `before` was taken: the
    page's, where its worker runs too."""
    peak = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in before:
            continue
        try:
            if b"--type=renderer" not in (entry / "cmdline").read_bytes():
                continue
            status = (entry / "status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak, int(line.split()[1]))
    return peak / 1024


def page_mail_logs(address: str, log: Path) -> dict:
    """The Mail logs page analysing `log` in a fresh Chromium: from choosing the file to the answer on screen, the
    longest main-thread task meanwhile, and the renderer's peak memory."""
    from playwright.sync_api import sync_playwright

    before = {int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.goto(address)
        page.locator("[data-mail-logs][data-ready]").wait_for(state="attached", timeout=60_000)
        page.evaluate(WATCH_LONG_TASKS)
        started = time.perf_counter()
        page.set_input_files("[data-log-files]", str(log))
        page.locator("[data-log-result]:not([hidden])").wait_for(timeout=900_000)
        seconds = time.perf_counter() - started
        page.wait_for_timeout(200)   # the last long task's entry
        figures = {"megabytes": log.stat().st_size / 1e6, "seconds": seconds,
                   "longest_task_ms": page.evaluate("window.sbskbLongest"),
                   "verdict": page.locator("[data-log-verdict]").get_attribute("data-verdict"),
                   "where": "page" if "(on this page)" in page.locator("[data-log-status]").inner_text() else "worker",
                   "renderer_peak_mb": renderer_peak_mb(before)}
        browser.close()
    return figures


def mail_log_lines(figures: dict) -> list[tuple]:
    speed = figures["throughput"]
    rate = speed["megabytes"] / speed["seconds"]
    small, large = figures["memory_100mb"], figures["memory_1gb"]
    growth = large["max_rss_mb"] / small["max_rss_mb"]
    lines = [
        (f"mail_logs.py on a {speed['megabytes']:.0f} MB tracking log: {speed['seconds']:.1f} s = {rate:.1f} MB/s "
         f"(verdict {speed['verdict']})", f">= {BUDGETS['mail_logs_mb_per_s']} MB/s",
         verdict(rate >= BUDGETS["mail_logs_mb_per_s"])),
        (f"mail_logs.py peak memory (ru_maxrss): {small['megabytes']:.0f} MB of log {small['max_rss_mb']:.0f} MB, "
         f"{large['megabytes']:.0f} MB of log {large['max_rss_mb']:.0f} MB (x{growth:.2f} "
         f"for x{large['megabytes'] / small['megabytes']:.1f} the lines)", "grows with addresses, not lines", "INFO"),
    ]
    if "page_throughput" not in figures:
        return lines
    page = figures["page_throughput"]
    page_rate = page["megabytes"] / page["seconds"]
    lines.append((f"Mail logs page, served ({page['where']}), {page['megabytes']:.0f} MB: {page['seconds']:.1f} s "
                  f"from choosing the file to the answer = {page_rate:.1f} MB/s (verdict {page['verdict']})",
                  f">= {BUDGETS['mail_logs_page_mb_per_s']} MB/s",
                  verdict(page_rate >= BUDGETS["mail_logs_page_mb_per_s"])))
    for key, where in (("page_throughput", "served"), ("page_file", "from file:// (on the page, in slices)")):
        run = figures[key]
        lines.append((f"Mail logs page {where}, {run['megabytes']:.0f} MB in {run['seconds']:.1f} s: the main "
                      f"thread's longest task {run['longest_task_ms']:.0f} ms", f"<= {BUDGETS['longest_task_ms']} ms",
                      verdict(run["longest_task_ms"] <= BUDGETS["longest_task_ms"])))
    small, large = figures["page_memory_100mb"], figures["page_memory_1gb"]
    lines.append((f"Mail logs page, renderer peak memory (VmHWM): {small['megabytes']:.0f} MB of log "
                  f"{small['renderer_peak_mb']:.0f} MB, {large['megabytes']:.0f} MB of log "
                  f"{large['renderer_peak_mb']:.0f} MB", "grows with addresses, not lines", "INFO"))
    return lines


def write_mail_logs_page(result: dict, page: Path) -> None:
    rows = "\n".join(f"| {figure} | {budget} | {outcome} |" for figure, budget, outcome in
                     mail_log_lines(result["mail_logs"]))
    page.write_text(f"""# Performance: the mail-log analyser

Figures from `scripts/benchmark.py --only maillogs`, run on {result['when']} ({result['machine']}).
[mail_logs.py](../kb/mail-logs.md) reads a generated Exchange 2010 message tracking log: {MAIL_LOG_DAYS} days of a
server under attack (per spam: `RECEIVE`, `FAIL` RecipNotFound, `DSN` Failure, `SEND` of the NDR), one message in
four ordinary mail, {MAIL_LOG_ADDRESSES:,} made-up local addresses and {MAIL_LOG_VICTIMS:,} forged senders at every
size, so a larger log has more lines per hour, not more addresses. Memory is the analyser process's own peak
(`ru_maxrss`), Python included. The [Mail logs page](../mail-logs.md) reads the same files in a fresh Chromium: served,
in its worker, timed from choosing the file to the answer on screen; and from the offline copy (`file://`), where no
worker starts and it reads on the page in slices. The longest main-thread task is the Long Tasks API's (tasks over
50 ms are reported; none reported reads 0); the renderer's memory is its peak resident size (`VmHWM`), the worker's
included.

| Figure | Budget | Verdict |
| --- | --- | --- |
{rows}

What memory holds: per hour one bit per distinct refused or unknown address; counters per domain; per sender the
recipients of its current hour; and, to count each message, NDR and send once, the latest 50,000 to 100,000 message
ids of each (the page keeps each id as two 32-bit hashes in typed arrays, which its garbage collector has
nothing to trace in). It grows with the addresses, domains and hours, not with the number of lines.
""", encoding="utf-8")


def report(result: dict) -> None:
    lines = result["lines"]
    catalogues = result["catalogues"]
    for entry in catalogues:
        lines.append((f"build {entry['checklists']} checklists: {entry['build_seconds']:.2f} s vs the same pages in "
                      f"stock Material {entry['stock_build_seconds']:.2f} s = {entry['ratio']:.2f}x",
                      f"<= {BUDGETS['build_ratio']}x", verdict(entry["ratio"] <= BUDGETS["build_ratio"])))
    for entry in catalogues:
        if "zensical_ratio" in entry:
            lines.append((f"Zensical build {entry['checklists']} checklists: {entry['zensical_build_seconds']:.2f} s "
                          f"vs the same pages {entry['zensical_stock_build_seconds']:.2f} s = "
                          f"{entry['zensical_ratio']:.2f}x", f"<= {BUDGETS['build_ratio']}x",
                          verdict(entry["zensical_ratio"] <= BUDGETS["build_ratio"])))
    for smaller, larger in zip(catalogues, catalogues[1:], strict=False):  # consecutive pairs: one shorter by design
        growth = (larger["build_seconds"] / larger["checklists"]) / (smaller["build_seconds"] / smaller["checklists"])
        lines.append((f"per-checklist build time {smaller['checklists']} -> {larger['checklists']}: x{growth:.2f}",
                      f"<= {BUDGETS['growth']} (linear)", verdict(growth <= BUDGETS["growth"])))
    for entry in catalogues:
        if "search_seconds" in entry:
            lines.append((f"of our {entry['build_seconds']:.2f} s for {entry['checklists']} checklists: validation "
                          f"{entry['validation_seconds']:.2f} s, rendering {entry['render_seconds']:.2f} s, search "
                          f"indexing {entry['search_seconds']:.2f} s", "-", "INFO"))
            lines.append((f"build {entry['checklists']} checklists vs the earlier bare baseline (one command per "
                          f"item, {entry['bare_build_seconds']:.2f} s): {entry['bare_ratio']:.2f}x", "-", "INFO"))
        else:
            lines.append((f"validate {entry['checklists']} checklists: {entry['validation_seconds']:.2f} s", "-",
                          "INFO"))
    if "bytes" in result:
        b = result["bytes"]
        lines.append((f"largest page {result['largest_page']}: HTML {b['html_raw']} B ({b['html_gzip']} B gzip)",
                      "-", "INFO"))
        lines.append((f"Material CSS+JS: {b['material_raw']} B ({b['material_gzip']} B gzip)", "-", "INFO"))
    for kind, entry in result.get("weights", {}).items():
        shown = ", ".join(f"{Path(f['file']).name} {f['gzip']}" for f in entry["files"] if f["counted"])
        lines.append((f"{WEIGHT_NAMES[kind]}, our files on a first visit: {entry['gzip']} B gzip -9 ({shown}; "
                      f"heaviest of {len(entry['pages'])}: {entry['heaviest']})", f"<= {entry['budget']} B",
                      verdict(entry["gzip"] <= entry["budget"])))
    t = result.get("browser", {})
    clients = t.get("clients", CLIENTS)
    if "tick_p95_ms" in t:
        lines.append((f"tick to stored, {clients} clients, 100 items: median {t['tick_median_ms']:.2f} ms, "
                      f"p95 {t['tick_p95_ms']:.2f} ms", f"p95 <= {BUDGETS['tick_p95_ms']} ms",
                      verdict(t["tick_p95_ms"] <= BUDGETS["tick_p95_ms"])))
        share = t["event_ticks_slow"] / t["event_ticks"]
        lines.append((f"ticks (real clicks) with an Event Timing entry over 16 ms: {t['event_ticks_slow']} of "
                      f"{t['event_ticks']} = {share:.1%} (with an entry of 16 ms or more: "
                      f"{t['event_ticks_with_entry']}), slowest entry {t['event_slowest_ms']:.0f} ms",
                      f"<= {BUDGETS['event_ticks_share']:.0%} of ticks",
                      verdict(share <= BUDGETS["event_ticks_share"])))
        lines.append((f"where a tick goes: {breakdown_line(t['tick_breakdown']['all'])}; the slowest 5 %: "
                      f"{breakdown_line(t['tick_breakdown']['tail'])}", "-", "INFO"))
    if "clients_render_median_ms" in t:
        lines.append((f"Clients page, {clients} clients: first render of the table median "
                      f"{t['clients_render_median_ms']:.1f} ms, slowest of 5 {t['clients_render_max_ms']:.1f} ms",
                      f"<= {BUDGETS['clients_render_ms']} ms",
                      verdict(t["clients_render_max_ms"] <= BUDGETS["clients_render_ms"])))
        lines.append((f"checklist page load with {clients} clients in the database: {t['first_load_s']:.2f} s", "-",
                      "INFO"))
        lines.append((f"re-render {t['snippets_on_page']} filled snippets after a parameter change: median "
                      f"{t['rerender_median_ms']:.2f} ms", "-", "INFO"))
    lines.extend(team_lines(t, BUDGETS["tick_p95_ms"], verdict))
    if "mail_logs" in result:
        lines.extend(mail_log_lines(result["mail_logs"]))
    for key, scores in result.get("lighthouse", {}).items():
        preset = key.split("/")[1]
        wanted = BUDGETS["lighthouse"][preset]
        ok = all(scores[name] >= minimum for name, minimum in wanted.items())
        shown = ", ".join(f"{name} {scores[name]:.2f}" for name in wanted)
        lines.append((f"Lighthouse {key}: {shown}", ", ".join(f"{n} >= {m}" for n, m in wanted.items()), verdict(ok)))
    print(f"\nSBS Setup KB benchmark — {result['when']} — {result['machine']} — {', '.join(result['parts'])}")
    if "real_build_seconds" in result:
        print(f"real site build: {result['real_build_seconds']:.2f} s")
    if "weights" in result:
        print(weight_tables(result["weights"]))
    if "tick_breakdown" in t:
        print(breakdown_table(t["tick_breakdown"]))
    print()
    width = max((len(line[0]) for line in lines), default=0)
    for figure, budget, outcome in lines:
        print(f"{figure:<{width}}  {budget:<45}  {outcome}")


def breakdown_line(summary: dict) -> str:
    """A tick's time in one line: the whole, the handler and its parsing, serialising and writing, the wait."""
    calls = summary["calls"]
    def ms(label: str) -> float:
        return calls.get(label, {}).get("ms", 0.0)
    return (f"{summary['total_ms']:.2f} ms = handler {summary['handler_ms']:.2f} ms (JSON.parse "
            f"{ms('JSON.parse'):.2f}, JSON.stringify {ms('JSON.stringify'):.2f}, IndexedDB put+commit "
            f"{ms('IDBObjectStore.put') + ms('IDBTransaction.commit') + ms('IDBDatabase.transaction'):.2f}) + wait "
            f"for the transaction {summary['wait_ms']:.2f} ms")


def breakdown_table(breakdown_figures: dict) -> str:
    """Where a tick's time goes, every tick and the slowest 5 %: mean ms, calls and characters per tick."""
    out = ["\nwhere a tick goes (mean per tick; the calls are within the handler)",
           f"  {'':<30}  {'all ticks':>28}  {'slowest 5 %':>28}",
           f"  {'':<30}  {'ms':>8} {'calls':>7} {'chars':>11}  {'ms':>8} {'calls':>7} {'chars':>11}"]
    every, tail = breakdown_figures["all"], breakdown_figures["tail"]
    for label, key in (("tick (click to stored)", "total_ms"), ("handler (click() returns)", "handler_ms"),
                       ("wait for the transaction", "wait_ms")):
        out.append(f"  {label:<30}  {every[key]:>8.2f} {'':>7} {'':>11}  {tail[key]:>8.2f}")
    for label in sorted(set(every["calls"]) | set(tail["calls"])):
        a, z = every["calls"].get(label, {}), tail["calls"].get(label, {})
        out.append(f"  {label:<30}  {a.get('ms', 0):>8.3f} {a.get('calls', 0):>7.1f} {a.get('chars', 0):>11.0f}  "
                   f"{z.get('ms', 0):>8.3f} {z.get('calls', 0):>7.1f} {z.get('chars', 0):>11.0f}")
    return "\n".join(out)


def chart(catalogues: list[dict]) -> str:
    """A small SVG bar chart of build seconds, ours next to stock, per catalogue size."""
    width, height, bar = 560, 220, 36
    top = max(max(c["build_seconds"], c["stock_build_seconds"]) for c in catalogues) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             'aria-labelledby="chart-title"><title id="chart-title">Build time in seconds: this site (dark) and '
             'the same pages by hand in stock Material (light), by number of checklists</title>',
             '<style>text{font:13px sans-serif;fill:#1a1a1a}</style>',
             f'<rect width="{width}" height="{height}" fill="#ffffff"/>']  # readable in the dark palette too
    for index, c in enumerate(catalogues):
        x = 60 + index * 160
        for offset, seconds, colour in ((0, c["build_seconds"], "#3949ab"),
                                        (bar + 4, c["stock_build_seconds"], "#9fa8da")):
            h = 150 * seconds / top
            parts.append(f'<rect x="{x + offset}" y="{170 - h:.1f}" width="{bar}" height="{h:.1f}" fill="{colour}"/>')
            parts.append(f'<text x="{x + offset}" y="{165 - h:.1f}">{seconds:.1f}</text>')
        parts.append(f'<text x="{x}" y="190">{c["checklists"]} checklists</text>')
    parts.append('<text x="60" y="212">dark: this site · light: the same pages by hand in stock Material</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


# What was changed because a budget failed, newest first (shown on the docs page).
CHANGES = [
    "Issue 23: the browser code is ES modules bundled per page kind, minified (esbuild): a page fetches common.js and "
    "its kind's bundle, not all eleven scripts one by one (43,840 B gzip on every page before; now about 15.2 KB on "
    "a checklist page, 14.1 KB on the Clients page, 10.3 KB on the report, 1.8 KB on a KB or client page). Export, "
    "import and merge, reading a pasted value before the change, the client bar's New/Rename/Duplicate/Delete and "
    "the first release's localStorage move load on first use. Checklist items out of view are neither laid out "
    "nor painted (content-visibility): real clicks with an Event Timing entry over 16 ms went from 15-37 of 80 to "
    "8 of 80 in an A/B in one browser. The tick is now timed as a technician ticks: an item on screen, clicked at "
    "any moment of a frame. The earlier loop clicked items off screen back to back, which no one can, and which "
    "with content-visibility makes the browser lay out a skipped item first (p95 10.9-14.5 ms that way, 8.1-9.7 ms "
    "without content-visibility, in the same A/B; the code before issue 23 gave 6.6-12.7 ms).",
    "Material's search plugin reads each page without the per-client controls, which it parsed only to leave out of "
    "the index (macros/search_hooks.py; the index and the pages are the same): search indexing of 100 checklists "
    "took 1.42 s, now about 0.9 s. Each checklist file passes a compiled check (fastjsonschema) before jsonschema is "
    "ever imported; jsonschema now only words a file's problems: validation of 100 checklists went from 1.1 s to "
    "0.74 s. With both, 100 checklists build in 1.35x the time of the same pages by hand (1.78x before).",
    "The Clients page (issue 15) computes each client's summary once per render and shows 50 rows at a time, with "
    "filter and sort over all of them: with 1,000 clients its table took about 5 s to render, all rows at once.",
    "The build ratio is now taken against the same checklist written by hand as a stock Material page (plain_page: "
    "the why, what changes, a tab per platform with its steps and its check, apply and revert commands), built with "
    "the same extensions and no code highlighting, as our snippets have none; under MkDocs and, new, under Zensical. "
    "The earlier baseline, one command per item and no tabs, is still printed beside it: it measured the cost of the "
    "content as much as of our code.",
    "Under Zensical the checklists were read and validated once per page, not once per build: its macros shim runs "
    "define_env for every page. macros/loader.py load_catalog_once keeps the catalogue while no file under "
    "checklists/ changes: 100 checklists built in 4.0 s instead of 114.6 s.",
    "Tick to stored is now measured as issue 14 asks: 1,000 clients of realistic state in the browser's database "
    "(IndexedDB; localStorage cannot hold them), from the click until the transaction is complete, against one "
    "120 Hz frame (8 ms) instead of 16 ms for a synchronous localStorage write. Each write commits at once "
    "(IDBTransaction.commit) so a page left right after a tick keeps it. Runs of that part alone here gave a p95 "
    "of 8.6 to 12.9 ms (median 1.1 to 2.3 ms); relaxed durability gave 7.3 ms once, within the noise, and was not "
    "taken: it may lose a tick on power loss.",
    "Build: a macro's HTML (every checklist, the index, the dashboard) goes straight into Python-Markdown's stash "
    "(macros/html_blocks.py) instead of being parsed by html.parser twice per page (MkDocs' anchor collector and "
    "md_in_html's raw-HTML block processor): 100 synthetic checklists built in 5.1 s instead of 8.7 s, the same "
    "HTML out.",
    "Lighthouse mobile (0.90 home, 0.88 tarpit): the benchmark's server now gzips text like any production server "
    "(it sent main.css, bundle.js and sbskb.js raw, 3.3-6x their real size through the 1.6 Mbit/s simulated link); "
    "Material's bundle and sbskb.js are deferred (overrides/main.html), so they no longer count against the first "
    "paint; the client picker and the scrollbar gutter have reserved space (no layout shift); the median of three "
    "Lighthouse runs is reported.",
    "Checklist YAML is parsed with libyaml (PyYAML's C parser) when available: validation of 100 checklists went "
    "from 3.7 s to 0.7 s, with the same messages (every validator fixture passes unchanged).",
]


def remaining(result: dict) -> str:
    """Why a failing budget fails and what would meet it, with this run's figures (issue 14: name it, with figures)."""
    parts = []
    by_size = {entry["checklists"]: entry for entry in result["catalogues"]}
    if any(c["ratio"] > BUDGETS["build_ratio"] for c in result["catalogues"]):
        entry = by_size.get(100) or result["catalogues"][-1]
        extra = entry["build_seconds"] - entry["stock_build_seconds"]
        parts.append(" ".join([
            f"**The build ratio under MkDocs.** With {entry['checklists']} checklists our build takes",
            f"{entry['build_seconds']:.2f} s against {entry['stock_build_seconds']:.2f} s for the same pages by hand,",
            f"{extra:.2f} s more. Of ours: reading the YAML with positions and validating it",
            f"{entry['validation_seconds']:.2f} s (a hand-written page has neither), rendering the checklists' HTML",
            f"{entry['render_seconds']:.2f} s, and Material's search plugin {entry['search_seconds']:.2f} s. Next",
            "steps: the per-client controls built by the page script from one JSON block (a smaller page for the",
            "indexer and for Markdown), and the YAML positions taken only for files with a problem."]))
    zensical = [c for c in result["catalogues"] if c.get("zensical_ratio", 0) > BUDGETS["build_ratio"]]
    if zensical:
        worst = max(zensical, key=lambda c: c["zensical_ratio"])
        parts.append(" ".join([
            f"**The build ratio under Zensical** ({worst['zensical_ratio']:.2f}x at {worst['checklists']} checklists:",
            f"{worst['zensical_build_seconds']:.2f} s against {worst['zensical_stock_build_seconds']:.2f} s). The",
            "budget is set against stock Material, which is MkDocs; Zensical is measured as well because the site",
            "builds and is tested with it. Two costs are Zensical's alone. Its macros shim runs define_env for every",
            "page (the catalogue is read once, load_catalog_once, but the module and its macros are set up per page),",
            "and the Markdown extension through which, under MkDocs, the macros' HTML bypasses Python-Markdown's",
            "raw-HTML parsing (macros/html_blocks.py) is not registered there (docs/contributing.md), so about 90 KB",
            "of HTML per checklist page is parsed on every build. What would meet it: that bypass under Zensical",
            "(finding where its shim could take a Markdown extension), or a smaller page (the per-client controls",
            "built by the page script)."]))
    for kind, weight in result.get("weights", {}).items():
        if weight["gzip"] <= weight["budget"]:
            continue
        files = sorted((f for f in weight["files"] if f["counted"]), key=lambda f: -f["gzip"])
        parts.append(
            f"**The weight of a {WEIGHT_NAMES[kind]}.** {weight['heaviest']} fetches {weight['gzip']} B (gzip -9) of "
            f"ours on a first visit against {weight['budget']} B: " +
            ", ".join(f"{f['file']} {f['gzip']} B" for f in files) + ". What would meet it: less of the largest "
            "files on this kind of page, or the parts it needs only on demand loaded when asked for.")
    ticks = result.get("browser", {})
    if ticks.get("tick_p95_ms", 0) > BUDGETS["tick_p95_ms"]:
        parts.append(
            f"**Tick to stored.** p95 {ticks['tick_p95_ms']:.2f} ms against {BUDGETS['tick_p95_ms']} ms (median "
            f"{ticks['tick_median_ms']:.2f} ms). Where it goes: {breakdown_line(ticks['tick_breakdown']['all'])}; "
            f"in the slowest 5 % of ticks: {breakdown_line(ticks['tick_breakdown']['tail'])}.")
    return "\n\n".join(parts)


def write_page(result: dict, page: Path) -> None:
    page.parent.mkdir(parents=True, exist_ok=True)
    if result["catalogues"]:
        (page.parent / "build-times.svg").write_text(chart(result["catalogues"]), encoding="utf-8")
    rows = "\n".join(f"| {figure} | {budget} | {outcome} |" for figure, budget, outcome in result["lines"])
    changes = "\n".join(f"- {change}" for change in CHANGES)
    failing = "\n".join(f"- {figure} (budget {budget})" for figure, budget, outcome in result["lines"]
                        if outcome == "FAIL") or "Nothing: every budget passes."
    page.write_text(f"""# Performance

Figures from `scripts/benchmark.py`, run on {result['when']} ({result['machine']}). Timings vary with the machine;
the budgets are the project's own. The raw figures are in [benchmark.json](benchmark.json).

![Build time in seconds: this site and stock Material, by number of checklists](build-times.svg)

| Figure | Budget | Verdict |
| --- | --- | --- |
{rows}

The mail-log analyser's throughput and memory: [mail-logs.md](mail-logs.md).

## What was changed for the budgets

{changes}

## Still failing

{failing}

{remaining(result)}
""", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
