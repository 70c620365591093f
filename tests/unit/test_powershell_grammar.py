"""The PowerShell parser helper: a real grammar, and its one documented normalisation."""
from __future__ import annotations

import pytest

from macros.powershell_grammar import quote_bareword_lists, syntax_errors


@pytest.mark.parametrize("source, expected", [
    ("Get-X | Format-List Identity, TarpitInterval", "Get-X | Format-List 'Identity', 'TarpitInterval'"),
    ("Get-X | Format-Table Identity, Bindings, TarpitInterval -AutoSize",
     "Get-X | Format-Table 'Identity', 'Bindings', 'TarpitInterval' -AutoSize"),
    ("Select-Object -First 10 Count, Name", "Select-Object -First 10 'Count', 'Name'"),
])
def test_bareword_lists_are_quoted(source, expected):
    assert quote_bareword_lists(source) == expected


@pytest.mark.parametrize("source", [
    "'a, b' | Write-Output",                       # inside a single-quoted string
    'Get-Message -Filter "Subject -eq \'x, y\'"',  # inside a double-quoted string
    "$keys = 'LinkId', 'LinkName'",                # already quoted
    "'{0} of {1}' -f $a.Count, $limit",            # variables, not barewords
    "Set-RecipientFilterConfig -Enabled $true",    # no list at all
])
def test_nothing_else_changes(source):
    assert quote_bareword_lists(source) == source


def test_the_grammar_rejects_what_the_normalisation_does_not_cover():
    assert syntax_errors("Get-X | Format-List Identity, TarpitInterval") == []
    assert syntax_errors("Set-X -Value $(") != []
    assert syntax_errors("if ($a -gt 1) { 'x'") != []
    assert syntax_errors("Get-Message -Filter \"MessageSourceName -eq 'DSN'\" -ResultSize Unlimited") == []
