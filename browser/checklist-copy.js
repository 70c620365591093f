// @ts-check
/* The copy buttons of a checklist page's commands. Copy copies what the screen shows once every pending edit is in,
 * and says what it copied, or that it could not (parts/copy.js, loaded on the first copy). */
import { recorded } from "./checklist-before-fields.js";
import { loadPart, loadedPart } from "./parts.js";
import * as store from "./storage.js";

/** Copy one snippet's command as it is once any edit still pending in a field is applied.
    @param {HTMLElement} root the page's [data-checklist] @param {HTMLElement} button */
function copySnippet(root, button) {
  const active = document.activeElement;
  if (active instanceof HTMLElement && active !== button && root.contains(active) &&
      /^(INPUT|TEXTAREA)$/.test(active.tagName)) {
    active.blur();   // fires its change event: the value is recorded and every snippet redrawn, now
  }
  const part = loadedPart("copy");
  if (part) {
    part.copySnippet(button, recorded);
    return;
  }
  loadPart("copy").then((loaded) => loaded.copySnippet(button, recorded), (error) => {
    store.say(`Nothing copied: ${error.message}. The clipboard still holds what it held; try again.`);
  });
}

/** The copy button an event is on, if any. @param {Event} event @returns {HTMLElement | null} */
function copyButton(event) {
  return event.target instanceof Element ? event.target.closest(".sbskb-snippet [data-md-type=copy]") : null;
}

/** Copy on the press of a command's copy button (a mouse's), or on its click (keyboard, touch, pen).
    @param {HTMLElement} root the page's [data-checklist] */
export function wireCopy(root) {
  // A field still being typed in is recorded when it loses focus, and the redraw that makes can move the button
  // between press and release, so that Material's copy (on click) never runs and the clipboard keeps its old
  // command, silently. Here the copy happens on the press itself, after the pending edit is applied.
  /** @type {HTMLElement | null} */
  let pressed = null;
  // The copy's code is fetched as soon as the pointer or the focus is on the checklist, so that it is in before any
  // press: a browser that lets a page write the clipboard only while the press is handled then still allows it.
  const fetchCopy = () => { loadPart("copy").catch(() => {}); };   // a failed fetch is retried, and said, on the press
  root.addEventListener("pointerover", fetchCopy, { once: true });
  root.addEventListener("focusin", fetchCopy, { once: true });
  root.addEventListener("pointerdown", (event) => {
    const button = copyButton(event);
    pressed = null;
    // A mouse press carries the permission to write the clipboard; a touch or pen press does not (its click does).
    if (!button || event.button !== 0 || event.pointerType !== "mouse") return;
    event.preventDefault();   // no focus move: the pending edit is applied by us, now, not by a later blur
    pressed = button;
    copySnippet(root, button);
  }, true);
  root.addEventListener("click", (event) => {
    const button = copyButton(event);
    if (!button) return;
    event.preventDefault();
    event.stopImmediatePropagation();   // Material's own copy would copy a second time, and say nothing on failure
    const copiedOnPress = pressed === button && event.detail !== 0;   // detail 0: a click from the keyboard
    pressed = null;
    if (!copiedOnPress) copySnippet(root, button);   // keyboard, touch, pen
  }, true);
}
