"""The lists and limits that the loader, the pages, the report, the published schemas and the browser all use, each
defined here once.

The browser gets them as data: every interactive page carries `browser_vocabulary()` in its one JSON block, so
browser/ never types a status, a limit or a pattern again. The schemas cannot import Python: a test
(tests/unit/test_vocabulary.py) holds every copy in them, and in the CSS and the hooks page, to this module. Adding
a status or a snippet format is one edit here, plus its tests.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    id: str
    label: str
    settled: bool   # counts towards progress: the item needs no more work for this client


# Per-item progress a technician records, in the order the status menu lists them.
STATUSES = (
    Status("not-started", "Not started", settled=False),
    Status("done", "Done", settled=True),
    Status("not-applicable", "Not applicable", settled=True),
    Status("deferred", "Deferred", settled=False),
)
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
# canonical values of before_values.canonical, the one definition of a setting's value (tests/unit/
# test_before_values.py holds the two together): a DWORD up to DWORD_MAX, hours 00-23, days up to TIMESPAN_DAYS_MAX,
# no trailing zero in a fraction of a second.
BEFORE_VALUE_PATTERN = (rf"^(|absent|ticked|not ticked|True|False|{decimal_at_most(DWORD_MAX, zero=True)}|"
                        rf"({decimal_at_most(TIMESPAN_DAYS_MAX, zero=False)}\.)?"
                        r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{0,6}[1-9])?)$")
BEFORE_TEXT_MAX = 100_000   # pasted check output; far more than any check prints for one server

# `{{ name | filter }}` in a snippet template. Written so that Python's re and JavaScript's RegExp read it alike.
# A revert names a setting's value before the change as `before.<setting id>`.
PLACEHOLDER_PATTERN = r"\{\{ *([a-z][a-z0-9_]*|before\.[a-z0-9]+(?:-[a-z0-9]+)*) *\| *([a-z_]+) *\}\}"
BEFORE_PREFIX = "before."

# Limits on what a technician types or a file brings.
VALUE_MAX = 253             # a parameter value: the longest DNS name; no parameter needs more
CLIENT_NAME_MAX = 100
TECHNICIAN_MAX = 100        # the technician's name (the report, and who made a change), as long as a client's
NOTE_MAX = 5000
CLIENTS_MAX = 1000          # clients in one export file
IMPORT_BYTES_MAX = 32 * 1024 * 1024   # an export of 1,000 clients of realistic state is about 8 MB

# The export file (docs/schemas/progress-v5.schema.json; versions 1 to 4 still import) and the ids inside it.
EXPORT_FORMAT = "sbskb-progress"
EXPORT_VERSION = 5          # what this site writes; it reads every version in EXPORT_VERSIONS
EXPORT_VERSIONS = (1, 2, 3, 4, 5)
CLIENT_ID_PATTERN = r"^[a-z0-9]{1,40}$"
ITEM_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
VALUE_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
FORBIDDEN_KEYS = ("__proto__", "constructor", "prototype")   # never object keys from a file, in either language
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
# Version 5 (issue 27: a team on the same clients): every timed field and value before a change may say who made the
# change ("by": the technician's name as set once per browser, TECHNICIAN_MAX, no control character, no blank at its
# ends) and hold the competing versions of a field that two people changed ("conflict": at least two versions, each
# the field's own shape without a conflict of its own, sorted by change time, then author, each once; the field is
# the last of them); the file lists deleted clients as tombstones ("deleted": {id, changed, by}, ids unique).
TIMED_FIELDS_V5 = (*TIMED_FIELDS, "by", "conflict")
BEFORE_FIELDS_V5 = (*BEFORE_FIELDS, "by", "conflict")
FILE_FIELDS_V5 = (*FILE_FIELDS, "deleted")
TOMBSTONE_FIELDS = ("id", "changed", "by")
CONFLICT_MIN = 2
# What a name may never hold (a technician's, as "by"): C0 and C1 controls, DEL, and the line and paragraph separators.
NAME_CONTROLS_PATTERN = r"[\x00-\x1f\x7f-\x9f\u2028\u2029]"
# An hour of the logs, in UTC, as the analyser writes it (mail-logs-v1.schema.json); it must name a real hour.
HOUR_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}$"
# The checklist that comes next, as a path on this site ("checklists/triage/#rule-out-relay"): the page makes a link
# of it, so a file can never bring another site's address or a "javascript:" one.
SITE_PATH_PATTERN = r"^[a-z0-9-]+(/[a-z0-9-]+)*/(#[a-z0-9-]+)?$"
PROBLEMS_SHOWN = 20   # a refused file lists its first problems, not thousands
# A change time: ISO 8601 with seconds and a zone, as Date.prototype.toISOString writes it.
CHANGE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"


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
