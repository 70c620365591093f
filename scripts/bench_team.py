"""The team folder's part of scripts/benchmark.py ("team"): with 1,000 clients in a folder (Chromium's Origin Private
File System standing in for the folder a technician picks, as in tests/e2e/test_team_folder.py), the first merge of
every file into a browser that has none of them, a read of the folder when nothing changed, each file written after a
change (performance.measure "sbskb-team-write", reported on its own), and the tick budget on a checklist page with the
folder connected: the page itself writes its ticks to the folder. The same ticks with a Clients page open in another
tab of the same browser, without and with the folder, shown beside it or hidden behind it, are reported beside: a
shown Clients tab draws other tabs' changes again, folder or not, which is its own cost."""
from __future__ import annotations

import json
import statistics
import time

# The folder "picked": "team" in the context's Origin Private File System (stack notes §11).
PICKER = ("window.showDirectoryPicker = async () => "
          "(await navigator.storage.getDirectory()).getDirectoryHandle('team', {create: true});")
WRITE_FILES = """async (files) => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('team', {create: true});
    for (const [name, text] of files) {
      const writable = await (await dir.getFileHandle(name, {create: true})).createWritable();
      await writable.write(text);
      await writable.close();
    }
}"""
# Headless Chromium shows every tab: a Clients tab behind the checklist page is put there as the page sees it.
HIDE = """() => {
    Object.defineProperty(document, 'visibilityState', {get: () => 'hidden', configurable: true});
    Object.defineProperty(document, 'hidden', {get: () => true, configurable: true});
    document.dispatchEvent(new Event('visibilitychange'));
}"""
DURATIONS = "(name) => performance.getEntriesByName(name).map((entry) => entry.duration)"


def client_file(client: dict, state: dict) -> str:
    """One client's file as a teammate's browser writes it: export version 5, every field timed and signed."""
    when, by = "2026-01-01T00:00:00Z", "Bench Technician"

    def timed(value) -> dict:
        return {"value": value, "changed": when, "by": by}

    items = {item_id: {name: timed(value) for name, value in entry.items() if name in ("status", "note")}
             for item_id, entry in state["items"].items()}
    exported = {"id": client["id"], "name": timed(client["name"]), "platform": timed(client["platform"]),
                "values": {name: timed(value) for name, value in state["values"].items()}, "items": items}
    return json.dumps({"format": "sbskb-progress", "version": 5, "exported": when, "clients": [exported]}, indent=1)


def ticks_beside_clients_tab(browser, url: str, clients: list[dict], states: dict, store_clients: str,
                             tick_figures) -> dict:
    """The tick budget on a checklist page while a Clients page without a team folder is open in another tab: what a
    Clients tab costs by itself (it draws its table again when another tab stores), to tell from the folder's cost."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "/clients/")
    page.locator("[data-dashboard][data-ready]").wait_for(state="attached", timeout=120_000)
    page.evaluate(store_clients, [clients, states])
    page.reload()
    page.locator("[data-dashboard][data-ready]").wait_for(state="attached", timeout=120_000)
    checklist = context.new_page()
    checklist.goto(url + "/checklists/gen-0/")
    checklist.locator("[data-checklist][data-ready]").wait_for(state="attached", timeout=120_000)
    beside = tick_figures(checklist)
    page.evaluate(HIDE)
    behind = tick_figures(checklist)
    page.close()
    alone = tick_figures(checklist)   # the same page and clients, no other tab: the baseline of this run
    context.close()
    return {"clients_tab_tick_p95_ms": beside["tick_p95_ms"], "clients_tab_tick_median_ms": beside["tick_median_ms"],
            "alone_tick_p95_ms": alone["tick_p95_ms"], "alone_tick_median_ms": alone["tick_median_ms"],
            "behind_tick_p95_ms": behind["tick_p95_ms"], "behind_tick_median_ms": behind["tick_median_ms"]}


def team_figures(browser, url: str, clients: list[dict], states: dict, store_clients: str, tick_figures) -> dict:
    figures = ticks_beside_clients_tab(browser, url, clients, states, store_clients, tick_figures)
    context = browser.new_context()
    context.add_init_script(PICKER)
    page = context.new_page()
    page.goto(url + "/clients/")
    page.locator("[data-dashboard][data-ready]").wait_for(state="attached", timeout=120_000)
    page.evaluate("window.sbskbTest.storage.putRaw('sbskb.v1.technician', JSON.stringify('Bench Technician'))")
    page.evaluate(WRITE_FILES, [[f"{client['id']}.json", client_file(client, states[client["id"]])]
                                for client in clients])
    page.reload()
    page.locator("[data-dashboard][data-ready]").wait_for(state="attached", timeout=120_000)
    started = time.perf_counter()
    page.get_by_role("button", name="Choose a team folder").click()
    status = page.locator("[data-team-status]")
    status.filter(has_text=f"{len(clients)} shared clients here").wait_for(timeout=600_000)
    figures |= {"team_clients": len(clients), "team_first_merge_s": round(time.perf_counter() - started, 2)}
    if page.locator("[data-team-problems] li").count():
        problems = page.locator("[data-team-problems]").inner_text()
        raise RuntimeError(f"the team benchmark's files were skipped: {problems}")
    # Reads of the folder with nothing changed: each lists and checks every file, reading none again.
    before = len(page.evaluate(DURATIONS, "sbskb-team-read"))
    for _ in range(5):
        page.evaluate("window.dispatchEvent(new Event('focus'))")
        page.wait_for_function("([name, count]) => performance.getEntriesByName(name).length > count",
                               arg=["sbskb-team-read", before])
        before += 1
    reads = page.evaluate(DURATIONS, "sbskb-team-read")[-5:]
    figures |= {"team_read_median_ms": statistics.median(reads), "team_read_max_ms": max(reads)}
    # Ticks on a checklist page while the Clients page, folder connected, is open beside; either tab may write a
    # change (the checklist page writes its own; the Clients tab hears it too, and finds it written or writes it
    # first): their passes take turns.
    checklist = context.new_page()
    checklist.goto(url + "/checklists/gen-0/")
    checklist.locator("[data-checklist][data-ready]").wait_for(state="attached", timeout=120_000)
    beside = tick_figures(checklist)
    page.evaluate(HIDE)
    behind = tick_figures(checklist)
    figures |= {"team_beside_tick_p95_ms": beside["tick_p95_ms"],
                "team_beside_tick_median_ms": beside["tick_median_ms"],
                "team_behind_tick_p95_ms": behind["tick_p95_ms"],
                "team_behind_tick_median_ms": behind["tick_median_ms"]}
    # The checklist page alone, the folder connected: the page follows it and writes its own ticks.
    page.close()
    checklist.reload()
    checklist.locator("[data-checklist][data-ready]").wait_for(state="attached", timeout=120_000)
    checklist.wait_for_timeout(1_000)   # the folder followed: the part loaded, the page's client read
    before = {name: len(checklist.evaluate(DURATIONS, name)) for name in ("sbskb-team-write", "sbskb-team-changed")}
    ticks = tick_figures(checklist)
    checklist.wait_for_timeout(2_000)   # the last writes
    writes = checklist.evaluate(DURATIONS, "sbskb-team-write")[before["sbskb-team-write"]:]
    passes = checklist.evaluate(DURATIONS, "sbskb-team-changed")[before["sbskb-team-changed"]:]
    figures |= {"team_changed_passes": len(passes), "team_changed_median_ms": statistics.median(passes) if passes
                else None, "team_changed_max_ms": max(passes, default=None)}
    figures |= {"team_tick_p95_ms": ticks["tick_p95_ms"], "team_tick_median_ms": ticks["tick_median_ms"],
                "team_writes": len(writes), "team_write_median_ms": statistics.median(writes) if writes else None,
                "team_write_p95_ms": sorted(writes)[max(0, -(-len(writes) * 95 // 100) - 1)] if writes else None}
    context.close()
    return figures


def team_lines(t: dict, tick_budget: float, verdict) -> list[tuple[str, str, str]]:
    if "team_clients" not in t:
        return []
    n = t["team_clients"]
    lines = [
        (f"team folder, {n} clients' files: first merge into a browser without them "
         f"{t['team_first_merge_s']:.1f} s; a read with nothing changed median {t['team_read_median_ms']:.0f} ms, "
         f"slowest of 5 {t['team_read_max_ms']:.0f} ms", "-", "INFO"),
        (f"tick to stored on a checklist page alone, no team folder, {n} clients (this run's baseline): median "
         f"{t['alone_tick_median_ms']:.2f} ms, p95 {t['alone_tick_p95_ms']:.2f} ms", "-", "INFO"),
        (f"tick to stored on a checklist page with the team folder connected (the page writes its ticks to it), {n} "
         f"clients: median {t['team_tick_median_ms']:.2f} ms, p95 {t['team_tick_p95_ms']:.2f} ms",
         f"p95 <= {tick_budget} ms", verdict(t["team_tick_p95_ms"] <= tick_budget)),
        (f"the same with a Clients tab open beside it (it draws other tabs' changes again), no team folder: median "
         f"{t['clients_tab_tick_median_ms']:.2f} ms, p95 {t['clients_tab_tick_p95_ms']:.2f} ms", "-", "INFO"),
        (f"the same with the team folder connected in that Clients tab too: median "
         f"{t['team_beside_tick_median_ms']:.2f} ms, p95 {t['team_beside_tick_p95_ms']:.2f} ms", "-", "INFO"),
        (f"the same with that Clients tab behind the checklist page (hidden, as the page sees it), no team folder: "
         f"median {t['behind_tick_median_ms']:.2f} ms, p95 {t['behind_tick_p95_ms']:.2f} ms", "-", "INFO"),
        (f"the same with the team folder connected in the Clients tab behind: median "
         f"{t['team_behind_tick_median_ms']:.2f} ms, p95 {t['team_behind_tick_p95_ms']:.2f} ms", "-", "INFO"),
    ]
    if t.get("team_changed_passes"):
        lines.append((f"team folder, the checklist page's passes over what changed there ({t['team_changed_passes']} "
                      f"passes, each reading and writing its clients' files): median "
                      f"{t['team_changed_median_ms']:.1f} ms, slowest {t['team_changed_max_ms']:.1f} ms", "-", "INFO"))
    if t["team_writes"]:
        lines.append((f"team folder file written after a change ({t['team_writes']} writes): median "
                      f"{t['team_write_median_ms']:.1f} ms, p95 {t['team_write_p95_ms']:.1f} ms", "-", "INFO"))
    else:
        lines.append(("team folder: no file was written after the ticks", "written", "FAIL"))
    return lines
