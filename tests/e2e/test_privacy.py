"""The site makes no request outside its own origin (no fonts, CDNs or analytics)."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["/", "/checklists/", "/checklists/tarpit/", "/reference/hooks/"])
def test_every_request_stays_on_the_site(page: Page, site_url: str, path: str):
    origin = urlsplit(site_url).netloc
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path)
    page.wait_for_load_state("networkidle")
    outside = [url for url in requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != origin]
    assert requests and outside == []
