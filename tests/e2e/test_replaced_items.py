"""An item renamed with `replaces` keeps every client's progress: built from a copy of the project in which
set-tarpit-delay became set-tarpit-interval."""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading

import pytest
from playwright.sync_api import Page, expect

from macros.loader import load_catalog
from pages import ChecklistPage, ClientsPage, put_stored
from support import ROOT, build_site, total_items

pytestmark = pytest.mark.e2e


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("renamed") / "project"
    # Not the build outputs and caches (other test runs may be writing into their .site-test* folders meanwhile).
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".venv", ".git", "site", "tests", "__pycache__", ".site-test*", ".offline-test", ".cache", "node_modules",
        "build", ".hypothesis", ".pytest_cache", ".ruff_cache"))
    checklist = project / "checklists" / "tarpit.yaml"
    text = checklist.read_text(encoding="utf-8")
    renamed = text.replace("  - id: set-tarpit-delay\n",
                           "  - id: set-tarpit-interval\n    replaces: [set-tarpit-delay]\n")
    checklist.write_text(renamed, encoding="utf-8")
    out = project / "site"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
    url = f"http://127.0.0.1:{server.server_address[1]}"
    build_site(project, out, url + "/")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()
    server.server_close()


def test_progress_moves_to_the_item_that_replaces_it(page: Page, renamed_site: str):
    checklist = ChecklistPage(page, base=renamed_site).open_for_client()
    client_id = checklist.client_picker.input_value()
    client_name = checklist.client_picker.locator("option:checked").text_content()
    old = {"values": {}, "items": {"set-tarpit-delay": {"status": "done", "note": "set to 5 s",
                                                         "changed": "2026-05-01T10:00:00Z"}}}
    put_stored(page, f"sbskb.v1.client.{client_id}", json.dumps(old))
    page.reload()
    renamed = checklist.item("set-tarpit-interval")
    expect(renamed).to_have_attribute("data-status", "done")
    expect(renamed.get_by_label("Note")).to_have_value("set to 5 s")
    clients = ClientsPage(page, base=renamed_site).open()
    expect(page.locator("[data-retired]")).to_be_hidden()  # a replaced id is not "retired"
    expect(clients.overall(client_name)).to_have_text(f"1/{total_items()}")


def test_the_mail_logs_chart_marks_a_fix_done_under_the_items_old_id(page: Page, renamed_site: str):
    """The tar-pit checklist was done for this client while its item was still set-tarpit-delay: the Mail logs page
    marks it done (the renamed item takes over that progress, as every page has it), not undone for lack of an
    entry under the new id."""
    checklist = ChecklistPage(page, base=renamed_site).open()
    client_id = checklist.create_client("Contoso", "SBS 2011")
    items = {item.id: {"status": {"value": "done", "changed": "2026-11-03T00:20:00Z"}}
             for item in load_catalog(ROOT).checklist("tarpit").items
             if any("sbs2011" in variant.platforms for variant in item.variants)}
    assert "set-tarpit-delay" in items   # stored under the old id; the renamed site's item replaces it
    put_stored(page, f"sbskb.v1.client.{client_id}", json.dumps({"values": {}, "items": items}))
    page.goto(f"{renamed_site}/mail-logs/")
    expect(page.locator("[data-mail-logs][data-ready]")).to_be_attached()
    samples = ROOT / "tests" / "fixtures" / "mail-logs" / "attack-and-fix"
    page.set_input_files("[data-log-files]", [str(samples / "MSGTRK20261102-1.LOG"),
                                              str(samples / "MSGTRK20261103-1.LOG")])
    chart = page.locator("[data-log-chart] svg")
    expect(chart.locator("line.sbskb-chart-mark")).to_have_count(1, timeout=60_000)
    expect(chart).to_contain_text("Tar pit done")
