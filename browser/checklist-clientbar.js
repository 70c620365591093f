// @ts-check
/* The client bar's New, Rename, Duplicate and Delete (clientbar.js `wire`) are a part of their own
 * (parts/clientbar.js), wired on the first use of any of them: a technician who only ticks items never loads it.
 * That first click or submit is held until the part is wired, then made again, so it does what it always did. */
import { loadPart } from "./parts.js";
import * as store from "./storage.js";

/** @typedef {import("./checklist-page.js").Page} Page */

const BUTTONS = "[data-client-new], [data-client-rename], [data-client-duplicate], [data-client-delete], " +
  "[data-client-delete-yes], [data-client-delete-no]";
const FORMS = "[data-client-form], [data-client-rename-form]";

/** @param {Page} page */
export function wireClientBarOnFirstUse(page) {
  const root = page.root;
  /** @type {Promise<void> | null} */
  let wired = null;
  /** @param {Event} event */
  const onFirstUse = (event) => {
    const submit = event.type === "submit";
    const target = event.target instanceof Element ? event.target.closest(submit ? FORMS : BUTTONS) : null;
    if (!target) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    wired ||= loadPart("clientbar", {
      // What the part uses of this page's store (tests/unit/test_parts.py holds this list to it).
      "storage.js": { PREFIX: store.PREFIX, commit: store.commit, rawValue: store.rawValue, readKey: store.readKey,
                      say: store.say, writeKey: store.writeKey }
    }).then((part) => {
      root.removeEventListener("click", onFirstUse, true);
      root.removeEventListener("submit", onFirstUse, true);
      part.wire(page);
    });
    wired.then(() => {
      if (submit) /** @type {HTMLFormElement} */ (target).requestSubmit();
      else /** @type {HTMLElement} */ (target).click();
    }, (error) => {
      wired = null;   // the next click tries again
      store.say(`The client bar could not start: ${error.message}. Try again.`);
    });
  };
  root.addEventListener("click", onFirstUse, true);
  root.addEventListener("submit", onFirstUse, true);
}
