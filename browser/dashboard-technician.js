// @ts-check
/* The technician's name, asked on the Clients page before the first export or team folder while this browser has
 * none: both carry with each change the name of who made it (export version 5's "by", change-stamp.js), so the export
 * panel's form ([data-technician-ask]) opens with the focus in its field, and the export or the folder waits for the
 * name. The name is kept under the same key the report page sets. */
import { TECHNICIAN_KEY, technician, technicianName } from "./change-stamp.js";
import * as store from "./storage.js";

/** What waits for the name: the export or team folder asked for, where the focus goes back to, and what to say if
    the form is cancelled. Null while nothing asks.
    @type {{ answer: (named: boolean) => void, back: Element | null, cancelled: string } | null} */
let asking = null;

/** @param {HTMLElement} root */
const formOf = (root) => /** @type {HTMLFormElement} */ (root.querySelector("[data-technician-ask]"));

/** Close the form, answer what waits, and give the focus back. @param {HTMLElement} root @param {boolean} named */
function answer(root, named) {
  formOf(root).hidden = true;
  const waiting = asking;
  asking = null;
  if (!waiting) return;
  if (waiting.back instanceof HTMLElement && waiting.back.isConnected) waiting.back.focus();
  waiting.answer(named);
}

/**
 * Resolves true at once when this browser has a technician's name; else opens the form and resolves true once a name
 * is stored, false when it is cancelled (or another export asks in its place), after saying `cancelled`.
 * @param {HTMLElement} root the Clients page's [data-dashboard] @param {string} [cancelled]
 * @returns {Promise<boolean>}
 */
export function technicianNamed(root,
  cancelled = "Not exported: an export carries your name with your changes, so it waits for one.") {
  if (technician()) return Promise.resolve(true);
  if (asking) asking.answer(false);
  const back = document.activeElement;
  return new Promise((resolve) => {
    asking = { answer: resolve, back, cancelled };
    const form = formOf(root);
    form.hidden = false;
    /** @type {HTMLInputElement} */ (form.querySelector("[data-technician-name]")).focus();
  });
}

/** The form's Save and Cancel. @param {HTMLElement} root */
export function wireTechnician(root) {
  const form = formOf(root);
  const field = /** @type {HTMLInputElement} */ (form.querySelector("[data-technician-name]"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = technicianName(field.value);
    field.value = name;
    if (!name) { field.reportValidity(); return; }   // only blanks: required says what is missing
    if (!store.writeKey(TECHNICIAN_KEY, name)) return;   // refused: the status line says so; the form stays open
    answer(root, true);
  });
  /** @type {HTMLElement} */ (form.querySelector("[data-technician-cancel]")).addEventListener("click", () => {
    const cancelled = asking ? asking.cancelled : "";
    answer(root, false);
    if (cancelled) store.say(cancelled);
  });
}
