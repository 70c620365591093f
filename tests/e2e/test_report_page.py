"""The printable client report page: what was done, what was not and why, and how to re-check it."""
from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest
from playwright.sync_api import Page, expect

from macros.loader import load_catalog
from pages import ChecklistPage, ClientsPage, ReportPage, axe_check
from support import ROOT, total_items

pytestmark = pytest.mark.e2e
QUEUE_CHECK = next(item for item in load_catalog(ROOT).checklist("monitoring").items
                   if item.id == "run-queue-threshold-check")
# The report shows the read-only checks of each item marked done, for the client's platform: here, SBS 2003's.
QUEUE_CHECKS_ON_SBS2003 = [snippet for variant in QUEUE_CHECK.variants if "sbs2003" in variant.platforms
                           for snippet in variant.snippets if snippet.kind == "check"]


def prepare(page: Page) -> None:
    monitoring = ChecklistPage(page, "monitoring").open()
    monitoring.create_client("Northwind <b>Traders</b>", "SBS 2003")
    monitoring.field(QUEUE_CHECK.id, "smtp_queue_limit", "sbs2003").fill("400")
    monitoring.box("Run a queue check that warns above the client's limit").check()
    review = monitoring.item("review-queue-alert-threshold")
    review.get_by_label("Note").fill("Threshold left as found")
    review.get_by_label("Status").select_option(label="Deferred")


def test_report_lists_statuses_notes_and_filled_checks(page: Page):
    prepare(page)
    report = ReportPage(page).open().body
    expect(report.locator("h2")).to_have_text("Mail server setup report: Northwind <b>Traders</b>")
    expect(report.locator("[data-summary=platform]")).to_have_text(
        "Windows Small Business Server 2003 (Exchange Server 2003)")
    expect(report.locator("tr", has_text="Run a queue check that warns above the client's limit")).to_contain_text(
        "Done")
    expect(report.locator("tr", has_text="Review the SBS 2003 queue alert threshold")).to_contain_text(
        "Deferred" + "Threshold left as found")
    code = report.locator("pre code")
    expect(code).to_have_count(len(QUEUE_CHECKS_ON_SBS2003))
    expect(code).to_contain_text(["$limit = 400"])
    assert report.locator("b").count() == 0


def test_report_opens_with_the_summary_the_cli_gives(page: Page, tmp_path):
    prepare(page)
    report = ReportPage(page).open()
    page.get_by_label("Technician").fill("  Sam   O'Neil ")
    page.keyboard.press("Tab")        # leaving the field stores the name
    summary = report.body.locator("[data-report-summary]")
    expect(summary.locator("dt")).to_have_text(["Client", "Platform", "Progress", "Report date", "Times", "Technician"])
    expect(summary.locator("[data-summary=technician]")).to_have_text("Sam O'Neil")
    today = page.evaluate("() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]"
                          ".map(n => String(n).padStart(2, '0')).join('-'); }")
    expect(summary.locator("[data-summary=date]")).to_have_text(today)
    # The same numbers from the report CLI, run on this client's export.
    clients = ClientsPage(page).open()
    with page.expect_download() as download:
        clients.row("Northwind").get_by_role("button", name="Export Northwind <b>Traders</b>").click()
        clients.give_name_if_asked()
    export = tmp_path / "northwind.json"
    download.value.save_as(export)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "report.py"), str(export), "--technician",
                             "  Sam   O'Neil ", "--date", today, "--format", "html"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    cli = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", result.stdout))
    report = ReportPage(page).open()
    expect(page.get_by_label("Technician")).to_have_value("  Sam   O'Neil ")    # kept in this browser
    shown = report.body.locator("[data-report-summary]")
    site = dict(zip(shown.locator("dt").all_inner_texts(), shown.locator("dd").all_inner_texts(), strict=True))
    assert site == {key: html.unescape(value) for key, value in cli.items()}
    settled = 1   # prepare() marks one item done; the deferred one is not settled
    assert site["Progress"] == f"{settled} of {total_items()} items settled ({settled * 100 // total_items()} %)"


def test_report_prints_on_a4_and_letter_without_the_controls(page: Page):
    prepare(page)
    ReportPage(page).open()
    page.emulate_media(media="print")
    expect(page.locator("[data-report-print]")).to_be_hidden()
    expect(page.get_by_label("Technician")).to_be_hidden()
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    # The screen's heading and its "choose the client, then print" text stay off the paper; the report opens with
    # its own title and summary.
    expect(page.locator("article h1")).to_be_hidden()
    expect(page.get_by_text("Choose the client, then print")).to_be_hidden()
    expect(page.locator("[data-report-summary]")).to_be_visible()
    visible_controls = page.evaluate("""() => [...document.querySelectorAll(
        'article :is(input, select, button, textarea)')].filter(el => el.getClientRects().length > 0).length""")
    assert visible_controls == 0
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=False)
        assert pdf.startswith(b"%PDF") and len(pdf) > 5000


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_report_page_has_no_wcag_violation(page: Page, scheme: str):
    page.emulate_media(color_scheme=scheme)
    prepare(page)
    ReportPage(page).open()
    page.get_by_label("Technician").fill("Sam")
    results = axe_check(page)
    assert results.violations_count == 0, results.generate_report()
