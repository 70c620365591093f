"""The knowledge base as a technician and a client meet it: search finds the right pages, client pages hand out
their link, and every page passes axe and stays on its own origin."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from support import site_search

pytestmark = pytest.mark.e2e
CHECKLIST_PAGES = ["/checklists/" + name + "/" for name in
                   ("triage", "clear-backlog", "recipient-filtering", "tarpit", "ndr-settings", "monitoring", "smtp-test")]
CLIENT_PAGES = ["/c/backscatter/", "/c/changes/", "/c/harvest/"]
KB_PAGES = ["/kb/reverse-ndr/", "/kb/recipient-filtering/", "/kb/tar-pit/", "/kb/queue-alert/", "/kb/smtp-codes/"]
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def search_results(page: Page, query: str) -> list[str]:
    """The pages the site's search lists for `query`, typed as a person would."""
    return site_search(page, query).evaluate_all("links => links.map(a => a.pathname)")


@pytest.mark.parametrize("query, expected_page", [
    ("886208", "/checklists/triage/"),
    ("842851", "/checklists/tarpit/"),
    ("TarpitTime", "/checklists/tarpit/"),
    ("RecipientValidationEnabled", "/checklists/recipient-filtering/"),
    ("Remove-Message", "/checklists/clear-backlog/"),
    ("NDREnabled", "/checklists/ndr-settings/"),
    ("backscatter", "/c/backscatter/"),
    ("directory harvest", "/c/harvest/"),
])
def test_search_finds_the_right_page(page: Page, query: str, expected_page: str):
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert expected_page in search_results(page, query)


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
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    outside = [url for url in requests if url.startswith("http") and not url.startswith(site_url)]
    assert outside == []


def test_client_page_shows_the_attack_diagram(page: Page):
    page.goto("/c/backscatter/")
    diagram = page.locator("img[src$='backscatter-path.svg']")
    expect(diagram).to_be_visible()
    assert page.evaluate("img => img.naturalWidth > 0", diagram.element_handle())
    assert len(diagram.get_attribute("alt")) > 40
