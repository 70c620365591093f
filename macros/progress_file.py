"""The progress export file (docs/schemas/progress-v1.schema.json): its checks and how one item's progress is read.

`export_problems` and `item_entry` are line-for-line the same rules as `importProblems` and `itemEntry` in
docs/javascripts/sbskb/ (transfer.js, clients.js): tests/vectors/export-vectors.json runs both halves on the same
files and expects the same problems, word for word, so the report CLI refuses exactly what the browser's import
refuses. Limits, patterns and statuses come from macros/vocabulary.py.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .vocabulary import (
    CHANGE_TIME_PATTERN,
    CLIENT_ID_PATTERN,
    CLIENT_NAME_MAX,
    CLIENTS_MAX,
    EXPORT_FORMAT,
    EXPORT_VERSION,
    FORBIDDEN_KEYS,
    ITEM_ID_PATTERN,
    NOTE_MAX,
    STATUS_LABELS,
    VALUE_MAX,
    VALUE_NAME_PATTERN,
)

_PROBLEMS_SHOWN = 20   # a file with thousands of problems is refused with the first ones, as in the browser
_QUOTE_OPEN, _QUOTE_CLOSE = "\u201c", "\u201d"


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


# String.prototype.trim's white space and line terminators (ECMA-262), which differ from str.strip()'s.
_JS_BLANKS = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
             "\u2028\u2029\u202f\u205f\u3000\ufeff"


def export_problems(data, platform_ids: list[str]) -> list[str]:
    """Every problem of a parsed export file as "where: what" (empty when valid), at most the first 20."""
    problems: list[str] = []

    def problem(where: str, what: str) -> None:
        if len(problems) < _PROBLEMS_SHOWN:
            problems.append(f"{where}: {what}")

    def only_keys(value: dict, allowed: tuple[str, ...], where: str) -> None:
        for key in value:
            if key not in allowed:
                problem(where, f"unexpected field {_QUOTE_OPEN}{key}{_QUOTE_CLOSE}")

    if not _is_object(data):
        return ["file: not a JSON object"]
    only_keys(data, ("format", "version", "exported", "clients"), "file")
    if data.get("format") != EXPORT_FORMAT:
        problem("format", f"expected {_QUOTE_OPEN}{EXPORT_FORMAT}{_QUOTE_CLOSE}")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, (int, float)) or version != EXPORT_VERSION:
        problem("version", f"this site reads version {EXPORT_VERSION} files")
    if "exported" in data and not (_is_text(data["exported"]) and _matches(CHANGE_TIME_PATTERN, data["exported"])):
        problem("exported", "expected a date and time")
    clients = data.get("clients")
    if not isinstance(clients, list):
        return problems + ["clients: expected a list"]
    if len(clients) > CLIENTS_MAX:
        problem("clients", f"more than {CLIENTS_MAX} clients")
    seen: set[str] = set()
    for index, client in enumerate(clients):
        where = f"clients[{index}]"
        if not _is_object(client):
            problem(where, "expected an object")
            continue
        only_keys(client, ("id", "name", "platform", "values", "items"), where)
        client_id = client.get("id")
        if not _is_text(client_id) or not _matches(CLIENT_ID_PATTERN, client_id):
            problem(f"{where}.id", "not a client id")
        elif client_id in seen:
            problem(f"{where}.id", f"duplicate client id {client_id}")
        else:
            seen.add(client_id)
        name = client.get("name")
        if not _is_text(name) or not name.strip(_JS_BLANKS) or _length(name) > CLIENT_NAME_MAX:
            problem(f"{where}.name", f"expected a name of 1 to {CLIENT_NAME_MAX} characters")
        platform = client.get("platform", "")
        if platform != "" and platform not in platform_ids:
            problem(f"{where}.platform", "unknown platform")
        if "values" in client:
            _value_problems(client["values"], where, problem)
        if "items" in client:
            _item_problems(client["items"], where, problem, only_keys)
    return problems


def _value_problems(values, where: str, problem) -> None:
    if not _is_object(values):
        problem(f"{where}.values", "expected an object")
        return
    for name, value in values.items():
        if name in FORBIDDEN_KEYS or not _matches(VALUE_NAME_PATTERN, name):
            problem(f"{where}.values", f"bad name {_QUOTE_OPEN}{name}{_QUOTE_CLOSE}")
        elif not _is_text(value) or _length(value) > VALUE_MAX:
            problem(f"{where}.values.{name}", f"expected text of at most {VALUE_MAX} characters")


def _item_problems(items, where: str, problem, only_keys) -> None:
    if not _is_object(items):
        problem(f"{where}.items", "expected an object")
        return
    for item_id, entry in items.items():
        at = f"{where}.items.{item_id}"
        if item_id in FORBIDDEN_KEYS or not _matches(ITEM_ID_PATTERN, item_id):
            problem(f"{where}.items", f"bad item id {_QUOTE_OPEN}{item_id}{_QUOTE_CLOSE}")
            continue
        if not _is_object(entry):
            problem(at, "expected an object")
            continue
        only_keys(entry, ("status", "done", "note", "changed"), at)
        if "status" in entry and not (_is_text(entry["status"]) and entry["status"] in STATUS_LABELS):
            problem(f"{at}.status", "unknown status")
        if "done" in entry and not isinstance(entry["done"], bool):
            problem(f"{at}.done", "expected true or false")
        if "note" in entry and not (_is_text(entry["note"]) and _length(entry["note"]) <= NOTE_MAX):
            problem(f"{at}.note", f"expected text of at most {NOTE_MAX} characters")
        if "changed" in entry and not (_is_text(entry["changed"]) and _matches(CHANGE_TIME_PATTERN, entry["changed"])):
            problem(f"{at}.changed", "expected a date and time")


def read_export(path: Path, platform_ids: list[str]) -> dict:
    """The parsed export file at `path`; ExportFileError, one problem per line, if it is not one the site would
    import."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError) as error:   # JSONDecodeError is a ValueError
        raise ExportFileError(f"{path}: not a JSON file: {error}") from None
    except RecursionError:
        raise ExportFileError(f"{path}: not a JSON file: nested too deeply") from None
    problems = export_problems(data, platform_ids)
    if problems:
        raise ExportFileError("\n".join(f"{path}: {problem}" for problem in problems))
    return data


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")   # Python reads NaN and Infinity; JSON.parse does not


def item_entry(items: dict, item_id: str, replaces: tuple[str, ...] = ()) -> dict:
    """One item's progress, following `replaces`, as {status, note, changed}; the first release's {done: true} reads
    as done. An unknown status reads as not started (the checks above refuse it in a file)."""
    raw = items.get(item_id)
    for old in replaces:
        if raw:
            break
        raw = items.get(old)
    if not _is_object(raw):
        return {"status": "not-started", "note": "", "changed": None}
    status = raw.get("status")
    if not (_is_text(status) and status in STATUS_LABELS):
        status = "done" if raw.get("done") is True else "not-started"
    return {"status": status, "note": raw["note"] if _is_text(raw.get("note")) else "",
            "changed": raw["changed"] if _is_text(raw.get("changed")) else None}
