"""Issue 22, point 3: the report says only what happened. A setting's change shows as applied only for an item that is
done; otherwise its After column says it was not applied. The page and the CLI agree, and the PDF a client gets of an
untouched client's report states no change."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from macros.report import NOT_APPLIED
from pages import ChecklistPage, ClientsPage, ReportPage
from support import ROOT

pytestmark = pytest.mark.e2e
DELAY = "set-tarpit-delay"
NDRS = "disable-internet-ndrs"


def _changes(page: Page) -> dict[str, str]:
    """Setting id -> its After cell, as the report page shows it."""
    rows = ReportPage(page).open().body.locator("tr[data-report-change]")
    return {row.get_attribute("data-report-change"): row.locator("td").nth(3).inner_text() for row in rows.all()}


def _cli_changes(page: Page, name: str, tmp_path) -> dict[str, str]:
    clients = ClientsPage(page).open()
    with page.expect_download() as download:
        clients.row(name).get_by_role("button", name=f"Export {name}").click()
        clients.give_name_if_asked()
    export = tmp_path / "client.json"
    download.value.save_as(export)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "report.py"), str(export)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    found = {}
    for table in result.stdout.split("| Item | Setting | Before the change | After |\n| --- | --- | --- | --- |\n")[1:]:
        for line in table.split("\n\n", 1)[0].splitlines():
            cells = [cell.strip().replace("\\", "") for cell in line.strip("|").split(" | ")]
            found[cells[1]] = cells[3]
    return found


def test_an_untouched_client_is_reported_with_no_change_and_so_is_its_pdf(page: Page, tmp_path):
    ChecklistPage(page).open().create_client("Untouched", "SBS 2011")
    shown = _changes(page)
    assert shown and set(shown.values()) == {NOT_APPLIED}
    assert set(_cli_changes(page, "Untouched", tmp_path).values()) == {NOT_APPLIED}
    # The PDF a client would be sent: every change reads "not applied", and no value the apply would set appears.
    ReportPage(page).open()
    page.emulate_media(media="print")
    text = " ".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    text = " ".join(text.split())
    assert text.count("not applied: the item is not done") == len(shown)
    assert "00:00:05" not in text.split("Before the change", 1)[1].split("Re-check", 1)[0]


def test_a_half_done_client_is_reported_as_applied_only_where_the_item_is_done(page: Page, tmp_path):
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Half done", "SBS 2011")
    tarpit.box("Set the tar pit delay").check()
    ChecklistPage(page, "ndr-settings").open()   # NDRs untouched: the last-resort item
    shown = _changes(page)
    assert shown["tarpit-interval"] == "00:00:05"
    assert shown["ndr-enabled"] == NOT_APPLIED
    cli = _cli_changes(page, "Half done", tmp_path)
    assert cli["TarpitInterval"] == "00:00:05" and cli["Enabled"] == NOT_APPLIED


def test_a_done_client_is_reported_with_what_the_apply_set(page: Page, tmp_path):
    tarpit = ChecklistPage(page).open()
    tarpit.create_client("Done", "SBS 2003")
    tarpit.field(DELAY, "tarpit_seconds", "sbs2003").fill("6")
    tarpit.box("Set the tar pit delay").check()
    assert _changes(page)["tarpit-time"] == "6"
    assert _cli_changes(page, "Done", tmp_path)["TarpitTime"] == "6"
