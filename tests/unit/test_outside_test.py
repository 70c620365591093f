"""The report reads back what the SMTP probe writes: docs/downloads/probe.py `evidence`, for any run, gives
`last_outside_test` each host's verdict as the probe judged it, and the probe's verdicts in its order. (The rule's
cases, both languages: tests/vectors/rules/outside-test.json.)"""
from __future__ import annotations

import importlib.util
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from macros.outside_test import VERDICTS, last_outside_test
from support import ROOT

_spec = importlib.util.spec_from_file_location("probe", ROOT / "docs" / "downloads" / "probe.py")
probe = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(probe)


def test_the_verdicts_are_the_probes_in_its_order():
    assert VERDICTS == probe.VERDICTS


HOST_NAMES = st.from_regex(r"[a-z0-9][a-z0-9.-]{0,62}", fullmatch=True)
ADDRESSES = st.none() | st.ip_addresses().map(str)
CHECKS = st.lists(st.fixed_dictionaries({
    "id": st.sampled_from(["known-recipient", "postmaster", "unknown-recipient", "relay", "connect"]),
    "code": st.none() | st.integers(200, 599), "verdict": st.sampled_from(VERDICTS),
    # A server's reply may be long: past the probe's 2,000 characters of evidence, the hosts' facts give way.
    "message": st.text(max_size=400).map(lambda text: text.replace("\n", " "))}), min_size=1, max_size=5)
HOSTS = st.lists(st.fixed_dictionaries({"host": HOST_NAMES, "address": ADDRESSES, "verdict": st.sampled_from(VERDICTS),
                                        "checks": CHECKS}), min_size=1, max_size=probe.MAX_HOSTS)
STARTED = st.datetimes(min_value=datetime(2000, 1, 1)).map(
    lambda when: when.replace(microsecond=0).isoformat() + "+00:00")


@settings(max_examples=200, deadline=None)
@given(started=STARTED, hosts=HOSTS, older=st.booleans())
def test_every_run_the_probe_writes_reads_back_host_by_host(started, hosts, older):
    report = {"started": started, "domain": "contoso.com", "hosts": hosts}
    text = probe.evidence(report)
    if older:   # merged evidence: the newest run first
        text += "\n\n" + probe.evidence({**report, "started": "2000-01-01T00:00:00+00:00", "hosts": hosts[:1]})
    test = last_outside_test(text)
    assert [(h["host"], h["address"], h["verdict"]) for h in test["hosts"]] == [
        (h["host"], h["address"] or "no address", h["verdict"]) for h in hosts]
    assert (test["started"], test["domain"]) == (started, "contoso.com")
    assert test["verdict"] == max((h["verdict"] for h in test["hosts"]), key=VERDICTS.index)


def test_a_long_run_keeps_every_hosts_verdict_within_the_evidence_limit():
    """Ten hosts whose replies are long: the probe shortens their facts, never a host's verdict line, so the last
    host's FAIL is still read (cut at 2,000 characters, it read as a passing run)."""
    hosts = [{"host": f"mx{number}.contoso.com", "address": "192.0.2.1", "verdict": "pass",
              "checks": [{"id": "banner", "code": 220, "verdict": "pass", "message": "220 " + "x" * 300}]}
             for number in range(probe.MAX_HOSTS - 1)]
    hosts.append({"host": "backup.isp.example", "address": "198.51.100.7", "verdict": "fail",
                  "checks": [{"id": "unknown-recipient", "code": 250, "verdict": "fail", "message": "accepted"}]})
    text = probe.evidence({"started": "2026-12-04T23:34:05+00:00", "domain": "contoso.com", "hosts": hosts})
    assert len(text) <= probe.EVIDENCE_MAX
    test = last_outside_test(text)
    assert [host["verdict"] for host in test["hosts"]] == ["pass"] * 9 + ["fail"]
    assert test["verdict"] == "fail"
    assert "\u2026" in text   # the long replies were shortened, and it shows
