"""Page objects for the end-to-end tests: the steps a technician takes (open a checklist, create a client, tick an
item, type a value, read a snippet, import a file) written once, found by role, label and the documented hooks
(docs/reference/hooks.md). Tests say what they do; how the page does it lives here."""
from __future__ import annotations

import json

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from support import WCAG_21_AA

TECHNICIAN = "Test Technician"   # the name the tests give when an export asks for one


def axe_check(page: Page):
    """axe-core's WCAG 2.1 A/AA results for the page as it rests. Colours are judged after Material's hover and focus
    transitions end: on a busy machine axe once measured a just-clicked button mid-transition (3.62:1) and failed a
    page that passes at rest."""
    page.wait_for_function("document.getAnimations().every(animation => animation.playState !== 'running')")
    return Axe().run(page, options=WCAG_21_AA)


def storage(page: Page) -> dict:
    """Everything the site has stored for the page's origin, read from its database (IndexedDB, not the page's
    memory), key by key, sorted; plus every localStorage key, so a test also sees what is left there."""
    page.wait_for_function("() => !!(window.sbskbTest && window.sbskbTest.storage && window.sbskbTest.storage.dump)")
    stored = page.evaluate("window.sbskbTest.storage.dump()")
    old = page.evaluate("Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))")
    return dict(sorted({**{f"localStorage:{k}": v for k, v in old.items()}, **stored}.items()))


def put_stored(page: Page, key: str, raw: str) -> None:
    """Leave `raw` under `key` (e.g. "sbskb.v1.client.<id>") in the site's database, as another program could; reload
    the page to see what it makes of it."""
    page.wait_for_function("() => !!(window.sbskbTest && window.sbskbTest.storage && window.sbskbTest.storage.putRaw)")
    assert page.evaluate("([key, raw]) => window.sbskbTest.storage.putRaw(key, raw)", [key, raw])


class ChecklistPage:
    """One checklist page (/checklists/<id>/) with its client bar, items, values and snippets."""

    def __init__(self, page: Page, checklist_id: str = "tarpit", base: str = ""):
        self.page = page
        self.path = f"{base}/checklists/{checklist_id}/"

    def open(self) -> ChecklistPage:
        self.page.goto(self.path)
        return self.ready()

    def open_for_client(self, name: str = "Client 1", platform: str = "") -> ChecklistPage:
        """Open the page as a technician who has a client: create one first when this browser has none yet."""
        self.open()
        if self.client_picker.locator("option").count() == 0:
            self.create_client(name, platform)
        return self

    def ready(self) -> ChecklistPage:
        """Wait until the page script has started on what is stored (data-ready); a first visit has no client."""
        self.page.locator("[data-checklist][data-ready]").wait_for(state="attached")
        return self

    def settled(self) -> None:
        """Wait until every change made so far is in the database, as before closing a tab."""
        self.page.evaluate("() => window.sbskbTest.storage.settled()")

    # --- the client bar ---

    @property
    def client_picker(self) -> Locator:
        return self.page.get_by_label("Client", exact=True)

    @property
    def platform_picker(self) -> Locator:
        return self.page.locator("select[data-client-platform]")

    def create_client(self, name: str, platform: str = "") -> str:
        """Create a client (platform by its short name, e.g. "SBS 2011"); it becomes the current one. Its id."""
        self.page.get_by_role("button", name="New client").click()
        form = self.page.locator("[data-client-form]")
        form.get_by_label("Client name").fill(name)
        if platform:
            form.get_by_label("Platform").select_option(label=platform)
        form.get_by_role("button", name="Create").click()
        expect(self.page.locator("select[data-client-select] option:checked")).to_have_text(name)
        return self.client_picker.input_value()

    def choose_client(self, name: str) -> None:
        self.client_picker.select_option(label=name)

    def set_platform(self, label: str) -> None:
        """Set the current client's platform: every item opens that platform's tab."""
        self.platform_picker.select_option(label=label)

    @property
    def storage_status(self) -> Locator:
        return self.page.locator("[data-storage-status]")

    # --- items ---

    def item(self, item_id: str) -> Locator:
        return self.page.locator(f'[data-item="{item_id}"]')

    def box(self, title: str) -> Locator:
        """An item's done box, by the item's title."""
        return self.page.get_by_role("checkbox", name=title)

    @property
    def progress(self) -> Locator:
        return self.page.locator("[data-progress]")

    # --- values and snippets ---

    def field(self, item_id: str, parameter: str, platform: str) -> Locator:
        """The value field of a parameter in one item's tab for a platform."""
        scope = f'[data-item="{item_id}"] [data-variant~="{platform}"]'
        return self.page.locator(f'{scope} input[data-param="{parameter}"]')

    def snippet(self, hook: str, platform: str = "") -> Locator:
        """The <code> of a snippet ("<item>/<kind>/<format>"), in the tab for `platform` when several tabs have it."""
        scope = f'[data-variant~="{platform}"] ' if platform else ""
        return self.page.locator(f'{scope}[data-snippet="{hook}"] code')

    def error_of(self, field: Locator) -> Locator:
        """The message that says why a field's value was refused."""
        return self.page.locator("#" + field.get_attribute("aria-describedby").split()[1])

    # --- values before the change ---

    def before(self, setting_id: str) -> Locator:
        """A setting's "Before the change" field (an input, or a select for a box)."""
        return self.page.locator(f'[data-before="{setting_id}"]')

    def before_row(self, setting_id: str) -> Locator:
        return self.page.locator(f'[data-setting="{setting_id}"]')

    def record_before(self, setting_id: str, text: str) -> None:
        """Type a value before the change and leave the field, as a technician does."""
        field = self.before(setting_id)
        field.fill(text)
        field.press("Tab")

    def paste_before(self, setting_id: str, text: str) -> None:
        """Paste a check's output into the field, line breaks and all (the clipboard's text/plain)."""
        self.before(setting_id).focus()
        self.before(setting_id).evaluate(
            """(field, text) => { const data = new DataTransfer(); data.setData("text/plain", text);
                 field.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                                  cancelable: true})); }""", text)

    def before_message(self, setting_id: str) -> Locator:
        return self.before_row(setting_id).locator("[data-before-message]")

    def revert(self, hook: str, platform: str) -> Locator:
        """A revert snippet's element (its note, and its code when a revert can be written)."""
        return self.page.locator(f'[data-variant~="{platform}"] [data-snippet="{hook}"]')


class ClientsPage:
    """The Clients page (/clients/): the table, one client's values, export and import."""

    def __init__(self, page: Page, base: str = ""):
        self.page = page
        self.path = f"{base}/clients/"

    def open(self) -> ClientsPage:
        self.page.goto(self.path)
        # The page script mounts once the stored clients are loaded: its buttons work from then on.
        self.page.locator("[data-dashboard][data-ready]").wait_for(state="attached", timeout=60_000)
        return self

    def row(self, name: str) -> Locator:
        return self.page.locator("tr", has_text=name)

    def overall(self, name: str) -> Locator:
        """A client's overall progress, "settled/total"."""
        return self.row(name).locator("[data-overall]")

    @property
    def count_line(self) -> Locator:
        """How many clients the table shows, of how many."""
        return self.page.locator("[data-clients-count]")

    def filter(self, text: str) -> None:
        self.page.get_by_label("Filter by name").fill(text)

    def sort(self, label: str) -> None:
        self.page.get_by_label("Sort by").select_option(label=label)

    def names(self) -> list[str]:
        """The client names in the table's order."""
        return self.page.locator("[data-dashboard-table] tbody th[scope=row]").all_inner_texts()

    def values_of(self, name: str) -> Locator:
        """Open a client's values; the box that holds them."""
        self.page.get_by_role("button", name=f"Values of {name}").click()
        return self.page.locator("[data-profile]")

    def outside_test(self, name: str) -> Locator:
        """A client's last outside test in the table: "FAIL · 2026-12-05 00:34", or "not tested"."""
        return self.row(name).locator("td[data-outside-test]")

    def shown_values(self) -> list[str]:
        """The labels of the parameter fields the open values show, in order (values before the change left out)."""
        return self.page.locator("[data-profile] input[data-param]").evaluate_all(
            "inputs => inputs.map(input => input.labels[0].textContent)")

    def export_all(self) -> dict:
        """Export every client, giving the technician's name first if the page asks for it; the file, parsed."""
        return self._exported(self.page.get_by_role("button", name="Export all clients"))

    def export_client(self, name: str) -> dict:
        """Export one client (its row's Export button, "Export <name>"), as export_all."""
        return self._exported(self.row(name).get_by_role("button", name=f"Export {name}"))

    def _exported(self, button: Locator) -> dict:
        with self.page.expect_download() as download:
            button.click()
            self.give_name_if_asked()
        return json.loads(open(download.value.path(), encoding="utf-8").read())

    @property
    def name_field(self) -> Locator:
        """The technician's name the page asks for before the first export."""
        return self.page.get_by_role("textbox", name="Your name")

    def give_name_if_asked(self, name: str = TECHNICIAN) -> None:
        """The first export from a browser without a technician's name asks for one (its click opens the form at
        once, or not at all): give it, and the export goes on."""
        if self.name_field.is_visible():
            self.name_field.fill(name)
            self.page.get_by_role("button", name="Save the name and go on").click()

    def import_file(self, data) -> None:
        """Choose a file to import: `data` is the parsed JSON, or the file's bytes."""
        payload = data if isinstance(data, bytes) else json.dumps(data).encode()
        self.page.get_by_label("Import clients from a file").set_input_files(
            {"name": "clients.json", "mimeType": "application/json", "buffer": payload})

    def merge(self) -> None:
        """Merge the chosen file, and wait until the database has answered (the status says how it went)."""
        self.page.get_by_role("button", name="Merge (newest change wins)").click()
        self.page.wait_for_function("() => document.querySelector('[data-transfer-status]').textContent !== ''",
                                    timeout=60_000)

    @property
    def transfer_status(self) -> Locator:
        return self.page.locator("[data-transfer-status]")


class ReportPage:
    """The printable client report (/report/)."""

    def __init__(self, page: Page, base: str = ""):
        self.page = page
        self.path = f"{base}/report/"

    def open(self) -> ReportPage:
        self.page.goto(self.path)
        self.page.locator("[data-report][data-ready]").wait_for(state="attached")
        return self

    @property
    def body(self) -> Locator:
        return self.page.locator("[data-report-body]")
