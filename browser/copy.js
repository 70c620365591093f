// @ts-check
/* Text onto the clipboard, on every page (the common script's "Copy link", the checklist's snippets). */

/** What a copy says when the browser refuses the clipboard (the checklist's commands, the probe command). */
export const REFUSED = "Not copied: this browser refused the clipboard, which still holds what it held. Select the " +
  "command and copy it by hand.";

/** The line that says what a copy button copied, appended to `parent`. @param {HTMLElement} parent */
export function copyStatusLine(parent) {
  const status = document.createElement("p");
  parent.appendChild(status);
  status.className = "sbskb-copied";
  status.dataset.copyStatus = "";
  status.setAttribute("role", "status");
  return status;
}

/** @param {string} text @returns {Promise<void>} */
export function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  // Plain http on a LAN address is not a secure context: fall back to a selected textarea.
  return new Promise((resolve, reject) => {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let ok;
    try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
    document.body.removeChild(area);
    if (ok) resolve(); else reject(new Error("copy refused"));
  });
}
