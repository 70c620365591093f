"""Every generated snippet, with the defaults and several valid client values, is valid in its own language:
PowerShell parses under a real grammar, .reg files and reg.exe lines follow the strict format."""
from __future__ import annotations

import shlex

import pytest

from macros.loader import load_catalog
from macros.powershell_grammar import syntax_errors
from registry_syntax import parse_cmd, parse_reg
from support import ROOT, client_values, recorded_cases

CATALOG = load_catalog(ROOT)
CASES = [
    pytest.param(text, snippet.format, id=f"{snippet.hook}[{'+'.join(variant.platforms)}]#{number}.{case}")
    for checklist in CATALOG.checklists
    for item in checklist.items
    for variant in item.variants
    for snippet in variant.snippets
    for number, values in enumerate(client_values(item))
    # A revert is written three ways: from the platform default, from a recorded value, from 'absent'.
    for case, recorded in enumerate(recorded_cases(item, values) if snippet.kind == "revert" else [{}])
    if (text := item.fill(snippet, variant, values, recorded)) is not None
]


def test_every_format_is_exercised():
    formats = {case.values[1] for case in CASES}
    assert formats == {"reg", "cmd", "ps1", "ems", "sh"}


@pytest.mark.parametrize("text, fmt", CASES)
def test_snippet_is_valid_in_its_language(text, fmt):
    if fmt in ("ps1", "ems"):
        assert syntax_errors(text) == [], text
    elif fmt == "reg":
        assert parse_reg(text)
    elif fmt == "sh":
        # One command, every value a single word: no ; & | < > ( ) outside quotes, no line break.
        lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
        words = list(lexer)
        assert words[:2] == ["python3", "probe.py"] and "\n" not in text, text
        assert not any(word and set(word) <= set("();<>|&") for word in words), text
    elif fmt == "cmd" and text.startswith("reg "):
        assert parse_cmd(text)
    else:
        assert text.count('"') % 2 == 0 and "\n" not in text, text
