"""No input ends in a traceback: arbitrary bytes, YAML and JSON given to the checklist validator and to the report
CLI each get clear lines, the documented exit status (1) and nothing else. Hypothesis generates the inputs; the two
inputs that once escaped (a NUL byte in a checklist, an export nested thousands of levels deep) are kept as fixed
cases."""
from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.outside_test import VERDICTS, last_outside_test, outside_test_cell
from macros.progress_file import item_entry, local_minute, shown_minute
from macros.vocabulary import MAIL_LOGS_FIELDS, MAIL_LOGS_FILE_FIELDS, STATUS_LABELS
from support import EXPORT_VECTORS, ROOT


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


VALIDATE = _script("validate_checklists")
REPORT = _script("report")


def _run(main, argv: list[str]) -> tuple[int, str, str]:
    """A CLI's main() in this process: any exception escaping it fails the test with its traceback."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project folder with the real platforms and schemas and one checklist file the tests overwrite."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "checklists" / "platforms", root / "checklists" / "platforms")
    shutil.copy(ROOT / "checklists" / "checklist.schema.json", root / "checklists")
    return root


def _validate(project: Path, raw: bytes) -> tuple[int, str, str]:
    (project / "checklists" / "fuzz.yaml").write_bytes(raw)
    return _run(VALIDATE.main, [str(project)])


def _assert_refused_clearly(status: int, out: str, err: str) -> None:
    assert status == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines[-1].endswith("found.") and all(line.startswith("checklists/fuzz.yaml:") for line in lines[:-1])
    assert "Traceback" not in err


# Integers of thousands of digits, as text: Python refuses to read more than 4,300 digits (and so cannot even
# print such an int), JSON.parse reads them as Infinity.
HUGE_INTEGER_TEXTS = st.tuples(st.integers(min_value=4290, max_value=5200), st.sampled_from(["", "-"]),
                               st.sampled_from("123456789")).map(lambda t: t[1] + t[2] * t[0])
YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=25)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_any_bytes_as_a_checklist_get_clear_lines(project, raw):
    status, out, err = _validate(project, raw)
    if status == 0:   # a few bytes are never a valid checklist, but nothing forbids it: then it is simply valid
        assert "all valid" in out
    else:
        _assert_refused_clearly(status, out, err)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(["schema_version", "id", "title", "summary", "platforms", "items",
                                             "short_title", "x"]), YAML_VALUES, max_size=7))
def test_any_yaml_as_a_checklist_gets_clear_lines(project, data):
    status, out, err = _validate(project, yaml.safe_dump(data, allow_unicode=True).encode("utf-8"))
    _assert_refused_clearly(status, out, err)


@pytest.mark.parametrize("raw", [b"schema_version: 1\nid: x\x00\n", b"\x00", b"id: \xff\xfe", b"[" * 20000,
                                 b"a:\n" + b"".join(b"  " * n + b"b:\n" for n in range(1, 1200)),
                                 "title: \u2028\ufeff\U0001f600".encode("utf-16"),
                                 b"schema_version: 1\nid: " + b"9" * 5000, b"schema_version: " + b"1" * 4400])
def test_inputs_that_once_escaped_get_one_line_each(project, raw):
    status, out, err = _validate(project, raw)
    _assert_refused_clearly(status, out, err)
    assert len(err.strip().splitlines()) == 2


# YAML scalars as an author might type them where a number or a text belongs: huge integers, floats past a double,
# the special floats, timestamps and tags that build sets or bytes.
YAML_SCALAR_TEXTS = st.one_of(
    HUGE_INTEGER_TEXTS, st.integers().map(str),
    st.sampled_from(["1e999", "-1e999", ".nan", ".NaN", ".inf", "-.Inf", "0x" + "f" * 5000, "0o777", "1_000",
                     "2001-12-14t21:59:43.10-05:00", "2002-12-14", "!!binary aGVsbG8=", "!!set {a, b}",
                     "!!timestamp 2001-12-14", "!!float 1e400", "!!int " + "9" * 5000, "~", "null", "yes"]),
    st.floats().map(repr))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(scalar=YAML_SCALAR_TEXTS, where=st.sampled_from(["        default: 5\n", "schema_version: 1\n",
                                                        "        min: 1\n", "        max: 10\n"]))
def test_any_scalar_in_a_real_checklist_gets_clear_lines_or_passes(project, scalar, where):
    source = (ROOT / "checklists" / "tarpit.yaml").read_text(encoding="utf-8").replace("id: tarpit", "id: fuzz")
    key = where.split(":")[0]
    status, out, err = _validate(project, source.replace(where, f"{key}: {scalar}\n", 1).encode("utf-8"))
    if status == 0:
        assert "all valid" in out
    else:
        _assert_refused_clearly(status, out, err)


def _report(tmp_path: Path, raw: bytes) -> tuple[int, str, str]:
    path = tmp_path / "export.json"
    path.write_bytes(raw)
    return _run(REPORT.main, [str(path)])


# Texts with lone surrogates too (JSON escapes them, "\\ud800").
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=20)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=30)
EXPORT_LIKE = st.fixed_dictionaries(
    {"format": st.sampled_from(["sbskb-progress", "x"]), "version": st.sampled_from([1, 2, 3, 4, "1", True]),
     "clients": st.lists(st.dictionaries(st.sampled_from(["id", "name", "platform", "values", "before", "items",
                                                          "mailLogs", "x"]), JSON_VALUES, max_size=6), max_size=3)})
# JSON text for one value: anything json.dumps writes, integers of thousands of digits, numbers past a double, the
# constants Python reads and JSON.parse does not, and lone surrogates.
JSON_VALUE_TEXTS = st.one_of(
    JSON_VALUES.map(json.dumps), HUGE_INTEGER_TEXTS,
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400", "-1e400", '"\\ud800"', '"a\\udfffb"',
                     '"\\udc80\\ud800"']))
# A valid version 2 file whose client name, a value or the version is replaced by any such text.
def _near_valid(name: str, value: str, version: str) -> str:
    return ('{"format": "sbskb-progress", "version": ' + version + ', "clients": [{"id": "a", "name": {"value": '
            + name + '}, "values": {"tarpit_seconds": {"value": ' + value + '}}, "items": {}}]}')


# Names that hold a lone surrogate among other characters: json.dumps writes it as an escape.
SURROGATE_TEXTS = st.lists(st.characters(categories=["Cs"]) | st.characters(), min_size=1, max_size=12).map("".join)
NEAR_VALID = st.tuples(JSON_VALUE_TEXTS | SURROGATE_TEXTS.map(json.dumps), st.just('"5"') | JSON_VALUE_TEXTS,
                       st.just("2") | JSON_VALUE_TEXTS,
                       ANY_TEXT).map(lambda t: (_near_valid(t[0], t[1], t[2]), t[3]))


def _writable(text: str) -> bool:
    """Whether a CLI's output can be written as UTF-8: in this process it goes to a StringIO, which takes anything."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(JSON_VALUES, EXPORT_LIKE))
def test_any_json_given_to_the_report_cli_gets_clear_lines(tmp_path, data):
    status, out, err = _report(tmp_path, json.dumps(data).encode("utf-8"))
    assert status in (0, 1) and "Traceback" not in err and _writable(out)
    if status == 1:
        assert out == "" and err.strip()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=NEAR_VALID)
def test_any_value_in_a_valid_export_gives_a_writable_report_or_clear_lines(tmp_path, case):
    raw, technician = case
    path = tmp_path / "export.json"
    path.write_bytes(raw.encode("utf-8"))
    status, out, err = _run(REPORT.main, [str(path), f"--technician={technician}"])
    assert status in (0, 1, 2) and "Traceback" not in err and _writable(out)
    if status != 0:
        assert out == "" and err.strip()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200))
def test_any_bytes_given_to_the_report_cli_get_clear_lines(tmp_path, raw):
    status, out, err = _report(tmp_path, raw)
    assert status == 1 and out == "" and err.strip() and "Traceback" not in err


@pytest.mark.parametrize("depth", [3000, 100000])
def test_an_export_nested_thousands_deep_gets_one_line(tmp_path, depth):
    raw = ('{"format":"sbskb-progress","version":2,"clients":[{"id":"a","name":{"value":"n"},"items":{"x":'
           + '{"a":' * depth + "1" + "}" * depth + "}}]}").encode()
    status, out, err = _report(tmp_path, raw)
    assert status == 1 and out == "" and err.strip().count("\n") == 0 and "nested too deeply" in err


# A valid version 3 file whose item entry has any value in each of its timed fields (or in place of a field).
def _near_valid_v3(status: str, note: str, evidence: str, revert_default: str) -> str:
    return ('{"format": "sbskb-progress", "version": 3, "clients": [{"id": "a", "name": {"value": "n"}, '
            '"platform": {"value": "sbs2003"}, "items": {"set-tarpit-delay": {"status": {"value": ' + status
            + ', "changed": "2026-12-05T00:00:00Z"}, "note": ' + note + ', "evidence": {"value": ' + evidence
            + '}, "revertDefault": {"value": ' + revert_default + '}}}}]}')


NEAR_VALID_V3 = st.tuples(st.just('"done"') | JSON_VALUE_TEXTS, st.just('{"value": "x"}') | JSON_VALUE_TEXTS,
                          st.just('"e"') | JSON_VALUE_TEXTS, st.just("true") | JSON_VALUE_TEXTS)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=NEAR_VALID_V3)
def test_any_value_in_a_version_3_item_entry_gives_a_report_or_clear_lines(tmp_path, case):
    path = tmp_path / "export.json"
    path.write_bytes(_near_valid_v3(*case).encode("utf-8"))
    status, out, err = _run(REPORT.main, [str(path)])
    assert status in (0, 1) and "Traceback" not in err and _writable(out)
    if status == 1:
        assert out == "" and err.strip()


# A valid version 4 file whose kept mail-log summary has any value in one of its fields, or in one of its first
# file's fields (or in place of the summary).
_KEPT = next(v for v in EXPORT_VECTORS["export"] if v["name"].startswith("version 4: a kept mail-log summary"))
_SPOT = '"@@spot@@"'


def _near_valid_v4(field: str, value: str) -> str:
    file = json.loads(json.dumps(_KEPT["file"]))
    kept = file["clients"][0]["mailLogs"]
    if field == "value":
        kept["value"] = json.loads(_SPOT)
    elif field.startswith("files."):
        kept["value"]["files"][0][field.removeprefix("files.")] = json.loads(_SPOT)
    else:
        kept["value"][field] = json.loads(_SPOT)
    return json.dumps(file).replace(_SPOT, value)


NEAR_VALID_V4 = st.tuples(st.sampled_from(["value", *MAIL_LOGS_FIELDS, *(f"files.{f}" for f in MAIL_LOGS_FILE_FIELDS)]),
                          JSON_VALUE_TEXTS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=NEAR_VALID_V4)
def test_any_value_in_a_kept_mail_log_summary_gives_a_report_or_clear_lines(tmp_path, case):
    path = tmp_path / "export.json"
    path.write_bytes(_near_valid_v4(*case).encode("utf-8"))
    status, out, err = _run(REPORT.main, [str(path)])
    assert status in (0, 1) and "Traceback" not in err and _writable(out)
    if status == 1:
        assert out == "" and err.strip()


@settings(max_examples=300, deadline=None)
@given(raw=JSON_VALUES | st.dictionaries(st.sampled_from(["status", "note", "evidence", "revertDefault", "changed",
                                                          "done"]), JSON_VALUES, max_size=5))
def test_any_stored_entry_reads_as_an_entry(raw):
    """What a stored or imported entry reads as, whatever it holds: never an exception, always the right kinds."""
    entry = item_entry({"a": raw}, "a")
    assert entry["status"] in STATUS_LABELS and isinstance(entry["note"], str) and isinstance(entry["evidence"], str)
    assert isinstance(entry["revertDefault"], bool) and (entry["changed"] is None or isinstance(entry["changed"], str))


# Any text and offset to the date rule, any text as an item's evidence: a date or an em dash, a run or None.
OFFSETS = st.integers() | st.floats(allow_nan=True) | st.none() | st.booleans() | ANY_TEXT
CHANGE_TIMES = ANY_TEXT | st.datetimes(timezones=st.timezones()).map(lambda when: when.isoformat()) | st.sampled_from(
    ["1970-01-01T00:00:00+23:59", "9998-12-31T23:59:59-23:59", "2026-11-28T03:00:59.9999999Z"])


@settings(max_examples=300, deadline=None)
@given(text=CHANGE_TIMES | JSON_VALUES, offset=OFFSETS)
def test_any_time_and_offset_give_a_minute_or_a_dash(text, offset):
    for shown in (local_minute(text, offset), shown_minute(text)):
        assert shown == "\u2014" or re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}", shown)


# Evidence as the probe writes it, cut anywhere and mixed with any text.
PROBE_LINES = st.sampled_from([
    "Outside test by probe.py, 2026-12-04T23:34:05+00:00, of contoso.com:",
    "- mail.contoso.com (203.0.113.5): PASS; known-recipient 250, unknown-recipient 550 after 5.1 s",
    "- backup.isp.example (198.51.100.7): FAIL", "- (x): WARN;", "- a (b) (c): ERROR; (", "",
    "Outside test by probe.py, "])
EVIDENCE = st.lists(PROBE_LINES | ANY_TEXT, max_size=12).map("\n".join) | JSON_VALUES


@settings(max_examples=300, deadline=None)
@given(evidence=EVIDENCE, offset=OFFSETS)
def test_any_evidence_gives_a_run_or_none_and_a_cell(evidence, offset):
    test = last_outside_test(evidence)
    assert test is None or (test["verdict"] in VERDICTS and all(h["verdict"] in VERDICTS for h in test["hosts"]))
    assert isinstance(outside_test_cell(test, offset), str)
