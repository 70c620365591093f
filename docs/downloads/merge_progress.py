#!/usr/bin/env python3
"""Merge three progress export files of SBS Setup KB, field by field, and lose nothing.

Usage: python3 merge_progress.py BASE OURS THEIRS

BASE is the file as both sides last had it in common (empty when the file was added on both sides), OURS and THEIRS
the two changed copies. The merge is written into OURS: a field changed on one side only takes that change; changed
on both sides to different values it keeps both versions, with who made each and when, in the field's "conflict". A
client is removed only by a tombstone (in "deleted"), and only when no side changed the client since BASE; otherwise
both the client and the tombstone are kept, as a conflict. Never any <<<<<<< markers: a conflict is data the site
shows.

As a git merge driver, in each clone:
    git config merge.sbskb-progress.driver "python3 /path/to/merge_progress.py %O %A %B"
and in the repository's .gitattributes:
    *.json merge=sbskb-progress

Exit status: 0 merged, and every conflict the file holds OURS already held as it is; 1 merged, the file holds a new
or changed conflict (the site lists the conflicts to pick from); 2 a file could not be read or is not an export file
this merge reads (one line on stderr; OURS is left as it was).
Reads export versions 1 to 5 and writes version 5. One file, Python 3.10 or later, standard library only. Part of
SBS Setup KB: the page "Merge a team's progress" explains it.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import stat
import sys
import tempfile
from calendar import timegm

# From macros/vocabulary.py, which this file cannot import (it stands alone); tests/unit/test_merge_progress.py
# holds each copy equal to the original.
EXPORT_FORMAT = "sbskb-progress"
EXPORT_VERSIONS = (1, 2, 3, 4, 5)   # 5: `by`, `conflict` and `deleted` (issue 27)
OLDER_VERSIONS = (1, 2, 3, 4)       # files without tombstones
CLIENT_ID_PATTERN = r"^[a-z0-9]{1,40}$"
ITEM_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
VALUE_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
CHANGE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
FORBIDDEN_KEYS = ("__proto__", "constructor", "prototype")
STATUS_IDS = ("not-started", "done", "not-applicable", "deferred")
CLIENTS_MAX = 1000
TECHNICIAN_MAX = 100
IMPORT_BYTES_MAX = 32 * 1024 * 1024
EVIDENCE_START = "Outside test by probe.py, "
FILE_FIELDS = ("format", "version", "exported", "clients")
CLIENT_FIELDS = ("id", "name", "platform", "values", "items")                   # version 1
CLIENT_FIELDS_V2 = ("id", "name", "platform", "values", "before", "items")     # versions 2 and 3
CLIENT_FIELDS_V4 = (*CLIENT_FIELDS_V2, "mailLogs")                             # versions 4 and 5
ENTRY_FIELDS = ("status", "done", "note", "changed")                           # version 1
ENTRY_FIELDS_V2 = ("status", "note", "changed", "evidence")
ENTRY_FIELDS_V3 = ("status", "note", "evidence", "revertDefault")              # versions 3 to 5, each timed
TIMED_FIELDS = ("value", "changed")
BEFORE_FIELDS = ("value", "object", "changed")

# Version 5 (the merge spec of issue 27): who made a change, the competing versions of a field, deleted clients.
EXPORT_VERSION = 5
VERSION_FIELDS = ("value", "object", "changed", "by")   # a version of a field, in the order this file writes them
CONFLICT = "conflict"
FILE_FIELDS_V5 = (*FILE_FIELDS, "deleted")
TOMBSTONE_FIELDS = ("id", "changed", "by")
# The deepest a version 5 file nests: file { clients [ client { mailLogs { conflict [ version { value { files [ {.
NESTING_MAX = 9
EMPTY_DOCUMENT = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "clients": []}

EXIT_MERGED, EXIT_CONFLICTS, EXIT_REFUSED = 0, 1, 2
PROGRAM = "merge_progress.py"
_QUOTE_OPEN, _QUOTE_CLOSE = "\u201c", "\u201d"
# String.prototype.trim's white space (ECMA-262): what "no edge blanks" means for a name, as the site trims it.
_JS_BLANKS = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
             "\u2028\u2029\u202f\u205f\u3000\ufeff"
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Refused(Exception):
    """A file this merge will not read or write, with why in one line."""


# ----------------------------------------------------------------------------------------------------------------
# Change times, the order of versions and their canonical JSON: the same arithmetic as the browser
# (browser/change-time.js `changeTime` and `moment`), so both halves order two versions alike.

def change_time(text) -> tuple[int, ...] | None:
    """(year, month, day, hour, minute, zone offset in minutes) of a change time that names a real moment, else None
    (macros/progress_file.py `change_time`: the pattern alone lets 2026-02-30 or +99:00 through)."""
    if not isinstance(text, str) or not matches(CHANGE_TIME_PATTERN, text):
        return None
    year, month, day = int(text[0:4]), int(text[5:7]), int(text[8:10])
    hour, minute, second = int(text[11:13]), int(text[14:16]), int(text[17:19])
    zone = text[19:].lstrip(".0123456789")
    zone_hours, zone_minutes = (0, 0) if zone == "Z" else (int(zone[1:3]), int(zone[4:6]))
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    if not (1970 <= year <= 9998 and 1 <= month <= 12 and 1 <= day <= days[month - 1] and hour < 24
            and minute < 60 and second < 60 and zone_hours < 24 and zone_minutes < 60):
        return None
    offset = (zone_hours * 60 + zone_minutes) * (-1 if zone.startswith("-") else 1)
    return year, month, day, hour, minute, offset


def moment(text) -> float:
    """A change time as milliseconds since 1970; -inf for none or an impossible one, which sorts first."""
    parts = change_time(text)
    if parts is None:
        return float("-inf")
    year, month, day, hour, minute, offset = parts
    seconds = float(re.match(r"[0-9.]*", text[17:]).group())
    return timegm((year, month, day, hour, minute, 0)) * 1000 - offset * 60000 + seconds * 1000


def matches(pattern: str, text: str) -> bool:
    """RegExp.test for the vocabulary's ^…$ patterns: ASCII classes, and no line break before $ (Python's $ allows
    one, JavaScript's does not)."""
    return re.search(pattern, text, re.ASCII) is not None and not text.endswith("\n")


def canonical(value) -> str:
    """JSON with keys sorted and no spaces, every number as JavaScript writes it: what the spec compares, so that
    5.0 and 5, or 1e-05 and 0.00001, are one value here as in the browser's JSON.stringify."""
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(key, ensure_ascii=False) + ":" + canonical(value[key])
                              for key in sorted(value)) + "}"
    if isinstance(value, list):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return js_number(value)
    return json.dumps(value, ensure_ascii=False)


def js_number(number: int | float) -> str:
    """Number.prototype.toString (ECMA-262 Number::toString): the shortest digits that read back, in plain notation
    from 1e-6 to below 1e21, else as 1.5e-7 or 1e+21; JSON.stringify writes null for what is not finite."""
    if isinstance(number, int):
        if abs(number) <= 2**53:
            return str(number)
        try:
            number = float(number)   # JavaScript holds every number as a double
        except OverflowError:
            return "null"
    if not math.isfinite(number):
        return "null"
    if number == 0:
        return "0"
    mantissa, _, exponent = repr(abs(number)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = (whole + fraction).lstrip("0")
    point = len(whole) + int(exponent or 0) - (len(whole + fraction) - len((whole + fraction).lstrip("0")))
    digits = digits.rstrip("0")
    sign = "-" if number < 0 else ""
    if len(digits) <= point <= 21:
        return sign + digits + "0" * (point - len(digits))
    if 0 < point <= 21:
        return sign + digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return sign + "0." + "0" * -point + digits
    power = point - 1
    return sign + digits[0] + ("." + digits[1:] if len(digits) > 1 else "") + f"e{'+' if power > 0 else '-'}" \
        + str(abs(power))


def version_of(field: dict) -> dict:
    """A field's version: the field without its `conflict`."""
    return {key: value for key, value in field.items() if key != CONFLICT}


def versions(field: dict | None) -> list[dict]:
    """The versions of a field: its `conflict` when it has one, else itself; none when the field is absent."""
    if field is None:
        return []
    if isinstance(field.get(CONFLICT), list) and field[CONFLICT]:
        return [version_of(version) for version in field[CONFLICT]]
    return [version_of(field)]


def order_key(version: dict) -> tuple:
    """The spec's "Order": change time as a moment, then who made it (missing = ""), then its canonical JSON; the
    last is the latest. Python compares texts by code point, as the spec asks."""
    by = version.get("by")
    return moment(version.get("changed")), by if isinstance(by, str) else "", canonical(version)


def value_key(version: dict) -> str:
    """What two versions must share to hold the same value: `value`, and for a `before` entry its `object`."""
    return canonical({key: version[key] for key in ("value", "object") if key in version})


# ----------------------------------------------------------------------------------------------------------------
# The merge of one field: base, ours and theirs, each a field object or None when the side lacks it.

def merge_field(base: dict | None, ours: dict | None, theirs: dict | None) -> dict | None:
    """The spec's "Per field": a change on one side wins; changes on both sides are joined."""
    base_key, ours_key, theirs_key = (None if f is None else canonical(f) for f in (base, ours, theirs))
    if ours_key == theirs_key:
        return ours
    if ours_key == base_key:
        return theirs
    if theirs_key == base_key:
        return ours
    return joined(versions(ours) + versions(theirs))   # a removal (None) never beats an edit


def joined(candidates: list[dict]) -> dict | None:
    """Per value the latest version; one left is the field, several are a conflict under the latest of them. A join:
    the same result whatever order the versions arrive in, and joining again changes nothing."""
    latest: dict[str, dict] = {}
    for version in candidates:
        key = value_key(version)
        if key not in latest or order_key(version) > order_key(latest[key]):
            latest[key] = version
    kept = sorted(latest.values(), key=order_key)
    if not kept:
        return None
    if len(kept) == 1:
        return in_order(kept[0])
    return in_order(kept[-1]) | {CONFLICT: [in_order(version) for version in kept]}


def in_order(version: dict) -> dict:
    """A version with its keys in the order this file writes them (value, object, changed, by)."""
    return {key: version[key] for key in VERSION_FIELDS if key in version}


# ----------------------------------------------------------------------------------------------------------------
# Reading any version as version 5: every field timed, as the site's import reads them (macros/progress_file.py
# `flat_client` and `timed_entry`, browser/imported-client.js). A client becomes {path: field}, where a path is
# ("name",), ("values", name), ("before", setting id), ("items", item id, field name) or ("mailLogs",).

def read_side(document: dict | None) -> dict:
    """{"version", "exported", "clients": {id: {path: field}}, "deleted": {id: tombstone}} of a parsed export document
    of any version; None (no base) reads as an empty document."""
    document = EMPTY_DOCUMENT if document is None else document
    version = document.get("version")
    clients = {client["id"]: client_fields(client, version) for client in document.get("clients", [])}
    deleted = {tombstone["id"]: tombstone for tombstone in document.get("deleted", [])}
    return {"version": version, "exported": document.get("exported"), "clients": clients, "deleted": deleted}


def holds(version, path: tuple) -> bool:
    """Whether a file of `version` can hold the field at `path`: a mail-log summary came with version 4, an item's
    revert choice with 3, values before a change with 2. What a file cannot hold it has no opinion on."""
    if version not in OLDER_VERSIONS:
        return True
    if path == ("mailLogs",):
        return False
    if path[0] == "before":
        return version != 1
    return path[0] != "items" or path[2] != "revertDefault" or version >= 3


def client_fields(client: dict, version) -> dict[tuple, dict]:
    """A client's fields by path, each as a version 5 field."""
    if version == 1:
        fields = {("name",): {"value": client["name"]}}
        if "platform" in client:
            fields[("platform",)] = {"value": client["platform"]}
        fields |= {("values", name): {"value": value} for name, value in client.get("values", {}).items()}
    else:
        fields = {(name,): timed(client[name]) for name in ("name", "platform", "mailLogs") if name in client}
        fields |= {("values", name): timed(field) for name, field in client.get("values", {}).items()}
        fields |= {("before", setting): timed(field) for setting, field in client.get("before", {}).items()}
    for item_id, raw in client.get("items", {}).items():
        fields |= {("items", item_id, name): field for name, field in timed_entry(raw).items()}
    return fields


def timed(field: dict) -> dict:
    """A timed field (or `before` entry) of a file as version 5 holds it: its version, and its conflict if any."""
    own = in_order(field)
    if isinstance(field.get(CONFLICT), list):
        own[CONFLICT] = [in_order(version) for version in field[CONFLICT]]
    return own


def timed_entry(raw) -> dict[str, dict]:
    """One item's entry of any version as {field: timed field} (macros/progress_file.py `timed_entry`). Versions 1
    and 2 have one change time for the whole entry; the first release's {done: true} reads as done; a note that
    starts with the probe's evidence (earlier releases put it there) is split into the evidence and the note."""
    if not isinstance(raw, dict):
        return {}
    if any(isinstance(raw.get(name), dict) for name in ENTRY_FIELDS_V3):
        return {name: timed(raw[name]) for name in ENTRY_FIELDS_V3
                if isinstance(raw.get(name), dict) and right_kind(name, raw[name].get("value"))}
    stamp = {"changed": raw["changed"]} if isinstance(raw.get("changed"), str) else {}
    found = {}
    if "status" in raw or "done" in raw:
        status = raw.get("status")
        if status not in STATUS_IDS:
            status = "done" if raw.get("done") is True else "not-started"
        found["status"] = {"value": status, **stamp}
    note = raw["note"] if isinstance(raw.get("note"), str) else None
    evidence = raw["evidence"] if isinstance(raw.get("evidence"), str) else None
    if evidence is None and note is not None and note.startswith(EVIDENCE_START):
        evidence, note = split_evidence(note)
    if note is not None:
        found["note"] = {"value": note, **stamp}
    if evidence is not None:
        found["evidence"] = {"value": evidence, **stamp}
    return found


def right_kind(name: str, value) -> bool:
    if name == "revertDefault":
        return isinstance(value, bool)
    return isinstance(value, str) and (name != "status" or value in STATUS_IDS)


def split_evidence(note: str) -> tuple[str, str]:
    """(evidence, note): every leading paragraph that starts as the probe's evidence, and the rest."""
    paragraphs = note.split("\n\n")
    count = 0
    while count < len(paragraphs) and paragraphs[count].startswith(EVIDENCE_START):
        count += 1
    return "\n\n".join(paragraphs[:count]), "\n\n".join(paragraphs[count:])


# ----------------------------------------------------------------------------------------------------------------
# The merge of three documents.

def merge(base: dict | None, ours: dict, theirs: dict) -> tuple[dict, int]:
    """(the merged version 5 document, how many conflicts it holds) of three parsed export documents that passed
    `document_problems`; base None is a file added on both sides."""
    sides = [read_side(document) for document in (base, ours, theirs)]
    stones = tombstones_held(sides)
    deleted = merged_tombstones(stones)
    clients = []
    for client_id in sorted(set().union(*(side["clients"] for side in sides))):
        fields = merged_client(sides, stones, client_id, deleted.get(client_id))
        if fields is not None:
            clients.append(client_document(client_id, fields))
    document = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION}
    exported = latest_exported([side["exported"] for side in sides])
    if exported is not None:
        document["exported"] = exported
    document["clients"] = clients
    if deleted:
        document["deleted"] = [deleted[client_id] for client_id in sorted(deleted)]
    return document, conflict_count(document)


def merge_exports(base: dict | None, ours: dict, theirs: dict) -> dict:
    """`merge` as the shared vectors hold it (tests/vectors/rules/merge3.json): {"merged", "conflicts"}."""
    merged, conflicts = merge(base, ours, theirs)
    return {"merged": merged, "conflicts": conflicts}


def tombstones_held(sides: list[dict]) -> list[dict[str, dict]]:
    """The tombstones base, ours and theirs hold by client id. A file older than version 5 cannot hold a tombstone
    and says nothing of any: it reads as holding base's."""
    base = sides[0]["deleted"]
    return [base, *(base if side["version"] in OLDER_VERSIONS else side["deleted"] for side in sides[1:])]


def merged_tombstones(held: list[dict[str, dict]]) -> dict[str, dict]:
    """Per client id, the tombstones of base, ours and theirs merged three-way as a field is (`merge_field`), every
    tombstone of one id being one value: one side's deletion, re-deletion or undelete (its tombstone removed) against
    the other's unchanged is taken; changed on both sides, the latest, and a removal never beats a deletion."""
    deleted = {}
    for client_id in sorted(set().union(*held)):
        tombstone = merge_field(*(deletion(stones.get(client_id)) for stones in held))
        if tombstone is not None:
            deleted[client_id] = {"id": client_id} | tombstone
    return deleted


def deletion(tombstone: dict | None) -> dict | None:
    """A tombstone as a version of its client's deletion: when, and by whom."""
    return None if tombstone is None else {key: tombstone[key] for key in ("changed", "by") if key in tombstone}


def merged_client(sides: list[dict], stones: list[dict[str, dict]], client_id: str,
                  tombstone: dict | None) -> dict[tuple, dict] | None:
    """A client's merged fields; None when the merged `tombstone` removes it. A side without the client holds
    base's: a client is removed by a tombstone alone, and the side that deleted it changed none of its fields. Under
    a tombstone the client stays, as a deletion conflict, only when a side holds it changed since base (base lacking
    it counts as changed), whatever the clocks said, or when base or a side already held it beside this very
    tombstone (a deletion conflict nobody has picked yet: a new tombstone or an undelete picks)."""
    base = sides[0]["clients"].get(client_id)
    held = [held_client(side, base, client_id) for side in sides[1:]]
    if tombstone is not None:
        changed = any(fields is not None and (base is None or field_texts(fields) != field_texts(base))
                      for fields in held)
        pending = any(client_id in side["clients"]
                      and canonical(deletion(held_stones.get(client_id))) == canonical(deletion(tombstone))
                      for side, held_stones in zip(sides, stones, strict=True))
        if not (changed or pending):
            return None
    base = base or {}
    return merged_fields(base, *(base if fields is None else fields for fields in held))


def held_client(side: dict, base: dict | None, client_id: str) -> dict[tuple, dict] | None:
    """A client's fields as a side holds them, None when the side lacks it; a field the side's version cannot hold
    (`holds`) is base's."""
    fields = side["clients"].get(client_id)
    if fields is None or base is None or side["version"] not in OLDER_VERSIONS:
        return fields
    return {path: field for path, field in base.items() if not holds(side["version"], path)} | fields


def field_texts(fields: dict[tuple, dict]) -> dict[tuple, str]:
    return {path: canonical(field) for path, field in fields.items()}


def merged_fields(base: dict, ours: dict, theirs: dict) -> dict[tuple, dict]:
    merged = {}
    for path in set(base) | set(ours) | set(theirs):
        field = merge_field(base.get(path), ours.get(path), theirs.get(path))
        if field is not None:
            merged[path] = field
    return merged


def client_document(client_id: str, fields: dict[tuple, dict]) -> dict:
    """A client as version 5 writes it: id, name, platform, values, before, items, mailLogs; names and ids sorted."""
    client: dict = {"id": client_id}
    for name in ("name", "platform"):
        if (name,) in fields:
            client[name] = fields[(name,)]
    for group in ("values", "before"):
        members = {path[1]: field for path, field in fields.items() if path[0] == group}
        if members:
            client[group] = {key: members[key] for key in sorted(members)}
    items = {item_id: {name: fields[("items", item_id, name)] for name in ENTRY_FIELDS_V3
                       if ("items", item_id, name) in fields}
             for item_id in sorted({path[1] for path in fields if path[0] == "items"})}
    if items:
        client["items"] = items
    if ("mailLogs",) in fields:
        client["mailLogs"] = fields[("mailLogs",)]
    return client


def latest_exported(times: list) -> str | None:
    """The latest of the inputs' export times (the later text of two equal moments, so the order of sides never
    matters); None when no input has one."""
    given = [text for text in times if isinstance(text, str)]
    return max(given, key=lambda text: (moment(text), text)) if given else None


def conflict_count(document: dict) -> int:
    """Fields holding a conflict, plus clients kept beside their tombstone (deletion conflicts)."""
    return len(conflicts_held(document))


def conflicts_held(document: dict) -> set[tuple]:
    """Every conflict a document holds, each as it is: (client id, path, the field) for a field with a conflict, and
    (client id, None, its tombstone, its fields) for a client kept beside its tombstone."""
    side = read_side(document)
    found: set[tuple] = {(client_id, path, canonical(field)) for client_id, fields in side["clients"].items()
                         for path, field in fields.items() if CONFLICT in field}
    for client_id, fields in side["clients"].items():
        if client_id in side["deleted"]:
            stone = canonical(side["deleted"][client_id])
            found.add((client_id, None, stone, tuple(sorted(field_texts(fields).items()))))
    return found


# ----------------------------------------------------------------------------------------------------------------
# Format checks: what a file must be for this merge to read all of it and lose nothing. Messages "where: what", as
# the site's import words them (macros/progress_file.py `export_problems`).

def document_problems(document) -> list[str]:
    """Every problem of a parsed export document that stops a safe merge; empty when it can be merged."""
    problems: list[str] = []
    if not isinstance(document, dict):
        return ["file: not a JSON object"]
    version = document.get("version")
    number = isinstance(version, (int, float)) and not isinstance(version, bool)
    if number and version > EXPORT_VERSIONS[-1]:
        return [f"version: made by a newer release of this site; this merge reads {_versions()} files"]
    if not number or version not in EXPORT_VERSIONS:
        problems.append(f"version: this merge reads {_versions()} files")
        version = EXPORT_VERSION
    problems += unexpected(document, FILE_FIELDS_V5 if version == 5 else FILE_FIELDS, "file")
    if document.get("format") != EXPORT_FORMAT:
        problems.append(f"format: expected {_QUOTE_OPEN}{EXPORT_FORMAT}{_QUOTE_CLOSE}")
    if "exported" in document and change_time(document["exported"]) is None:
        problems.append("exported: expected a date and time")
    clients = document.get("clients")
    if not isinstance(clients, list):
        return problems + ["clients: expected a list"]
    problems += listed_ids(clients, "clients", "client")
    for index, client in enumerate(clients):
        if isinstance(client, dict):
            problems += client_problems(client, f"clients[{index}]", version)
    if "deleted" in document:
        problems += tombstone_problems(document["deleted"])
    return problems


def _versions() -> str:
    listed = [str(version) for version in EXPORT_VERSIONS]
    return "version " + ", ".join(listed[:-1]) + " and " + listed[-1]


def unexpected(value: dict, allowed: tuple[str, ...], where: str) -> list[str]:
    return [f"{where}: unexpected field {_QUOTE_OPEN}{key}{_QUOTE_CLOSE}" for key in value if key not in allowed]


def listed_ids(entries: list, where: str, what: str) -> list[str]:
    """A list of objects with unique ids of the client id pattern, at most CLIENTS_MAX of them."""
    problems = [f"{where}: more than {CLIENTS_MAX} entries"] if len(entries) > CLIENTS_MAX else []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(f"{where}[{index}]: expected an object")
            continue
        entry_id = entry.get("id")
        if not isinstance(entry_id, str) or not matches(CLIENT_ID_PATTERN, entry_id):
            problems.append(f"{where}[{index}].id: not a {what} id")
        elif entry_id in seen:
            problems.append(f"{where}[{index}].id: duplicate {what} id {entry_id}")
        else:
            seen.add(entry_id)
    return problems


def client_problems(client: dict, where: str, version: int) -> list[str]:
    if version == 1:
        return client_v1_problems(client, where)
    problems = unexpected(client, CLIENT_FIELDS_V2 if version < 4 else CLIENT_FIELDS_V4, where)
    # A name may be missing: a name removed on one side is a change the merge takes against an unchanged other side,
    # and the merge must read its own result again.
    for name in ("name", "platform"):
        if name in client:
            problems += field_problems(client[name], f"{where}.{name}", version, is_text, "text")
    for name, field in keyed(client, "values", VALUE_NAME_PATTERN, where, "name", problems):
        problems += field_problems(field, f"{where}.values.{name}", version, is_text, "text")
    for setting, field in keyed(client, "before", ITEM_ID_PATTERN, where, "setting id", problems):
        problems += field_problems(field, f"{where}.before.{setting}", version, is_text, "text", before=True)
    for item_id, entry in keyed(client, "items", ITEM_ID_PATTERN, where, "item id", problems):
        problems += (entry_v2_problems(entry, f"{where}.items.{item_id}", ENTRY_FIELDS_V2) if version == 2
                     else timed_entry_problems(entry, f"{where}.items.{item_id}", version))
    if "mailLogs" in client:
        problems += field_problems(client["mailLogs"], f"{where}.mailLogs", version,
                                   lambda value: value is None or isinstance(value, dict), "a summary or null")
    return problems


def client_v1_problems(client: dict, where: str) -> list[str]:
    problems = unexpected(client, CLIENT_FIELDS, where)
    if not is_text(client.get("name")):
        problems.append(f"{where}.name: expected text")
    if "platform" in client and not is_text(client["platform"]):
        problems.append(f"{where}.platform: expected text")
    for name, value in keyed(client, "values", VALUE_NAME_PATTERN, where, "name", problems):
        if not is_text(value):
            problems.append(f"{where}.values.{name}: expected text")
    for item_id, entry in keyed(client, "items", ITEM_ID_PATTERN, where, "item id", problems):
        problems += entry_v2_problems(entry, f"{where}.items.{item_id}", ENTRY_FIELDS)
    return problems


def keyed(client: dict, group: str, pattern: str, where: str, what: str, problems: list[str]):
    """Each (key, value) of an object of the client whose keys must match `pattern`; the rest become problems."""
    if group not in client:
        return
    members = client[group]
    if not isinstance(members, dict):
        problems.append(f"{where}.{group}: expected an object")
        return
    for key, value in members.items():
        if key in FORBIDDEN_KEYS or not matches(pattern, key):
            problems.append(f"{where}.{group}: bad {what} {_QUOTE_OPEN}{key}{_QUOTE_CLOSE}")
        else:
            yield key, value


def entry_v2_problems(entry, where: str, allowed: tuple[str, ...]) -> list[str]:
    """An item entry of version 1 or 2: one change time for the whole entry."""
    if not isinstance(entry, dict):
        return [f"{where}: expected an object"]
    problems = unexpected(entry, allowed, where)
    if "status" in entry and entry["status"] not in STATUS_IDS:
        problems.append(f"{where}.status: unknown status")
    if "done" in entry and not isinstance(entry["done"], bool):
        problems.append(f"{where}.done: expected true or false")
    for name in ("note", "evidence"):
        if name in entry and not is_text(entry[name]):
            problems.append(f"{where}.{name}: expected text")
    if "changed" in entry and change_time(entry["changed"]) is None:
        problems.append(f"{where}.changed: expected a date and time")
    return problems


ENTRY_VALUE_CHECKS = {"status": (lambda value: value in STATUS_IDS, "a known status"),
                      "note": (lambda value: is_text(value), "text"),
                      "evidence": (lambda value: is_text(value), "text"),
                      "revertDefault": (lambda value: isinstance(value, bool), "true or false")}


def timed_entry_problems(entry, where: str, version: int) -> list[str]:
    """An item entry of version 3 or later: each field timed on its own."""
    if not isinstance(entry, dict):
        return [f"{where}: expected an object"]
    problems = unexpected(entry, ENTRY_FIELDS_V3, where)
    for name in ENTRY_FIELDS_V3:
        if name in entry:
            check, hint = ENTRY_VALUE_CHECKS[name]
            problems += field_problems(entry[name], f"{where}.{name}", version, check, hint)
    return problems


def field_problems(field, where: str, version: int, value_ok, hint: str, before: bool = False) -> list[str]:
    """A timed field or `before` entry; in version 5 also who made it and its conflict, each version checked alike."""
    if not isinstance(field, dict):
        return [f"{where}: expected an object with a value and its change time"]
    allowed = BEFORE_FIELDS if before else TIMED_FIELDS
    problems = unexpected(field, (*allowed, "by", CONFLICT) if version == 5 else allowed, where)
    problems += version_problems(field, where, value_ok, hint)
    if CONFLICT in field:
        problems += conflict_problems(field, f"{where}.conflict", (*allowed, "by"), value_ok, hint)
    return problems


def version_problems(version: dict, where: str, value_ok, hint: str) -> list[str]:
    problems = []
    if not value_ok(version.get("value")):
        problems.append(f"{where}.value: expected {hint}")
    if "object" in version and not is_text(version["object"]):
        problems.append(f"{where}.object: expected text")
    if "changed" in version and change_time(version["changed"]) is None:
        problems.append(f"{where}.changed: expected a date and time")
    if "by" in version and not good_name(version["by"]):
        problems.append(f"{where}.by: expected a name of 1 to {TECHNICIAN_MAX} characters, without control "
                        "characters or blanks at its ends")
    return problems


def conflict_problems(field: dict, where: str, allowed: tuple[str, ...], value_ok, hint: str) -> list[str]:
    """At least two versions, none with its own conflict, in the spec's order with no two alike, the field itself
    being the latest: the shape every reader of the field relies on."""
    conflict = field[CONFLICT]
    if not isinstance(conflict, list) or len(conflict) < 2:
        return [f"{where}: expected a list of at least 2 versions"]
    problems = []
    for index, version in enumerate(conflict):
        if not isinstance(version, dict):
            problems.append(f"{where}[{index}]: expected an object")
            continue
        problems += unexpected(version, allowed, f"{where}[{index}]")
        problems += version_problems(version, f"{where}[{index}]", value_ok, hint)
    if problems:
        return problems
    keys = [order_key(version) for version in conflict]
    if any(earlier >= later for earlier, later in zip(keys, keys[1:], strict=False)):
        problems.append(f"{where}: expected the versions sorted by change time, then author, each once")
    if canonical(version_of(field)) != canonical(conflict[-1]):
        problems.append(f"{where}: the field's own value, change time and author must be its last version's")
    return problems


def tombstone_problems(deleted) -> list[str]:
    if not isinstance(deleted, list):
        return ["deleted: expected a list"]
    problems = listed_ids(deleted, "deleted", "client")
    for index, tombstone in enumerate(deleted):
        if not isinstance(tombstone, dict):
            continue
        where = f"deleted[{index}]"
        problems += unexpected(tombstone, TOMBSTONE_FIELDS, where)
        if change_time(tombstone.get("changed")) is None:
            problems.append(f"{where}.changed: expected a date and time")
        if "by" in tombstone and not good_name(tombstone["by"]):
            problems.append(f"{where}.by: expected a name of 1 to {TECHNICIAN_MAX} characters, without control "
                            "characters or blanks at its ends")
    return problems


def is_text(value) -> bool:
    return isinstance(value, str)


def good_name(name) -> bool:
    """A technician's name as the site cleans it: 1 to TECHNICIAN_MAX characters (UTF-16 units, as JavaScript
    counts), no control character, no blank at either end."""
    return (isinstance(name, str) and name != "" and name.strip(_JS_BLANKS) == name and not _CONTROLS.search(name)
            and len(name.encode("utf-16-le", "surrogatepass")) // 2 <= TECHNICIAN_MAX)


# ----------------------------------------------------------------------------------------------------------------
# Reading a file: a regular file of at most IMPORT_BYTES_MAX bytes, UTF-8 JSON with nothing hostile in it.

def read_export(path: str, *, empty_is_blank: bool = False) -> dict:
    """The checked export document in the file at `path`; Refused, naming the file and why in one line, otherwise.
    With `empty_is_blank` an empty file is an empty document (git's %O for a file added on both sides)."""
    try:
        data = regular_file_bytes(path)
        if empty_is_blank and not data.strip():
            return EMPTY_DOCUMENT
        document = parse_json(utf8_text(data))
        problems = document_problems(document)
    except Refused as refusal:
        raise Refused(f"{shown(path)}: {refusal}") from None
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise Refused(f"{shown(path)}: {one_line(problems[0])}{more}")
    return document


def regular_file_bytes(path: str) -> bytes:
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise Refused("a symbolic link; only a regular file is merged")
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file")
        if info.st_size > IMPORT_BYTES_MAX:
            raise Refused(f"larger than {IMPORT_BYTES_MAX // (1024 * 1024)} MiB")
        # O_NOFOLLOW and O_NONBLOCK: a link or a FIFO put in its place since lstat is neither followed nor waited on
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        descriptor = os.open(path, flags)
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise Refused("not a regular file")
            data = stream.read(IMPORT_BYTES_MAX + 1)
    except OSError as error:
        raise Refused(f"cannot be read: {error.strerror or error}") from None
    if len(data) > IMPORT_BYTES_MAX:
        raise Refused(f"larger than {IMPORT_BYTES_MAX // (1024 * 1024)} MiB")
    return data


def utf8_text(data: bytes) -> str:
    """The file's text; one UTF-8 byte order mark dropped, as the browser reads a chosen file."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise Refused(f"not UTF-8 text (byte {error.start + 1})") from None


def parse_json(text: str):
    """JSON as JSON.parse reads it, refusing what no export holds: NaN, Infinity, numbers past a double, a key twice
    in one object, the keys FORBIDDEN_KEYS (never object keys from a file, in either language) and nesting deeper
    than NESTING_MAX. A lone surrogate (JSON may escape one, \\ud800) reads as U+FFFD, as the site shows it."""
    try:
        document = json.loads(text, object_pairs_hook=checked_object, parse_constant=refused_constant,
                              parse_float=finite_number, parse_int=finite_number)
    except ValueError as error:   # JSONDecodeError is a ValueError
        raise Refused(f"not a JSON file: {one_line(str(error))}") from None
    except RecursionError:
        raise Refused(f"nested deeper than an export file ({NESTING_MAX} levels)") from None
    if nesting(document) > NESTING_MAX:
        raise Refused(f"nested deeper than an export file ({NESTING_MAX} levels)")
    return well_formed(document)


def checked_object(pairs: list[tuple[str, object]]) -> dict:
    keys = [key for key, _ in pairs]
    for key in keys:
        if key in FORBIDDEN_KEYS:
            raise Refused(f"holds the key {_QUOTE_OPEN}{key}{_QUOTE_CLOSE}, which no export file has")
    if len(set(keys)) != len(keys):
        twice = next(key for index, key in enumerate(keys) if key in keys[:index])
        raise Refused(f"holds the key {_QUOTE_OPEN}{one_line(twice)}{_QUOTE_CLOSE} twice in one object")
    return dict(pairs)


def refused_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def finite_number(text: str) -> int | float:
    """A JSON number: an integer as long as a double can hold (JSON.parse reads a longer one as Infinity), never a
    number past a double, which JSON.stringify would write as null."""
    if "." not in text and "e" not in text.lower() and len(text) <= 308:
        return int(text)
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"the number {text[:20]}… is too large")
    return number


def nesting(document) -> int:
    """How deep objects and lists nest in a parsed document (a scalar is 0), without recursion."""
    deepest, pending = 0, [(document, 1)]
    while pending:
        value, depth = pending.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children)
    return deepest


def well_formed(value):
    """`value` with every lone surrogate in its texts as U+FFFD: such a text cannot be written as UTF-8."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [well_formed(item) for item in value]
    if isinstance(value, dict):
        return {well_formed(key): well_formed(item) for key, item in value.items()}
    return value


def one_line(text: str) -> str:
    """`text` with its line breaks and other control characters written as escapes: a refusal stays one line."""
    return _CONTROLS.sub(lambda match: f"\\x{ord(match.group()):02x}" if ord(match.group()) < 0x100
                         else f"\\u{ord(match.group()):04x}", text)


def shown(path: str) -> str:
    return one_line(os.fsdecode(path))


# ----------------------------------------------------------------------------------------------------------------
# Writing OURS and the command line.

def document_text(document: dict) -> str:
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def write_atomically(path: str, text: str) -> None:
    """Replace the file at `path` with `text` in one step, keeping its mode: a temporary file in the same folder,
    then os.replace, so a reader (or a crash) never meets half a file."""
    temporary = None
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        descriptor, temporary = tempfile.mkstemp(prefix=".merge_progress-", suffix=".tmp",
                                                 dir=os.path.dirname(os.path.abspath(path)))
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise Refused(f"{shown(path)}: cannot be written: {error.strerror or error}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROGRAM, formatter_class=argparse.RawDescriptionHelpFormatter,
        description=__doc__.split("\nExit status")[0],
        epilog="Exit status: 0 merged, and any conflict in the file is one OURS held as it is; 1 merged, the file "
               "holds a new or changed conflict; 2 a file could not be read or is refused (OURS left as it was).")
    parser.add_argument("base", metavar="BASE", help="the common ancestor (git's %%O); an empty file for none")
    parser.add_argument("ours", metavar="OURS", help="our copy (git's %%A): the merge is written here")
    parser.add_argument("theirs", metavar="THEIRS", help="their copy (git's %%B)")
    arguments = parser.parse_args(argv)
    if hasattr(sys.stderr, "reconfigure"):   # a console in a legacy code page: never an encoding traceback
        sys.stderr.reconfigure(errors="backslashreplace")
    try:
        base = read_export(arguments.base, empty_is_blank=True)
        ours = read_export(arguments.ours)
        theirs = read_export(arguments.theirs)
        merged, conflicts = merge(base, ours, theirs)
        write_atomically(arguments.ours, document_text(merged))
    except Refused as refusal:
        print(f"{PROGRAM}: {refusal}", file=sys.stderr)
        return EXIT_REFUSED
    # Only a new or changed conflict stops git: one carried over from OURS as it is would otherwise stop every later
    # merge of this file until someone picks, though nothing about it changed.
    new = len(conflicts_held(merged) - conflicts_held(ours))
    if conflicts:
        carried = "" if new == conflicts else f" ({new} new)" if new else " (each carried over unchanged from OURS)"
        print(f"{PROGRAM}: {shown(arguments.ours)}: merged with {conflicts} conflict{'s' if conflicts > 1 else ''} "
              f"kept in the file for someone to pick{carried}", file=sys.stderr)
    return EXIT_CONFLICTS if new else EXIT_MERGED


if __name__ == "__main__":
    sys.exit(main())
