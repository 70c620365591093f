// @ts-check
/* The team folder's button on the Clients page ([data-team-folder]). The folder is picked in the click (the browser
 * asks for a gesture); then the part that reads, merges and writes it is loaded (parts/team.js: team-connect.js).
 * A folder connected before is re-connected by the same button after a browser restart. A browser without the File
 * System Access API (Firefox, Safari) says so, and export and import keep working. */
import { technicianNamed } from "./dashboard-technician.js";
import * as store from "./storage.js";
import { loadTeam } from "./team-part.js";

/** @typedef {import("./team-part.js").TeamPart} TeamPart */
/** @typedef {import("./team-folder.js").TeamDeps} TeamDeps */

/** Wire the button; `connected` receives the part once a folder is connected.
    @param {TeamDeps} deps @param {(part: TeamPart) => void} connected */
export function wireTeam(deps, connected) {
  const button = /** @type {HTMLButtonElement} */ (deps.root.querySelector("[data-team-folder]"));
  const status = /** @type {HTMLElement} */ (deps.root.querySelector("[data-team-status]"));
  const picker = /** @type {any} */ (window).showDirectoryPicker;
  if (typeof picker !== "function") {
    button.disabled = true;
    status.textContent = "This browser cannot use a team folder (Chromium and Edge can): share clients by Export " +
      "and Import.";
    return;
  }
  const known = /** @type {{ folder?: unknown } | null} */ (store.readKey("team"));
  let name = typeof known?.folder === "string" ? known.folder : "";
  /** @param {TeamPart} part */
  const connectedTo = (part) => {
    name = "";   // the next click picks another folder
    button.textContent = "Choose another team folder";
    connected(part);
  };
  if (name) {
    button.textContent = `Re-connect the team folder “${name}”`;
    status.textContent = `The team folder “${name}” was connected in this browser: re-connect it to share again.`;
    // Still allowed (another page of the site was open since, no restart): connected again without a click.
    loadTeam().then((part) => part.resume(deps).then((folder) => { if (folder) connectedTo(part); }), () => {});
  }
  button.addEventListener("click", () => {
    // The pick starts in the click, or right after the name is saved (that click lets the page open the picker);
    // a folder known here asks for its permission again in the part.
    const picked = technicianNamed(deps.root, "Not connected: the team folder carries your name with your changes, " +
      "so it waits for one.").then((named) => !named ? undefined
      : name ? null : picker.call(window, { id: "sbskb-team", mode: "readwrite" }));
    picked.then((/** @type {FileSystemDirectoryHandle | null | undefined} */ handle) => handle === undefined ? null
      : loadTeam().then((part) => part.connect(handle, deps).then((folder) => {
        if (folder) connectedTo(part);
        else if (!handle) {   // the folder known here is gone: the next click picks one
          name = "";
          button.textContent = "Choose a team folder";
        }
      })))
      .catch((/** @type {unknown} */ error) => {
        // The technician closed the picker: nothing to say.
        if (!(error instanceof DOMException && error.name === "AbortError")) status.textContent = String(error);
      });
  });
}
