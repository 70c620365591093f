from __future__ import annotations

import pytest

from macros import templating


def test_placeholders_in_order():
    found = templating.placeholders("a {{ x | decimal }} b {{y|ps_quote}}")
    assert [(p.name, p.filter) for p in found] == [("x", "decimal"), ("y", "ps_quote")]


@pytest.mark.parametrize("template", ["{{ x }}", "{{ x | }}", "{{X|decimal}}", "{{ x | decimal", "{{"])
def test_malformed_placeholder_is_a_syntax_error(template):
    with pytest.raises(templating.TemplateSyntaxError):
        templating.placeholders(template)


def test_powershell_braces_are_literal():
    text = "Get-Queue | Where-Object { $_.MessageCount -gt 10 } | ForEach-Object { @{ a = 1 } }"
    assert templating.placeholders(text) == []
    assert templating.render(text, {}) == text


def test_every_filter_escapes_or_formats():
    assert set(templating.FILTERS) == {"decimal", "dword", "timespan", "ps_quote", "ps_bool", "reg_string", "sh_quote",
                                       "smtp_path", "plain"}
    assert templating.sh_quote("o'brien") == "'o'\\''brien'"
    assert templating.smtp_path("o'brien@contoso.com") == "o'brien@contoso.com"
    assert templating.smtp_path("a.@contoso.com") == '"a."@contoso.com'   # not a Dot-string: RFC 5321 quotes it
    assert templating.ps_bool("True") == "$true" and templating.ps_bool("False") == "$false"
    with pytest.raises(KeyError):
        templating.ps_bool("$true; Remove-Item x")
    assert templating.ps_quote("it's") == "'it''s'"
    assert templating.reg_string('a\\"b') == '"a\\\\\\"b"'
    assert templating.dword_hex(10) == "0000000a"
