"""Issue 21: a revert that restores Microsoft's default only when the technician chose it, per item and client, and
the export format (version 3) that carries that choice, each item field's own change time and the probe's evidence
apart from the note. What a technician sees: the offer and its words, the command it gives, the report's line, the
file, and what an earlier release's note and a newer release's file become."""
from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from macros.render import default_choice_label
from pages import ChecklistPage, ClientsPage, ReportPage, put_stored, storage

DELAY = "set-tarpit-delay"
FILTERING = "enable-recipient-filtering"
REG_QUERY = ("\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SMTPSVC\\Parameters\r\n"
             "    TarpitTime    REG_DWORD    0x3\r\n\r\n")
PROBE_BLOCK = "Outside test by probe.py, 2026-11-30T10:00:00+00:00, of contoso.com:\n- mx.contoso.com (192.0.2.1): PASS"


def test_the_default_is_offered_named_and_only_then_written(page: Page):
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Contoso", "SBS 2003")
    block = tarpit.revert(f"{DELAY}/revert/cmd", "sbs2003")
    choice = block.locator("[data-revert-default]")
    code = tarpit.snippet(f"{DELAY}/revert/cmd", "sbs2003")
    # Nothing recorded: no command, and the offer names the default it would write, word for word as the build does.
    expect(block.locator("pre")).to_be_hidden()
    expect(choice).to_be_visible()
    expect(choice).to_have_text(default_choice_label(["TarpitTime"], ["absent"]))
    expect(choice).to_contain_text("This is not this client's own value")
    box = choice.get_by_role("checkbox")
    expect(box).not_to_be_checked()
    box.check()
    expect(code).to_have_text('reg delete "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SMTPSVC\\Parameters" '
                              "/v TarpitTime /f")
    expect(block.locator("[data-revert-note]")).to_have_text(
        "Restores TarpitTime: absent (the revert deletes it), Microsoft's default, as you chose below: not this "
        "client's own value.")
    expect(block.get_by_role("button", name="Copy to clipboard")).to_have_count(1)
    expect(tarpit.before_row("tarpit-time").locator("[data-restore]")).to_have_text(
        "Not recorded for this client: the revert restores Microsoft's default instead, as chosen at the revert "
        "(not this client's own value).")
    # One choice per item and client: every tab of the item follows it, and it outlives a reload.
    expect(tarpit.snippet(f"{DELAY}/revert/reg", "sbs2003")).to_contain_text('"TarpitTime"=-')
    page.reload()
    tarpit.ready()
    expect(tarpit.revert(f"{DELAY}/revert/reg", "sbs2003").locator("input[data-revert-default-choice]")).to_be_checked()
    expect(choice.get_by_role("checkbox")).to_be_checked()
    expect(tarpit.snippet(f"{DELAY}/revert/reg", "sbs2003")).to_contain_text('"TarpitTime"=-')
    # A recorded value always wins, and then there is nothing to choose.
    tarpit.paste_before("tarpit-time", REG_QUERY)
    expect(code).to_contain_text("/d 3 /f")
    expect(choice).to_be_hidden()
    # Another client has not chosen anything.
    tarpit.create_client("Fabrikam", "SBS 2003")
    expect(choice.get_by_role("checkbox")).not_to_be_checked()
    expect(block.locator("pre")).to_be_hidden()


def test_an_unconfirmed_default_is_never_offered(page: Page):
    filtering = ChecklistPage(page, "recipient-filtering").open()
    filtering.create_client("Contoso", "SBS 2008")
    sbs = filtering.revert(f"{FILTERING}/revert/ems", "sbs2008")
    expect(sbs.locator("[data-revert-note]")).to_contain_text("No revert yet")
    expect(sbs.locator("[data-revert-default]")).to_have_count(0)   # not even hidden in the page
    # Exchange 2013's defaults are confirmed: offered there, both settings named.
    filtering.set_platform("Exchange 2013–SE")
    exchange = filtering.revert(f"{FILTERING}/revert/ems", "exchange2013-se")
    expect(exchange.locator("[data-revert-default]")).to_be_visible()
    expect(exchange.locator("[data-revert-default]")).to_contain_text(
        "(Enabled: True; RecipientValidationEnabled: False)")


def test_the_choice_is_exported_and_reported(page: Page):
    tarpit = ChecklistPage(page).open()
    client_id = tarpit.create_client("Contoso", "SBS 2003")
    tarpit.revert(f"{DELAY}/revert/cmd", "sbs2003").get_by_role("checkbox").check()
    tarpit.box("Set the tar pit delay").check()
    note = tarpit.item(DELAY).locator("[data-note]")
    note.fill("set to 5")
    note.press("Tab")
    report = ReportPage(page).open()
    expect(report.body.locator('tr[data-report-change="tarpit-time"]')).to_contain_text(
        "not recorded; the revert restores Microsoft's default (absent: the revert deletes the value)")
    exported = ClientsPage(page).open().export_all()
    assert exported["version"] == 5   # whose item entries are version 3's, with who made each change
    entry = next(c for c in exported["clients"] if c["id"] == client_id)["items"][DELAY]
    assert set(entry) == {"status", "note", "revertDefault"}
    assert entry["revertDefault"]["value"] is True and entry["status"]["value"] == "done"
    assert entry["note"]["value"] == "set to 5"
    # Each field has its own time: the note was written after the tick.
    assert entry["note"]["changed"] > entry["status"]["changed"] >= entry["revertDefault"]["changed"]


def test_a_newer_status_and_a_newer_note_from_two_browsers_both_survive(page: Page):
    tarpit = ChecklistPage(page).open()
    client_id = tarpit.create_client("Contoso", "SBS 2003")
    note = tarpit.item(DELAY).locator("[data-note]")
    note.fill("written here, later")
    note.press("Tab")
    clients = ClientsPage(page).open()
    # Another technician ticked the item before this note was written, and wrote an older note.
    clients.import_file({"format": "sbskb-progress", "version": 3, "clients": [
        {"id": client_id, "name": {"value": "Contoso"}, "items": {DELAY: {
            "status": {"value": "done", "changed": "2099-01-01T00:00:00Z"},
            "note": {"value": "written there, earlier", "changed": "2000-01-01T00:00:00Z"}}}}]})
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    tarpit = ChecklistPage(page).open()
    expect(tarpit.item(DELAY)).to_have_attribute("data-status", "done")
    expect(tarpit.item(DELAY).locator("[data-note]")).to_have_value("written here, later")


def test_a_note_an_earlier_release_stored_with_probe_evidence_above_it_is_split_on_load(page: Page):
    tarpit = ChecklistPage(page, "smtp-test").open()
    client_id = tarpit.create_client("Contoso", "SBS 2003")
    put_stored(page, f"sbskb.v1.client.{client_id}",
               '{"values": {}, "items": {"test-unknown-recipient": {"status": "done", "note": '
               + json.dumps(PROBE_BLOCK + "\n\nTelnet confirmed too.") + ', "changed": "2026-11-30T10:05:00Z"}}}')
    page.reload()
    tarpit.ready()
    item = tarpit.item("test-unknown-recipient")
    expect(item.locator("[data-note]")).to_have_value("Telnet confirmed too.")
    expect(item.locator("[data-evidence] code")).to_have_text(PROBE_BLOCK)
    expect(item).to_have_attribute("data-status", "done")
    exported = ClientsPage(page).open().export_all()
    entry = next(c for c in exported["clients"] if c["id"] == client_id)["items"]["test-unknown-recipient"]
    assert entry == {"status": {"value": "done", "changed": "2026-11-30T10:05:00Z"},
                     "note": {"value": "Telnet confirmed too.", "changed": "2026-11-30T10:05:00Z"},
                     "evidence": {"value": PROBE_BLOCK, "changed": "2026-11-30T10:05:00Z"}}


def test_a_file_from_a_newer_release_is_refused_in_one_line_and_changes_nothing(page: Page):
    ChecklistPage(page).open().create_client("Contoso", "SBS 2003")
    clients = ClientsPage(page).open()
    before = storage(page)
    clients.import_file({"format": "sbskb-progress", "version": 99, "clients": [
        {"id": "n1", "name": {"value": "Newer"}, "team": {"value": "x"}, "items": {"a": {"by": "anna"}}}]})
    expect(clients.transfer_status).to_have_text(
        "Import refused, nothing was changed: version: made by a newer release of this site; this site reads "
        "version 1, 2, 3, 4 and 5 files")
    assert storage(page) == before
    expect(page.locator("[data-import-preview]")).to_be_hidden()


def test_evidence_is_text_never_markup(page: Page):
    tarpit = ChecklistPage(page, "smtp-test").open()
    client_id = tarpit.create_client("Contoso", "SBS 2003")
    clients = ClientsPage(page).open()
    hostile = "Outside test by probe.py, <img src=x onerror=alert(1)>:\n- <b>mx</b>: PASS"
    clients.import_file({"format": "sbskb-progress", "version": 3, "clients": [
        {"id": client_id, "name": {"value": "Contoso"}, "items": {"test-unknown-recipient": {
            "evidence": {"value": hostile, "changed": "2026-12-01T00:00:00Z"}}}}]})
    clients.merge()
    tarpit = ChecklistPage(page, "smtp-test").open()
    evidence = tarpit.item("test-unknown-recipient").locator("[data-evidence]")
    expect(evidence.locator("code")).to_have_text(hostile)
    expect(evidence.locator("img, b")).to_have_count(0)
    assert re.search(r"&lt;img", evidence.inner_html())


def test_evidence_past_its_limit_drops_the_oldest_paragraphs_and_says_so_first(page: Page):
    client_id = ChecklistPage(page, "smtp-test").open().create_client("Contoso", "SBS 2003")
    clients = ClientsPage(page).open()

    def file(text: str, changed: str) -> dict:
        return {"format": "sbskb-progress", "version": 3, "clients": [{"id": client_id, "name": {"value": "Contoso"},
                "items": {"test-unknown-recipient": {"evidence": {"value": text, "changed": changed}}}}]}

    old = ["Outside test by probe.py, 1:" + "a" * 6_000, "Outside test by probe.py, 2:" + "b" * 6_000]
    clients.import_file(file("\n\n".join(old), "2026-12-01T00:00:00Z"))
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    new = "Outside test by probe.py, 3:" + "c" * 9_000
    clients.import_file(file(new, "2026-12-02T00:00:00Z"))
    # Said before anything is merged: which item, how much, and how to keep a copy.
    expect(page.locator("[data-import-summary]")).to_contain_text(
        "A merge keeps each item's evidence within 20000 characters, so it drops the oldest evidence of Contoso: "
        "test-unknown-recipient (1 older paragraph); export first to keep a copy.")
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    evidence = ChecklistPage(page, "smtp-test").open().item("test-unknown-recipient").locator("[data-evidence] code")
    expect(evidence).to_have_text(new + "\n\n" + old[0])
    # What it now holds is a file this site imports again.
    exported = ClientsPage(page).open().export_all()
    entry = next(c for c in exported["clients"] if c["id"] == client_id)["items"]["test-unknown-recipient"]
    assert len(entry["evidence"]["value"]) <= 20_000


def test_a_chosen_default_is_claimed_only_where_this_platform_has_one(page: Page):
    """The choice made on the Exchange 2013 tab (or brought by a file) claims nothing on SBS 2008, whose defaults are
    unconfirmed: no revert there, and the line under the field says so."""
    filtering = ChecklistPage(page, "recipient-filtering").open()
    client_id = filtering.create_client("Contoso", "Exchange 2013–SE")
    exchange = filtering.revert(f"{FILTERING}/revert/ems", "exchange2013-se")
    exchange.get_by_role("checkbox").check()
    expect(exchange.locator("code")).to_have_text("Set-RecipientFilterConfig -Enabled $true "
                                                  "-RecipientValidationEnabled $false")
    restore_line = filtering.before_row("recipient-filter-enabled").locator("[data-restore]")
    expect(restore_line).to_contain_text("the revert restores Microsoft's default instead")
    filtering.set_platform("SBS 2008")
    expect(filtering.revert(f"{FILTERING}/revert/ems", "sbs2008").locator("pre")).to_be_hidden()
    expect(restore_line).to_have_text("Not recorded for this client yet: there is no revert until you record it (a "
                                      "default would overwrite whatever this server had).")
    assert client_id
