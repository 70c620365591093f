"""MkDocs hooks (mkdocs.yml `hooks:`): Material's search plugin reads each page without the blocks it would skip, and
the ids in the macros' HTML count as anchors of their page.

A checklist page's per-client controls (status, note, values, values before the change, the client bar) are marked
`data-search-exclude`: Material's search indexer parses every tag of them and then leaves them out of the index. For
a catalogue of checklists that parsing was the largest part of our extra build time (docs/performance). Just before
the search plugin reads a page, these hooks hand it the page without those blocks, and put the page back right after,
before the theme renders it: the index comes out the same (tests/unit/test_search_hooks.py) and so does the page.
Each element is set aside behind an HTML comment and put back into the content as the plugins in between left it.

Material's indexer ends an exclusion at the first closing tag of the excluded element's name, so the site only marks
elements that hold no element of the same name (macros/render.py `_item_status`); the pattern below relies on the
same rule and so removes exactly what the indexer skips. Zensical has its own search and does not run these hooks.

Anchors: MkDocs collects a page's anchors while Python-Markdown converts it, and the macros' HTML (a checklist's items,
the Clients page) goes into Markdown's stash past that collection (macros/html_blocks.py), so a link such as
`../checklists/triage.md#rule-out-relay` was reported as pointing to an anchor that does not exist. Once converted,
the page's HTML holds every id it will have; they are added to the anchors MkDocs checks links against, and mkdocs.yml
(`validation: anchors: warn`) makes a link to an id no page has fail the strict build. Zensical checks fragments in
the page's HTML itself (docs/contributing.md).
"""
from __future__ import annotations

import html
import re

from mkdocs.plugins import CombinedEvent, event_priority

# An element whose start tag carries data-search-exclude, up to the first closing tag of its name.
EXCLUDED = re.compile(r"<(div|fieldset|section)\b(?=[^>]*\sdata-search-exclude[\s>=])[^>]*>(.*?)</\1>", re.DOTALL)
PLACEHOLDER = re.compile(r"<!--sbskb-search-excluded-(\d+)-->")
_SET_ASIDE = "sbskb_search_excluded"


def set_aside_excluded_blocks(html: str) -> tuple[str, list[str]]:
    """`html` with each element marked data-search-exclude replaced by a comment that names it (the indexer skips
    comments), and the elements, in order. An element that holds one of its own name is left in place (the indexer
    then parses it, as it always did)."""
    blocks: list[str] = []
    if "data-search-exclude" not in html:
        return html, blocks

    def set_aside(match: re.Match) -> str:
        if f"<{match.group(1)}" in match.group(2):
            return match.group(0)
        blocks.append(match.group(0))
        return f"<!--sbskb-search-excluded-{len(blocks) - 1}-->"

    return EXCLUDED.sub(set_aside, html), blocks


def put_back(html: str, blocks: list[str]) -> str:
    """`html` (as the plugins before the theme left it) with each set-aside element back in its place."""
    return PLACEHOLDER.sub(lambda match: blocks[int(match.group(1))], html)


@event_priority(100)   # before Material's search plugin (priority 0) reads page.content
def _hand_search_the_indexed_part(context, page, **_):
    if page.content and "data-search-exclude" in page.content:
        page.content, blocks = set_aside_excluded_blocks(page.content)
        setattr(page, _SET_ASIDE, blocks)
    return context


@event_priority(-100)  # after every plugin, before the theme renders page.content
def _put_the_page_back(context, page, **_):
    blocks = getattr(page, _SET_ASIDE, None)
    if blocks is not None:
        # Into the content as the plugins in between left it: a change they made elsewhere on the page stays.
        page.content = put_back(page.content, blocks)
        delattr(page, _SET_ASIDE)
    return context


on_page_context = CombinedEvent(_hand_search_the_indexed_part, _put_the_page_back)


# An id attribute as the macros write it (double-quoted) or as Markdown extensions do (either quote); `data-id=` and
# other names ending in "id" are not ids.
ID_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\sid=(?:"([^"]*)"|'([^']*)')""")


def anchor_ids(page_html: str) -> set[str]:
    """Every id an element of `page_html` carries, unescaped as a browser reads it."""
    return {html.unescape(double or single) for double, single in ID_ATTRIBUTE.findall(page_html)}


def on_page_content(page_html: str, page, **_) -> str:
    # present_anchor_ids is None only for a page MkDocs did not render; it then says so itself.
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= anchor_ids(page_html)
    return page_html
