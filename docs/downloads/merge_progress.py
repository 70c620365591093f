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
this merge reads, or the merge would break a limit of the format (one line on stderr; OURS is left as it was).
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

# The export file's format: its fields, ids, limits and the checks below are defined here once. The site imports
# them (macros/export_format.py loads this file for macros/vocabulary.py and macros/progress_file.py), and the
# browser gets them as data from the vocabulary, so a file this merge reads is one the site's import reads.

# Limits on what a technician types or a file brings.
VALUE_MAX = 253             # a parameter value: the longest DNS name; no parameter needs more
CLIENT_NAME_MAX = 100
TECHNICIAN_MAX = 100        # the technician's name (the report, and who made a change), as long as a client's
NOTE_MAX = 5000
CLIENTS_MAX = 1000          # clients in one export file, and tombstones
IMPORT_BYTES_MAX = 32 * 1024 * 1024   # an export of 1,000 clients of realistic state is about 8 MB
PROBLEMS_SHOWN = 20         # a refused file lists its first problems, not thousands

# Per-item progress a technician records, in the order the status menu lists them (macros/vocabulary.py labels them).
STATUS_IDS = ("not-started", "done", "not-applicable", "deferred")

# The bounds of a setting's value: a REG_DWORD, and the whole days of a System.TimeSpan (MaxValue is
# 10675199.02:48:05.4775807).
DWORD_MAX = 2**32 - 1
TIMESPAN_DAYS_MAX = 10675199


def decimal_at_most(limit: int, *, zero: bool) -> str:
    """A regular expression for the decimal integers from 1 (0 with `zero`) to `limit`, without leading zeros,
    read alike by Python's re and JavaScript's RegExp."""
    digits = str(limit)
    parts = ["0"] if zero else []
    if len(digits) > 1:
        parts.append(f"[1-9][0-9]{{0,{len(digits) - 2}}}")          # every shorter number
    for index, digit in enumerate(digits):                            # as long as the limit and not above it
        low = 1 if index == 0 else 0
        high = int(digit) if index == len(digits) - 1 else int(digit) - 1
        if high >= low:
            rest = len(digits) - index - 1
            parts.append(digits[:index] + (f"[{low}-{high}]" if high > low else str(low))
                         + ("" if rest == 0 else "[0-9]" if rest == 1 else f"[0-9]{{{rest}}}"))
    return "(?:" + "|".join(parts) + ")"


# A recorded value before the change, as an export file may hold it (the setting's own type is checked where the
# setting is known): a DWORD, a time span, True/False, a box, 'absent', or '' for "no longer recorded". Exactly the
# canonical values of macros/before_values.py `canonical`, the one definition of a setting's value (tests/unit/
# test_before_values.py holds the two together): a DWORD up to DWORD_MAX, hours 00-23, days up to TIMESPAN_DAYS_MAX,
# no trailing zero in a fraction of a second.
BEFORE_VALUE_PATTERN = (rf"^(|absent|ticked|not ticked|True|False|{decimal_at_most(DWORD_MAX, zero=True)}|"
                        rf"({decimal_at_most(TIMESPAN_DAYS_MAX, zero=False)}\.)?"
                        r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{0,6}[1-9])?)$")

# The export file (docs/schemas/progress-v5.schema.json; versions 1 to 4 still import) and the ids inside it.
EXPORT_FORMAT = "sbskb-progress"
EXPORT_VERSION = 5          # what the site and this merge write; they read every version in EXPORT_VERSIONS
EXPORT_VERSIONS = (1, 2, 3, 4, 5)
OLDER_VERSIONS = (1, 2, 3, 4)       # files without tombstones
CLIENT_ID_PATTERN = r"^[a-z0-9]{1,40}$"
ITEM_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
VALUE_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
FORBIDDEN_KEYS = ("__proto__", "constructor", "prototype")   # never object keys from a file, in either language
# A change time: ISO 8601 with seconds and a zone, as Date.prototype.toISOString writes it.
CHANGE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
# The fields an export file, a client in it and one item's entry may have.
FILE_FIELDS = ("format", "version", "exported", "clients")
CLIENT_FIELDS = ("id", "name", "platform", "values", "items")                 # version 1
ENTRY_FIELDS = ("status", "done", "note", "changed")                          # version 1
# Version 2: every field that can change carries its own change time, so a merge takes the newer field by field.
CLIENT_FIELDS_V2 = ("id", "name", "platform", "values", "before", "items")
TIMED_FIELDS = ("value", "changed")                                           # name, platform, each value
BEFORE_FIELDS = ("value", "object", "changed")                                # each recorded value before a change
# "evidence" (version 2): text an outside tool (scripts/probe.py) brought; version 3 keeps it as a field of its own.
ENTRY_FIELDS_V2 = ("status", "note", "changed", "evidence")
# Version 3: each of an item's fields is timed on its own ({value, changed}, as TIMED_FIELDS), so a status set in one
# browser and a note written in another both survive a merge. "evidence" is what outside tools (scripts/probe.py)
# proved, kept apart from the technician's note; "revertDefault" (true or false) is the technician's choice to let
# the item's revert restore Microsoft's default for the settings nobody recorded on this client.
ENTRY_FIELDS_V3 = ("status", "note", "evidence", "revertDefault")
EVIDENCE_MAX = 20_000       # 10 probe runs at its 2,000-character most (probe.py `evidence`); a one-MX run writes ~300
# How the probe's evidence starts. Earlier releases put it above the note on import: a stored note that starts with
# it is split once, on load, into the evidence field (probe.py writes the same words; test_probe_contract holds them).
EVIDENCE_START = "Outside test by probe.py, "
# Version 4: a client's kept mail-log summary, "mailLogs", timed as the client's other fields (TIMED_FIELDS: the newer
# change wins a merge). Its value is null (none kept, or removed) or the figures of one analysis of a server's mail
# logs (docs/downloads/mail_logs.py, the Mail logs page), never a line of the logs: MAIL_LOGS_FIELDS, each within the
# limits below. Its verdicts are the analyser's (docs/schemas/mail-logs-v1.schema.json; test_vocabulary holds them).
CLIENT_FIELDS_V4 = (*CLIENT_FIELDS_V2, "mailLogs")
MAIL_LOGS_VERDICTS = ("backscatter", "compromised-account", "open-relay", "directory-harvest-refused", "queue-backlog",
                      "quiet")
MAIL_LOGS_COUNTS = ("messages_total", "ndr_generated", "ndr_generated_recent", "outbound_messages", "outbound_ndrs",
                    "ndrs_sent_or_retried_recent", "refused_or_unknown_recipients_distinct")   # whole numbers, >= 0
MAIL_LOGS_PER_HOUR = ("ndr_per_hour", "refused_or_unknown_per_hour")   # {hour: a whole number >= 1}
MAIL_LOGS_FIELDS = ("analysed", "files", "first_hour", "last_hour", "verdict", "rule", "next", "domains",
                    *MAIL_LOGS_COUNTS, *MAIL_LOGS_PER_HOUR, "top_ndr_target_domains", "tarpit_seconds_median")
MAIL_LOGS_FILE_FIELDS = ("name", "format", "records", "rejected", "skipped")   # each log file read, or skipped
MAIL_LOGS_TARGET_FIELDS = ("domain", "count")                                  # a domain the NDRs went to
MAIL_LOGS_FILES_MAX = 100
MAIL_LOGS_FILE_NAME_MAX = 260   # Windows' MAX_PATH: a log's name with its folder
MAIL_LOGS_FORMAT_MAX = 40       # a format id of the analyser ("exchange-2010-tracking")
MAIL_LOGS_RULE_MAX = 600        # the rule that chose the verdict, one sentence with the run's figures
MAIL_LOGS_NEXT_MAX = 100
MAIL_LOGS_DOMAINS_MAX = 10
MAIL_LOGS_TARGETS_MAX = 5       # the analyser's top five
MAIL_LOGS_HOURS_MAX = 24 * 400  # hours in each per-hour count: logs of 400 days
COUNT_MAX = 2**53 - 1           # Number.MAX_SAFE_INTEGER: the largest whole number both languages read exactly
# An hour of the logs, in UTC, as the analyser writes it (mail-logs-v1.schema.json); it must name a real hour.
HOUR_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}$"
# The checklist that comes next, as a path on this site ("checklists/triage/#rule-out-relay"): the page makes a link
# of it, so a file can never bring another site's address or a "javascript:" one.
SITE_PATH_PATTERN = r"^[a-z0-9-]+(/[a-z0-9-]+)*/(#[a-z0-9-]+)?$"
# Version 5 (issue 27: a team on the same clients): every timed field and value before a change may say who made the
# change ("by": the technician's name as set once per browser, TECHNICIAN_MAX, no control character, no blank at its
# ends) and hold the competing versions of a field that two people changed ("conflict": at least two versions, each
# the field's own shape without a conflict of its own, sorted by change time, then author, each once; the field is
# the last of them); the file lists deleted clients as tombstones ("deleted": {id, changed, by}, ids unique).
TIMED_FIELDS_V5 = (*TIMED_FIELDS, "by", "conflict")
BEFORE_FIELDS_V5 = (*BEFORE_FIELDS, "by", "conflict")
FILE_FIELDS_V5 = (*FILE_FIELDS, "deleted")
TOMBSTONE_FIELDS = ("id", "changed", "by")
CONFLICT = "conflict"
CONFLICT_MIN = 2
VERSION_FIELDS = ("value", "object", "changed", "by")   # a version of a field, in the order this file writes them
# What a name may never hold (a technician's, as "by"): C0 and C1 controls, DEL, and the line and paragraph separators.
NAME_CONTROLS_PATTERN = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"
# The deepest a version 5 file nests: file { clients [ client { mailLogs { conflict [ version { value { files [ {.
NESTING_MAX = 9
EMPTY_DOCUMENT = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "clients": []}

EXIT_MERGED, EXIT_CONFLICTS, EXIT_REFUSED = 0, 1, 2
PROGRAM = "merge_progress.py"
_QUOTE_OPEN, _QUOTE_CLOSE = "\u201c", "\u201d"
# String.prototype.trim's white space and line terminators (ECMA-262), which differ from str.strip()'s: what "no
# edge blanks" means for a name, as the site trims it.
_JS_BLANKS = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
             "\u2028\u2029\u202f\u205f\u3000\ufeff"
_CONTROLS = re.compile(NAME_CONTROLS_PATTERN)



class Refused(Exception):
    """A file this merge will not read or write, with why in one line."""


# ----------------------------------------------------------------------------------------------------------------
# Change times, the order of versions and their canonical JSON: the same arithmetic as the browser
# (browser/change-time.js `changeTime` and `moment`), so both halves order two versions alike.

def change_time(text) -> tuple[int, ...] | None:
    """(year, month, day, hour, minute, zone offset in minutes) of a change time that names a real moment, else None
    (browser/change-time.js `changeTime`: the pattern alone lets 2026-02-30 or +99:00 through)."""
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


def merge_client_field(base: dict | None, ours: dict | None, theirs: dict | None) -> dict | None:
    """A client's field: `merge_field`, a side that did not change the field since base (`changed_since`) holding
    base's."""
    return merge_field(base, *(side if changed_since(base, side) else base for side in (ours, theirs)))


def changed_since(base: dict | None, side: dict | None) -> bool:
    """Whether a side changed a client's field since base: it holds a version base does not hold (base lacking the
    field: any version). A side without the field has no opinion on it, since the site never removes a client's
    field: that side is a file made before the field (an older release's export, an older copy). Nor has a side that
    holds only versions base holds, such as one of the versions of base's conflict (a pick on the site writes a new
    version). Clocks decide nothing here: technicians' computers disagree on the time."""
    if side is None:
        return False
    if base is None:
        return True
    held = {canonical(version) for version in versions(base)}
    return any(canonical(version) not in held for version in versions(side))


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
# Reading any version as version 5: every field timed, as the site's import reads them (browser/imported-client.js
# and browser/entries.js `timedEntry`; the report CLI reads item entries with `timed_entry` below). A client becomes
# {path: field}, where a path is ("name",), ("values", name), ("before", setting id), ("items", item id, field name)
# or ("mailLogs",).

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
    """One item's entry of any version as {field: timed field} (browser/entries.js `timedEntry`). Versions 1
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
    `export_problems`; base None is a file added on both sides."""
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
        changed = any(fields is not None and (base is None or any(changed_since(base.get(path), field)
                                                                  for path, field in fields.items()))
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
        field = merge_client_field(base.get(path), ours.get(path), theirs.get(path))
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
# Format checks: what a file must be for the site to import it and for this merge to read all of it and lose nothing,
# as "where: what". The site's import and its report CLI use these (macros/progress_file.py), and the browser's
# import holds the same rules, word for word, on tests/vectors/export-vectors.json.

def is_text(value) -> bool:
    return isinstance(value, str)


def good_name(name) -> bool:
    """A technician's name as the site cleans it (browser/change-stamp.js): 1 to TECHNICIAN_MAX characters (UTF-16
    units, as JavaScript counts), no control character, no blank at either end."""
    return (isinstance(name, str) and name != "" and name.strip(_JS_BLANKS) == name and not _CONTROLS.search(name)
            and _length(name) <= TECHNICIAN_MAX)


_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]*")


def _is_object(value) -> bool:
    return isinstance(value, dict)


def _length(text: str) -> int:
    # JavaScript's String.length counts UTF-16 code units; count the same way, or the two halves disagree.
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _js_keys(value: dict) -> list[str]:
    """Object.keys order: keys that are array indices (0 to 2**32 - 2) first, ascending, then the rest in file
    order. The problems of a file come out in the same order on both sides."""
    def is_index(key: str) -> bool:
        return _ARRAY_INDEX.fullmatch(key) is not None and int(key) < 2**32 - 1

    return sorted((k for k in value if is_index(k)), key=int) + [k for k in value if not is_index(k)]


def export_problems(data, platform_ids: list[str] | None = None) -> list[str]:
    """Every problem of a parsed export file as "where: what" (empty when valid), at most the first PROBLEMS_SHOWN:
    what the site's import refuses (browser/import-checks.js and its parts, on tests/vectors/export-vectors.json),
    word for word. `platform_ids` are the site's platforms; None (this merge, which does not know them) takes any
    text as a platform."""
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
    """"version 1, 2, 3, 4 and 5", as browser/import-checks.js `versionsRead` writes it."""
    listed = [str(version) for version in EXPORT_VERSIONS]
    return "version " + (", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1 else listed[0])


def _good_client_name(name) -> bool:
    return is_text(name) and name.strip(_JS_BLANKS) != "" and _length(name) <= CLIENT_NAME_MAX


def _known_platform(platform, platform_ids: list[str] | None) -> bool:
    """None (no platform chosen yet), or one of the site's platforms; any text when they are not known."""
    return platform == "" or (is_text(platform) if platform_ids is None else platform in platform_ids)


# Who made a change (version 5's "by"): the technician's name as the site cleans it (browser/change-stamp.js).
_TECHNICIAN = f"expected a name of 1 to {TECHNICIAN_MAX} characters, without control characters or blanks at its ends"


def _client_v1_problems(client: dict, where: str, platform_ids, problem, only_keys) -> None:
    if not _good_client_name(client.get("name")):
        problem(f"{where}.name", f"expected a name of 1 to {CLIENT_NAME_MAX} characters")
    if not _known_platform(client.get("platform", ""), platform_ids):
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
    if version >= 5 and "by" in field and not good_name(field["by"]):
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
    keys = [order_key(version) for version in conflict]
    if any(earlier >= later for earlier, later in zip(keys, keys[1:], strict=False)):
        problem(at, "expected the versions sorted by change time, then author, each once")
    if canonical(version_of(field)) != canonical(conflict[-1]):
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
        if not is_text(client_id) or not matches(CLIENT_ID_PATTERN, client_id):
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
        if "by" in tombstone and not good_name(tombstone["by"]):
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
           _value_check(_good_client_name, f"expected a name of 1 to {CLIENT_NAME_MAX} characters"))
    if "platform" in client:
        _timed(client["platform"], f"{where}.platform", problem, only_keys, version,
               _value_check(lambda value: value is _MISSING or _known_platform(value, platform_ids),
                            "unknown platform"))
    if "values" in client:
        values = client["values"]
        if not _is_object(values):
            problem(f"{where}.values", "expected an object")
        else:
            for name in _js_keys(values):
                if name in FORBIDDEN_KEYS or not matches(VALUE_NAME_PATTERN, name):
                    problem(f"{where}.values", f"bad name {_QUOTE_OPEN}{name}{_QUOTE_CLOSE}")
                    continue
                _timed(values[name], f"{where}.values.{name}", problem, only_keys, version,
                       _value_check(lambda value: is_text(value) and _length(value) <= VALUE_MAX,
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
        if item_id in FORBIDDEN_KEYS or not matches(ITEM_ID_PATTERN, item_id):
            problem(f"{where}.items", f"bad item id {_QUOTE_OPEN}{item_id}{_QUOTE_CLOSE}")
            continue
        if not _is_object(entry):
            problem(at, "expected an object")
            continue
        yield entry, at


# Version 3's item fields, each {value, changed}, and what its value must be.
_ENTRY_CHECKS = {
    "status": _value_check(lambda value: is_text(value) and value in STATUS_IDS, "unknown status"),
    "note": _value_check(lambda value: is_text(value) and _length(value) <= NOTE_MAX,
                         f"expected text of at most {NOTE_MAX} characters"),
    "evidence": _value_check(lambda value: is_text(value) and _length(value) <= EVIDENCE_MAX,
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
    return is_text(text) and matches(HOUR_PATTERN, text) and change_time(text + ":00:00Z") is not None


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
        if not (null and value is None or is_text(value) and _length(value) <= limit):
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
        elif name == "verdict" and not (is_text(value) and value in MAIL_LOGS_VERDICTS):
            problem(where, "unknown verdict")
        elif name == "rule":
            text(value, MAIL_LOGS_RULE_MAX, where)
        elif name == "next" and not (is_text(value) and _length(value) <= MAIL_LOGS_NEXT_MAX
                                     and matches(SITE_PATH_PATTERN, value)):
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
    if not (is_text(field.get("value")) and matches(BEFORE_VALUE_PATTERN, field["value"])):
        problem(f"{at}.value", "expected a recorded value: a number, a time span, True, False, ticked, "
                               "not ticked, absent, or empty")
    if "object" in field and not (is_text(field["object"]) and _length(field["object"]) <= VALUE_MAX):
        problem(f"{at}.object", f"expected text of at most {VALUE_MAX} characters")


def _before_problems(before, where: str, problem, only_keys, version: int) -> None:
    if not _is_object(before):
        problem(f"{where}.before", "expected an object")
        return
    for setting_id in _js_keys(before):
        at = f"{where}.before.{setting_id}"
        if setting_id in FORBIDDEN_KEYS or not matches(ITEM_ID_PATTERN, setting_id):
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
        if name in FORBIDDEN_KEYS or not matches(VALUE_NAME_PATTERN, name):
            problem(f"{where}.values", f"bad name {_QUOTE_OPEN}{name}{_QUOTE_CLOSE}")
        elif not is_text(value) or _length(value) > VALUE_MAX:
            problem(f"{where}.values.{name}", f"expected text of at most {VALUE_MAX} characters")


def _item_problems(items, where: str, problem, only_keys, fields: tuple[str, ...]) -> None:
    """Version 1's and 2's item entries: one change time for the whole entry."""
    for entry, at in _item_entries(items, where, problem):
        only_keys(entry, fields, at)
        if "status" in entry and not (is_text(entry["status"]) and entry["status"] in STATUS_IDS):
            problem(f"{at}.status", "unknown status")
        if "done" in entry and not isinstance(entry["done"], bool):
            problem(f"{at}.done", "expected true or false")
        if "note" in entry and not (is_text(entry["note"]) and _length(entry["note"]) <= NOTE_MAX):
            problem(f"{at}.note", f"expected text of at most {NOTE_MAX} characters")
        if "changed" in entry and change_time(entry["changed"]) is None:
            problem(f"{at}.changed", "expected a date and time")
        if "evidence" in entry and not (is_text(entry["evidence"]) and _length(entry["evidence"]) <= NOTE_MAX):
            problem(f"{at}.evidence", f"expected text of at most {NOTE_MAX} characters")


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
        problems = export_problems(document)
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


def refuse_unreadable(merged: dict, ours: str) -> None:
    """Refused when the merge is not a file the site and this merge read again. Every input passed the checks, so
    only a limit can fail: two sides that each hold up to CLIENTS_MAX clients, or tombstones, may hold more together."""
    problems = export_problems(merged)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise Refused(f"{shown(ours)}: left as it was: the merge would not be a file the site reads: "
                      f"{one_line(problems[0])}{more}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=PROGRAM, formatter_class=argparse.RawDescriptionHelpFormatter,
        description=__doc__.split("\nExit status")[0],
        epilog="Exit status: 0 merged, and any conflict in the file is one OURS held as it is; 1 merged, the file "
               "holds a new or changed conflict; 2 a file could not be read or is refused, or the merge would break "
               "a limit (OURS left as it was).")
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
        refuse_unreadable(merged, arguments.ours)
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
