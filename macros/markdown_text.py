"""Markdown from checklist fields (why, steps, caveats) to HTML that can carry no markup of its own.

Authors write Markdown, never HTML: raw HTML is turned into visible text, and links may only point to web pages or
within the site, so `<script>`, `onerror=` or `javascript:` in a YAML field stays inert.
"""
from __future__ import annotations

from functools import cache

import markdown
from markdown.treeprocessors import Treeprocessor

_SAFE_LINK_PREFIXES = ("https://", "http://", "/", "#", "./", "../")


class _SafeLinks(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not value.strip().lower().startswith(_SAFE_LINK_PREFIXES):
                    del element.attrib[attribute]


@cache
def _converter() -> markdown.Markdown:
    converter = markdown.Markdown(extensions=["sane_lists", "fenced_code"])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    converter.treeprocessors.register(_SafeLinks(converter), "sbskb_safe_links", 0)
    return converter


def to_html(text: str) -> str:
    converter = _converter()
    converter.reset()
    return converter.convert(text)
