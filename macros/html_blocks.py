"""Hand the macros' HTML to Python-Markdown as raw HTML it has already set aside, so nothing parses it on the way.

Macro output lands in a page's Markdown. MkDocs (to collect anchor ids) and Python-Markdown's raw-HTML block
processor (md_in_html's, the slower one) then each run html.parser over all of it before setting it aside unchanged:
for a catalogue of checklists that was about 40 % of the build (docs/performance). Instead the macro returns a
one-line token; this extension's preprocessor, which runs before both, swaps each token for Python-Markdown's own
placeholder in its HTML stash, and Python-Markdown's raw-HTML postprocessor puts the HTML back after conversion —
the page comes out the same.

MkDocs' anchor collection never sees the ids inside that HTML, so macros/search_hooks.py hands them to its link
validation after conversion (page.present_anchor_ids; mkdocs.yml sets missing anchors to warn, which --strict
fails); tests/e2e/test_offline.py also checks every link and fragment of the built site.

A token that reaches a page means the extension was not loaded: it shows as text, and the tests look for it.
"""
from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

TOKEN_PREFIX = "SBSKB-HTML-BLOCK-"
_TOKEN = re.compile(rf"^{TOKEN_PREFIX}(\d+)$")


class HtmlBlocks(Extension):
    """Register with Python-Markdown; `token(html)` gives the line a macro returns in place of `html`."""

    def __init__(self) -> None:
        super().__init__()
        self._blocks: dict[int, str] = {}
        self._next = 0

    def token(self, html: str) -> str:
        self._next += 1
        self._blocks[self._next] = html
        return f"{TOKEN_PREFIX}{self._next}"

    def take(self, number: int) -> str | None:
        return self._blocks.pop(number, None)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After normalize_whitespace (30), which would strip the placeholder's control characters; before MkDocs'
        # anchor collector (21) and the raw-HTML block processor (20).
        md.preprocessors.register(_SwapTokens(md, self), "sbskb_html_blocks", 25)


class _SwapTokens(Preprocessor):
    def __init__(self, md: Markdown, blocks: HtmlBlocks) -> None:
        super().__init__(md)
        self.blocks = blocks

    def run(self, lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            match = _TOKEN.match(line.strip())
            html = self.blocks.take(int(match.group(1))) if match else None
            if html is None:
                out.append(line)
            else:
                # A block of its own, as Python-Markdown's raw-HTML block processor leaves it.
                out += ["", self.md.htmlStash.store(html), ""]
        return out
