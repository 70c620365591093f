"""What the probe's command line tells the technician beyond the verdicts: `--help` (every option explained, the exit
statuses), the line after `--export` (where the file is, for which client, what to do with it) and how each host came
to be tested. Every run is the real command, scripts/probe.py, as a subprocess."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import jsonschema
import pytest

from support import ROOT

pytestmark = pytest.mark.smtp
PROBE = ROOT / "scripts" / "probe.py"
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "probe-v1.schema.json").read_text(encoding="utf-8"))
DOMAIN, KNOWN = "client.example", "anna@client.example"


def run(*arguments: str, cwd=None) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, str(PROBE), *arguments], capture_output=True, text=True, timeout=120,
                            cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def help_entries(text: str) -> dict[str, str]:
    """{option: its help text} from argparse's list: an entry starts at a line indented two spaces with a dash and
    goes on over the lines indented further."""
    options = text.split("\noptions:\n", 1)[1].split("\n\n", 1)[0]
    entries: dict[str, str] = {}
    for entry in re.split(r"\n(?=  -)", options):
        head, *rest = entry.split("\n")
        names, _, words = head.strip().partition("  ")   # argparse sets the help off by two spaces or more
        words = " ".join([words.strip(), *(line.strip() for line in rest)]).strip()
        for name in re.findall(r"--?[a-z-]+", names):
            entries[name] = words
    return entries


def test_help_explains_every_option_and_lists_the_exit_statuses():
    result = run("--help")
    assert result.returncode == 0 and result.stderr == ""
    usage = result.stdout.split("\n\n", 1)[0]
    used = re.findall(r"(--[a-z-]+)", usage)
    assert {"--domain", "--known", "--port", "--timeout", "--dns", "--json", "--export", "--client-id"} <= set(used)
    entries = help_entries(result.stdout)
    for option in used:
        assert entries.get(option), f"{option} has no help text: {result.stdout}"
    assert "default 25" in entries["--port"]
    # The statuses as main() returns them: the tests in test_probe.py run each.
    assert ("exit status:\n"
            "  0  every host passed (some perhaps with warnings: read the table)\n"
            "  1  a host fails: it accepts mail for a made-up address, or relays\n"
            "  2  no host fails, but one could not be tested; or the input is wrong\n") in result.stdout


def test_after_the_export_one_line_says_where_the_file_is_and_what_to_do_with_it(scenario, tmp_path):
    server = scenario("exchange-tarpit", tarpit=1.2)
    result = run(server.host, "--port", str(server.port), "--domain", DOMAIN, "--known", KNOWN, "--timeout", "5",
                 "--helo", "probe.test", "--export", "probe-c1abc.json", "--client-id", "c1abc", cwd=tmp_path)
    written = tmp_path / "probe-c1abc.json"
    assert result.returncode == 0 and written.is_file()
    assert result.stderr == (f"probe.py: wrote {written} for client c1abc: import it on the site's Clients page "
                             "(Import clients from a file) to add this test to the client's outside-test item\n")
    assert result.stdout.startswith(f"Outside test of {DOMAIN} ")   # the table, on its own stream


def test_without_export_nothing_is_said_on_standard_error(scenario):
    server = scenario("exchange-tarpit", tarpit=1.2)
    result = run(server.host, "--port", str(server.port), "--domain", DOMAIN, "--known", KNOWN, "--timeout", "5",
                 "--helo", "probe.test")
    assert result.returncode == 0 and result.stderr == ""


# --- how each host came to be tested ----------------------------------------------------------------------------------

def table_and_report(target: str, *options: str, port: int, hide_dnspython: bool = False) -> tuple[str, dict]:
    """The probe's table and its JSON report for the same target (two runs); each run's exit status is 0."""
    arguments = [target, "--port", str(port), "--domain", DOMAIN, "--known", KNOWN, "--timeout", "5", "--helo",
                 "probe.test", *options]
    prefix = [sys.executable, str(PROBE)]
    if hide_dnspython:   # as on a computer without it: the same file, its `import dns...` failing
        prefix = [sys.executable, "-c", "import runpy, sys; sys.modules['dns'] = None; sys.argv[0] = 'probe.py'; "
                  f"runpy.run_path({str(PROBE)!r}, run_name='__main__')"]
    runs = [subprocess.run([*prefix, *arguments, *extra], capture_output=True, text=True, timeout=120)
            for extra in ([], ["--json"])]
    for result in runs:
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    report = json.loads(runs[1].stdout)
    jsonschema.validate(report, SCHEMA)
    return runs[0].stdout, report


def test_an_address_given_on_the_command_line_is_labelled_so(scenario):
    server = scenario("exchange-tarpit", tarpit=1.2)
    table, report = table_and_report(server.host, port=server.port)
    assert f"\n{server.host} ({server.host}, host given on the command line): PASS\n" in table, table
    assert "preference" not in table
    assert [(h["found"], h["preference"]) for h in report["hosts"]] == [("given", None)]


def test_a_host_name_tested_without_dnspython_is_labelled_as_given(scenario):
    server = scenario("exchange-tarpit", tarpit=1.2)
    table, report = table_and_report("localhost", port=server.port, hide_dnspython=True)
    assert "\nlocalhost (127.0.0.1, host given on the command line): PASS\n" in table, table
    assert "Warning: dnspython is not installed" in table
    assert [(h["found"], h["preference"]) for h in report["hosts"]] == [("given", None)]


def test_a_domain_without_mx_is_labelled_as_its_own_address(scenario, dns):
    server = scenario("exchange-tarpit", tarpit=1.2)
    resolver = dns(a={DOMAIN: server.host})
    table, report = table_and_report(DOMAIN, "--dns", f"127.0.0.1:{resolver.port}", port=server.port)
    assert f"\n{DOMAIN} ({server.host}, the domain's own address (no MX record)): PASS\n" in table, table
    assert [(h["found"], h["preference"]) for h in report["hosts"]] == [("no-mx", None)]
