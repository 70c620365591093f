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
    samples = sorted(path for path in SAMPLES.rglob("*") if path.is_file()
                     and (path.suffix.lower() in (".log", ".csv") or path.parent.name == "listings"))
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
    """The main thread's analysis lets the page run between its slices of 128 KB, and an abort stops it."""
    page.goto(site_url + "/")
    page.add_script_tag(url=site_url + ANALYSER)
    assert page.evaluate("window.onmessage") is None   # loaded as a page's script it is no worker
    files = encoded(["hostile/MSGTRK20261105-1.LOG"])   # about 1 MB: eight slices
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


# Odd single lines, one file each, named one by one (the odd copies above find edges by chance): the readers' edges
# a rule could drift on without the samples noticing. `about` is what the CLI says of each, so a case that stopped
# reaching its edge fails here too.
_generator = importlib.util.spec_from_file_location("generate", SAMPLES / "generate.py")
generate = importlib.util.module_from_spec(_generator)
_generator.loader.exec_module(generate)
TRACKING_HEAD = ("#Software: Microsoft Exchange Server\r\n#Version: 14.0.0.0\r\n#Log-type: Message Tracking Log\r\n"
                 "#Date: 2026-11-02T00:00:00.000Z\r\n#Fields: " + ",".join(generate.FIELDS_2010) + "\r\n")
RECEIVE_HEAD = ("#Software: Microsoft Exchange Server\r\n#Version: 14.0.0.0\r\n#Log-type: SMTP Receive Protocol Log\r\n"
                "#Date: 2026-11-03T00:00:00.000Z\r\n#Fields: " + generate.RECV_FIELDS + "\r\n")
HEAD_2003 = ("# Message Tracking Log File\r\n# Exchange System Attendant Version 6.5.7638.1\r\n# "
             + "\t".join(generate.FIELDS_2003) + "\r\n")
IIS_HEAD = ("#Software: Microsoft Internet Information Services 6.0\r\n#Version: 1.0\r\n#Date: 2026-11-03 00:00:00\r\n"
            "#Fields: " + generate.IIS_FIELDS + "\r\n")
EXPORT_HEAD = '"' + '","'.join(generate.EXPORT_COLUMNS) + '"\r\n'
EXPORT_ROW = ('"{stamp}","203.0.113.20","SBS01","SMTP","","RECEIVE","1","<a@b>","{recipients}","",'
              '"x@partner.example.org","x@partner.example.org","Incoming","",""\r\n')


def tracking(**values: str) -> str:
    """An Exchange 2010 tracking record: an NDR made (DSN, Failure) unless `values` say otherwise."""
    row = {"date-time": "2026-11-02T10:00:00.000Z", "client-ip": "192.0.2.10", "server-hostname": "SBS01",
           "source-context": "Failure", "source": "DSN", "event-id": "DSN", "internal-message-id": "1",
           "message-id": "<n1@contoso.example>", "recipient-address": "victim@victims.example.com",
           "sender-address": "postmaster@contoso.example", "return-path": "<>", "directionality": "Originating"}
    row |= {name.replace("_", "-"): value for name, value in values.items()}
    return ",".join(row.get(name, "") for name in generate.FIELDS_2010)


def tracking_log(*records: str) -> bytes:
    return (TRACKING_HEAD + "".join(record + "\r\n" for record in records)).encode()


def record_2003(date: str, time: str, event: str, msgid: str, client: str = "") -> str:
    return "\t".join([date, time, client, *[""] * 5, event, msgid, *[""] * 10, "a@b.example"])


def session(*rows: tuple[str, str, str]) -> str:
    return "".join(f"2026-11-03T01:00:{when},SBS01\\Internet,S1,{n},192.0.2.10:25,198.51.100.5:4000,{event},{data},\r\n"
                   for n, (when, event, data) in enumerate(rows))


def queue_row(identity: str, delivery: str, status: str, count: str, next_hop: str) -> str:
    """A row of a Get-Queue table under QUEUE_HEAD, padded by code points as the console pads by characters."""
    return f"{identity:<11} {delivery:<12} {status:<6} {count:>12} {next_hop}\r\n"


QUEUE_HEAD = ("Identity    DeliveryType Status MessageCount NextHopDomain\r\n"
              "--------    ------------ ------ ------------ -------------\r\n")
NO_IDENTITY = "a row or object without an Identity (a value wrapped onto a line of its own?)"
DATE = "its date-time is not a UTC ISO 8601 time"
ODD_LINES = {   # file name -> (its bytes, what the CLI says of it: a rejected line's why, a skip's words, or a figure)
    "impossible-dates.LOG": (tracking_log(
        tracking(date_time="2026-02-29T10:00:00.000Z"), tracking(date_time="2026-11-02T24:00:00.000Z"),
        tracking(date_time="0000-01-01T00:00:00.000Z"), tracking(date_time="1970-01-01T00:30:00+01:00"),
        tracking(date_time="9999-12-31T23:30:00-01:00"), tracking(date_time="2026-11-02T10:00:00.99999999999Z"),
        tracking(date_time="2026-11-02 11:00:00+01:30", message_id="<n2@contoso.example>"),
        tracking(date_time="2024-02-29T10:00:00.5Z", message_id="<n3@contoso.example>")), [DATE] * 5),
    "impossible-dates-2003.log": ((HEAD_2003 + "".join(line + "\r\n" for line in [
        record_2003("2003-2-29", "0:58:14 GMT", "1030", "m1"), record_2003("2004-2-29", "23:58:14 GMT", "1030", "m2"),
        record_2003("99999999999-1-1", "0:00:00 GMT", "1030", "m3"),
        record_2003("2003-8-12", "99999999999:00:00 GMT", "1030", "m4"),
        record_2003("2003-8-12", "1:00:00 GMT", "00000000001030", "m5"),
        record_2003("2003-8-12", "1:00:00 GMT", "\u0663\u0664", "m6"),   # Arabic-Indic digits: not a number here
        record_2003("2003-8-12", "1:00:00 GMT", "1019", "m7", "172.\u0662\u0660.1.1"),
        record_2003("2003-8-12", "1:00:00 GMT", "1019", "m8", "172.0020.1.1")])).encode(),
        ["its Date or Time is not a date and time"] * 3 + ["its Event-ID is not a number"]),
    "open-quotes.LOG": (tracking_log(
        tracking(message_subject='"never closed, with a comma'),
        tracking(message_id="<q2@contoso.example>", recipient_address="'a;b@c.example;d@e.example"),
        tracking(message_id="<q3@contoso.example>", recipient_address="'x''y'@c.example;'z;w'@e.example"),
        tracking(message_id="<q4@contoso.example>", message_subject='"closed" and more'),
        tracking(message_id="<q5@contoso.example>", message_subject='inner "quote" here')),
        ["18 fields where the column line names 26"]),
    "lone-cr.LOG": (tracking_log(
        tracking(message_subject='"quoted\rwith a CR, and a comma"'),
        tracking(message_id="<r2@contoso.example>", message_subject="unquoted\rCR", reference='"quoted"'),
        tracking(message_id="<r3@contoso.example>", message_subject="unquoted\rCR, no quote in the line"),
        tracking(message_id="<r4@contoso.example>", custom_data="ends with two CRs\r\r")), {"records": 4}),
    "odd-digits.log": ((IIS_HEAD + "".join(
        f"2026-11-03 01:00:{n:02d} 198.51.100.5 - SMTPSVC1 SBS01 192.0.2.10 0 RCPT - +TO:+<u{n}@contoso.example> "
        f"550 0 40 0 {taken} SMTP - - - -\r\n" for n, taken in enumerate(
            ["5000", "\u00b2", "\u0663000", "0062", "0" * 30 + "7", "1" * 16, "9" * 15, "62.5", ""]))).encode(),
        {"refusals": 4}),   # time-taken in ASCII digits, at most 15 without the zeros
    "tarpit-ties.LOG": ((RECEIVE_HEAD + session(
        ("00.000Z", "+", ""), ("00.000Z", "<", "MAIL FROM:<a@mail.example.net>"), ("00.000Z", ">", "250 2.1.0 OK"),
        ("00.000Z", "<", "RCPT TO:<p1@contoso.example>"), ("00.0625Z", ">", "550 5.1.1 User unknown"),
        ("00.000Z", "<", "RCPT TO:<p2@contoso.example>"), ("00.25Z", ">", "550 5.1.1 User unknown"),
        ("01.000Z", "<", "rcpt to:<\U0001F600@contoso.example>"), ("01.000Z", ">", "550-first line"),
        ("02.0625Z", ">", "550 5.1.1 UNKNOWN user"),
        ("04.000Z", "<", "RCPT TO:<p3@contoso.example>"), ("04.45Z", ">", "550 5.1.1 User unknown"),
        ("05.000Z", "-", ""))).encode(),
        {"seconds_min": 0.062, "seconds_max": 1.062}),   # round() to even: 0.0625 and 1.0625, and tenths 2.5, 4.5
    "system-string.csv": ((EXPORT_HEAD + EXPORT_ROW.format(stamp="2026-11-02 00:01:00Z",
                                                         recipients="System.String[]")).encode(),
                          "its Recipients column holds \"System.String[]\""),
    "local-date.csv": (("#TYPE Selected.Microsoft.Exchange.Management.TransportLogSearchTasks.MessageTrackingEvent\r\n"
                        + EXPORT_HEAD + EXPORT_ROW.format(stamp="02.11.2026 01:01:00",
                                                          recipients="anna@contoso.example")).encode(),
                       "culture-dependent date"),
    "listing-odd.txt": (("WARNING: column \"LastError\" does not fit into the display and was removed.\r\n"
                         + QUEUE_HEAD
                         + queue_row("S\U0001F600\\7", "DnsConnec...", "Retry", "5", "v.example.com")   # columns by
                         + queue_row("SBS01\\8", "Smtp...", "Ready", "\u0663", "x.example")   # code point
                         + queue_row("SBS01\\9", "SmartHost...", "Retry", "0000000012", "w.example.org")
                         + queue_row("", "Dns...", "Retry", "1", "y.example")
                         + queue_row("SBS01\\10", "DNSCONNEC...", "RETRY", "7", "\u0130stanbul.example")
                         + "\r\nIdentity        : SBS01\\11\r\nNextHopCategory : External\r\n"
                         "Status          : Retry\r\nMessageCount    : 3\r\n"
                         "LastError       : 451 4.4.0 a long\r\n\u3000   error, wrapped\r\n"
                         "NextHopDomain   : z.example\r\n\r\n[PS] C:\\Windows\\system32>").encode(),
                        ["its MessageCount is not a number"] * 2 + [NO_IDENTITY]),
    "unknown.txt": ("\u2028Called the ISP\x1b[2J at 10:00.\r\n".encode(), "not a mail log this tool reads"),
    "utf16-be.LOG": (b"\xfe\xff" + (TRACKING_HEAD + tracking() + "\r\n").encode("utf-16-be"), {"records": 1}),
    "bom-then-feff.LOG": (b"\xef\xbb\xbf" + tracking_log("\ufeff" + tracking()), [DATE]),
    "nul-and-long.LOG": (tracking_log(tracking()) + b"a\0b\r\n" + b"z" * 65536 + b"\r\r\n" + b"y" * 65537 + b"\n"
                         + tracking(message_id="<last@contoso.example>").encode() + b"\r" + b"x" * 70000,
                         ["holds a NUL byte (binary data, or UTF-16 text inside a UTF-8 file)"]
                         + ["longer than 65,536 bytes"] * 3),
    "hostile-text.LOG": (tracking_log(
        tracking(recipient_address="v@\u202eevil\u200b.example\u2028x" + "\u00e9" * 300),
        tracking(message_id="<h2@contoso.example>", recipient_address="v@\U000E0001tag.example\xa0",
                 message_subject="\U0001F600" * 250),
        tracking(message_id="<h3@contoso.example>", recipient_address="v@\u03a3\u0391\u03a3.example",
                 message_subject="x" * 300),
        tracking(event_id="RECEIVE", source="SMTP", source_context="", client_ip="198.51.100.9",
                 directionality="Incoming", message_id="<h4@mail.example.net>",
                 recipient_address="a@x.example;b@\uff5e.example;c@\U0001F600.example;d@x.example",
                 sender_address="s@mail.example.net", return_path="s@mail.example.net",
                 message_subject="\x1b[31m" + "w" * 250)), {"records": 4, "relayed": 3}),
}


def about(result: dict, name: str) -> object:
    """What the CLI said of one odd file, in the shape its ODD_LINES entry gives."""
    expected = ODD_LINES[name][1]
    file = result["files"][0]
    if isinstance(expected, list):
        return [line["why"] for line in file["rejected"]]
    if isinstance(expected, str):
        return expected if expected in file.get("skipped", "") else file.get("skipped")
    figures = {"records": file["records"], "relayed": result["open_relay"]["messages"], **result["tarpit"]}
    return {key: figures.get(key) for key in expected}


@pytest.mark.parametrize("name", sorted(ODD_LINES))
def test_an_odd_line_reads_alike(page: Page, site_url, tmp_path, name):
    (tmp_path / name).write_bytes(ODD_LINES[name][0])
    expected = cli([name], cwd=tmp_path)
    assert about(expected, name) == ODD_LINES[name][1]
    assert in_worker(page, site_url, [name], folder=tmp_path)["result"] == expected
    assert on_page(page, site_url, [name], folder=tmp_path)["result"] == expected


def test_the_odd_lines_read_together_alike(page: Page, site_url, tmp_path):
    for name, (data, _) in ODD_LINES.items():
        (tmp_path / name).write_bytes(data)
    names = sorted(ODD_LINES)
    expected = cli(names, ["contoso.example"], cwd=tmp_path)
    assert in_worker(page, site_url, names, ["contoso.example"], folder=tmp_path)["result"] == expected
