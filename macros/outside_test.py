"""The last outside test an item's evidence holds: what docs/downloads/probe.py `evidence` wrote for its newest run,
read back per host, and the words the report's Outside test column gives it.

The Python half of browser/rules/outside-test.js, held to it by tests/vectors/rules/outside-test.json and
outside-test-cell.json.
"""
from __future__ import annotations

import re

from .progress_file import change_time, local_minute
from .vocabulary import EVIDENCE_START

# probe.py VERDICTS, in rising order of what each means for the client (tests/unit/test_outside_test.py holds them).
VERDICTS = ("pass", "warn", "error", "fail")
# probe.py: "- {host} ({address or 'no address'}): {VERDICT}; {facts or message}". The address is the last
# parenthesis before the verdict, so a host may hold parentheses; the line may end after the verdict (cut at the
# probe's 2,000 characters). DOTALL: "." is any character, as with JavaScript's "s" flag.
_HOST_LINE = re.compile(r"- (.+) \(([^()]*)\): (PASS|WARN|ERROR|FAIL)(?:;.*)?", re.DOTALL)
_OF = ", of "


def _run_heading(line: str) -> tuple[str, str] | None:
    """(started, domain) of a run's first line, "Outside test by probe.py, {started}, of {domain}:", when its time is
    a real change time; None for any other line."""
    if not line.startswith(EVIDENCE_START) or not line.endswith(":"):
        return None
    rest = line[len(EVIDENCE_START):-1]
    at = rest.find(_OF)   # a change time holds no ", of ": the first is the one after it
    if at < 0 or change_time(rest[:at]) is None or at + len(_OF) == len(rest):
        return None
    return rest[:at], rest[at + len(_OF):]


def last_outside_test(evidence) -> dict | None:
    """The newest probe run in an item's evidence (paragraphs newest first) as {started (as written), domain,
    verdict (the worst), hosts: [{host, address, verdict}]}, verdicts lowercase; None when no paragraph opens as a run
    does. A line that is not a host's as the probe writes it is skipped, never guessed; a run with no host line read
    is an error, as probe.py judges a host without checks."""
    if not isinstance(evidence, str):
        return None
    for paragraph in evidence.split("\n\n"):
        first, *lines = paragraph.split("\n")
        heading = _run_heading(first)
        if heading is None:
            continue
        hosts = []
        for line in lines:
            found = _HOST_LINE.fullmatch(line)
            if found:
                hosts.append({"host": found[1], "address": found[2], "verdict": found[3].lower()})
        verdict = max((host["verdict"] for host in hosts), key=VERDICTS.index, default="error")
        return {"started": heading[0], "domain": heading[1], "verdict": verdict, "hosts": hosts}
    return None


def outside_test_cell(test: dict | None, offset_minutes: int) -> str:
    """The report's Outside test cell: each host's verdict, then when the run started at the zone `offset_minutes`
    east of UTC, "mail.contoso.com PASS, backup.isp.example FAIL (2026-12-05 00:34)"; the run's verdict alone when no
    host line was read; "" for no run (`test` as `last_outside_test` gives it)."""
    if not test:
        return ""
    verdicts = [f"{host['host']} {host['verdict'].upper()}" for host in test["hosts"]] or [test["verdict"].upper()]
    return f"{', '.join(verdicts)} ({local_minute(test['started'], offset_minutes)})"
