"""Issue 24: one date format on every page, YYYY-MM-DD HH:MM in the browser's own time zone (its summer and winter
time each at its own date), and the report's Outside test column, read from the evidence the SMTP probe's export
file brings."""
from __future__ import annotations

import importlib.util
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from pages import ChecklistPage, ClientsPage, ReportPage
from support import ROOT

pytestmark = pytest.mark.e2e
ZONE = "Europe/Berlin"   # UTC+01:00 in winter, +02:00 in summer: this machine's zone is most likely neither
MINUTE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}")
_spec = importlib.util.spec_from_file_location("probe", ROOT / "docs" / "downloads" / "probe.py")
probe = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(probe)


def _check(check_id: str, code: int, verdict: str, **extra) -> dict:
    return {"id": check_id, "code": code, "verdict": verdict, "message": "", **extra}


# A run as probe.py reports it; its evidence is written by probe.py's own `evidence`.
RUN = {"started": "2026-12-04T23:34:05+00:00", "domain": "contoso.com", "hosts": [
    {"host": "mail.contoso.com", "address": "203.0.113.5", "verdict": "pass",
     "checks": [_check("known-recipient", 250, "pass"), _check("postmaster", 250, "pass"),
                _check("unknown-recipient", 550, "pass", tarpit=5.1), _check("relay", 550, "pass")]},
    {"host": "backup.isp.example", "address": "198.51.100.7", "verdict": "fail",
     "checks": [_check("known-recipient", 250, "pass"), _check("postmaster", 250, "pass"),
                _check("unknown-recipient", 250, "fail"), _check("relay", 550, "pass")]}]}
OLDER_RUN = RUN | {"started": "2026-07-01T08:00:00+00:00", "hosts": RUN["hosts"][:1]}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": ZONE}


def _import_probe_run(page: Page) -> str:
    """A client on the SBS 2011 platform with the probe's two runs (newest first) on its outside-test item, as the
    probe's export file and a second import bring them, and a tar pit item done in summer. Its id."""
    client_id = ChecklistPage(page, "smtp-test").open().create_client("Contoso", "SBS 2011")
    clients = ClientsPage(page).open()
    evidence = probe.evidence(RUN) + "\n\n" + probe.evidence(OLDER_RUN)
    clients.import_file({"format": "sbskb-progress", "version": 3, "clients": [
        {"id": client_id, "name": {"value": "Contoso"}, "items": {
            probe.ITEM_ID: {"status": {"value": "not-started", "changed": "2026-12-04T23:35:00Z"},
                            "evidence": {"value": evidence, "changed": "2026-12-04T23:35:00Z"}},
            "set-tarpit-delay": {"status": {"value": "done", "changed": "2026-07-01T10:00:00Z"}}}}]})
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    return client_id


def test_the_report_shows_the_last_outside_test_per_host_and_every_time_in_the_browsers_zone(page: Page):
    _import_probe_run(page)
    days = {datetime.now(ZoneInfo(ZONE)).date().isoformat()}
    report = ReportPage(page).open().body
    tables = report.locator("table:not([data-report-changes])")
    expect(tables.first.locator("th")).to_have_text(["Item", "Status", "Note", "Outside test", "Last change"])
    row = report.locator("tr", has_text="Test an unknown and a real recipient from outside")
    # The newest run only; its start, 23:34 UTC on 4 December, is 00:34 on the 5th in Berlin's winter time.
    expect(row.locator("td").nth(3)).to_have_text(
        "mail.contoso.com PASS, backup.isp.example FAIL (2026-12-05 00:34)")
    expect(row.locator("td").nth(4)).to_have_text("2026-12-05 00:35")
    # July: Berlin's summer time, two hours ahead of UTC.
    expect(report.locator("tr", has_text="Set the tar pit delay").locator("td").nth(4)).to_have_text(
        "2026-07-01 12:00")
    # An item without probe evidence has an empty cell; every Last change is a minute or "never" (an em dash).
    outside = [row.locator("td").nth(3).inner_text() for row in tables.locator("tbody tr").all()]
    assert sum(bool(text) for text in outside) == 1
    for text in tables.locator("tbody tr td:last-child").all_inner_texts():
        assert text == "\u2014" or MINUTE.fullmatch(text), text
    summary = report.locator("[data-report-summary]")
    expect(summary.locator("[data-summary=times]")).to_have_text("local time (UTC+01:00 or UTC+02:00, by date)")
    days.add(datetime.now(ZoneInfo(ZONE)).date().isoformat())   # the report's date is Berlin's too
    assert summary.locator("[data-summary=date]").inner_text() in days


def test_the_clients_page_and_the_undo_line_show_times_in_the_browsers_zone(page: Page):
    _import_probe_run(page)
    clients = ClientsPage(page).open()
    # The client's latest change, 23:35 UTC, as the report shows it: in Berlin's time, to the minute.
    last = clients.row("Contoso").locator('td[data-label="Last change"]')
    expect(last).to_have_text(re.compile(r"^2026-12-05 00:35(\s|$)"))
    # The Undo line of a Delete says when, in the same format and zone.
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Fabrikam", "SBS 2003")
    page.get_by_role("button", name="Delete…").click()
    before = datetime.now(ZoneInfo(ZONE)).replace(second=0, microsecond=0)
    page.get_by_role("button", name="Delete this client").click()
    expect(tarpit.client_picker.locator("option:checked")).not_to_have_text("Fabrikam")
    page.reload()
    tarpit.ready()
    undo = page.locator("[data-undo]")
    expect(undo).to_contain_text("Deleted \u201cFabrikam\u201d")
    shown = re.search(r"\(([^()]+)\)\. Undo puts it back", undo.inner_text())
    assert shown and MINUTE.fullmatch(shown[1]), undo.inner_text()
    after = datetime.now(ZoneInfo(ZONE))
    at = datetime.fromisoformat(shown[1]).replace(tzinfo=ZoneInfo(ZONE))
    assert before <= at <= after, (shown[1], before, after)


def test_the_page_shows_a_time_at_the_offset_of_its_own_date(page: Page):
    """Summer and winter times each at their own offset, and an unreadable time as an em dash: shownMinute, the
    wrapper every page uses, in a browser set to Berlin."""
    ChecklistPage(page).open()
    shown = page.evaluate("texts => texts.map(t => window.sbskbTest.clients.shownMinute(t))",
                          ["2026-01-15T12:00:00Z", "2026-07-15T12:00:00Z", "2026-03-29T00:59:00Z",
                           "2026-03-29T01:00:00Z", "2026-10-25T00:59:00Z", "2026-10-25T01:00:00Z", "never"])
    assert shown == ["2026-01-15 13:00", "2026-07-15 14:00", "2026-03-29 01:59", "2026-03-29 03:00",
                     "2026-10-25 02:59", "2026-10-25 02:00", "\u2014"]



def test_a_checklist_items_last_change_is_in_the_browsers_zone(page: Page):
    """The line under an item ("Last change: …", toLocaleString until issue 24) in the one format, Berlin time, in
    winter and in summer."""
    _import_probe_run(page)
    item = ChecklistPage(page, "smtp-test").open().ready().item(probe.ITEM_ID)
    expect(item.locator("[data-item-changed]")).to_have_text("Last change: 2026-12-05 00:35")   # 23:35 UTC
    item = ChecklistPage(page, "tarpit").open().ready().item("set-tarpit-delay")
    expect(item.locator("[data-item-changed]")).to_have_text("Last change: 2026-07-01 12:00")   # 10:00 UTC, summer
