// @ts-check
/* A checklist page's items: each item's status, note, evidence and last change as the client stores them, the
 * changes the technician makes to them, and the progress they add up to. */
import { changeStamp } from "./change-stamp.js";
import * as clients from "./clients.js";
import { rawEntry, shownMinute } from "./entries.js";
import { loadPart, loadedPart } from "./parts.js";
import { DONE, NOT_APPLICABLE, isSettled } from "./status.js";
import * as store from "./storage.js";

/** @typedef {import("./checklist-page.js").Page} Page */

/** The ids an item replaces (its data-replaces): it takes over their progress until it has its own.
    @param {HTMLElement} itemElement @returns {string[]} */
export function replacedIds(itemElement) {
  return itemElement.dataset.replaces ? itemElement.dataset.replaces.split(" ") : [];
}

/** @param {HTMLElement} itemElement */
const itemIdOf = (itemElement) => /** @type {string} */ (itemElement.dataset.item);

/** @param {HTMLElement} itemElement */
const noteOf = (itemElement) => /** @type {HTMLTextAreaElement} */ (itemElement.querySelector("[data-note]"));

/** One item as the client stores it. @param {Page} page @param {HTMLElement} itemElement */
export function showItem(page, itemElement) {
  const entry = page.entryOf(itemElement);
  itemElement.dataset.status = entry.status;
  /** @type {HTMLInputElement} */ (itemElement.querySelector("input[data-done]")).checked = entry.status === DONE;
  /** @type {HTMLSelectElement} */ (itemElement.querySelector("select[data-status-select]")).value = entry.status;
  const note = noteOf(itemElement);
  if (note !== document.activeElement) note.value = entry.note;
  showEvidence(page, itemElement, entry.evidence);
  /** @type {HTMLElement} */ (itemElement.querySelector("[data-item-changed]")).textContent = entry.changed
    ? `Last change: ${shownMinute(entry.changed)}` : "";
  // A field's competing versions (export version 5): "conflict" is only ever a key, as stored text (a value's quotes
  // are escaped there).
  /** @type {HTMLElement} */ (itemElement.querySelector("[data-conflict]")).hidden = !JSON.stringify(
    rawEntry(page.state, itemIdOf(itemElement), replacedIds(itemElement)) ?? "").includes('"conflict":');
}

/* The outside test's evidence above the note: the whole record at once, the last run's verdict per host as soon as
   its part (parts/evidence.js) is in, from the item as stored by then. */
/** @param {Page} page @param {HTMLElement} itemElement @param {string} text */
function showEvidence(page, itemElement, text) {
  const block = /** @type {HTMLElement} */ (itemElement.querySelector("[data-evidence]"));
  block.hidden = !text;
  /** @type {HTMLElement} */ (block.querySelector("code")).textContent = text;
  const part = loadedPart("evidence");
  if (part) part.showEvidence(block, text);
  else if (text) {
    loadPart("evidence").then((loaded) => loaded.showEvidence(block, page.entryOf(itemElement).evidence),
                              () => {});   // the record itself is shown; only its summary is missing
  }
}

/** Settled statuses (the vocabulary says which) count towards progress; data-done counts them. @param {Page} page */
export function showProgress(page) {
  let settled = 0;
  let notApplicable = 0;
  for (const item of page.items) {
    const status = item.dataset.status ?? "";
    if (isSettled(status)) settled++;
    if (status === NOT_APPLICABLE) notApplicable++;
  }
  const total = page.items.length;
  page.progress.dataset.done = String(settled);
  page.progress.dataset.total = String(total);
  /** @type {HTMLProgressElement} */ (page.progress.querySelector("progress")).value = settled;
  /** @type {HTMLElement} */ (page.progress.querySelector("[data-progress-text]")).textContent =
    `${settled} of ${total} done` + (notApplicable ? ` (${notApplicable} not applicable)` : "");
}

/** The text in an item's note field now (not yet stored while it is being typed). @param {HTMLElement} itemElement */
export const noteText = (itemElement) => noteOf(itemElement).value;

/**
 * Change one item's status and/or note; refused (and shown) when not-applicable has no reason or storage fails.
 * @param {Page} page @param {HTMLElement} itemElement @param {string} status @param {string} note
 */
export function changeItem(page, itemElement, status, note) {
  const noteField = noteOf(itemElement);
  const noteError = /** @type {HTMLElement} */ (itemElement.querySelector("[data-note-error]"));
  if (status === NOT_APPLICABLE && !note.trim()) {
    noteField.setAttribute("aria-invalid", "true");
    noteError.textContent = "Say in the note why this item does not apply, then choose Not applicable again.";
    showItem(page, itemElement);
    noteField.focus();
    return;
  }
  noteField.removeAttribute("aria-invalid");
  noteError.textContent = "";
  // Read-modify-write: another tab may have changed other items of this client since this page loaded.
  page.reloadState();
  // Only what changed gets a new change time: the status and the note each keep their own.
  if (clients.setItemFields(page.state, itemIdOf(itemElement), replacedIds(itemElement), { status, note },
                            changeStamp())) {
    page.save();   // a write the browser refuses is said and put back by storage.js (hooks.onRefused)
  }
  store.say("");
  showItem(page, itemElement);
  showProgress(page);
}

/**
 * The choice at an item's revert to restore Microsoft's default where nothing is recorded (per item and client).
 * @param {Page} page @param {HTMLElement} itemElement @param {boolean} chosen
 */
export function chooseDefault(page, itemElement, chosen) {
  page.reloadState();
  if (clients.setItemFields(page.state, itemIdOf(itemElement), replacedIds(itemElement), { revertDefault: chosen },
                            changeStamp())) {
    page.save();
  }
  showItem(page, itemElement);
  page.showCommands();
}
