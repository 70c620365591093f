"""Issue 22: the technician's flow without traps. A first visit creates no client; nothing is lost by one click (a
Replace or a Delete says what goes, and Undo puts it back, even after a reload); Copy copies what the screen shows
once every pending edit is in; a pasted check output is never thrown away."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pages import ChecklistPage, ClientsPage, storage

pytestmark = pytest.mark.e2e
DELAY = "set-tarpit-delay"


def test_a_first_visit_creates_no_client_and_says_to_create_one(page: Page):
    tarpit = ChecklistPage(page).open()
    expect(tarpit.client_picker.locator("option")).to_have_count(0)
    # The commands show the defaults; the fields that belong to a client are disabled and say why.
    expect(tarpit.snippet(f"{DELAY}/apply/cmd", "sbs2003")).to_contain_text("/d 5 /f")
    expect(tarpit.field(DELAY, "tarpit_seconds", "sbs2003")).to_be_disabled()
    expect(tarpit.before("tarpit-time")).to_be_disabled()
    expect(tarpit.box("Set the tar pit delay")).to_be_disabled()
    hint = tarpit.item(DELAY).locator("[data-no-client-hint]")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("Create a client first")
    expect(page.locator("[data-no-client]")).to_be_visible()
    assert not [key for key in storage(page) if ".client" in key]   # no client written by looking
    # Its button opens the New client form; once created, everything works.
    hint.get_by_role("button", name="Create a client first").click()
    form = page.locator("[data-client-form]")
    expect(form).to_be_visible()
    expect(form.get_by_label("Client name")).to_be_focused()
    form.get_by_label("Client name").fill("Contoso")
    form.get_by_role("button", name="Create").click()
    expect(tarpit.field(DELAY, "tarpit_seconds", "sbs2003")).to_be_enabled()
    expect(hint).to_be_hidden()
    tarpit.box("Set the tar pit delay").check()
    exported = ClientsPage(page).open().export_all()
    assert [client["name"]["value"] for client in exported["clients"]] == ["Contoso"]


def test_an_export_of_a_first_visit_holds_no_client(page: Page):
    ChecklistPage(page).open()
    assert ClientsPage(page).open().export_all()["clients"] == []


def _client_keys(page: Page) -> dict:
    """What the site stores about clients: the list, the current one and every client's state."""
    return {key: value for key, value in storage(page).items()
            if key.startswith(("sbskb.v1.client", "sbskb.v1.current"))}


def test_replace_names_what_it_removes_asks_first_and_undo_puts_back_exactly(page: Page):
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Contoso", "SBS 2003")
    tarpit.box("Set the tar pit delay").check()
    fabrikam = tarpit.create_client("Fabrikam", "SBS 2011")
    note = tarpit.item(DELAY).locator("[data-note]")
    note.fill("waiting for the change window")
    note.press("Tab")
    clients = ClientsPage(page).open()
    kept = _client_keys(page)
    clients.import_file({"format": "sbskb-progress", "version": 3, "clients": [
        {"id": fabrikam, "name": {"value": "Fabrikam"}},
        {"id": "north1", "name": {"value": "Northwind"}}]})
    page.get_by_role("button", name="Replace all clients with the file").click()
    dialog = page.locator("[data-replace-dialog]")
    expect(dialog).to_be_visible()
    expect(dialog.locator("li")).to_have_text([
        "\u201cContoso\u201d is removed: 1 item settled, 0 notes, 0 values before a change.",
        "\u201cFabrikam\u201d is overwritten by the file's copy: 0 items settled, 1 note, 0 values before a change "
        "here; the file's copy has 0 items settled, 0 notes, 0 values before a change."])
    expect(dialog.get_by_role("button", name="Keep them")).to_be_focused()
    dialog.get_by_role("button", name="Keep them").click()
    expect(dialog).to_be_hidden()
    assert _client_keys(page) == kept          # asking changed nothing
    page.get_by_role("button", name="Replace all clients with the file").click()
    dialog.get_by_role("button", name="Replace them").click()
    expect(clients.transfer_status).to_have_text("Imported.")
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(clients.row("Contoso")).to_have_count(0)
    # Undo is offered, still after a reload, and puts back exactly what was stored.
    page.reload()
    undo = page.locator("[data-undo]")
    expect(undo).to_contain_text("Replaced 2 clients with the file's 2")
    undo.get_by_role("button", name="Undo").click()
    expect(clients.transfer_status).to_contain_text("Undone")
    expect(undo).to_be_hidden()
    expect(clients.row("Contoso")).to_be_visible()
    assert _client_keys(page) == kept
    tarpit = ChecklistPage(page).open()
    tarpit.choose_client("Contoso")
    expect(tarpit.box("Set the tar pit delay")).to_be_checked()


def test_a_file_of_probe_evidence_can_only_be_merged(page: Page):
    client_id = ChecklistPage(page, "smtp-test").open().create_client("Contoso", "SBS 2011")
    clients = ClientsPage(page).open()
    clients.import_file({"format": "sbskb-progress", "version": 3, "clients": [
        {"id": client_id, "name": {"value": "Contoso"}, "items": {"test-unknown-recipient": {
            "evidence": {"value": "Outside test by probe.py, x:\n- mx: PASS", "changed": "2026-12-05T00:00:00Z"},
            "status": {"value": "done", "changed": "2026-12-05T00:00:00Z"}}}}]})
    expect(page.locator("[data-import-summary]")).to_contain_text("it can only be merged")
    expect(page.get_by_role("button", name="Replace all clients with the file")).to_be_hidden()
    expect(page.get_by_role("button", name="Merge (newest change wins)")).to_be_visible()


def test_delete_says_what_goes_and_undo_puts_the_client_back_after_a_reload(page: Page):
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Contoso", "SBS 2003")
    tarpit.box("Set the tar pit delay").check()
    tarpit.record_before("tarpit-time", "3")
    kept = _client_keys(page)
    page.get_by_role("button", name="Delete…").click()
    expect(page.locator("[data-client-delete-text]")).to_contain_text(
        "(1 item settled, 0 notes, 1 value before a change)")
    page.get_by_role("button", name="Delete this client").click()
    expect(tarpit.client_picker.locator("option")).to_have_count(0)
    page.reload()
    tarpit.ready()
    undo = page.locator("[data-undo]")
    expect(undo).to_contain_text("Deleted \u201cContoso\u201d, with 1 item settled, 0 notes, 1 value before a change")
    undo.get_by_role("button", name="Undo").click()
    expect(tarpit.client_picker.locator("option:checked")).to_have_text("Contoso")
    expect(tarpit.box("Set the tar pit delay")).to_be_checked()
    expect(tarpit.before("tarpit-time")).to_have_value("3")
    assert _client_keys(page) == kept


REVERT_3 = ('reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SMTPSVC\\Parameters" /v TarpitTime /t REG_DWORD '
            "/d 3 /f")


def test_copy_right_after_typing_copies_the_command_on_screen_and_says_so(page: Page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Contoso", "SBS 2003")
    tarpit.record_before("tarpit-time", "5")
    page.evaluate("navigator.clipboard.writeText('an old command')")
    # Typed, not yet left: then straight to the revert's copy button, no pause, as a technician does.
    tarpit.before("tarpit-time").fill("3")
    block = page.locator('[data-variant~="sbs2003"] [data-snippet="set-tarpit-delay/revert/cmd"]')
    block.get_by_role("button", name="Copy to clipboard").click()
    expect(block.locator("[data-copy-status]")).to_have_text("Copied: reg add \u2026 /d 3 /f")
    assert page.evaluate("navigator.clipboard.readText()") == REVERT_3
    expect(block.locator("code")).to_have_text(REVERT_3)
    expect(tarpit.before("tarpit-time")).to_have_value("3")   # and the value is recorded


def test_copy_from_the_keyboard_copies_and_a_refused_clipboard_is_said(page: Page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Contoso", "SBS 2003")
    block = page.locator('[data-variant~="sbs2003"] [data-snippet="set-tarpit-delay/apply/cmd"]')
    block.get_by_role("button", name="Copy to clipboard").focus()
    page.keyboard.press("Enter")
    expect(block.locator("[data-copy-status]")).to_contain_text("Copied: reg add")
    assert page.evaluate("navigator.clipboard.readText()") == block.locator("code").text_content()
    # A browser that refuses the clipboard: the page says the clipboard still holds what it held.
    page.evaluate("() => { navigator.clipboard.writeText = () => "
                  "Promise.reject(new DOMException('no', 'NotAllowedError')); }")
    page.keyboard.press("Enter")
    expect(block.locator("[data-copy-status]")).to_contain_text("Not copied: this browser refused the clipboard")


FORMAT_LIST = ("\r\nIdentity        : SBS01\\Default SBS01\r\nTarpitInterval  : 00:00:05\r\n\r\n")


def test_a_paste_that_names_its_connector_fills_the_connector_and_is_recorded(page: Page):
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Contoso", "SBS 2011")
    connector = tarpit.field(DELAY, "receive_connector", "sbs2011")
    expect(connector).to_have_value("SERVER\\Connector name")   # the default: this client has named none
    tarpit.paste_before("tarpit-interval", FORMAT_LIST)
    expect(connector).to_have_value("SBS01\\Default SBS01")
    expect(tarpit.before("tarpit-interval")).to_have_value("00:00:05")
    expect(tarpit.revert(f"{DELAY}/revert/ems", "sbs2011").locator("code")).to_contain_text(
        "-Identity 'SBS01\\Default SBS01' -TarpitInterval '00:00:05'")


def test_a_paste_that_cannot_be_recorded_yet_is_kept_and_recorded_once_the_connector_is_named(page: Page):
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Contoso", "SBS 2011")
    two = FORMAT_LIST + "Identity        : SBS01\\Relay\r\nTarpitInterval  : 00:00:00\r\n\r\n"
    tarpit.paste_before("tarpit-interval", two)
    message = tarpit.before_message("tarpit-interval")
    expect(message).to_contain_text("the paste shows 2 connectors (SBS01\\Default SBS01, SBS01\\Relay)")
    expect(message).to_contain_text("What you pasted is kept")
    expect(tarpit.before("tarpit-interval")).not_to_have_value("")   # the paste is in the field
    connector = tarpit.field(DELAY, "receive_connector", "sbs2011")
    connector.fill("SBS01\\Re")   # half typed: nothing is taken for the connector yet, the paste stays in view
    expect(message).to_contain_text("What you pasted is kept")
    connector.fill("SBS01\\Relay")
    connector.press("Tab")           # left with the whole name: the kept paste is recorded for it
    expect(tarpit.before("tarpit-interval")).to_have_value("00:00:00")
    expect(message).to_have_text("")


def test_a_typed_value_that_is_refused_stays_in_the_field(page: Page):
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Contoso", "SBS 2003")
    tarpit.record_before("tarpit-time", "five seconds")
    expect(tarpit.before("tarpit-time")).to_have_value("five seconds")
    expect(tarpit.before_message("tarpit-time")).to_contain_text("Not recorded")


def test_undo_is_not_offered_once_later_work_would_be_lost(page: Page):
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Contoso", "SBS 2003")
    page.get_by_role("button", name="Delete…").click()
    page.get_by_role("button", name="Delete this client").click()
    undo = page.locator("[data-undo]")
    expect(undo).to_be_visible()
    # A client made since: putting back the old list would drop it, so Undo is no longer offered.
    tarpit.create_client("Fabrikam", "SBS 2011")
    page.reload()
    tarpit.ready()
    expect(undo).to_be_hidden()
    expect(tarpit.client_picker.locator("option")).to_have_text(["Fabrikam"])
