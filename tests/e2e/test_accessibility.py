"""axe-core finds no WCAG 2.1 A/AA violation, in the light and the dark palette."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e
AXE = Axe()
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.mark.parametrize("scheme", ["default", "slate"], ids=["light", "dark"])
@pytest.mark.parametrize("path", ["/checklists/tarpit/", "/", "/reference/hooks/"])
def test_no_wcag_violations(page: Page, path: str, scheme: str):
    page.emulate_media(color_scheme="dark" if scheme == "slate" else "light")
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    if path == "/checklists/tarpit/":
        # Show the states a technician sees too: an invalid value with its message, and the new-client form.
        field = page.locator('[data-variant~="sbs2003"] input[data-param="tarpit_seconds"]')
        field.fill("999")
        page.get_by_role("button", name="New client").click()
    results = AXE.run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def test_keyboard_alone_ticks_an_item_and_changes_a_value(page: Page):
    page.goto("/checklists/tarpit/")
    page.locator("select[data-client-select] option").first.wait_for(state="attached")
    box = page.get_by_role("checkbox", name="Set the tar pit delay")
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    field = page.locator('[data-variant~="sbs2003"] input[data-param="tarpit_seconds"]')
    field.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("6")
    assert "dword:00000006" in page.locator('[data-snippet="set-tarpit-delay/apply/reg"] code').text_content()
