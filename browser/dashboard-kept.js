// @ts-check
/* What the Clients page keeps beside the clients so that nothing is lost: progress of items no checklist has any
 * more ([data-retired]), copies of unreadable stored values ([data-corrupt]), and changes an older copy of the site
 * left in the first release's storage ([data-legacy]), offered for merge. */
import * as clients from "./clients.js";
import * as dom from "./dom.js";
import * as store from "./storage.js";
import { loadTransfer, sayingFailure } from "./dashboard-transfer.js";
import { retiredItemIds } from "./rules/retired.js";

/**
 * @typedef {import("./dashboard-catalog.js").CatalogChecklist} CatalogChecklist
 * @typedef {import("./dashboard-table.js").ClientSummary} ClientSummary
 * @typedef {import("./dashboard-transfer.js").TransferDeps} TransferDeps
 */

/**
 * The list of progress kept for retired items, one line per client and item ("Client — item: status …").
 * @param {HTMLElement} root the page's [data-dashboard] @param {ClientSummary[]} summaries
 * @param {CatalogChecklist[]} checklists
 */
export function showRetired(root, summaries, checklists) {
  const box = /** @type {HTMLElement} */ (root.querySelector("[data-retired]"));
  const list = /** @type {HTMLElement} */ (box.querySelector("ul"));
  list.textContent = "";
  let retired = 0;
  for (const { client, state } of summaries) {
    for (const id of retiredItemIds(Object.keys(state.items), checklists)) {
      dom.element("li", `${client.name} \u2014 ${clients.retiredLine(id, state.items[id])}`, list);
      retired++;
    }
  }
  box.hidden = retired === 0;
}

/** Copies of unreadable values (storage.js readKey), each offered for download as it was found.
    @param {HTMLElement} root the page's [data-dashboard] */
export function showCorrupt(root) {
  const box = /** @type {HTMLElement} */ (root.querySelector("[data-corrupt]"));
  const list = /** @type {HTMLElement} */ (box.querySelector("ul"));
  list.textContent = "";
  const prefix = store.PREFIX;
  const keys = Object.keys(store.snapshot() || {}).filter((key) => key.startsWith(`${prefix}corrupt.`));
  for (const key of keys) {
    const name = key.slice(prefix.length);
    const button = /** @type {HTMLButtonElement} */ (dom.element("button", "Download this copy",
                                                                dom.element("li", `${name} `, list)));
    button.type = "button";
    button.className = "md-button";
    button.setAttribute("aria-label", `Download ${name}`);
    button.addEventListener("click", () => {
      const raw = store.rawValue(key);
      dom.download(raw === null ? "" : raw, `${key.replace(/[^A-Za-z0-9.-]+/g, "-")}.txt`, "text/plain");
    });
  }
  box.hidden = keys.length === 0;
}

/** The older copy's changes (storage.js legacy) as an export file to merge, or null when they name no client.
    A move record without its time (not one this site wrote) stamps no time: the check refuses such a change as it
    refuses a missing one. @param {Record<string, string>} old */
const legacyData = async (old) => (await loadTransfer()).legacyExport(old, await store.movedAt());

/** An older copy of the site (an offline folder, say) that still writes the first release's localStorage keys: its
   changes are offered for merge, checked and merged as an imported file is, never ignored.
   @param {HTMLElement} root the page's [data-dashboard] */
export async function showLegacy(root) {
  const box = /** @type {HTMLElement} */ (root.querySelector("[data-legacy]"));
  const text = /** @type {HTMLElement} */ (box.querySelector("[data-legacy-text]"));
  const old = await store.legacy();
  box.hidden = !old;
  if (!old) return;
  const data = await legacyData(old);
  if (!data) {
    text.textContent = "An older copy of this site left data in this browser's " +
      "older storage that names no client. Download it to keep it, then set it aside.";
    return;
  }
  const names = data.clients.map((/** @type {{ name: { value: string } }} */ client) => client.name.value);
  text.textContent = "An older copy of this site (an offline folder opened from a file, for example) saved changes " +
    `for ${data.clients.length} client(s) in this browser's older storage after the clients moved to its database: ` +
    `${names.join(", ")}. Merge them in: the newest change of each field wins, and nothing newer here is lost.`;
}

/**
 * The older copy's two buttons: merge its changes (checked as an imported file is), or download them and set them
 * aside (data the merge cannot take, from a release without limits, say).
 * @param {HTMLElement} root the page's [data-dashboard] @param {TransferDeps} deps
 */
export function wireLegacy(root, deps) {
  /** @param {string} selector */
  const find = (selector) => /** @type {HTMLElement} */ (root.querySelector(selector));
  find("[data-legacy-merge]").addEventListener("click", () => sayingFailure(mergeLegacy(deps)));
  find("[data-legacy-set-aside]").addEventListener("click", () => sayingFailure(setLegacyAside(deps)));
}

/** Merge the older copy's changes, checked as an imported file is. @param {TransferDeps} deps */
async function mergeLegacy(deps) {
  const old = await store.legacy();
  const data = old ? await legacyData(old) : null;
  if (!data) return;
  const transfer = await loadTransfer();
  const problems = transfer.importProblems(JSON.parse(JSON.stringify(data)), deps.platformIds);
  if (problems.length) {
    store.say(`Not merged, nothing was changed: ${problems.join("; ")}. Download the older copy's data ` +
              "to keep it, then set it aside.");
    return;
  }
  if (!(await transfer.applyImport(data, false))) {
    store.say("Not merged: this browser refused to store it. Nothing was changed.");
    return;
  }
  const cleared = await store.retireLegacy();
  store.say(cleared ? "Merged the older copy's changes; its old storage was then cleared."
    : "Merged the older copy's changes, but its old storage could not be cleared: it is offered again.");
  deps.afterChange();
}

/** Download the older copy's data, then set it aside. @param {TransferDeps} deps */
async function setLegacyAside(deps) {
  const old = await store.legacy();
  if (!old) return;
  dom.download(`${JSON.stringify(old, null, 1)}\n`,
               `sbskb-older-copy-${new Date().toISOString().slice(0, 10)}.json`, "application/json");
  const cleared = await store.retireLegacy();
  store.say(cleared ? "The older copy's data was downloaded, then set aside."
    : "The older copy's data was downloaded, but could not be set aside.");
  deps.afterChange();
}
