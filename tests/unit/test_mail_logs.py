"""The mail-log analyser (docs/downloads/mail_logs.py, the file the site offers; scripts/mail_logs.py runs it) on the
samples of tests/fixtures/mail-logs/, whose expected figures were counted while writing them (generate.py)."""
from __future__ import annotations

import importlib.util
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import ROOT

SAMPLES = ROOT / "tests" / "fixtures" / "mail-logs"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "mail-logs-v1.schema.json").read_text(encoding="utf-8"))
_spec = importlib.util.spec_from_file_location("mail_logs", ROOT / "docs" / "downloads" / "mail_logs.py")
mail_logs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mail_logs)
_generator_spec = importlib.util.spec_from_file_location("generate", SAMPLES / "generate.py")
generate = importlib.util.module_from_spec(_generator_spec)
_generator_spec.loader.exec_module(generate)


def run(*arguments: str, cwd=SAMPLES) -> subprocess.CompletedProcess:
    """The CLI as a technician runs it: scripts/mail_logs.py, which runs the downloadable file."""
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "mail_logs.py"), *arguments], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def analysed(scenario: str) -> dict:
    result = run("--json", *EXPECTED[scenario]["files"])
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    return document


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_each_sample_gives_the_verdict_and_figures_it_was_built_to_give(scenario):
    expected = EXPECTED[scenario]["expected"]
    got = analysed(scenario)
    for key in ("verdict", "messages_total", "ndr_generated", "ndr_per_hour", "top_ndr_target_domains",
                "refused_or_unknown_recipients_distinct"):
        assert got[key] == expected[key], key
    assert [{key: file[key] for key in ("name", "format", "records", "rejected")} for file in got["files"]] == \
        expected["files"]
    if "next_checklist" in expected:
        assert got["next_checklist"]["path"] == expected["next_checklist"]
    if "tarpit_seconds_median" in expected:
        assert got["tarpit"]["seconds_median"] == expected["tarpit_seconds_median"]
    if "compromised_accounts" in expected:
        assert got["compromised_accounts"] == expected["compromised_accounts"]
    if "open_relay_messages" in expected:
        assert got["open_relay"]["messages"] == expected["open_relay_messages"]
        assert got["open_relay"]["examples"]
    assert got["examples"].get("ndr", []) or not expected["ndr_generated"]
    assert got["queues_now"] == expected.get("queues_now")   # null for the logs alone


def test_the_committed_samples_are_what_the_generator_writes(tmp_path):
    generate.generate(tmp_path)
    committed = sorted(p.relative_to(SAMPLES) for p in SAMPLES.rglob("*") if p.is_file() and p.name != "generate.py")
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert committed == written
    for name in written:
        assert (SAMPLES / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_an_attack_day_then_a_fix_day_reads_as_the_fix_working_backlog_retries_notwithstanding():
    attack = analysed("attack-day")
    both = analysed("attack-then-fix")
    assert attack["verdict"] == "backscatter"
    assert both["verdict"] == "queue-backlog"
    assert both["ndr_generated_recent"] == 0
    # The old NDRs still going out are counted as the backlog, never as NDRs made.
    assert both["ndrs_sent_or_retried_recent"] == EXPECTED["attack-then-fix"]["expected"]["backlog_recent_at_least"]
    assert both["ndr_generated"] == attack["ndr_generated"]
    assert "the fix holds and the backlog is draining" in both["rule"]
    assert both["next_checklist"]["path"] == "checklists/clear-backlog/"
    report = run(*EXPECTED["attack-then-fix"]["files"]).stdout
    assert "Verdict: queue-backlog" in report
    assert "sending an old NDR is not making a new one" in report


def test_the_tar_pit_is_measured_from_a_protocol_log_and_said_unmeasurable_elsewhere():
    measured = analysed("fix-day-protocol-log")["tarpit"]
    assert measured == {"measured": True, "refusals": 96, "seconds_min": 5.0, "seconds_median": 5.0,
                        "seconds_max": 5.0, "from": ["attack-and-fix/RECV20261103-1.LOG"]}
    assert analysed("attack-day")["tarpit"]["why"].startswith("not measurable from this log")
    assert "Tar pit: not measurable from this log" in run(*EXPECTED["attack-day"]["files"]).stdout


def test_the_hostile_sample_lists_its_rejected_lines_keeps_its_valid_figures_and_stays_text():
    got = analysed("hostile")
    assert got["files"][0]["rejected"] == EXPECTED["hostile"]["expected"]["files"][0]["rejected"]
    report = run(*EXPECTED["hostile"]["files"])
    assert report.returncode == 0
    # The forged sender's domain, with its terminal escape, is printed among the NDRs' domains: as text.
    assert "evil\\x1b[31m<b>.example.com 1" in report.stdout
    assert "\x1b" not in report.stdout and "\x07" not in report.stdout
    for rejected in got["files"][0]["rejected"]:
        assert f"line {rejected['line']}: {rejected['why']}" in report.stdout


def test_what_rests_on_an_unconfirmed_meaning_is_said_with_the_figures():
    exchange_2003 = analysed("exchange-2003")
    assert any("1030" in text for text in exchange_2003["unconfirmed"])
    assert "Rests on meanings no primary source confirms" in run(*EXPECTED["exchange-2003"]["files"]).stdout
    assert any("Failure" in text for text in analysed("attack-day")["unconfirmed"])


@pytest.mark.parametrize(("sample", "words"), [
    ("export/local-dates.csv", "culture-dependent date"),
    ("export/not-joined.csv", "System.String[]"),
    ("unknown/notes.txt", "not a mail log this tool reads"),
    ("no-such-file.log", "cannot be read"),
])
def test_a_file_it_cannot_read_is_named_with_why_and_alone_it_exits_2(sample, words):
    alone = run(sample)
    assert alone.returncode == 2
    assert f"{sample}: skipped: " in alone.stdout and words in alone.stdout
    assert alone.stderr.strip() == "mail_logs.py: no file could be read as a mail log"
    assert "no verdict" in alone.stdout and "Verdict:" not in alone.stdout   # never "quiet" from nothing read
    with_a_log = run("--json", sample, *EXPECTED["attack-day"]["files"])
    assert with_a_log.returncode == 0
    document = json.loads(with_a_log.stdout)
    assert words in document["files"][0]["skipped"]
    assert document["ndr_generated"] == EXPECTED["attack-day"]["expected"]["ndr_generated"]


def test_rejected_lines_are_listed_to_twenty_then_counted(tmp_path):
    log = tmp_path / "MSGTRK.LOG"
    header = (SAMPLES / "attack-and-fix" / "MSGTRK20261102-1.LOG").read_bytes().split(b"\r\n")[:5]
    log.write_bytes(b"\r\n".join(header) + b"\r\n" + b"x\0y\r\n" * 25)
    got = json.loads(run("--json", str(log)).stdout)["files"][0]
    assert [r["line"] for r in got["rejected"]] == list(range(6, 26))
    assert got["rejected_total"] == 25
    assert "and 5 more" in run(str(log)).stdout


def lines_of(data: bytes, chunk: int = 1 << 20) -> list:
    return list(mail_logs.read_lines(mail_logs.byte_chunks(io.BytesIO(data), chunk)))


def test_only_lf_ends_a_line_and_a_lone_cr_stays_in_it():
    assert lines_of(b"a\rb\r\nc\nd") == [(1, "a\rb", None), (2, "c", None), (3, "d", None)]
    assert lines_of(b"\xef\xbb\xbfhead\n") == [(1, "head", None)]
    assert lines_of("x\r\ny".encode("utf-16-le").join([b"\xff\xfe", b""])) == [(1, "x", None), (2, "y", None)]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4000), chunk=st.integers(min_value=1, max_value=300))
def test_the_line_reader_never_fails_and_chunking_never_changes_what_it_reads(data, chunk):
    whole = lines_of(data)
    assert lines_of(data, chunk) == whole
    assert [number for number, _, _ in whole] == list(range(1, len(whole) + 1))
    for _, text, why in whole:
        assert (text is None) != (why is None)
        assert text is None or ("\n" not in text and "\0" not in text)


@settings(max_examples=40, deadline=None)
@given(lines=st.lists(st.binary(max_size=200), max_size=30),
       long_at=st.integers(min_value=0, max_value=29))
def test_an_overlong_line_is_rejected_by_number_without_shifting_the_others(lines, long_at):
    lines = [b"first"] + [line.replace(b"\n", b"") for line in lines]   # "first": no byte order mark by chance
    if long_at < len(lines):
        lines[long_at] = b"z" * (mail_logs.MAX_LINE_BYTES + 1)
    read = lines_of(b"\n".join(lines) + b"\n", 4096)
    assert len(read) == len(lines)
    for (_, text, why), line in zip(read, lines, strict=True):
        if len(line.removesuffix(b"\r")) > mail_logs.MAX_LINE_BYTES:
            assert why == f"longer than {mail_logs.MAX_LINE_BYTES:,} bytes"
        elif b"\0" in line:
            assert why.startswith("holds a NUL byte")
        else:
            assert text == line.removesuffix(b"\r").decode("utf-8", "replace")


HEADS = [b"", b"# Message Tracking Log File\r\n# Date\tTime\tEvent-ID\tMSGID\r\n",
         (SAMPLES / "attack-and-fix" / "MSGTRK20261102-1.LOG").read_bytes()[:1200],
         (SAMPLES / "attack-and-fix" / "RECV20261103-1.LOG").read_bytes()[:900],
         (SAMPLES / "sbs2003" / "ex261103.log").read_bytes()[:700],
         b'#TYPE x\r\n"Timestamp","EventId","Recipients"\r\n',
         b'"Timestamp","EventId"\r\n"2026-11-02 00:00:00Z",DSN\r\n']


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(head=st.sampled_from(HEADS), tail=st.binary(max_size=3000) | st.text(max_size=600).map(str.encode))
def test_no_file_however_odd_ends_in_a_traceback(tmp_path, head, tail):
    path = tmp_path / "odd.log"
    path.write_bytes(head + tail)
    document = mail_logs.analyse([str(path)], [])
    jsonschema.validate(document, SCHEMA)
    mail_logs.report(document)


def test_the_export_sample_has_the_columns_the_sites_export_command_writes():
    triage = yaml.safe_load((ROOT / "checklists" / "triage.yaml").read_text(encoding="utf-8"))
    item = next(item for item in triage["items"] if item["id"] == "read-mail-logs")
    command = next(v["snippets"]["check"]["ems"] for v in item["variants"] if "snippets" in v)
    columns = command[command.index("@(") : command.index("\n)")]
    assert re.findall(r"'([A-Za-z]{2,})'", columns) == generate.EXPORT_COLUMNS
    assert ".ToUniversalTime().ToString('u')" in command   # the "u" format: "2026-11-02 13:05:01Z", as the sample
    header = (SAMPLES / "export" / "tracking-export.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(f'"{column}"' for column in generate.EXPORT_COLUMNS)


def test_a_given_domain_is_the_one_judged():
    files = [str(SAMPLES / name) for name in EXPECTED["attack-day"]["files"]]
    other = mail_logs.analyse(files, ["other.example"])
    assert other["domains"] == {"local": ["other.example"], "how": "given"}
    assert other["refused_or_unknown_recipients_distinct"] == 0      # the made-up addresses are contoso.example's
    assert mail_logs.analyse(files, ["contoso.example"])["refused_or_unknown_recipients_distinct"] == \
        EXPECTED["attack-day"]["expected"]["refused_or_unknown_recipients_distinct"]


def write_log(tmp_path, name: str, lines: list[str]) -> str:
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return str(path)


def test_bounces_coming_in_and_ndrs_sent_at_once_are_not_a_backlog(tmp_path):
    """Two things an ordinary server does that must not read as 'the backlog is draining': null-sender bounces
    from outside failing for unknown local users, and a few NDRs an hour each sent as soon as made."""
    log = generate.Tracking("2010", "2026-11-07")
    for hour in range(8):
        for n in range(3):
            moment = generate.at("2026-11-07", hour, 60 * n)
            bounce = f"<bounce-{hour}-{n}@mail.example.net>"
            log.event(moment, "RECEIVE", "SMTP", bounce, [f"gone{n}@contoso.example"], sender="<>",
                      return_path="<>", client_ip="198.51.100.9")
            log.event(moment, "FAIL", "ROUTING", bounce, [f"gone{n}@contoso.example"], sender="<>", return_path="<>",
                      status="550 5.1.1 RESOLVER.ADR.RecipNotFound; not found")
            typo = f"<typo-{hour}-{n}@contoso.example>"
            log.event(moment, "DSN", "DSN", typo, [f"bob{n}@partner.example.org"], sender="postmaster@contoso.example",
                      return_path="<>", context="Failure")
            log.event(moment, "SEND", "SMTP", typo, [f"bob{n}@partner.example.org"], return_path="<>",
                      sender="postmaster@contoso.example")
    got = mail_logs.analyse([write_log(tmp_path, "MSGTRK.LOG", log.lines)], ["contoso.example"])
    assert got["ndrs_sent_or_retried_recent"] == 0
    assert got["verdict"] == "quiet"
    assert got["ndr_generated"] == 24


def test_the_same_ndrs_given_twice_are_counted_once(tmp_path):
    files = [str(SAMPLES / name) for name in EXPECTED["exchange-2013"]["files"]]
    assert mail_logs.analyse(files * 2, [])["ndr_generated"] == EXPECTED["exchange-2013"]["expected"]["ndr_generated"]


def test_an_exchange_2003_ndr_retried_the_next_day_is_the_backlog(tmp_path):
    head = ["# Message Tracking Log File", "# Exchange System Attendant Version 6.5.7638.1",
            "# " + "\t".join(generate.FIELDS_2003)]
    rows = []
    for n in range(12):
        values = ["2026-11-03", f"{n // 2}:{n:02d}:00 GMT", "", "-", "SMTP", "SBS01", "192.0.2.10",
                  f"victim{n}@victims.example.com", "1031", f"n{n}@SBS01.contoso.example", "0", "", "2048", "1",
                  "2026-11-2 23:10:00 GMT", "0", "Version: 6.0.3790.0", "-", " Delivery Status Notification (Failure)",
                  "postmaster@contoso.example", "-"]
        rows.append("\t".join(values))
    got = mail_logs.analyse([write_log(tmp_path, "20261103.log", head + rows)], [])
    assert (got["verdict"], got["ndrs_sent_or_retried_recent"], got["ndr_generated"]) == ("queue-backlog", 12, 0)


def test_pipelined_recipients_are_each_paired_with_their_reply(tmp_path):
    head = ["#Software: Microsoft Exchange Server", "#Version: 14.0.0.0", "#Log-type: SMTP Receive Protocol Log",
            "#Date: 2026-11-03T00:00:00.000Z", "#Fields: " + generate.RECV_FIELDS]
    rows = ["2026-11-03T01:00:00.000Z,SBS01\\Internet,S1,0,192.0.2.10:25,198.51.100.5:4000,+,,"]
    sent = ["MAIL FROM:<a@mail.example.net>"] + [f"RCPT TO:<p{n}@contoso.example>" for n in range(12)]
    for sequence, command in enumerate(sent, 1):
        rows.append(f"2026-11-03T01:00:01.000Z,SBS01\\Internet,S1,{sequence},192.0.2.10:25,198.51.100.5:4000,<,{command},")
    replies = ["250 2.1.0 Sender OK"] + ["550 5.1.1 User unknown"] * 12
    for sequence, reply in enumerate(replies, 20):
        rows.append(f"2026-11-03T01:00:06.000Z,SBS01\\Internet,S1,{sequence},192.0.2.10:25,198.51.100.5:4000,>,{reply},")
    got = mail_logs.analyse([write_log(tmp_path, "RECV.LOG", head + rows)], [])
    assert got["refused_at_rcpt_recent"] == 12
    assert got["tarpit"]["seconds_median"] == 5.0
    assert got["verdict"] == "directory-harvest-refused"


@pytest.mark.parametrize("chunk", [1 << 20, 7, mail_logs.MAX_LINE_BYTES, mail_logs.MAX_LINE_BYTES + 1,
                                   mail_logs.MAX_LINE_BYTES + 2])
def test_the_64_kib_limit_holds_wherever_a_chunk_ends(chunk):
    limit = mail_logs.MAX_LINE_BYTES
    data = b"a" * limit + b"\r\n" + b"b" * (limit + 1) + b"\r\n" + b"c\n"
    assert lines_of(data, chunk) == [(1, "a" * limit, None), (2, None, f"longer than {limit:,} bytes"),
                                     (3, "c", None)]


def test_the_downloadable_file_runs_on_python_3_10_the_oldest_it_promises():
    """mail_logs.py says "Python 3.10 or later" (its page and the triage checklist): run it there when this machine
    has a 3.10 (pyenv's, or on PATH); ruff checks it for 3.10 always (pyproject.toml, per-file-target-version)."""
    found = next(iter(sorted(Path("/root/.pyenv/versions").glob("3.10*/bin/python"))), None) or \
        shutil.which("python3.10")
    if not found:
        pytest.skip("no Python 3.10 on this machine")
    result = subprocess.run([str(found), str(ROOT / "docs" / "downloads" / "mail_logs.py"), "--json",
                             *EXPECTED["attack-then-fix"]["files"]], cwd=SAMPLES, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "queue-backlog"


FIELD_VALUES = st.sampled_from(["", "-", "<>", "DSN", "SEND", "FAIL", "RECEIVE", "DEFER", "SMTP", "STOREDRIVER",
                                "Failure", "Originating", "Incoming", "1030", "34", "1020", "1031", "1019", "1027",
                                "1", "²", "٣", "2026-11-02T10:00:00.000Z", "2026-02-31T10:00:00.000Z",
                                "0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "2026-11-02T1x:00:00.000Z",
                                "2026-11-02", "2003-2-31", "10:00:00", "0:58:14 GMT", "99:00:00", "x@contoso.example",
                                "postmaster@contoso.example", "a@b.example.net;'c;d'@e.example.org", "'open",
                                "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found", "198.51.100.4", "10.0.0.1",
                                "RCPT", "550", "250", "+TO:+<z@contoso.example>", "RCPT TO:<q@contoso.example>",
                                "<", ">", "+", "-", "*", "AUTH LOGIN", "235 2.7.0", "\r", "\x1b[2J"]) \
    | st.text(max_size=12)
FORMAT_HEADS = {
    "tracking": ("#Software: Microsoft Exchange Server\r\n#Log-type: Message Tracking Log\r\n#Fields: "
                 + ",".join(generate.FIELDS_2010), ",", len(generate.FIELDS_2010)),
    "receive": ("#Software: Microsoft Exchange Server\r\n#Log-type: SMTP Receive Protocol Log\r\n#Fields: "
                + generate.RECV_FIELDS, ",", 9),
    "2003": ("# Message Tracking Log File\r\n# " + "\t".join(generate.FIELDS_2003), "\t", 21),
    "iis": ("#Software: Microsoft Internet Information Services 6.0\r\n#Fields: " + generate.IIS_FIELDS, " ", 21),
    "export": ('"' + '","'.join(generate.EXPORT_COLUMNS) + '"', ",", len(generate.EXPORT_COLUMNS)),
    # A Get-Queue table's names and dashes; its rows are laid out below, in columns (and Format-List lines after)
    "listing": ("Identity   DeliveryType Status MessageCount NextHopDomain\r\n"
                "--------   ------------ ------ ------------ -------------", " ", 5),
}
LISTING_WIDTHS = [10, 12, 6, -12, 13]    # where each column of that table starts; MessageCount right-aligned
LISTING_NAMES = ["RunspaceId", "Identity", "DeliveryType", "Status", "MessageCount", "NextHopDomain",
                 "NextHopCategory", "LastError", "FromAddress", "MessageSourceName", "Queue", "Subject"]
LISTING_VALUES = FIELD_VALUES | st.sampled_from(["SBS01\\7", "SBS01\\7\\2044", "DnsConnectorDelivery", "DnsConnec...",
                                                 "Dns...", "Smtp...", "...", "Retry", "External", "Internal", "5",
                                                 "007", "1234567890", "-1", "Identity : x", "----",
                                                 "Identity DeliveryType", "[PS] C:\\>Get-Queue", "WARNING: x"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(FORMAT_HEADS)), data=st.data())
def test_records_of_every_format_with_odd_values_never_end_in_a_traceback(tmp_path, kind, data):
    """Records shaped like each format's, every field drawn from real values, impossible dates, non-ASCII digits,
    open quotes and control characters: each is read or rejected with a reason, never a traceback, and never by
    the last guard (which would mean a reader failed)."""
    head, separator, width = FORMAT_HEADS[kind]
    if kind == "listing":   # rows in the table's columns, then Format-List objects: 'Name : value', wrapped lines
        rows = data.draw(st.lists(st.lists(LISTING_VALUES, min_size=width, max_size=width), min_size=1, max_size=8))
        lines = [" ".join(value.rjust(-size) if size < 0 else value.ljust(size)
                          for value, size in zip(row, LISTING_WIDTHS, strict=True)) for row in rows]
        properties = data.draw(st.lists(st.tuples(st.sampled_from(LISTING_NAMES + ["", "   "]), LISTING_VALUES),
                                        max_size=20))
        lines += [f"{name} : {value}" if name.strip() else name + value for name, value in properties]
        text = head + "\r\n" + "\r\n".join(line.replace("\n", "") for line in lines) + "\r\n"
    else:
        rows = data.draw(st.lists(st.lists(FIELD_VALUES, min_size=width, max_size=width), min_size=1, max_size=8))
        text = head + "\r\n" + "\r\n".join(separator.join(value.replace(separator, "") for value in row)
                                             for row in rows) + "\r\n"
    path = tmp_path / "odd.log"
    path.write_bytes(text.encode("utf-8", "replace"))
    document = mail_logs.analyse([str(path)], [])
    jsonschema.validate(document, SCHEMA)
    for file in document["files"]:
        assert not any(rejected["why"].startswith("could not be read") for rejected in file["rejected"]), file
    if kind == "listing":
        assert document["files"][0]["format"] == "exchange-queue-listing" and document["queues_now"] is not None
    assert "\x1b" not in mail_logs.report(document)


def test_a_relayed_lines_example_is_escaped_once(tmp_path):
    log = generate.Tracking("2010", "2026-11-08")
    for n in range(6):
        log.event(generate.at("2026-11-08", 1, n), "RECEIVE", "SMTP", f"<r{n}@bulk.example.net>",
                  [f"t{n}@people.example.org"], sender="offers@bulk.example.net", client_ip="198.51.100.99",
                  subject="\x1b[2J offer")
    got = mail_logs.analyse([write_log(tmp_path, "MSGTRK.LOG", log.lines)], ["contoso.example"])
    assert got["verdict"] == "open-relay"
    text = got["open_relay"]["examples"][0]["text"]
    assert "\\x1b[2J offer" in text and "\\\\x1b" not in text


# ----------------------------------------------------------------------------------------------------------------
# Get-Queue and Get-Message listings: what is queued now, a snapshot beside the logs, never part of their verdict.

def queue_paste(rows: list[list]) -> list[str]:
    """The site's Get-Queue command as pasted from the shell: its prompt line, a blank line, the table, two blank."""
    return [generate.PROMPT + generate.GET_QUEUE, "", *generate.format_table(generate.QUEUE_COLUMNS, rows), "", ""]


def message_paste(rows: list[list], columns: list[str] = generate.MESSAGE_COLUMNS) -> list[str]:
    return [generate.PROMPT + generate.GET_DSNS, "", *generate.format_table(columns, rows), "", ""]


def queued(tmp_path, *files: list[str]) -> dict:
    """The analysis of listings written as files (CRLF), checked against the schema."""
    paths = [write_log(tmp_path, f"listing-{n}.txt", lines) for n, lines in enumerate(files)]
    document = mail_logs.analyse(paths, [])
    jsonschema.validate(document, SCHEMA)
    return document


@pytest.mark.parametrize("scenario", ["queue-listing", "queue-listing-format-list", "queue-listing-2007"])
def test_a_listing_alone_gives_no_verdict_but_what_is_queued_now(scenario):
    alone = run(*EXPECTED[scenario]["files"])
    assert alone.returncode == 0, alone.stderr
    assert alone.stderr == ""
    assert "No mail log was read, so there is no verdict" in alone.stdout
    assert "Verdict:" not in alone.stdout and "nothing to fix" not in alone.stdout
    now = EXPECTED[scenario]["expected"]["queues_now"]
    assert (f"Queued now (from the listing): {now['queues']:,} queue(s) hold {now['messages']:,} messages; "
            f"{now['outside_queues']:,} queue(s) to outside hosts hold {now['outside_messages']:,}, "
            f"{now['outside_retry_queues']:,} of them in Retry") in alone.stdout
    largest = now["largest_outside"][0]
    assert f"{largest['next_hop_domain']} {largest['messages']:,} ({largest['status']})" in alone.stdout
    if now["messages_listed"]:
        assert f"Messages listed: {now['messages_listed']:,}" in alone.stdout
        first = now["dsn_queues"][0]
        assert f"DSNs by queue: {first['queue']} ({first['next_hop_domain']}) {first['count']:,}" in alone.stdout
    for file in EXPECTED[scenario]["expected"]["files"]:
        for rejected in file["rejected"]:
            assert f"line {rejected['line']}: {rejected['why']}" in alone.stdout


def test_a_listing_beside_the_logs_leaves_their_verdict_and_every_figure_of_theirs():
    logs = analysed("attack-then-fix")
    beside = analysed("attack-then-fix-with-listing")
    assert logs["queues_now"] is None
    assert beside["queues_now"] == EXPECTED["queue-listing"]["expected"]["queues_now"]
    assert beside["files"][:2] == logs["files"]
    assert {key: value for key, value in beside.items() if key not in ("files", "queues_now")} == \
        {key: value for key, value in logs.items() if key not in ("files", "queues_now")}
    report = run(*EXPECTED["attack-then-fix-with-listing"]["files"]).stdout
    assert "Mail logs: 2 file(s) read" in report     # the listing is no log
    assert "Verdict: queue-backlog" in report
    assert report.index("Verdict:") < report.index("Queued now (from the listing)")


@pytest.mark.parametrize("pastes", ["one file", "two files"])
def test_a_queue_listed_twice_counts_once_with_its_later_figures(tmp_path, pastes):
    first = queue_paste([["SBS01\\7", "DnsConnectorDelivery", "Retry", 40, "victims.example.com"],
                         ["SBS01\\8", "DnsConnectorDelivery", "Retry", 10, "mail.example.net"]])
    later = queue_paste([["SBS01\\7", "DnsConnectorDelivery", "Active", 3, "victims.example.com"]])
    now = (queued(tmp_path, first + later) if pastes == "one file" else queued(tmp_path, first, later))["queues_now"]
    assert (now["queues"], now["messages"], now["outside_queues"], now["outside_messages"],
            now["outside_retry_queues"]) == (2, 13, 2, 13, 1)
    assert now["largest_outside"] == [{"next_hop_domain": "mail.example.net", "messages": 10, "status": "Retry"},
                                      {"next_hop_domain": "victims.example.com", "messages": 3, "status": "Active"}]


def test_a_message_listed_twice_counts_once(tmp_path):
    rows = [["SBS01\\7\\2044", "<>", "DSN", "SBS01\\7", "Undeliverable: Cheap watches"],
            ["SBS01\\7\\2047", "<>", "DSN", "SBS01\\7", "Undeliverable: Cheap watches"]]
    got = queued(tmp_path, message_paste(rows) + message_paste(rows[:1]))
    now = got["queues_now"]
    assert (now["messages_listed"], now["dsn_listed"], now["source_unknown"]) == (2, 2, 0)
    assert now["dsn_queues"] == [{"queue": "SBS01\\7", "next_hop_domain": None, "count": 2}]
    assert now["queues"] == 0 and got["files"][0]["records"] == 3 and got["files"][0]["rejected"] == []


def test_messages_listed_without_their_source_name_are_not_counted_as_dsns(tmp_path):
    columns = ["Identity", "FromAddress", "Queue", "Subject"]
    rows = [["SBS01\\7\\2044", "<>", "SBS01\\7", "Undeliverable: Cheap watches"],
            ["SBS01\\7\\2047", "<>", "SBS01\\7", "Undeliverable: Cheap watches"],
            ["SBS01\\3\\2050", "orders@partner.example.org", "SBS01\\3", "Order confirmation"]]
    got = queued(tmp_path, message_paste(rows, columns))
    now = got["queues_now"]
    assert (now["messages_listed"], now["dsn_listed"], now["source_unknown"], now["dsn_queues"]) == (3, 0, 3, [])
    assert "3 listed without their MessageSourceName" in mail_logs.report(got)


@pytest.mark.parametrize(("delivery", "outside"), [("DnsConnec...", True), ("Dns...", True), ("SmartHost...", True),
                                                   ("SmtpRelay...", False), ("Smtp...", False)])
def test_a_delivery_type_the_table_cut_is_told_by_what_is_left(tmp_path, delivery, outside):
    """Exchange 2007's default table cuts DnsConnectorDelivery to 'DnsConnec...'; a queue to another server of the
    site (SmtpRelayWithinAdSite) is no queue to outside hosts."""
    lines = generate.fixed_table(generate.EXCHANGE_2007_COLUMNS,
                                 [["SBS01\\4", delivery, "Retry", 5, "victims.example.com"],
                                  ["SBS01\\Submission", "Undefined", "Ready", 0, "Submission"]])
    now = queued(tmp_path, lines)["queues_now"]
    assert (now["queues"], now["messages"]) == (2, 5)
    assert (now["outside_queues"], now["outside_messages"], now["outside_retry_queues"]) == \
        ((1, 5, 1) if outside else (0, 0, 0))


@pytest.mark.parametrize("lines", [
    ["Identity DeliveryType Status MessageCount NextHopDomain", "SBS01\\7 DnsConnectorDelivery Retry 5 x.example.com"],
    ["Identity DeliveryType Status MessageCount NextHopDomain"],
])
def test_column_names_without_their_line_of_dashes_are_rejected(tmp_path, lines):
    got = queued(tmp_path, lines)
    assert got["files"][0]["format"] == "exchange-queue-listing"
    assert got["files"][0]["rejected"][0] == {"line": 1, "why": "column names without the line of dashes under them"}
    assert got["queues_now"]["queues"] == 0


@pytest.mark.parametrize("lines", [
    queue_paste([["", "DnsConnectorDelivery", "Retry", 5, "victims.example.com"]]),   # a row with its Identity blank
    ["RunspaceId    : 3f6b2a10-5c7d-4e8f-9a1b-2c3d4e5f6000", "DeliveryType  : DnsConnectorDelivery",
     "MessageCount  : 5", "NextHopDomain : victims.example.com"],                     # an object without one
])
def test_a_row_or_object_without_an_identity_is_rejected(tmp_path, lines):
    got = queued(tmp_path, lines)
    rejected = got["files"][0]["rejected"]
    assert len(rejected) == 1 and rejected[0]["why"].startswith("a row or object without an Identity")
    assert rejected[0]["line"] == (5 if lines[0].startswith("[PS]") else 1)
    assert got["queues_now"]["queues"] == 0 and got["files"][0]["records"] == 0


@pytest.mark.parametrize("paste", ["messages", "queues"])
def test_the_prompt_a_paste_ends_with_is_passed_over(tmp_path, paste):
    if paste == "messages":
        lines = message_paste([["SBS01\\7\\2044", "<>", "DSN", "SBS01\\7", "Undeliverable: Cheap watches"]])
    else:
        lines = queue_paste([["SBS01\\7", "DnsConnectorDelivery", "Retry", 5, "victims.example.com"]])
    got = queued(tmp_path, lines + [generate.PROMPT])
    assert got["files"][0]["rejected"] == [] and got["files"][0]["records"] == 1
    assert (got["queues_now"]["messages_listed"], got["queues_now"]["queues"]) == \
        ((1, 0) if paste == "messages" else (0, 1))


def test_a_listing_that_starts_with_a_warning_is_read(tmp_path):
    columns = ["Identity", "FromAddress", "MessageSourceName", "Queue"]
    lines = ['WARNING: column "Subject" does not fit into the display and was removed.', "",
             *generate.format_table(columns, [["SBS01\\7\\2044", "<>", "DSN", "SBS01\\7"]])]
    got = queued(tmp_path, lines)
    assert "skipped" not in got["files"][0]
    assert got["queues_now"]["dsn_listed"] == 1
