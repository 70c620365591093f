// @ts-check
/* Recording a checklist page's "Before the change" fields: the reading of typed or pasted text (before-parse.js), a
 * paste that names its connector filling the connector field, a paste kept while it waits for its connector, and
 * the answer when a value was read from another connector. A part of its own (parts/before-record.js), loaded when a
 * field first has focus (checklist-before-fields.js): a technician who only ticks items never loads it. What it needs
 * of the page's own code comes in `deps`, so the part carries no second copy of it. */
import * as reading from "./before-parse.js";
import { changeStamp } from "./change-stamp.js";
import { beforeEntry } from "./clients.js";
import { validateValue } from "./templating.js";
import { setBefore } from "./value-editor.js";

/** @typedef {import("./checklist-page.js").Page} Page */
/** @typedef {import("./checklist-page.js").BeforeField} BeforeField */
/**
 * The page's own functions the recording uses: show one field (checklist-before-fields.js), the commands
 * (checklist-snippets.js), a parameter field changed (checklist-parameters.js).
 * @typedef {{ showBefore: (page: Page, field: BeforeField, refusal: string | null, refusedText?: string) => void,
 *             renderSnippets: (page: Page) => void,
 *             changeParameter: (page: Page, input: HTMLInputElement) => void }} RecordDeps
 */

/** @param {Page} page @param {BeforeField} field */
const settingOf = (page, field) => page.settings[/** @type {string} */ (field.dataset.before)];

/**
 * Record (or clear, when empty) a setting's value before the change from typed or pasted text. A refused text
 * changes nothing stored; a write the browser refuses is put back by storage.js (hooks.onRefused).
 * @param {Page} page @param {BeforeField} field @param {string} text @param {RecordDeps} deps
 */
export function recordWith(page, field, text, deps) {
  const spec = settingOf(page, field);
  delete page.pendingPastes[spec.id];
  let identity = page.identityOf(spec);
  let ask = "";
  if (spec.object && !identity && /[^ \t\r\n\f\v]/.test(text)) {
    // The pasted output names its connector (its Identity line): that fills the connector field, as if typed.
    const named = reading.identitiesIn(text);
    const input = /** @type {HTMLInputElement | null} */ (
      page.root.querySelector(`input[data-param="${spec.object}"]`));
    if (named.length === 1 && input && validateValue(page.specs[spec.object], named[0]).ok) {
      input.value = named[0];
      deps.changeParameter(page, input);
      identity = page.identityOf(spec);
    } else if (named.length > 1) {
      ask = `the paste shows ${named.length} connectors (${named.join(", ")}): enter the one the commands are ` +
        "for in the receive connector field";
    }
  }
  // Read-modify-write: this client's state as stored now, with the value set in it if the text is taken.
  page.reloadState();
  const result = setBefore(page.state, spec, text, identity, reading);
  if (!result.ok) {
    // Kept, not thrown away: in the field as typed or pasted, and (waiting for its connector) recorded as soon as
    // the connector is named.
    const why = (ask || result.message) + (spec.object && !identity
      ? ". What you pasted is kept and is recorded as soon as the connector is named" : "");
    if (spec.object && !identity) page.pendingPastes[spec.id] = { text, message: why };
    deps.showBefore(page, field, why, text);
    return;
  }
  page.save();
  field.value = result.value;
  deps.renderSnippets(page);   // first: the line under the field says what the revert now restores
  deps.showBefore(page, field, null);
}

/**
 * The technician's answer when a recorded value belongs to another connector: keep it for this one, or clear it.
 * @param {Page} page @param {BeforeField} field @param {boolean} keep @param {RecordDeps} deps
 */
export function answerConnector(page, field, keep, deps) {
  const spec = settingOf(page, field);
  page.reloadState();
  const entry = beforeEntry(page.state, spec.id);
  if (!entry) return;
  page.state.before[spec.id] = keep ? { value: entry.value, object: page.identityOf(spec), ...changeStamp() }
    : { value: "", ...changeStamp() };
  page.save();
  deps.renderSnippets(page);
  deps.showBefore(page, field, null);
  field.focus();
}

/* A paste kept while its connector had no name is recorded once the connector field is left with a valid name
   (not on each keystroke: a half-typed name would be taken for the connector). */
/** @param {Page} page @param {string} name the parameter whose field was left @param {RecordDeps} deps */
export function retryPastes(page, name, deps) {
  for (const id of Object.keys(page.pendingPastes)) {
    const spec = page.settings[id];
    if (spec.object !== name || !page.identityOf(spec)) continue;
    const field = /** @type {BeforeField | null} */ (page.root.querySelector(`[data-before="${id}"]`));
    if (field) recordWith(page, field, page.pendingPastes[id].text, deps);
  }
}
