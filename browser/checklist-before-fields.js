// @ts-check
/* A checklist page's "Before the change" fields: a setting's value on the client's server before the apply, typed or
 * pasted from the check's output, which the revert restores. Each field says what is recorded and what the revert
 * does with it; a paste that names its connector fills the connector field; a paste waiting for its connector is
 * kept; a value read from another connector than the one now named waits for the technician's answer. */
import * as before from "./before.js";
import { changeParameter } from "./checklist-parameters.js";
import { renderSnippets } from "./checklist-snippets.js";
import * as clients from "./clients.js";
import { renderTemplate, templateNames, validateValue } from "./templating.js";
import { hasOwn, pageVocabulary } from "./vocabulary.js";
import { loadRecord, loadedPart } from "./parts.js";
import { setBefore } from "./value-editor.js";

/** @typedef {import("./checklist-page.js").Page} Page */
/** @typedef {import("./checklist-page.js").PageSetting} PageSetting */
/** @typedef {import("./checklist-page.js").BeforeField} BeforeField */

/** @param {Page} page @param {BeforeField} field */
const settingOf = (page, field) => page.settings[/** @type {string} */ (field.dataset.before)];

/** Every "Before the change" field. @param {Page} page */
export function showBefores(page) {
  for (const field of page.befores) showBefore(page, field, null);
}

/**
 * One "Before the change" field: its recorded value, what the revert restores, a warning when the value equals
 * what the apply sets, and the question when it was read from another connector than the one now named.
 * @param {Page} page @param {BeforeField} field
 * @param {string | null} refusal why the text just typed or pasted was not recorded; null when nothing was refused
 * @param {string} [refusedText] that text, which stays in the field
 */
function showBefore(page, field, refusal, refusedText) {
  const spec = settingOf(page, field);
  const pending = hasOwn(page.pendingPastes, spec.id) ? page.pendingPastes[spec.id] : null;
  if (!refusal && pending) {   // a paste waiting for its connector stays in view, with why, through every redraw
    refusal = pending.message;
    refusedText = pending.text;
  }
  const entry = clients.beforeEntry(page.state, spec.id);
  const value = entry && entry.value ? entry.value : "";
  const wrapper = /** @type {HTMLElement} */ (field.closest(".sbskb-before"));
  const message = /** @type {HTMLElement} */ (wrapper.querySelector("[data-before-message]"));
  const restoreLine = /** @type {HTMLElement} */ (wrapper.querySelector("[data-restore]"));
  const confirm = /** @type {HTMLElement} */ (wrapper.querySelector("[data-before-confirm]"));
  if (refusal && refusedText !== undefined && field.tagName !== "SELECT") {
    field.value = refusedText;   // what was typed or pasted stays in the field, with why it was not recorded
  } else if (field !== document.activeElement || field.tagName === "SELECT") {
    field.value = value;
  }
  if (refusal) {
    field.setAttribute("aria-invalid", "true");
    message.textContent = `Not recorded: ${refusal}.` + (value ? ` Still recorded: ${value}.` : "");
  } else {
    field.removeAttribute("aria-invalid");
    message.textContent = value ? appliedWarning(page, spec, value) : "";
  }
  wrapper.dataset.beforeState = refusal ? "refused" : !value ? "empty" : message.textContent ? "warning" : "recorded";
  const identity = page.identityOf(spec);
  const elsewhere = entry && value && spec.object && !before.sameObject(entry.object, identity);
  confirm.hidden = !elsewhere;
  if (entry && elsewhere) {
    /** @type {HTMLElement} */ (confirm.querySelector("[data-before-confirm-text]")).textContent =
      `The value recorded above (${value}) was read from connector ${entry.object || "(none named)"}, but the ` +
      `commands now name ${identity || "no connector"}. Until you answer, the revert does not use it.`;
  }
  restoreLine.textContent = restoreText(page, spec, value);
}

/** What the revert does with the recorded value, in the line under the field. @param {Page} page
    @param {PageSetting} spec @param {string} value the recorded value, "" for none */
function restoreText(page, spec, value) {
  if (value && before.canonical(spec, value) !== value) {
    return `Recorded: ${value}, which is not a value this setting takes: there is no revert until you record it ` +
      "again from the check's output.";
  }
  if (!value && page.restoredByDefault[spec.id]) {
    return "Not recorded for this client: the revert restores Microsoft's default instead, as chosen at the " +
      "revert (not this client's own value).";
  }
  if (!value) {
    return "Not recorded for this client yet: there is no revert until you record it (a default would overwrite " +
      "whatever this server had).";
  }
  if (spec.type === "box") return `Recorded: ${value}. To revert, put the box back that way.`;
  return "Recorded: " + (value === pageVocabulary().before.absent
    ? "absent, so the revert deletes what the apply created" : `${value}, which the revert restores`) + ".";
}

/* The apply's value for this client, when the recorded value equals it: the check was probably run after the
   apply, and the revert would then change nothing. */
/** @param {Page} page @param {PageSetting} spec @param {string} value */
function appliedWarning(page, spec, value) {
  // No apply is shown while its value is refused, so there is nothing for the recorded value to equal.
  if (templateNames(spec.applied).some((name) => page.storedRefused(name))) return "";
  const applied = before.canonical(spec, renderTemplate(spec.applied, page.values()));
  if (applied === null || !before.sameValue(spec, applied, value)) return "";
  return `This is the value the apply sets (${applied}). If you ran the check after applying, the revert would ` +
    "change nothing: record the value from before the change.";
}

/**
 * Record (or clear, when empty) a setting's value before the change from typed or pasted text. A refused text
 * changes nothing stored; a write the browser refuses is put back by storage.js (hooks.onRefused).
 * @param {Page} page @param {BeforeField} field @param {string} text
 */
export function recordBefore(page, field, text) {
  // At once when the reading is loaded (a copy right after typing copies the command this makes: checklist-copy.js
  // waits for `recorded()`), else once it is.
  const reading = loadedPart("record");
  if (reading) {
    recordWith(page, field, text, reading);
    return;
  }
  const clientId = page.clientId;
  recording = loadRecord().then((loadedReading) => {
    if (page.clientId === clientId) recordWith(page, field, text, loadedReading);   // not another client's
  }, (error) => {
    showBefore(page, field, `not recorded: ${error.message}. What you typed is kept; leave the field to try again`,
               text);
  });
}

/** A value before the change being recorded while the reading of it loads; resolved when none is. */
let recording = Promise.resolve();

/** Resolves once every value typed or pasted so far is recorded (or refused) and shown. */
export const recorded = () => recording;

/** @param {Page} page @param {BeforeField} field @param {string} text
    @param {typeof import("./before-parse.js")} reading */
function recordWith(page, field, text, reading) {
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
      changeParameter(page, input);
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
    showBefore(page, field, why, text);
    return;
  }
  page.save();
  field.value = result.value;
  renderSnippets(page);   // first: the line under the field says what the revert now restores
  showBefore(page, field, null);
}

/**
 * The technician's answer when a recorded value belongs to another connector: keep it for this one, or clear it.
 * @param {Page} page @param {BeforeField} field @param {boolean} keep
 */
export function answerConnector(page, field, keep) {
  const spec = settingOf(page, field);
  page.reloadState();
  const entry = clients.beforeEntry(page.state, spec.id);
  if (!entry) return;
  page.state.before[spec.id] = keep
    ? { value: entry.value, object: page.identityOf(spec), changed: new Date().toISOString() }
    : { value: "", changed: new Date().toISOString() };
  page.save();
  renderSnippets(page);
  showBefore(page, field, null);
  field.focus();
}

/* A paste kept while its connector had no name is recorded once the connector field is left with a valid name
   (not on each keystroke: a half-typed name would be taken for the connector). */
/** @param {Page} page @param {string} name the parameter whose field was left */
export function retryPastes(page, name) {
  for (const id of Object.keys(page.pendingPastes)) {
    const spec = page.settings[id];
    if (spec.object !== name || !page.identityOf(spec)) continue;
    const field = /** @type {BeforeField | null} */ (page.root.querySelector(`[data-before="${id}"]`));
    if (field) recordBefore(page, field, page.pendingPastes[id].text);
  }
}
