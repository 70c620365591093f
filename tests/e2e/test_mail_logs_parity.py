"""The browser's mail-log analyser (browser/maillogs/, built into javascripts/sbskb/maillogs-worker.js) gives, for
the same files, the object `mail_logs.py --json` prints: every key and value, arrays in the same order. The shared
vectors are the samples of tests/fixtures/mail-logs/ (each scenario of expected.json read together), odd files made
from them here, and the CLI itself. Both ways the browser runs it are held to the CLI: the Web Worker and, where no
worker starts (file://), the same script loaded on the page (window.sbskbMailLogs)."""
from __future__ import annotations

import base64
import importlib.util
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page

from support import ROOT

pytestmark = pytest.mark.e2e
SAMPLES = ROOT / "tests" / "fixtures" / "mail-logs"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
ANALYSER = "/javascripts/sbskb/maillogs-worker.js"

# In the page: files as [name, base64] pairs, made into Files and analysed by the worker or on the page.
FILES_JS = """files => files.map(([name, data]) => ({
    name, blob: new File([Uint8Array.from(atob(data), c => c.charCodeAt(0))], name.split("/").pop()) }))"""
IN_WORKER = f"""async ([url, files, domains]) => {{
    const toFiles = {FILES_JS};
    const worker = new Worker(url);
    const progress = [];
    const result = await new Promise((resolve, reject) => {{
        worker.onmessage = event => {{
            const message = event.data;
            if (message.type === "progress") progress.push(message);
            else if (message.type === "result") resolve(message.result);
            else reject(new Error(message.message));
        }};
        worker.onerror = event => reject(new Error(event.message));
        worker.postMessage({{ type: "analyse", files: toFiles(files), domains }});
    }});
    worker.terminate();
    return {{ result, progress }};
}}"""
ON_PAGE = f"""async ([files, domains]) => {{
    const toFiles = {FILES_JS};
    const progress = [];
    const result = await window.sbskbMailLogs.analyseFiles(toFiles(files), domains, p => progress.push(p),
                                                           new AbortController().signal);
    return {{ result, progress }};
}}"""


def cli(files: list[str], domains: list[str] = (), cwd: Path = SAMPLES) -> dict:
    """What a technician's `mail_logs.py --json` prints, parsed (a float 5.0 and an int 5 are then equal)."""
    arguments = [argument for domain in domains for argument in ("--domain", domain)]
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "mail_logs.py"), "--json", *arguments, *files],
                            cwd=cwd, capture_output=True, text=True, timeout=120)
    assert result.stdout, result.stderr
    return json.loads(result.stdout)


def encoded(files: list[str], folder: Path = SAMPLES) -> list[list[str]]:
    return [[name, base64.b64encode((folder / name).read_bytes()).decode("ascii")] for name in files]


def in_worker(page: Page, site_url: str, files: list[str], domains: list[str] = (), folder: Path = SAMPLES) -> dict:
    page.goto(site_url + "/")
    return page.evaluate(IN_WORKER, [site_url + ANALYSER, encoded(files, folder), list(domains)])


def on_page(page: Page, site_url: str, files: list[str], domains: list[str] = (), folder: Path = SAMPLES) -> dict:
    page.goto(site_url + "/")
    page.add_script_tag(url=site_url + ANALYSER)
    return page.evaluate(ON_PAGE, [encoded(files, folder), list(domains)])


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_the_worker_gives_what_the_cli_prints(page: Page, site_url, scenario):
    files = EXPECTED[scenario]["files"]
    got = in_worker(page, site_url, files)
    assert got["result"] == cli(files)
    first = got["progress"][0]   # the first chunk is always reported; then at most every 100 ms
    assert first["type"] == "progress" and first["file"] == files[0]
    assert 0 < first["bytes"] <= first["total"] == (SAMPLES / files[0]).stat().st_size


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_the_page_without_a_worker_gives_what_the_cli_prints(page: Page, site_url, scenario):
    files = EXPECTED[scenario]["files"]
    assert on_page(page, site_url, files)["result"] == cli(files)


@pytest.mark.parametrize("domains", [["contoso.example"], ["Other.Example", "mail.example.net"],
                                     ["victims.example.com"]])
def test_a_domain_list_is_judged_alike(page: Page, site_url, domains):
    files = sorted({name for scenario in EXPECTED.values() for name in scenario["files"]})
    expected = cli(files, domains)
    assert expected["domains"] == {"local": [domain.lower() for domain in domains], "how": "given"}
    assert in_worker(page, site_url, files, domains)["result"] == expected
    assert on_page(page, site_url, files, domains)["result"] == expected


def odd_copies(folder: Path, count: int) -> list[str]:
    """Samples changed line by line (a byte replaced, a field swapped for an odd value, lines repeated, dropped or
    exchanged, CRs added, days moved), the same every run: what the readers' edges give, held to the CLI."""
    chance = random.Random(20261105)
    odd_values = [b"", b"-", b"<>", b"\"", b"'", b"\"a,\"\"b\"", b"'open", b"a\rb", b"\x1b[31m", b"\xef\xbb\xbf",
                  b"\xff", b"\xed\xa0\x80", b"\xf0\x9f\x98\x80@x.example", b"\xc2\x85", b"\xe2\x80\xa8",
                  b"2026-02-31T10:00:00.000Z", b"2026-11-02T10:00:00.5+14:59", b"9999-12-31T23:59:59.999Z",
                  b"2003-2-31", b"99999999999-1-1", b"1" * 400, b"172.\xd9\xa2\xd9\xa0.0.1", b"172.\xc2\xb20.0.1",
                  b"RCPT TO:<\xce\x94@contoso.example>", b"550 unknown", b"550-5.1.1 more", b"235 ok",
                  b"Originating", b"Incoming", b"STOREDRIVER", b"FAIL", b"DEFER", b"SEND", b"DSN", b"1030", b"1031",
                  b"postmaster@contoso.example", b"x@contoso.example;'y;z'@contoso.example"]
    samples = sorted(path for path in SAMPLES.rglob("*") if path.is_file() and path.suffix.lower() in (".log", ".csv"))
    names = []
    for n in range(count):
        lines = chance.choice(samples).read_bytes().split(b"\n")
        for _ in range(chance.randint(1, 40)):
            at = chance.randrange(len(lines))
            line = lines[at]
            step = chance.random()
            if step < 0.25 and line:
                spot = chance.randrange(len(line))
                lines[at] = line[:spot] + bytes([chance.randrange(256)]) + line[spot + 1:]
            elif step < 0.55:
                separator = b"\t" if b"\t" in line else b" " if line.count(b" ") > 10 else b","
                parts = line.split(separator)
                parts[chance.randrange(len(parts))] = chance.choice(odd_values)
                lines[at] = separator.join(parts)
            elif step < 0.65:
                lines.insert(at, chance.choice(lines))
            elif step < 0.75 and len(lines) > 1:
                del lines[at]
            elif step < 0.85:
                lines[at] = line + b"\r"
            elif step < 0.92:
                lines[at] = line.replace(b"2026-11-0", b"2026-11-1")
            else:
                lines[at], lines[at - 1] = lines[at - 1], line
        name = f"odd-{n}.log"
        (folder / name).write_bytes(b"\n".join(lines))
        names.append(name)
    return names


def test_odd_files_made_from_the_samples_read_alike(page: Page, site_url, tmp_path):
    """Through the streaming API itself (newAnalysis, the worker's and the page's engine), pushed in chunks of 1,000
    bytes so that lines and characters break across them."""
    names = odd_copies(tmp_path, 40)
    page.goto(site_url + "/")
    page.add_script_tag(url=site_url + ANALYSER)
    results = page.evaluate("""files => files.map(([name, data]) => {
        const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
        const analysis = window.sbskbMailLogs.newAnalysis([]);
        const file = analysis.openFile(name);
        for (let at = 0; at < bytes.length && file.push(bytes.subarray(at, at + 1000)); at += 1000);
        file.close();
        return analysis.result();
    })""", encoded(names, tmp_path))
    for name, result in zip(names, results, strict=True):
        assert result == cli([name], cwd=tmp_path), name


def test_on_the_page_it_yields_to_the_event_loop_and_stops_when_asked(page: Page, site_url):
    """The main thread's analysis lets the page run between its slices of 256 KB, and an abort stops it."""
    page.goto(site_url + "/")
    page.add_script_tag(url=site_url + ANALYSER)
    assert page.evaluate("window.onmessage") is None   # loaded as a page's script it is no worker
    files = encoded(["hostile/MSGTRK20261105-1.LOG"])   # about 1 MB: four slices
    got = page.evaluate(f"""async files => {{
        const toFiles = {FILES_JS};
        let ticks = 0;
        const timer = setInterval(() => ticks++, 0);
        await window.sbskbMailLogs.analyseFiles(toFiles(files), [], () => {{}}, new AbortController().signal);
        const during = ticks;
        const controller = new AbortController();
        const stopped = window.sbskbMailLogs.analyseFiles(toFiles(files), [], () => controller.abort(),
                                                          controller.signal).then(() => "finished", e => e.name);
        const outcome = await stopped;
        clearInterval(timer);
        return {{ during, outcome }};
    }}""", files)
    assert got["during"] > 0
    assert got["outcome"] == "AbortError"


def test_the_constants_are_the_clis():
    """browser/maillogs/constants.js copies mail_logs.py's constants (the worker has no page to read them from)."""
    spec = importlib.util.spec_from_file_location("mail_logs", ROOT / "docs" / "downloads" / "mail_logs.py")
    mail_logs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mail_logs)
    script = ("const c = await import(process.argv[1]); console.log(JSON.stringify({...c, "
              "TRACKING_VERSIONS: [...c.TRACKING_VERSIONS], CSV_NAMES: [...c.CSV_NAMES], DASHLESS: [...c.DASHLESS]}))")
    shown = subprocess.run(["node", "--input-type=module", "-e", script,
                            (ROOT / "browser" / "maillogs" / "constants.js").as_uri()],
                           capture_output=True, text=True, timeout=60, check=True)
    browser = json.loads(shown.stdout)
    python = {name: getattr(mail_logs, name) for name in browser if name not in ("TRACKING_VERSIONS", "CSV_NAMES",
                                                                                 "DASHLESS")}
    assert {name: value for name, value in browser.items() if name in python} == json.loads(json.dumps(python))
    assert [(key.split("\0"), value) for key, value in browser["TRACKING_VERSIONS"]] == \
        [(list(key), value) for key, value in mail_logs.TRACKING_VERSIONS.items()]
    assert dict(browser["CSV_NAMES"]) == mail_logs.CSV_NAMES
    assert dict(browser["DASHLESS"]) == mail_logs.DASHLESS
