"""The clients dashboard: progress at a glance, export, and an import that checks everything before it changes
anything."""
from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
from playwright.sync_api import Page, expect

from macros.loader import load_catalog
from pages import ChecklistPage, ClientsPage, axe_check, put_stored, storage
from support import ROOT, total_items

pytestmark = pytest.mark.e2e
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "progress-v5.schema.json").read_text(encoding="utf-8"))
CATALOG = load_catalog(ROOT)
# The item each test client has ticked on the tar pit checklist.
TICKED = "confirm-recipient-filtering"
TICKED_TITLE = next(item.title for checklist in CATALOG.checklists for item in checklist.items if item.id == TICKED)


def test_dashboard_shows_progress_and_leads_to_the_next_open_item(page: Page):
    checklist = ChecklistPage(page).open()
    checklist.create_client("Contoso", "SBS 2011")
    checklist.box(TICKED_TITLE).check()
    # The columns and the next open item follow the catalogue's order (checklists/catalog/catalog.yaml).
    first = CATALOG.checklists[0]
    first_settled = sum(item.id == TICKED for item in first.items)
    next_checklist, next_item = next((checklist, item) for checklist in CATALOG.checklists
                                     for item in checklist.items if item.id != TICKED)
    clients = ClientsPage(page).open()
    row = clients.row("Contoso")
    expect(row).to_contain_text("SBS 2011")
    expect(clients.overall("Contoso")).to_have_text(f"1/{total_items()}")
    expect(row.locator(f"[data-checklist='{first.id}']")).to_have_text(
        f"{first.short_title} {first_settled}/{len(first.items)}")
    expect(row).to_contain_text("Changed since the last export")
    row.get_by_role("link", name=next_item.title).click()
    page.wait_for_url(f"**/checklists/{next_checklist.id}/#{next_item.id}")
    expect(ChecklistPage(page, next_checklist.id).client_picker.locator("option:checked")).to_have_text("Contoso")


def test_export_matches_the_published_schema_and_clears_the_reminder(page: Page):
    checklist = ChecklistPage(page).open()
    checklist.create_client("Contoso", "SBS 2003")
    checklist.box(TICKED_TITLE).check()
    clients = ClientsPage(page).open()
    data = clients.export_all()
    jsonschema.validate(data, SCHEMA)
    contoso = next(client for client in data["clients"] if client["name"]["value"] == "Contoso")
    assert contoso["platform"]["value"] == "sbs2003" and contoso["platform"]["changed"]
    ticked = contoso["items"][TICKED]
    # Since version 3 the status has its own change time; the note, never written, is not in the file at all.
    assert ticked["status"]["value"] == "done" and ticked["status"]["changed"] and "note" not in ticked
    expect(clients.row("Contoso")).not_to_contain_text("Changed since the last export")
    assert page.request.get("/schemas/progress-v5.schema.json").json() == SCHEMA
    # Versions 1 to 4 stay published beside it: files written by earlier releases still import.
    for version in (1, 2, 3, 4):
        assert page.request.get(f"/schemas/progress-v{version}.schema.json").json() == json.loads(
            (ROOT / "docs" / "schemas" / f"progress-v{version}.schema.json").read_text(encoding="utf-8"))


def test_the_report_cli_renders_a_site_export(page: Page, tmp_path):
    checklist = ChecklistPage(page).open()
    checklist.create_client("Contoso", "SBS 2003")
    checklist.box(TICKED_TITLE).check()
    checklist.box("Set the tar pit delay").check()
    checklist.field("set-tarpit-delay", "tarpit_seconds", "sbs2003").fill("8")
    clients = ClientsPage(page).open()
    with page.expect_download() as download:
        clients.row("Contoso").get_by_role("button", name="Export Contoso").click()
        clients.give_name_if_asked()
    export = tmp_path / "contoso.json"
    download.value.save_as(export)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "report.py"), str(export)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "# Mail server setup report: Contoso" in result.stdout
    assert "| Set the tar pit delay | Done |" in result.stdout
    assert 'reg query "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SMTPSVC\\Parameters" /v TarpitTime' in result.stdout


def test_import_merges_by_newest_change_or_replaces(page: Page):
    checklist = ChecklistPage(page).open()
    client_id = checklist.create_client("Contoso", "SBS 2003")
    checklist.box(TICKED_TITLE).check()
    clients = ClientsPage(page).open()
    data = clients.export_all()
    contoso = next(client for client in data["clients"] if client["id"] == client_id)
    contoso["items"]["set-tarpit-delay"] = {"status": {"value": "deferred", "changed": "2099-01-01T00:00:00Z"},
                                            "note": {"value": "waiting for SP1", "changed": "2099-01-01T00:00:00Z"}}
    contoso["items"][TICKED] = {"status": {"value": "not-started", "changed": "2000-01-01T00:00:00Z"}}
    data["clients"].append({"id": "fabrikam1", "name": {"value": "Fabrikam"}, "platform": {"value": "sbs2008"},
                            "values": {}, "items": {}})
    clients.import_file(data)
    expect(page.locator("[data-import-summary]")).to_contain_text("1 new")
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    expect(clients.row("Fabrikam")).to_contain_text("SBS 2008")
    checklist.open().choose_client("Contoso")
    expect(checklist.item("set-tarpit-delay")).to_have_attribute("data-status", "deferred")
    expect(checklist.item(TICKED)).to_have_attribute("data-status", "done")
    clients.open().import_file({"format": "sbskb-progress", "version": 1, "clients": [
        {"id": "solo1", "name": "Only me", "platform": "", "values": {}, "items": {}}]})
    page.get_by_role("button", name="Replace all clients with the file").click()
    page.locator("[data-replace-dialog]").get_by_role("button", name="Replace them").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("Only me")


def test_an_export_from_the_first_release_imports(page: Page):
    clients = ClientsPage(page).open()
    old = {"format": "sbskb-progress", "version": 1, "clients": [
        {"id": "old1", "name": "Old office", "values": {"tarpit_seconds": "7"},
         "items": {"set-tarpit-delay": {"done": True, "changed": "2026-01-02T03:04:05Z"}}}]}
    clients.import_file(old)
    clients.merge()
    checklist = ChecklistPage(page).open_for_client()
    checklist.choose_client("Old office")
    expect(checklist.box("Set the tar pit delay")).to_be_checked()
    expect(checklist.field("set-tarpit-delay", "tarpit_seconds", "sbs2003")).to_have_value("7")


GOOD_CLIENT = {"id": "good1", "name": "Good", "platform": "", "values": {}, "items": {}}
REFUSED = {
    "not-json": b"{not json",
    "wrong-version": {"format": "sbskb-progress", "version": 9, "clients": []},
    "proto-key": b'{"format":"sbskb-progress","version":1,"clients":[{"id":"p1","name":"P",'
                 b'"values":{"__proto__":{"polluted":"yes"}},"items":{"__proto__":{"polluted":"yes"}}}]}',
    "proto-top": b'{"format":"sbskb-progress","version":1,"__proto__":{"polluted":"yes"},"clients":[]}',
    "constructor-key": {"format": "sbskb-progress", "version": 1,
                        "clients": [{"id": "p1", "name": "P", "items": {"constructor": {"status": "done"}}}]},
    "duplicate-ids": {"format": "sbskb-progress", "version": 1, "clients": [GOOD_CLIENT, GOOD_CLIENT]},
    "wrong-types": {"format": "sbskb-progress", "version": 1, "clients": [{"id": "t1", "name": 5, "items": []}]},
    "bad-status": {"format": "sbskb-progress", "version": 1,
                   "clients": [GOOD_CLIENT | {"items": {"set-tarpit-delay": {"status": "pwned"}}}]},
    "ten-megabytes": {"format": "sbskb-progress", "version": 1, "clients": [GOOD_CLIENT | {"name": "x" * 10_000_000}]},
    "one-bad-among-good": {"format": "sbskb-progress", "version": 1,
                           "clients": [GOOD_CLIENT, {"id": "BAD ID", "name": "Bad"}]},
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_a_refused_import_changes_nothing(page: Page, case: str):
    checklist = ChecklistPage(page).open()
    checklist.create_client("Contoso", "SBS 2003")
    checklist.box(TICKED_TITLE).check()
    clients = ClientsPage(page).open()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    before = storage(page)
    clients.import_file(REFUSED[case])
    expect(clients.transfer_status).to_contain_text("refused")
    expect(page.locator("[data-import-preview]")).to_be_hidden()
    assert storage(page) == before
    assert page.evaluate("({}).polluted === undefined && window.__pwned === undefined") and dialogs == []


def test_hostile_names_and_notes_from_a_file_stay_text(page: Page):
    clients = ClientsPage(page).open()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    name = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    note = '<a href="javascript:window.__pwned=3">click</a>'
    clients.import_file({"format": "sbskb-progress", "version": 1, "clients": [
        {"id": "evil1", "name": name, "items": {"gone-item": {"status": "done", "note": note}}}]})
    clients.merge()
    expect(page.locator("tbody th")).to_have_text(name)
    expect(page.locator("[data-retired]")).to_contain_text(note)
    assert page.locator("[data-dashboard] img, [data-dashboard] a[href^=javascript]").count() == 0
    assert page.evaluate("window.__pwned === undefined") and dialogs == []


def test_progress_for_an_item_that_no_longer_exists_is_kept_and_shown(page: Page):
    checklist = ChecklistPage(page).open()
    client_id = checklist.create_client("Contoso", "SBS 2003")
    checklist.box(TICKED_TITLE).check()
    state = json.loads(storage(page)[f"sbskb.v1.client.{client_id}"])
    state["items"]["old-retired-item"] = {"status": "done", "note": "kept", "changed": "2026-01-01T00:00:00Z"}
    put_stored(page, f"sbskb.v1.client.{client_id}", json.dumps(state))
    ClientsPage(page).open()
    expect(page.locator("[data-retired]")).to_contain_text("Contoso \u2014 old-retired-item: Done (kept)")
    checklist.open().box("Set the tar pit delay").check()
    stored = json.loads(storage(page)[f"sbskb.v1.client.{client_id}"])
    assert stored["items"]["old-retired-item"]["note"] == "kept"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dashboard_has_no_wcag_violation(page: Page, scheme: str):

    checklist = ChecklistPage(page).open()
    checklist.create_client("Contoso", "SBS 2003")
    checklist.box(TICKED_TITLE).check()
    page.emulate_media(color_scheme=scheme)
    clients = ClientsPage(page).open()
    clients.import_file({"format": "sbskb-progress", "version": 1, "clients": [GOOD_CLIENT]})
    expect(page.locator("[data-import-preview]")).to_be_visible()
    clients.values_of("Contoso").locator("input").first.fill("not a number")
    results = axe_check(page)
    assert results.violations_count == 0, results.generate_report()


def test_every_value_of_a_client_can_be_edited_in_one_place(page: Page):
    checklist = ChecklistPage(page).open()
    checklist.create_client("Contoso", "SBS 2011")
    checklist.box(TICKED_TITLE).check()
    profile = ClientsPage(page).open().values_of("Contoso")
    expect(profile.locator("h2")).to_have_text("Values for Contoso")
    domain = profile.get_by_label("Client's mail domain")
    domain.fill("contoso.com; rm -rf")
    expect(domain).to_have_attribute("aria-invalid", "true")
    domain.fill("contoso.com")
    expect(domain).not_to_have_attribute("aria-invalid", "true")
    profile.get_by_label("Warn when the queues together hold more than this many messages").fill("300")
    monitoring = ChecklistPage(page, "monitoring").open()
    expect(monitoring.snippet("run-queue-threshold-check/check/ems")).to_contain_text("$limit = 300")
    backlog = ChecklistPage(page, "clear-backlog").open()
    expect(backlog.field("delete-queued-ndrs", "mail_domain", "sbs2003")).to_have_value("contoso.com")


def test_a_tarpit_interval_over_10_seconds_is_refused_in_the_values_view_and_from_a_file(page: Page):
    checklist = ChecklistPage(page).open()
    checklist.create_client("Contoso", "SBS 2011")
    checklist.box(TICKED_TITLE).check()
    clients = ClientsPage(page).open()
    interval = clients.values_of("Contoso").get_by_label("TarpitInterval delay (seconds)")
    interval.fill("30")
    expect(interval).to_have_attribute("aria-invalid", "true")
    checklist.open()
    apply = checklist.snippet("set-tarpit-delay/apply/ems", "sbs2011")
    expect(apply).to_contain_text("-TarpitInterval '00:00:05'")
    # A file may carry any text; a value outside 1-10 s is kept as it came but never fills a command, and no
    # default stands in for it: the apply is held back, saying why, until the value is changed.
    clients.open().import_file({"format": "sbskb-progress", "version": 1, "clients": [
        {"id": "far1", "name": "Far office", "platform": "sbs2011",
         "values": {"tarpit_interval_seconds": "30", "receive_connector": "FAR01\\Internet"}, "items": {}}]})
    clients.merge()
    checklist.open().choose_client("Far office")
    field = checklist.field("set-tarpit-delay", "tarpit_interval_seconds", "sbs2011")
    expect(field).to_have_value("30")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(apply).to_have_text("")
    refused = page.locator('[data-variant~="sbs2011"] [data-snippet="set-tarpit-delay/apply/ems"] '
                           "[data-snippet-refused]")
    expect(refused).to_contain_text("TarpitInterval delay (seconds) is 30, which is refused (must be from 1 to 10)")
    field.fill("7")
    expect(apply).to_have_text("Set-ReceiveConnector -Identity 'FAR01\\Internet' -TarpitInterval '00:00:07'")


def test_a_probe_export_imports_into_the_existing_client_with_the_evidence_beside_its_note(page: Page, tmp_path):
    """The SMTP probe run for real against a server that answers as Exchange with a tar pit does; its --export file,
    imported on the Clients page, marks the outside test done and puts the evidence beside the note, once."""
    from smtp.servers import make_scenario  # tests/smtp: the probe's test servers

    outside = ChecklistPage(page, "smtp-test").open()
    client_id = outside.create_client("O'Brien Dental", "SBS 2011")
    note = outside.item("test-unknown-recipient").locator("[data-note]")
    note.fill("Telnet test pending: ISP blocks port 25 here.")
    note.press("Tab")
    clients = ClientsPage(page).open()
    box = clients.values_of("O'Brien Dental")
    expect(box.locator("[data-client-id]")).to_have_text(client_id)
    command = box.locator("[data-probe-command]")
    expect(command).to_be_hidden()   # no command that probes example.com: the client's own values first
    box.get_by_label("Client's mail domain").fill("client.example")
    box.get_by_label("A real mailbox at the client's domain").fill("anna@client.example")
    expect(command).to_have_text(f"python3 probe.py 'client.example' --domain 'client.example' --known "
                                 f"'anna@client.example' --export 'probe-{client_id}.json' --client-id {client_id} "
                                 "--client-name='O'\\''Brien Dental'")
    server = make_scenario("exchange-tarpit", tarpit=1.5).start()
    try:
        export = tmp_path / "probe.json"
        result = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "probe.py"), server.host, "--port", str(server.port), "--domain",
             "client.example", "--known", "anna@client.example", "--timeout", "10", "--helo", "probe.test",
             "--export", str(export), "--client-id", client_id, "--client-name", "O'Brien Dental"],
            capture_output=True, text=True, timeout=120)
    finally:
        server.stop()
    assert result.returncode == 0, result.stdout + result.stderr
    assert not server.received_data
    for _ in range(2):   # the same file twice: the evidence is there once
        clients.import_file(export.read_bytes())
        # Evidence only: it can only be merged, into the client it names.
        expect(page.locator("[data-import-summary]")).to_contain_text("for 1 client(s), 0 of them not here: it "
                                                                      "can only be merged")
        clients.merge()
        expect(clients.transfer_status).to_have_text("Imported.")
    outside = ChecklistPage(page, "smtp-test").open()
    outside.choose_client("O'Brien Dental")
    item = outside.item("test-unknown-recipient")
    expect(item).to_have_attribute("data-status", "done")
    # The evidence beside the note, in its own read-only block; the technician's note exactly as it was.
    expect(item.locator("[data-note]")).to_have_value("Telnet test pending: ISP blocks port 25 here.")
    evidence = item.locator("[data-evidence]")
    expect(evidence).to_be_visible()
    text = evidence.locator("code").text_content()
    assert text.startswith("Outside test by probe.py, ") and "unknown-recipient 550 after" in text
    assert text.count("Outside test by probe.py") == 1
    expect(outside.client_picker.locator("option")).to_have_count(1)   # no new client: it went into this one


def test_evidence_from_a_failing_probe_unsettles_the_item_and_a_later_older_merge_keeps_it(page: Page):
    outside = ChecklistPage(page, "smtp-test").open()
    client_id = outside.create_client("Contoso", "SBS 2011")
    outside.box("Test an unknown and a real recipient from outside").check()
    note = outside.item("test-unknown-recipient").locator("[data-note]")
    note.fill("Tested by telnet.")
    note.press("Tab")
    clients = ClientsPage(page).open()
    older = clients.export_all()   # as another browser would hold it
    evidence = "Outside test by probe.py, 2099-01-01T00:00:00+00:00, of contoso.com:\n- mx.contoso.com: FAIL"
    clients.import_file({"format": "sbskb-progress", "version": 2, "clients": [
        {"id": client_id, "name": {"value": "Contoso"}, "items": {"test-unknown-recipient": {
            "status": "not-started", "changed": "2099-01-01T00:00:00Z", "evidence": evidence}}}]})
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    outside = ChecklistPage(page, "smtp-test").open()
    item = outside.item("test-unknown-recipient")
    expect(item).to_have_attribute("data-status", "not-started")
    expect(item.locator("[data-note]")).to_have_value("Tested by telnet.")
    expect(item.locator("[data-evidence] code")).to_have_text(evidence)
    # The other browser's export is older than this import: merging it changes nothing here.
    clients = ClientsPage(page).open()
    clients.import_file(older)
    clients.merge()
    expect(clients.transfer_status).to_have_text("Imported.")
    outside = ChecklistPage(page, "smtp-test").open()
    item = outside.item("test-unknown-recipient")
    expect(item).to_have_attribute("data-status", "not-started")
    expect(item.locator("[data-note]")).to_have_value("Tested by telnet.")
    expect(item.locator("[data-evidence] code")).to_have_text(evidence)
