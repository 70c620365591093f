"""Model -> checklist HTML: items, done boxes, platform tabs, parameter fields, snippets and the data-* hooks that
browser/ and the tests rely on (listed on docs/reference/hooks.md).

Every text from a checklist file goes through `escape` (plain text) or `markdown_text.to_html` (Markdown without raw
HTML). Snippets are rendered here with the parameters' defaults, so readers without JavaScript and the search index
see real commands; the browser re-renders the same templates with the selected client's values.
"""
from __future__ import annotations

import json
from html import escape

from . import before_values, templating
from .markdown_text import to_html
from .model import Catalog, Checklist, Item, Reference, Snippet, Variant
from .parameters import Parameter
from .site_links import SiteLinks
from .vocabulary import (
    ABSENT,
    CLIENT_NAME_MAX,
    EXPORT_VERSION,
    EXPORT_VERSIONS,
    KIND_LABELS,
    NOTE_MAX,
    SETTING_TYPES,
    SNIPPET_FORMATS,
    SNIPPET_KINDS,
    STATUS_LABELS,
    STATUSES,
    TECHNICIAN_MAX,
    UNCONFIRMED,
    browser_vocabulary,
)

# The Undo of the last Replace or Delete (dom.js showUndo), on every page where one can be made.
UNDO_BOX = ('<p class="sbskb-undo" data-undo hidden><span data-undo-text></span> '
            '<button type="button" class="md-button" data-undo-button>Undo</button></p>')


def render_checklist(catalog: Catalog, checklist: Checklist, links: SiteLinks) -> str:
    total = len(checklist.items)
    parts = [
        f'<div class="sbskb-checklist" data-checklist="{escape(checklist.id)}">',
        f'<div class="sbskb-summary">{to_html(checklist.summary, links)}</div>',
        _client_bar(catalog, checklist),
        f'<div class="sbskb-progress" data-progress data-search-exclude data-done="0" data-total="{total}">'
        f'<progress id="progress-{escape(checklist.id)}" max="{total}" value="0" '
        f'aria-label="Progress of this checklist"></progress> '
        f'<span data-progress-text>0 of {total} done</span></div>',
        '<ol class="sbskb-items">',
    ]
    parts += [_item(catalog, checklist, item, links) for item in checklist.items]
    parts += ["</ol>", page_data({}), "</div>"]
    return "\n".join(parts)


def _platform_options(catalog: Catalog, blank: str) -> str:
    options = f'<option value="">{escape(blank)}</option>' if blank else ""
    return options + "".join(
        f'<option value="{escape(p.id)}">{escape(p.short_name)}</option>' for p in catalog.platforms
    )


def _client_bar(catalog: Catalog, checklist: Checklist) -> str:
    """Client picker and profile: platform, new, rename, duplicate, delete (with a confirmation naming what is lost)."""
    prefix = f"sbskb-{escape(checklist.id)}"
    return (
        '<section class="sbskb-clientbar" data-search-exclude>'  # a section: it holds a <div> (see _item_status)
        f'<label for="{prefix}-client">Client</label> '
        f'<select id="{prefix}-client" data-client-select></select> '
        f'<label for="{prefix}-platform">Platform</label> '
        f'<select id="{prefix}-platform" data-client-platform>'
        f'{_platform_options(catalog, "Not set: show every platform")}</select> '
        f'<button type="button" class="md-button" data-client-new aria-expanded="false" '
        f'aria-controls="{prefix}-new">New client</button>'
        f'<button type="button" class="md-button" data-client-rename aria-expanded="false" '
        f'aria-controls="{prefix}-rename">Rename</button>'
        '<button type="button" class="md-button" data-client-duplicate>Duplicate</button>'
        f'<button type="button" class="md-button" data-client-delete aria-expanded="false" '
        f'aria-controls="{prefix}-delete">Delete…</button>'
        f'<form id="{prefix}-new" class="sbskb-clientform" data-client-form hidden>'
        f'<label for="{prefix}-new-name">Client name</label> '
        f'<input id="{prefix}-new-name" type="text" maxlength="{CLIENT_NAME_MAX}" autocomplete="off" required> '
        f'<label for="{prefix}-new-platform">Platform</label> '
        f'<select id="{prefix}-new-platform">{_platform_options(catalog, "Not set yet")}</select> '
        '<button type="submit" class="md-button md-button--primary">Create</button></form>'
        f'<form id="{prefix}-rename" class="sbskb-clientform" data-client-rename-form hidden>'
        f'<label for="{prefix}-rename-name">New name</label> '
        f'<input id="{prefix}-rename-name" type="text" maxlength="{CLIENT_NAME_MAX}" autocomplete="off" required> '
        '<button type="submit" class="md-button md-button--primary">Save name</button></form>'
        f'<div id="{prefix}-delete" class="sbskb-clientform" data-client-delete-confirm hidden>'
        '<p data-client-delete-text></p>'
        '<button type="button" class="md-button md-button--primary" data-client-delete-yes>Delete this client</button> '
        '<button type="button" class="md-button" data-client-delete-no>Keep it</button></div>'
        + UNDO_BOX +
        '<p class="sbskb-no-client" data-no-client hidden>No client yet: create a client first with '
        '<strong>New client</strong>. Values, statuses, notes and values before a change are kept per client; until '
        'then the commands show the defaults.</p>'
        '<p class="sbskb-storage" data-storage-status role="status" aria-live="polite"></p>'
        "</section>"
    )


def _replaces_attribute(item: Item) -> str:
    return f' data-replaces="{escape(" ".join(item.replaces))}"' if item.replaces else ""


def _item_status(item_id: str) -> str:
    options = "".join(f'<option value="{key}">{label}</option>' for key, label in STATUS_LABELS.items())
    return (
        # data-search-exclude keeps form labels out of search results. Material's indexer ends an exclusion at the next
        # closing tag of the same name, so it marks elements with no same-named element inside.
        '<div class="sbskb-status">'
        # Shown, with the fields below disabled, while this browser has no client to keep them for.
        '<div class="sbskb-no-client-hint" data-no-client-hint data-search-exclude hidden>No client yet: its values, '
        'status and note are kept per client. <button type="button" class="md-button" data-client-new-here>'
        'Create a client first</button></div>'
        f'<div data-search-exclude><label for="status-{item_id}">Status</label> '
        f'<select id="status-{item_id}" data-status-select>{options}</select></div>'
        # What outside tools proved for this client (the probe's export, imported), above the note and never in it:
        # the last test's verdict per host first (filled by browser/parts/evidence.js), then the whole record.
        f'<div class="sbskb-evidence" data-evidence data-search-exclude hidden role="group" '
        f'aria-labelledby="evidence-{item_id}"><p id="evidence-{item_id}">Outside test (imported from probe.py, '
        'read-only)</p><p data-evidence-when hidden></p><ul data-evidence-hosts hidden></ul>'
        '<pre tabindex="0"><code></code></pre></div>'
        f'<div class="sbskb-note" data-search-exclude><label for="note-{item_id}">Note</label>'
        f'<textarea id="note-{item_id}" data-note rows="2" maxlength="{NOTE_MAX}" '
        f'aria-describedby="note-{item_id}-error"></textarea>'
        f'<p id="note-{item_id}-error" class="sbskb-error" data-note-error></p></div>'
        # Shown while a field of the item holds the competing versions two people wrote (export version 5's "conflict").
        '<div class="sbskb-conflict-mark" data-conflict data-search-exclude hidden>Two people changed this item '
        "differently: the latest change is shown. Pick the version to keep on the Clients page, with the team folder "
        "connected, or change the item here.</div>"
        '<p class="sbskb-changed" data-item-changed></p>'
        "</div>"
    )


# The item that shows the mail-log summary kept for the client (the Mail logs page keeps it; parts/evidence.js
# fills it): "Confirm that the queue is full of NDRs", the question the logs answer.
MAIL_LOGS_ITEM = "confirm-postmaster-ndrs"


def _mail_logs_kept(links: SiteLinks) -> str:
    return ('<div class="sbskb-evidence" data-mail-logs-kept data-search-exclude hidden role="group" '
            'aria-labelledby="mail-logs-kept-title"><p id="mail-logs-kept-title">From the server\'s own logs (kept on '
            f'the <a href="{escape(links.to_page("mail-logs.md"))}">Mail logs</a> page)</p>'
            '<p data-mail-logs-kept-text></p></div>')


def _item(catalog: Catalog, checklist: Checklist, item: Item, links: SiteLinks) -> str:
    item_id = escape(item.id)
    covered = {platform for variant in item.variants for platform in variant.platforms}
    not_needed = [catalog.platform(p).short_name for p in checklist.platforms if p not in covered]
    parts = [
        f'<li class="sbskb-item" data-item="{item_id}" data-status="not-started"'
        f'{_replaces_attribute(item)}>',
        # The heading is a child of the <li>, not of a wrapper: the search indexers of Material and Zensical end a
        # heading's section when the element around the heading closes, so a wrapper left every item's text out of
        # its own search result.
        f'<h2 class="sbskb-item-head" id="{item_id}"><input type="checkbox" id="done-{item_id}" data-done>'
        f'<label for="done-{item_id}">{escape(item.title)}</label></h2>',
        _item_status(item_id),
        f'<div class="sbskb-why">{to_html(item.why, links)}</div>',
    ]
    if item.id == MAIL_LOGS_ITEM:
        parts.append(_mail_logs_kept(links))
    if not_needed:
        parts.append(f'<p class="sbskb-not-needed">Not needed on {escape(", ".join(not_needed))}: '
                     "there is nothing to do for this item there.</p>")
    if item.settings:
        parts.append(_settings(catalog, item))
    if item.irreversible:
        parts.append('<div class="admonition danger" data-irreversible><p class="admonition-title">Cannot be undone</p>'
                     f"<p>{escape(item.irreversible)}</p></div>")
    parts.append(_variant_tabs(catalog, item, links))
    parts += [
        f'<div class="admonition warning"><p class="admonition-title">{escape(caveat.title)}</p>'
        f"{to_html(caveat.text, links)}</div>"
        for caveat in item.caveats
    ]
    parts.append('<div class="sbskb-sources"><p class="sbskb-sources-title">Sources</p><ul>')
    parts += [f"<li>{_reference(reference)}</li>" for reference in item.references]
    parts += ["</ul></div>", "</li>"]
    return "\n".join(parts)


_DEFAULT_WORDS = {ABSENT: "absent (no value)", UNCONFIRMED: "not confirmed, read it on the server"}
def _settings(catalog: Catalog, item: Item) -> str:
    """What the item changes, per platform the value on a server nobody has changed, and per setting the field that
    records this client's value before the change (read by browser/before.js)."""
    rows = []
    for setting in item.settings:
        defaults = "; ".join(
            f"{escape(catalog.platform(platform).short_name)}: "
            + (escape(_DEFAULT_WORDS[value]) if value in _DEFAULT_WORDS else f"<code>{escape(value)}</code>")
            for platform, value in setting.defaults)
        platforms = " ".join(platform for platform, _ in setting.defaults)
        rows.append(f'<li data-setting="{escape(setting.id)}" data-platforms="{escape(platforms)}">'
                    f"<strong>{escape(setting.label)}</strong>. "
                    f"On a server nobody has changed: {defaults}.{_before_field(item, setting)}</li>")
    return ('<div class="sbskb-changes"><p class="sbskb-changes-title">What this changes</p><ul>'
            + "".join(rows) + "</ul></div>")


def _before_field(item: Item, setting) -> str:
    field_id = escape(f"before-{item.id}-{setting.id}")
    attributes = (f' data-before="{escape(setting.id)}" data-type="{escape(setting.type)}"'
                  f' data-applied="{escape(setting.applied)}"'
                  + (f' data-property="{escape(setting.check_name)}"' if setting.check_name else "")
                  + (f' data-object="{escape(setting.object)}"' if setting.object else "")
                  + f' aria-describedby="{field_id}-help {field_id}-message"')
    if setting.type == "box":
        options = "".join(f'<option value="{escape(value)}">{escape(text)}</option>'
                          for value, text in before_values.box_choices())
        control = f'<select id="{field_id}"{attributes}>{options}</select>'
        help_text = "Was the box ticked before you changed it? The revert step puts it back that way."
    else:
        control = (f'<input id="{field_id}" type="text" autocomplete="off" spellcheck="false" '
                   f'placeholder="not recorded"{attributes}>')
        absent = ", or absent if the check found no value," if setting.type == "dword" else ""
        help_text = (f"Before you apply: type what the check shows ({SETTING_TYPES[setting.type]}){absent} or paste "
                     "the check's whole output here. The revert restores it.")
    object_words = " (for the connector named below)" if setting.object else ""
    return (
        '<div class="sbskb-before" data-search-exclude>'
        f'<label for="{field_id}">Before the change, on this client\'s server{object_words}</label>{control}'
        f'<p id="{field_id}-help" class="sbskb-help">{escape(help_text)}</p>'
        f'<p id="{field_id}-message" class="sbskb-error" data-before-message role="status"></p>'
        '<p class="sbskb-restore" data-restore></p>'
        '<p class="sbskb-before-confirm" data-before-confirm hidden><span data-before-confirm-text></span> '
        '<button type="button" class="md-button" data-before-keep>Keep it for this connector</button> '
        '<button type="button" class="md-button" data-before-clear>Clear it</button></p>'
        "</div>"
    )


def _tabbed_set(group: str, labels: list[str], blocks: list[str], css_class: str = "") -> str:
    """Material's content tabs (pymdownx.tabbed, alternate style): one radio and label per tab, `blocks` being the
    complete <div class="tabbed-block"> elements in the same order. `labels` are plain text."""
    group = escape(group)
    inputs = "".join(f'<input{" checked" if n == 1 else ""} id="{group}_{n}" name="{group}" type="radio">'
                     for n in range(1, len(labels) + 1))
    label_html = "".join(f'<label for="{group}_{n}">{escape(label)}</label>' for n, label in enumerate(labels, start=1))
    classes = "tabbed-set tabbed-alternate" + (f" {css_class}" if css_class else "")
    return (f'<div class="{classes}" data-tabs="1:{len(labels)}">{inputs}'
            f'<div class="tabbed-labels">{label_html}</div><div class="tabbed-content">{"".join(blocks)}</div></div>')


def _variant_tabs(catalog: Catalog, item: Item, links: SiteLinks) -> str:
    labels = [" · ".join(catalog.platform(p).short_name for p in variant.platforms) for variant in item.variants]
    return _tabbed_set(f"__tabbed_{item.id}", labels, [_variant(item, variant, links) for variant in item.variants])


def _variant(item: Item, variant: Variant, links: SiteLinks) -> str:
    parts = [f'<div class="tabbed-block" data-variant="{escape(" ".join(variant.platforms))}">',
             f'<div class="sbskb-steps">{to_html(variant.steps, links)}</div>']
    used = [p for p in item.parameters if any(_uses(s, p) for s in variant.snippets)]
    if used:
        parts.append('<fieldset class="sbskb-params" data-search-exclude><legend>Values for this client</legend>')
        parts += [_parameter_field(item, variant, parameter) for parameter in used]
        parts.append("</fieldset>")
    parts.append(_format_tabs(item, variant))
    parts.append("</div>")
    return "\n".join(parts)


def _format_tabs(item: Item, variant: Variant) -> str:
    """One tab per snippet format, each with its check, apply and revert in that order. Material's
    content.tabs.link switches every tab with the same label, so choosing "reg.exe / cmd" once shows it everywhere."""
    defaults = {p.name: p.default for p in item.parameters}
    formats = [f for f in SNIPPET_FORMATS if any(s.format == f for s in variant.snippets)]
    blocks = [
        "".join(_snippet(s, defaults, item, variant) for kind in SNIPPET_KINDS for s in variant.snippets
                if s.format == fmt and s.kind == kind)
        for fmt in formats
    ]
    if len(formats) < 2:
        return "".join(blocks)
    return _tabbed_set(f"__tabbed_{item.id}_{'_'.join(variant.platforms)}_format",
                       [SNIPPET_FORMATS[fmt] for fmt in formats],
                       [f'<div class="tabbed-block">{block}</div>' for block in blocks], "sbskb-formats")


def _uses(snippet: Snippet, parameter: Parameter) -> bool:
    return any(p.name == parameter.name for p in templating.placeholders(snippet.template))


def _parameter_field(item: Item, variant: Variant, parameter: Parameter) -> str:
    field_id = escape(f"param-{item.id}-{variant.platforms[0]}-{parameter.name}")
    spec = parameter.browser_spec()
    numeric = ' inputmode="numeric"' if parameter.type == "integer" else ""
    attributes = "".join(
        f' data-{key}="{escape(str(value))}"' for key, value in spec.items() if value is not None and key != "name"
    )
    return (
        '<div class="sbskb-param">'
        f'<label for="{field_id}">{escape(parameter.label)}</label>'
        f'<input id="{field_id}" type="text"{numeric} value="{escape(str(parameter.default))}" autocomplete="off" '
        f'spellcheck="false" data-param="{escape(parameter.name)}"{attributes} '
        f'aria-describedby="{field_id}-help {field_id}-error">'
        f'<p id="{field_id}-help" class="sbskb-help">{escape(parameter.help)}</p>'
        f'<p id="{field_id}-error" class="sbskb-error" data-param-error></p>'
        "</div>"
    )


def _snippet(snippet: Snippet, defaults: dict, item: Item, variant: Variant) -> str:
    dynamic = templating.placeholders(snippet.template)
    template_attribute = f' data-template="{escape(snippet.template)}"' if dynamic else ""
    caption = f"{KIND_LABELS[snippet.kind]} — {SNIPPET_FORMATS[snippet.format]}"
    note = ""
    text: str | None = templating.render(snippet.template, defaults) if snippet.kind != "revert" else ""
    if snippet.kind == "revert":
        tab_defaults = item.tab_defaults(variant)
        revert = item.revert(snippet, variant, defaults)
        text = revert.text
        restored = " ".join(f"{setting_id}={tab_defaults.get(setting_id, UNCONFIRMED)}"
                            for setting_id in revert.restores)
        template_attribute += (f' data-template-absent="{escape(snippet.absent_template)}"'
                               if snippet.absent_template else "")
        template_attribute += f' data-restores="{escape(restored)}"' if restored else ""
        if revert.restores and " data-template=" not in template_attribute:
            template_attribute = f' data-template="{escape(snippet.template)}"' + template_attribute
        note = (f'<p class="sbskb-revert-note" data-revert-note>'
                f"{escape(revert_note(item, revert))}</p>" if revert.restores else "")
        if before_values.default_offered(revert.restores):
            # Shown by the page script only while this client has a setting here that nobody recorded.
            names = {s.id: s.check_name or s.label for s in item.settings}
            label = default_choice_label([names[i] for i in revert.restores],
                                         [tab_defaults[i] for i in revert.restores])
            note += ('<p class="sbskb-revert-default" data-revert-default hidden><label>'
                     '<input type="checkbox" data-revert-default-choice> '
                     f'<span data-revert-default-label>{escape(label)}</span></label></p>')
    hidden = " hidden" if text is None else ""
    # Where a client's stored value is refused, the page script holds the command back and says why here.
    dynamic_snippet = " data-template=" in template_attribute
    refused = '<p class="sbskb-error" data-snippet-refused hidden></p>' if dynamic_snippet else ""
    return (
        f'<div class="sbskb-snippet sbskb-snippet--{snippet.kind}" data-snippet="{escape(snippet.hook)}"'
        f"{template_attribute}>"
        f'<p class="sbskb-snippet-caption">{escape(caption)}</p>{note}{refused}'
        f"<pre{hidden}><code>{escape(text or '')}</code></pre></div>"
    )


# How a revert's words show a value that was absent (a registry value the revert deletes); the default choice's too.
ABSENT_SHOWN = "absent (the revert deletes it)"


def revert_note(item: Item, revert: before_values.RevertText) -> str:
    """What a revert restores, in words, for the settings of `item`."""
    names = {s.id: s.check_name or s.label for s in item.settings}
    return revert_note_text([{"name": names[setting_id], "source": r.source, "value": r.value}
                             for setting_id, r in revert.restores.items()])


def revert_note_text(restores: list[dict]) -> str:
    """What a revert restores, in words: `restores` are {name, source, value} per setting, in the revert's order
    (before_values.Restore, named). browser/rules/revert-note.js `revertNote` writes the same sentences;
    tests/vectors/rules/revert-note.json holds the two together."""
    missing = [r for r in restores if not r["value"]]
    if missing:
        return no_revert_note([r["name"] for r in missing], {r["source"] for r in missing})
    parts = []
    for r in restores:
        shown = ABSENT_SHOWN if r["value"] == ABSENT else r["value"]
        source = ("Microsoft's default, as you chose below: not this client's own value" if r["source"] == "default"
                  else "as recorded for this client")
        parts.append(f"{r['name']}: {shown}, {source}")
    return "Restores " + "; ".join(parts) + "."


def default_choice_label(names: list[str], defaults: list[str]) -> str:
    """The "restore Microsoft's default instead" control's words: which default it writes, and whose value it is
    not (browser/rules/default-choice.js, tests/vectors/rules/default-choice.json)."""
    listed = "; ".join(f"{name}: {ABSENT_SHOWN if value == ABSENT else value}"
                       for name, value in zip(names, defaults, strict=True))
    return (f"Nothing recorded? Restore Microsoft's default instead ({listed}). This is not this client's own value: "
            "use it only if nobody changed the setting before.")


def no_revert_note(names: list[str], sources: set[str]) -> str:
    """Why a revert shows no command yet, for the settings `names` that have no usable record."""
    listed = ", ".join(names)
    if "other-object" in sources:
        return (f"No revert yet: the value recorded above for {listed} was read from another connector than the one "
                "the commands name. Keep it for this connector, or record this connector's value.")
    if "unreadable" in sources:
        return (f"No revert yet: the value recorded above for {listed} is not one this setting takes. Record it again "
                "from the check's output.")
    if "unconfirmed" in sources:
        return (f"No revert yet: record {listed} above before you apply. Its value on a server nobody has changed is "
                "not confirmed, so no default can stand in for this client's value.")
    return (f"No revert yet: record {listed} above before you apply; the check prints "
            f"{'it' if len(names) == 1 else 'them'}. Without a recorded value there is nothing safe to run: a "
            "default would overwrite whatever this server had.")


def _reference(reference: Reference) -> str:
    labels = []
    if reference.kb:
        labels.append(f"KB {reference.kb}")
    if reference.rfc:
        labels.append(f"RFC {reference.rfc}" + (f" §{reference.section}" if reference.section else ""))
    elif reference.section:
        labels.append(reference.section)
    title = escape(reference.title)
    if reference.url:
        title = f'<a href="{escape(reference.url)}" rel="noopener">{title}</a>'
    prefix = f"{escape(', '.join(labels))}: " if labels else ""
    marker = (
        ' <span class="sbskb-third-party">(third-party source)</span>' if reference.publisher == "third-party" else ""
    )
    return prefix + title + marker


def render_checklist_index(catalog: Catalog, links: SiteLinks) -> str:
    """Every checklist, linked, in the workflow order of checklists/catalog/catalog.yaml (the catalogue's order)."""
    rows = [
        f'<li><a href="{escape(links.to_page(checklist.page))}">{escape(checklist.title)}</a> — {len(checklist.items)} '
        f'item{"s" if len(checklist.items) != 1 else ""}</li>'
        for checklist in catalog.checklists
    ]
    return '<ol class="sbskb-index">' + "".join(rows) + "</ol>"


def _item_json(item: Item, with_checks: bool) -> dict:
    data = {"id": item.id, "title": item.title, "replaces": list(item.replaces)}
    if with_checks:
        data["parameters"] = {p.name: p.browser_spec() for p in item.parameters}
        data["checks"] = [
            {"platforms": list(v.platforms), "format": s.format, "formatName": SNIPPET_FORMATS[s.format],
             "template": s.template}
            for v in item.variants for s in v.snippets if s.kind == "check"
        ]
    return data


def page_data(data: dict) -> str:
    """A page's one data block for the page script: the vocabulary (macros/vocabulary.py) and `data`, as JSON in an
    attribute. Not a <script type="application/json">: Material's instant navigation re-creates every script in the
    new page's content and runs it as JavaScript, whatever its type. In an attribute, search does not index it."""
    text = json.dumps({"vocabulary": browser_vocabulary()} | data, ensure_ascii=False, separators=(",", ":"))
    return f'<div hidden data-catalog="{escape(text, quote=True)}"></div>'


def catalog_json(catalog: Catalog, with_checks: bool = False, links: SiteLinks | None = None) -> dict:
    """The catalog as the dashboard and report scripts need it."""
    every_parameter = {p.name: p for c in catalog.checklists for i in c.items for p in i.parameters}
    every_setting = [(item, s) for c in catalog.checklists for item in c.items for s in item.settings]
    used_on = catalog.parameter_platforms()
    return {
        "platforms": [{"id": p.id, "name": p.short_name, "fullName": p.name} for p in catalog.platforms],
        "parameters": [p.browser_spec() | {"help": p.help, "platforms": list(used_on.get(p.name, ()))}
                       for p in every_parameter.values()],
        "settings": [{"id": s.id, "label": s.label, "type": s.type, "property": s.check_name, "object": s.object,
                      "applied": s.applied, "item": item.id, "defaults": dict(s.defaults),
                      "revertedOn": list(item.reverted_on(s.id))}
                     for item, s in every_setting],
        "checklists": [
            {"id": c.id, "title": c.title, "shortTitle": c.short_title,
             "items": [_item_json(i, with_checks) for i in c.items]}
            | ({"href": links.script_url(c.page)} if links else {})
            for c in catalog.checklists
        ],
    }


def _team_folder(links: SiteLinks) -> str:
    """The team folder on the Clients page (browser/dashboard-team.js, and the part it loads once one is connected):
    its button, its state, the files it skipped, sync clients' copies and look-alike clients offered for merge, and
    the shared clients deleted, which can be brought back."""
    return (
        '<div class="sbskb-team" data-team><h2 id="team-folder">Team folder</h2>'
        "<p>A folder your team already syncs (OneDrive, SharePoint, Dropbox, a network share) can hold the clients you "
        "share: one file per client, merged field by field with every technician's changes, so no change is lost and "
        "two changes to the same field are kept side by side for someone to pick. The folder is read when this page "
        "opens, when you come back to it and every 10 seconds; a change is written within a second. "
        f'<a href="{escape(links.to_page("kb/team-merge.md", "team-folder"))}">How the team folder works</a>.</p>'
        '<button type="button" class="md-button" data-team-folder>Choose a team folder</button>'
        '<p data-team-status role="status" aria-live="polite"></p>'
        '<ul class="sbskb-team-list" data-team-problems aria-label="Files of the team folder skipped" hidden></ul>'
        '<ul class="sbskb-team-list" data-team-copies aria-label="Copies a sync client made" hidden></ul>'
        '<ul class="sbskb-team-list" data-team-same aria-label="Clients that may be the same" hidden></ul>'
        '<ul class="sbskb-team-list" data-team-deleted aria-label="Shared clients deleted" hidden></ul>'
        '<ul class="sbskb-team-list" data-conflicts aria-label="Fields changed differently by two people" hidden>'
        "</ul></div>"
    )


def render_dashboard(catalog: Catalog, links: SiteLinks) -> str:
    """Every client with platform, progress and last activity (filled in by the page script), plus export/import."""
    schema_url = links.to_file(f"schemas/progress-v{EXPORT_VERSION}.schema.json")
    older = [f'<a href="{escape(links.to_file(f"schemas/progress-v{version}.schema.json"))}">{version}</a>'
             for version in EXPORT_VERSIONS[:-1]]
    return (
        '<div class="sbskb-dashboard" data-dashboard>'
        '<p data-dashboard-empty>No clients yet: open a checklist and choose <strong>New client</strong>.</p>'
        '<div class="sbskb-clients-tools" data-dashboard-tools hidden>'
        '<div><label for="sbskb-clients-filter">Filter by name</label> '
        '<input id="sbskb-clients-filter" type="search" autocomplete="off" spellcheck="false" data-clients-filter>'
        '</div><div><label for="sbskb-clients-sort">Sort by</label> <select id="sbskb-clients-sort" data-clients-sort>'
        '<option value="name">Name (A to Z)</option><option value="platform">Platform</option>'
        '<option value="progress">Progress (least settled first)</option>'
        '<option value="changed">Last change (newest first)</option>'
        '<option value="outside">Outside test (failed first)</option></select></div>'
        '<p class="sbskb-clients-count" data-clients-count role="status" aria-live="polite"></p></div>'
        # Explicit table roles: the narrow screen's card layout sets display: block, which drops a table's semantics
        # in some browsers (WebKit); the roles keep rows, cells and their headers for screen readers.
        '<div class="sbskb-table-wrap"><table class="sbskb-clients" role="table" data-dashboard-table hidden>'
        '<caption>Clients stored in this browser</caption><thead role="rowgroup"><tr role="row">'
        + "".join(f'<th scope="col" role="columnheader">{title}</th>' for title in
                  ("Client", "Platform", "Progress", "Last change", "Outside test", "Mail logs", "Next open item",
                   "Values and export"))
        + '</tr></thead><tbody role="rowgroup"></tbody></table></div>' +
        '<button type="button" class="md-button" data-clients-more hidden>Show more</button>'
        '<div class="sbskb-profile" data-profile hidden><h2 id="client-values" data-profile-title>Values</h2>'
        "<p>The values the commands on every checklist page use for this client; each is checked as you type.</p>"
        '<div data-profile-fields></div></div>'
        '<div class="sbskb-retired" data-retired hidden><h2 id="retired-items">Retired items</h2>'
        "<p>Progress kept for items that are no longer in any checklist.</p><ul></ul></div>"
        '<div class="sbskb-legacy" data-legacy hidden><h2 id="older-copy">Changes from an older copy of this site</h2>'
        '<p data-legacy-text></p>'
        '<button type="button" class="md-button md-button--primary" data-legacy-merge>'
        "Merge them in (newest change wins)</button> "
        '<button type="button" class="md-button" data-legacy-set-aside>Download them and set them aside</button></div>'
        '<div class="sbskb-corrupt" data-corrupt hidden><h2 id="unreadable-data">Unreadable data kept</h2>'
        "<p>This browser held data the site could not read. It was kept, untouched, so nothing is lost: download a "
        "copy to repair or archive it.</p><ul></ul></div>"
        '<h2 id="export-and-import">Export and import</h2>'
        f'<p>Export writes a JSON file described by the <a href="{escape(schema_url)}">published '
        f"schema</a> (version {EXPORT_VERSION}: each change with when and by whom it was made, the competing versions "
        f"of a field two people changed, and the clients deleted; files of versions {', '.join(older[:-1])} and "
        f"{older[-1]} still import). Import checks the whole file first and changes nothing if any part is "
        "invalid.</p>"
        '<div class="sbskb-transfer">'
        '<button type="button" class="md-button" data-export>Export all clients</button> '
        '<label for="sbskb-import-file">Import clients from a file</label> '
        '<input id="sbskb-import-file" type="file" accept="application/json,.json" data-import>'
        "</div>"
        # The name every change made here is exported with: asked before the first export while none is set.
        '<form class="sbskb-technician-ask" data-technician-ask hidden>'
        '<p id="sbskb-technician-why">An export and the team folder carry, with each change, the name of who made '
        "it, so that a team merging its files sees who did what. This browser has no name yet: give yours once, and "
        "the changes you make from now on carry it (it is kept in this browser, and printed on reports).</p>"
        '<label for="sbskb-technician-name">Your name</label> '
        f'<input id="sbskb-technician-name" type="text" maxlength="{TECHNICIAN_MAX}" autocomplete="name" required '
        'aria-describedby="sbskb-technician-why" data-technician-name> '
        '<button type="submit" class="md-button md-button--primary">Save the name and go on</button> '
        '<button type="button" class="md-button" data-technician-cancel>Cancel</button></form>'
        '<div class="sbskb-import-preview" data-import-preview hidden>'
        '<p data-import-summary></p>'
        '<button type="button" class="md-button md-button--primary" data-import-merge>'
        "Merge (newest change wins)</button> "
        '<button type="button" class="md-button" data-import-replace>Replace all clients with the file</button> '
        '<button type="button" class="md-button" data-import-cancel>Cancel</button></div>'
        # Replace asks first, naming every client it removes or overwrites and what each holds.
        '<dialog class="sbskb-replace-dialog" data-replace-dialog aria-labelledby="sbskb-replace-title">'
        '<h2 id="sbskb-replace-title">Replace every client here with the file?</h2>'
        '<p data-replace-intro></p><ul data-replace-list></ul>'
        '<p>Undo puts them back until the next Replace or Delete.</p>'
        '<button type="button" class="md-button md-button--primary" data-replace-confirm>Replace them</button> '
        '<button type="button" class="md-button" data-replace-cancel>Keep them</button></dialog>'
        + UNDO_BOX +
        '<p class="sbskb-storage" data-storage-status data-transfer-status role="status" aria-live="polite"></p>'
        + _team_folder(links)
        + page_data(catalog_json(catalog, links=links)) +
        "</div>"
    )


def render_report(catalog: Catalog, fixes: list[dict] | None = None) -> str:
    """A printable report for one client (filled in by the page script); the same content as scripts/report.py."""
    return (
        '<div class="sbskb-report" data-report>'
        '<div class="sbskb-report-controls">'
        '<label for="sbskb-report-client">Client</label> '
        '<select id="sbskb-report-client" data-client-select></select> '
        '<label for="sbskb-report-technician">Technician</label> '
        f'<input id="sbskb-report-technician" type="text" maxlength="{TECHNICIAN_MAX}" autocomplete="name" '
        'data-technician '
        'aria-describedby="sbskb-report-technician-help"> '
        '<button type="button" class="md-button md-button--primary" data-report-print>Print or save as PDF</button>'
        '<p id="sbskb-report-technician-help" class="sbskb-help">Your name, printed in the summary and exported '
        "with each change you make from now on; kept in this browser for every report and export.</p>"
        "</div>"
        '<p class="sbskb-storage" data-storage-status role="status" aria-live="polite"></p>'
        '<div class="sbskb-report-body" data-report-body></div>'
        + page_data(catalog_json(catalog, with_checks=True) | {"fixes": fixes or []}) +
        "</div>"
    )


def statuses_markdown() -> str:
    """The statuses as the hooks page lists them: `id` (label), settled ones marked."""
    return ", ".join(f"`{s.id}` ({s.label}{', settled' if s.settled else ''})" for s in STATUSES)


def snippet_kinds_markdown() -> str:
    """The snippet kinds in page order: "`check`, `apply` or `revert`"."""
    names = [f"`{kind}`" for kind in SNIPPET_KINDS]
    return ", ".join(names[:-1]) + " or " + names[-1]


def snippet_formats_markdown() -> str:
    """A Markdown table of the snippet formats, in tab order."""
    rows = [f"| `{fmt}` | {label} |" for fmt, label in SNIPPET_FORMATS.items()]
    return "\n".join(["| Format | Tab label |", "| --- | --- |", *rows])
