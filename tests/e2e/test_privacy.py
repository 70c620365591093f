"""The site makes no request outside its own origin (no fonts, CDNs or analytics), on any page it has."""
from __future__ import annotations

import re
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e


def every_page(site_url: str) -> list[str]:
    """Every page of the built site: the sitemap lists each one, and the 404 page is the one it leaves out."""
    with urllib.request.urlopen(f"{site_url}/sitemap.xml") as response:
        sitemap = response.read().decode("utf-8")
    return [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)] + ["/404.html"]


def test_no_page_makes_a_request_outside_the_site(page: Page, site_url: str):
    origin = urlsplit(site_url).netloc
    paths = every_page(site_url)
    assert len(paths) >= 22 and "/checklists/tarpit/" in paths and "/clients/" in paths
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    outside = {}
    for path in paths:
        requests.clear()
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert requests, path
        assert "SBSKB-HTML-BLOCK" not in page.content(), path   # a macro's HTML that never left its token
        leaving = [url for url in requests
                   if not (urlsplit(url).netloc == origin or url.startswith(("data:", "blob:")))]
        if leaving:
            outside[path] = leaving
    assert outside == {}
