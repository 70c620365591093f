"""Export version 5 through the Clients page: who made each change, a field's competing versions and the tombstones
of deleted clients come in with an import, are kept in storage and leave again with an export, nothing lost; the
import's "newer change wins" never drops a conflict; a tombstone in a file never deletes a client here, and the
preview says so. Each change made here carries the technician's name, asked before the first export; a Delete leaves
a tombstone that its Undo takes back."""
from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest
from playwright.sync_api import Page, expect

from macros.progress_file import export_problems
from pages import TECHNICIAN, ChecklistPage, ClientsPage, ReportPage, axe_check, storage
from support import EXPORT_VECTORS, ROOT

pytestmark = pytest.mark.e2e
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "progress-v5.schema.json").read_text(encoding="utf-8"))
FULL = next(v for v in EXPORT_VECTORS["export"] if v["name"].startswith("version 5: who made each change"))["file"]
ANNA, BEN = "Anna Berg", "Ben Ode"


def _meaning(file: dict) -> dict:
    """What a file says, without what only its writing adds: when it was exported, an empty platform, empty maps."""
    clients = []
    for client in file["clients"]:
        kept = {key: value for key, value in client.items() if value != {}}
        if kept.get("platform") == {"value": ""}:
            del kept["platform"]
        clients.append(kept)
    return {"clients": sorted(clients, key=lambda client: client["id"]), "deleted": file.get("deleted", [])}


def _note(client_id: str, note: dict) -> dict:
    return {"format": "sbskb-progress", "version": 5, "clients": [
        {"id": client_id, "name": {"value": "Contoso", "changed": "2026-12-06T09:00:00Z", "by": ANNA},
         "items": {"set-tarpit-delay": {"note": note}}}]}


def _stored_note(page: Page, client_id: str) -> dict:
    return json.loads(storage(page)[f"sbskb.v1.client.{client_id}"])["items"]["set-tarpit-delay"]["note"]


def test_a_version_5_file_imported_and_exported_again_loses_nothing(page: Page):
    clients = ClientsPage(page).open()
    clients.import_file(FULL)
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    stored = storage(page)
    # Stored beside what readers before version 5 read: the list's names and the values keep their shapes.
    listed = {client["id"]: client for client in json.loads(stored["sbskb.v1.clients"])}
    assert listed["t1"]["name"] == "Contoso" and listed["t1"]["by"] == {"name": ANNA, "platform": ANNA}
    state = json.loads(stored["sbskb.v1.client.t1"])
    assert state["values"] == {"tarpit_seconds": "8"} and state["valueBy"] == {"tarpit_seconds": BEN}
    assert state["valueConflict"]["tarpit_seconds"] == FULL["clients"][0]["values"]["tarpit_seconds"]["conflict"]
    assert json.loads(stored["sbskb.v1.deleted"]) == FULL["deleted"]
    exported = clients.export_all()
    assert exported["version"] == 5
    jsonschema.validate(exported, SCHEMA)
    assert export_problems(exported, EXPORT_VECTORS["platforms"]) == []
    assert _meaning(exported) == _meaning(FULL)
    # The client the file lists as deleted and as changed is a deletion conflict: both are kept.
    expect(clients.row("Fabrikam")).to_be_visible()


def test_an_import_never_drops_a_fields_conflict(page: Page):
    clients = ClientsPage(page).open()
    conflict = [{"value": "set to 5", "changed": "2026-12-06T10:00:00Z", "by": ANNA},
                {"value": "set to 8", "changed": "2026-12-06T11:00:00Z", "by": BEN}]
    in_conflict = {"value": "set to 8", "changed": "2026-12-06T11:00:00Z", "by": BEN, "conflict": conflict}
    clients.import_file(_note("c1", in_conflict))
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    assert _stored_note(page, "c1") == in_conflict
    # An older change loses, and the stored field keeps its conflict; so does the same value without one.
    for note in ({"value": "set to 9", "changed": "2026-12-06T08:00:00Z", "by": BEN},
                 {"value": "set to 8", "changed": "2026-12-07T08:00:00Z", "by": ANNA}):
        clients.import_file(_note("c1", note))
        clients.merge()
        expect(clients.transfer_status).to_have_text("Imported.")
        assert _stored_note(page, "c1") == in_conflict
    # A newer field with a conflict of its own wins, and its conflict comes along.
    newer = copy.deepcopy(in_conflict) | {"value": "set to 10", "changed": "2026-12-08T00:00:00Z", "by": ANNA}
    newer["conflict"] = conflict + [{"value": "set to 10", "changed": "2026-12-08T00:00:00Z", "by": ANNA}]
    clients.import_file(_note("c1", newer))
    expect(page.locator("[data-import-summary]")).to_contain_text("1 field(s) newer in the file")
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    assert _stored_note(page, "c1") == newer
    exported = clients.export_all()
    assert exported["clients"][0]["items"]["set-tarpit-delay"]["note"] == newer
    assert export_problems(exported, EXPORT_VECTORS["platforms"]) == []


def test_a_tombstone_in_a_file_keeps_the_client_here_and_the_preview_says_so(page: Page):
    clients = ClientsPage(page).open()
    clients.import_file(_note("c1", {"value": "set", "changed": "2026-12-06T10:00:00Z"}))
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    deletion = {"format": "sbskb-progress", "version": 5, "clients": [],
                "deleted": [{"id": "c1", "changed": "2026-12-07T00:00:00Z", "by": BEN},
                            {"id": "gone1", "changed": "2026-12-07T00:00:00Z"}]}
    clients.import_file(deletion)
    expect(page.locator("[data-import-summary]")).to_contain_text(
        "The file says 1 client(s) here were deleted elsewhere (Contoso): they are kept here, with that deletion "
        "beside them.")
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    expect(clients.row("Contoso")).to_be_visible()
    # Both tombstones are kept, and an older one for the same client never replaces the later.
    deletion["deleted"] = [{"id": "c1", "changed": "2026-12-01T00:00:00Z", "by": ANNA}]
    clients.import_file(deletion)
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    exported = clients.export_all()
    assert exported["deleted"] == [{"id": "c1", "changed": "2026-12-07T00:00:00Z", "by": BEN},
                                   {"id": "gone1", "changed": "2026-12-07T00:00:00Z"}]
    assert [client["id"] for client in exported["clients"]] == ["c1"]
    # An export of one client carries no tombstones: they are not that client's.
    assert "deleted" not in clients.export_client("Contoso")


def test_the_first_export_asks_for_the_name_and_waits_for_it(page: Page):
    checklist = ChecklistPage(page).open()
    checklist.create_client("Contoso", "SBS 2003")
    checklist.box("Set the tar pit delay").check()
    clients = ClientsPage(page).open()
    export = page.get_by_role("button", name="Export all clients")
    export.focus()
    page.keyboard.press("Enter")
    # The form opens in the export panel with the focus in its labelled field; nothing is downloaded yet.
    expect(clients.name_field).to_be_focused()
    expect(clients.name_field).to_have_accessible_description(
        re.compile("carry, with each change, the name of who made it"))
    results = axe_check(page)
    assert results.violations_count == 0, results.generate_report()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Cancel", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(clients.name_field).to_be_hidden()
    expect(export).to_be_focused()
    expect(clients.transfer_status).to_contain_text("Not exported")
    assert "sbskb.v1.technician" not in storage(page)
    # From the keyboard: Enter on Export, the name typed, Enter saves it and the export goes on.
    with page.expect_download() as download:
        page.keyboard.press("Enter")
        expect(clients.name_field).to_be_focused()
        page.keyboard.type("  Anna \t Berg ")
        page.keyboard.press("Enter")
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert json.loads(storage(page)["sbskb.v1.technician"]) == ANNA
    expect(clients.name_field).to_be_hidden()
    # A change made before the name was set carries none; the next export asks no more.
    ticked = exported["clients"][0]["items"]["set-tarpit-delay"]["status"]
    assert ticked["value"] == "done" and "by" not in ticked
    with page.expect_download():
        export.click()
    expect(clients.name_field).to_be_hidden()
    # The report page shows the same name, kept under the same key.
    expect(ReportPage(page).open().page.locator("input[data-technician]")).to_have_value(ANNA)


def test_every_change_made_here_carries_the_technicians_name_and_a_delete_leaves_a_tombstone(page: Page):
    checklist = ChecklistPage(page).open()
    checklist.create_client("Fabrikam", "SBS 2003")
    ClientsPage(page).open().export_all()   # the name, given once (pages.TECHNICIAN)
    checklist.open()
    client_id = checklist.create_client("Contoso", "SBS 2011")
    checklist.set_platform("SBS 2003")
    checklist.box("Set the tar pit delay").check()
    note = checklist.item("set-tarpit-delay").locator("[data-note]")
    note.fill("set to 5")
    note.press("Tab")
    checklist.field("set-tarpit-delay", "tarpit_seconds", "sbs2003").fill("5")
    checklist.record_before("tarpit-time", "3")
    expect(checklist.before_row("tarpit-time").locator("[data-restore]")).to_contain_text("Recorded: 3")
    clients = ClientsPage(page).open()
    clients.values_of("Contoso").get_by_label("Client's mail domain").fill("contoso.com")
    checklist.open().choose_client("Fabrikam")
    page.get_by_role("button", name="Delete\u2026").click()
    page.get_by_role("button", name="Delete this client").click()
    expect(checklist.client_picker.locator("option")).to_have_count(1)
    exported = clients.open().export_all()
    assert exported["version"] == 5 and export_problems(exported, EXPORT_VECTORS["platforms"]) == []
    jsonschema.validate(exported, SCHEMA)
    contoso = next(client for client in exported["clients"] if client["id"] == client_id)
    fields = [contoso["name"], contoso["platform"], contoso["items"]["set-tarpit-delay"]["status"],
              contoso["items"]["set-tarpit-delay"]["note"], contoso["values"]["tarpit_seconds"],
              contoso["values"]["mail_domain"], contoso["before"]["tarpit-time"]]
    assert [field.get("by") for field in fields] == [TECHNICIAN] * len(fields)
    assert [stone["by"] for stone in exported["deleted"]] == [TECHNICIAN]
    fabrikam = exported["deleted"][0]["id"]
    assert fabrikam not in {client["id"] for client in exported["clients"]}
    # Undo puts the client back and takes its tombstone with it.
    checklist.open()
    page.locator("[data-undo]").get_by_role("button", name="Undo").click()
    expect(checklist.client_picker.locator("option")).to_have_count(2)
    assert "sbskb.v1.deleted" not in storage(page)
    assert "deleted" not in clients.open().export_all()
