"""The search plugin, handed each page without its data-search-exclude blocks (macros/search_hooks.py), indexes exactly
what it indexed from the whole page, and the page itself comes back whole."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import Parser

from macros import search_hooks
from macros.loader import load_catalog
from macros.render import render_checklist, render_checklist_index, render_dashboard, render_report
from macros.site_links import SiteLinks
from support import ROOT

CATALOG = load_catalog(ROOT)
PAGES = {f"checklists/{checklist.id}.md": render_checklist(CATALOG, checklist,
                                                           SiteLinks(f"checklists/{checklist.id}.md"))
         for checklist in CATALOG.checklists}
PAGES["checklists/index.md"] = render_checklist_index(CATALOG, SiteLinks("checklists/index.md"))
PAGES["clients.md"] = render_dashboard(CATALOG, SiteLinks("clients.md"))
PAGES["report.md"] = render_report(CATALOG)


def indexed(html: str) -> list[tuple]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(section.id, str(section.el), "".join(section.title).strip(), "".join(section.text).strip())
            for section in parser.data]


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_index_is_the_same_without_the_excluded_blocks(page):
    html = "<h1 id='t'>Title</h1>" + PAGES[page]
    stripped, blocks = search_hooks.set_aside_excluded_blocks(html)
    assert indexed(stripped) == indexed(html)
    assert search_hooks.put_back(stripped, blocks) == html
    if page.startswith("checklists/") and page != "checklists/index.md":
        # What the plugin no longer parses: every per-client control.
        assert "data-search-exclude" not in stripped and "<textarea" not in stripped and "<select" not in stripped


def test_an_excluded_element_that_holds_one_of_its_own_name_is_left_for_the_indexer():
    html = ("<p>kept</p><div data-search-exclude><div>inner</div>tail</div>"
            "<fieldset class='x' data-search-exclude><legend>gone</legend></fieldset>")
    stripped, blocks = search_hooks.set_aside_excluded_blocks(html)
    assert stripped == "<p>kept</p><div data-search-exclude><div>inner</div>tail</div><!--sbskb-search-excluded-0-->"
    assert blocks == ["<fieldset class='x' data-search-exclude><legend>gone</legend></fieldset>"]


def test_the_page_goes_back_whole_before_the_theme_renders_it():
    first, then = search_hooks.on_page_context.methods
    assert first.mkdocs_priority > 0 > then.mkdocs_priority     # around Material's search plugin (priority 0)
    full = PAGES["checklists/tarpit.md"]
    page = SimpleNamespace(content=full)
    context = {"page": page}
    assert first(context, page=page, config={}, nav=None) is context
    assert "data-search-exclude" not in page.content and "<textarea" not in page.content
    # A plugin in between changes the page elsewhere: its change stays, and every control comes back.
    page.content = page.content.replace("sbskb-checklist", "sbskb-checklist changed-by-a-plugin", 1)
    assert then(context, page=page, config={}, nav=None) is context
    assert page.content == full.replace("sbskb-checklist", "sbskb-checklist changed-by-a-plugin", 1)
    plain = SimpleNamespace(content="<p>no controls</p>")
    first(context, page=plain, config={}, nav=None)
    then(context, page=plain, config={}, nav=None)
    assert plain.content == "<p>no controls</p>"


def test_the_site_registers_the_hooks():
    import yaml

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["hooks"] == ["macros/search_hooks.py"]
