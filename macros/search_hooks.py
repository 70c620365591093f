"""MkDocs hooks (mkdocs.yml `hooks:`): Material's search plugin reads each page without the blocks it would skip.

A checklist page's per-client controls (status, note, values, values before the change, the client bar) are marked
`data-search-exclude`: Material's search indexer parses every tag of them and then leaves them out of the index. For
a catalogue of checklists that parsing was the largest part of our extra build time (docs/performance). Just before
the search plugin reads a page, these hooks hand it the page without those blocks, and put the page back right after,
before the theme renders it: the index comes out the same (tests/unit/test_search_hooks.py) and so does the page.

Material's indexer ends an exclusion at the first closing tag of the excluded element's name, so the site only marks
elements that hold no element of the same name (macros/render.py `_item_status`); the pattern below relies on the
same rule and so removes exactly what the indexer skips. Zensical has its own search and does not run these hooks.
"""
from __future__ import annotations

import re

from mkdocs.plugins import CombinedEvent, event_priority

# An element whose start tag carries data-search-exclude, up to the first closing tag of its name.
EXCLUDED = re.compile(r"<(div|fieldset|section)\b(?=[^>]*\sdata-search-exclude[\s>=])[^>]*>(.*?)</\1>", re.DOTALL)
_FULL_CONTENT = "sbskb_full_content"


def without_excluded_blocks(html: str) -> str:
    """`html` without the elements marked data-search-exclude, as Material's search indexer reads it. An element that
    holds one of its own name is left in place (the indexer then parses it, as it always did)."""
    if "data-search-exclude" not in html:
        return html

    def drop(match: re.Match) -> str:
        return match.group(0) if f"<{match.group(1)}" in match.group(2) else ""

    return EXCLUDED.sub(drop, html)


@event_priority(100)   # before Material's search plugin (priority 0) reads page.content
def _hand_search_the_indexed_part(context, page, **_):
    if page.content and "data-search-exclude" in page.content:
        setattr(page, _FULL_CONTENT, page.content)
        page.content = without_excluded_blocks(page.content)
    return context


@event_priority(-100)  # after every plugin, before the theme renders page.content
def _put_the_page_back(context, page, **_):
    full = getattr(page, _FULL_CONTENT, None)
    if full is not None:
        page.content = full
        delattr(page, _FULL_CONTENT)
    return context


on_page_context = CombinedEvent(_hand_search_the_indexed_part, _put_the_page_back)
