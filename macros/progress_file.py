"""The progress export file (docs/schemas/progress-v5.schema.json; versions 1 to 4 still read): its checks and how
one item's progress is read.

`export_problems` and `item_entry` are line-for-line the same rules as `importProblems` and `itemEntry` in
browser/ (import-checks.js, mail-log-summary.js, merge.js, entries.js): tests/vectors/export-vectors.json runs both
halves on the same files and expects the same problems, word for word, so the report CLI refuses exactly what the
browser's import refuses. Limits, patterns and statuses come from macros/vocabulary.py. The order of a version 5
field's competing versions is the three-way merge's (docs/downloads/merge_progress.py, its `order_key` and
`canonical`), read from that one file so that the order a file must keep is the order the merge writes.
"""
from __future__ import annotations

import importlib.util
import json
import math
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .vocabulary import (
    BEFORE_FIELDS,
    BEFORE_FIELDS_V5,
    BEFORE_VALUE_PATTERN,
    CLIENT_FIELDS,
    CLIENT_FIELDS_V2,
    CLIENT_FIELDS_V4,
    CLIENT_ID_PATTERN,
    CLIENT_NAME_MAX,
    CLIENTS_MAX,
    CONFLICT_MIN,
    COUNT_MAX,
    ENTRY_FIELDS,
    ENTRY_FIELDS_V2,
    ENTRY_FIELDS_V3,
    EVIDENCE_MAX,
    EVIDENCE_START,
    EXPORT_FORMAT,
    EXPORT_VERSIONS,
    FILE_FIELDS,
    FILE_FIELDS_V5,
    FORBIDDEN_KEYS,
    HOUR_PATTERN,
    ITEM_ID_PATTERN,
    MAIL_LOGS_COUNTS,
    MAIL_LOGS_DOMAINS_MAX,
    MAIL_LOGS_FIELDS,
    MAIL_LOGS_FILE_FIELDS,
    MAIL_LOGS_FILE_NAME_MAX,
    MAIL_LOGS_FILES_MAX,
    MAIL_LOGS_FORMAT_MAX,
    MAIL_LOGS_HOURS_MAX,
    MAIL_LOGS_NEXT_MAX,
    MAIL_LOGS_PER_HOUR,
    MAIL_LOGS_RULE_MAX,
    MAIL_LOGS_TARGET_FIELDS,
    MAIL_LOGS_TARGETS_MAX,
    MAIL_LOGS_VERDICTS,
    NAME_CONTROLS_PATTERN,
    NOTE_MAX,
    PROBLEMS_SHOWN,
    SITE_PATH_PATTERN,
    STATUS_LABELS,
    TECHNICIAN_MAX,
    TIMED_FIELDS,
    TIMED_FIELDS_V5,
    TOMBSTONE_FIELDS,
    VALUE_MAX,
    VALUE_NAME_PATTERN,
)

# docs/downloads/merge_progress.py, the one downloadable file of the team merge, holds the arithmetic of change times
# and the reading of a probe's evidence that both use: written once, there (it imports nothing of the site's).
_MERGE_SPEC = importlib.util.spec_from_file_location(
    "merge_progress", Path(__file__).resolve().parents[1] / "docs" / "downloads" / "merge_progress.py")
_MERGE = importlib.util.module_from_spec(_MERGE_SPEC)
_MERGE_SPEC.loader.exec_module(_MERGE)
change_time = _MERGE.change_time
moment = _MERGE.moment
split_evidence = _MERGE.split_evidence

_QUOTE_OPEN, _QUOTE_CLOSE = "\u201c", "\u201d"
_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]*")


class ExportFileError(ValueError):
    """The export file is not valid; the message lists its problems, one per line."""


def _is_object(value) -> bool:
    return isinstance(value, dict)


def _is_text(value) -> bool:
    return isinstance(value, str)


def _length(text: str) -> int:
    # JavaScript's String.length counts UTF-16 code units; count the same way, or the two halves disagree.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _matches(pattern: str, text: str) -> bool:
    """RegExp.test for the vocabulary's ^…$ patterns: ASCII classes (\\d is 0-9 in JavaScript), and no trailing line
    break before $ (Python's $ allows one, JavaScript's does not)."""
    return re.search(pattern, text, re.ASCII) is not None and not text.endswith("\n")


def _js_keys(value: dict) -> list[str]:
    """Object.keys order: keys that are array indices (0 to 2**32 - 2) first, ascending, then the rest in file
    order. The problems of a file come out in the same order on both sides."""
    def is_index(key: str) -> bool:
        return _ARRAY_INDEX.fullmatch(key) is not None and int(key) < 2**32 - 1

    return sorted((k for k in value if is_index(k)), key=int) + [k for k in value if not is_index(k)]


def _js_truthy(value) -> bool:
    """JavaScript's truthiness: an empty object or list is true there, unlike in Python."""
    if value is None or value is False or value == "":
        return False
    return not (isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0)


# String.prototype.trim's white space and line terminators (ECMA-262), which differ from str.strip()'s.
_JS_BLANKS = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
             "\u2028\u2029\u202f\u205f\u3000\ufeff"


def export_problems(data, platform_ids: list[str]) -> list[str]:
    """Every problem of a parsed export file as "where: what" (empty when valid), at most the first 20."""
    problems: list[str] = []

    def problem(where: str, what: str) -> None:
        if len(problems) < PROBLEMS_SHOWN:
            problems.append(f"{where}: {what}")

    def only_keys(value: dict, allowed: tuple[str, ...], where: str) -> None:
        for key in _js_keys(value):
            if key not in allowed:
                problem(where, f"unexpected field {_QUOTE_OPEN}{key}{_QUOTE_CLOSE}")

    if not _is_object(data):
        return ["file: not a JSON object"]
    version = data.get("version")
    number = not isinstance(version, bool) and isinstance(version, (int, float))
    known = number and version in EXPORT_VERSIONS
    only_keys(data, FILE_FIELDS_V5 if not known or version >= 5 else FILE_FIELDS, "file")
    if data.get("format") != EXPORT_FORMAT:
        problem("format", f"expected {_QUOTE_OPEN}{EXPORT_FORMAT}{_QUOTE_CLOSE}")
    if number and version > EXPORT_VERSIONS[-1]:
        # Its fields cannot be judged by this release's rules: one line, not a list of "unexpected field"s.
        return [f"version: made by a newer release of this site; this site reads {_versions()} files"]
    if not known:
        problem("version", f"this site reads {_versions()} files")
        version = EXPORT_VERSIONS[-1]
    if "exported" in data and change_time(data["exported"]) is None:
        problem("exported", "expected a date and time")
    clients = data.get("clients")
    if not isinstance(clients, list):
        return problems + ["clients: expected a list"]
    fields = CLIENT_FIELDS if version == 1 else CLIENT_FIELDS_V2 if version < 4 else CLIENT_FIELDS_V4
    for client, where in _with_ids(clients, "clients", "clients", fields, problem, only_keys):
        if version == 1:
            _client_v1_problems(client, where, platform_ids, problem, only_keys)
        else:
            _client_v2_problems(client, where, platform_ids, problem, only_keys, version)
    if version >= 5 and "deleted" in data:
        _tombstone_problems(data["deleted"], problem, only_keys)
    return problems


def _versions() -> str:
    """"version 1, 2, 3 and 4", as browser/import-checks.js `versionsRead` writes it."""
    listed = [str(version) for version in EXPORT_VERSIONS]
    return "version " + (", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1 else listed[0])


def _good_name(name) -> bool:
    return _is_text(name) and name.strip(_JS_BLANKS) != "" and _length(name) <= CLIENT_NAME_MAX


# Who made a change (version 5's "by"): the technician's name as the site cleans it (browser/change-stamp.js).
_TECHNICIAN = f"expected a name of 1 to {TECHNICIAN_MAX} characters, without control characters or blanks at its ends"


def _good_technician(name) -> bool:
    return (_is_text(name) and name != "" and name.strip(_JS_BLANKS) == name and _length(name) <= TECHNICIAN_MAX
            and re.search(NAME_CONTROLS_PATTERN, name) is None)


def _client_v1_problems(client: dict, where: str, platform_ids, problem, only_keys) -> None:
    if not _good_name(client.get("name")):
        problem(f"{where}.name", f"expected a name of 1 to {CLIENT_NAME_MAX} characters")
    platform = client.get("platform", "")
    if platform != "" and platform not in platform_ids:
        problem(f"{where}.platform", "unknown platform")
    if "values" in client:
        _value_problems(client["values"], where, problem)
    if "items" in client:
        _item_problems(client["items"], where, problem, only_keys, ENTRY_FIELDS)


def _timed(field, at: str, problem, only_keys, version: int, check,
           allowed: tuple[tuple[str, ...], tuple[str, ...]] = (TIMED_FIELDS, TIMED_FIELDS_V5)) -> None:
    """A timed field of version 2 or later, {value, changed}: its shape, its change time, and its value by `check`
    (version, where, problem, only_keys). Version 5 adds who made the change and the competing versions: `allowed`
    is the fields of versions 2 to 4, then those of version 5."""
    if not _is_object(field):
        problem(at, "expected an object with a value and its change time")
        return
    only_keys(field, allowed[version >= 5], at)
    _version_problems(field, at, problem, only_keys, version, check)
    if version >= 5 and "conflict" in field:
        _conflict_problems(field, f"{at}.conflict", problem, tuple(f for f in allowed[1] if f != "conflict"), check)


def _version_problems(field: dict, at: str, problem, only_keys, version: int, check) -> None:
    """One version of a field: its change time, who made it (version 5), its value."""
    if "changed" in field and change_time(field["changed"]) is None:
        problem(f"{at}.changed", "expected a date and time")
    if version >= 5 and "by" in field and not _good_technician(field["by"]):
        problem(f"{at}.by", _TECHNICIAN)
    check(field, at, problem, only_keys)


def _conflict_problems(field: dict, at: str, problem, allowed: tuple[str, ...], check) -> None:
    """Version 5's competing versions of a field: at least CONFLICT_MIN, each a version of the field without a
    conflict of its own; once each is sound, in the merge's order, each once, the field itself being the last."""
    conflict = field["conflict"]
    if not isinstance(conflict, list) or len(conflict) < CONFLICT_MIN:
        problem(at, f"expected a list of at least {CONFLICT_MIN} versions")
        return
    sound = True

    def noted(where: str, what: str) -> None:
        nonlocal sound
        sound = False
        problem(where, what)

    def noted_keys(value: dict, fields: tuple[str, ...], where: str) -> None:
        for key in _js_keys(value):
            if key not in fields:
                noted(where, f"unexpected field {_QUOTE_OPEN}{key}{_QUOTE_CLOSE}")

    for index, version in enumerate(conflict):
        place = f"{at}[{index}]"
        if not _is_object(version):
            noted(place, "expected an object")
            continue
        noted_keys(version, allowed, place)
        _version_problems(version, place, noted, noted_keys, 5, check)
    if not sound:
        return
    merge = _MERGE
    keys = [merge.order_key(version) for version in conflict]
    if any(earlier >= later for earlier, later in zip(keys, keys[1:], strict=False)):
        problem(at, "expected the versions sorted by change time, then author, each once")
    if merge.canonical(merge.version_of(field)) != merge.canonical(conflict[-1]):
        problem(at, "the field's own value, change time and author must be its last version's")


def _with_ids(entries: list, name: str, what: str, fields: tuple[str, ...], problem, only_keys):
    """Each object of a list of clients or tombstones, with where it is, once its fields and its client id are
    checked: at most CLIENTS_MAX of them (`what` in the problem), their ids unique (browser/import-checks-v5.js
    `eachWithId`)."""
    if len(entries) > CLIENTS_MAX:
        problem(name, f"more than {CLIENTS_MAX} {what}")
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = f"{name}[{index}]"
        if not _is_object(entry):
            problem(where, "expected an object")
            continue
        only_keys(entry, fields, where)
        client_id = entry.get("id")
        if not _is_text(client_id) or not _matches(CLIENT_ID_PATTERN, client_id):
            problem(f"{where}.id", "not a client id")
        elif client_id in seen:
            problem(f"{where}.id", f"duplicate client id {client_id}")
        else:
            seen.add(client_id)
        yield entry, where


def _tombstone_problems(deleted, problem, only_keys) -> None:
    """Version 5's deleted clients: at most CLIENTS_MAX tombstones {id, changed, by}, their ids unique."""
    if not isinstance(deleted, list):
        problem("deleted", "expected a list")
        return
    for tombstone, where in _with_ids(deleted, "deleted", "entries", TOMBSTONE_FIELDS, problem, only_keys):
        if change_time(tombstone.get("changed")) is None:
            problem(f"{where}.changed", "expected a date and time")
        if "by" in tombstone and not _good_technician(tombstone["by"]):
            problem(f"{where}.by", _TECHNICIAN)


def _value_check(test, what: str):
    """A `check` for `_timed`: the version's value must pass `test`, else "<where>.value: <what>"."""
    def check(version: dict, at: str, problem, _only_keys) -> None:
        if not test(version.get("value", _MISSING)):
            problem(f"{at}.value", what)
    return check


def _client_v2_problems(client: dict, where: str, platform_ids, problem, only_keys, version: int) -> None:
    """A client of version 2 or later: the same fields, timed; their item entries differ, version 4 adds the kept
    mail-log summary, version 5 who made each change and the competing versions of a field."""
    _timed(client.get("name"), f"{where}.name", problem, only_keys, version,
           _value_check(_good_name, f"expected a name of 1 to {CLIENT_NAME_MAX} characters"))
    if "platform" in client:
        _timed(client["platform"], f"{where}.platform", problem, only_keys, version,
               _value_check(lambda value: value is _MISSING or value == "" or value in platform_ids,
                            "unknown platform"))
    if "values" in client:
        values = client["values"]
        if not _is_object(values):
            problem(f"{where}.values", "expected an object")
        else:
            for name in _js_keys(values):
                if name in FORBIDDEN_KEYS or not _matches(VALUE_NAME_PATTERN, name):
                    problem(f"{where}.values", f"bad name {_QUOTE_OPEN}{name}{_QUOTE_CLOSE}")
                    continue
                _timed(values[name], f"{where}.values.{name}", problem, only_keys, version,
                       _value_check(lambda value: _is_text(value) and _length(value) <= VALUE_MAX,
                                    f"expected text of at most {VALUE_MAX} characters"))
    if "before" in client:
        _before_problems(client["before"], where, problem, only_keys, version)
    if "items" in client:
        if version == 2:
            _item_problems(client["items"], where, problem, only_keys, ENTRY_FIELDS_V2)
        else:
            _timed_item_problems(client["items"], where, problem, only_keys, version)
    if version >= 4 and "mailLogs" in client:
        _timed(client["mailLogs"], f"{where}.mailLogs", problem, only_keys, version,
               lambda field, at, report, keys: _mail_logs_problems(field, f"{at}.value", report, keys))


def _item_entries(items, where: str, problem):
    """Each item entry that is an object under a good item id, with where it is; the rest are problems."""
    if not _is_object(items):
        problem(f"{where}.items", "expected an object")
        return
    for item_id in _js_keys(items):
        entry = items[item_id]
        at = f"{where}.items.{item_id}"
        if item_id in FORBIDDEN_KEYS or not _matches(ITEM_ID_PATTERN, item_id):
            problem(f"{where}.items", f"bad item id {_QUOTE_OPEN}{item_id}{_QUOTE_CLOSE}")
            continue
        if not _is_object(entry):
            problem(at, "expected an object")
            continue
        yield entry, at


# Version 3's item fields, each {value, changed}, and what its value must be.
_ENTRY_CHECKS = {
    "status": _value_check(lambda value: _is_text(value) and value in STATUS_LABELS, "unknown status"),
    "note": _value_check(lambda value: _is_text(value) and _length(value) <= NOTE_MAX,
                         f"expected text of at most {NOTE_MAX} characters"),
    "evidence": _value_check(lambda value: _is_text(value) and _length(value) <= EVIDENCE_MAX,
                             f"expected text of at most {EVIDENCE_MAX} characters"),
    "revertDefault": _value_check(lambda value: isinstance(value, bool), "expected true or false"),
}


def _timed_item_problems(items, where: str, problem, only_keys, version: int) -> None:
    """Version 3's item entries: each field {value, changed}, timed on its own."""
    for entry, at in _item_entries(items, where, problem):
        only_keys(entry, ENTRY_FIELDS_V3, at)
        for field_name in _js_keys(entry):
            if field_name in ENTRY_FIELDS_V3:
                _timed(entry[field_name], f"{at}.{field_name}", problem, only_keys, version, _ENTRY_CHECKS[field_name])


_MISSING = object()   # a field the file does not give: unlike null, which some summary fields may be


def _whole(value, least: int) -> bool:
    """A whole number from `least` to COUNT_MAX, as JavaScript's Number.isInteger sees one (5.0 is 5)."""
    number = isinstance(value, int) or isinstance(value, float) and value.is_integer()
    return number and not isinstance(value, bool) and least <= value <= COUNT_MAX


def _hour(text) -> bool:
    """An hour of the logs in UTC ("2026-12-05T14") that names a real one, as a change time does."""
    return _is_text(text) and _matches(HOUR_PATTERN, text) and change_time(text + ":00:00Z") is not None


def _mail_logs_problems(field: dict, at: str, problem, only_keys) -> None:
    """Version 4's kept mail-log summary ({value, changed}; `at` names its value): null, or the figures of one
    analysis, each field within its limit (browser/mail-log-summary.js `summaryProblems`)."""
    summary = field.get("value", _MISSING)
    if summary is None:
        return
    if not _is_object(summary):
        problem(at, "expected a mail-log summary or null")
        return
    only_keys(summary, MAIL_LOGS_FIELDS, at)

    def text(value, limit: int, where: str, null: bool = False) -> None:
        if not (null and value is None or _is_text(value) and _length(value) <= limit):
            problem(where, f"expected text of at most {limit} characters" + (", or null" if null else ""))

    def whole(value, least: int, where: str) -> None:
        if not _whole(value, least):
            problem(where, f"expected a whole number from {least} to {COUNT_MAX}")

    def listed(value, limit: int, what: str, where: str) -> list:
        if not isinstance(value, list):
            problem(where, "expected a list")
            return []
        if len(value) > limit:
            problem(where, f"more than {limit} {what}")
        return value

    def each_object(value, limit: int, what: str, where: str, fields: tuple[str, ...]):
        for index, entry in enumerate(listed(value, limit, what, where)):
            if not _is_object(entry):
                problem(f"{where}[{index}]", "expected an object")
                continue
            only_keys(entry, fields, f"{where}[{index}]")
            yield entry, f"{where}[{index}]"

    for name in MAIL_LOGS_FIELDS:
        value, where = summary.get(name, _MISSING), f"{at}.{name}"
        if name == "analysed" and change_time(value) is None:
            problem(where, "expected a date and time")
        elif name == "files":
            for entry, place in each_object(value, MAIL_LOGS_FILES_MAX, "files", where, MAIL_LOGS_FILE_FIELDS):
                text(entry.get("name"), MAIL_LOGS_FILE_NAME_MAX, f"{place}.name")
                text(entry.get("format", _MISSING), MAIL_LOGS_FORMAT_MAX, f"{place}.format", null=True)
                whole(entry.get("records"), 0, f"{place}.records")
                whole(entry.get("rejected"), 0, f"{place}.rejected")
                if not isinstance(entry.get("skipped"), bool):
                    problem(f"{place}.skipped", "expected true or false")
        elif name in ("first_hour", "last_hour") and not (value is None or _hour(value)):
            problem(where, "expected an hour (YYYY-MM-DDTHH, UTC), or null")
        elif name == "verdict" and not (_is_text(value) and value in MAIL_LOGS_VERDICTS):
            problem(where, "unknown verdict")
        elif name == "rule":
            text(value, MAIL_LOGS_RULE_MAX, where)
        elif name == "next" and not (_is_text(value) and _length(value) <= MAIL_LOGS_NEXT_MAX
                                     and _matches(SITE_PATH_PATTERN, value)):
            problem(where, f"expected a path on this site of at most {MAIL_LOGS_NEXT_MAX} characters, such as "
                           "checklists/tarpit/")
        elif name == "domains":
            for index, domain in enumerate(listed(value, MAIL_LOGS_DOMAINS_MAX, "domains", where)):
                text(domain, VALUE_MAX, f"{where}[{index}]")
        elif name in MAIL_LOGS_COUNTS:
            whole(value, 0, where)
        elif name in MAIL_LOGS_PER_HOUR:
            _per_hour_problems(value, where, problem)
        elif name == "top_ndr_target_domains":
            for entry, place in each_object(value, MAIL_LOGS_TARGETS_MAX, "domains", where, MAIL_LOGS_TARGET_FIELDS):
                text(entry.get("domain"), VALUE_MAX, f"{place}.domain")
                whole(entry.get("count"), 1, f"{place}.count")
        elif name == "tarpit_seconds_median" and not (value is None or _seconds(value)):
            problem(where, "expected a number of seconds, 0 or more, or null")


def _seconds(value) -> bool:
    """A finite number, 0 or more (JSON.parse reads 1e400 as Infinity; Python as inf)."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
            and math.isfinite(value))


def _per_hour_problems(counts, where: str, problem) -> None:
    """{hour: how many in it}: hours the analyser names, each count a whole number of 1 or more."""
    if not _is_object(counts):
        problem(where, "expected an object")
        return
    if len(counts) > MAIL_LOGS_HOURS_MAX:
        problem(where, f"more than {MAIL_LOGS_HOURS_MAX} hours")
    for hour in _js_keys(counts):
        if hour in FORBIDDEN_KEYS or not _hour(hour):
            problem(where, f"bad hour {_QUOTE_OPEN}{hour}{_QUOTE_CLOSE}")
        elif not _whole(counts[hour], 1):
            problem(f"{where}.{hour}", f"expected a whole number from 1 to {COUNT_MAX}")


def _recorded_check(field: dict, at: str, problem, _only_keys) -> None:
    """A value before the change and the object it was read from."""
    if not (_is_text(field.get("value")) and _matches(BEFORE_VALUE_PATTERN, field["value"])):
        problem(f"{at}.value", "expected a recorded value: a number, a time span, True, False, ticked, "
                               "not ticked, absent, or empty")
    if "object" in field and not (_is_text(field["object"]) and _length(field["object"]) <= VALUE_MAX):
        problem(f"{at}.object", f"expected text of at most {VALUE_MAX} characters")


def _before_problems(before, where: str, problem, only_keys, version: int) -> None:
    if not _is_object(before):
        problem(f"{where}.before", "expected an object")
        return
    for setting_id in _js_keys(before):
        at = f"{where}.before.{setting_id}"
        if setting_id in FORBIDDEN_KEYS or not _matches(ITEM_ID_PATTERN, setting_id):
            problem(f"{where}.before", f"bad setting id {_QUOTE_OPEN}{setting_id}{_QUOTE_CLOSE}")
            continue
        _timed(before[setting_id], at, problem, only_keys, version, _recorded_check,
               (BEFORE_FIELDS, BEFORE_FIELDS_V5))


def _value_problems(values, where: str, problem) -> None:
    if not _is_object(values):
        problem(f"{where}.values", "expected an object")
        return
    for name in _js_keys(values):
        value = values[name]
        if name in FORBIDDEN_KEYS or not _matches(VALUE_NAME_PATTERN, name):
            problem(f"{where}.values", f"bad name {_QUOTE_OPEN}{name}{_QUOTE_CLOSE}")
        elif not _is_text(value) or _length(value) > VALUE_MAX:
            problem(f"{where}.values.{name}", f"expected text of at most {VALUE_MAX} characters")


def _item_problems(items, where: str, problem, only_keys, fields: tuple[str, ...]) -> None:
    """Version 1's and 2's item entries: one change time for the whole entry."""
    for entry, at in _item_entries(items, where, problem):
        only_keys(entry, fields, at)
        if "status" in entry and not (_is_text(entry["status"]) and entry["status"] in STATUS_LABELS):
            problem(f"{at}.status", "unknown status")
        if "done" in entry and not isinstance(entry["done"], bool):
            problem(f"{at}.done", "expected true or false")
        if "note" in entry and not (_is_text(entry["note"]) and _length(entry["note"]) <= NOTE_MAX):
            problem(f"{at}.note", f"expected text of at most {NOTE_MAX} characters")
        if "changed" in entry and change_time(entry["changed"]) is None:
            problem(f"{at}.changed", "expected a date and time")
        if "evidence" in entry and not (_is_text(entry["evidence"]) and _length(entry["evidence"]) <= NOTE_MAX):
            problem(f"{at}.evidence", f"expected text of at most {NOTE_MAX} characters")


def read_export(path: Path, platform_ids: list[str]) -> dict:
    """The parsed export file at `path`; ExportFileError, one problem per line, if it is not one the site would
    import."""
    # As the browser reads a chosen file (Blob.text()): UTF-8, one byte order mark dropped, bad bytes as U+FFFD.
    text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    try:
        data = parse_json(text)
    except ValueError as error:   # JSONDecodeError is a ValueError
        raise ExportFileError(f"{path}: not a JSON file: {error}") from None
    except RecursionError:
        raise ExportFileError(f"{path}: not a JSON file: nested too deeply") from None
    problems = export_problems(data, platform_ids)
    if problems:
        raise ExportFileError("\n".join(f"{path}: {problem}" for problem in problems))
    data = well_formed(data)
    return data | {"clients": [flat_client(client, data["version"]) for client in data["clients"]]}


def well_formed(value):
    """`value` with every lone surrogate in its texts (JSON may escape one, \\ud800) as U+FFFD, as the browser shows
    and writes it: such a text cannot be written as UTF-8, so a report of it would otherwise fail half-way."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [well_formed(item) for item in value]
    if isinstance(value, dict):
        return {well_formed(key): well_formed(item) for key, item in value.items()}
    return value


def flat_client(client: dict, version: int) -> dict:
    """A checked client of any version as {id, name, platform, values: {name: text}, before, items}: the change
    times of versions 2 and 3 are for merging, which the browser does; a report needs only the values (items are read
    by `item_entry`, whatever their version)."""
    if version == 1:
        return {"platform": "", "values": {}, "items": {}, **client, "before": {}}
    return {"id": client["id"], "name": client["name"]["value"],
            "platform": client.get("platform", {}).get("value", ""),
            "values": {name: field["value"] for name, field in client.get("values", {}).items()},
            "before": client.get("before", {}), "items": client.get("items", {})}


def parse_json(text: str):
    """JSON text read as JSON.parse reads it: NaN and Infinity refused, an integer too long for a double Infinity."""
    return json.loads(text, parse_constant=_refuse_constant, parse_int=_js_integer)


def _js_integer(text: str) -> int | float:
    """A JSON integer as JSON.parse reads it, so both halves judge the same value: JavaScript has only doubles, so
    an integer too long for one is Infinity there. Python would refuse more than 4,300 digits outright."""
    return int(text) if len(text) <= 308 else float(text)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")   # Python reads NaN and Infinity; JSON.parse does not


def timed_entry(raw) -> dict:
    """One item's entry of any version, as stored or in a file, as version 3's {field: {value, changed}}; a field the
    entry does not give is left out, a value of the wrong kind too. Versions 1 and 2 (and what earlier releases
    stored) have one change time for all their fields; the first release's {done: true} reads as done. A note that
    starts with the probe's evidence (earlier releases put it there) is split: the evidence into its own field, the
    rest stays the note. Who changed a field and its competing versions (version 5) are kept with it. Mirrors
    entries.js `timedEntry`."""
    if not _is_object(raw):
        return {}
    if any(_is_object(raw.get(name)) for name in ENTRY_FIELDS_V3):
        found = {}
        for name in ENTRY_FIELDS_V3:
            field = raw.get(name)
            if not _is_object(field) or not _right_kind(name, field.get("value")):
                continue
            found[name] = {"value": field["value"]}
            if _is_text(field.get("changed")):
                found[name]["changed"] = field["changed"]
            if _is_text(field.get("by")):
                found[name]["by"] = field["by"]
            if isinstance(field.get("conflict"), list):
                found[name]["conflict"] = field["conflict"]
        return found
    stamp = {"changed": raw["changed"]} if _is_text(raw.get("changed")) else {}
    found = {}
    if "status" in raw or "done" in raw:
        status = raw.get("status")
        if not (_is_text(status) and status in STATUS_LABELS):
            status = "done" if raw.get("done") is True else "not-started"
        found["status"] = {"value": status, **stamp}
    note = raw["note"] if _is_text(raw.get("note")) else None
    evidence = raw["evidence"] if _is_text(raw.get("evidence")) else None
    if evidence is None and note is not None and note.startswith(EVIDENCE_START):
        evidence, note = split_evidence(note)
    if note is not None:
        found["note"] = {"value": note, **stamp}
    if evidence is not None:
        found["evidence"] = {"value": evidence, **stamp}
    return found


def _right_kind(name: str, value) -> bool:
    if name == "revertDefault":
        return isinstance(value, bool)
    return _is_text(value) and (name != "status" or value in STATUS_LABELS)


def entry_changed(fields: dict) -> str | None:
    """The latest change time of an entry's timed fields (the first of equal ones), None when none has one."""
    latest = None
    for name in ENTRY_FIELDS_V3:
        changed = fields.get(name, {}).get("changed")
        if changed is not None and change_time(changed) is not None and (latest is None
                                                                         or moment(changed) > moment(latest)):
            latest = changed
    return latest


def item_entry(items: dict, item_id: str, replaces: tuple[str, ...] = ()) -> dict:
    """One item's progress, following `replaces`, as {status, note, evidence, revertDefault, changed}: `changed` is
    the latest of its fields' change times. An unknown status reads as not started (the checks above refuse it in a
    file)."""
    raw = items.get(item_id)
    for old in replaces:
        if _js_truthy(raw):
            break
        raw = items.get(old)
    fields = timed_entry(raw)

    def value(name: str, otherwise):
        return fields[name]["value"] if name in fields else otherwise

    return {"status": value("status", "not-started"), "note": value("note", ""), "evidence": value("evidence", ""),
            "revertDefault": value("revertDefault", False), "changed": entry_changed(fields)}


def retired_line(item_id: str, raw) -> str:
    """How the report lists progress kept for an item no checklist has any more (browser/entries.js `retiredLine`)."""
    entry = item_entry({item_id: raw}, item_id)
    return f"{item_id}: {STATUS_LABELS[entry['status']]}" + (f" ({entry['note']})" if entry["note"] else "")


# Offsets run from -23:59 to +23:59, as a change time's own zone may (`change_time`).
_OFFSET_MAX = 24 * 60 - 1


def local_minute(text, offset_minutes) -> str:
    """The change time `text` at the zone `offset_minutes` east of UTC, to the minute (seconds dropped, never rounded
    up): "2026-12-05 00:34"; an em dash for none, an impossible time, or an offset that is not a whole number of
    minutes within a day. The one date format of every page and of the report CLI
    (browser/rules/local-minute.js `localMinute`, tests/vectors/rules/local-minute.json)."""
    parts = change_time(text)
    whole = (isinstance(offset_minutes, int) and not isinstance(offset_minutes, bool)
             or isinstance(offset_minutes, float) and offset_minutes.is_integer())
    if parts is None or not whole or abs(offset_minutes) > _OFFSET_MAX:
        return "\u2014"
    year, month, day, hour, minute, zone = parts
    shown = datetime(year, month, day, hour, minute) + timedelta(minutes=int(offset_minutes) - zone)
    return f"{shown.year:04d}-{shown.month:02d}-{shown.day:02d} {shown.hour:02d}:{shown.minute:02d}"


def local_offset(text) -> int:
    """The minutes east of UTC of this computer's time zone at the change time `text` (now's for none or an
    impossible one): summer and winter times each get their own (browser/entries.js `localOffset`)."""
    at = moment(text)
    try:
        when = datetime.now(UTC) if at == float("-inf") else datetime.fromtimestamp(at / 1000, UTC)
        offset = when.astimezone().utcoffset()
    except (OverflowError, OSError, ValueError):   # a platform whose clock cannot reach the time: today's zone
        offset = datetime.now(UTC).astimezone().utcoffset()
    return round(offset.total_seconds() / 60)


def shown_minute(text) -> str:
    """A change time as the report prints it, "2026-11-28 04:00" in this computer's time zone at that moment; an em
    dash for none or an impossible one (browser/entries.js `shownMinute`)."""
    return local_minute(text, local_offset(text))
