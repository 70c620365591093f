"""The progress export file (docs/schemas/progress-v5.schema.json; versions 1 to 4 still read), as the report CLI
reads it: the file, one item's progress, and change times shown as a technician's clock shows them.

The format's checks (`export_problems`) are docs/downloads/merge_progress.py's, the team's downloadable merge, so that
the merge, the report CLI and the site refuse the same files: that file holds them once, and the browser's import
(browser/import-checks.js and its parts) holds the same rules word for word on tests/vectors/export-vectors.json, as
`item_entry` here and entries.js `itemEntry` do.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

# The format's checks, the reading of change times and of item entries: docs/downloads/merge_progress.py's, defined
# there once (macros/export_format.py). The tests and the report CLI import `export_problems` and `moment` from here.
from .export_format import (  # noqa: F401 (export_problems, well_formed, moment: passed on)
    ENTRY_FIELDS_V3,
    change_time,
    export_problems,
    moment,
    timed_entry,
    well_formed,
)
from .vocabulary import STATUS_LABELS


class ExportFileError(ValueError):
    """The export file is not valid; the message lists its problems, one per line."""


def _js_truthy(value) -> bool:
    """JavaScript's truthiness: an empty object or list is true there, unlike in Python."""
    if value is None or value is False or value == "":
        return False
    return not (isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0)


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
