"""The knowledge base as a technician and a client meet it: search finds the right pages, client pages hand out
their link, and every page passes axe and stays on its own origin."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from playwright.sync_api import Page, expect

from macros.loader import load_catalog
from pages import axe_check
from support import ROOT, SITE_BUILDER, site_search

pytestmark = pytest.mark.e2e
CATALOG = load_catalog(ROOT)
CHECKLIST_PAGES = [f"/checklists/{checklist.id}/" for checklist in CATALOG.checklists]
CLIENT_PAGES = ["/c/backscatter/", "/c/changes/", "/c/harvest/"]
KB_PAGES = ["/kb/reverse-ndr/", "/kb/recipient-filtering/", "/kb/tar-pit/", "/kb/queue-alert/", "/kb/smtp-codes/",
            "/kb/mail-logs/"]


def search_lists(page: Page, query: str, link: str) -> bool:
    """Whether the site's search, typed into as a person would, lists `link` (a path, or a path and #fragment) for
    `query`. Results can still be arriving when the first is shown, so this waits up to 5 s for the link."""
    results = site_search(page, query)
    if SITE_BUILDER == "mkdocs":   # Material lists a page's matching sections as further links in its result
        results = page.locator(".md-search-result__item a")
    script = "links => links.map(a => a.pathname + a.hash)" if "#" in link else "links => links.map(a => a.pathname)"
    deadline = time.monotonic() + 5
    while link not in results.evaluate_all(script):
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(100)
    return True


@pytest.mark.parametrize("query, link", [
    ("886208", "/checklists/triage/"),
    ("842851", "/checklists/tarpit/"),
    ("TarpitTime", "/checklists/tarpit/"),
    ("RecipientValidationEnabled", "/checklists/recipient-filtering/"),
    ("Remove-Message", "/checklists/clear-backlog/"),
    ("NDREnabled", "/checklists/ndr-settings/"),
    ("backscatter", "/c/backscatter/"),
    ("directory harvest", "/c/harvest/"),
    # A term from an item's own text leads to that item, not only to the top of its page.
    ("TarpitInterval", "/checklists/tarpit/#set-tarpit-delay"),
    ("Get-RecipientFilterConfig", "/checklists/tarpit/#confirm-recipient-filtering"),
])
def test_search_finds_the_right_page_or_item(page: Page, query: str, link: str):
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert search_lists(page, query, link), f"searching {query!r} does not list {link}"


def test_every_checklist_item_has_its_own_text_in_the_search_index(page: Page):
    """Each item is a search result of its own, with its text and without the form labels around it."""
    index = "/search/search_index.json" if SITE_BUILDER == "mkdocs" else "/search.json"
    entries = page.request.get(index).json()["docs" if SITE_BUILDER == "mkdocs" else "items"]
    text_by_location = {entry["location"]: entry["text"] for entry in entries}
    for checklist in CATALOG.checklists:
        for item in checklist.items:
            text = text_by_location[f"checklists/{checklist.id}/#{item.id}"]
            word = next(word for word in item.why.split() if word.isalpha() and len(word) > 3)
            assert word in text, item.id
            for label in ("Not started", "Values for this client", "New client"):
                assert label not in text, (item.id, label)
        page_text = text_by_location[f"checklists/{checklist.id}/"]
        assert "New client" not in page_text and "Not started" not in page_text, checklist.id


@pytest.mark.parametrize("path", CLIENT_PAGES)
def test_client_page_copies_its_own_link(page: Page, site_url: str, path: str):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(path)
    page.get_by_role("button", name="Copy link to this page").click()
    expect(page.locator("[data-copy-link-status]")).to_contain_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == site_url + path


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", CHECKLIST_PAGES + CLIENT_PAGES + KB_PAGES)
def test_page_has_no_wcag_violation_and_no_outside_request(page: Page, site_url: str, path: str, scheme: str):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.emulate_media(color_scheme=scheme)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    results = axe_check(page)
    assert results.violations_count == 0, results.generate_report()
    outside = [url for url in requests if url.startswith("http") and not url.startswith(site_url)]
    assert outside == []


def test_client_page_shows_the_attack_diagram(page: Page):
    page.goto("/c/backscatter/")
    diagram = page.locator("img[src$='backscatter-path.svg']")
    expect(diagram).to_be_visible()
    assert page.evaluate("img => img.naturalWidth > 0", diagram.element_handle())
    assert len(diagram.get_attribute("alt")) > 40


def test_the_mail_log_analyser_downloads_from_its_page_and_reads_a_sample(page: Page, tmp_path):
    """What a technician does: open the page, download mail_logs.py, run it on the logs; the file is the one tested."""
    page.goto("/kb/mail-logs/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download mail_logs.py").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "mail_logs.py"
    assert saved.read_bytes() == (ROOT / "docs" / "downloads" / "mail_logs.py").read_bytes()
    samples = ROOT / "tests" / "fixtures" / "mail-logs" / "attack-and-fix"
    run = subprocess.run([sys.executable, str(saved), "--json", str(samples / "MSGTRK20261102-1.LOG"),
                          str(samples / "MSGTRK20261103-1.LOG")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and json.loads(run.stdout)["verdict"] == "queue-backlog"
    schema = page.request.get(page.url + "../../schemas/mail-logs-v1.schema.json")
    assert schema.ok and schema.json()["title"] == "SBS Setup KB mail-log analysis, version 1"
    page.get_by_role("link", name="triage checklist").first.click()
    expect(page.locator("#read-mail-logs")).to_be_visible()
