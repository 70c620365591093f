"""Markdown from YAML fields can never carry live markup."""
from __future__ import annotations

from macros.markdown_text import to_html


def test_raw_html_becomes_text():
    html = to_html('<script>alert(1)</script> <img src=x onerror="alert(1)">\n\n<div onclick="x()">hi</div>')
    assert "<script" not in html and "<img" not in html and "<div" not in html
    assert "&lt;script&gt;" in html


def test_only_web_and_site_links_survive():
    html = to_html("[a](javascript:alert(1)) [b](https://example.com) [c](../kb/page/) [d](data:text/html,x)")
    assert 'href="https://example.com"' in html and 'href="../kb/page/"' in html
    assert "javascript:" not in html and "data:" not in html


def test_markdown_still_works():
    assert to_html("1. **one**\n2. `two`") == "<ol>\n<li><strong>one</strong></li>\n<li><code>two</code></li>\n</ol>"
