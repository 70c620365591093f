"""MkDocs hook (mkdocs.yml `hooks:`): the ids in the macros' HTML count as anchors of their page.

MkDocs collects a page's anchors while Python-Markdown converts it; the macros' HTML (a checklist's items, the
Clients page) goes straight into Markdown's stash past that collection (macros/html_blocks.py), so a link such as
`../checklists/triage.md#rule-out-relay` was reported as pointing to an anchor that does not exist. After conversion
the page's HTML holds every id it will have; they are added here to the anchors MkDocs checks links against, which
mkdocs.yml (`validation: anchors: warn`) turns into a failed strict build for a link to an id no page has.

Zensical ignores `hooks:` and checks fragments in the page's HTML itself (docs/contributing.md).
"""
from __future__ import annotations

import html
import re

# An id attribute as the macros write it (double-quoted) or as Markdown extensions do (either quote); `data-id=` and
# other names ending in "id" are not ids.
ID_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\sid=(?:"([^"]*)"|'([^']*)')""")


def anchor_ids(page_html: str) -> set[str]:
    """Every id an element of `page_html` carries, unescaped as a browser reads it."""
    return {html.unescape(double or single) for double, single in ID_ATTRIBUTE.findall(page_html)}


def on_page_content(page_html: str, page, **_) -> str:
    # present_anchor_ids is None only for a page MkDocs did not render; it then reports that itself.
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= anchor_ids(page_html)
    return page_html
