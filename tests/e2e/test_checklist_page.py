"""The tar pit checklist in Chromium: ticks, clients, live snippets and storage, as a technician uses them."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from macros import templating
from macros.loader import load_catalog
from support import ROOT, site_search

pytestmark = pytest.mark.e2e
TARPIT = load_catalog(ROOT).checklist("tarpit")
HOSTILE_VALUES = ["61", "0", "five", "5; Remove-Item C:\\ -Recurse", "5'", "'; Remove-Item C:\\ -Recurse; '",
                  '5"', "5\n6", "$(Remove-Item C:\\ -Recurse)", "0x10", ""]


def tarpit_box(page: Page):
    return page.get_by_role("checkbox", name="Set the tar pit delay")


def snippet_code(page: Page, hook: str):
    return page.locator(f'[data-snippet="{hook}"] code')


def sbs2003_field(page: Page):
    return page.locator('[data-item="set-tarpit-delay"] [data-variant~="sbs2003"] input[data-param="tarpit_seconds"]')


def exchange_field(page: Page, name: str, platform: str = "sbs2011"):
    return page.locator(f'[data-item="set-tarpit-delay"] [data-variant~="{platform}"] input[data-param="{name}"]')


def show_platform(page: Page, label: str) -> None:
    """Set the current client's platform: every item opens that platform's tab."""
    page.locator("select[data-client-platform]").select_option(label=label)


def create_client(page: Page, name: str) -> None:
    page.get_by_role("button", name="New client").click()
    page.get_by_label("Client name").fill(name)
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_label("Client", exact=True)).to_have_value(
        page.locator("select[data-client-select] option", has_text=name).get_attribute("value"))


def test_tick_survives_reload_and_updates_progress(checklist_page: Page):
    page = checklist_page
    progress = page.locator("[data-progress]")
    expect(progress).to_have_attribute("data-done", "0")
    expect(progress).to_have_attribute("data-total", "2")
    tarpit_box(page).check()
    expect(progress).to_have_attribute("data-done", "1")
    expect(progress).to_contain_text("1 of 2 done")
    page.reload()
    expect(tarpit_box(page)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Confirm that recipient filtering rejects unknown recipients")).not_to_be_checked()
    expect(page.locator("[data-progress]")).to_have_attribute("data-done", "1")


def test_each_client_has_its_own_ticks_and_values(checklist_page: Page):
    page = checklist_page
    tarpit_box(page).check()
    sbs2003_field(page).fill("9")
    create_client(page, "Globex Ltd")
    expect(tarpit_box(page)).not_to_be_checked()
    expect(sbs2003_field(page)).to_have_value("5")
    expect(snippet_code(page, "set-tarpit-delay/apply/cmd")).to_contain_text("/d 5 /f")
    page.get_by_label("Client", exact=True).select_option(label="Client 1")
    expect(tarpit_box(page)).to_be_checked()
    expect(sbs2003_field(page)).to_have_value("9")
    page.reload()
    expect(page.get_by_label("Client", exact=True).locator("option:checked")).to_have_text("Client 1")
    expect(snippet_code(page, "set-tarpit-delay/apply/cmd")).to_contain_text("/d 9 /f")


def test_instant_navigation_keeps_state_without_a_full_reload(checklist_page: Page):
    page = checklist_page
    tarpit_box(page).check()
    page.goto("/")
    page.wait_for_load_state("networkidle")  # Material needs its sitemap before it intercepts links
    page.evaluate("window.__noFullReload = true")
    page.get_by_role("link", name="Slow down directory harvest attacks with the SMTP tar pit").first.click()
    page.wait_for_url("**/checklists/tarpit/")
    expect(tarpit_box(page)).to_be_checked()
    assert page.evaluate("window.__noFullReload === true"), "the page was fully reloaded, not swapped in place"


def test_parameter_change_refills_every_snippet_at_once(checklist_page: Page):
    page = checklist_page
    sbs2003_field(page).fill("17")
    expect(snippet_code(page, "set-tarpit-delay/apply/reg")).to_have_text(
        "Windows Registry Editor Version 5.00\n\n"
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SMTPSVC\\Parameters]\n"
        '"TarpitTime"=dword:00000011')
    show_platform(page, "SBS 2011")
    exchange_field(page, "tarpit_interval_seconds").fill("7")
    exchange_field(page, "receive_connector").fill("SBS01\\Windows SBS Internet Receive SBS01")
    apply = page.locator('[data-variant~="sbs2011"] [data-snippet="set-tarpit-delay/apply/ems"] code')
    expect(apply).to_have_text(
        "Set-ReceiveConnector -Identity 'SBS01\\Windows SBS Internet Receive SBS01' -TarpitInterval '00:00:07'")
    # The same parameters on another tab of the page show the same values; TarpitTime's value stays its own.
    expect(exchange_field(page, "tarpit_interval_seconds", "exchange2013-se")).to_have_value("7")
    expect(exchange_field(page, "receive_connector", "exchange2013-se")).to_have_value(
        "SBS01\\Windows SBS Internet Receive SBS01")
    expect(sbs2003_field(page)).to_have_value("17")


def test_browser_and_python_render_the_same_bytes(checklist_page: Page):
    page = checklist_page
    item = TARPIT.items[1]
    values = {p.name: p.default for p in item.parameters} | {
        "tarpit_seconds": 42, "tarpit_interval_seconds": 9, "receive_connector": "SBS01\\O'Brien's relay"}
    sbs2003_field(page).fill("42")
    show_platform(page, "SBS 2011")
    exchange_field(page, "tarpit_interval_seconds").fill("9")
    exchange_field(page, "receive_connector").fill("SBS01\\O'Brien's relay")
    for variant in item.variants:
        scope = page.locator(f'[data-item="set-tarpit-delay"] [data-variant="{" ".join(variant.platforms)}"]')
        for snippet in variant.snippets:
            expected = templating.render(snippet.template, values)
            code = scope.locator(f'[data-snippet="{snippet.hook}"] code')
            expect(code).to_have_text(expected)
            assert code.text_content() == expected
    assert "-Identity 'SBS01\\O''Brien''s relay'" in templating.render(item.variants[1].snippets[1].template, values)


@pytest.mark.parametrize("value", ["11", "30", "60", "0", "00:00:30", "5; Set-ReceiveConnector -TarpitInterval 00:05:00"])
def test_a_tarpit_interval_outside_1_to_10_seconds_never_reaches_a_snippet(checklist_page: Page, value: str):
    page = checklist_page
    show_platform(page, "SBS 2011")
    field = exchange_field(page, "tarpit_interval_seconds")
    field.fill("8")
    apply = page.locator('[data-variant~="sbs2011"] [data-snippet="set-tarpit-delay/apply/ems"] code')
    expect(apply).to_contain_text("-TarpitInterval '00:00:08'")
    field.fill(value)
    expect(field).to_have_attribute("aria-invalid", "true")
    error = page.locator("#" + field.get_attribute("aria-describedby").split()[1])
    expect(error).to_contain_text("Not used:")
    expect(error).to_contain_text("The commands keep 8.")
    if value.isdigit():
        expect(error).to_contain_text("must be from 1 to 10")
    expect(apply).to_contain_text("-TarpitInterval '00:00:08'")
    page.reload()
    expect(exchange_field(page, "tarpit_interval_seconds")).to_have_value("8")


@pytest.mark.parametrize("value", [
    "SBS01\\x'; Set-ReceiveConnector -Identity * -TarpitInterval 00:05:00; '", "Default Frontend EX01", "SBS01\\",
    "$(Get-ReceiveConnector | Set-ReceiveConnector)", 'SBS01\\a"b', "SBS01\\a;b", "*",
], ids=repr)
def test_a_connector_name_that_could_inject_never_reaches_a_snippet(checklist_page: Page, value: str):
    page = checklist_page
    show_platform(page, "SBS 2011")
    field = exchange_field(page, "receive_connector")
    field.fill("SBS01\\Internet")
    hooks = ("set-tarpit-delay/apply/ems", "set-tarpit-delay/revert/ems")
    codes = [page.locator(f'[data-variant~="sbs2011"] [data-snippet="{hook}"] code') for hook in hooks]
    before = [code.text_content() for code in codes]
    assert all("-Identity 'SBS01\\Internet'" in text for text in before)
    field.fill(value)
    expect(field).to_have_attribute("aria-invalid", "true")
    assert [code.text_content() for code in codes] == before


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=repr)
def test_invalid_value_is_refused_visibly_and_never_reaches_a_snippet(checklist_page: Page, value: str):
    page = checklist_page
    field = sbs2003_field(page)
    field.fill("8")
    codes = page.locator('[data-item="set-tarpit-delay"] [data-snippet] code')
    before = codes.all_text_contents()
    assert len(before) == len(TARPIT.items[1].snippets)
    field.fill(value)
    expect(field).to_have_attribute("aria-invalid", "true")
    error = page.locator("#" + field.get_attribute("aria-describedby").split()[1])
    expect(error).to_be_visible()
    expect(error).to_contain_text("Not used:")
    assert codes.all_text_contents() == before
    page.reload()
    expect(sbs2003_field(page)).to_have_value("8")


def test_search_finds_registry_value_kb_number_and_title(page: Page):
    page.goto("/")
    page.wait_for_load_state("networkidle")
    for query in ("TarpitTime", "842851", "tar pit delay"):
        results = site_search(page, query)
        expect(results.filter(has_text="tar pit").first).to_be_visible()
        page.keyboard.press("Escape")


def test_copy_button_copies_exactly_the_code_text(checklist_page: Page):
    page = checklist_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sbs2003_field(page).fill("12")
    page.locator('[data-variant~="sbs2003"]').get_by_text(".reg file", exact=True).first.click()
    block = page.locator('[data-snippet="set-tarpit-delay/apply/reg"]')
    block.hover()
    block.get_by_role("button", name="Copy to clipboard").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == block.locator("code").text_content()
    assert '"TarpitTime"=dword:0000000c' in copied


def test_only_sbskb_keys_are_written_and_others_are_left_alone(checklist_page: Page):
    page = checklist_page
    page.evaluate("localStorage.setItem('someone-else', 'keep me')")
    tarpit_box(page).check()
    sbs2003_field(page).fill("7")
    create_client(page, "Initech")
    keys = page.evaluate("Object.keys(localStorage)")
    assert "someone-else" in keys
    assert page.evaluate("localStorage.getItem('someone-else')") == "keep me"
    # Material keeps its own settings as "<scope>.__<name>" (e.g. "/.__palette").
    ours = [key for key in keys if key != "someone-else" and ".__" not in key]
    assert ours and all(key.startswith("sbskb.") for key in ours), keys


def test_refused_storage_is_reported_and_the_tick_is_undone(page: Page):
    page.add_init_script("""
        Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
    """)
    page.goto("/checklists/tarpit/")
    page.locator("select[data-client-select] option").first.wait_for(state="attached")
    tarpit_box(page).click()
    status = page.locator("[data-storage-status]")
    expect(status).to_contain_text("Not saved")
    expect(tarpit_box(page)).not_to_be_checked()
    expect(page.locator("[data-progress]")).to_have_attribute("data-done", "0")


def test_storage_turned_off_is_reported(page: Page):
    # As in a browser with site data blocked: touching localStorage throws.
    page.add_init_script("""
        Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
    """)
    page.goto("/checklists/tarpit/")
    page.locator("select[data-client-select] option").first.wait_for(state="attached")
    tarpit_box(page).click()
    expect(page.locator("[data-storage-status]")).to_contain_text("Not saved")
    expect(tarpit_box(page)).not_to_be_checked()


def test_corrupt_stored_client_is_kept_and_reported(page: Page):
    page.goto("/checklists/tarpit/")
    page.locator("select[data-client-select] option").first.wait_for(state="attached")
    client_id = page.locator("select[data-client-select]").input_value()
    page.evaluate(f"localStorage.setItem('sbskb.v1.client.{client_id}', '{{not json')")
    page.reload()
    expect(page.locator("[data-storage-status]")).to_contain_text("could not be read")
    copies = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('sbskb.v1.corrupt.'))")
    assert len(copies) == 1
    assert page.evaluate(f"localStorage.getItem({json.dumps(copies[0])})") == "{not json"
    # The dashboard offers the kept copy for download, byte for byte.
    page.goto("/clients/")
    corrupt = page.locator("[data-corrupt]")
    expect(corrupt).to_be_visible()
    with page.expect_download() as download:
        corrupt.get_by_role("button", name="Download").click()
    assert open(download.value.path(), encoding="utf-8").read() == "{not json"


def test_hostile_client_name_stays_text(checklist_page: Page):
    page = checklist_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    name = '<img src=x onerror="window.__pwned=1">'
    create_client(page, name)
    expect(page.locator("select[data-client-select] option:checked")).to_have_text(name)
    assert page.evaluate("window.__pwned === undefined") and dialogs == []
