"""The Mail logs page as a technician uses it: log files chosen or dropped, read in the browser by the same analysis
as docs/downloads/mail_logs.py (tests/e2e/test_mail_logs_parity.py holds the two to each other), the answer first,
then the chart and the evidence; Cancel; the CSV; hostile files stay text and change nothing."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from playwright.sync_api import Page, expect

from macros.loader import load_catalog
from pages import ChecklistPage, ClientsPage, ReportPage, axe_check
from support import ROOT

pytestmark = pytest.mark.e2e
SAMPLES = ROOT / "tests" / "fixtures" / "mail-logs"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
CSV_CELL = json.loads((ROOT / "tests" / "vectors" / "csv-cell.json").read_text(encoding="utf-8"))


LISTING = "exchange-queue-listing"
NO_LOG_READ = "No mail log was read, so there is no verdict: what the listing shows is queued now is below."


def cli(files: list[str]) -> dict:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "mail_logs.py"), "--json", *files], cwd=SAMPLES,
                            capture_output=True, text=True, timeout=120)
    return json.loads(result.stdout)


def open_page(page: Page) -> None:
    page.goto("/mail-logs/")
    expect(page.locator("[data-mail-logs][data-ready]")).to_be_attached()


def analyse(page: Page, files: list[str]) -> None:
    page.set_input_files("[data-log-files]", [str(SAMPLES / name) for name in files])
    expect(page.locator("[data-log-result]")).to_be_visible(timeout=60_000)


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_the_page_gives_the_clis_verdict_and_figures(page: Page, scenario: str):
    files = EXPECTED[scenario]["files"]
    expected = cli(files)
    open_page(page)
    analyse(page, files)
    verdict = page.locator("[data-log-verdict]")
    queues = expected["queues_now"]
    if queues is not None:
        expect(page.locator("[data-log-queues]")).to_contain_text(
            f"{queues['queues']:,} queue(s) hold {queues['messages']:,} messages; {queues['outside_queues']:,} "
            f"queue(s) to outside hosts hold {queues['outside_messages']:,}, {queues['outside_retry_queues']:,} of "
            "them in Retry.")
    if all(file["format"] == LISTING for file in expected["files"]):   # a listing alone: what is queued, no verdict
        expect(page.locator("[data-log-status]")).to_have_text(NO_LOG_READ)
        expect(verdict).to_be_hidden()
        expect(page.locator("[data-log-keep]")).to_be_hidden()
        return
    expect(verdict.locator("h2")).to_have_text(f"Verdict: {expected['verdict']}")
    expect(verdict.locator("[data-log-rule]")).to_have_text(expected["rule"])
    expect(verdict.get_by_role("link", name=expected["next_checklist"]["title"])).to_be_visible()
    evidence = page.locator("[data-log-evidence]")
    expect(evidence).to_contain_text(f"NDRs the server generated: {expected['ndr_generated']:,} in "
                                     f"{expected['messages_total']:,} messages")
    expect(evidence).to_contain_text(f"Local addresses refused or unknown: "
                                     f"{expected['refused_or_unknown_recipients_distinct']:,} distinct")
    rows = evidence.locator("tbody tr")
    expect(rows).to_have_count(len(expected["top_ndr_target_domains"]))
    for row, target in zip(rows.all(), expected["top_ndr_target_domains"], strict=True):
        assert row.locator("td").all_text_contents() == [target["domain"], f"{target['count']:,}"]
    chart = page.locator("[data-log-chart] svg")
    if expected["first_hour"]:
        hours_with_ndrs = len(expected["ndr_per_hour"])
        expect(chart.locator("rect.sbskb-chart-ndr")).to_have_count(hours_with_ndrs + 1)   # + the legend's
        expect(chart.locator("desc")).to_contain_text(f"{expected['ndr_generated']} NDRs generated")


def test_a_hostile_file_stays_text_and_changes_nothing(page: Page):
    open_page(page)
    before = page.evaluate("window.sbskbTest.storage.dump()")
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    analyse(page, EXPECTED["hostile"]["files"])
    table = page.locator("[data-log-evidence] table")
    expect(table).to_contain_text("evil\x1b[31m<b>.example.com")     # the forged domain, as text
    assert table.locator("b").count() == 0
    assert page.locator("[data-mail-logs] script").count() == 0
    rejected = page.locator("[data-log-evidence]")
    for line in EXPECTED["hostile"]["expected"]["files"][0]["rejected"]:
        expect(rejected).to_contain_text(f"line {line['line']}: {line['why']}")
    assert page.evaluate("window.sbskbTest.storage.dump()") == before


def test_the_answer_passes_axe(page: Page):
    open_page(page)
    analyse(page, EXPECTED["attack-then-fix-with-protocol-log"]["files"])
    results = axe_check(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_big_log_shows_its_progress_and_cancel_keeps_nothing(page: Page, tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from benchmark import mail_log
    log = tmp_path / "MSGTRK-big.LOG"
    mail_log(log, 120)
    open_page(page)
    page.set_input_files("[data-log-files]", str(log))
    text = page.locator("[data-log-progress-text]")
    expect(text).to_contain_text(" MB/s", timeout=30_000)
    assert " of 120.0 MB" in text.inner_text() or " of 119." in text.inner_text()
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("[data-log-status]")).to_have_text("Cancelled: nothing was kept.")
    expect(page.locator("[data-log-progress]")).to_be_hidden()
    expect(page.locator("[data-log-result]")).to_be_hidden()


def test_the_csv_holds_the_figures_and_no_formula(page: Page, tmp_path):
    open_page(page)
    cells = page.evaluate("cases => cases.map(c => window.sbskbTest.csvCell(c.value))", CSV_CELL["cases"])
    assert cells == [case["cell"] for case in CSV_CELL["cases"]]
    analyse(page, EXPECTED["hostile"]["files"])
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the figures (CSV)").click()
    saved = tmp_path / "figures.csv"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert '"NDRs to domain","evil\x1b[31m<b>.example.com","1",""' in text
    assert '"hour (UTC)","2026-11-05T00","13","24"' in text
    assert all(not cell.startswith('"=') for line in text.splitlines() for cell in line.split(","))


def fix_items(checklist_id: str, platform: str) -> list[str]:
    checklist = load_catalog(ROOT).checklist(checklist_id)
    return [item.id for item in checklist.items if any(platform in v.platforms for v in item.variants)]


def test_the_fix_is_marked_the_rates_compared_and_the_summary_kept_for_the_client(page: Page):
    """The recipient-filtering and tar-pit checklists were done for this client at midnight after the attack (as its
    progress, imported, says): the chart marks both, the NDR rate is compared around the first, and the summary, once
    kept, is what the page shows for the client after a reload, and what an export carries."""
    client_id = ChecklistPage(page, "recipient-filtering").open().create_client("Contoso", "SBS 2011")
    done = {item: {"status": {"value": "done", "changed": "2026-11-03T00:05:00Z"}}
            for item in fix_items("recipient-filtering", "sbs2011")}
    done |= {item: {"status": {"value": "done", "changed": "2026-11-03T00:20:00Z"}}
             for item in fix_items("tarpit", "sbs2011")}
    clients = ClientsPage(page).open()
    clients.import_file({"format": "sbskb-progress", "version": 3, "clients": [
        {"id": client_id, "name": {"value": "Contoso"}, "items": done}]})
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    open_page(page)
    expect(page.locator("[data-log-kept]")).to_have_text("Nothing kept for Contoso yet.")
    analyse(page, EXPECTED["attack-then-fix"]["files"])
    marks = page.locator("[data-log-chart] line.sbskb-chart-mark")
    expect(marks).to_have_count(2)
    expect(page.locator("[data-log-chart] svg")).to_contain_text("Recipient filtering done")
    # 426 NDRs in the 25 hours that start before 00:05 on 3 November, none in the 23 after.
    ndrs = EXPECTED["attack-then-fix"]["expected"]["ndr_generated"]
    expect(page.locator("[data-log-rates]").first).to_have_text(
        f"NDRs generated: {round(ndrs * 24 / 25):,} a day before “Recipient filtering done” (2026-11-03 00:05 UTC) "
        "→ 0 a day after.")
    page.get_by_role("button", name="Keep for Contoso").click()
    expect(page.locator("[data-log-status]")).to_have_text("Kept for this client: its figures, not the logs.")
    page.reload()
    expect(page.locator("[data-mail-logs][data-ready]")).to_be_attached()
    expect(page.locator("[data-log-kept]")).to_contain_text("Kept for Contoso: queue-backlog, analysed ")
    expect(page.locator("[data-log-verdict] h2")).to_have_text("Verdict: queue-backlog")
    expect(marks).to_have_count(2)
    expect(page.locator("[data-log-evidence]")).to_be_hidden()
    # Keeping another analysis replaces the kept one, says so, and Undo puts the first back.
    analyse(page, EXPECTED["attack-day"]["files"])
    page.get_by_role("button", name="Keep for Contoso").click()
    expect(page.locator("[data-log-status]")).to_contain_text("Kept, in place of the analysis of ")
    expect(page.locator("[data-log-kept]")).to_contain_text("Kept for Contoso: backscatter")
    page.get_by_role("button", name="Keep for Contoso").click()
    expect(page.locator("[data-log-status]")).to_have_text("Already kept for this client.")
    page.locator("[data-undo]").get_by_role("button", name="Undo").click()
    expect(page.locator("[data-log-kept]")).to_contain_text("Kept for Contoso: queue-backlog")
    # The analysis on screen stays (kept for nobody now), and can be kept again.
    expect(page.locator("[data-log-verdict] h2")).to_have_text("Verdict: backscatter")
    page.reload()
    expect(page.locator("[data-log-verdict] h2")).to_have_text("Verdict: queue-backlog")
    # So does the triage item it answers, for this client only.
    triage = ChecklistPage(page, "triage").open()
    block = triage.item("confirm-postmaster-ndrs").locator("[data-mail-logs-kept]")
    expect(block).to_contain_text("queue-backlog, analysed ")
    expect(block).to_contain_text("the fix holds and the backlog is draining")
    triage.create_client("Fabrikam", "SBS 2003")
    expect(block).to_be_hidden()
    triage.choose_client("Contoso")
    expect(block).to_be_visible()
    # A new analysis stays on screen when another client is chosen: it is nobody's until kept.
    open_page(page)
    analyse(page, EXPECTED["attack-day"]["files"])
    page.select_option("select[data-client-select]", label="Fabrikam")
    expect(page.locator("[data-log-verdict] h2")).to_have_text("Verdict: backscatter")
    expect(page.locator("[data-log-evidence]")).to_be_visible()
    expect(page.get_by_role("button", name="Keep for Fabrikam")).to_be_visible()
    expect(marks).to_have_count(0)
    page.select_option("select[data-client-select]", label="Contoso")
    # The report shows it too, printable: the verdict, the rates and the chart with both marks.
    report = ReportPage(page).open()
    section = report.body.locator("[data-report-mail-logs]")
    expect(section.locator("h3")).to_have_text("Mail logs: queue-backlog")
    expect(section.locator("[data-log-rates]").first).to_contain_text(
        f"NDRs generated: {round(ndrs * 24 / 25):,} a day before “Recipient filtering done” (")
    expect(section.locator("svg line.sbskb-chart-mark")).to_have_count(2)
    page.emulate_media(media="print")
    expect(section.locator("svg")).to_be_visible()
    page.emulate_media(media="screen")
    clients = ClientsPage(page).open()
    cell = clients.row("Contoso").locator("td[data-mail-logs]")
    expect(cell).to_have_attribute("data-mail-logs", "queue-backlog")
    expect(cell).to_contain_text("queue-backlog · ")
    exported = clients.export_all()
    kept = next(c for c in exported["clients"] if c["id"] == client_id)["mailLogs"]["value"]
    assert kept["verdict"] == "queue-backlog" and kept["ndr_generated"] == ndrs
    assert "examples" not in kept and "text" not in json.dumps(kept)


def test_files_it_cannot_read_give_no_verdict(page: Page):
    open_page(page)
    analyse(page, ["unknown/notes.txt"])
    expect(page.locator("[data-log-status]")).to_have_text(
        "No file could be read as a mail log, so there is no verdict: the files and why are below.")
    expect(page.locator("[data-log-verdict]")).to_be_hidden()
    expect(page.locator("[data-log-keep]")).to_be_hidden()
    expect(page.locator("[data-log-evidence]")).to_contain_text("notes.txt: skipped: not a mail log this tool reads")
    expect(page.locator("[data-log-evidence]")).not_to_contain_text("Local addresses refused or unknown")


def test_a_pasted_listing_shows_what_is_queued_now_beside_the_logs_verdict(page: Page):
    """What Get-Queue and Get-Message printed, pasted: alone, the queues and DSNs without a verdict; with the logs
    chosen, the logs' verdict unchanged and the queues beside it, as the CLI gives for the same text."""
    listing = (SAMPLES / "listings" / "queues-and-dsns.txt").read_text(encoding="utf-8")
    expected = cli(["listings/queues-and-dsns.txt"])["queues_now"]
    open_page(page)
    page.get_by_role("button", name="Read the listing").click()
    expect(page.locator("[data-log-status]")).to_have_text(
        "Paste what Get-Queue or Get-Message printed first, then read it.")
    page.get_by_label("Or paste what Get-Queue or Get-Message printed").fill(listing)
    page.get_by_role("button", name="Read the listing").click()
    expect(page.locator("[data-log-status]")).to_have_text(NO_LOG_READ)
    queues = page.locator("[data-log-queues]")
    expect(queues).to_contain_text(f"Messages listed: {expected['messages_listed']:,}, of which delivery status "
                                   f"notifications (DSN: NDRs and delay notices): {expected['dsn_listed']:,}.")
    largest = expected["largest_outside"][0]
    expect(queues).to_contain_text(f"Largest to outside: {largest['next_hop_domain']} {largest['messages']:,} "
                                   f"({largest['status']})")
    expect(page.locator("[data-log-verdict]")).to_be_hidden()
    expect(page.locator("[data-log-evidence]")).to_contain_text("pasted listing: exchange-queue-listing")
    # No log read: no log figures of zero beside "no verdict", as the CLI's report prints none.
    expect(page.locator("[data-log-evidence]")).not_to_contain_text("NDRs the server generated")
    # With the logs: their verdict, as without the listing, and the listing's figures beside it.
    files = EXPECTED["attack-then-fix"]["files"]
    analyse(page, files)
    expect(page.locator("[data-log-verdict] h2")).to_have_text(f"Verdict: {cli(files)['verdict']}")
    expect(page.locator("[data-log-status]")).to_contain_text("Read ")
    expect(queues).to_contain_text(f"{expected['queues']:,} queue(s) hold {expected['messages']:,} messages")
    expect(page.locator("[data-log-evidence]")).to_contain_text("pasted listing: exchange-queue-listing")


def test_a_hostile_paste_stays_text_and_changes_nothing(page: Page):
    open_page(page)
    before = page.evaluate("window.sbskbTest.storage.dump()")
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    hostile = ('<img src=x onerror="window.sbskbPwned=1">')
    listing = ("Identity  DeliveryType         Status MessageCount NextHopDomain\r\n"
               "--------  ------------         ------ ------------ -------------\r\n"
               f"SBS01\\7   DnsConnectorDelivery Retry             9 {hostile}\r\n")
    page.get_by_label("Or paste what Get-Queue or Get-Message printed").fill(listing)
    page.get_by_role("button", name="Read the listing").click()
    queues = page.locator("[data-log-queues]")
    expect(queues).to_contain_text(f"Largest to outside: {hostile} 9 (Retry).")
    assert queues.locator("img").count() == 0
    assert page.evaluate("window.sbskbPwned") is None
    assert page.evaluate("window.sbskbTest.storage.dump()") == before
