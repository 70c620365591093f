"""The printable client report page: what was done, what was not and why, and how to re-check it."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from macros.loader import load_catalog
from pages import ChecklistPage, ReportPage, axe_check
from support import ROOT

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
    expect(report).to_contain_text("Platform: Windows Small Business Server 2003 (Exchange Server 2003)")
    expect(report.locator("tr", has_text="Run a queue check that warns above the client's limit")).to_contain_text(
        "Done")
    expect(report.locator("tr", has_text="Review the SBS 2003 queue alert threshold")).to_contain_text(
        "Deferred" + "Threshold left as found")
    code = report.locator("pre code")
    expect(code).to_have_count(len(QUEUE_CHECKS_ON_SBS2003))
    expect(code).to_contain_text(["$limit = 400"])
    assert report.locator("b").count() == 0


def test_report_prints_on_a4_and_letter_without_the_controls(page: Page):
    prepare(page)
    ReportPage(page).open()
    page.emulate_media(media="print")
    expect(page.locator("[data-report-print]")).to_be_hidden()
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=False)
        assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_report_page_has_no_wcag_violation(page: Page):
    prepare(page)
    ReportPage(page).open()
    results = axe_check(page)
    assert results.violations_count == 0, results.generate_report()
