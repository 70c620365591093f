"""Every generated snippet, with the defaults and several valid client values, is valid in its own language:
PowerShell parses under a real grammar, .reg files and reg.exe lines follow the strict format, an SMTP session is
one command a line as RFC 5321 writes them."""
from __future__ import annotations

import re
import shlex

import pytest

from macros.loader import load_catalog
from macros.powershell_grammar import syntax_errors
from registry_syntax import parse_cmd, parse_reg
from support import ROOT, client_values, recorded_cases

CATALOG = load_catalog(ROOT)
# RFC 5321 4.1.1 and 4.1.2: the lines a technician types into telnet, each exactly one command and nothing else on it
# (no space around a path, no trailing blank). A local part that is not a Dot-string must be a Quoted-string.
_SUB_DOMAIN = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_DOMAIN = rf"{_SUB_DOMAIN}(?:\.{_SUB_DOMAIN})*"
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL_PART = rf'(?:{_ATOM}(?:\.{_ATOM})*|"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*")'
_PATH = rf"<{_LOCAL_PART}@{_DOMAIN}>"
SMTP_SESSION = re.compile(rf"EHLO {_DOMAIN}\nMAIL FROM:{_PATH}\n(?:RCPT TO:{_PATH}\n)+QUIT")

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
    assert formats == {"reg", "cmd", "smtp", "ps1", "ems", "sh"}


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
    elif fmt == "smtp":
        assert SMTP_SESSION.fullmatch(text), text
    elif fmt == "cmd" and text.startswith("reg "):
        assert parse_cmd(text)
    else:
        assert text.count('"') % 2 == 0 and "\n" not in text, text


def test_the_smtp_session_grammar_refuses_what_a_server_would():
    good = "EHLO test.example.org\nMAIL FROM:<test@example.org>\nRCPT TO:<o'brien@contoso.com>\nQUIT"
    assert SMTP_SESSION.fullmatch(good)
    for wrong in (good.replace("TO:<", "TO: <"), good + " ", good.replace("o'brien", "a."),
                  good.replace("o'brien", '"a"b"'), good.replace("QUIT", "QUIT\nDATA"),
                  good.replace("\nRCPT TO:<o'brien@contoso.com>", "")):
        assert not SMTP_SESSION.fullmatch(wrong), wrong


def test_a_mailbox_that_is_not_a_dot_string_is_quoted_in_the_session():
    item = next(item for item in CATALOG.checklist("smtp-test").items if item.id == "test-unknown-recipient")
    variant, session = next((variant, snippet) for variant in item.variants for snippet in variant.snippets
                            if snippet.format == "smtp")
    values = {**{p.name: p.default for p in item.parameters}, "known_address": "a.@contoso.com"}
    text = item.fill(session, variant, values)
    assert 'RCPT TO:<"a."@contoso.com>' in text and SMTP_SESSION.fullmatch(text), text
