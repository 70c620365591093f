"""Markdown from checklist fields (why, steps, caveats) to HTML that can carry no markup of its own.

Authors write Markdown, never HTML: raw HTML is turned into visible text, and links may only point to web pages or
within the site, so `<script>`, `onerror=` or `javascript:` in a YAML field stays inert. Links to pages of the site are
written as in the page's own Markdown (`../kb/tar-pit.md`) and become URLs through `site_links.SiteLinks`.
"""
from __future__ import annotations

import re
from functools import cache

import markdown
from markdown.treeprocessors import Treeprocessor

from .site_links import SiteLinks

_SAFE_LINK_PREFIXES = ("https://", "http://", "/", "#", "./", "../")
_PAGE_LINK = re.compile(r"[\w./-]+\.md(#[\w-]*)?")   # "kb/tar-pit.md#anchor": a page of the site, no scheme


def _is_safe(link: str) -> bool:
    link = link.strip().lower()
    return link.startswith(_SAFE_LINK_PREFIXES) or _PAGE_LINK.fullmatch(link) is not None


class _SafeLinks(Treeprocessor):
    links: SiteLinks | None = None   # set for each conversion by to_html

    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None:
                    continue
                if not _is_safe(value):
                    del element.attrib[attribute]
                elif self.links is not None:
                    element.set(attribute, self.links.resolve(value.strip()))


@cache
def _converter() -> markdown.Markdown:
    converter = markdown.Markdown(extensions=["sane_lists", "fenced_code"])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    converter.treeprocessors.register(_SafeLinks(converter), "sbskb_safe_links", 0)
    return converter


def to_html(text: str, links: SiteLinks | None = None) -> str:
    """`text` as HTML; with `links`, links to `.md` pages resolved for the page it appears on."""
    converter = _converter()
    converter.reset()
    converter.treeprocessors["sbskb_safe_links"].links = links
    return converter.convert(text)
