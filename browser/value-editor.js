// @ts-check
/* Editing one client's values and values before a change, the part that does not depend on where the fields come
 * from: the Clients page builds its fields (dashboard-profile.js), a checklist page has them in its markup
 * (checklist-parameters.js, checklist-before-fields.js). Each
 * function works on a client's state as read (clients.state) and leaves writing it to the caller, so that a page
 * keeps its own read-modify-write. */
import { VALUE_MAPS, changeStamp, stampBeside } from "./change-stamp.js";
import { validateValue } from "./templating.js";
import { hasOwn } from "./vocabulary.js";

/**
 * @typedef {import("./types.js").ClientState} ClientState
 * @typedef {import("./types.js").ValueSpec} ValueSpec
 * @typedef {import("./types.js").SettingSpec} SettingSpec
 * @typedef {HTMLInputElement | HTMLSelectElement} ValueControl
 */

/**
 * Show why a field's text is not taken: the field is marked invalid and its error line says `text`.
 * @param {Element} field @param {Element} error @param {string} text
 */
export function showRefusal(field, error, text) {
  field.setAttribute("aria-invalid", "true");
  error.textContent = text;
}

/** The field's text is taken: no longer marked invalid, its error line empty.
    @param {Element} field @param {Element} error */
export function clearRefusal(field, error) {
  field.removeAttribute("aria-invalid");
  error.textContent = "";
}

/**
 * A parameter's value, valid (validateValue), set in `state` with its change time now and who made it.
 * @param {ClientState} state @param {string} name @param {string} value
 */
export function setValue(state, name, value) {
  state.values[name] = value;
  stampBeside(state, name, VALUE_MAPS);
}

/**
 * The identity (a connector's name) a setting's object parameter holds in `values`, or "" while it holds none that
 * its parameter takes: a value before the change belongs to that one object.
 * @param {SettingSpec} setting @param {Record<string, string>} values @param {Record<string, ValueSpec>} parameters
 * @returns {string}
 */
export function objectIdentity(setting, values, parameters) {
  const name = setting.object;
  if (!name || !hasOwn(values, name) || !hasOwn(parameters, name)) return "";
  const own = validateValue(parameters[name], values[name]);
  return own.ok ? String(own.value) : "";
}

/**
 * A value before the change, typed or pasted for `setting` (read from the object named `identity`), recorded in
 * `state` when before.js takes it, with when and by whom; an empty text records that it is not known.
 * @param {ClientState} state @param {SettingSpec} setting @param {string} text @param {string} identity
 * @param {typeof import("./before-parse.js")} reading what reads it (parts.js loadRecord)
 * @returns {{ ok: true, value: string } | { ok: false, message: string }} the recorded value, or why not
 */
export function setBefore(state, setting, text, identity, reading) {
  const result = reading.entryFrom(setting, text, identity);
  if (!result.ok) return { ok: false, message: String(result.message) };
  state.before[setting.id] = { ...result.entry, ...changeStamp() };
  return { ok: true, value: result.entry.value };
}

/**
 * What was typed or pasted stays in the field, with why it was not recorded.
 * @param {ValueControl} control @param {Element} error @param {string} message @param {string} [text]
 */
export function refuseBefore(control, error, message, text) {
  if (text !== undefined && control.tagName !== "SELECT") control.value = text;
  showRefusal(control, error, `Not recorded: ${message}.`);
}

/**
 * The text of a paste that spans lines, or null for any other paste. A pasted check output keeps its line breaks
 * only in the paste event: a text field drops them, so a caller records this text and cancels the paste. One line
 * goes into the field as usual and is read on change.
 * @param {ClipboardEvent} event
 * @returns {string | null}
 */
export function pastedLines(event) {
  const text = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
  return /[\r\n\u2028\u2029]/.test(text) ? text : null;
}
