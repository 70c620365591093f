"""Build the real site once (with MkDocs, or Zensical when SITE_BUILDER=zensical), serve it on a free loopback port,
and drive it with Debian's Chromium.

The site is built with SITE_URL set to the served origin: Material's instant navigation only intercepts links whose
host and port match site_url (stack notes §4).
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading

import pytest

from pages import ChecklistPage
from support import ROOT, build_site


def chromium_path() -> str:
    found = os.environ.get("SBSKB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.exit("No Chromium found: run scripts/test.sh (installs Debian's chromium as root) or set SBSKB_CHROMIUM",
                    returncode=3)
    return found


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's chromium instead of a Playwright download (`playwright install` cannot reach its CDN here).
    return {**browser_type_launch_args, "executable_path": chromium_path(),
            "args": ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run"]}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url():
    # Inside the project: Zensical refuses a site_dir outside it. SBSKB_TEST_SITE names another folder there, so two
    # test runs on one checkout do not build into each other's site.
    out = ROOT / os.environ.get("SBSKB_TEST_SITE", ".site-test")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    build_site(ROOT, out, url)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url.rstrip("/")
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def base_url(site_url):
    return site_url


@pytest.fixture
def checklist_page(page):
    """The tar pit checklist, loaded, with its script initialised (a first visit: no client yet)."""
    return ChecklistPage(page).open().page
