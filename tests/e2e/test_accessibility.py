"""axe-core finds no WCAG 2.1 A/AA violation, in the light and the dark palette."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page

from pages import ChecklistPage, axe_check

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("scheme", ["default", "slate"], ids=["light", "dark"])
@pytest.mark.parametrize("path", ["/checklists/tarpit/", "/", "/reference/hooks/"])
def test_no_wcag_violations(page: Page, path: str, scheme: str):
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    tarpit = ChecklistPage(page, "tarpit")
    if path == tarpit.path:
        # Show the states a technician sees too: a first visit (no client: the hints, the disabled fields), then
        # an invalid value with its message, and the new-client form.
        tarpit.ready()
        first_visit = axe_check(page)
        assert first_visit.violations_count == 0, first_visit.generate_report()
        tarpit.create_client("Client 1")
        tarpit.field("set-tarpit-delay", "tarpit_seconds", "sbs2003").fill("999")
        page.get_by_role("button", name="New client").click()  # proposed for ChecklistPage: open_client_form()
    results = axe_check(page)
    assert results.violations_count == 0, results.generate_report()


def test_keyboard_alone_ticks_an_item_and_changes_a_value(page: Page):
    tarpit = ChecklistPage(page, "tarpit").open_for_client()
    box = tarpit.box("Set the tar pit delay")
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    tarpit.field("set-tarpit-delay", "tarpit_seconds", "sbs2003").focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("6")
    assert "dword:00000006" in tarpit.snippet("set-tarpit-delay/apply/reg").text_content()
