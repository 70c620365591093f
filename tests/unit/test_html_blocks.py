"""Macro HTML handed to Python-Markdown through the stash comes out exactly as if Markdown had parsed it itself."""
from __future__ import annotations

import re

import markdown

from macros.html_blocks import TOKEN_PREFIX, HtmlBlocks

HTML = ('<div class="sbskb-checklist" data-checklist="x">\n<ol><li><h2 id="a"><label for="b">A &amp; B</label></h2>'
        '<pre><code>reg add "HKLM\\x" /d 5 /f\n*not emphasis*</code></pre></li></ol>\n</div>')
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]


def convert(text: str, *extra) -> str:
    # Blank lines between blocks may differ; they mean nothing in HTML.
    return re.sub(r"\n+", "\n", markdown.Markdown(extensions=[*EXTENSIONS, *extra]).convert(text))


def test_a_token_becomes_the_same_html_markdown_would_have_kept():
    blocks = HtmlBlocks()
    page = "# Title\n\nIntro *text*.\n\n{}\n\nAfter.\n"
    assert convert(page.format(blocks.token(HTML)), blocks) == convert(page.format(HTML))
    assert HTML in convert(page.format(HTML))


def test_each_token_is_used_once_and_unknown_tokens_stay_visible():
    blocks = HtmlBlocks()
    token = blocks.token(HTML)
    assert HTML in convert(token, blocks)
    assert TOKEN_PREFIX in convert(token, blocks)          # taken already: shows as text, not as nothing
    assert TOKEN_PREFIX in convert(f"{TOKEN_PREFIX}999", blocks)
