// @ts-check
/* The Mail logs page's client: the picker, the summary kept for the client (mail-logs-kept.js: figures only, export
 * version 4's "mailLogs"), and when the fix went in for it, from its checklists (fix-marks.js), so the chart
 * marks it and the NDR rate is compared on either side. */
import * as clients from "./clients.js";
import { fillClientSelect, showUndo } from "./dom.js";
import { keepMailLogs, keptMailLogs, summaryOf } from "./mail-logs-kept.js";
import { fixMarks } from "./fix-marks.js";
import * as store from "./storage.js";

/** @typedef {import("./fix-marks.js").Fix} Fix */
/** @typedef {import("./fix-marks.js").Mark} Mark */

/** @param {HTMLElement} root @param {{ fixes: Fix[] }} data
    @param {(undone: boolean) => void} onChange another client chosen (false), or an Undo done (true) */
export function clientPanel(root, data, onChange) {
  const select = /** @type {HTMLSelectElement} */ (root.querySelector("[data-client-select]"));
  const keptLine = /** @type {HTMLElement} */ (root.querySelector("[data-log-kept]"));
  const keepButton = /** @type {HTMLButtonElement} */ (root.querySelector("[data-log-keep]"));
  const undoBox = /** @type {HTMLElement} */ (root.querySelector("[data-undo]"));
  select.addEventListener("change", () => {
    store.writeKey("current", select.value);
    onChange(false);
  });

  const current = () => select.value || null;

  /** When the fix checklists were done for the current client. @returns {Mark[]} */
  function marks() {
    const id = current();
    if (!id) return [];
    const state = clients.state(id);
    const platform = clients.list().find((client) => client.id === id)?.platform || "";
    return fixMarks(data.fixes, platform, state.items);
  }

  /** The summary kept for the current client, or null. */
  const kept = () => { const id = current(); return id ? keptMailLogs(id) : null; };

  function load() {
    const list = clients.list();
    fillClientSelect(select, list, clients.currentId(list));
    select.disabled = !list.length;
    const summary = kept();
    const name = list.find((client) => client.id === current())?.name;
    keptLine.textContent = !list.length ? "No client yet: create one on the Clients page to keep a summary."
      : summary ? `Kept for ${name}: ${summary.verdict}, analysed ${clients.shownMinute(summary.analysed)}.`
        : `Nothing kept for ${name} yet.`;
    keepButton.disabled = !list.length;
    keepButton.textContent = name ? `Keep for ${name}` : "Keep for this client";
    showUndo(undoBox, () => onChange(true));
  }

  /** Keep `result`'s summary for the current client; says what it replaced. @param {any} result
      @returns {Promise<string>} what the status line says */
  async function keep(result) {
    const id = current();
    if (!id) return "No client to keep it for: create one on the Clients page.";
    const before = kept();
    const stored = await keepMailLogs(id, summaryOf(result, new Date().toISOString()));
    load();
    if (!stored) return "Not kept: this browser refused to save it.";
    return before ? `Kept, in place of the analysis of ${clients.shownMinute(before.analysed)} (Undo puts it back).`
      : "Kept for this client: its figures, not the logs.";
  }

  return { load, marks, kept, keep, current };
}
