// @ts-check
/* A checklist page's "Before the change" fields: a setting's value on the client's server before the apply, typed or
 * pasted from the check's output, which the revert restores. Each field says what is recorded and what the revert
 * does with it; a paste that names its connector fills the connector field; a paste waiting for its connector is
 * kept; a value read from another connector than the one now named waits for the technician's answer. */
import * as before from "./before.js";
import { changeParameter } from "./checklist-parameters.js";
import { renderSnippets } from "./checklist-snippets.js";
import * as clients from "./clients.js";
import { loadPart, loadedPart } from "./parts.js";
import * as store from "./storage.js";
import { renderTemplate, templateNames } from "./templating.js";
import { hasOwn, pageVocabulary } from "./vocabulary.js";

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

/** The part that records what is typed or pasted (parts/before-record.js), on this page's store. */
export const loadBeforeRecord = () => /** @type {Promise<typeof import("./checklist-before-record.js")>} */ (
  loadPart("before-record", {
    // What the part uses of this page's store (tests/unit/test_parts.py holds this list to it).
    "storage.js": { PREFIX: store.PREFIX, commit: store.commit, rawValue: store.rawValue, readKey: store.readKey,
                    writeKey: store.writeKey }
  }));

/** What the part uses of this page's own code. @type {import("./checklist-before-record.js").RecordDeps} */
const deps = { showBefore, renderSnippets, changeParameter };

/**
 * Record (or clear, when empty) a setting's value before the change from typed or pasted text: at once when the
 * part that reads it is loaded (a copy right after typing copies the command this makes: checklist-copy.js waits for
 * `recorded()`), else once it is.
 * @param {Page} page @param {BeforeField} field @param {string} text
 */
export function recordBefore(page, field, text) {
  const part = loadedPart("before-record");
  if (part) {
    part.recordWith(page, field, text, deps);
    return;
  }
  const clientId = page.clientId;
  recording = loadBeforeRecord().then((loaded) => {
    if (page.clientId === clientId) loaded.recordWith(page, field, text, deps);   // not another client's
  }, (error) => {
    showBefore(page, field, `not recorded: ${error.message}. What you typed is kept; leave the field to try again`,
               text);
  });
}

/** A value before the change being recorded while the reading of it loads; resolved when none is. */
let recording = Promise.resolve();

/** Resolves once every value typed or pasted so far is recorded (or refused) and shown. */
export const recorded = () => recording;

/**
 * The technician's answer when a recorded value belongs to another connector: keep it for this one, or clear it.
 * @param {Page} page @param {BeforeField} field @param {boolean} keep
 */
export function answerConnector(page, field, keep) {
  recording = loadBeforeRecord().then((part) => part.answerConnector(page, field, keep, deps),
                                      (error) => store.say(`Not recorded: ${error.message}. Try again.`));
}

/** A paste kept while its connector had no name is recorded once the connector field is left with a valid name: only
    a paste the part read can wait. @param {Page} page @param {string} name the parameter whose field was left */
export function retryPastes(page, name) {
  loadedPart("before-record")?.retryPastes(page, name, deps);
}
