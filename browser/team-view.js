// @ts-check
/* What the Clients page shows of a connected team folder: its state in [data-team-status], the files skipped with
 * why ([data-team-problems]), sync clients' copies offered for merge ([data-team-copies]) and clients here that may
 * be one of the folder's under another id ([data-team-same]), shared clients deleted, to bring back
 * ([data-team-deleted]). Every text from a file is set as text, never markup. */
import * as clients from "./clients.js";
import { foldedName, shownMinute } from "./clients.js";
import { showConflicts } from "./team-conflicts.js";
import { bringBack, mergeCopy, mergeSame, share } from "./team-offers.js";

/**
 * @typedef {import("./types.js").Client} Client
 * @typedef {import("./team-folder.js").TeamFolder} ShownFolder
 */

/** @param {string} tag @param {string | null} text @param {Element} parent */
function add(tag, text, parent) {
  const element = document.createElement(tag);
  if (text !== null) element.textContent = text;
  parent.appendChild(element);
  return element;
}

/** A list of the section, filled by `each` (hidden when empty). @template T
    @param {HTMLElement} root @param {string} hook @param {T[]} entries @param {(entry: T, line: HTMLElement) => void} each */
function list(root, hook, entries, each) {
  const element = /** @type {HTMLElement | null} */ (root.querySelector(`[${hook}]`));
  if (!element) return;
  element.textContent = "";
  element.hidden = entries.length === 0;
  for (const entry of entries) each(entry, add("li", null, element));
}

/** @param {HTMLElement} line @param {string} label @param {() => Promise<void>} action */
function button(line, label, action) {
  line.appendChild(document.createTextNode(" "));
  const element = /** @type {HTMLButtonElement} */ (add("button", label, line));
  element.type = "button";
  element.className = "md-button";
  element.addEventListener("click", () => {
    element.disabled = true;
    action();
  });
}

/** @param {string} iso */
const clock = (iso) => new Date(iso).toTimeString().slice(0, 8);

/** Draw the team folder's section of the Clients page: its state, and the conflicts to pick. @param {ShownFolder} folder */
export function showFolder(folder) {
  const list = clients.list();
  showTeam(folder.deps.root, folder, list);
  showConflicts(folder.deps.root, list, folder.deps.titleOf, () => {
    folder.deps.afterChange();
    showFolder(folder);
  });
}

/** Draw the team folder's state. @param {HTMLElement} root @param {ShownFolder} folder @param {Client[]} here */
function showTeam(root, folder, here) {
  const status = /** @type {HTMLElement} */ (root.querySelector("[data-team-status]"));
  const name = folder.handle.name;
  const shared = here.filter((client) => folder.shared(client.id));
  status.textContent = folder.trouble
    ? `The team folder “${name}” ${folder.trouble}: this browser keeps working from its own copy, and merges again ` +
      "once the folder can be used."
    : `Team folder “${name}”: ${shared.length} shared client${shared.length === 1 ? "" : "s"} here` +
      (folder.readAt ? `, read at ${clock(folder.readAt)}.` : ".");
  list(root, "data-team-problems", folder.skipped, (file, line) => {
    line.textContent = `“${file.name}” skipped: ${file.why}`;
  });
  const names = new Map(here.map((client) => [client.id, client.name]));
  list(root, "data-team-copies", folder.copies, (copy, line) => {
    const client = names.get(copy.id) ?? copy.id;
    line.textContent = `“${copy.name}”: a copy of ${client}'s file that a sync client made (${copy.from})`;
    button(line, `Merge the copy into ${client}, then remove it`, () => mergeCopy(folder, copy));
  });
  /** @type {[Client, Client][]} */
  const alike = [];
  for (const local of here.filter((client) => !folder.shared(client.id))) {
    const twin = shared.find((client) => foldedName(client.name) === foldedName(local.name));
    if (twin) alike.push([local, twin]);
  }
  const deleted = [];
  for (const id of folder.bases.ids()) {
    const gone = folder.bases.of(id).gone;
    const client = /** @type {{ id: string, name?: { value?: unknown } } | undefined} */ (
      gone?.clients.find((c) => /** @type {{ id: string }} */ (c).id === id));
    const stone = (folder.bases.of(id).last?.deleted ?? []).find((s) => s.id === id);
    if (client && stone && !names.has(id)) deleted.push({ id, name: String(client.name?.value ?? id), stone });
  }
  list(root, "data-team-deleted", deleted, ({ id, name, stone }, line) => {
    line.textContent = `“${name}” was deleted in the team folder` + (stone.by ? ` by ${stone.by}` : "") +
      ` (${shownMinute(stone.changed)}).`;
    button(line, `Bring back ${name}`, () => bringBack(folder, id));
  });
  list(root, "data-team-same", alike, ([local, twin], line) => {
    line.textContent = `“${local.name}” here and “${twin.name}” from the team folder (id ${twin.id}) have the same name.`;
    button(line, `These are the same client: merge ${local.name} into the team's`,
           () => mergeSame(folder, local.id, twin.id));
  });
}

/** The share control of one client's row: a button, or a note once shared.
    @param {HTMLElement} cell @param {Client} client @param {ShownFolder} folder */
export function shareControl(cell, client, folder) {
  cell.appendChild(document.createTextNode(" "));
  if (folder.shared(client.id)) {
    add("span", "Shared", cell).className = "sbskb-team-shared";
    return;
  }
  const control = /** @type {HTMLButtonElement} */ (add("button", "Share", cell));
  control.type = "button";
  control.className = "md-button";
  control.dataset.teamShare = client.id;
  control.setAttribute("aria-label", `Share ${client.name} with the team`);
  control.addEventListener("click", () => {
    control.disabled = true;
    share(folder, client.id);
  });
}
