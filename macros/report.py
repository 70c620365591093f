"""A client's progress report from an export file (docs/schemas/progress-v5.schema.json, or versions 1 to 4), as
Markdown or HTML.

The same content as the site's printable report page: every item's status, note, last outside test and date (in this
computer's time zone, named in the summary), and for items marked done the read-only check to re-verify them, filled
with the client's values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from . import before_values, parameters, templating
from .model import Catalog, Item, Setting
from .outside_test import last_outside_test, outside_test_cell
from .progress_file import change_time, item_entry, local_offset, retired_line, shown_minute
from .vocabulary import (
    ABSENT,
    KIND_LABELS,
    SETTLED_STATUSES,
    SNIPPET_FORMATS,
    STATUS_LABELS,
    TECHNICIAN_MAX,
    UNCONFIRMED,
)

# The report's columns, the page's (report.js) and the CLI's alike.
ITEM_COLUMNS = ("Item", "Status", "Note", "Outside test", "Last change")
CHANGE_COLUMNS = ("Item", "Setting", "Before the change", "After")
NOT_SET = "not set"
NO_TECHNICIAN = "not given"
NOT_RECORDED = "no revert: not recorded"
# The After column of a change whose item is not done: the report claims no change that was not made.
NOT_APPLIED = "not applied: the item is not done"
REFUSED_VALUE = "not known: this client's stored value is refused"


# The rules the report page shares (browser/rules/), each held to its JavaScript half by tests/vectors/rules/. Their
# arguments are plain JSON data, as the page has them.

def settled_percent(settled: int, total: int) -> int:
    """Settled items of all as a whole percent, rounded down: 30 of 31 is 96 %, never a 100 % that is not done
    (report-summary.js `settledPercent`)."""
    return settled * 100 // total if total else 0


def technician_name(text: str) -> str:
    """The name as the summary prints it: runs of spaces, tabs and line breaks made one space, at most 100 characters
    (report-summary.js `technicianName`, character for character: JavaScript's and Python's own notions of white
    space differ)."""
    return " ".join(part for part in re.split(r"[ \t\n\r\f\v]+", text[:TECHNICIAN_MAX]) if part)


def _zone_name(minutes: int) -> str:
    """A zone offset in minutes east of UTC as "UTC+01:00"."""
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{'-' if minutes < 0 else '+'}{hours:02d}:{rest:02d}"


def summary_rows(client: str, platform: str, settled: int, total: int, date: str, technician: str,
                 offsets: list[int]) -> list[list[str]]:
    """The summary's lines as [label, the page's data-summary hook, text]: client, platform (its full name, "" when
    not set), settled items of all with their percent, the report's date, the zone its times are in (`offsets`: those
    of the times shown, in whole minutes east of UTC; a zone with summer time can give two, both named), the
    technician's name as typed (report-summary.js `summaryRows`)."""
    zones = [_zone_name(offset) for offset in sorted(set(offsets))]
    times = f" ({' or '.join(zones)}, by date)" if len(zones) > 1 else f" ({zones[0]})" if zones else ""
    return [["Client", "client", client],
            ["Platform", "platform", platform or NOT_SET],
            ["Progress", "progress", f"{settled} of {total} items settled ({settled_percent(settled, total)} %)"],
            ["Report date", "date", date],
            ["Times", "times", f"local time{times}"],
            ["Technician", "technician", technician_name(technician) or NO_TECHNICIAN]]


def default_restored(default: str) -> str:
    """The report's words for a setting nobody recorded whose revert restores Microsoft's default, as the
    technician chose for the item (report-changes.js `defaultRestored`)."""
    shown = "absent: the revert deletes the value" if default == ABSENT else default
    return f"not recorded; the revert restores Microsoft's default ({shown})"


def change_rows(settings: list[dict], platform: str, recorded: dict, entry: dict, values: dict,
                refused: list[str]) -> list[dict]:
    """Before → after for each setting an item changes on the client's platform (every platform's when not set), as
    {setting, name, before, after}. `settings` as `setting_data` gives them, `recorded` the client's values before
    the change per setting id, `entry` the item's {status, revertDefault}, `values` its filled values, `refused` the
    parameters whose stored value is refused. A recorded value of the wrong type is no record. Not recorded, the
    revert restores Microsoft's default only where the technician chose that for the item, the platform is known,
    its default confirmed and its tab has a revert for the setting (a box is put back by hand).
    (report-changes.js `changeRows`)"""
    rows = []
    for setting in settings:
        if platform and platform not in setting["defaults"]:
            continue
        value = recorded.get(setting["id"], "")
        default = setting["defaults"].get(platform) if platform else None
        spec = before_values.SettingSpec(setting["id"], setting["type"], setting["property"], setting.get("object", ""))
        if value and before_values.canonical(spec, value) == value:
            before = value
        elif (entry["revertDefault"] and not value and default not in (None, UNCONFIRMED)
              and platform in setting["revertedOn"]):
            before = default_restored(default)
        else:
            before = NOT_RECORDED
        if entry["status"] != "done":
            after = NOT_APPLIED
        elif set(refused) & {p.name for p in templating.placeholders(setting["applied"])}:
            after = REFUSED_VALUE   # the default in its place would be a value nobody set
        else:
            after = templating.render(setting["applied"], values)
        rows.append({"setting": setting["id"], "name": setting["property"] or setting["label"], "before": before,
                     "after": after})
    return rows


def recheck_selection(checks: list[dict], platform: str, platforms: list[dict]) -> list[dict]:
    """The read-only checks the report shows again for a done item: the client's platform's, or every platform's
    while it has none set; each with the short names of its platforms joined by " · " (rechecks.js
    `recheckSelection`). `checks` as `check_data` gives them, `platforms` as [{id, name}]."""
    names = {p["id"]: p["name"] for p in platforms}
    return [{"platforms": " · ".join(names.get(p, p) for p in check["platforms"]), "format": check["format"],
             "formatName": check["formatName"], "template": check["template"]}
            for check in checks if not platform or platform in check["platforms"]]


def retired_item_ids(item_ids: list[str], checklists: list[dict]) -> list[str]:
    """The ids among a client's stored item ids that no checklist knows, neither as an item nor as one an item
    replaces, sorted (retired.js `retiredItemIds`). `checklists` as [{items: [{id, replaces}]}]."""
    known = {known_id for checklist in checklists for item in checklist["items"]
             for known_id in (item["id"], *item["replaces"])}
    return sorted(item_id for item_id in item_ids if item_id not in known)


# The catalogue as those rules take it: the shapes of the report page's data block (macros/render.py).

def setting_data(item: Item, setting: Setting) -> dict:
    return {"id": setting.id, "label": setting.label, "type": setting.type, "property": setting.check_name,
            "object": setting.object, "applied": setting.applied, "item": item.id, "defaults": dict(setting.defaults),
            "revertedOn": list(item.reverted_on(setting.id))}


def check_data(item: Item) -> list[dict]:
    return [{"platforms": list(variant.platforms), "format": snippet.format,
             "formatName": SNIPPET_FORMATS[snippet.format], "template": snippet.template}
            for variant in item.variants for snippet in variant.snippets if snippet.kind == "check"]


def checklist_ids(catalog: Catalog) -> list[dict]:
    return [{"items": [{"id": item.id, "replaces": list(item.replaces)} for item in checklist.items]}
            for checklist in catalog.checklists]


@dataclass(frozen=True)
class Summary:
    """What a client's office manager reads first: whose server, which platform, how far the work is, when, by whom."""

    client: str
    platform: str      # its full name, or NOT_SET
    settled: int
    total: int
    date: str          # the report's date, YYYY-MM-DD
    technician: str    # as typed
    offsets: tuple[int, ...] = ()   # the local zone's offsets (minutes east of UTC) of the times the report shows

    def rows(self) -> list[list[str]]:
        return summary_rows(self.client, self.platform, self.settled, self.total, self.date, self.technician,
                            list(self.offsets))


def summary(catalog: Catalog, client: dict, date: str, technician: str = "", offsets: tuple[int, ...] = ()) -> Summary:
    """Settled items (done or not applicable) of every item of every checklist, following `replaces`."""
    items = [item for checklist in catalog.checklists for item in checklist.items]
    settled = sum(entry(client.get("items", {}), item)["status"] in SETTLED_STATUSES for item in items)
    platform = catalog.platform(client["platform"]).name if client.get("platform") else NOT_SET
    return Summary(client["name"], platform, settled, len(items), date, technician, offsets)


def changes(item: Item, client: dict) -> list[dict]:
    """Before → after for each setting the item changes on the client's platform: `change_rows` on the client's
    data."""
    recorded = {setting_id: record["value"] for setting_id, record in client.get("before", {}).items()
                if isinstance(record, dict) and isinstance(record.get("value"), str)}
    progress = entry(client.get("items", {}), item)
    return change_rows([setting_data(item, setting) for setting in item.settings], client.get("platform") or "",
                       recorded, progress, client_values(item, client.get("values", {})),
                       sorted(refused_names(item, client.get("values", {}))))


def note_cell(progress: dict) -> str:
    """The Note column: the technician's note, then what outside tools proved (browser/rules/note-cell.js)."""
    return "\n\n".join(text for text in (progress["note"], progress["evidence"]) if text)


def entry(items: dict, item: Item) -> dict:
    """The client's progress for an item, following `replaces` (macros/progress_file.py `item_entry`)."""
    progress = item_entry(items, item.id, item.replaces)
    return progress | {"changed": progress["changed"] or ""}


def refused_names(item: Item, values: dict) -> set[str]:
    """The item's parameters whose stored value its field refuses now (templating.js `refusedValues`)."""
    refused = set()
    for parameter in item.parameters:
        if parameter.name in values:
            try:
                parameters.validate(parameter, values[parameter.name])
            except parameters.InvalidValue:
                refused.add(parameter.name)
    return refused


def client_values(item: Item, values: dict) -> dict:
    """The client's valid values for this item's parameters, the default where a value is missing or invalid (the one
    rule: parameters.filled_values, tests/vectors/rules/filled-values.json)."""
    return parameters.filled_values({p.name: p.browser_spec() for p in item.parameters}, values)


@dataclass(frozen=True)
class Recheck:
    """A read-only check to run again for an item that is done, filled with the client's values."""

    title: str        # the item's
    platforms: str    # the short names of the platforms it is for, joined by " · "
    format: str       # the format's name ("PowerShell")
    text: str


@dataclass(frozen=True)
class Section:
    """One checklist's part of the report: a row per item (ITEM_COLUMNS), per setting they change (CHANGE_COLUMNS),
    and the checks to run again."""

    title: str
    items: tuple[tuple[str, str, str, str, str], ...]
    changes: tuple[tuple[str, str, str, str], ...]
    rechecks: tuple[Recheck, ...]


@dataclass(frozen=True)
class ReportRows:
    """Everything the report says, as text: built once, rendered as Markdown or HTML (and in the browser by
    report.js, from the same rules)."""

    title: str
    summary: list[list[str]]
    sections: tuple[Section, ...]
    retired: tuple[str, ...]      # one line per retired item


def report_rows(catalog: Catalog, client: dict, date: str, technician: str = "") -> ReportRows:
    """The whole report of one client (an export's, as `flat_client` reads it), as the page shows it."""
    platform = client.get("platform") or ""
    platforms = [{"id": p.id, "name": p.short_name} for p in catalog.platforms]
    sections = []
    offsets = set()   # the local zone's offsets of the times shown: the summary names them

    def shown_at(text: str) -> int:
        offset = local_offset(text)
        if change_time(text) is not None:
            offsets.add(offset)
        return offset

    for checklist in catalog.checklists:
        items, changed, rechecks = [], [], []
        for item in checklist.items:
            progress = entry(client.get("items", {}), item)
            test = last_outside_test(progress["evidence"])
            shown_at(progress["changed"])
            items.append((item.title, STATUS_LABELS[progress["status"]], note_cell(progress),
                          outside_test_cell(test, shown_at(test["started"])) if test else "",
                          shown_minute(progress["changed"])))
            changed += [(item.title, row["name"], row["before"], row["after"]) for row in changes(item, client)]
            if progress["status"] == "done":
                values = client_values(item, client.get("values", {}))
                rechecks += [Recheck(item.title, check["platforms"], check["formatName"],
                                     templating.render(check["template"], values))
                             for check in recheck_selection(check_data(item), platform, platforms)]
        sections.append(Section(checklist.title, tuple(items), tuple(changed), tuple(rechecks)))
    stored = client.get("items", {})
    retired = tuple(retired_line(item_id, stored[item_id])
                    for item_id in retired_item_ids(list(stored), checklist_ids(catalog)))
    shown = tuple(sorted(offsets)) or (local_offset(None),)   # none shown: the zone's offset now
    return ReportRows(f"Mail server setup report: {client['name']}",
                      summary(catalog, client, date, technician, shown).rows(), tuple(sections), retired)


def to_markdown(catalog: Catalog, client: dict, date: str, technician: str = "") -> str:
    report = report_rows(catalog, client, date, technician)
    out = [f"# {_md(report.title)}", ""]
    out += [f"- **{label}:** {_md(value)}" for label, _, value in report.summary]
    out.append("")
    for section in report.sections:
        out += [f"## {_md(section.title)}", ""] + _md_table(ITEM_COLUMNS, section.items)
        if section.changes:
            out += _md_table(CHANGE_COLUMNS, section.changes)
        for check in section.rechecks:
            fence = "~~~~" if "```" in check.text else "```"
            out += [f"Re-check *{_md(check.title)}* ({_md(check.platforms)}, "
                    f"{KIND_LABELS['check'].lower()}, {check.format}):", "", fence, check.text, fence, ""]
    if report.retired:
        out += ["## Retired items", ""] + [f"- {_md(line)}" for line in report.retired] + [""]
    return "\n".join(out).rstrip() + "\n"


def _md_table(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    return ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns),
            *("| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows), ""]


def _md(text: str) -> str:
    """Plain text inside Markdown: no markup, links or table breaks survive."""
    text = " ".join(str(text).split())
    for char in "\\`*_[]<>|#!":
        text = text.replace(char, "\\" + char)
    return text


def to_html(catalog: Catalog, client: dict, date: str, technician: str = "") -> str:
    report = report_rows(catalog, client, date, technician)
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{escape(report.title)}</title>",
           "<style>body{font:14px/1.5 sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
           "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3em .5em;text-align:left;"
           "vertical-align:top}pre{background:#f3f3f3;padding:.5em;white-space:pre-wrap;word-break:break-all}"
           "dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:700}dd{margin:0}"
           "@page{margin:15mm}</style></head><body>",
           f"<h1>{escape(report.title)}</h1>", '<dl class="summary">']
    out += [f"<dt>{label}</dt><dd>{escape(value)}</dd>" for label, _, value in report.summary]
    out += ["</dl>"]
    for section in report.sections:
        out += [f"<h2>{escape(section.title)}</h2>"] + _html_table(ITEM_COLUMNS, section.items)
        if section.changes:
            out += _html_table(CHANGE_COLUMNS, section.changes)
        for check in section.rechecks:
            out += [f"<p>Re-check <em>{escape(check.title)}</em> ({escape(check.platforms)}, {check.format}):</p>",
                    f"<pre><code>{escape(check.text)}</code></pre>"]
    if report.retired:
        out += ["<h2>Retired items</h2>", "<ul>"] + [f"<li>{escape(line)}</li>" for line in report.retired] + ["</ul>"]
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _html_table(columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    head = "".join(f'<th scope="col">{column}</th>' for column in columns)
    return [f"<table><thead><tr>{head}</tr></thead><tbody>",
            *("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows),
            "</tbody></table>"]
