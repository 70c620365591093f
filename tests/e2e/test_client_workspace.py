"""Client profiles on checklist pages: platform tailoring, statuses and notes, rename, duplicate and delete."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Locator, Page, expect

from macros.loader import load_catalog
from macros.model import Checklist
from pages import ChecklistPage, put_stored, storage
from support import ROOT

pytestmark = pytest.mark.e2e
TARPIT = load_catalog(ROOT).checklist("tarpit")
DELAY = "Set the tar pit delay"
CONFIRM = "Confirm that recipient filtering rejects unknown recipients"


def items_with_own_tabs(checklist: Checklist, first: str, second: str) -> list[str]:
    """The ids of a checklist's items that have a tab for platform `first` and another tab for `second`."""
    def own_tab(item, platform: str, other: str) -> bool:
        return any(platform in v.platforms and other not in v.platforms for v in item.variants)

    return [item.id for item in checklist.items if own_tab(item, first, second) and own_tab(item, second, first)]


def current_client(checklist: ChecklistPage) -> Locator:
    """The chosen option of the client picker (the current client's name)."""
    return checklist.client_picker.locator("option:checked")


def test_the_clients_platform_tab_opens_in_every_item(page: Page):
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Contoso", "SBS 2011")
    tabbed = items_with_own_tabs(TARPIT, "sbs2011", "sbs2003")
    assert tabbed, "no tar pit item has a tab for SBS 2011 and another for SBS 2003"
    for item_id in tabbed:
        expect(tarpit.item(item_id).locator('[data-variant~="sbs2011"]')).to_be_visible()
        expect(tarpit.item(item_id).locator('[data-variant~="sbs2003"]')).to_be_hidden()
    tarpit.set_platform("SBS 2003")
    expect(tarpit.item("set-tarpit-delay").locator('[data-variant~="sbs2003"]')).to_be_visible()
    filtering = ChecklistPage(page, "recipient-filtering").open()
    expect(filtering.item("enable-recipient-filtering").locator('[data-variant~="sbs2003"]')).to_be_visible()
    expect(filtering.platform_picker).to_have_value("sbs2003")


def test_the_tab_underline_marks_the_clients_platform(page: Page):
    # Material draws the underline from the radio's change event; opening a tab from the script must fire it, or the
    # underline stays on "SBS 2003" while the Exchange steps show.
    ChecklistPage(page).open().create_client("Contoso", "Exchange 2013–SE")
    page.wait_for_function("""() => {
        const set = document.querySelector('[data-item="set-tarpit-delay"] > .tabbed-set');
        const label = set.querySelector('.tabbed-labels > label:last-child');
        return label.textContent === 'Exchange 2013\u2013SE'
            && set.style.getPropertyValue('--md-indicator-x') === label.offsetLeft + 'px';
    }""", timeout=5000)


def test_not_applicable_needs_a_reason_and_counts_as_settled(page: Page):
    tarpit = ChecklistPage(page).open_for_client()
    confirm = tarpit.item("confirm-recipient-filtering")
    status = confirm.get_by_label("Status")
    status.select_option(label="Not applicable")
    expect(confirm).to_have_attribute("data-status", "not-started")
    expect(confirm.get_by_label("Note")).to_have_attribute("aria-invalid", "true")
    expect(confirm.locator("[data-note-error]")).to_contain_text("why this item does not apply")
    confirm.get_by_label("Note").fill("Mail goes through the ISP's filter; the server is not on the Internet.")
    status.select_option(label="Not applicable")
    expect(confirm).to_have_attribute("data-status", "not-applicable")
    expect(confirm.locator("[data-item-changed]")).to_contain_text("Last change")
    expect(tarpit.progress).to_have_attribute("data-done", "1")
    expect(tarpit.progress).to_contain_text(f"1 of {len(TARPIT.items)} done (1 not applicable)")
    tarpit.item("set-tarpit-delay").get_by_label("Status").select_option(label="Deferred")
    expect(tarpit.progress).to_have_attribute("data-done", "1")
    page.reload()
    expect(confirm).to_have_attribute("data-status", "not-applicable")
    expect(confirm.get_by_label("Note")).to_have_value(
        "Mail goes through the ISP's filter; the server is not on the Internet.")
    expect(tarpit.item("set-tarpit-delay")).to_have_attribute("data-status", "deferred")


def test_done_box_and_status_agree(page: Page):
    delay = ChecklistPage(page).open_for_client().item("set-tarpit-delay")
    delay.get_by_role("checkbox", name=DELAY).check()
    expect(delay.get_by_label("Status")).to_have_value("done")
    delay.get_by_label("Status").select_option(label="Not started")
    expect(delay.get_by_role("checkbox", name=DELAY)).not_to_be_checked()


def test_progress_stored_by_the_first_release_still_shows(page: Page):
    tarpit = ChecklistPage(page).open_for_client()
    client_id = tarpit.client_picker.input_value()
    old = {"values": {"tarpit_seconds": "9"},
           "items": {"set-tarpit-delay": {"done": True, "changed": "2026-01-02T03:04:05Z"}}}
    put_stored(page, f"sbskb.v1.client.{client_id}", json.dumps(old))
    page.reload()
    expect(tarpit.item("set-tarpit-delay")).to_have_attribute("data-status", "done")
    expect(tarpit.box(DELAY)).to_be_checked()


def test_rename_duplicate_and_delete(page: Page):
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Fabrikam", "SBS 2003")
    tarpit.field("set-tarpit-delay", "tarpit_seconds", "sbs2003").fill("8")
    tarpit.box(DELAY).check()

    page.get_by_role("button", name="Rename").click()
    page.get_by_label("New name").fill("Fabrikam Ltd")
    page.get_by_role("button", name="Save name").click()
    expect(current_client(tarpit)).to_have_text("Fabrikam Ltd")

    page.get_by_role("button", name="Duplicate").click()
    expect(current_client(tarpit)).to_have_text("Fabrikam Ltd (copy)")
    expect(tarpit.platform_picker).to_have_value("sbs2003")
    expect(tarpit.field("set-tarpit-delay", "tarpit_seconds", "sbs2003")).to_have_value("8")
    expect(tarpit.box(DELAY)).not_to_be_checked()

    tarpit.choose_client("Fabrikam Ltd")
    page.get_by_role("button", name="Delete…").click()
    text = page.locator("[data-client-delete-text]")
    expect(text).to_have_text("Delete \u201cFabrikam Ltd\u201d? This removes, from this browser, its 1 item status "
                              "(1 item settled, 0 notes, 0 values before a change) and 1 value. Undo puts it back "
                              "until the next Delete or Replace.")
    page.get_by_role("button", name="Keep it").click()
    clients = tarpit.client_picker.locator("option")
    expect(clients).to_have_count(2)   # a first visit creates no client: the two made here
    page.get_by_role("button", name="Delete…").click()
    page.get_by_role("button", name="Delete this client").click()
    expect(clients).to_have_count(1)
    expect(clients.filter(has_text="Fabrikam Ltd")).to_have_count(1)  # the copy
    keys = [key for key in storage(page) if key.startswith("sbskb.v1.client.")]
    assert len(keys) <= 2


def test_hostile_note_stays_text(page: Page):
    tarpit = ChecklistPage(page).open_for_client()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    note = tarpit.item("set-tarpit-delay").get_by_label("Note")
    note.fill(payload)
    note.blur()
    page.reload()
    expect(note).to_have_value(payload)
    assert page.evaluate("window.__pwned === undefined") and dialogs == []
    assert tarpit.item("set-tarpit-delay").locator("img").count() == 0


def test_two_tabs_on_one_client_lose_nothing(page: Page):
    tarpit = ChecklistPage(page).open_for_client()
    other = ChecklistPage(page.context.new_page()).open()
    tarpit.box(DELAY).check()
    # The other tab shows the change without a reload ...
    expect(other.box(DELAY)).to_be_checked()
    # ... and its own change to a different item keeps the first tab's.
    other.box(CONFIRM).check()
    expect(tarpit.box(CONFIRM)).to_be_checked()
    page.reload()
    expect(tarpit.box(DELAY)).to_be_checked()
    expect(tarpit.box(CONFIRM)).to_be_checked()
