// @ts-check
/* A checklist page's parameter fields ("Values for this client"): the client's own values, what a field refuses and
 * why, and a value changed in one field, which every field of the same parameter and every command then show. */
import { validateValue } from "./templating.js";
import { clearRefusal, setValue, showRefusal } from "./value-editor.js";

/** @typedef {import("./checklist-page.js").Page} Page */
/** @typedef {{ ok: true, value: string } | { ok: false, message: string }} Validation */

/** @param {HTMLInputElement} input */
const nameOf = (input) => /** @type {string} */ (input.dataset.param);

/** Each field with the client's own value, else its default. @param {Page} page */
export function showParameters(page) {
  for (const input of page.inputs) {
    const own = page.ownValue(nameOf(input));
    input.value = own === undefined ? input.dataset.default ?? "" : own;
    markField(page, input, validateValue(page.specs[nameOf(input)], input.value));
  }
}

/** Whether a field's value is used, and if not, why and what the commands use instead.
    @param {Page} page @param {HTMLInputElement} input @param {Validation} result */
function markField(page, input, result) {
  const error = /** @type {HTMLElement} */ (/** @type {HTMLElement} */ (input.parentElement)
    .querySelector("[data-param-error]"));
  const name = nameOf(input);
  if (result.ok) {
    clearRefusal(input, error);
  } else if (page.storedRefused(name)) {
    // What the client stores is itself refused (e.g. from an older, wider range): kept as it is, used by nothing.
    showRefusal(input, error, `Not used: ${result.message}. This client's stored value, ${page.state.values[name]}, ` +
      "is kept but no command is made from it until you enter a valid value.");
  } else {
    showRefusal(input, error, `Not used: ${result.message}. The commands keep ${page.values()[name]}.`);
  }
}

/** A parameter field typed in (or filled from a paste): store the value if valid, mark the field and its twins,
    show the commands. @param {Page} page @param {HTMLInputElement} input */
export function changeParameter(page, input) {
  const name = nameOf(input);
  const result = validateValue(page.specs[name], input.value);
  if (result.ok) {
    page.reloadState();
    if (page.ownValue(name) !== result.value) {
      setValue(page.state, name, result.value);
      page.save();
    }
  }
  markField(page, input, result);
  for (const twin of page.inputs) {
    if (twin !== input && nameOf(twin) === name) {
      twin.value = input.value;
      markField(page, twin, result);
    }
  }
  page.showCommands();   // a connector named anew asks about the value recorded for the old one
}
