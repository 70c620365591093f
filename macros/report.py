"""A client's progress report from an export file (docs/schemas/progress-v3.schema.json, or versions 1 and 2), as
Markdown or HTML.

The same content as the site's printable report page: every item's status, note and date, and for items marked done
the read-only check to re-verify them, filled with the client's values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from . import before_values, parameters, templating
from .model import Catalog, Item
from .progress_file import item_entry, retired_line, utc_minute
from .vocabulary import (
    ABSENT,
    KIND_LABELS,
    SETTLED_STATUSES,
    SNIPPET_FORMATS,
    STATUS_LABELS,
    TECHNICIAN_MAX,
    UNCONFIRMED,
)


@dataclass(frozen=True)
class Check:
    platforms: str
    format: str
    text: str


@dataclass(frozen=True)
class ItemLine:
    item_id: str
    title: str
    status: str
    note: str
    changed: str
    checks: tuple[Check, ...]
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Change:
    """One setting an item changes: the client's value before the change, and the value the apply sets."""

    setting: str
    before: str
    after: str


NOT_RECORDED = "no revert: not recorded"


def default_restored(default: str) -> str:
    """The report's words for a setting nobody recorded whose revert restores Microsoft's default, as the
    technician chose for the item (report.js `defaultRestored`)."""
    shown = "absent: the revert deletes the value" if default == ABSENT else default
    return f"not recorded; the revert restores Microsoft's default ({shown})"
NO_TECHNICIAN = "not given"
# The After column of a change whose item is not done: the report claims no change that was not made.
NOT_APPLIED = "not applied: the item is not done"
REFUSED_VALUE = "not known: this client's stored value is refused"


@dataclass(frozen=True)
class Summary:
    """What a client's office manager reads first: whose server, which platform, how far the work is, when, by whom.
    The same lines as report.js `summary`."""

    client: str
    platform: str
    settled: int
    total: int
    date: str          # the report's date, YYYY-MM-DD
    technician: str

    @property
    def percent(self) -> int:
        # Rounded down: 30 of 31 is 96 %, never a 100 % that is not done.
        return self.settled * 100 // self.total if self.total else 0

    @property
    def progress(self) -> str:
        return f"{self.settled} of {self.total} items settled ({self.percent} %)"

    def rows(self) -> list[tuple[str, str]]:
        return [("Client", self.client), ("Platform", self.platform), ("Progress", self.progress),
                ("Report date", self.date), ("Technician", self.technician or NO_TECHNICIAN)]


def summary(catalog: Catalog, client: dict, date: str, technician: str = "") -> Summary:
    """Settled items (done or not applicable) of every item of every checklist, following `replaces`."""
    items = [item for checklist in catalog.checklists for item in checklist.items]
    settled = sum(entry(client.get("items", {}), item)["status"] in SETTLED_STATUSES for item in items)
    return Summary(client["name"], _platform_name(catalog, client), settled, len(items), date,
                   technician_name(technician))


def technician_name(text: str) -> str:
    """The name as the summary prints it: runs of spaces, tabs and line breaks made one space, at most 100 characters
    (report.js `technicianName`, character for character: JavaScript's and Python's own notions of white space
    differ)."""
    return " ".join(part for part in re.split(r"[ \t\n\r\f\v]+", text[:TECHNICIAN_MAX]) if part)


def changes(item: Item, client: dict) -> tuple[Change, ...]:
    """Before → after for each setting the item changes on the client's platform (every platform when not set).
    Not recorded (a value of the wrong type is not a record either), the revert restores Microsoft's default only
    where the technician chose that for the item, the client's platform is known, its default confirmed and its tab
    has a revert for the setting (a box is put back by hand). Mirrors report.js `changes`."""
    values = client_values(item, client.get("values", {}))
    platform = client.get("platform")
    progress = entry(client.get("items", {}), item)
    use_default = progress["revertDefault"]
    refused = refused_names(item, client.get("values", {}))
    found = []
    for setting in item.settings:
        if platform and setting.default_for(platform) is None:
            continue
        recorded = client.get("before", {}).get(setting.id) or {}
        value = recorded.get("value", "")
        default = setting.default_for(platform) if platform else None
        if value and before_values.canonical(setting.spec, value) == value:
            before = value
        elif (use_default and not value and default not in (None, UNCONFIRMED)
              and platform in item.reverted_on(setting.id)):
            before = default_restored(default)
        else:
            before = NOT_RECORDED
        if progress["status"] != "done":
            after = NOT_APPLIED
        elif refused & {p.name for p in templating.placeholders(setting.applied)}:
            after = REFUSED_VALUE   # the default in its place would be a value nobody set
        else:
            after = templating.render(setting.applied, values)
        found.append(Change(setting.check_name or setting.label, before, after))
    return tuple(found)


def note_cell(progress: dict) -> str:
    """The Note column: the technician's note, then what outside tools proved (report.js `noteCell`)."""
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
    """The client's valid values for this item's parameters, the default where a value is missing or invalid."""
    filled = {}
    for parameter in item.parameters:
        try:
            filled[parameter.name] = parameters.validate(parameter, values.get(parameter.name, ""))
        except parameters.InvalidValue:
            filled[parameter.name] = parameters.validate(parameter, str(parameter.default))
    return filled


def item_lines(catalog: Catalog, client: dict) -> list[tuple[str, list[ItemLine]]]:
    sections = []
    for checklist in catalog.checklists:
        lines = []
        for item in checklist.items:
            progress = entry(client.get("items", {}), item)
            checks = []
            if progress["status"] == "done":
                values = client_values(item, client.get("values", {}))
                for variant in item.variants:
                    if client.get("platform") and client["platform"] not in variant.platforms:
                        continue
                    names = " · ".join(catalog.platform(p).short_name for p in variant.platforms)
                    checks += [Check(names, s.format, templating.render(s.template, values))
                               for s in variant.snippets if s.kind == "check"]
            lines.append(ItemLine(item.id, item.title, progress["status"], note_cell(progress), progress["changed"],
                                  tuple(checks), changes(item, client)))
        sections.append((checklist.title, lines))
    return sections


def retired(catalog: Catalog, client: dict) -> list[tuple[str, dict]]:
    known = {item.id for c in catalog.checklists for item in c.items}
    known |= {old for c in catalog.checklists for item in c.items for old in item.replaces}
    return [(item_id, raw) for item_id, raw in sorted(client.get("items", {}).items()) if item_id not in known]


def _platform_name(catalog: Catalog, client: dict) -> str:
    return catalog.platform(client["platform"]).name if client.get("platform") else "not set"


def to_markdown(catalog: Catalog, client: dict, date: str, technician: str = "") -> str:
    out = [f"# Mail server setup report: {_md(client['name'])}", ""]
    out += [f"- **{label}:** {_md(value)}" for label, value in summary(catalog, client, date, technician).rows()]
    out.append("")
    for title, lines in item_lines(catalog, client):
        out += [f"## {_md(title)}", "", "| Item | Status | Note | Last change |", "| --- | --- | --- | --- |"]
        out += [f"| {_md(line.title)} | {STATUS_LABELS[line.status]} | {_md(line.note)} | {utc_minute(line.changed)} |"
                for line in lines]
        out.append("")
        changed = [(line, change) for line in lines for change in line.changes]
        if changed:
            out += ["| Item | Setting | Before the change | After |", "| --- | --- | --- | --- |"]
            out += [f"| {_md(line.title)} | {_md(change.setting)} | {_md(change.before)} | {_md(change.after)} |"
                    for line, change in changed]
            out.append("")
        for line in lines:
            for check in line.checks:
                fence = "~~~~" if "```" in check.text else "```"
                out += [f"Re-check *{_md(line.title)}* ({_md(check.platforms)}, "
                        f"{KIND_LABELS['check'].lower()}, {SNIPPET_FORMATS[check.format]}):", "",
                        fence, check.text, fence, ""]
    gone = retired(catalog, client)
    if gone:
        out += ["## Retired items", ""] + [f"- {_md(retired_line(item_id, raw))}" for item_id, raw in gone] + [""]
    return "\n".join(out).rstrip() + "\n"


def _md(text: str) -> str:
    """Plain text inside Markdown: no markup, links or table breaks survive."""
    text = " ".join(str(text).split())
    for char in "\\`*_[]<>|#!":
        text = text.replace(char, "\\" + char)
    return text


def to_html(catalog: Catalog, client: dict, date: str, technician: str = "") -> str:
    name = escape(client["name"])
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>Mail server setup report: {name}</title>",
           "<style>body{font:14px/1.5 sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
           "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3em .5em;text-align:left;"
           "vertical-align:top}pre{background:#f3f3f3;padding:.5em;white-space:pre-wrap;word-break:break-all}"
           "dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:700}dd{margin:0}"
           "@page{margin:15mm}</style></head><body>",
           f"<h1>Mail server setup report: {name}</h1>", '<dl class="summary">']
    out += [f"<dt>{label}</dt><dd>{escape(value)}</dd>" for label, value in summary(catalog, client, date,
                                                                                  technician).rows()]
    out += ["</dl>"]
    for title, lines in item_lines(catalog, client):
        out += [f"<h2>{escape(title)}</h2>",
                "<table><thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Status</th>"
                "<th scope=\"col\">Note</th><th scope=\"col\">Last change</th></tr></thead><tbody>"]
        out += [f"<tr><td>{escape(line.title)}</td><td>{STATUS_LABELS[line.status]}</td><td>{escape(line.note)}</td>"
                f"<td>{escape(utc_minute(line.changed))}</td></tr>" for line in lines]
        out.append("</tbody></table>")
        changed = [(line, change) for line in lines for change in line.changes]
        if changed:
            out += ["<table><thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Setting</th>"
                    "<th scope=\"col\">Before the change</th><th scope=\"col\">After</th></tr></thead><tbody>"]
            out += [f"<tr><td>{escape(line.title)}</td><td>{escape(change.setting)}</td>"
                    f"<td>{escape(change.before)}</td><td>{escape(change.after)}</td></tr>" for line, change in changed]
            out.append("</tbody></table>")
        for line in lines:
            for check in line.checks:
                out += [f"<p>Re-check <em>{escape(line.title)}</em> ({escape(check.platforms)}, "
                        f"{SNIPPET_FORMATS[check.format]}):</p>", f"<pre><code>{escape(check.text)}</code></pre>"]
    gone = retired(catalog, client)
    if gone:
        out += ["<h2>Retired items</h2>", "<ul>"]
        out += [f"<li>{escape(retired_line(item_id, raw))}</li>" for item_id, raw in gone]
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
