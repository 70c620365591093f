"""Values recorded before a change (macros/before_values.py): the shared vectors, real check output, and properties
that hold for any text: no exception, and nothing but a canonical value ever comes out to reach a revert."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros import before_values, vocabulary
from macros.before_values import SettingSpec, canonical, format_list_records, is_value, parse
from macros.vocabulary import ABSENT, BEFORE_VALUE_PATTERN, DWORD_MAX, SETTING_TYPES, TIMESPAN_DAYS_MAX, decimal_at_most
from support import ROOT

BEFORE_VECTORS = json.loads((ROOT / "tests" / "vectors" / "before-vectors.json").read_text(encoding="utf-8"))
SAMPLES = ROOT / "tests" / "fixtures" / "check-output"
SPECS = [SettingSpec("tarpit-time", "dword", "TarpitTime"),
         SettingSpec("tarpit-interval", "timespan", "TarpitInterval", "receive_connector"),
         SettingSpec("ndr-enabled", "boolean", "NDREnabled"),
         SettingSpec("apply-recipient-filter", "box")]


def _spec(vector: dict) -> SettingSpec:
    spec = vector["spec"]
    return SettingSpec(spec["id"], spec["type"], spec["property"], spec["object"])


def _text(vector: dict) -> str:
    return vector["text"] * vector.get("repeat", 1)


@pytest.mark.parametrize("vector", BEFORE_VECTORS["parse"], ids=lambda v: v["name"])
def test_parse_vectors(vector):
    parsed = parse(_spec(vector), _text(vector), vector["identity"])
    expected = vector["expected"]
    assert parsed.ok == expected["ok"]
    assert (parsed.value if parsed.ok else parsed.message) == (expected["value"] if parsed.ok else expected["message"])


def test_every_type_has_vectors_for_typed_pasted_and_refused_text():
    kinds = {(v["spec"]["type"], v["expected"]["ok"], "\n" in v["text"]) for v in BEFORE_VECTORS["parse"]}
    for kind in ("dword", "timespan", "boolean"):
        assert {(kind, True, False), (kind, True, True), (kind, False, False)} <= kinds, kind
    assert {("box", True, False), ("box", False, False)} <= kinds


TYPED = st.text(st.characters(codec="utf-8"), max_size=40)
PASTED = st.lists(st.one_of(
    st.sampled_from(["TarpitTime", "TarpitInterval", "NDREnabled", "Identity", "REG_DWORD", "REG_SZ", "0x", ":", " : ",
                     "    ", "\n", "\r\n", "\u2028", "ERROR: The system was unable to find the specified registry key "
                     "or value.", "Property TarpitTime does not exist at path", "SBS01\\Default SBS01", "True",
                     "00:00:05", "absent", "\x00", "'", "<b>", "$(x)", "\t"]),
    TYPED), max_size=30).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(spec=st.sampled_from(SPECS), text=st.one_of(TYPED, PASTED), identity=st.one_of(st.just(""), TYPED))
def test_any_text_gives_a_canonical_value_or_a_message(spec, text, identity):
    parsed = parse(spec, text, identity)
    if parsed.ok:
        # Only this reaches a revert: it is one of the type's own values, nothing of the pasted text besides.
        assert canonical(spec, parsed.value) == parsed.value
        assert re.search(vocabulary.BEFORE_VALUE_PATTERN, parsed.value) and parsed.value != ""
    else:
        assert parsed.message and "\n" not in parsed.message


def test_a_wrapped_format_list_value_is_joined():
    text = ("Identity         : SBS01\\Windows SBS Internet Receive\n                   SBS01\n"
            "TarpitInterval   : 00:00:05\n")
    assert format_list_records(text) == [{"Identity": "SBS01\\Windows SBS Internet Receive SBS01",
                                          "TarpitInterval": "00:00:05"}]


def test_a_value_recorded_for_another_connector_is_not_restored_for_this_one():
    recorded = {"value": "00:00:10", "object": "SBS01\\Internet"}
    assert before_values.restore("00:00:05", recorded, "SBS01\\ internet", True).source == "recorded"
    other = before_values.restore("00:00:05", recorded, "SBS01\\Relay", True)
    assert (other.source, other.value) == ("other-object", "")   # no default in its place either
    assert before_values.restore("unconfirmed", None).source == "unconfirmed"
    assert before_values.restore("unconfirmed", {"value": ""}).source == "unconfirmed"


@pytest.mark.parametrize("default", ["absent", "00:00:05", "False", "True", "0"])
def test_nothing_recorded_gives_no_revert_whatever_the_default(default):
    # corrections-2 §16: a default written in place of the client's value destroys whatever the client had.
    for recorded in (None, {}, {"value": ""}):
        assert before_values.restore(default, recorded) == before_values.Restore("unrecorded")


def _dword(name: str) -> SettingSpec:
    return SettingSpec("sample", "dword", name)


# Published console output (tests/fixtures/check-output/SOURCES.md) and what each must read as. The registry samples
# are of other values than TarpitTime: reg.exe and Get-ItemProperty print every value the same way.
REAL_SAMPLES = {
    "reg-query-present.txt": (_dword("ldapserverintegrity"), "", before_values.Parsed(True, "1")),
    "reg-query-missing.txt": (_dword("LdapEnforceChannelBinding"), "", before_values.Parsed(True, "absent")),
    "reg-query-present-regexe3-legacy.txt": (_dword("DevicePath"), "", before_values.Parsed(
        False, message="DevicePath is a REG_EXPAND_SZ on this server, not a REG_DWORD: the revert cannot restore "
                       "that, so write it in the note and restore it by hand")),
    "get-itemproperty-present.txt": (_dword("SMB1"), "", before_values.Parsed(True, "1")),
    "get-itemproperty-missing.txt": (_dword("DefaultPassword"), "", before_values.Parsed(True, "absent")),
    "get-itemproperty-present-msdocs.txt": (_dword("DevicePath"), "", before_values.Parsed(
        False, message="expected a registry DWORD from 0 to 4294967295, 'absent', or the check's output pasted in")),
    "get-itemproperty-present-wrapped-80col.txt": (_dword("PSDrive"), "", before_values.Parsed(
        False, message="expected a registry DWORD from 0 to 4294967295, 'absent', or the check's output pasted in")),
    # The poster's paste has no Identity line, so it is read as one object, without choosing a connector.
    "receive-connector-default-frontend-ex2016.txt": (SettingSpec("sample", "timespan", "TarpitInterval"), "",
                                                      before_values.Parsed(True, "00:00:05")),
    "remote-domain-default.txt": (SPECS[2], "", before_values.Parsed(True, "True")),
    "format-list-wrapped-continuation-lync.txt": (SettingSpec("sample", "boolean", "BWAlternatePaths"), "",
                                                  before_values.Parsed(False, message=(
                                                      "BWAlternatePaths shows \u201c{BWPolicyModality=Audio;"
                                                      "AlternatePath=True, BWPolicyModality=Video;AlternatePath=True}"
                                                      "\u201d, not 'True' or 'False'"))),
}


@pytest.mark.parametrize("name", sorted(REAL_SAMPLES))
@pytest.mark.parametrize("line_end", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_real_check_output_is_read(name, line_end):
    # As copied from a console: CRLF, and the blank lines Format-List prints before and after.
    text = (SAMPLES / name).read_text(encoding="utf-8").replace("\n", line_end)
    spec, identity, expected = REAL_SAMPLES[name]
    assert parse(spec, line_end * 2 + text + line_end * 2, identity) == expected


def test_every_real_sample_is_tested():
    assert {path.name for path in SAMPLES.glob("*.txt")} == set(REAL_SAMPLES)


NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases=st.lists(st.tuples(st.sampled_from(SPECS), st.one_of(TYPED, PASTED), st.one_of(st.just(""), TYPED)),
                      min_size=20, max_size=20))
def test_the_browser_reads_any_text_as_python_does(cases):
    """before.js against this module on the same generated texts, run in Node (the e2e tests run the vectors in
    Chromium)."""
    inputs = [{"spec": {"id": s.id, "type": s.type, "property": s.property, "object": s.object}, "text": t,
               "identity": i} for s, t, i in cases]
    browser = _run_in_node(inputs)
    for case, result in zip(inputs, browser, strict=True):
        parsed = parse(SettingSpec(**case["spec"]), case["text"], case["identity"])
        python = {"ok": True, "value": parsed.value} if parsed.ok else {"ok": False, "message": parsed.message}
        assert result == python, case


_NODE_RUNNER = """
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
const [vocabularyText, folder] = process.argv.slice(1);
const { setVocabulary } = await import(pathToFileURL(folder + "/vocabulary.js"));
const before = await import(pathToFileURL(folder + "/before.js"));
setVocabulary(JSON.parse(vocabularyText));
const inputs = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(inputs.map(c => before.parse(c.spec, c.text, c.identity))));
"""


def _run_in_node(inputs: list[dict]) -> list[dict]:
    """browser/before.js, the ES module itself (not the built bundle), in Node."""
    result = subprocess.run(
        [NODE, "--input-type=module", "-e", _NODE_RUNNER, json.dumps(vocabulary.browser_vocabulary()),
         str(ROOT / "browser")],
        input=json.dumps(inputs), capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


# --- One value shape: before_values.canonical defines it; the loader, the export rules and the browser keep to it --

def _is_recorded(text: str) -> bool:
    """What an export file may hold as a value before the change: '' (no longer recorded), 'absent', or a value of
    some setting type in its canonical form."""
    return text in ("", ABSENT) or any(is_value(kind, text) for kind in SETTING_TYPES)


_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=11)
_AROUND_LIMITS = st.sampled_from([str(DWORD_MAX + d) for d in (-1, 0, 1)] + [str(TIMESPAN_DAYS_MAX + d) for d in
                                                                             (-1, 0, 1)] + ["0", "00", "01"])
RECORDED_TEXTS = st.one_of(
    _DIGITS, _AROUND_LIMITS,
    st.tuples(st.one_of(st.just(""), (_DIGITS | _AROUND_LIMITS).map(lambda d: d + ".")),
              st.text(alphabet="0123456789", min_size=1, max_size=3), st.text(alphabet="0123456789", min_size=1,
                                                                              max_size=3),
              st.text(alphabet="0123456789", min_size=1, max_size=3),
              st.one_of(st.just(""), st.text(alphabet="0123456789", min_size=0, max_size=8).map(lambda f: "." + f)))
    .map(lambda t: f"{t[0]}{t[1]}:{t[2]}:{t[3]}{t[4]}"),
    st.sampled_from(["", "absent", "Absent", "True", "true", "False", "$false", "ticked", "not ticked", " ticked"]),
    st.text(max_size=12))


@settings(max_examples=2000, deadline=None)
@given(text=RECORDED_TEXTS)
def test_the_export_pattern_accepts_exactly_the_canonical_values(text):
    # BEFORE_VALUE_PATTERN is what the browser and the published schema check; canonical is the one definition.
    assert bool(re.fullmatch(BEFORE_VALUE_PATTERN, text)) == _is_recorded(text), text


@settings(max_examples=500, deadline=None)
@given(limit=st.integers(min_value=1, max_value=10**12), number=st.integers(min_value=0, max_value=10**13),
       zero=st.booleans(), leading=st.booleans())
def test_decimal_at_most_matches_exactly_the_numbers_up_to_its_limit(limit, number, zero, leading):
    text = ("0" if leading else "") + str(number)
    expected = not (leading and text != "0") and (number >= 1 or zero) and number <= limit and text == str(number)
    assert bool(re.fullmatch(decimal_at_most(limit, zero=zero), text)) == expected, (limit, text)


@pytest.mark.parametrize("text", ["24:00:00", "99:00:00", "0.00:00:05"])
def test_time_spans_the_loader_once_took_are_no_values_and_have_a_shared_vector(text):
    # The browser reads each as the shared vector says: refused, or rewritten to its canonical form.
    assert not is_value("timespan", text)
    assert any(v["spec"]["type"] == "timespan" and v["text"] == text for v in BEFORE_VECTORS["parse"])


@pytest.mark.parametrize("default", ["absent", "00:00:05", "False", "0"])
def test_the_default_stands_in_only_where_the_technician_chose_it(default):
    """'Restore Microsoft's default instead': for a setting nobody recorded, and never for an unconfirmed default, a
    recorded value or one read from another connector."""
    for recorded in (None, {}, {"value": ""}):
        assert before_values.restore(default, recorded, use_default=True) == before_values.Restore("default", default)
    assert before_values.restore("unconfirmed", None, use_default=True) == before_values.Restore("unconfirmed")
    assert before_values.restore(default, {"value": "7"}, use_default=True) == before_values.Restore("recorded", "7")
    other = before_values.restore(default, {"value": "7", "object": "SBS01\\Relay"}, "SBS01\\Internet", True, True)
    assert other == before_values.Restore("other-object")


def test_a_record_of_the_wrong_type_is_no_record_and_no_default_stands_in_for_it():
    spec = SettingSpec("tarpit-interval", "timespan", "TarpitInterval")
    for use_default in (False, True):
        assert before_values.restore_for(spec, "00:00:05", {"value": "ticked"}, use_default=use_default) == \
            before_values.Restore("unreadable")
    assert not before_values.default_offered({"a": before_values.Restore("unreadable")})


def test_the_default_is_offered_only_when_every_missing_setting_has_a_confirmed_one():
    Restore = before_values.Restore
    offered = before_values.default_offered
    assert offered({"a": Restore("unrecorded"), "b": Restore("recorded", "5")})
    assert offered({"a": Restore("default", "absent")})
    assert not offered({"a": Restore("recorded", "5")})   # nothing missing: nothing to choose
    assert not offered({"a": Restore("unrecorded"), "b": Restore("unconfirmed")})
    assert not offered({"a": Restore("unrecorded"), "b": Restore("other-object")})
