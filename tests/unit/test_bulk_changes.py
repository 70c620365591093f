"""The bulk-change rule: a Get-* cmdlet that chooses nothing, piped into a change, is found wherever it hides; a change
the technician scoped (an identity, -Filter, Where-Object) and text that only looks like one are left alone."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from macros.bulk_changes import find_bulk_changes
from macros.loader import CHANGING_KINDS, POWERSHELL_FORMATS, load_catalog
from support import ROOT

REFUSED = [
    # (snippet, Get-* cmdlet, change as reported, offset of the Get-* name)
    ("Get-ReceiveConnector | Set-ReceiveConnector -TarpitInterval '00:00:05'",
     "Get-ReceiveConnector", "Set-ReceiveConnector", 0),
    ("get-receiveconnector | set-receiveconnector -TarpitInterval '00:00:05'",
     "get-receiveconnector", "set-receiveconnector", 0),
    ("Get-ReceiveConnector -Server SBS01 | Set-ReceiveConnector -TarpitInterval '00:00:05'",
     "Get-ReceiveConnector", "Set-ReceiveConnector", 0),
    ("Get-TransportAgent | Disable-TransportAgent", "Get-TransportAgent", "Disable-TransportAgent", 0),
    ("Get-TransportAgent | Enable-TransportAgent", "Get-TransportAgent", "Enable-TransportAgent", 0),
    ("Get-Message | Remove-Message -WithNDR $false", "Get-Message", "Remove-Message", 0),
    ("Get-RemoteDomain | Sort-Object Name | Set-RemoteDomain -NDREnabled $false",
     "Get-RemoteDomain", "Set-RemoteDomain", 0),
    ("Get-Mailbox | ForEach-Object { Set-Mailbox $_ -X 1 }", "Get-Mailbox", "ForEach-Object { Set-Mailbox … }", 0),
    ("Get-Mailbox | % { Set-Mailbox $_ -X 1 }", "Get-Mailbox", "% { Set-Mailbox … }", 0),
    ("(Get-ReceiveConnector) | Set-ReceiveConnector -A 1", "Get-ReceiveConnector", "Set-ReceiveConnector", 1),
    ("@(Get-ReceiveConnector) | Set-ReceiveConnector -A 1", "Get-ReceiveConnector", "Set-ReceiveConnector", 2),
    ("$(Get-ReceiveConnector) | Set-ReceiveConnector -A 1", "Get-ReceiveConnector", "Set-ReceiveConnector", 2),
    ("$r = $(Get-TransportAgent | Enable-TransportAgent)", "Get-TransportAgent", "Enable-TransportAgent", 7),
    ("foreach ($q in @(Get-Queue)) {\n  Get-ReceiveConnector |\n    Set-ReceiveConnector -A 1\n}",
     "Get-ReceiveConnector", "Set-ReceiveConnector", 33),
    ("Write-Output 'x'; Get-A |\nSet-A", "Get-A", "Set-A", 18),
]

ALLOWED = [
    "Get-ReceiveConnector 'SBS01\\Default SBS01' | Set-ReceiveConnector -TarpitInterval '00:00:05'",
    "Get-ReceiveConnector -Identity 'SBS01\\Internet' | Set-ReceiveConnector -TarpitInterval '00:00:05'",
    "Get-ReceiveConnector -Identity:'SBS01\\Internet' | Set-ReceiveConnector -TarpitInterval '00:00:05'",
    "Set-ReceiveConnector -Identity 'SBS01\\Internet' -TarpitInterval '00:00:05'",
    'Get-Queue -Filter "MessageCount -gt 100" | Suspend-Queue',
    "Get-Message -Filter \"MessageSourceName -eq 'DSN'\" | Remove-Message -WithNDR $false",
    "Remove-Message -Filter \"MessageSourceName -eq 'DSN'\" -WithNDR $false",
    "Get-TransportAgent | Where-Object { $_.Identity -like 'Recipient*' } | Enable-TransportAgent",
    "Get-TransportAgent | ? { $_.Enabled } | Disable-TransportAgent",
    "Get-RemoteDomain | Format-List Name, NDREnabled",
    "Get-ReceiveConnector | Format-List Identity; Set-ReceiveConnector -Identity 'S\\C' -A 1",
    "Get-ReceiveConnector\nSet-ReceiveConnector -Identity 'S\\C' -A 1",
    "'Get-ReceiveConnector | Set-ReceiveConnector'",
    "\"Get-ReceiveConnector | Set-ReceiveConnector\"",
    "# Get-ReceiveConnector | Set-ReceiveConnector\nGet-ReceiveConnector | Format-List",
    "@'\nGet-ReceiveConnector | Set-ReceiveConnector\n'@",
    "Get-ItemProperty -Path 'HKLM:\\SOFTWARE' | Format-List",
]


@pytest.mark.parametrize("script, source, change, offset", REFUSED, ids=[case[0][:50] for case in REFUSED])
def test_unfiltered_bulk_change_is_found(script, source, change, offset):
    found = find_bulk_changes(script)
    assert [(f.source, f.change, f.offset) for f in found] == [(source, change, offset)]
    assert script[offset:offset + len(source)] == source   # the offset points at the Get-* cmdlet itself


@pytest.mark.parametrize("script", ALLOWED, ids=[case[:50] for case in ALLOWED])
def test_scoped_change_or_plain_text_is_left_alone(script):
    assert find_bulk_changes(script) == []


def test_message_names_both_cmdlets_and_the_ways_out():
    message = find_bulk_changes("Get-ReceiveConnector | Set-ReceiveConnector -A 1")[0].message()
    assert message == ("'Get-ReceiveConnector | Set-ReceiveConnector' changes every object Get-ReceiveConnector "
                       "returns: name the object with -Identity, or let the technician choose with -Filter or "
                       "Where-Object")


def test_no_change_on_the_site_touches_every_object_of_a_kind():
    # The rule is enforced by the loader; this pins that every apply and revert was actually looked at.
    checked = [s for c in load_catalog(ROOT).checklists for i in c.items for s in i.snippets
               if s.kind in CHANGING_KINDS and s.format in POWERSHELL_FORMATS]
    assert len(checked) >= 8
    assert all(find_bulk_changes(snippet.template) == [] for snippet in checked)


# Property-based: the rule reads arbitrary text without failing, and on generated pipelines it refuses exactly the
# unscoped ones, however they are nested.

NOUNS = st.sampled_from(["ReceiveConnector", "TransportAgent", "Message", "RemoteDomain", "Mailbox"])
CHANGE_VERBS = st.sampled_from(["Set", "Remove", "Disable", "Enable", "set", "REMOVE"])
SCOPES = st.sampled_from([("", False), (" -Server SBS01", False), (" -ResultSize Unlimited", False),
                          (" 'SBS01\\Internet'", True), (" -Identity 'SBS01\\Internet'", True),
                          (' -Filter "Name -like \'x*\'"', True)])
MIDDLES = st.lists(st.sampled_from(["Sort-Object Name", "Select-Object Identity", "Write-Verbose 'x'"]), max_size=2)
WRAPPERS = st.sampled_from(["{}", "foreach ($x in @(1)) {{\n  {}\n}}", "$r = $({})", "if ($true) {{ {} }}",
                            "Write-Output 'a'; {}", "{} ; Write-Output 'b'"])


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_any_text_is_read_without_failing(script):
    for change in find_bulk_changes(script):
        assert script[change.offset:change.offset + len(change.source)] == change.source


@given(st.text(alphabet="Get-Set|(){}@$'\"`#;\n -Identity", max_size=120))
@settings(max_examples=500)
def test_powershell_punctuation_is_read_without_failing(script):
    for change in find_bulk_changes(script):
        assert script[change.offset:change.offset + len(change.source)] == change.source


@given(NOUNS, SCOPES, MIDDLES, CHANGE_VERBS, st.booleans(), WRAPPERS)
def test_generated_pipeline_is_refused_exactly_when_unscoped(noun, scope, middles, verb, where, wrapper):
    scope_text, scoped = scope
    stages = [f"Get-{noun}{scope_text}", *middles]
    if where:
        stages.append("Where-Object { $_.Name -like 'x*' }")
    stages.append(f"{verb}-{noun} -Confirm:$false")
    script = wrapper.format(" | ".join(stages))
    found = find_bulk_changes(script)
    assert bool(found) == (not scoped and not where), script
    quoted = "'" + script.replace("'", "''") + "'"   # the same text inside a string is only text
    assert find_bulk_changes(quoted) == []
