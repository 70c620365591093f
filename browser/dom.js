// @ts-check
/* Small DOM helpers shared by the page kinds. Text from storage or files reaches the page only through textContent,
 * value and attribute setters, never innerHTML. */
import { loadPart, loadedPart } from "./parts.js";
import * as store from "./storage.js";
import { pageVocabulary } from "./vocabulary.js";

/** @typedef {import("./types.js").Client} Client */

/** A new element, with its text (as text, never markup) and appended to `parent` when given.
    @template {keyof HTMLElementTagNameMap} K
    @param {K} tag @param {string | number | null} [text] @param {Node | null} [parent]
    @returns {HTMLElementTagNameMap[K]} */
function element(tag, text, parent) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (parent) parent.appendChild(node);
  return node;
}

/** Show or hide a panel and say so on the button that opens it.
    @param {Element} button @param {HTMLElement} panel @param {boolean} open */
function togglePanel(button, panel, open) {
  panel.hidden = !open;
  button.setAttribute("aria-expanded", String(open));
}

/** A client name as typed: no control characters, no edge blanks, within the vocabulary's limit. @param {string} text */
function cleanName(text) {
  return text.replace(/[\x00-\x1f\x7f]/g, " ").trim().slice(0, pageVocabulary().limits.clientName);
}

/** The client <select> of a checklist or report page: names as text, the current client selected.
    @param {HTMLSelectElement} select @param {Client[]} list @param {string | null} currentId */
function fillClientSelect(select, list, currentId) {
  select.textContent = "";
  for (const client of list) {
    const option = element("option", client.name, select);
    option.value = client.id;
    option.selected = client.id === currentId;
  }
}

/** The Undo of the last Replace or Delete in `box` ([data-undo]), while one is stored, even after a reload; its
    code (parts/undo.js) loads only then. `afterUndo` runs once it is put back.
    @param {HTMLElement | null} box @param {() => void} afterUndo */
function showUndo(box, afterUndo) {
  if (!box) return;
  const part = loadedPart("undo");
  if (part) {
    part.showUndo(box, afterUndo);
    return;
  }
  box.hidden = true;
  if (store.readKey("undo") === null) return;
  loadPart("undo", {
    // What the part uses of this page's store (tests/unit/test_parts.py holds this list to it).
    "storage.js": { PREFIX: store.PREFIX, commit: store.commit, rawValue: store.rawValue, readKey: store.readKey,
                    say: store.say }
  }).then((loaded) => loaded.showUndo(box, afterUndo), (error) => store.say(`Undo is not available: ${error.message}`));
}

/** Offer `text` as a file to save. @param {string} text @param {string} fileName @param {string} type */
function download(text, fileName, type) {
  const blob = new Blob([text], { type });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  document.body.removeChild(link);
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** The page's one data block (macros/render.py `page_data`): the vocabulary and the catalogue the page needs. Each
    page kind reads the part it mounts on. @param {ParentNode} root @returns {any} */
function pageData(root) {
  const block = /** @type {HTMLElement} */ (root.querySelector("[data-catalog]"));
  return JSON.parse(block.dataset.catalog ?? "");
}

export {
  showUndo, element, togglePanel, cleanName, fillClientSelect, download, pageData
};
