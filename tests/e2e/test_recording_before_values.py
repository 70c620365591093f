"""Values recorded before a change, per client, in Chromium: typed, pasted from a check's output, refused, and the
reverts they write; across a reload, two tabs, export and import (version 2, and a version 1 file)."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from macros.loader import load_catalog
from pages import ChecklistPage, ClientsPage, ReportPage, storage
from support import RECORDED_EXAMPLES, ROOT

pytestmark = pytest.mark.e2e
CATALOG = load_catalog(ROOT)
DELAY = "set-tarpit-delay"
FILTERING = "enable-recipient-filtering"
REG_QUERY = ("\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SMTPSVC\\Parameters\r\n"
             "    TarpitTime    REG_DWORD    0x3\r\n\r\n")
REG_MISSING = "ERROR: The system was unable to find the specified registry key or value.\r\n"
CONNECTORS = ("\r\nIdentity         : SBS01\\Default SBS01\r\nBindings         : {0.0.0.0:25}\r\n"
              "TarpitInterval   : 00:00:05\r\n\r\nIdentity         : SBS01\\Windows SBS Internet Receive\r\n"
              "                   SBS01\r\nBindings         : {0.0.0.0:25}\r\nTarpitInterval   : 00:00:10\r\n\r\n")
INTERNET = "SBS01\\Windows SBS Internet Receive SBS01"


def _tarpit(page: Page, platform: str) -> ChecklistPage:
    tarpit = ChecklistPage(page).open_for_client()
    tarpit.set_platform(platform)
    return tarpit


def test_a_pasted_reg_query_restores_that_value_and_absent_deletes(page: Page):
    tarpit = _tarpit(page, "SBS 2003")
    revert = tarpit.snippet(f"{DELAY}/revert/cmd", "sbs2003")
    block = tarpit.revert(f"{DELAY}/revert/cmd", "sbs2003")
    # Nothing recorded: no revert to run, not even the default (corrections-2 §16), and no copy button; the page
    # says what to record and that the check prints it.
    expect(block.locator("pre")).to_be_hidden()
    expect(revert).to_have_text("")
    expect(block.get_by_role("button", name="Copy to clipboard")).to_have_count(0)
    expect(block.locator("[data-revert-note]")).to_have_text(
        "No revert yet: record TarpitTime above before you apply; the check prints it. Without a recorded value "
        "there is nothing safe to run: a default would overwrite whatever this server had.")
    expect(tarpit.before_row("tarpit-time").locator("[data-restore]")).to_contain_text("there is no revert until")
    tarpit.paste_before("tarpit-time", REG_QUERY)
    expect(tarpit.before("tarpit-time")).to_have_value("3")
    expect(revert).to_have_text('reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SMTPSVC\\Parameters" '
                                "/v TarpitTime /t REG_DWORD /d 3 /f")
    expect(tarpit.snippet(f"{DELAY}/revert/reg", "sbs2003")).to_contain_text('"TarpitTime"=dword:00000003')
    expect(tarpit.revert(f"{DELAY}/revert/cmd", "sbs2003").locator("[data-revert-note]")).to_have_text(
        "Restores TarpitTime: 3, as recorded for this client.")
    tarpit.paste_before("tarpit-time", REG_MISSING)
    expect(tarpit.before("tarpit-time")).to_have_value("absent")
    expect(revert).to_contain_text("reg delete")
    expect(tarpit.snippet(f"{DELAY}/revert/reg", "sbs2003")).to_contain_text('"TarpitTime"=-')


def test_the_value_survives_a_reload_and_shows_in_another_tab(page: Page):
    tarpit = _tarpit(page, "SBS 2003")
    other = ChecklistPage(page.context.new_page()).open()
    tarpit.record_before("tarpit-time", "0x1e")
    expect(tarpit.before("tarpit-time")).to_have_value("30")
    expect(other.before("tarpit-time")).to_have_value("30")
    expect(other.snippet(f"{DELAY}/revert/cmd", "sbs2003")).to_contain_text("/d 30 /f")
    page.reload()
    expect(tarpit.before("tarpit-time")).to_have_value("30")
    expect(tarpit.snippet(f"{DELAY}/revert/cmd", "sbs2003")).to_contain_text("/d 30 /f")


@pytest.mark.parametrize("text", ["5 & reg delete HKLM\\SYSTEM /f", "<img src=x onerror=alert(1)>", "-1",
                                  "4294967296", "\u0000"])
def test_hostile_or_impossible_text_is_refused_and_changes_nothing(page: Page, text: str):
    tarpit = _tarpit(page, "SBS 2003")
    tarpit.record_before("tarpit-time", "7")
    stored = storage(page)
    tarpit.record_before("tarpit-time", text)
    expect(tarpit.before("tarpit-time")).to_have_attribute("aria-invalid", "true")
    expect(tarpit.before_message("tarpit-time")).to_contain_text("Not recorded:")
    expect(tarpit.before_message("tarpit-time")).to_contain_text("Still recorded: 7.")
    assert storage(page) == stored
    expect(tarpit.snippet(f"{DELAY}/revert/cmd", "sbs2003")).to_contain_text("/d 7 /f")
    assert page.locator("img[src=x]").count() == 0


def test_a_value_equal_to_the_apply_is_warned_about(page: Page):
    tarpit = _tarpit(page, "SBS 2003")
    tarpit.record_before("tarpit-time", "5")   # the apply's default delay: the check was run after the apply
    expect(tarpit.before_message("tarpit-time")).to_contain_text("This is the value the apply sets (5)")
    tarpit.field(DELAY, "tarpit_seconds", "sbs2003").fill("9")
    tarpit.record_before("tarpit-time", "5")
    expect(tarpit.before_message("tarpit-time")).to_have_text("")


def test_the_connector_value_belongs_to_the_named_connector(page: Page):
    tarpit = _tarpit(page, "SBS 2011")
    tarpit.paste_before("tarpit-interval", CONNECTORS)
    # Several connectors in the paste: the page asks which, and keeps the paste until it is told.
    expect(tarpit.before_message("tarpit-interval")).to_contain_text("enter the one the commands are for")
    expect(tarpit.before_message("tarpit-interval")).to_contain_text("What you pasted is kept")
    expect(tarpit.before("tarpit-interval")).not_to_have_value("")
    tarpit.field(DELAY, "receive_connector", "sbs2011").fill(INTERNET)
    tarpit.field(DELAY, "receive_connector", "sbs2011").press("Tab")
    expect(tarpit.before("tarpit-interval")).to_have_value("00:00:10")   # the kept paste, recorded now
    tarpit.paste_before("tarpit-interval", CONNECTORS)   # the wrapped Identity is that connector's
    expect(tarpit.before("tarpit-interval")).to_have_value("00:00:10")
    revert = tarpit.snippet(f"{DELAY}/revert/ems", "sbs2011")
    expect(revert).to_have_text(f"Set-ReceiveConnector -Identity '{INTERNET}' -TarpitInterval '00:00:10'")
    # Another connector named: the recorded value is not used until the technician answers, and no default stands
    # in for it meanwhile.
    tarpit.field(DELAY, "receive_connector", "sbs2011").fill("SBS01\\Default SBS01")
    confirm = tarpit.before_row("tarpit-interval").locator("[data-before-confirm]")
    expect(confirm).to_be_visible()
    block = tarpit.revert(f"{DELAY}/revert/ems", "sbs2011")
    expect(block.locator("pre")).to_be_hidden()
    expect(block.locator("[data-revert-note]")).to_contain_text("was read from another connector")
    confirm.get_by_role("button", name="Keep it for this connector").click()
    expect(revert).to_have_text("Set-ReceiveConnector -Identity 'SBS01\\Default SBS01' -TarpitInterval '00:00:10'")
    tarpit.field(DELAY, "receive_connector", "sbs2011").fill(INTERNET)
    expect(confirm).to_be_visible()
    confirm.get_by_role("button", name="Clear it").click()
    expect(confirm).to_be_hidden()
    expect(tarpit.before("tarpit-interval")).to_have_value("")
    tarpit.field(DELAY, "receive_connector", "sbs2011").fill("SBS01\\Default SBS01")
    expect(confirm).to_be_hidden()   # cleared is cleared, for every connector
    expect(block.locator("pre")).to_be_hidden()
    expect(block.locator("[data-revert-note]")).to_contain_text("No revert yet: record TarpitInterval above")


def test_an_unconfirmed_default_gives_no_revert_until_recorded(page: Page):
    filtering = ChecklistPage(page, "recipient-filtering").open_for_client()
    filtering.set_platform("SBS 2008")
    revert = filtering.revert(f"{FILTERING}/revert/ems", "sbs2008")
    expect(revert.locator("pre")).to_be_hidden()
    expect(revert.locator("[data-revert-note]")).to_contain_text("No revert yet: record Enabled, "
                                                                 "RecipientValidationEnabled")
    output = "\r\nEnabled                    : True\r\nRecipientValidationEnabled : False\r\n\r\n"
    filtering.paste_before("recipient-filter-enabled", output)
    filtering.paste_before("recipient-validation-enabled", output)
    expect(revert.locator("code")).to_have_text("Set-RecipientFilterConfig -Enabled $true "
                                                "-RecipientValidationEnabled $false")
    # A box is chosen, not typed, and appears only for the platform that has it.
    expect(filtering.before_row("apply-recipient-filter")).to_be_hidden()
    filtering.set_platform("SBS 2003")
    filtering.before("apply-recipient-filter").select_option(label="Not ticked")
    expect(filtering.before_row("apply-recipient-filter").locator("[data-restore]")).to_have_text(
        "Recorded: not ticked. To revert, put the box back that way.")


def test_export_round_trip_and_v1_and_v2_files_still_import(page: Page, tmp_path):
    tarpit = _tarpit(page, "SBS 2003")
    tarpit.paste_before("tarpit-time", REG_QUERY)
    clients = ClientsPage(page).open()
    exported = clients.export_all()
    client = exported["clients"][0]
    assert exported["version"] == 5
    assert client["before"]["tarpit-time"]["value"] == "3" and client["before"]["tarpit-time"]["changed"]
    assert client["platform"]["value"] == "sbs2003" and client["platform"]["changed"]
    # Changed here after the export, then the older file merged in: the newer value here stays, field by field.
    tarpit = ChecklistPage(page).open_for_client()
    tarpit.record_before("tarpit-time", "absent")
    clients = ClientsPage(page).open()
    clients.import_file(exported)
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    tarpit = ChecklistPage(page).open()
    expect(tarpit.before("tarpit-time")).to_have_value("absent")
    # A newer change in the file wins.
    newer = json.loads(json.dumps(exported))
    newer["clients"][0]["before"]["tarpit-time"] = {"value": "12", "changed": "2099-01-01T00:00:00Z"}
    clients = ClientsPage(page).open()
    clients.import_file(newer)
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    expect(ChecklistPage(page).open().before("tarpit-time")).to_have_value("12")
    # A version 1 file from an earlier release imports, as a new client.
    version_1 = {"format": "sbskb-progress", "version": 1, "clients": [
        {"id": "old1", "name": "From version 1", "platform": "sbs2003", "values": {"tarpit_seconds": "8"},
         "items": {DELAY: {"status": "done", "changed": "2026-11-01T00:00:00Z"}}}]}
    clients = ClientsPage(page).open()
    clients.import_file(version_1)
    clients.merge()
    expect(clients.row("From version 1")).to_be_visible()
    tarpit = ChecklistPage(page).open()
    tarpit.choose_client("From version 1")
    expect(tarpit.snippet(f"{DELAY}/apply/cmd", "sbs2003")).to_contain_text("/d 8 /f")
    expect(tarpit.before("tarpit-time")).to_have_value("")
    expect(tarpit.item(DELAY)).to_have_attribute("data-status", "done")
    # And a version 2 file: one change time for the whole entry, read as the time of its status and its note.
    version_2 = {"format": "sbskb-progress", "version": 2, "clients": [
        {"id": "old2", "name": {"value": "From version 2"}, "platform": {"value": "sbs2003"},
         "items": {DELAY: {"status": "deferred", "note": "after SP1", "changed": "2026-11-02T00:00:00Z"}}}]}
    clients = ClientsPage(page).open()
    clients.import_file(version_2)
    clients.merge()
    tarpit = ChecklistPage(page).open()
    tarpit.choose_client("From version 2")
    expect(tarpit.item(DELAY)).to_have_attribute("data-status", "deferred")
    expect(tarpit.item(DELAY).locator("[data-note]")).to_have_value("after SP1")


def test_a_refused_before_value_in_a_file_changes_nothing(page: Page):
    _tarpit(page, "SBS 2003").record_before("tarpit-time", "3")
    clients = ClientsPage(page).open()
    stored = storage(page)
    bad = {"format": "sbskb-progress", "version": 2, "clients": [
        {"id": "x1", "name": {"value": "X"}, "before": {"tarpit-time": {"value": "3 & del /q C:\\"}}}]}
    clients.import_file(bad)
    expect(clients.transfer_status).to_contain_text("clients[0].before.tarpit-time.value: expected a recorded value")
    assert storage(page) == stored


def test_the_report_and_the_values_view_show_before_and_after(page: Page):
    _tarpit(page, "SBS 2003").paste_before("tarpit-time", REG_MISSING)
    report = ReportPage(page).open()
    row = report.body.locator('tr[data-report-change="tarpit-time"]')
    expect(row).to_have_text("Set the tar pit delayTarpitTimeabsentnot applied: the item is not done")
    clients = ClientsPage(page).open()
    box = clients.values_of("Client 1")
    field = box.get_by_label("TarpitTime (registry value under HKLM\\SYSTEM\\CurrentControlSet\\Services\\SMTPSVC"
                             "\\Parameters)")
    expect(field).to_have_value("absent")
    field.fill("0x10")
    field.press("Tab")
    expect(field).to_have_value("16")
    expect(ChecklistPage(page).open_for_client().before("tarpit-time")).to_have_value("16")


SETTINGS = [(checklist, item, setting) for checklist in CATALOG.checklists for item in checklist.items
            for setting in item.settings]


@pytest.mark.parametrize("checklist, item, setting", SETTINGS, ids=[s.id for _, _, s in SETTINGS])
def test_every_before_field_records_a_value_and_refuses_hostile_text(page: Page, checklist, item, setting):
    platform_id = setting.defaults[0][0]
    page_object = ChecklistPage(page, checklist.id).open_for_client()
    page_object.set_platform(CATALOG.platform(platform_id).short_name)
    field = page_object.before(setting.id)
    expect(field).to_be_visible()
    if setting.object:   # a value before the change belongs to the connector named
        page_object.field(item.id, setting.object, platform_id).fill(INTERNET)
    value = RECORDED_EXAMPLES[setting.type]
    if setting.type == "box":
        field.select_option(value)
    else:
        page_object.record_before(setting.id, value)
    expect(field).to_have_value(value)
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(page_object.before_row(setting.id).locator("[data-restore]")).to_contain_text(f"Recorded: {value}")
    stored = storage(page)
    if setting.type != "box":
        page_object.record_before(setting.id, "<script>alert(1)</script>")
        expect(field).to_have_attribute("aria-invalid", "true")
        assert storage(page) == stored
    page.reload()
    expect(page_object.before(setting.id)).to_have_value(value)
