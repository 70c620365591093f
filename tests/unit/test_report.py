"""The report CLI and its module: every item's status, note and date; checks for done items with the client's
values; markup in names and notes stays text."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from macros.loader import load_catalog
from macros.progress_file import ExportFileError, read_export
from macros.report import summary, to_html, to_markdown
from support import EXPORT_VECTORS, ROOT

CATALOG = load_catalog(ROOT)
PLATFORMS = [platform.id for platform in CATALOG.platforms]
CLIENT = {
    "id": "abc1", "name": "Contoso <script>alert(1)</script> | Ltd", "platform": "sbs2008",
    "values": {"delivery_queue_limit": "500", "tarpit_seconds": "not a number"},
    "items": {
        "run-queue-threshold-check": {"status": "done", "note": "scheduled", "changed": "2026-11-28T03:00:00Z"},
        "set-tarpit-delay": {"status": "done", "changed": "2026-11-28T03:05:00Z"},
        "confirm-recipient-filtering": {"status": "not-applicable", "note": "<b>EOP</b> filters",
                                        "changed": "2026-11-28T03:10:00Z"},
        "retired-thing": {"done": True},
    },
}


DATE = "2026-12-01"


@pytest.fixture(autouse=True)
def berlin_time(monkeypatch):
    """The report prints times in this computer's zone: here Berlin's, UTC+01:00 in winter and +02:00 in summer (the
    CLI's subprocesses inherit TZ)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
ALL_ITEMS = [item for checklist in CATALOG.checklists for item in checklist.items]


def export_file(tmp_path, clients, **extra):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"format": "sbskb-progress", "version": 1, "clients": clients, **extra}),
                    encoding="utf-8")
    return path


def test_markdown_lists_every_item_and_fills_checks_with_client_values():
    text = to_markdown(CATALOG, CLIENT, DATE)
    for checklist in CATALOG.checklists:
        for item in checklist.items:
            assert item.title in text
    assert "$limit = 500" in text  # the client's value in the re-check of a done item
    assert ("Get-ReceiveConnector | Format-List Identity, Bindings, RemoteIPRanges, PermissionGroups, TarpitInterval"
            in text)
    assert "TarpitTime" not in text  # SBS 2008 client: only the platform's own checks
    assert "| Not applicable | \\<b\\>EOP\\</b\\> filters |  | 2026-11-28 04:10 |" in text
    assert "<script>" not in text and "retired-thing" in text


def test_html_escapes_everything_from_the_file():
    page = to_html(CATALOG, CLIENT, DATE)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;EOP&lt;/b&gt;" in page
    assert "<pre><code>$limit = 500" in page


def test_read_export_reports_every_problem_with_where_it_is(tmp_path):
    path = export_file(tmp_path, [{"id": "BAD", "name": ""}])
    with pytest.raises(ExportFileError) as raised:
        read_export(path, PLATFORMS)
    assert str(raised.value) == (f"{path}: clients[0].id: not a client id\n"
                                 f"{path}: clients[0].name: expected a name of 1 to 100 characters")


@pytest.mark.parametrize("changed", ["yesterday", "2026-11-28", 5, None])
def test_cli_refuses_a_change_time_that_is_not_a_date_in_one_line(tmp_path, changed):
    # The browser's import refuses these too (tests/vectors/export-vectors.json); the CLI once crashed on them.
    client = {"id": "abc1", "name": "Contoso", "items": {"set-tarpit-delay": {"changed": changed}}}
    path = export_file(tmp_path, [client])
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "report.py"), str(path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == f"{path}: clients[0].items.set-tarpit-delay.changed: expected a date and time\n"


def test_cli_writes_markdown_and_html_and_refuses_bad_input(tmp_path):
    path = export_file(tmp_path, [CLIENT])
    script = str(ROOT / "scripts" / "report.py")
    result = subprocess.run([sys.executable, script, str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("# Mail server setup report: Contoso")
    out = tmp_path / "report.html"
    result = subprocess.run([sys.executable, script, str(path), "--format", "html", "--output", str(out)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and out.read_text(encoding="utf-8").startswith("<!doctype html>")
    two = export_file(tmp_path, [CLIENT, CLIENT | {"id": "def2", "name": "Other"}])
    result = subprocess.run([sys.executable, script, str(two)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "--client" in result.stderr and "Traceback" not in result.stderr
    result = subprocess.run([sys.executable, script, str(two), "--client", "Other"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and "# Mail server setup report: Other" in result.stdout
    (tmp_path / "junk.json").write_text("{nope", encoding="utf-8")
    result = subprocess.run([sys.executable, script, str(tmp_path / "junk.json")], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1 and "not a JSON file" in result.stderr and "Traceback" not in result.stderr


V2_CLIENT = {"id": "c9", "name": {"value": "Fabrikam", "changed": "2026-11-30T10:00:00Z"},
             "platform": {"value": "sbs2003"}, "values": {"tarpit_seconds": {"value": "7"}},
             "before": {"tarpit-time": {"value": "absent", "changed": "2026-11-30T10:00:00Z"},
                        "tarpit-interval": {"value": "00:00:10", "object": "SBS01\\Internet"}},
             "items": {"set-tarpit-delay": {"status": "done", "note": "was absent"}}}


def test_a_version_2_export_reports_before_and_after_per_setting(tmp_path):
    path = tmp_path / "v2.json"
    path.write_text(json.dumps({"format": "sbskb-progress", "version": 2, "clients": [V2_CLIENT]}), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "report.py"), str(path)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "# Mail server setup report: Fabrikam" in result.stdout
    assert "| Set the tar pit delay | TarpitTime | absent | 7 |" in result.stdout
    # Only the client's platform: SBS 2003 has no TarpitInterval, so the value recorded for it is not listed.
    assert "TarpitInterval" not in result.stdout.split("| Item | Setting |")[1].split("\n\n")[0]
    html = to_html(CATALOG, read_export(path, [p.id for p in CATALOG.platforms])["clients"][0], DATE)
    assert "<td>TarpitTime</td><td>absent</td><td>7</td>" in html


def test_a_recorded_value_of_the_wrong_type_reads_as_not_recorded(tmp_path):
    client = json.loads(json.dumps(V2_CLIENT)) | {"platform": {"value": "sbs2011"}}
    client["before"]["tarpit-interval"] = {"value": "True"}   # a value the file format allows, not a time span
    path = tmp_path / "v2.json"
    path.write_text(json.dumps({"format": "sbskb-progress", "version": 2, "clients": [client]}), encoding="utf-8")
    text = to_markdown(CATALOG, read_export(path, [p.id for p in CATALOG.platforms])["clients"][0], DATE)
    assert "| Set the tar pit delay | TarpitInterval | no revert: not recorded | 00:00:05 |" in text


def test_the_report_opens_with_its_summary():
    # CLIENT: two items done and one not applicable (settled), a retired item that does not count.
    total = len(ALL_ITEMS)
    text = to_markdown(CATALOG, CLIENT, DATE, "  Sam   O'Neil ")
    head = text.split("\n## ")[0]
    assert head.splitlines()[2:8] == [
        "- **Client:** Contoso \\<script\\>alert(1)\\</script\\> \\| Ltd",
        "- **Platform:** Windows Small Business Server 2008 (Exchange Server 2007)",
        f"- **Progress:** 3 of {total} items settled ({300 // total} %)",
        "- **Report date:** 2026-12-01",
        "- **Times:** local time (UTC+01:00)",   # CLIENT's times are all in November: Berlin's winter time
        "- **Technician:** Sam O'Neil"]
    page = to_html(CATALOG, CLIENT, DATE)
    assert ('<dt>Technician</dt><dd>not given</dd>' in page
            and "<dd>Contoso &lt;script&gt;alert(1)&lt;/script&gt; | Ltd</dd>" in page)


def test_the_percent_is_rounded_down_and_never_claims_what_is_not_done():
    everything = {item.id: {"status": "done"} for item in ALL_ITEMS[1:]}
    almost = summary(CATALOG, {"name": "A", "items": everything}, DATE)
    assert (almost.settled, almost.total) == (len(ALL_ITEMS) - 1, len(ALL_ITEMS))
    percent = 100 * (len(ALL_ITEMS) - 1) // len(ALL_ITEMS)
    assert percent < 100
    assert dict((hook, text) for _, hook, text in almost.rows())["progress"] == (
        f"{len(ALL_ITEMS) - 1} of {len(ALL_ITEMS)} items settled ({percent} %)")
    assert almost.platform == "not set"
    none = dict((hook, text) for _, hook, text in summary(CATALOG, {"name": "B", "items": {}}, DATE).rows())
    assert none["progress"] == f"0 of {len(ALL_ITEMS)} items settled (0 %)"


def test_the_cli_prints_the_technician_and_date_and_refuses_a_wrong_date(tmp_path):
    path = tmp_path / "v2.json"
    path.write_text(json.dumps({"format": "sbskb-progress", "version": 2, "clients": [V2_CLIENT]}), encoding="utf-8")
    script = str(ROOT / "scripts" / "report.py")
    # V2_CLIENT's items have no time: the summary names the zone's offset now (Kolkata's has no summer time).
    result = subprocess.run([sys.executable, script, str(path), "--technician", "Sam", "--date", "2026-02-03"],
                            capture_output=True, text=True, timeout=60, env=os.environ | {"TZ": "Asia/Kolkata"})
    assert result.returncode == 0, result.stderr
    assert ("- **Report date:** 2026-02-03\n- **Times:** local time (UTC+05:30)\n- **Technician:** Sam\n"
            in result.stdout)
    for wrong in ("2026-02-30", "yesterday", "2026-2-3", "2026-W05-3", "20260203"):
        refused = subprocess.run([sys.executable, script, str(path), "--date", wrong], capture_output=True, text=True,
                                 timeout=60)
        assert refused.returncode == 2 and "not a date as YYYY-MM-DD" in refused.stderr
        assert "Traceback" not in refused.stderr


def test_the_technician_name_is_cleaned_as_the_report_page_cleans_it():
    from macros.report import technician_name

    assert technician_name("  Sam \t\n O'Neil  ") == "Sam O'Neil"
    # Only ASCII white space runs are folded, as in report-summary.js.
    assert technician_name("a\u00a0b") == "a\u00a0b"
    assert technician_name("x" * 150) == "x" * 100


def test_the_cli_refuses_a_technician_name_longer_than_the_page_takes(tmp_path):
    path = tmp_path / "v2.json"
    path.write_text(json.dumps({"format": "sbskb-progress", "version": 2, "clients": [V2_CLIENT]}), encoding="utf-8")
    script = str(ROOT / "scripts" / "report.py")
    refused = subprocess.run([sys.executable, script, str(path), "--technician", "x" * 101], capture_output=True,
                             text=True, timeout=60)
    assert refused.returncode == 2 and "at most 100 characters" in refused.stderr and "Traceback" not in refused.stderr


def test_a_version_3_export_says_which_reverts_restore_microsofts_default(tmp_path):
    """Per setting: the recorded value, "not recorded; the revert restores Microsoft's default (X)" where the
    technician chose it for the item, or "no revert: not recorded". The evidence shows beside the note."""
    changed = "2026-12-05T03:00:00Z"
    client = {"id": "f3", "name": {"value": "Fabrikam"}, "platform": {"value": "sbs2011"},
              "items": {"set-tarpit-delay": {"status": {"value": "done", "changed": changed},
                                             "revertDefault": {"value": True, "changed": changed}},
                        "test-unknown-recipient": {
                            "note": {"value": "ran from home", "changed": changed},
                            "evidence": {"value": "Outside test by probe.py, x:\n- mx: PASS", "changed": changed}}}}
    path = tmp_path / "v3.json"
    path.write_text(json.dumps({"format": "sbskb-progress", "version": 3, "clients": [client]}), encoding="utf-8")
    read = read_export(path, PLATFORMS)["clients"][0]
    text = to_markdown(CATALOG, read, DATE)
    assert ("| Set the tar pit delay | TarpitInterval | not recorded; the revert restores Microsoft's default "
            "(00:00:05) |") in text
    assert "ran from home Outside test by probe.py, x: - mx: PASS" in text
    html = to_html(CATALOG, read, DATE)
    assert "<td>ran from home\n\nOutside test by probe.py, x:\n- mx: PASS</td>" in html
    # Without the choice, or where the default is not confirmed, no default is claimed.
    client["items"]["set-tarpit-delay"]["revertDefault"]["value"] = False
    path.write_text(json.dumps({"format": "sbskb-progress", "version": 3, "clients": [client]}), encoding="utf-8")
    text = to_markdown(CATALOG, read_export(path, PLATFORMS)["clients"][0], DATE)
    assert "| Set the tar pit delay | TarpitInterval | no revert: not recorded | 00:00:05 |" in text


def test_the_report_claims_a_default_only_where_a_revert_restores_it(tmp_path):
    """A box is put back by hand, and a record of the wrong type is no record: no default is claimed for either."""
    changed = "2026-12-05T03:00:00Z"
    chosen = {"revertDefault": {"value": True, "changed": changed}}
    client = {"id": "b3", "name": {"value": "Boxes"}, "platform": {"value": "sbs2003"},
              "items": {"enable-recipient-filtering": chosen, "set-tarpit-delay": chosen},
              "before": {"tarpit-time": {"value": "00:00:05", "changed": changed}}}
    path = tmp_path / "v3.json"
    path.write_text(json.dumps({"format": "sbskb-progress", "version": 3, "clients": [client]}), encoding="utf-8")
    text = to_markdown(CATALOG, read_export(path, PLATFORMS)["clients"][0], DATE)
    assert "Microsoft's default" not in text
    assert "| Set the tar pit delay | TarpitTime | no revert: not recorded |" in text


def test_markdown_and_html_render_the_same_rows():
    """Both formats are drawn from one `report_rows`: every text in it shows in each, escaped for each."""
    from html import escape

    from macros.report import _md, report_rows

    rows = report_rows(CATALOG, CLIENT, DATE, "Sam")
    texts = [rows.title] + [value for _, _, value in rows.summary] + list(rows.retired)
    for section in rows.sections:
        texts += [section.title] + [cell for row in section.items + section.changes for cell in row]
        texts += [text for check in section.rechecks for text in (check.title, check.platforms, check.format)]
    assert any(section.changes for section in rows.sections) and any(section.rechecks for section in rows.sections)
    assert rows.retired == ("retired-thing: Done",)
    markdown, page = to_markdown(CATALOG, CLIENT, DATE, "Sam"), to_html(CATALOG, CLIENT, DATE, "Sam")
    for text in texts:
        assert _md(text) in markdown and escape(text) in page, text
    for check in (check for section in rows.sections for check in section.rechecks):
        assert check.text in markdown and escape(check.text) in page


PROBE_RUN = ("Outside test by probe.py, 2026-12-04T23:34:05+00:00, of contoso.com:\n"
             "- mail.contoso.com (203.0.113.5): PASS; known-recipient 250, postmaster 250, unknown-recipient 550 after "
             "5.1 s, relay 550\n"
             "- <b>backup</b>.isp.example (198.51.100.7): FAIL; known-recipient 250, postmaster 250, unknown-recipient "
             "250, relay 550")
OLDER_RUN = "Outside test by probe.py, 2026-07-01T08:00:00+00:00, of contoso.com:\n- mx.contoso.com (192.0.2.1): PASS"
V3_CLIENT = {"id": "c3", "name": {"value": "Contoso"}, "platform": {"value": "sbs2011"}, "items": {
    "test-unknown-recipient": {"status": {"value": "not-started", "changed": "2026-12-04T23:35:00Z"},
                               "evidence": {"value": PROBE_RUN + "\n\n" + OLDER_RUN,
                                            "changed": "2026-12-04T23:35:00Z"}},
    "set-tarpit-delay": {"status": {"value": "done", "changed": "2026-07-01T10:00:00Z"},
                         "note": {"value": "Outside test by probe.py, typed by hand",
                                  "changed": "2026-07-01T10:00:00Z"}}}}


def v3_client(tmp_path) -> dict:
    path = tmp_path / "v3.json"
    path.write_text(json.dumps({"format": "sbskb-progress", "version": 3, "clients": [V3_CLIENT]}), encoding="utf-8")
    return read_export(path, PLATFORMS)["clients"][0]


def test_the_outside_test_column_gives_each_hosts_verdict_and_when_the_newest_run_started(tmp_path):
    text = to_markdown(CATALOG, v3_client(tmp_path), DATE)
    assert ("| mail.contoso.com PASS, \\<b\\>backup\\</b\\>.isp.example FAIL (2026-12-05 00:34) | 2026-12-05 00:35 |"
            in text)
    # A note that only reads like the probe's words is no outside test; an item without evidence has an empty cell.
    assert "| Set the tar pit delay | Done | Outside test by probe.py, typed by hand |  | 2026-07-01 12:00 |" in text
    page = to_html(CATALOG, v3_client(tmp_path), DATE)
    assert ("<td>mail.contoso.com PASS, &lt;b&gt;backup&lt;/b&gt;.isp.example FAIL (2026-12-05 00:34)</td>"
            "<td>2026-12-05 00:35</td>" in page)
    assert '<th scope="col">Note</th><th scope="col">Outside test</th><th scope="col">Last change</th>' in page


def test_times_are_shown_in_the_zone_of_where_the_report_runs_and_the_summary_names_it(tmp_path, monkeypatch):
    # Berlin: the December run in winter time (+01:00), the July change in summer time (+02:00); both named.
    summary_line = next(line for line in to_markdown(CATALOG, v3_client(tmp_path), DATE).splitlines()
                        if line.startswith("- **Times:**"))
    assert summary_line == "- **Times:** local time (UTC+01:00 or UTC+02:00, by date)"
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    text = to_markdown(CATALOG, v3_client(tmp_path), DATE)
    assert "FAIL (2026-12-04 18:34) | 2026-12-04 18:35 |" in text and "| 2026-07-01 06:00 |" in text
    assert "- **Times:** local time (UTC-05:00 or UTC-04:00, by date)" in text


def test_the_cli_reads_a_version_4_export_and_refuses_a_summary_with_the_logs_lines(tmp_path):
    """A version 4 file, with a client's kept mail-log summary, reports as its version 3 half would; a summary that
    brings lines of the logs is refused, in the import's words."""
    kept = next(v for v in EXPORT_VECTORS["export"] if v["name"].startswith("version 4: a kept mail-log summary"))
    client = V3_CLIENT | {"mailLogs": kept["file"]["clients"][0]["mailLogs"]}
    path = tmp_path / "v4.json"
    path.write_text(json.dumps({"format": "sbskb-progress", "version": 4, "clients": [client]}), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "report.py"), str(path), "--date", DATE],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == to_markdown(CATALOG, v3_client(tmp_path), DATE)
    client["mailLogs"]["value"] = client["mailLogs"]["value"] | {"examples": {"ndr": [{"line": 7, "text": "x"}]}}
    path.write_text(json.dumps({"format": "sbskb-progress", "version": 4, "clients": [client]}), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "report.py"), str(path)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"{path}: clients[0].mailLogs.value: unexpected field \u201cexamples\u201d" in result.stderr
