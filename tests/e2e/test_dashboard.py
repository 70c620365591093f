"""The clients dashboard: progress at a glance, export, and an import that checks everything before it changes
anything."""
from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
from playwright.sync_api import Page, expect

from support import ROOT, total_items

pytestmark = pytest.mark.e2e
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "progress-v1.schema.json").read_text(encoding="utf-8"))


def storage(page: Page) -> dict:
    return page.evaluate("Object.fromEntries(Object.keys(localStorage).sort().map(k => [k, localStorage.getItem(k)]))")


def setup_client(page: Page, name: str, platform: str) -> str:
    page.goto("/checklists/tarpit/")
    page.locator("select[data-client-select] option").first.wait_for(state="attached")
    page.get_by_role("button", name="New client").click()
    form = page.locator("[data-client-form]")
    form.get_by_label("Client name").fill(name)
    form.get_by_label("Platform").select_option(label=platform)
    form.get_by_role("button", name="Create").click()
    page.get_by_role("checkbox", name="Confirm that recipient filtering rejects unknown recipients").check()
    return page.locator("select[data-client-select]").input_value()


def export_all(page: Page) -> dict:
    with page.expect_download() as download:
        page.get_by_role("button", name="Export all clients").click()
    return json.loads(open(download.value.path(), encoding="utf-8").read())


def import_file(page: Page, data) -> None:
    payload = data if isinstance(data, bytes) else json.dumps(data).encode()
    page.get_by_label("Import clients from a file").set_input_files(
        {"name": "clients.json", "mimeType": "application/json", "buffer": payload})


def test_dashboard_shows_progress_and_leads_to_the_next_open_item(page: Page):
    setup_client(page, "Contoso", "SBS 2011")
    page.goto("/clients/")
    row = page.locator("tr", has_text="Contoso")
    expect(row).to_contain_text("SBS 2011")
    expect(row.locator("td").nth(1)).to_have_text(f"1/{total_items()}")
    expect(row.locator("td").nth(2)).to_have_text("0/3")  # triage comes first (mkdocs.yml extra.checklist_order)
    expect(row).to_contain_text("Changed since the last export")
    row.get_by_role("link", name="Check the server's Internet connection first").click()
    page.wait_for_url("**/checklists/triage/#check-internet-connectivity")
    expect(page.locator("select[data-client-select] option:checked")).to_have_text("Contoso")


def test_export_matches_the_published_schema_and_clears_the_reminder(page: Page):
    setup_client(page, "Contoso", "SBS 2003")
    page.goto("/clients/")
    data = export_all(page)
    jsonschema.validate(data, SCHEMA)
    contoso = next(client for client in data["clients"] if client["name"] == "Contoso")
    assert contoso["platform"] == "sbs2003"
    assert contoso["items"]["confirm-recipient-filtering"]["status"] == "done"
    expect(page.locator("tr", has_text="Contoso")).not_to_contain_text("Changed since the last export")
    assert page.request.get("/schemas/progress-v1.schema.json").json() == SCHEMA


def test_the_report_cli_renders_a_site_export(page: Page, tmp_path):
    setup_client(page, "Contoso", "SBS 2003")
    page.get_by_role("checkbox", name="Set the tar pit delay").check()
    page.locator('[data-variant~="sbs2003"] input[data-param="tarpit_seconds"]').fill("12")
    page.goto("/clients/")
    with page.expect_download() as download:
        page.locator("tr", has_text="Contoso").get_by_role("button", name="Export Contoso").click()
    export = tmp_path / "contoso.json"
    download.value.save_as(export)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "report.py"), str(export)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "# Mail server setup report: Contoso" in result.stdout
    assert "| Set the tar pit delay | Done |" in result.stdout
    assert 'reg query "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SMTPSVC\\Parameters" /v TarpitTime' in result.stdout


def test_import_merges_by_newest_change_or_replaces(page: Page):
    client_id = setup_client(page, "Contoso", "SBS 2003")
    page.goto("/clients/")
    data = export_all(page)
    contoso = next(client for client in data["clients"] if client["id"] == client_id)
    contoso["items"]["set-tarpit-delay"] = {"status": "deferred", "note": "waiting for SP1", "changed": "2099-01-01T00:00:00Z"}
    contoso["items"]["confirm-recipient-filtering"] = {"status": "not-started", "changed": "2000-01-01T00:00:00Z"}
    data["clients"].append({"id": "fabrikam1", "name": "Fabrikam", "platform": "sbs2008", "values": {}, "items": {}})
    import_file(page, data)
    expect(page.locator("[data-import-summary]")).to_contain_text("1 new")
    page.get_by_role("button", name="Merge (newest change wins)").click()
    expect(page.locator("[data-transfer-status]")).to_have_text("Imported.")
    expect(page.locator("tr", has_text="Fabrikam")).to_contain_text("SBS 2008")
    page.goto("/checklists/tarpit/")
    page.get_by_label("Client", exact=True).select_option(label="Contoso")
    expect(page.locator('[data-item="set-tarpit-delay"]')).to_have_attribute("data-status", "deferred")
    expect(page.locator('[data-item="confirm-recipient-filtering"]')).to_have_attribute("data-status", "done")
    page.goto("/clients/")
    import_file(page, {"format": "sbskb-progress", "version": 1,
                       "clients": [{"id": "solo1", "name": "Only me", "platform": "", "values": {}, "items": {}}]})
    page.get_by_role("button", name="Replace all clients with the file").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("Only me")


def test_an_export_from_the_first_release_imports(page: Page):
    page.goto("/clients/")
    old = {"format": "sbskb-progress", "version": 1, "clients": [
        {"id": "old1", "name": "Old office", "values": {"tarpit_seconds": "7"},
         "items": {"set-tarpit-delay": {"done": True, "changed": "2026-01-02T03:04:05Z"}}}]}
    import_file(page, old)
    page.get_by_role("button", name="Merge (newest change wins)").click()
    page.goto("/checklists/tarpit/")
    page.get_by_label("Client", exact=True).select_option(label="Old office")
    expect(page.get_by_role("checkbox", name="Set the tar pit delay")).to_be_checked()
    expect(page.locator('[data-variant~="sbs2003"] input[data-param="tarpit_seconds"]')).to_have_value("7")


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
    setup_client(page, "Contoso", "SBS 2003")
    page.goto("/clients/")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    before = storage(page)
    import_file(page, REFUSED[case])
    expect(page.locator("[data-transfer-status]")).to_contain_text("refused")
    expect(page.locator("[data-import-preview]")).to_be_hidden()
    assert storage(page) == before
    assert page.evaluate("({}).polluted === undefined && window.__pwned === undefined") and dialogs == []


def test_hostile_names_and_notes_from_a_file_stay_text(page: Page):
    page.goto("/clients/")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    name = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    note = '<a href="javascript:window.__pwned=3">click</a>'
    import_file(page, {"format": "sbskb-progress", "version": 1, "clients": [
        {"id": "evil1", "name": name, "items": {"gone-item": {"status": "done", "note": note}}}]})
    page.get_by_role("button", name="Merge (newest change wins)").click()
    expect(page.locator("tbody th")).to_have_text(name)
    expect(page.locator("[data-retired]")).to_contain_text(note)
    assert page.locator("[data-dashboard] img, [data-dashboard] a[href^=javascript]").count() == 0
    assert page.evaluate("window.__pwned === undefined") and dialogs == []


def test_progress_for_an_item_that_no_longer_exists_is_kept_and_shown(page: Page):
    client_id = setup_client(page, "Contoso", "SBS 2003")
    page.evaluate("""id => {
        const key = 'sbskb.v1.client.' + id;
        const state = JSON.parse(localStorage.getItem(key));
        state.items['old-retired-item'] = {status: 'done', note: 'kept', changed: '2026-01-01T00:00:00Z'};
        localStorage.setItem(key, JSON.stringify(state));
    }""", client_id)
    page.goto("/clients/")
    expect(page.locator("[data-retired]")).to_contain_text("Contoso \u2014 old-retired-item: done (kept)")
    page.goto("/checklists/tarpit/")
    page.get_by_role("checkbox", name="Set the tar pit delay").check()
    stored = json.loads(page.evaluate(f"localStorage.getItem('sbskb.v1.client.{client_id}')"))
    assert stored["items"]["old-retired-item"]["note"] == "kept"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dashboard_has_no_wcag_violation(page: Page, scheme: str):
    from axe_playwright_python.sync_playwright import Axe

    setup_client(page, "Contoso", "SBS 2003")
    page.emulate_media(color_scheme=scheme)
    page.goto("/clients/")
    import_file(page, {"format": "sbskb-progress", "version": 1, "clients": [GOOD_CLIENT]})
    expect(page.locator("[data-import-preview]")).to_be_visible()
    page.get_by_role("button", name="Values of Contoso").click()
    page.locator("[data-profile] input").first.fill("not a number")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    assert results.violations_count == 0, results.generate_report()


def test_every_value_of_a_client_can_be_edited_in_one_place(page: Page):
    setup_client(page, "Contoso", "SBS 2011")
    page.goto("/clients/")
    page.get_by_role("button", name="Values of Contoso").click()
    profile = page.locator("[data-profile]")
    expect(profile.locator("h2")).to_have_text("Values for Contoso")
    domain = profile.get_by_label("Client's mail domain")
    domain.fill("contoso.com; rm -rf")
    expect(domain).to_have_attribute("aria-invalid", "true")
    domain.fill("contoso.com")
    expect(domain).not_to_have_attribute("aria-invalid", "true")
    profile.get_by_label("Warn when the queues together hold more than this many messages").fill("300")
    page.goto("/checklists/monitoring/")
    expect(page.locator('[data-snippet="run-queue-threshold-check/check/ems"] code')).to_contain_text("$limit = 300")
    page.goto("/checklists/clear-backlog/")
    expect(page.locator('[data-variant~="sbs2003"] input[data-param="mail_domain"]')).to_have_value("contoso.com")


def test_a_tarpit_interval_over_10_seconds_is_refused_in_the_values_view_and_from_a_file(page: Page):
    setup_client(page, "Contoso", "SBS 2011")
    page.goto("/clients/")
    page.get_by_role("button", name="Values of Contoso").click()
    interval = page.locator("[data-profile]").get_by_label("TarpitInterval delay (seconds)")
    interval.fill("30")
    expect(interval).to_have_attribute("aria-invalid", "true")
    page.goto("/checklists/tarpit/")
    apply = page.locator('[data-variant~="sbs2011"] [data-snippet="set-tarpit-delay/apply/ems"] code')
    expect(apply).to_contain_text("-TarpitInterval '00:00:05'")
    # A file may carry any text; a value outside 1-10 s is kept as it came but never fills a command.
    page.goto("/clients/")
    import_file(page, {"format": "sbskb-progress", "version": 1, "clients": [
        {"id": "far1", "name": "Far office", "platform": "sbs2011",
         "values": {"tarpit_interval_seconds": "30", "receive_connector": "FAR01\\Internet"}, "items": {}}]})
    page.get_by_role("button", name="Merge (newest change wins)").click()
    page.goto("/checklists/tarpit/")
    page.get_by_label("Client", exact=True).select_option(label="Far office")
    expect(apply).to_have_text("Set-ReceiveConnector -Identity 'FAR01\\Internet' -TarpitInterval '00:00:05'")
    expect(page.locator('[data-variant~="sbs2011"] input[data-param="tarpit_interval_seconds"]')).to_have_attribute(
        "aria-invalid", "true")
