// @ts-check
/* The part that copies a checklist command, loaded the first time a copy button is used (checklist-copy.js keeps
 * the buttons wired from the start): copy what the screen shows once every pending edit is in, and say what it
 * copied, or that it could not. */
import { REFUSED, copyStatusLine, copyText } from "../copy.js";
import { handOver } from "../part-link.js";

/** A copied command in a few words: "reg add … /d 3 /f". @param {string} text */
function copiedLabel(text) {
  const words = text.replace(/\s+/g, " ").trim().split(" ");
  return words.length <= 8 ? words.join(" ") : `${words.slice(0, 2).join(" ")} \u2026 ${words.slice(-3).join(" ")}`;
}

/**
 * Copy one snippet's command as it is once any value before the change still being read is recorded; say what was
 * copied. @param {HTMLElement} button @param {() => Promise<void>} recorded checklist-before-fields.js `recorded`
 */
async function copySnippet(button, recorded) {
  await recorded();
  const snippet = /** @type {HTMLElement} */ (button.closest(".sbskb-snippet"));
  const pre = /** @type {HTMLElement} */ (snippet.querySelector("pre"));
  const text = pre.hidden ? "" : /** @type {HTMLElement} */ (pre.querySelector("code")).textContent ?? "";
  const status = /** @type {HTMLElement | null} */ (snippet.querySelector("[data-copy-status]")) ??
    copyStatusLine(snippet);
  if (!text) {
    status.textContent = "Nothing copied: this command is not shown yet, so the clipboard still holds what it held.";
    return;
  }
  status.textContent = "Copying\u2026";
  copyText(text).then(() => {
    status.textContent = `Copied: ${copiedLabel(text)}`;
  }, () => { status.textContent = REFUSED; });
}

handOver({ copySnippet });
