// @ts-check
/* A setting's value before the change, as the technician records it per client (typed, or the check's output
 * pasted in), and the revert filled from it: the browser half of macros/before_values.py. One module per concern:
 * before-parse.js reads typed and pasted text into canonical values; before-revert.js fills the revert and says
 * what it restores. This module is the one name the pages import them by. */
export { canonical, entryFrom, formatListRecords, identitiesIn, parse, sameObject, sameValue } from "./before-parse.js";
export { defaultOffered, fillRevert, restore, revertNote } from "./before-revert.js";
export { defaultChoiceLabel } from "./rules/default-choice.js";
