"""The lists and limits that the loader, the pages, the report, the published schemas and the browser all use, each
defined once: here, or, for the export file, in docs/downloads/merge_progress.py, whose names this module passes on.

The browser gets them as data: every interactive page carries `browser_vocabulary()` in its one JSON block, so
browser/ never types a status, a limit or a pattern again. The schemas cannot import Python: a test
(tests/unit/test_vocabulary.py) holds every copy in them, and in the CSS and the hooks page, to this module. Adding
a status or a snippet format is one edit here, plus its tests.
"""
from __future__ import annotations

from dataclasses import dataclass

# The export file's format (its fields, ids, limits and patterns) is defined once, in docs/downloads/merge_progress.py,
# the downloadable merge that cannot import the site: these names come from there (macros/export_format.py).
from .export_format import (  # noqa: F401 (re-exported: the site imports them from here)
    BEFORE_FIELDS,
    BEFORE_FIELDS_V5,
    BEFORE_VALUE_PATTERN,
    CHANGE_TIME_PATTERN,
    CLIENT_FIELDS,
    CLIENT_FIELDS_V2,
    CLIENT_FIELDS_V4,
    CLIENT_ID_PATTERN,
    CLIENT_NAME_MAX,
    CLIENTS_MAX,
    CONFLICT_MIN,
    COUNT_MAX,
    DWORD_MAX,
    ENTRY_FIELDS,
    ENTRY_FIELDS_V2,
    ENTRY_FIELDS_V3,
    EVIDENCE_MAX,
    EVIDENCE_START,
    EXPORT_FORMAT,
    EXPORT_VERSION,
    EXPORT_VERSIONS,
    FILE_FIELDS,
    FILE_FIELDS_V5,
    FORBIDDEN_KEYS,
    HOUR_PATTERN,
    IMPORT_BYTES_MAX,
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
    STATUS_IDS,
    TECHNICIAN_MAX,
    TIMED_FIELDS,
    TIMED_FIELDS_V5,
    TIMESPAN_DAYS_MAX,
    TOMBSTONE_FIELDS,
    VALUE_MAX,
    VALUE_NAME_PATTERN,
    decimal_at_most,
)


@dataclass(frozen=True)
class Status:
    id: str
    label: str
    settled: bool   # counts towards progress: the item needs no more work for this client


# Per-item progress a technician records, in the order the status menu lists them (STATUS_IDS, the format's).
STATUSES = tuple(Status(status_id, label, settled) for status_id, (label, settled) in zip(STATUS_IDS, (
    ("Not started", False), ("Done", True), ("Not applicable", True), ("Deferred", False)), strict=True))
STATUS_LABELS = {status.id: status.label for status in STATUSES}
SETTLED_STATUSES = tuple(status.id for status in STATUSES if status.settled)

# Snippet kinds in page order: the read-only check first, then the change, then its undo.
KIND_LABELS = {"check": "Check (read-only)", "apply": "Apply", "revert": "Revert"}
SNIPPET_KINDS = tuple(KIND_LABELS)
SNIPPET_FORMATS = {  # tab order: reg.exe first, since it works on every Windows Server and has a check
    "cmd": "reg.exe / cmd",
    # Lines typed one at a time into the session a cmd line (telnet <host> 25) opens, so its tab comes right after.
    "smtp": "SMTP session (type each line)",
    "reg": ".reg file",
    "ps1": "Windows PowerShell",
    "ems": "Exchange Management Shell",
    "sh": "Shell (probe.py)",   # POSIX sh: the SMTP probe, run from a computer outside the client's network
}

# The kinds of setting an item declares it changes, and the words a default may be besides a value.
SETTING_TYPES = {
    "dword": "a registry DWORD from 0 to 4294967295",
    "timespan": "a time span (hh:mm:ss or d.hh:mm:ss)",
    "boolean": "'True' or 'False'",
    "box": "'ticked' or 'not ticked'",
}
# A box setting's two answers, as recorded (lowercase); a box nobody recorded is "".
BOXES = ("ticked", "not ticked")
ABSENT, UNCONFIRMED = "absent", "unconfirmed"

BEFORE_TEXT_MAX = 100_000   # pasted check output; far more than any check prints for one server

# `{{ name | filter }}` in a snippet template. Written so that Python's re and JavaScript's RegExp read it alike.
# A revert names a setting's value before the change as `before.<setting id>`.
PLACEHOLDER_PATTERN = r"\{\{ *([a-z][a-z0-9_]*|before\.[a-z0-9]+(?:-[a-z0-9]+)*) *\| *([a-z_]+) *\}\}"
BEFORE_PREFIX = "before."

def browser_vocabulary() -> dict:
    """What the page scripts need, as JSON-ready data (the "vocabulary" of each page's data block)."""
    return {
        "statuses": [{"id": s.id, "label": s.label, "settled": s.settled} for s in STATUSES],
        "placeholder": PLACEHOLDER_PATTERN,
        "limits": {"beforeText": BEFORE_TEXT_MAX, "value": VALUE_MAX, "clientName": CLIENT_NAME_MAX, "note": NOTE_MAX,
                   "evidence": EVIDENCE_MAX,
                   "technician": TECHNICIAN_MAX, "clients": CLIENTS_MAX, "importBytes": IMPORT_BYTES_MAX,
                   "conflictVersions": CONFLICT_MIN},
        "export": {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "versions": list(EXPORT_VERSIONS)},
        "before": {"prefix": BEFORE_PREFIX, "absent": ABSENT, "types": dict(SETTING_TYPES), "boxes": list(BOXES)},
        "evidenceStart": EVIDENCE_START,
        "patterns": {"clientId": CLIENT_ID_PATTERN, "itemId": ITEM_ID_PATTERN, "valueName": VALUE_NAME_PATTERN,
                     "changeTime": CHANGE_TIME_PATTERN, "beforeValue": BEFORE_VALUE_PATTERN,
                     "nameControls": NAME_CONTROLS_PATTERN},
        "forbiddenKeys": list(FORBIDDEN_KEYS),
        "fields": {"file": list(FILE_FIELDS), "client": list(CLIENT_FIELDS), "entry": list(ENTRY_FIELDS),
                   "clientV2": list(CLIENT_FIELDS_V2), "timed": list(TIMED_FIELDS), "before": list(BEFORE_FIELDS),
                   "entryV2": list(ENTRY_FIELDS_V2), "entryV3": list(ENTRY_FIELDS_V3),
                   "clientV4": list(CLIENT_FIELDS_V4), "timedV5": list(TIMED_FIELDS_V5),
                   "beforeV5": list(BEFORE_FIELDS_V5), "fileV5": list(FILE_FIELDS_V5),
                   "tombstone": list(TOMBSTONE_FIELDS)},
        "mailLogs": {"fields": list(MAIL_LOGS_FIELDS), "fileFields": list(MAIL_LOGS_FILE_FIELDS),
                     "targetFields": list(MAIL_LOGS_TARGET_FIELDS), "verdicts": list(MAIL_LOGS_VERDICTS),
                     "counts": list(MAIL_LOGS_COUNTS), "perHour": list(MAIL_LOGS_PER_HOUR),
                     "limits": {"files": MAIL_LOGS_FILES_MAX, "fileName": MAIL_LOGS_FILE_NAME_MAX,
                                "format": MAIL_LOGS_FORMAT_MAX, "rule": MAIL_LOGS_RULE_MAX, "next": MAIL_LOGS_NEXT_MAX,
                                "domains": MAIL_LOGS_DOMAINS_MAX, "domain": VALUE_MAX,
                                "targets": MAIL_LOGS_TARGETS_MAX, "hours": MAIL_LOGS_HOURS_MAX, "count": COUNT_MAX},
                     "patterns": {"hour": HOUR_PATTERN, "next": SITE_PATH_PATTERN}},
        "problemsShown": PROBLEMS_SHOWN,
    }
