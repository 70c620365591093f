// @ts-check
/* The page's vocabulary (macros/vocabulary.py): statuses, limits, patterns and field names, carried by every page
 * that mounts a page kind in its [data-catalog] block, so no script types them again. */

/** @typedef {import("./types.js").Vocabulary} Vocabulary */

/** @type {Vocabulary | null} */
let current = null;

/** Set by the page kind's start (start.js) from the page's data block. @param {Vocabulary} vocabulary */
export function setVocabulary(vocabulary) { current = vocabulary; }

/** The page's vocabulary; read from the page itself when a script asks before the page kind started.
    @returns {Vocabulary} */
export function pageVocabulary() {
  if (!current) {
    const block = /** @type {HTMLElement | null} */ (document.querySelector("[data-catalog]"));
    if (!block) throw new Error("sbskb: this page carries no vocabulary (checklist, Clients and report pages do)");
    // The page's own data block, written by macros/render.py `page_data`.
    current = /** @type {Vocabulary} */ (JSON.parse(block.dataset.catalog || "{}").vocabulary);
  }
  return current;
}

/** Whether `key` is the object's own: values, items and client ids come from storage and imported files, so an
    inherited name such as "constructor" must never read as present. Shared by every page script.
    @param {object} object @param {string} key */
export function hasOwn(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }
