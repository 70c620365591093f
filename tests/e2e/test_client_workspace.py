"""Client profiles on checklist pages: platform tailoring, statuses and notes, rename, duplicate and delete."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def open_tarpit(page: Page) -> None:
    page.goto("/checklists/tarpit/")
    page.locator("select[data-client-select] option").first.wait_for(state="attached")


def new_client(page: Page, name: str, platform: str = "") -> None:
    page.get_by_role("button", name="New client").click()
    form = page.locator("[data-client-form]")
    form.get_by_label("Client name").fill(name)
    if platform:
        form.get_by_label("Platform").select_option(label=platform)
    form.get_by_role("button", name="Create").click()
    expect(page.locator("select[data-client-select] option:checked")).to_have_text(name)


def item(page: Page, item_id: str):
    return page.locator(f'[data-item="{item_id}"]')


def test_the_clients_platform_tab_opens_in_every_item(page: Page):
    open_tarpit(page)
    new_client(page, "Contoso", "SBS 2011")
    for item_id in ("confirm-recipient-filtering", "set-tarpit-delay"):
        expect(item(page, item_id).locator('[data-variant~="sbs2011"]')).to_be_visible()
        expect(item(page, item_id).locator('[data-variant~="sbs2003"]')).to_be_hidden()
    page.get_by_label("Platform", exact=True).first.select_option(label="SBS 2003")
    expect(item(page, "set-tarpit-delay").locator('[data-variant~="sbs2003"]')).to_be_visible()
    page.goto("/checklists/recipient-filtering/")
    expect(item(page, "enable-recipient-filtering").locator('[data-variant~="sbs2003"]')).to_be_visible()
    expect(page.locator("select[data-client-platform]")).to_have_value("sbs2003")


def test_the_tab_underline_marks_the_clients_platform(page: Page):
    # Material draws the underline from the radio's change event; opening a tab from the script must fire it, or the
    # underline stays on "SBS 2003" while the Exchange steps show.
    open_tarpit(page)
    new_client(page, "Contoso", "Exchange 2013–SE")
    page.wait_for_function("""() => {
        const set = document.querySelector('[data-item="set-tarpit-delay"] > .tabbed-set');
        const label = set.querySelector('.tabbed-labels > label:last-child');
        return label.textContent === 'Exchange 2013\u2013SE'
            && set.style.getPropertyValue('--md-indicator-x') === label.offsetLeft + 'px';
    }""", timeout=5000)


def test_not_applicable_needs_a_reason_and_counts_as_settled(page: Page):
    open_tarpit(page)
    confirm = item(page, "confirm-recipient-filtering")
    status = confirm.get_by_label("Status")
    status.select_option(label="Not applicable")
    expect(confirm).to_have_attribute("data-status", "not-started")
    expect(confirm.get_by_label("Note")).to_have_attribute("aria-invalid", "true")
    expect(confirm.locator("[data-note-error]")).to_contain_text("why this item does not apply")
    confirm.get_by_label("Note").fill("Mail goes through the ISP's filter; the server is not on the Internet.")
    status.select_option(label="Not applicable")
    expect(confirm).to_have_attribute("data-status", "not-applicable")
    expect(confirm.locator("[data-item-changed]")).to_contain_text("Last change")
    progress = page.locator("[data-progress]")
    expect(progress).to_have_attribute("data-done", "1")
    expect(progress).to_contain_text("1 of 2 done (1 not applicable)")
    item(page, "set-tarpit-delay").get_by_label("Status").select_option(label="Deferred")
    expect(progress).to_have_attribute("data-done", "1")
    page.reload()
    expect(item(page, "confirm-recipient-filtering")).to_have_attribute("data-status", "not-applicable")
    expect(item(page, "confirm-recipient-filtering").get_by_label("Note")).to_have_value(
        "Mail goes through the ISP's filter; the server is not on the Internet.")
    expect(item(page, "set-tarpit-delay")).to_have_attribute("data-status", "deferred")


def test_done_box_and_status_agree(page: Page):
    open_tarpit(page)
    tarpit = item(page, "set-tarpit-delay")
    tarpit.get_by_role("checkbox", name="Set the tar pit delay").check()
    expect(tarpit.get_by_label("Status")).to_have_value("done")
    tarpit.get_by_label("Status").select_option(label="Not started")
    expect(tarpit.get_by_role("checkbox", name="Set the tar pit delay")).not_to_be_checked()


def test_progress_stored_by_the_first_release_still_shows(page: Page):
    open_tarpit(page)
    client_id = page.locator("select[data-client-select]").input_value()
    old = {"values": {"tarpit_seconds": "9"}, "items": {"set-tarpit-delay": {"done": True, "changed": "2026-01-02T03:04:05Z"}}}
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [f"sbskb.v1.client.{client_id}", json.dumps(old)])
    page.reload()
    expect(item(page, "set-tarpit-delay")).to_have_attribute("data-status", "done")
    expect(page.get_by_role("checkbox", name="Set the tar pit delay")).to_be_checked()


def test_rename_duplicate_and_delete(page: Page):
    open_tarpit(page)
    new_client(page, "Fabrikam", "SBS 2003")
    page.locator('[data-variant~="sbs2003"] input[data-param="tarpit_seconds"]').fill("11")
    page.get_by_role("checkbox", name="Set the tar pit delay").check()

    page.get_by_role("button", name="Rename").click()
    page.get_by_label("New name").fill("Fabrikam Ltd")
    page.get_by_role("button", name="Save name").click()
    expect(page.locator("select[data-client-select] option:checked")).to_have_text("Fabrikam Ltd")

    page.get_by_role("button", name="Duplicate").click()
    expect(page.locator("select[data-client-select] option:checked")).to_have_text("Fabrikam Ltd (copy)")
    expect(page.locator("select[data-client-platform]")).to_have_value("sbs2003")
    expect(page.locator('[data-variant~="sbs2003"] input[data-param="tarpit_seconds"]')).to_have_value("11")
    expect(page.get_by_role("checkbox", name="Set the tar pit delay")).not_to_be_checked()

    page.get_by_label("Client", exact=True).select_option(label="Fabrikam Ltd")
    page.get_by_role("button", name="Delete…").click()
    text = page.locator("[data-client-delete-text]")
    expect(text).to_have_text("Delete \u201cFabrikam Ltd\u201d? This removes, from this browser, its 1 item status, "
                              "0 notes and 1 value.")
    page.get_by_role("button", name="Keep it").click()
    expect(page.locator("select[data-client-select] option")).to_have_count(3)
    page.get_by_role("button", name="Delete…").click()
    page.get_by_role("button", name="Delete this client").click()
    expect(page.locator("select[data-client-select] option")).to_have_count(2)
    expect(page.locator("select[data-client-select] option", has_text="Fabrikam Ltd")).to_have_count(1)  # the copy
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('sbskb.v1.client.'))")
    assert len(keys) <= 2


def test_hostile_note_stays_text(page: Page):
    open_tarpit(page)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    note = item(page, "set-tarpit-delay").get_by_label("Note")
    note.fill(payload)
    note.blur()
    page.reload()
    expect(item(page, "set-tarpit-delay").get_by_label("Note")).to_have_value(payload)
    assert page.evaluate("window.__pwned === undefined") and dialogs == []
    assert page.locator('[data-item="set-tarpit-delay"] img').count() == 0


def test_two_tabs_on_one_client_lose_nothing(page: Page):
    open_tarpit(page)
    other = page.context.new_page()
    open_tarpit(other)
    page.get_by_role("checkbox", name="Set the tar pit delay").check()
    # The other tab shows the change without a reload ...
    expect(other.get_by_role("checkbox", name="Set the tar pit delay")).to_be_checked()
    # ... and its own change to a different item keeps the first tab's.
    other.get_by_role("checkbox", name="Confirm that recipient filtering rejects unknown recipients").check()
    expect(page.get_by_role("checkbox", name="Confirm that recipient filtering rejects unknown recipients")).to_be_checked()
    page.reload()
    expect(page.get_by_role("checkbox", name="Set the tar pit delay")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Confirm that recipient filtering rejects unknown recipients")).to_be_checked()
