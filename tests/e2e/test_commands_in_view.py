"""Every character of a command in view, in Chromium (issue 24): long commands wrap instead of running out of their
box, the copy button covers none of them at 1,280 and at 390 px, the copy is the command unchanged, and the values
that differ per client are marked in it."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from pages import ChecklistPage

pytestmark = pytest.mark.e2e
DELAY = "set-tarpit-delay"
LONG_CONNECTOR = "EXCHANGE-SRV-2011\\Windows SBS Internet Receive EXCHANGE-SRV-2011 (HQ)"   # 64 at most

# Shows the snippet `index` (of every `.sbskb-snippet pre` on the page): every tab around it is chosen, as a click on
# its label would. Items out of view are drawn too (content-visibility only skips painting, not the width of a line).
_SHOW = """(index) => {
  document.documentElement.classList.add("sbskb-test-all-drawn");
  const pre = document.querySelectorAll(".sbskb-snippet pre")[index];
  for (let block = pre.closest(".tabbed-block"); block; block = block.parentElement.closest(".tabbed-block")) {
    const position = [...block.parentElement.children].indexOf(block);
    block.closest(".tabbed-set").querySelectorAll(":scope > input")[position].checked = true;
  }
  return !pre.hidden && pre.offsetParent !== null;
}"""

# Where the characters of a shown command lie: each one's boxes (a character split by a wrap has two) must be inside
# the code's visible box, and clear of the copy button's.
_MEASURE = """(pre) => {
  const code = pre.querySelector("code");
  const box = code.getBoundingClientRect();
  const inner = { left: box.left + code.clientLeft, top: box.top + code.clientTop };
  inner.right = inner.left + code.clientWidth;
  inner.bottom = inner.top + code.clientHeight;
  const nav = pre.querySelector(".md-code__nav");
  const button = nav && nav.getBoundingClientRect();
  const problems = [];
  let characters = 0;
  const range = document.createRange();
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let at = 0; at < node.data.length; at++) {
      if (/\\s/.test(node.data[at])) continue;
      characters++;
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      for (const r of range.getClientRects()) {
        if (!r.width) continue;
        if (r.left < inner.left - 0.5 || r.right > inner.right + 0.5 || r.top < inner.top - 0.5 ||
            r.bottom > inner.bottom + 0.5) {
          problems.push(`'${node.data[at]}' at ${at} outside the box`);
        }
        if (button && r.left < button.right && r.right > button.left && r.top < button.bottom &&
            r.bottom > button.top) {
          problems.push(`'${node.data[at]}' at ${at} under the copy button`);
        }
      }
    }
  }
  return { text: code.textContent, characters, button: !!button, problems: problems.slice(0, 5) };
}"""


def _client(page: Page, checklist: str, width: int) -> ChecklistPage:
    page.set_viewport_size({"width": width, "height": 900})
    opened = ChecklistPage(page, checklist).open_for_client("Head office")
    opened.ready()
    page.add_style_tag(content=".sbskb-test-all-drawn .sbskb-items > li { content-visibility: visible !important; }")
    return opened


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("checklist", ["tarpit", "recipient-filtering", "clear-backlog", "smtp-test"])
def test_every_character_of_every_command_is_in_view_and_clear_of_the_copy_button(page: Page, checklist: str,
                                                                                   width: int):
    opened = _client(page, checklist, width)
    if checklist == "tarpit":   # the longest value a technician types here: a connector's full name (one per client)
        opened.set_platform("SBS 2011")
        field = opened.field(DELAY, "receive_connector", "sbs2011")
        field.fill(LONG_CONNECTOR)
        field.press("Tab")
    snippets = page.locator(".sbskb-snippet pre")
    measured = 0
    for index in range(snippets.count()):
        if not page.evaluate(_SHOW, index):
            continue   # a revert with no command yet (nothing recorded)
        pre = snippets.nth(index)
        pre.hover()   # Material draws the copy button on every block; hovering makes sure of it
        expect(pre.locator(".md-code__nav")).to_have_count(1)
        found = pre.evaluate(_MEASURE)
        assert found["button"] and found["characters"] > 0, found
        assert found["problems"] == [], f"{width} px, {found['text']!r}: {found['problems']}"
        measured += 1
    assert measured >= 3
    if checklist == "tarpit":   # the issue's own case: the reg.exe line used to run 867 px in a 688 px box
        expect(opened.snippet(f"{DELAY}/apply/cmd", "sbs2003")).to_contain_text("/d 5 /f")
        assert LONG_CONNECTOR in opened.snippet(f"{DELAY}/apply/ems", "sbs2011").text_content()


def test_a_wrapped_command_is_copied_unchanged(page: Page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    opened = _client(page, "tarpit", 390)
    opened.set_platform("SBS 2003")
    code = opened.snippet(f"{DELAY}/apply/cmd", "sbs2003")
    lines = code.evaluate("code => Math.round(code.getBoundingClientRect().height / "
                          "parseFloat(getComputedStyle(code).lineHeight))")
    assert lines >= 2   # wrapped on screen
    code.locator("xpath=..").get_by_role("button", name="Copy to clipboard").click()
    expect(opened.page.locator(f'[data-snippet="{DELAY}/apply/cmd"] [data-copy-status]').first).to_contain_text(
        "Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == ('reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SMTPSVC\\Parameters" /v TarpitTime '
                      "/t REG_DWORD /d 5 /f")


def test_the_values_that_differ_per_client_are_marked(page: Page):
    opened = _client(page, "tarpit", 1280)
    opened.set_platform("SBS 2003")
    field = opened.field(DELAY, "tarpit_seconds", "sbs2003")
    field.fill("7")
    field.press("Tab")
    expect(opened.snippet(f"{DELAY}/apply/cmd", "sbs2003").locator("mark")).to_have_text(["7"])
    expect(opened.snippet(f"{DELAY}/apply/reg", "sbs2003").locator("mark")).to_have_text(["00000007"])
    opened.record_before("tarpit-time", "3")
    expect(opened.snippet(f"{DELAY}/revert/cmd", "sbs2003").locator("mark")).to_have_text(["3"])
    # The connector and both values on Exchange 2007 and later.
    opened.set_platform("SBS 2011")
    connector = opened.field(DELAY, "receive_connector", "sbs2011")
    connector.fill("SBS01\\Default SBS01")
    connector.press("Tab")
    opened.record_before("tarpit-interval", "00:00:10")
    expect(opened.snippet(f"{DELAY}/apply/ems", "sbs2011").locator("mark")).to_have_text(
        ["'SBS01\\Default SBS01'", "00:00:05"])
    expect(opened.snippet(f"{DELAY}/revert/ems", "sbs2011").locator("mark")).to_have_text(
        ["'SBS01\\Default SBS01'", "'00:00:10'"])
    # Marked text is the command's own text: nothing added around it.
    expect(opened.snippet(f"{DELAY}/revert/ems", "sbs2011")).to_have_text(
        "Set-ReceiveConnector -Identity 'SBS01\\Default SBS01' -TarpitInterval '00:00:10'")


def _probe_module():
    """docs/downloads/probe.py, the file technicians run, imported: its own progress_file writes the export."""
    import importlib.util

    from support import ROOT
    spec = importlib.util.spec_from_file_location("probe_download", ROOT / "docs" / "downloads" / "probe.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _host(host: str, address: str, verdict: str, unknown_code: int) -> dict:
    checks = [{"id": "known-recipient", "verdict": "pass", "code": 250, "seconds": 0.1, "message": "accepted"},
              {"id": "unknown-recipient", "verdict": verdict, "code": unknown_code, "seconds": 5.2, "message": "-",
               "tarpit": 5.1}]
    return {"host": host, "address": address, "preference": 10, "verdict": verdict, "checks": checks}


def test_the_outside_test_shows_above_the_note_verdict_per_host_first(page: Page):
    page.emulate_media(color_scheme="light")
    page.context.set_default_timeout(15_000)
    opened = _client(page, "smtp-test", 1280)
    client_id = opened.client_picker.input_value()
    probe = _probe_module()
    report = {"domain": "contoso.com", "target": "contoso.com", "started": "2026-12-04T23:34:05+00:00", "probe": "1",
              "warnings": [], "hosts": [_host("mail.contoso.com", "203.0.113.5", "pass", 550),
                                        _host("backup.isp.example", "198.51.100.7", "fail", 250)]}
    from pages import ClientsPage
    clients = ClientsPage(page).open()
    clients.import_file(probe.progress_file(report, client_id, "Head office"))
    clients.merge()
    opened = ChecklistPage(page, "smtp-test").open().ready()
    item = opened.item("test-unknown-recipient")
    evidence = item.locator("[data-evidence]")
    expect(evidence.locator("[data-evidence-hosts] li")).to_have_text(
        ["PASS mail.contoso.com (203.0.113.5)", "FAIL backup.isp.example (198.51.100.7)"])
    when = page.evaluate("() => { const d = new Date('2026-12-04T23:34:05Z'); const p = (n) => String(n)"
                         ".padStart(2, '0'); return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} "
                         "${p(d.getHours())}:${p(d.getMinutes())}`; }")
    expect(evidence.locator("[data-evidence-when]")).to_have_text(f"Last run {when}, of contoso.com, per host:")
    expect(evidence.locator("code")).to_contain_text("backup.isp.example (198.51.100.7): FAIL")
    # Above the note, all of it in view without scrolling inside a field.
    note = item.locator("[data-note]")
    assert evidence.bounding_box()["y"] + evidence.bounding_box()["height"] <= note.bounding_box()["y"]
    code = evidence.locator("pre code")
    assert code.evaluate("c => c.scrollHeight <= c.clientHeight + 1 && c.scrollWidth <= c.clientWidth + 1")
    expect(note).to_have_value("")


def test_the_home_page_says_where_progress_is_kept_and_it_is_kept_there(page: Page):
    """The home page's claim (issue 24: it said "local storage") against what a checklist then stores."""
    page.goto("/")
    note = page.locator(".admonition", has_text="Where your progress is kept")
    expect(note).to_contain_text("in its database (IndexedDB, the database sbskb)")
    ChecklistPage(page).open().create_client("Contoso", "SBS 2003")
    page.evaluate("window.sbskbTest.storage.settled()")
    in_database = page.evaluate("""() => new Promise((resolve, reject) => {
        const open = indexedDB.open("sbskb");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction("kv").objectStore("kv").getAllKeys();
          read.onsuccess = () => resolve(read.result);
        };
      })""")
    assert "clients" in in_database   # the client list, in the database the page names
    assert page.evaluate("Object.keys(localStorage).filter((key) => key.startsWith('sbskb.'))") == []


@pytest.mark.parametrize("width", [1280, 390])
def test_a_new_clients_platform_opens_its_tab_in_every_item_at_every_width(page: Page, width: int):
    """On a phone, Material's linked tabs used to put some items back on the first platform's tab after a client was
    created with its platform (until a reload): the commands shown were another server version's."""
    page.set_viewport_size({"width": width, "height": 900})
    opened = ChecklistPage(page).open()
    opened.create_client("Head office", "SBS 2011")
    wrong = page.evaluate("""() => [...document.querySelectorAll("[data-item]")].flatMap((item) => {
        const blocks = [...item.querySelectorAll(".tabbed-block[data-variant]")];
        const mine = blocks.find((block) => block.dataset.variant.split(" ").includes("sbs2011"));
        if (!mine) return [];
        const position = [...mine.parentElement.children].indexOf(mine);
        const radio = mine.parentElement.parentElement.querySelectorAll(":scope > input")[position];
        return radio.checked ? [] : [item.dataset.item];
      })""")
    assert wrong == []
    expect(opened.snippet(f"{DELAY}/apply/ems", "sbs2011")).to_be_visible()


def test_the_report_on_a_phone_shows_every_column_of_every_row(page: Page):
    """At 390 px the report's tables used to run off the right edge, the Outside test and Last change columns out of
    view: each row is a card there, each cell under its column's name."""
    page.set_viewport_size({"width": 390, "height": 900})
    ChecklistPage(page).open().create_client("Head office", "SBS 2003")
    page.goto("/report/")
    page.locator("[data-report][data-ready]").wait_for(state="attached")
    cells = page.locator("[data-report-body] td")
    expect(cells.first).to_be_visible()
    outside = page.evaluate("""() => [...document.querySelectorAll("[data-report-body] td")]
        .filter((td) => td.getClientRects().length && td.getBoundingClientRect().right > innerWidth + 0.5)
        .map((td) => td.textContent)""")
    assert outside == []
    status = page.locator("[data-report-body] td[data-label=Status]").first
    assert status.evaluate("td => getComputedStyle(td, '::before').content") == '"Status: "'
