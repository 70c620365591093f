"""Every generated snippet, with the defaults and several valid client values, is valid in its own language:
PowerShell parses under a real grammar, .reg files and reg.exe lines follow the strict format."""
from __future__ import annotations

import pytest

from macros import templating
from macros.loader import load_catalog
from powershell_grammar import syntax_errors
from registry_syntax import parse_cmd, parse_reg
from support import ROOT, client_values

CATALOG = load_catalog(ROOT)
CASES = [
    pytest.param(snippet, values, id=f"{snippet.hook}[{'+'.join(variant.platforms)}]#{number}")
    for checklist in CATALOG.checklists
    for item in checklist.items
    for variant in item.variants
    for snippet in variant.snippets
    for number, values in enumerate(client_values(item))
]


def test_every_format_is_exercised():
    formats = {case.values[0].format for case in CASES}
    assert formats == {"reg", "cmd", "ps1", "ems"}


@pytest.mark.parametrize("snippet, values", CASES)
def test_snippet_is_valid_in_its_language(snippet, values):
    text = templating.render(snippet.template, values)
    if snippet.format in ("ps1", "ems"):
        assert syntax_errors(text) == [], text
    elif snippet.format == "reg":
        assert parse_reg(text)
    elif snippet.format == "cmd" and text.startswith("reg "):
        assert parse_cmd(text)
    else:
        assert text.count('"') % 2 == 0 and "\n" not in text, text
