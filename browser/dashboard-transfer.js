// @ts-check
/* Export and import on the Clients page: the export of one or all clients, an imported file checked whole and
 * previewed before it is merged or replaces everything, and the dialog that asks before a Replace. The checks and
 * the merge are transfer.js's, in a part of their own (parts/transfer.js) loaded on the first export or import. */
import * as dom from "./dom.js";
import * as store from "./storage.js";
import { loadPart } from "./parts.js";
import { pageVocabulary } from "./vocabulary.js";

/**
 * @typedef {import("./types.js").Client} Client
 * @typedef {import("./types.js").ProgressExport} ProgressExport
 */

/**
 * What the import needs of the page: the platform ids a file may name, and what to do once stored clients changed.
 * @typedef {{ platformIds: string[], afterChange(): void }} TransferDeps
 */

/** The export, import checks and merge (transfer.js: parts/transfer.js), on this page's store. */
export const loadTransfer = () => /** @type {Promise<typeof import("./transfer.js")>} */ (
  loadPart("transfer", {
    // What the part uses of this page's store (tests/unit/test_parts.py holds this list to it).
    "storage.js": { PREFIX: store.PREFIX, commit: store.commit, rawValue: store.rawValue, readKey: store.readKey,
                    writeKey: store.writeKey }
  }));

/**
 * An export, import or merge that could not run (its part did not load, say) is said in the status line, never lost
 * in the console. @param {Promise<unknown>} promise
 */
export const sayingFailure = (promise) => promise.catch((error) => {
  store.say(`Not done: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`);
});

/**
 * Download `list`'s clients as one export file, then note when each was exported (the reminder in the table). An
 * export of all clients carries the tombstones of those deleted; one client's, only that client.
 * @param {Client[]} list @param {boolean} [all]
 * @returns {Promise<unknown>} settled once the export times are stored (or refused)
 */
export async function exportClients(list, all = false) {
  const transfer = await loadTransfer();
  const data = transfer.exportClients(list, undefined, all ? transfer.storedTombstones() : []);
  const exported = /** @type {string} */ (data.exported);   // exportClients stamps every export it makes
  const stamp = exported.slice(0, 10);
  const name = list.length === 1 ? `sbskb-${list[0].name.replace(/[^A-Za-z0-9]+/g, "-")}-${stamp}.json`
                                 : `sbskb-clients-${stamp}.json`;
  dom.download(`${JSON.stringify(data, null, 2)}\n`, name, "application/json");
  // One transaction for all: 1,000 separate writes would be 1,000 messages to every other tab.
  /** @type {Record<string, string>} */
  const puts = {};
  for (const client of list) puts[`exported.${client.id}`] = JSON.stringify(exported);
  return store.commit(puts, []);
}

/**
 * What the preview says of a checked file before it is merged or replaces everything.
 * @param {ProgressExport} data @param {typeof import("./transfer.js")} transfer
 */
function previewText(data, transfer) {
  const plan = transfer.mergePlan(data);
  // Evidence from an outside tool only adds to a client: replacing every client with it would empty them.
  let text = transfer.evidenceOnly(data)
    ? `The file holds only outside-test evidence (the SMTP probe's) for ${data.clients.length} client(s), ` +
      `${plan.added} of them not here: it can only be merged, above each item's note.`
    : `The file holds ${data.clients.length} client(s): ${plan.added} new, ${plan.updated} already here with ` +
      `${plan.newerItems} field(s) newer in the file (names, platforms, values, values before a change, items, ` +
      "mail-log summaries). " +
      `Merge keeps the newest change of each field; Replace removes the ${plan.replacedAway} client(s) here that ` +
      "are not in the file.";
  // A tombstone never deletes a client here: the three-way merge decides that. The preview says what it keeps.
  if (plan.deletedThere.length) {
    text += ` The file says ${plan.deletedThere.length} client(s) here were deleted elsewhere ` +
      `(${plan.deletedThere.join(", ")}): they are kept here, with that deletion beside them.`;
  }
  if (plan.deletedHere.length) {
    text += ` ${plan.deletedHere.length} client(s) of the file were deleted here ` +
      `(${plan.deletedHere.join(", ")}): a merge brings them back, with that deletion beside them.`;
  }
  const dropped = transfer.evidenceDropped(data);
  if (dropped.length) {
    text += ` A merge keeps each item's evidence within ${pageVocabulary().limits.evidence} characters, so it ` +
      `drops the oldest evidence of ${dropped.join(", ")}; export first to keep a copy.`;
  }
  return text;
}

/**
 * The import: a chosen file is read and checked whole, then previewed with Merge, Replace (which asks first) and
 * Cancel. Nothing is stored before the technician chooses.
 * @param {HTMLElement} root the page's [data-dashboard] @param {TransferDeps} deps
 */
export function wireImport(root, deps) {
  /** @param {string} selector */
  const find = (selector) => /** @type {HTMLElement} */ (root.querySelector(selector));
  const replaceButton = find("[data-import-replace]");
  const preview = find("[data-import-preview]");
  const summary = find("[data-import-summary]");
  const fileInput = /** @type {HTMLInputElement} */ (find("input[data-import]"));
  const dialog = /** @type {HTMLDialogElement} */ (find("[data-replace-dialog]"));
  /** @param {string} selector */
  const inDialog = (selector) => /** @type {HTMLElement} */ (dialog.querySelector(selector));
  /** The checked file the preview offers, until it is merged, replaces or is cancelled.
      @type {ProgressExport | null} */
  let pending = null;
  const maxBytes = pageVocabulary().limits.importBytes;

  /** @param {string} fileText */
  const check = async (fileText) => {
    const transfer = await loadTransfer();
    /** @type {unknown} */
    let data;
    try {
      data = JSON.parse(fileText);
    } catch (error) {
      store.say("Import refused: the file is not valid JSON. Nothing was changed.");
      return;
    }
    const problems = transfer.importProblems(data, deps.platformIds);
    if (problems.length) {
      store.say(`Import refused, nothing was changed: ${problems.join("; ")}`);
      return;
    }
    const checked = /** @type {ProgressExport} */ (data);   // importProblems found none: an export of a known version
    const text = previewText(checked, transfer);
    pending = checked;
    store.say("");
    summary.textContent = text;
    replaceButton.hidden = transfer.evidenceOnly(checked);
    preview.hidden = false;
  };
  fileInput.addEventListener("change", () => {
    pending = null;
    preview.hidden = true;
    const file = fileInput.files?.[0];
    if (!file) return;
    if (file.size > maxBytes) {
      store.say(`Import refused: the file is larger than ${maxBytes / 1048576} MB. Nothing was changed.`);
      return;
    }
    sayingFailure(file.text().then(check));
  });

  /** @param {boolean} replace */
  const finish = (replace) => {
    if (!pending) return;
    const data = pending;
    pending = null;
    preview.hidden = true;
    fileInput.value = "";
    sayingFailure(loadTransfer().then((transfer) => transfer.applyImport(data, replace)).then((ok) => {
      store.say(ok ? "Imported." : "Import failed: this browser refused to store it. Nothing was changed.");
      deps.afterChange();
    }));
  };
  find("[data-import-merge]").addEventListener("click", () => finish(false));
  find("[data-import-cancel]").addEventListener("click", () => {
    pending = null;
    preview.hidden = true;
    fileInput.value = "";
    store.say("Import cancelled. Nothing was changed.");
  });

  // Replace asks first, in a dialog naming every client it removes or overwrites and what each holds.
  replaceButton.addEventListener("click", () => sayingFailure(loadTransfer().then((transfer) => {
    if (!pending) return;
    const losses = transfer.replaceLosses(pending);
    inDialog("[data-replace-intro]").textContent = losses.length
      ? `This removes or overwrites, in this browser, every one of these ${losses.length} client(s):`
      : "No client is here yet: nothing is removed.";
    const list = inDialog("[data-replace-list]");
    list.textContent = "";
    for (const line of losses) dom.element("li", line, list);
    dialog.showModal();
    inDialog("[data-replace-cancel]").focus();
  })));
  inDialog("[data-replace-confirm]").addEventListener("click", () => {
    dialog.close();
    finish(true);
  });
  inDialog("[data-replace-cancel]").addEventListener("click", () => {
    dialog.close();
    replaceButton.focus();
  });
}
