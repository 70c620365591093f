// @ts-check
/* A checklist page: the selected client's statuses, notes and values, live snippets, progress. mountChecklist(root)
 * starts it on [data-checklist]. The page and how it shows the client is checklist-page.js; the client bar (switch,
 * new, rename, duplicate, delete) is clientbar.js; the copy buttons are checklist-copy.js. Here: which control does
 * what. */
import { answerConnector, loadBeforeRecord, recordBefore, retryPastes } from "./checklist-before-fields.js";
import { wireCopy } from "./checklist-copy.js";
import { changeItem, chooseDefault, noteText } from "./checklist-items.js";
import { Page } from "./checklist-page.js";
import { changeParameter } from "./checklist-parameters.js";
import { showPlatform } from "./checklist-platform.js";
import * as clientBar from "./clientbar.js";
import { DONE, NOT_STARTED } from "./status.js";
import { wireClientBarOnFirstUse } from "./checklist-clientbar.js";
import { followTeam } from "./team-part.js";
import { pastedLines } from "./value-editor.js";

/** @typedef {import("./checklist-page.js").BeforeField} BeforeField */

/** Each control of the page to what it changes. @param {Page} page */
function wire(page) {
  const root = page.root;
  root.addEventListener("change", (event) => {
    // Every control on the page that fires change has a value: inputs, selects, the notes' text areas.
    const target = /** @type {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} */ (event.target);
    const item = /** @type {HTMLElement} */ (target.closest("[data-item]"));
    if (target instanceof HTMLInputElement && target.matches("input[type=checkbox][data-done]")) {
      changeItem(page, item, target.checked ? DONE : NOT_STARTED, page.entryOf(item).note);
    } else if (target.matches("select[data-status-select]")) {
      changeItem(page, item, target.value, noteText(item));
    } else if (target.matches("[data-note]")) {
      changeItem(page, item, page.entryOf(item).status, target.value);
    } else if (target === page.select) {
      clientBar.switchClient(page, target.value);
    } else if (target === page.platformSelect) {
      if (clientBar.updateClient(page, { platform: target.value })) {
        showPlatform(root, target.value);
        page.showCommands();   // what a revert restores, and says under each field, depends on the platform
      }
    } else if (!(target instanceof HTMLTextAreaElement) && target.matches("[data-before]")) {
      recordBefore(page, target, target.value);
    } else if (target instanceof HTMLInputElement && target.matches("input[data-revert-default-choice]")) {
      chooseDefault(page, item, target.checked);
    } else if (target.matches("input[data-param]")) {
      retryPastes(page, /** @type {string} */ (target.dataset.param));
    }
  });
  // A pasted check output keeps its line breaks only in the paste event: a text field drops them.
  root.addEventListener("paste", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement) || !target.matches("input[data-before]")) return;
    const text = pastedLines(event);
    if (text === null) return;   // one line: let it go in and be read on change
    event.preventDefault();
    recordBefore(page, target, text);
  });
  root.addEventListener("click", (event) => {
    if (!(event.target instanceof Element)) return;
    if (event.target.closest("[data-client-new-here]")) {
      const add = /** @type {HTMLElement} */ (root.querySelector("[data-client-new]"));
      if (add.getAttribute("aria-expanded") !== "true") add.click();
      /** @type {HTMLElement} */ (root.querySelector("[data-client-form] input")).focus();
      return;
    }
    const button = event.target.closest("[data-before-keep], [data-before-clear]");
    if (!button) return;
    const field = /** @type {BeforeField} */ (
      /** @type {HTMLElement} */ (button.closest(".sbskb-before")).querySelector("[data-before]"));
    answerConnector(page, field, button.matches("[data-before-keep]"));
  });
  root.addEventListener("input", (event) => {
    if (event.target instanceof HTMLInputElement && event.target.matches("input[data-param]")) {
      changeParameter(page, event.target);
    }
  });
  // The reading of a value before the change loads while its field has focus, so that leaving the field records it
  // at once.
  root.addEventListener("focusin", (event) => {
    if (event.target instanceof Element && event.target.matches("[data-before]")) loadBeforeRecord().catch(() => {});
  });
  wireCopy(root);
  wireClientBarOnFirstUse(page);
}

/** Start the checklist page on its root ([data-checklist]). @param {HTMLElement} root */
export function mountChecklist(root) {
  const page = new Page(root);
  wire(page);
  page.load();
  followTeam(page);
  return page;
}
