"""Export version 4: the mail-log summary kept for a client leaves in the export and comes back with an import, the
newer change winning a merge, a removal too; its text stays text; a Replace says it removes one; version 3 files
still import. (The Mail logs page keeps it: browser/mail-logs-kept.js, tests/unit/test_mail_logs_kept.py.)"""
from __future__ import annotations

import json

import jsonschema
from playwright.sync_api import Page, expect

from pages import ChecklistPage, ClientsPage, put_stored, storage
from support import EXPORT_VECTORS, ROOT

SCHEMA = json.loads((ROOT / "docs" / "schemas" / "progress-v5.schema.json").read_text(encoding="utf-8"))


def _summary(vector_name: str) -> dict:
    vector = next(v for v in EXPORT_VECTORS["export"] if v["name"].startswith(vector_name))
    return vector["file"]["clients"][0]["mailLogs"]["value"]


KEPT = _summary("version 4: a kept mail-log summary")
MARKUP = _summary("version 4: text that looks like markup")


def _keep(page: Page, client_id: str, summary: dict | None, changed: str) -> None:
    """What the Mail logs page stores when the technician keeps a summary for the client (mail-logs-kept.js)."""
    put_stored(page, f"sbskb.v1.client.{client_id}",
               json.dumps({"values": {}, "items": {}, "mailLogs": {"value": summary, "changed": changed}}))


def _file(client_id: str, summary: dict | None, changed: str) -> dict:
    return {"format": "sbskb-progress", "version": 4, "clients": [
        {"id": client_id, "name": {"value": "Contoso"}, "mailLogs": {"value": summary, "changed": changed}}]}


def _stored(page: Page, client_id: str):
    return json.loads(storage(page)[f"sbskb.v1.client.{client_id}"]).get("mailLogs")


def test_a_kept_summary_is_exported_and_the_newer_change_wins_a_merge(page: Page):
    client_id = ChecklistPage(page).open().create_client("Contoso", "SBS 2003")
    _keep(page, client_id, MARKUP, "2026-12-05T10:00:00Z")
    clients = ClientsPage(page).open()
    exported = clients.export_all()
    assert exported["version"] == 5   # version 4's mailLogs, in the version the site writes
    jsonschema.validate(exported, SCHEMA)
    contoso = next(c for c in exported["clients"] if c["id"] == client_id)
    # Text that looks like markup leaves as it came: text, not one character changed.
    assert contoso["mailLogs"] == {"value": MARKUP, "changed": "2026-12-05T10:00:00Z"}
    # An older summary in a file changes nothing; a newer one is taken.
    clients.import_file(_file(client_id, KEPT, "2026-12-01T00:00:00Z"))
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    assert _stored(page, client_id) == {"value": MARKUP, "changed": "2026-12-05T10:00:00Z"}
    clients.import_file(_file(client_id, KEPT, "2026-12-06T00:00:00Z"))
    expect(page.locator("[data-import-summary]")).to_contain_text("1 already here with 1 field(s) newer in the file")
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    assert _stored(page, client_id) == {"value": KEPT, "changed": "2026-12-06T00:00:00Z"}
    # A newer removal elsewhere removes it here too, and is exported as such.
    clients.import_file(_file(client_id, None, "2026-12-07T00:00:00Z"))
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    contoso = next(c for c in clients.export_all()["clients"] if c["id"] == client_id)
    assert contoso["mailLogs"] == {"value": None, "changed": "2026-12-07T00:00:00Z"}


def test_a_summary_with_the_logs_lines_is_refused_and_changes_nothing(page: Page):
    client_id = ChecklistPage(page).open().create_client("Contoso", "SBS 2003")
    clients = ClientsPage(page).open()
    before = storage(page)
    clients.import_file(_file(client_id, KEPT | {"examples": {"ndr": [{"line": 7, "text": "a log line"}]}},
                              "2026-12-06T00:00:00Z"))
    expect(clients.transfer_status).to_have_text(
        "Import refused, nothing was changed: clients[0].mailLogs.value: unexpected field \u201cexamples\u201d")
    assert storage(page) == before


def test_a_replace_says_it_removes_a_kept_summary(page: Page):
    client_id = ChecklistPage(page).open().create_client("Contoso", "SBS 2003")
    _keep(page, client_id, KEPT, "2026-12-05T10:00:00Z")
    clients = ClientsPage(page).open()
    clients.import_file({"format": "sbskb-progress", "version": 3, "clients": [{"id": "north1",
                                                                                 "name": {"value": "Northwind"}}]})
    page.get_by_role("button", name="Replace all clients with the file").click()
    dialog = page.locator("[data-replace-dialog]")
    expect(dialog.locator("li")).to_have_text([
        "\u201cContoso\u201d is removed: 0 items settled, 0 notes, 0 values before a change, a mail-log summary."])
    dialog.get_by_role("button", name="Keep them").click()
