"""The SMTP probe (docs/downloads/probe.py, run as scripts/probe.py) against real servers on 127.0.0.x: Exim, scripted
servers that answer as Exchange does or break, and dnsmasq for the MX look-ups. Every run is the real command line:
its table or JSON, its exit status; and no server ever receives DATA."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import jsonschema
import pytest

from macros.progress_file import export_problems
from servers import free_port
from support import ROOT

pytestmark = pytest.mark.smtp
PROBE = ROOT / "scripts" / "probe.py"
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "probe-v1.schema.json").read_text(encoding="utf-8"))
PROGRESS_V3 = json.loads((ROOT / "docs" / "schemas" / "progress-v3.schema.json").read_text(encoding="utf-8"))
PLATFORMS = ["sbs2003", "sbs2008", "sbs2011", "exchange2013-se"]
DOMAIN, KNOWN = "client.example", "anna@client.example"


def probe(target: str, *options: str, port: int | None = None, timeout: float = 10) -> tuple[int, dict, str]:
    """Run the probe with --json; (exit status, the parsed report or {}, standard error)."""
    command = [sys.executable, str(PROBE), target, "--domain", DOMAIN, "--known", KNOWN, "--timeout", str(timeout),
               "--helo", "probe.test", "--json", *options]
    if port is not None:
        command += ["--port", str(port)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout) if result.stdout.strip() else {}, result.stderr


def checks(report: dict, host: int = 0) -> dict[str, dict]:
    return {check["id"]: check for check in report["hosts"][host]["checks"]}


def run_against(server, *options: str, timeout: float = 10) -> tuple[int, dict]:
    status, report, stderr = probe(server.host, *options, port=server.port, timeout=timeout)
    assert report, stderr
    jsonschema.validate(report, SCHEMA)
    assert not server.received_data, "the probe sent DATA"
    return status, report


# --- a real MTA -------------------------------------------------------------------------------------------------------

def test_an_mta_that_accepts_every_recipient_fails(exim):
    server = exim("accept-all")
    status, report = run_against(server)
    found = checks(report)
    assert status == 1 and report["hosts"][0]["verdict"] == "fail"
    assert found["known-recipient"]["verdict"] == "pass" and found["unknown-recipient"]["code"] == 250
    assert found["unknown-recipient"]["verdict"] == "fail"
    assert "backscatter" in found["unknown-recipient"]["message"]
    assert "recipient-filtering" in found["unknown-recipient"]["message"]
    assert found["relay"]["verdict"] == "pass" and found["relay"]["code"] == 550


def test_an_mta_that_rejects_at_once_warns_that_the_tar_pit_is_not_set(exim):
    status, report = run_against(exim("reject-unknown"))
    unknown = checks(report)["unknown-recipient"]
    assert status == 0 and unknown["code"] == 550 and unknown["verdict"] == "warn"
    assert "tar pit is not set" in unknown["message"] and unknown["tarpit"] < 1
    assert checks(report)["vrfy"]["verdict"] == "warn"   # Exim's VRFY says "<anna@client.example> is deliverable"


def test_an_mta_with_a_tar_pit_passes(exim):
    status, report = run_against(exim("reject-unknown", tarpit=2))
    unknown = checks(report)["unknown-recipient"]
    assert unknown["verdict"] == "pass" and 1.8 <= unknown["tarpit"] < 4, unknown
    assert status == 0


def test_a_tar_pit_over_ten_seconds_warns_of_mail_flow(exim):
    status, report = run_against(exim("reject-unknown", tarpit=11), timeout=20)
    unknown = checks(report)["unknown-recipient"]
    assert unknown["verdict"] == "warn" and "over 10 s" in unknown["message"] and status == 0


# --- Exchange's answers and broken servers ----------------------------------------------------------------------------

def test_exchange_with_recipient_filtering_and_the_tar_pit_passes_every_check(scenario):
    server = scenario("exchange-tarpit", tarpit=1.5)
    status, report = run_against(server)
    found = checks(report)
    assert status == 0 and report["hosts"][0]["verdict"] == "pass", found
    assert list(found) == ["banner", "ehlo", "starttls", "known-recipient", "postmaster", "unknown-recipient",
                           "vrfy", "relay"]
    assert found["unknown-recipient"]["code"] == 550 and found["unknown-recipient"]["tarpit"] >= 1.4
    # The made-up address comes last, after the real one and postmaster@ (Exchange slows every reply after an error).
    recipients = [c for c in server.commands if c.upper().startswith("RCPT TO:")]
    assert recipients[:2] == [f"RCPT TO:<{KNOWN}>", f"RCPT TO:<postmaster@{DOMAIN}>"]
    assert recipients[2].startswith("RCPT TO:<no-such-user-") and recipients[3].endswith("@example.org>")


@pytest.mark.parametrize("name, check, verdict, words, status", [
    ("reject-at-once", "unknown-recipient", "warn", "tar pit is not set", 0),
    ("eop", "unknown-recipient", "pass", "Exchange Online Protection", 0),
    ("refuse-everything", "known-recipient", "error", "refuses this probe", 2),
    ("known-refused", "known-recipient", "error", "refuses this probe", 2),
    ("greylist", "known-recipient", "error", "deferred", 2),
    ("back-pressure", "known-recipient", "error", "back pressure", 2),
    ("back-pressure-at-mail", "known-recipient", "error", "back pressure", 2),
    ("too-many-recipients", "known-recipient", "error", "no more recipients", 2),
    ("open-relay", "relay", "fail", "OPEN RELAY", 1),
    ("postmaster-refused", "postmaster", "warn", "RFC 5321", 0),
    ("vrfy-leak", "vrfy", "warn", "harvester", 0),
    ("banner-421", "banner", "error", "does not take mail now (421)", 2),
    ("421-at-rcpt", "known-recipient", "error", "closed the session (421)", 2),
    ("drop-after-ehlo", "known-recipient", "error", "closed the connection", 2),
    ("garbage", "banner", "error", "does not speak SMTP", 2),
    ("endless-reply", "ehlo", "error", "more than 100 lines", 2),
    ("huge-line", "ehlo", "error", "longer than 4096 bytes", 2),
])
def test_each_scenario_gets_its_verdict(scenario, name, check, verdict, words, status):
    got_status, report = run_against(scenario(name, tarpit=1.5))
    found = checks(report)
    assert found[check]["verdict"] == verdict and words in found[check]["message"], found[check]
    assert got_status == status
    if name in ("known-refused", "refuse-everything", "greylist", "back-pressure", "too-many-recipients"):
        # No answer about the made-up address counts while the control is not accepted.
        assert found.get("unknown-recipient", {"verdict": "error"})["verdict"] == "error"
    if name.startswith("back-pressure"):
        assert "clear-backlog" in found[check]["message"]
    if name == "too-many-recipients":   # a 452 that is not 4.3.1 is no reason to clear the queues
        assert "back pressure" not in found[check]["message"] and "clear-backlog" not in found[check]["message"]


def test_silence_after_connect_is_an_error_within_the_timeout(scenario):
    started = time.monotonic()
    status, report = run_against(scenario("silent"), timeout=2)
    assert status == 2 and "no greeting within 2 s" in checks(report)["banner"]["message"]
    assert time.monotonic() - started < 15


def test_a_failing_starttls_is_reported_and_the_checks_go_on_in_plain_text(scenario):
    status, report = run_against(scenario("starttls-fails", tarpit=1.5))
    found = checks(report)
    assert found["starttls"]["verdict"] == "warn" and "plain text" in found["starttls"]["message"]
    assert found["unknown-recipient"]["verdict"] == "pass" and status == 0


def test_a_working_starttls_passes(scenario):
    status, report = run_against(scenario("starttls-ok", tarpit=1.5))
    assert checks(report)["starttls"]["verdict"] == "pass" and checks(report)["unknown-recipient"]["code"] == 550


def test_a_closed_port_and_a_connect_timeout_say_what_they_mean():
    port = free_port("127.0.0.1")
    status, report, _ = probe("127.0.0.1", port=port)
    assert status == 2 and "closed" in checks(report)["banner"]["message"]
    # A listener that never accepts, its backlog full: the kernel drops further connection attempts.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    fillers = []
    try:
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(listener.getsockname())
            fillers.append(filler)
        time.sleep(0.2)
        status, report, _ = probe("127.0.0.1", port=listener.getsockname()[1], timeout=2)
    finally:
        for filler in fillers:
            filler.close()
        listener.close()
    assert status == 2
    message = checks(report)["banner"]["message"]
    assert "outbound port" in message and "blocked" in message, message


# --- the MX hosts of a domain -----------------------------------------------------------------------------------------

def test_every_mx_host_is_tested_and_a_backup_that_accepts_everything_fails_by_name(exim, dns):
    port = free_port("127.0.0.1", "127.0.0.2")
    primary = exim("reject-unknown", tarpit=2, address="127.0.0.1", port=port)
    backup = exim("accept-all", address="127.0.0.2", port=port)
    server = dns(mx=[(DOMAIN, "mx2.client.example", 20), (DOMAIN, "mx1.client.example", 10)],
                 a={"mx1.client.example": "127.0.0.1", "mx2.client.example": "127.0.0.2"})
    status, report, _ = probe(DOMAIN, "--dns", f"127.0.0.1:{server.port}", port=port)
    jsonschema.validate(report, SCHEMA)
    assert status == 1
    hosts = report["hosts"]
    assert [(h["host"], h["address"], h["preference"]) for h in hosts] == [
        ("mx1.client.example", "127.0.0.1", 10), ("mx2.client.example", "127.0.0.2", 20)]
    # The primary refuses made-up addresses after its tar pit; only Exim's VRFY, which confirms mailboxes, warns.
    assert checks(report, 0)["unknown-recipient"]["verdict"] == "pass" and hosts[0]["verdict"] == "warn"
    assert [c["id"] for c in hosts[0]["checks"] if c["verdict"] != "pass"] == ["vrfy"]
    assert hosts[1]["verdict"] == "fail"
    message = checks(report, 1)["unknown-recipient"]["message"]
    assert "backup MX" in message and "operator" in message and "check-backup-mx" in message
    assert not primary.received_data and not backup.received_data


def test_back_pressure_on_a_backup_mx_is_its_operators_to_clear_not_the_clients(exim, scenario, dns):
    port = free_port("127.0.0.1", "127.0.0.2")
    exim("reject-unknown", tarpit=2, address="127.0.0.1", port=port)
    scenario("back-pressure", address="127.0.0.2", port=port)
    server = dns(mx=[(DOMAIN, "mx1.client.example", 10), (DOMAIN, "mx2.client.example", 20)],
                 a={"mx1.client.example": "127.0.0.1", "mx2.client.example": "127.0.0.2"})
    status, report, _ = probe(DOMAIN, "--dns", f"127.0.0.1:{server.port}", port=port)
    assert status == 2
    message = checks(report, 1)["known-recipient"]["message"]
    assert "4.3.1" in message and "operator" in message and "clear-backlog" not in message, message


def test_the_table_names_the_backup_mx(exim, dns):
    port = free_port("127.0.0.1", "127.0.0.2")
    exim("reject-unknown", tarpit=2, address="127.0.0.1", port=port)
    exim("accept-all", address="127.0.0.2", port=port)
    server = dns(mx=[(DOMAIN, "mx1.client.example", 10), (DOMAIN, "mx2.client.example", 20)],
                 a={"mx1.client.example": "127.0.0.1", "mx2.client.example": "127.0.0.2"})
    result = subprocess.run([sys.executable, str(PROBE), DOMAIN, "--domain", DOMAIN, "--known", KNOWN, "--port",
                             str(port), "--dns", f"127.0.0.1:{server.port}", "--helo", "probe.test"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "mx2.client.example (127.0.0.2, backup MX, preference 20): FAIL" in result.stdout
    assert "mx1.client.example (127.0.0.1, MX, preference 10): WARN" in result.stdout


def test_a_domain_without_mx_is_tested_at_its_own_address_with_a_warning(exim, dns):
    server_port = free_port("127.0.0.1")
    exim("reject-unknown", tarpit=2, port=server_port)
    server = dns(a={DOMAIN: "127.0.0.1"})
    status, report, _ = probe(DOMAIN, "--dns", f"127.0.0.1:{server.port}", port=server_port)
    assert status == 0 and report["hosts"][0]["host"] == DOMAIN
    assert any("no MX record" in warning and "RFC 5321 §5.1" in warning for warning in report["warnings"])


def test_an_ipv6_only_host_and_an_unknown_domain_get_one_clear_line(dns):
    server = dns(mx=[(DOMAIN, "v6.client.example", 10)], aaaa={"v6.client.example": "::1"})
    status, report, _ = probe(DOMAIN, "--dns", f"127.0.0.1:{server.port}", port=25)
    assert status == 2 and "only an IPv6 address" in checks(report)["banner"]["message"]
    status, report, stderr = probe("nothing.example", "--dns", f"127.0.0.1:{server.port}")
    assert status == 2 and report == {} and stderr.strip().count("\n") == 0 and "NXDOMAIN" in stderr


# --- input refused before any connection, and the progress file -----------------------------------------------------

@pytest.mark.parametrize("arguments, words", [
    (["--domain", "not a domain"], "--domain"),
    (["--known", "anna"], "--known"),
    (["--known", "anna@elsewhere.example"], "not an address at --domain"),
    (["--from", "x; rm -rf /"], "--from"),
    (["--client-id", "c1"], "--export and --client-id go together"),
    (["--export", "out.json", "--client-id", "Bad Id"], "--client-id"),
    (["--dns", "resolver.example"], "--dns"),
    (["--port", "0"], "--port"),
])
def test_wrong_input_is_refused_in_one_line_before_any_connection(scenario, arguments, words, tmp_path):
    server = scenario("exchange-tarpit", tarpit=1)
    command = [sys.executable, str(PROBE), server.host, "--port", str(server.port), "--domain", DOMAIN, "--known",
               KNOWN]
    result = subprocess.run([*command, *arguments], capture_output=True, text=True, timeout=30, cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and words in result.stderr and "Traceback" not in result.stderr
    assert server.commands == []


def test_the_export_marks_the_item_done_only_when_every_host_passes(scenario, exim, tmp_path):
    good = scenario("exchange-tarpit", tarpit=1.5)
    export = tmp_path / "probe.json"
    status, _, _ = probe(good.host, "--export", str(export), "--client-id", "c1abc", "--client-name", "O'Brien Ltd",
                         port=good.port)
    data = json.loads(export.read_text(encoding="utf-8"))
    jsonschema.validate(data, PROGRESS_V3)
    assert export_problems(data, PLATFORMS) == [] and status == 0
    entry = data["clients"][0]["items"]["test-unknown-recipient"]
    assert data["clients"][0]["id"] == "c1abc" and data["clients"][0]["name"] == {"value": "O'Brien Ltd"}
    assert entry["status"]["value"] == "done" and entry["status"]["changed"] == entry["evidence"]["changed"]
    assert "PASS" in entry["evidence"]["value"] and "unknown-recipient 550 after" in entry["evidence"]["value"]
    assert "note" not in entry   # the evidence has its own field on import; the note is never replaced
    bad = exim("accept-all")
    status, _, _ = probe(bad.host, "--export", str(export), "--client-id", "c1abc", port=bad.port)
    entry = json.loads(export.read_text(encoding="utf-8"))["clients"][0]["items"]["test-unknown-recipient"]
    # Proven not fixed: the item must not stay settled.
    assert status == 1 and entry["status"]["value"] == "not-started" and "FAIL" in entry["evidence"]["value"]
    silent = scenario("silent")
    status, _, _ = probe(silent.host, "--export", str(export), "--client-id", "c1abc", port=silent.port, timeout=2)
    entry = json.loads(export.read_text(encoding="utf-8"))["clients"][0]["items"]["test-unknown-recipient"]
    assert status == 2 and "status" not in entry and "ERROR" in entry["evidence"]["value"]   # nothing proven


def test_a_reply_no_console_can_print_costs_neither_the_run_nor_the_export(scenario, tmp_path):
    server = scenario("exchange-tarpit", tarpit=1.2)   # its table says "RFC 5321 §4.5.1": not ASCII
    export = tmp_path / "probe.json"
    result = subprocess.run(
        [sys.executable, str(PROBE), server.host, "--port", str(server.port), "--domain", DOMAIN, "--known", KNOWN,
         "--timeout", "5", "--helo", "probe.test", "--export", str(export), "--client-id", "c1"],
        capture_output=True, timeout=60, env={"PYTHONIOENCODING": "ascii", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr
    assert export.exists() and b"RFC 5321 ?4.5.1" in result.stdout
