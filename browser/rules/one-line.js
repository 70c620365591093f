// @ts-check
/* A text written on one line: its control characters (the vocabulary's nameControls: C0, DEL, C1, the line and
 * paragraph separators) as escapes, \x0a or \u2028, so a key a file names ("\n") stays on the one line that says why
 * the file was refused. docs/downloads/merge_progress.py `one_line` is the Python half
 * (tests/vectors/rules/one-line.json). */
import { pageVocabulary } from "../vocabulary.js";

/** @param {string} text */
export function oneLine(text) {
  return text.replace(new RegExp(pageVocabulary().patterns.nameControls, "g"), (character) => {
    const code = character.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
