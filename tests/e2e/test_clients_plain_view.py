"""Issue 24 on the Clients page: a client's values show its platform's fields only (another platform's stored values
kept, counted, not shown), the probe command has a copy button that copies what is shown, the phone layout keeps the
table's caption and the New-client form's labels where they belong, and each row shows the last outside test."""
from __future__ import annotations

import importlib.util

import pytest
from playwright.sync_api import Page, expect

from pages import ChecklistPage, ClientsPage
from support import ROOT

pytestmark = pytest.mark.e2e
_spec = importlib.util.spec_from_file_location("probe", ROOT / "docs" / "downloads" / "probe.py")
probe = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(probe)

ZONE = "Europe/Berlin"   # UTC+01:00 in December: 23:34 UTC on the 4th is 00:34 on the 5th
WHEN = "2026-12-01T10:00:00Z"
SBS2003_FIELDS = ["Client's mail domain", "TarpitTime delay (seconds)",
                  "Warn above this many messages in the SMTP queues", "Server's public mail host name",
                  "A real mailbox at the client's domain"]
LATER_PLATFORMS = "Used on SBS 2008, SBS 2011, Exchange 2013\u2013SE"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": ZONE}


def _values(**values: str) -> dict:
    return {name: {"value": value, "changed": WHEN} for name, value in values.items()}


def _run(started: str, domain: str, *hosts: tuple[str, str]) -> str:
    """A probe run's evidence, written by probe.py's own `evidence`: (host, verdict) per host."""
    return probe.evidence({"started": started, "domain": domain, "hosts": [
        {"host": host, "address": f"192.0.2.{number}", "verdict": verdict,
         "checks": [{"id": "unknown-recipient", "code": 550, "verdict": verdict, "message": ""}]}
        for number, (host, verdict) in enumerate(hosts, 1)]})


def _client(client_id: str, name: str, platform: str = "", evidence: str = "", **values: str) -> dict:
    client = {"id": client_id, "name": {"value": name, "changed": WHEN}, "platform": {"value": platform,
                                                                                       "changed": WHEN},
              "values": _values(**values), "items": {}}
    if evidence:
        client["items"][probe.ITEM_ID] = {"evidence": {"value": evidence, "changed": WHEN}}
    return client


def _seed(page: Page, *clients: dict) -> ClientsPage:
    page_object = ClientsPage(page).open()
    page_object.import_file({"format": "sbskb-progress", "version": 3, "clients": list(clients)})
    page_object.merge()
    expect(page_object.transfer_status).to_have_text("Imported.")
    return page_object


# --- 1. The Values view shows the client's platform's fields only ---

def test_an_sbs_2003_client_sees_its_own_fields_and_keeps_the_others_values(page: Page):
    old = _client("c2003", "Contoso", "sbs2003", tarpit_seconds="4", tarpit_interval_seconds="7",
                  receive_connector="SRV\\Default SRV")
    old["before"] = {"tarpit-interval": {"value": "00:00:05", "object": "SRV\\Default SRV", "changed": WHEN}}
    clients = _seed(page, old)
    box = clients.values_of("Contoso")
    expect(box.locator("[data-profile-platform]")).to_have_text(
        "This client's platform is SBS 2003: the fields its commands use.")
    assert clients.shown_values() == SBS2003_FIELDS
    expect(box.get_by_label("TarpitInterval delay (seconds)")).to_have_count(0)
    expect(box.get_by_label("TarpitInterval of the named receive connector")).to_have_count(0)
    expect(box.get_by_label("TarpitTime delay (seconds)")).to_have_value("4")
    expect(box.locator("[data-profile-kept]")).to_have_text(
        "3 values kept for other platforms (SBS 2003 does not use them): TarpitInterval delay (seconds); "
        "Internet-facing receive connector (its Identity); TarpitInterval of the named receive connector. They stay "
        "stored and exported, and show again if the platform changes to one that uses them.")
    # An edit of a shown field keeps the hidden ones: hidden, never deleted.
    box.get_by_label("TarpitTime delay (seconds)").fill("6")
    exported = next(c for c in clients.export_all()["clients"] if c["id"] == "c2003")
    assert {name: field["value"] for name, field in exported["values"].items()} == {
        "tarpit_seconds": "6", "tarpit_interval_seconds": "7", "receive_connector": "SRV\\Default SRV"}
    assert exported["before"]["tarpit-interval"]["value"] == "00:00:05"
    # On SBS 2011 the same client sees the later platforms' fields, with the values kept for them.
    checklist = ChecklistPage(page).open()
    checklist.choose_client("Contoso")
    checklist.set_platform("SBS 2011")
    box = ClientsPage(page).open().values_of("Contoso")
    expect(box.get_by_label("TarpitInterval delay (seconds)")).to_have_value("7")
    expect(box.get_by_label("TarpitInterval of the named receive connector")).to_have_value("00:00:05")
    expect(box.get_by_label("TarpitTime delay (seconds)")).to_have_count(0)
    expect(box.locator("[data-profile-kept]")).to_have_text(
        "1 value kept for other platforms (SBS 2011 does not use them): TarpitTime delay (seconds). They stay "
        "stored and exported, and show again if the platform changes to one that uses them.")


def test_a_client_without_a_platform_sees_every_field_once_grouped_by_the_platforms_that_use_them(page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    clients = _seed(page, _client("cnone", "Fabrikam"))
    box = clients.values_of("Fabrikam")
    expect(box.locator("[data-profile-platform]")).to_have_text(
        "No platform is set for this client, so every platform's fields are shown, grouped by the platforms that "
        "use them. Choose its platform in the client bar of a checklist page to see only its own.")
    expect(box.locator("[data-profile-kept]")).to_be_hidden()
    expect(box.locator("fieldset legend")).to_have_text(
        ["Every platform", "Used on SBS 2003", LATER_PLATFORMS, "Used on SBS 2003", LATER_PLATFORMS])
    shown = clients.shown_values()
    assert len(shown) == len(set(shown)) == 8
    every = box.get_by_role("group", name="Every platform")
    for label in ("Client's mail domain", "Server's public mail host name", "A real mailbox at the client's domain"):
        expect(every.get_by_label(label)).to_be_visible()
    later = box.get_by_role("group", name=LATER_PLATFORMS).first
    expect(later.get_by_label("TarpitInterval delay (seconds)")).to_be_visible()
    expect(box.get_by_role("group", name="Used on SBS 2003").first.get_by_label("TarpitTime delay (seconds)")) \
        .to_be_visible()
    # On a phone every group is as narrow as the screen, its longest label (a registry path) wrapped.
    within = "el => el.getBoundingClientRect().right <= innerWidth && el.scrollWidth <= el.clientWidth"
    for group in box.locator("fieldset").all():
        assert group.evaluate(within)
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"


# --- 2. The probe command: its wording and a copy button ---

def test_the_probe_command_asks_for_its_values_by_name_then_copies_what_the_screen_shows(page: Page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    clients = _seed(page, _client("c2011", "O'Brien Dental", "sbs2011"))
    box = clients.values_of("O'Brien Dental")
    expect(box.locator("p", has_text="Fill in")).to_have_text(
        "Fill in \u201cClient's mail domain\u201d and \u201cA real mailbox at the client's domain\u201d above: the "
        "command appears here.")
    expect(box).not_to_contain_text("client's client's")
    copy = box.get_by_role("button", name="Copy the command")
    expect(copy).to_be_hidden()
    box.get_by_label("Client's mail domain").fill("client.example")
    box.get_by_label("A real mailbox at the client's domain").fill("anna@client.example")
    command = box.locator("[data-probe-command]")
    status = box.locator("[data-copy-status]")
    page.evaluate("navigator.clipboard.writeText('an old command')")
    copy.click()
    expect(status).to_have_text("Copied the command above, as shown: paste it into a terminal on a computer outside "
                                "the client's network.")
    assert page.evaluate("navigator.clipboard.readText()") == command.text_content() == (
        "python3 probe.py 'client.example' --domain 'client.example' --known 'anna@client.example' --export "
        "'probe-c2011.json' --client-id c2011 --client-name='O'\\''Brien Dental'")
    # A field changed and the button pressed at once: the command as it then shows, from the keyboard too.
    box.get_by_label("Client's mail domain").fill("other.example")
    expect(status).to_have_text("")   # it spoke of the command before this one
    copy.focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("Copied the command above")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == command.text_content() and copied.startswith("python3 probe.py 'other.example'")
    # The button sits under the command, never over it.
    code, button = box.locator("pre").bounding_box(), copy.bounding_box()
    assert button["y"] >= code["y"] + code["height"]
    # A browser that refuses the clipboard: said, and the clipboard keeps what it held.
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('refused')); }")
    copy.click()
    expect(status).to_have_text("Not copied: this browser refused the clipboard, which still holds what it held. "
                                "Select the command and copy it by hand.")
    assert page.evaluate("navigator.clipboard.readText()") == copied


# --- 3. The phone layout ---

def test_on_a_phone_the_caption_spans_the_table_and_each_form_label_sits_by_its_field(page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    _seed(page, _client("c1", "Contoso Pharmaceuticals Ltd", "sbs2003"), _client("c2", "Fabrikam"))
    table = page.locator("[data-dashboard-table]").bounding_box()
    caption = page.locator("[data-dashboard-table] caption")
    box = caption.bounding_box()
    line = caption.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
    assert box["width"] >= 0.9 * table["width"], (box, table)
    assert box["height"] < 2 * line, "the caption takes more than one line"
    checklist = ChecklistPage(page).open()
    page.get_by_role("button", name="New client").click()
    form = page.locator("[data-client-form]")
    for width in (320, 390, 480, 600, 768, 1024, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        for label, field in (("Client name", form.locator("input")), ("Platform", form.locator("select"))):
            text = form.locator("label", has_text=label).bounding_box()
            control = field.bounding_box()
            beside = (abs((text["y"] + text["height"] / 2) - (control["y"] + control["height"] / 2)) < 4
                      and 0 <= control["x"] - (text["x"] + text["width"]) <= 16)
            above = (0 <= control["y"] - (text["y"] + text["height"]) <= 8 and abs(control["x"] - text["x"]) < 4)
            assert beside or above, f"{label} apart from its field at {width} px: {text} {control}"
    expect(checklist.client_picker).to_be_visible()


# --- 4. The last outside test in each row ---

def test_each_row_shows_the_last_outside_test_and_the_table_sorts_by_it(page: Page):
    newest = _run("2026-12-04T23:34:00+00:00", "contoso.com", ("mx.contoso.com", "pass"), ("mx2.contoso.com", "fail"))
    older = _run("2026-11-01T09:00:00+00:00", "contoso.com", ("mx.contoso.com", "pass"))
    clients = _seed(page,
                    _client("ca", "Adatum", "sbs2011", evidence=_run("2026-11-20T08:15:00+00:00", "adatum.example",
                                                                     ("mail.adatum.example", "pass"))),
                    _client("cb", "Contoso", "sbs2003", evidence=f"{newest}\n\n{older}"),
                    _client("cc", "Fabrikam"),
                    _client("cd", "Litware", "sbs2008", evidence=_run("2026-11-30T12:00:00+00:00", "litware.example",
                                                                      ("mail.litware.example", "warn"))))
    expect(page.locator("[data-dashboard-table] thead th")).to_contain_text(["Outside test"])
    contoso = clients.outside_test("Contoso")
    # The newest run, the worst of its hosts, at Berlin's time; each host's verdict for a pointer and a screen reader.
    expect(contoso).to_have_text("FAIL \u00b7 2026-12-05 00:34 (contoso.com: mx.contoso.com PASS, mx2.contoso.com "
                                 "FAIL)", use_inner_text=False)
    hidden = contoso.locator(".sbskb-visually-hidden")   # read out, not shown: the cell shows verdict and time
    expect(hidden).to_have_text(" (contoso.com: mx.contoso.com PASS, mx2.contoso.com FAIL)")
    assert hidden.evaluate("el => el.getBoundingClientRect().width <= 1 && getComputedStyle(el).clipPath !== 'none'")
    expect(contoso).to_have_attribute("title", "contoso.com: mx.contoso.com PASS, mx2.contoso.com FAIL")
    expect(contoso).to_have_attribute("data-outside-test", "fail")
    expect(clients.outside_test("Adatum")).to_have_attribute("data-outside-test", "pass")
    expect(clients.outside_test("Adatum")).to_have_text(
        "PASS \u00b7 2026-11-20 09:15 (adatum.example: mail.adatum.example PASS)", use_inner_text=False)
    expect(clients.outside_test("Fabrikam")).to_have_text("not tested")
    # Sorted: known problems first, then the clients not tested, then those that passed.
    clients.sort("Outside test (failed first)")
    assert clients.names() == ["Contoso", "Litware", "Fabrikam", "Adatum"]
    clients.filter("t")   # the filter keeps the order
    assert clients.names() == ["Contoso", "Litware", "Adatum"]
    # On a phone, the card names the column.
    page.set_viewport_size({"width": 390, "height": 844})
    assert contoso.evaluate("el => getComputedStyle(el, '::before').content") == '"Outside test: "'
