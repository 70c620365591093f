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
    ("Get-ReceiveConnector | # every connector\nSet-ReceiveConnector -A 1",
     "Get-ReceiveConnector", "Set-ReceiveConnector", 0),
    ("Get-ReceiveConnector | %{ Set-ReceiveConnector $_.Identity -A 1 }",
     "Get-ReceiveConnector", "% { Set-ReceiveConnector … }", 0),
    ("Get-ReceiveConnector | foreach{ Set-ReceiveConnector $_.Identity -A 1 }",
     "Get-ReceiveConnector", "foreach { Set-ReceiveConnector … }", 0),
    ("Get-ReceiveConnector | ForEach-Object { if ($_.Enabled) { Set-ReceiveConnector $_.Identity -A 1 } }",
     "Get-ReceiveConnector", "ForEach-Object { Set-ReceiveConnector … }", 0),
    ("foreach ($c in Get-ReceiveConnector) { Set-ReceiveConnector $c.Identity -A 1 }",
     "Get-ReceiveConnector", "foreach { Set-ReceiveConnector … }", 15),
    ("foreach($c in @(Get-ReceiveConnector)){$c | Set-ReceiveConnector -A 1}",
     "Get-ReceiveConnector", "foreach { Set-ReceiveConnector … }", 16),
    ("(Get-ReceiveConnector).ForEach({ Set-ReceiveConnector $_.Identity -A 1 })",
     "Get-ReceiveConnector", ".ForEach({ Set-ReceiveConnector … })", 1),
    ("Get-ReceiveConnector * | Set-ReceiveConnector -A 1", "Get-ReceiveConnector", "Set-ReceiveConnector", 0),
    ("Get-ReceiveConnector -Identity 'SBS01\\*' | Set-ReceiveConnector -A 1",
     "Get-ReceiveConnector", "Set-ReceiveConnector", 0),
    ("Get-ReceiveConnector | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights x",
     "Get-ReceiveConnector", "Add-ADPermission", 0),
    ("Get-Queue | Suspend-Queue", "Get-Queue", "Suspend-Queue", 0),
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
    "Get-TransportAgent | ?{ $_.Identity -like 'Recipient*' } | Enable-TransportAgent",
    "foreach ($c in Get-ReceiveConnector | Where-Object { $_.Name -eq 'x' }) { Set-ReceiveConnector $c.Identity }",
    "foreach ($c in Get-ReceiveConnector 'SBS01\\Internet') { Set-ReceiveConnector $c.Identity -A 1 }",
    "foreach ($q in Get-Queue) { Set-ReceiveConnector -Identity 'SBS01\\Internet' -A 1 }",
    "(Get-ReceiveConnector).Where({ $_.Name -eq 'x' }).ForEach({ Set-ReceiveConnector $_.Identity })",
    "(Get-ReceiveConnector).Where({ $_.Name -eq 'x' }) | Set-ReceiveConnector -A 1",
    "foreach ($m in @(Get-WmiObject -Class Exchange_SMTPQueue)) { [void]$m.DeleteNoNDR() }",
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
CHANGE_VERBS = st.sampled_from(["Set", "Remove", "Disable", "Enable", "set", "REMOVE", "Add", "Suspend"])
SCOPES = st.sampled_from([("", False), (" -Server SBS01", False), (" -ResultSize Unlimited", False),
                          (" 'SBS01\\Internet'", True), (" -Identity 'SBS01\\Internet'", True),
                          (' -Filter "Name -like \'x*\'"', True)])
MIDDLES = st.lists(st.sampled_from(["Sort-Object Name", "Select-Object Identity", "Write-Verbose 'x'"]), max_size=2)
WRAPPERS = st.sampled_from(["{}", "foreach ($x in @(1)) {{\n  {}\n}}", "$r = $({})", "if ($true) {{ {} }}",
                            "Write-Output 'a'; {}", "{} ; Write-Output 'b'", "{} # done"])
# How the objects reach the change: a pipeline stage, a ForEach-Object block (spaced or not, nested in an if), a
# foreach loop or a .ForEach() call. {source} is the Get-* stage (with its scope), {change} the changing cmdlet.
ROUTES = st.sampled_from([
    "{source}{middle} | {change} -Confirm:$false",
    "{source}{middle} |\n  {change} -Confirm:$false",
    "{source}{middle} | # each one\n  {change} -Confirm:$false",
    "{source}{middle} | ForEach-Object {{ {change} $_.Identity }}",
    "{source}{middle} | %{{ if ($_) {{ {change} $_.Identity }} }}",
    "foreach ($item in {source}{middle}) {{ {change} $item.Identity }}",
    "({source}{middle}).ForEach({{ {change} $_.Identity }})",
])


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)   # no timing: a loaded CI machine is slow, not wrong
def test_any_text_is_read_without_failing(script):
    for change in find_bulk_changes(script):
        assert script[change.offset:change.offset + len(change.source)] == change.source


@given(st.text(alphabet="Get-Set|(){}@$'\"`#;\n -Identity", max_size=120))
@settings(max_examples=500, deadline=None)
def test_powershell_punctuation_is_read_without_failing(script):
    for change in find_bulk_changes(script):
        assert script[change.offset:change.offset + len(change.source)] == change.source


@given(NOUNS, SCOPES, MIDDLES, CHANGE_VERBS, st.booleans(), ROUTES, WRAPPERS)
@settings(max_examples=1000, deadline=None)
def test_generated_change_is_refused_exactly_when_unscoped(noun, scope, middles, verb, where, route, wrapper):
    scope_text, scoped = scope
    stages = ["", *middles] + (["Where-Object { $_.Name -like 'x*' }"] if where else [])
    script = wrapper.format(route.format(source=f"Get-{noun}{scope_text}", middle=" | ".join(stages).rstrip(" |"),
                                         change=f"{verb}-{noun}"))
    found = find_bulk_changes(script)
    assert bool(found) == (not scoped and not where), script
    quoted = "'" + script.replace("'", "''") + "'"   # the same text inside a string is only text
    assert find_bulk_changes(quoted) == []
