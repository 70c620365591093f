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


def test_page_links_are_resolved_for_the_page_and_url_style():
    from macros.site_links import SiteLinks
    text = "[a](../kb/tar-pit.md) [b](tarpit.md#set-tarpit-delay) [c](javascript:alert(1)//x.md)"
    served = to_html(text, SiteLinks("checklists/triage.md", directory_urls=True))
    offline = to_html(text, SiteLinks("checklists/triage.md", directory_urls=False))
    assert 'href="../../kb/tar-pit/"' in served and 'href="../tarpit/#set-tarpit-delay"' in served
    assert 'href="../kb/tar-pit.html"' in offline and 'href="tarpit.html#set-tarpit-delay"' in offline
    assert "javascript:" not in served + offline
