// @ts-check
/* The words of the "restore Microsoft's default instead" choice at a revert: which default it writes, and whose
 * value it is not. macros/render.py `default_choice_label` (tests/vectors/rules/default-choice.json). */
import { pageVocabulary } from "../vocabulary.js";
import { ABSENT_SHOWN } from "./revert-note.js";

/**
 * @param {string[]} names the settings' names, in order @param {string[]} defaults their defaults, in the same order
 * @returns {string}
 */
export function defaultChoiceLabel(names, defaults) {
  const listed = names.map((name, index) => `${name}: ${defaults[index] === pageVocabulary().before.absent
    ? ABSENT_SHOWN : defaults[index]}`).join("; ");
  return `Nothing recorded? Restore Microsoft's default instead (${listed}). This is not this client's own ` +
    "value: use it only if nobody changed the setting before.";
}
