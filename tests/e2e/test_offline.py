"""The offline copy (scripts/offline.sh) opened from a folder with file://, as from a USB stick with no network:
every link leads to a file, and search, client workspaces and copy buttons work."""
from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Page, expect
from test_team_folder import PICKER, contoso, status, wait_for_file  # the team folder's stand-in and steps

from pages import ChecklistPage, ClientsPage, ReportPage
from support import ROOT, SITE_BUILDER, build_site, site_search, total_items

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory) -> Path:
    folder = ROOT / ".offline-test"   # inside the project: Zensical refuses a site_dir outside it
    if SITE_BUILDER == "zensical":   # scripts/offline.sh builds with MkDocs: the same build, with Zensical
        build_site(ROOT, folder, "", config="mkdocs.offline.yml", OFFLINE="true")
        return folder
    result = subprocess.run(["bash", "scripts/offline.sh", str(folder)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"open {folder}/index.html" in result.stdout
    return folder


def pages_of(offline_copy: Path) -> list[Path]:
    # 404.html is for web servers only (it uses site-absolute links); nothing opens it from a folder.
    return sorted(page for page in offline_copy.rglob("*.html") if page.name != "404.html")


class _Links(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") == "canonical"):
                self.targets.append(attrs[name])


def test_every_link_in_the_copy_opens_a_file_not_a_folder(offline_copy: Path):
    pages = pages_of(offline_copy)
    assert len(pages) >= 20
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    assert not [page for page, text in texts.items() if "SBSKB-HTML-BLOCK" in text]   # macros/html_blocks.py
    parsed = {page: _Links(text) for page, text in texts.items()}
    checked = 0
    for page, links in parsed.items():
        for target in links.targets:
            parts = urlsplit(target)
            if parts.scheme or target.startswith(("//", "#", "data:")):
                continue
            path = (page.parent / unquote(parts.path)).resolve()
            assert path.is_file(), f"{page.relative_to(offline_copy)} links to {target}, which is not a file"
            if parts.fragment and path.suffix == ".html":
                assert parts.fragment in parsed[path].ids, f"{page.relative_to(offline_copy)}: {target}"
            checked += 1
    assert checked > 500


def open_copy(page: Page, offline_copy: Path, path: str) -> None:
    page.goto((offline_copy / path).as_uri())


def test_search_works_from_the_folder(page: Page, offline_copy: Path):
    open_copy(page, offline_copy, "index.html")
    results = site_search(page, "TarpitTime")   # MkDocs and Zensical rank the results differently
    results.and_(page.locator('[href*="checklists/tarpit.html"]')).first.click()
    expect(page).to_have_url(re.compile(r"^file://.*/checklists/tarpit\.html"))
    expect(page.get_by_role("heading", name="SMTP tar pit", level=1)).to_be_visible()


def test_a_client_workspace_lives_across_pages_of_the_folder(page: Page, offline_copy: Path):
    open_copy(page, offline_copy, "checklists/tarpit.html")
    checklist = ChecklistPage(page).ready()
    checklist.create_client("Offline Dental", "SBS 2003")
    checklist.box("Set the tar pit delay").check()
    checklist.field("set-tarpit-delay", "tarpit_seconds", "sbs2003").fill("9")
    expect(checklist.snippet("set-tarpit-delay/apply/cmd")).to_contain_text("/d 9 /f")

    page.get_by_role("link", name="Clients", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"^file://.*/clients\.html$"))
    row = page.locator("[data-dashboard-table] tbody tr", has_text="Offline Dental")
    expect(row.locator("[data-overall]")).to_have_text(f"1/{total_items()}")
    next_item = row.get_by_role("link").first
    next_item.click()
    expect(page).to_have_url(re.compile(r"^file://.*/checklists/[a-z-]+\.html#[a-z-]+$"))
    page.reload()
    expect(checklist.client_picker).to_contain_text("Offline Dental")
    # The third page kind, the printable report, reads the same workspace from the folder.
    open_copy(page, offline_copy, "report.html")
    report = ReportPage(page).body
    expect(report.locator("h2")).to_have_text("Mail server setup report: Offline Dental")
    expect(report.locator("tr:not([data-report-change])", has_text="Set the tar pit delay")).to_contain_text("Done")
    expect(report.locator("pre code").first).to_contain_text("TarpitTime")


def test_copy_button_copies_the_code_from_the_folder(page: Page, offline_copy: Path):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_copy(page, offline_copy, "checklists/tarpit.html")
    checklist = ChecklistPage(page).ready()
    page.locator('[data-variant~="sbs2003"]').get_by_text(".reg file", exact=True).first.click()
    block = page.locator('[data-snippet="set-tarpit-delay/apply/reg"]')
    block.hover()
    block.get_by_role("button", name="Copy to clipboard").click()
    expect(block.locator("[data-copy-status]")).to_contain_text("Copied: ")   # its code loads from the folder too
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == checklist.snippet("set-tarpit-delay/apply/reg").text_content()
    assert '"TarpitTime"=dword:00000005' in copied


def test_mail_logs_are_read_on_the_page_itself_from_the_folder(page: Page, offline_copy: Path):
    """From file:// no page may start a worker: the analysis runs on the page, in slices, with the same answer."""
    samples = ROOT / "tests" / "fixtures" / "mail-logs" / "attack-and-fix"
    page.goto((offline_copy / "mail-logs.html").as_uri())
    expect(page.locator("[data-mail-logs][data-ready]")).to_be_attached()
    page.set_input_files("[data-log-files]", [str(samples / "MSGTRK20261102-1.LOG"),
                                              str(samples / "MSGTRK20261103-1.LOG")])
    expect(page.locator("[data-log-verdict] h2")).to_have_text("Verdict: queue-backlog", timeout=60_000)
    expect(page.locator("[data-log-status]")).to_contain_text("(on this page)")
    expect(page.locator("[data-log-chart] svg")).to_be_visible()


def test_the_copy_makes_no_request_outside_the_folder(page: Page, offline_copy: Path):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    pages = pages_of(offline_copy)
    assert len(pages) >= 22
    for path in pages:
        page.goto(path.as_uri())
        page.wait_for_load_state("networkidle")
    folder = offline_copy.as_uri()
    outside = [url for url in requests if not (url.startswith(folder) or url.startswith(("data:", "blob:")))]
    assert requests and not outside, outside


def test_the_offline_config_differs_from_the_served_one_only_where_file_urls_need_it():
    import yaml

    class _Loader(yaml.SafeLoader):
        pass
    _Loader.add_constructor("!ENV", lambda loader, node: None)
    served = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    offline = yaml.load((ROOT / "mkdocs.offline.yml").read_text(encoding="utf-8"), Loader=_Loader)
    assert offline["INHERIT"] == "mkdocs.yml"
    assert offline["theme"]["features"] == [f for f in served["theme"]["features"] if f != "navigation.instant"]
    assert set(offline) == {"INHERIT", "theme", "extra"} and set(offline["theme"]) == {"features"}


def test_the_offline_copy_offers_the_team_folder(offline_copy: Path, browser_type, browser_type_launch_args):
    """Chromium has the File System Access API on file:// too, so the offline copy offers the team folder: connect,
    share, and the client's file is written. The Origin Private File System stands in for the picked folder; on
    file:// Chromium opens it only with --allow-file-access-from-files (stack notes §11), a flag the test alone
    needs, so this test launches its own browser."""
    launch = {**browser_type_launch_args,
              "args": [*browser_type_launch_args.get("args", []), "--allow-file-access-from-files"]}
    browser = browser_type.launch(**launch)
    try:
        context = browser.new_context()
        context.add_init_script(PICKER)
        page = context.new_page()
        page.goto((offline_copy / "clients.html").as_uri())
        page.locator("[data-dashboard][data-ready]").wait_for(state="attached", timeout=60_000)
        clients = ClientsPage(page)
        clients.import_file(contoso())
        clients.merge()
        expect(clients.transfer_status).to_have_text("Imported.")
        page.get_by_role("button", name="Choose a team folder").click()
        clients.give_name_if_asked()
        expect(status(page)).to_have_text(re.compile(r"^Team folder “team”: 0 shared clients here, read at"))
        clients.row("Contoso").get_by_role("button", name="Share Contoso with the team").click()
        assert wait_for_file(page, "c1.json")["clients"][0]["id"] == "c1"
    finally:
        browser.close()
