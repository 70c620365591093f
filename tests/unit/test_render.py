"""Checklist HTML: the hooks, labels and default-filled snippets that the page script and users rely on."""
from __future__ import annotations

import html
import re
from dataclasses import replace
from html.parser import HTMLParser

from macros.loader import load_catalog
from macros.render import render_checklist
from macros.site_links import SiteLinks
from support import ROOT

CATALOG = load_catalog(ROOT)
TARPIT = CATALOG.checklist("tarpit")
SERVED = SiteLinks(TARPIT.page, directory_urls=True)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <code> and <label>."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.texts: dict[str, list[str]] = {"code": [], "label": []}
        self._open: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.texts:
            self._open.append(tag)
            self.texts[tag].append("")

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        for tag in self._open:
            self.texts[tag][-1] += data

    def having(self, attribute):
        return [attrs for tag, attrs in self.tags if attribute in attrs]


def test_hooks_and_labels():
    page = Elements(render_checklist(CATALOG, TARPIT, SERVED))
    assert [a["data-checklist"] for a in page.having("data-checklist")] == ["tarpit"]
    assert [a["data-item"] for a in page.having("data-item")] == [item.id for item in TARPIT.items]
    progress = page.having("data-progress")[0]
    assert (progress["data-done"], progress["data-total"]) == ("0", str(len(TARPIT.items)))
    boxes = [a for tag, a in page.tags if tag == "input" and a.get("type") == "checkbox"
             and "data-revert-default-choice" not in a]   # that one is inside its label (test_revert_default_choice)
    assert all("data-done" in box for box in boxes) and len(boxes) == len(TARPIT.items)
    label_targets = [a.get("for") for tag, a in page.tags if tag == "label"]
    assert all(box["id"] in label_targets for box in boxes)
    assert "Set the tar pit delay" in page.texts["label"]
    assert len(page.having("data-client-select")) == 1
    fields = page.having("data-param")
    assert all(field["id"] in label_targets for field in fields)


def test_snippet_code_is_the_template_filled_with_defaults():
    page = render_checklist(CATALOG, TARPIT, SERVED)
    found = re.findall(r'data-snippet="([^"]+)".*?<pre(?: hidden)?><code>(.*?)</code></pre>', page, re.S)
    expected = []
    for item in TARPIT.items:
        defaults = {p.name: p.default for p in item.parameters}
        for variant in item.variants:
            for fmt in ("cmd", "reg", "ps1", "ems"):  # one tab per format ...
                for kind in ("check", "apply", "revert"):  # ... read-only check first
                    expected += [(s.hook, item.fill(s, variant, defaults) or "")
                                 for s in variant.snippets if s.kind == kind and s.format == fmt]
    assert [(hook, html.unescape(code)) for hook, code in found] == expected
    assert len(expected) == sum(len(item.snippets) for item in TARPIT.items) > 0


def test_sbs2003_reg_sets_tarpittime_as_dword_under_smtpsvc_parameters():
    page = render_checklist(CATALOG, TARPIT, SERVED)
    block = re.search(r'data-snippet="set-tarpit-delay/apply/reg".*?<code>(.*?)</code>', page, re.S).group(1)
    assert html.unescape(block) == (
        "Windows Registry Editor Version 5.00\n\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SMTPSVC\\Parameters]\n"
        '"TarpitTime"=dword:00000005'
    )


def test_exchange_2007_and_later_tabs_never_show_tarpittime():
    page = render_checklist(CATALOG, TARPIT, SERVED)
    # A variant's tab runs from its data-variant attribute to the next tab, warning box or item end.
    tabs = re.findall(r'data-variant="([^"]*)"(.*?)(?=data-variant=|<div class="admonition|</li>)', page, re.S)
    assert len(tabs) == sum(len(item.variants) for item in TARPIT.items)
    later = [body for platforms, body in tabs if "sbs2003" not in platforms.split()]
    assert later and all("TarpitTime" not in body for body in later)
    assert any("TarpitInterval" in body for body in later)


def test_hostile_yaml_text_is_inert():
    item = replace(TARPIT.items[0], title='<img src=x onerror="alert(1)">', why="<script>alert(2)</script>")
    checklist = replace(TARPIT, items=(item,), summary='<iframe src="javascript:alert(3)">')
    page = render_checklist(CATALOG, checklist, SERVED)
    assert "<img" not in page and "<script>" not in page and "<iframe" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_references_name_kb_numbers_and_label_third_parties():
    page = render_checklist(CATALOG, TARPIT, SERVED)
    assert "KB 842851" in page and "RFC 5321 §4.5.3.2" in page
    assert "(third-party source)" in page


def test_item_says_where_it_is_not_needed():
    checklist = CATALOG.checklist("recipient-filtering")
    page = render_checklist(CATALOG, checklist, SERVED)
    agents = page.split('data-item="check-antispam-agents"')[1].split('data-item="enable-recipient-filtering"')[0]
    assert "Not needed on SBS 2003, Exchange 2013–SE" in agents
    everywhere = page.split('data-item="enable-recipient-filtering"')[1].split('data-item="check-accepted-domains"')[0]
    assert "Not needed on" not in everywhere


def test_links_to_other_pages_follow_the_url_style_of_the_build():
    served = Elements(render_checklist(CATALOG, TARPIT, SERVED))
    offline = Elements(render_checklist(CATALOG, TARPIT, SiteLinks(TARPIT.page, directory_urls=False)))
    served_links = {a["href"] for a in served.having("href") if not a["href"].startswith("http")}
    offline_links = {a["href"] for a in offline.having("href") if not a["href"].startswith("http")}
    assert {"../recipient-filtering/", "../../kb/tar-pit/", "../../c/harvest/"} <= served_links
    assert {"recipient-filtering.html", "../kb/tar-pit.html", "../c/harvest.html"} <= offline_links
    assert not any(".md" in link for link in served_links | offline_links)


def test_an_item_says_what_it_changes_and_what_an_unchanged_server_has():
    page = render_checklist(CATALOG, TARPIT, SERVED)
    delay = page.split('data-item="set-tarpit-delay"')[1]
    setting = re.search(r'<li data-setting="tarpit-time" data-platforms="sbs2003">(.*?)</li>', delay).group(1)
    assert "TarpitTime" in setting and "On a server nobody has changed: SBS 2003: absent (no value)." in setting
    interval = re.search(r'<li data-setting="tarpit-interval"[^>]*>(.*?)</li>', delay).group(1)
    assert interval.count("<code>00:00:05</code>") == 3


def test_each_setting_has_a_labelled_before_field_and_each_revert_says_what_it_restores():
    page = render_checklist(CATALOG, TARPIT, SERVED)
    field = re.search(r'<input id="(before-set-tarpit-delay-tarpit-time)"[^>]*>', page)
    assert field and f'<label for="{field.group(1)}">' in page
    for attribute in ('data-before="tarpit-time"', 'data-type="dword"', 'data-property="TarpitTime"',
                      'data-applied="{{ tarpit_seconds | decimal }}"'):
        assert attribute in field.group(0)
    assert 'data-object="receive_connector"' in re.search(r'<input[^>]*data-before="tarpit-interval"[^>]*>', page)[0]
    # Without a record (and without script) there is no revert to run, not even the default: it says what to record.
    revert = re.search(r'data-snippet="set-tarpit-delay/revert/cmd"[^>]*>(.*?)</div>', page, re.S).group(0)
    assert 'data-restores="tarpit-time=absent"' in revert and "data-template-absent=" in revert
    assert "No revert yet: record TarpitTime above before you apply; the check prints it." in revert
    assert "<pre hidden><code></code></pre>" in revert and "reg delete" not in revert.split("<pre")[1]
    # An unconfirmed default: no revert at all, and why.
    filtering = render_checklist(CATALOG, CATALOG.checklist("recipient-filtering"), SERVED)
    unconfirmed = re.search(r'<div class="tabbed-block" data-variant="sbs2008 sbs2011">.*?'
                            r'data-snippet="enable-recipient-filtering/revert/ems"[^>]*>(.*?)</div>', filtering, re.S)
    assert "No revert yet: record Enabled, RecipientValidationEnabled above" in unconfirmed.group(1)
    assert "<pre hidden><code></code></pre>" in unconfirmed.group(1)
    filtering = render_checklist(CATALOG, CATALOG.checklist("recipient-filtering"), SERVED)
    assert "SBS 2008: not confirmed, read it on the server" in filtering


def test_an_action_that_cannot_be_undone_says_so_with_its_reason():
    backlog = CATALOG.checklist("clear-backlog")
    page = render_checklist(CATALOG, backlog, SERVED)
    notice = re.search(r'<div class="admonition danger" data-irreversible>(.*?)</div>', page).group(1)
    assert "Cannot be undone" in notice and html.escape(backlog.items[0].irreversible) in notice
    assert "data-irreversible" not in render_checklist(CATALOG, TARPIT, SERVED)
