#!/usr/bin/env python3
"""The browser's mail-log analyser timed in Chromium: the worker (maillogs-worker.js) on a log chosen as a technician
chooses it, and the same analysis on the main thread (where no worker starts, as from file://) with its longest slice.
scripts/benchmark.py calls measure_worker (the maillogs part); run alone it writes a generated log and prints both:

    .venv/bin/python scripts/benchmark_maillogs.py [--megabytes 200]

It serves docs/ as it stands, so build the bundles first (npm run build). Not a test: timings vary with the machine.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKER_SCRIPT = "javascripts/sbskb/maillogs-worker.js"
INPUT = "sbskb-benchmark-log"

# The log as a File from a file input: Chromium reads it from disk as the worker streams it, as it would a chosen
# file. A first, empty analysis loads and compiles the script, so the time is the analysis's own.
_TIME_WORKER = """async ([url, input]) => {
  const file = document.getElementById(input).files[0];
  const worker = new Worker(url);
  const analysed = (files) => new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data.type === "result") resolve(data.result);
      else if (data.type === "error") reject(new Error(data.message));
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage({ type: "analyse", files, domains: [] });
  });
  await analysed([]);
  const started = performance.now();
  const result = await analysed([{ name: file.name, blob: file }]);
  const seconds = (performance.now() - started) / 1000;
  worker.terminate();
  return { seconds, verdict: result.verdict, records: result.files[0].records };
}"""

# On the main thread: a slice runs from the moment the analysis resumes (a timer's callback, or a read of the file
# that resolved) to its next yield (setTimeout); the Long Tasks API lists every task over 50 ms besides.
_TIME_MAIN_THREAD = """async (input) => {
  const file = document.getElementById(input).files[0];
  const longTasks = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
  observer.observe({ type: "longtask", buffered: false });
  const timer = window.setTimeout;
  let resumed = performance.now();
  let longest = 0;
  let slices = 0;
  window.setTimeout = (callback, delay, ...rest) => {
    longest = Math.max(longest, performance.now() - resumed);
    slices += 1;
    return timer(() => { resumed = performance.now(); callback(...rest); }, delay);
  };
  const started = performance.now();
  let result;
  try {
    result = await window.sbskbMailLogs.analyseFiles([{ name: file.name, blob: file }], [], () => {},
                                                     new AbortController().signal);
  } finally {
    window.setTimeout = timer;
  }
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => timer(resolve, 100));
  observer.disconnect();
  return { seconds, verdict: result.verdict, longestSliceMs: longest, slices,
           longTasksMs: longTasks.sort((a, b) => b - a).slice(0, 5) };
}"""


def _choose(page, site_url: str, path: Path) -> None:
    page.goto(site_url.rstrip("/") + "/")
    page.evaluate("""(id) => { const input = document.createElement("input");
                     input.type = "file"; input.id = id; document.body.append(input); }""", INPUT)
    page.set_input_files(f"#{INPUT}", str(path))


def measure_worker(page, site_url: str, path: Path) -> dict:
    """The worker on the log at `path` (a Playwright page, the site's origin): seconds from posting the file to the
    result, MB/s (10^6 bytes), the verdict and the records read."""
    path = Path(path)
    _choose(page, site_url, path)
    figures = page.evaluate(_TIME_WORKER, [site_url.rstrip("/") + "/" + WORKER_SCRIPT, INPUT])
    megabytes = path.stat().st_size / 1e6
    return {"megabytes": megabytes, "seconds": figures["seconds"], "mb_per_s": megabytes / figures["seconds"],
            "verdict": figures["verdict"], "records": figures["records"]}


def measure_main_thread(page, site_url: str, path: Path) -> dict:
    """The main thread's analysis (window.sbskbMailLogs.analyseFiles, the bundle added as a classic script) on the
    log at `path`: its time and MB/s, its longest slice between two yields, and the longest tasks the browser saw
    over 50 ms."""
    path = Path(path)
    _choose(page, site_url, path)
    page.add_script_tag(url=site_url.rstrip("/") + "/" + WORKER_SCRIPT)
    page.wait_for_function("() => window.sbskbMailLogs !== undefined")
    figures = page.evaluate(_TIME_MAIN_THREAD, INPUT)
    megabytes = path.stat().st_size / 1e6
    return {"megabytes": megabytes, "seconds": figures["seconds"], "mb_per_s": megabytes / figures["seconds"],
            "verdict": figures["verdict"], "longest_slice_ms": figures["longestSliceMs"], "slices": figures["slices"],
            "long_tasks_ms": figures["longTasksMs"]}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200, help="the generated log's size (default 200)")
    arguments = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "scripts"))
    from benchmark import CHROMIUM, mail_log
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(ROOT / "docs")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
            log = Path(folder) / f"MSGTRK-{arguments.megabytes}MB.LOG"
            mail_log(log, arguments.megabytes)
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            worker = measure_worker(browser.new_page(), site_url, log)
            print(f"worker: {worker['megabytes']:.0f} MB in {worker['seconds']:.2f} s = {worker['mb_per_s']:.1f} MB/s "
                  f"(verdict {worker['verdict']}, {worker['records']:,} records)")
            main_thread = measure_main_thread(browser.new_page(), site_url, log)
            print(f"main thread: {main_thread['seconds']:.2f} s = {main_thread['mb_per_s']:.1f} MB/s, longest slice "
                  f"{main_thread['longest_slice_ms']:.1f} ms of {main_thread['slices']:,}, tasks over 50 ms: "
                  f"{main_thread['long_tasks_ms'] or 'none'}")
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
