// @ts-check
/* The part that offers the Undo of the last Replace or Delete, on checklist pages and the Clients page: loaded only
 * while one is stored (dom.js `showUndo`). */
import { shownMinute } from "../entries.js";
import { handOver } from "../part-link.js";
import * as store from "../storage.js";
import { undo, undoOffer } from "../undo.js";

/** The Undo in `box` ([data-undo] with [data-undo-text] and its button): shown while the stored one can be put back,
    even after a reload. `afterUndo` runs once it is put back.
    @param {HTMLElement} box @param {() => void} afterUndo */
function showUndo(box, afterUndo) {
  const record = undoOffer();
  box.hidden = !record;
  if (!record) return;
  // The box's markup (macros/render.py) holds both.
  const text = /** @type {HTMLElement} */ (box.querySelector("[data-undo-text]"));
  const button = /** @type {HTMLButtonElement} */ (box.querySelector("[data-undo-button]"));
  text.textContent = `${record.what} (${shownMinute(record.at)}). Undo puts it back exactly as it was.`;
  button.onclick = async () => {
    button.disabled = true;
    const ok = await undo();
    button.disabled = false;
    store.say(ok ? `Undone: ${record.what.charAt(0).toLowerCase()}${record.what.slice(1)} is put back.`
      : "Not undone: this browser refused to store it. Nothing was changed.");
    afterUndo();
  };
}

handOver({ showUndo });
