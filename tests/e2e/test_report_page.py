"""The printable client report page: what was done, what was not and why, and how to re-check it."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def prepare(page: Page) -> None:
    page.goto("/checklists/monitoring/")
    page.locator("select[data-client-select] option").first.wait_for(state="attached")
    page.get_by_role("button", name="New client").click()
    form = page.locator("[data-client-form]")
    form.get_by_label("Client name").fill("Northwind <b>Traders</b>")
    form.get_by_label("Platform").select_option(label="SBS 2003")
    form.get_by_role("button", name="Create").click()
    page.locator('[data-variant~="sbs2003"] input[data-param="smtp_queue_limit"]').fill("400")
    page.get_by_role("checkbox", name="Run a queue check that warns above the client's limit").check()
    review = page.locator('[data-item="review-queue-alert-threshold"]')
    review.get_by_label("Note").fill("Threshold left as found")
    review.get_by_label("Status").select_option(label="Deferred")


def test_report_lists_statuses_notes_and_filled_checks(page: Page):
    prepare(page)
    page.goto("/report/")
    report = page.locator("[data-report-body]")
    expect(report.locator("h2")).to_have_text("Mail server setup report: Northwind <b>Traders</b>")
    expect(report).to_contain_text("Platform: Windows Small Business Server 2003 (Exchange Server 2003)")
    expect(report.locator("tr", has_text="Run a queue check that warns above the client's limit")).to_contain_text("Done")
    expect(report.locator("tr", has_text="Review the SBS 2003 queue alert threshold")).to_contain_text(
        "Deferred" + "Threshold left as found")
    code = report.locator("pre code")
    expect(code).to_have_count(1)
    expect(code).to_contain_text("$limit = 400")
    assert report.locator("b").count() == 0


def test_report_prints_on_a4_and_letter_without_the_controls(page: Page):
    prepare(page)
    page.goto("/report/")
    page.emulate_media(media="print")
    expect(page.locator("[data-report-print]")).to_be_hidden()
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper, print_background=False)
        assert pdf.startswith(b"%PDF") and len(pdf) > 5000


def test_report_page_has_no_wcag_violation(page: Page):
    prepare(page)
    page.goto("/report/")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    assert results.violations_count == 0, results.generate_report()
