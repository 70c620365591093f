"""Links the macros write: the same page link, right for the served site and for the offline folder."""
from __future__ import annotations

import pytest

from macros.site_links import SiteLinks, page_url


@pytest.mark.parametrize("source, served, offline", [
    ("index.md", "", "index.html"),
    ("clients.md", "clients/", "clients.html"),
    ("checklists/index.md", "checklists/", "checklists/index.html"),
    ("checklists/tarpit.md", "checklists/tarpit/", "checklists/tarpit.html"),
])
def test_page_url_matches_mkdocs(source, served, offline):
    assert page_url(source, directory_urls=True) == served
    assert page_url(source, directory_urls=False) == offline


@pytest.mark.parametrize("page, href, served, offline", [
    ("checklists/tarpit.md", "../kb/tar-pit.md", "../../kb/tar-pit/", "../kb/tar-pit.html"),
    ("checklists/tarpit.md", "recipient-filtering.md#filter", "../recipient-filtering/#filter",
     "recipient-filtering.html#filter"),
    ("checklists/tarpit.md", "../index.md", "../../", "../index.html"),
    ("checklists/index.md", "tarpit.md", "tarpit/", "tarpit.html"),
    ("clients.md", "checklists/triage.md", "../checklists/triage/", "checklists/triage.html"),
    ("index.md", "clients.md", "clients/", "clients.html"),
    ("clients.md", "clients.md", "./", "clients.html"),
])
def test_page_links_resolve_for_both_url_styles(page, href, served, offline):
    assert SiteLinks(page, directory_urls=True).resolve(href) == served
    assert SiteLinks(page, directory_urls=False).resolve(href) == offline


@pytest.mark.parametrize("href", ["https://example.com/a.md", "#anchor", "/absolute/", "../assets/diagram.svg"])
def test_other_links_are_left_as_written(href):
    assert SiteLinks("checklists/tarpit.md", directory_urls=False).resolve(href) == href


def test_files_are_linked_relative_to_the_page():
    assert SiteLinks("clients.md", True).to_file("schemas/progress-v1.schema.json") == \
        "../schemas/progress-v1.schema.json"
    assert SiteLinks("clients.md", False).to_file("schemas/progress-v1.schema.json") == \
        "schemas/progress-v1.schema.json"


def test_for_zensical_links_in_html_stay_as_in_markdown_and_script_urls_are_resolved():
    # Zensical rewrites the HTML's links itself, but not URLs inside JSON that a page script follows.
    links = SiteLinks("checklists/tarpit.md", directory_urls=True, markdown_links=True)
    assert links.to_page("kb/tar-pit.md", "setting-it") == "../kb/tar-pit.md#setting-it"
    assert links.to_page("checklists/recipient-filtering.md") == "recipient-filtering.md"
    assert links.to_file("schemas/progress-v1.schema.json") == "../schemas/progress-v1.schema.json"
    assert links.resolve("../kb/tar-pit.md#setting-it") == "../kb/tar-pit.md#setting-it"
    assert links.script_url("checklists/recipient-filtering.md") == "../recipient-filtering/"
