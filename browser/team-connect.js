// @ts-check
/* Connecting the team folder (the part parts/team.js, loaded once the technician picks a folder or re-connects one):
 * the folder picked now, or the one this browser connected before (its handle kept in team-store.js), whose
 * permission a browser restart takes back and one click on the page asks for again. */
import { folderTrouble } from "./team-disk.js";
import { TeamFolder } from "./team-folder.js";
import { shareControl } from "./team-view.js";
import { saveFolder, savedFolder } from "./team-store.js";
import * as store from "./storage.js";

/**
 * @typedef {import("./types.js").Client} Client
 * @typedef {import("./team-folder.js").TeamDeps} TeamDeps
 * @typedef {{ root: HTMLElement, platformSelect: HTMLSelectElement, clientId: string | null, load(): void }}
 *   FollowedPage what following the folder needs of a checklist page (checklist-page.js Page): its root, the
 *   platforms its client may have, the client shown, and how to show what the folder brought
 */

// The key that tells every page a folder was connected in this browser, and its name (shown before the part loads).
export const TEAM_KEY = "team";

/** @type {TeamFolder | null} */
let connected = null;

/**
 * Connect `handle` (null: the folder connected before), read and merge it, and give each client's row its share
 * control. Resolves the folder, or null after saying why not in [data-team-status].
 * @param {FileSystemDirectoryHandle | null} handle @param {TeamDeps} deps
 * @returns {Promise<TeamFolder | null>}
 */
export async function connect(handle, deps) {
  const status = /** @type {HTMLElement} */ (deps.root.querySelector("[data-team-status]"));
  try {
    const folder = handle ?? await savedFolder();
    if (!folder) {
      status.textContent = "No team folder is known to this browser any more: choose it again.";
      return null;
    }
    // A folder picked now was granted in the pick; one restored after a restart asks again, in this click.
    if (!await granted(folder, true)) throw new DOMException("permission refused", "NotAllowedError");
    if (handle) await saveFolder(handle);   // again on a resume: the same handle
    store.writeKey(TEAM_KEY, { folder: folder.name });
    connected?.stop();
    connected = new TeamFolder(folder, deps);
    await connected.start();
    return connected;
  } catch (error) {
    const known = /** @type {{ folder?: unknown } | null} */ (store.readKey(TEAM_KEY));
    const name = handle ? handle.name : String(known?.folder ?? "");
    status.textContent = `The team folder “${name}” ${folderTrouble(error)}: this browser keeps working from its ` +
      "own copy; export and import keep working.";
    return null;
  }
}

/** Whether this page may read and write `folder`; with `ask`, asked for (in a click) when it may not yet.
    @param {FileSystemDirectoryHandle} folder @param {boolean} ask */
async function granted(folder, ask) {
  const handle = /** @type {any} */ (folder);   // TypeScript's DOM types lack the permission methods
  const mode = { mode: "readwrite" };
  if (typeof handle.queryPermission !== "function" || await handle.queryPermission(mode) === "granted") return true;
  return ask && typeof handle.requestPermission === "function" && await handle.requestPermission(mode) === "granted";
}

/** The folder connected before, connected again without a click while this browser still lets the page use it
    (another page of the site was open since); null, and the page offers to re-connect, when it does not.
    @param {TeamDeps} deps @returns {Promise<TeamFolder | null>} */
export async function resume(deps) {
  try {
    const folder = await savedFolder();
    return folder && await granted(folder, false) ? connect(folder, deps) : null;
  } catch (error) {
    return null;   // the folder's state is said by the re-connect button's click
  }
}

/** The share control of a client's row, once a folder is connected. @param {HTMLElement} cell @param {Client} client */
export function rowExtras(cell, client) {
  if (connected) shareControl(cell, client, connected);
}

/** On checklist page `page`: the folder connected before, followed for the client shown there while this browser
    lets the page use it; nothing when it does not, and the Clients page offers to re-connect it.
    @param {FollowedPage} page @returns {Promise<TeamFolder | null>} */
export async function follow(page) {
  /** @type {TeamDeps} */
  const deps = { root: page.root, platformIds: [...page.platformSelect.options].map((option) => option.value),
                 afterChange: () => page.load(), titleOf: String, follow: () => page.clientId };
  try {
    const folder = await savedFolder();
    if (!folder || !await granted(folder, false)) return null;
    connected?.stop();
    connected = new TeamFolder(folder, deps);
    await connected.start();
    return connected;
  } catch (error) {
    return null;   // the Clients page says why, when it connects
  }
}
