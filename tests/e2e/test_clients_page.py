"""The Clients page for a provider's list: every fact of every client readable at 1,280 px and as cards at 390 px,
sorted and filtered as the technician chooses, a page of rows at a time however many clients are stored."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from macros.loader import load_catalog
from pages import ClientsPage, axe_check
from support import ROOT, total_items

pytestmark = pytest.mark.e2e
CATALOG = load_catalog(ROOT)
ITEMS = [item.id for checklist in CATALOG.checklists for item in checklist.items]
LONG_NAME = "Contoso Pharmaceuticals and Laboratory Supplies (Northern Region) Ltd"


def seed(page: Page, clients: list[dict]) -> ClientsPage:
    """Store `clients` ({id, name, platform, done: n items settled, changed: time or None, exported}) as the site
    stores them, then open the Clients page on them."""
    page.goto("/clients/")
    page.locator("[data-dashboard][data-ready]").wait_for(state="attached", timeout=60_000)
    puts = {"clients": [{"id": c["id"], "name": c["name"], "platform": c["platform"]} for c in clients]}
    for client in clients:
        items = {item: {"status": "done", "note": "checked on site", "changed": client["changed"]}
                 for item in ITEMS[:client["done"]]}
        puts[f"client.{client['id']}"] = {"values": {}, "items": items}
        if client.get("exported"):
            puts[f"exported.{client['id']}"] = client["exported"]
    assert page.evaluate("""(puts) => {
        const text = {};
        for (const key in puts) text[key] = JSON.stringify(puts[key]);
        return window.sbskbTest.storage.commit(text, []);
    }""", puts)
    return ClientsPage(page).open()


THREE = [
    {"id": "c1", "name": LONG_NAME, "platform": "sbs2011", "done": 5, "changed": "2026-11-25T09:00:00Z"},
    {"id": "c2", "name": "fabrikam <b>Inc</b>", "platform": "sbs2003", "done": 0, "changed": None},
    {"id": "c3", "name": "Adatum", "platform": "exchange2013-se", "done": len(ITEMS), "changed": "2026-11-20T15:30:00Z",
     "exported": "2026-11-21T00:00:00Z"},
]


def many(count: int) -> list[dict]:
    platforms = ["sbs2003", "sbs2008", "sbs2011", "exchange2013-se"]
    return [{"id": f"m{n:04d}", "name": f"Client {n:04d}", "platform": platforms[n % 4], "done": n % (len(ITEMS) + 1),
             "changed": f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00Z"} for n in range(count)]


def test_sorting_by_name_platform_progress_and_last_change(page: Page):
    clients = seed(page, THREE)
    assert clients.names() == ["Adatum", LONG_NAME, "fabrikam <b>Inc</b>"]      # name, ignoring case
    clients.sort("Platform")       # in the platform table's order: SBS 2003, 2008, 2011, Exchange 2013–SE
    assert clients.names() == ["fabrikam <b>Inc</b>", LONG_NAME, "Adatum"]
    clients.sort("Progress (least settled first)")
    assert clients.names() == ["fabrikam <b>Inc</b>", LONG_NAME, "Adatum"]
    clients.sort("Last change (newest first)")
    assert clients.names() == [LONG_NAME, "Adatum", "fabrikam <b>Inc</b>"]   # never changed: last
    expect(clients.overall("Adatum")).to_have_text(f"{len(ITEMS)}/{total_items()}")
    expect(clients.row("Adatum")).to_contain_text("(100 %)")
    expect(clients.row(LONG_NAME)).to_contain_text(f"5/{total_items()} ({500 // total_items()} %)")
    assert page.locator("b").count() == 0       # a name stays text


def test_filtering_as_you_type_keeps_the_sort_and_says_how_many(page: Page):
    clients = seed(page, THREE + many(7))
    expect(clients.count_line).to_have_text("10 clients.")
    clients.filter("client 000")
    expect(clients.count_line).to_have_text("7 matching clients (10 in all).")
    clients.sort("Last change (newest first)")
    expect(page.locator("[data-dashboard-table] tbody tr")).to_have_count(7)
    clients.filter("CONTOSO  northern")           # every word, any case
    assert clients.names() == [LONG_NAME]
    expect(clients.count_line).to_have_text("1 matching client (10 in all).")
    clients.filter("nobody")
    expect(clients.count_line).to_have_text("No client's name contains that (10 clients in all).")
    expect(page.locator("[data-dashboard-table]")).to_be_hidden()


def test_a_long_list_shows_a_page_of_rows_at_a_time(page: Page):
    clients = seed(page, many(120))
    rows = page.locator("[data-dashboard-table] tbody tr")
    expect(rows).to_have_count(50)
    expect(clients.count_line).to_have_text("Showing 50 of 120 clients.")
    more = page.locator("[data-clients-more]")
    expect(more).to_have_text("Show 50 more")
    more.click()
    expect(rows).to_have_count(100)
    expect(more).to_have_text("Show 20 more")
    more.focus()
    page.keyboard.press("Enter")
    expect(rows).to_have_count(120)
    expect(more).to_be_hidden()
    # The button went away under the keyboard: focus moved on to the first row it showed.
    expect(rows.nth(100).locator("th")).to_be_focused()
    expect(clients.count_line).to_have_text("120 clients.")
    clients.sort("Progress (least settled first)")          # a new order starts again at the first page
    expect(rows).to_have_count(50)
    expect(rows.first).to_contain_text(f"0/{total_items()}")


def test_every_fact_fits_a_laptop_screen_without_scrolling_sideways(page: Page):
    page.set_viewport_size({"width": 1280, "height": 800})
    clients = seed(page, THREE)
    wrap = page.locator(".sbskb-table-wrap")
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth"), "the table is cut at 1,280 px"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    row = clients.row("fabrikam")
    for header in ("Client", "Platform", "Progress", "Last change", "Next open item", "Values and export"):
        expect(page.locator("[data-dashboard-table] thead th", has_text=header)).to_be_visible()
    expect(row.get_by_role("button", name="Export fabrikam <b>Inc</b>")).to_be_in_viewport()
    expect(clients.row(LONG_NAME).locator(".sbskb-export-reminder")).to_have_text("Changed since the last export")
    expect(clients.row("Adatum").locator(".sbskb-export-reminder")).to_have_count(0)


def test_a_phone_shows_one_card_per_client_with_every_fact(page: Page):
    page.set_viewport_size({"width": 390, "height": 844})
    clients = seed(page, THREE)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    wrap = page.locator(".sbskb-table-wrap")
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth")
    row = clients.row(LONG_NAME)
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    labels = row.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert labels == ['"Platform: "', '"Progress: "', '"Last change: "', '"Outside test: "', '"Mail logs: "',
                      '"Next open item: "', '"Values and export: "']
    for cell in row.locator("td").all():
        expect(cell).to_be_visible()
    expect(row).to_contain_text("Changed since the last export")
    expect(row.get_by_role("button", name=f"Values of {LONG_NAME}")).to_be_visible()
    box = row.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_clients_page_has_no_wcag_violation(page: Page, scheme: str, width: int):
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 900})
    clients = seed(page, THREE + many(60))
    clients.filter("o")
    axe = axe_check(page)
    assert axe.violations_count == 0, axe.generate_report()
