// @ts-check
/* The conflicts this browser holds ([data-conflicts] on the Clients page, once a team folder is connected): every
 * field two people changed to different values, with each version, who made it and when, and a button that keeps
 * it. Keeping one writes its value as a new change, made here now (change-stamp.js): the pick, which the next merge
 * passes on to the team. */
import { changeStamp } from "./change-stamp.js";
import { shownMinute } from "./entries.js";
import * as store from "./storage.js";
import { oursOf, storeMerged } from "./team-sync.js";

/**
 * @typedef {import("./types.js").Client} Client
 * @typedef {{ value?: unknown, object?: string, changed?: string, by?: string, conflict?: Version[] }} Version
 * @typedef {{ id: string, name: string, path: string[], label: string, versions: Version[] }} Conflict
 */

/** The words for a field's place in a client: "name", "value smart_host", "<item title>: note".
    @param {string[]} path @param {(id: string) => string} titleOf */
function placeOf(path, titleOf) {
  if (path[0] === "items") return `${titleOf(path[1])}: ${path[2] === "revertDefault" ? "revert choice" : path[2]}`;
  if (path[0] === "values") return `value ${path[1]}`;
  if (path[0] === "before") return `value before the change of ${path[1]}`;
  return path[0] === "mailLogs" ? "mail-log summary" : path[0];
}

/** Every field of one exported client, with its path. @param {Record<string, any>} client
    @returns {[string[], Version][]} */
function fieldsOf(client) {
  /** @type {[string[], Version][]} */
  const found = [];
  for (const name of ["name", "platform", "mailLogs"]) if (client[name]) found.push([[name], client[name]]);
  for (const group of ["values", "before"]) {
    for (const [key, field] of Object.entries(client[group] || {})) found.push([[group, key], field]);
  }
  for (const [itemId, entry] of Object.entries(client.items || {})) {
    for (const [name, field] of Object.entries(/** @type {Record<string, Version>} */ (entry))) {
      found.push([["items", itemId, name], field]);
    }
  }
  return found;
}

/** The conflicts of `list`'s clients. Only a client whose stored text names a conflict is exported to look.
    @param {Client[]} list @param {(id: string) => string} titleOf @returns {Conflict[]} */
export function conflictsOf(list, titleOf) {
  /** @type {Conflict[]} */
  const found = [];
  for (const client of list) {
    const stored = store.rawValue(`${store.PREFIX}client.${client.id}`) ?? "";
    if (!client.conflict && !stored.includes('"conflict"')) continue;
    const file = oursOf(client.id);
    const exported = /** @type {Record<string, any> | undefined} */ (file?.clients[0]);
    if (!exported) continue;
    for (const [path, field] of fieldsOf(exported)) {
      if (field.conflict && field.conflict.length > 1) {
        found.push({ id: client.id, name: client.name, path, label: placeOf(path, titleOf), versions: field.conflict });
      }
    }
  }
  return found;
}

/** Keep one version of a conflict: its value (and the connector of a value before the change) as a change made now.
    @param {Conflict} conflict @param {Version} version @returns {Promise<boolean>} */
export function keep(conflict, version) {
  const file = oursOf(conflict.id);
  const client = /** @type {Record<string, any> | undefined} */ (file?.clients[0]);
  if (!file || !client) return Promise.resolve(false);
  let holder = client;
  for (const key of conflict.path.slice(0, -1)) holder = holder[key];
  const picked = { value: version.value, ...(version.object !== undefined ? { object: version.object } : {}),
                   ...changeStamp() };
  holder[conflict.path[conflict.path.length - 1]] = picked;
  return storeMerged(conflict.id, file);
}

/** A version's value in words: text as it is, true/false as yes/no, a mail-log summary by when it was analysed.
    @param {unknown} value */
function shownValue(value) {
  if (typeof value === "string") return `“${value}”`;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value === null) return "none kept";
  const analysed = /** @type {{ analysed?: unknown }} */ (value)?.analysed;
  return typeof analysed === "string" ? `the analysis of ${shownMinute(analysed)}` : "another value";
}

/**
 * Draw the conflicts in `[data-conflicts]`: each field ([data-conflict="<client id>/<path>"]) with its versions, who
 * made each and when, and a button that keeps one. Every text from a file is set as text, never markup.
 * @param {HTMLElement} root @param {Client[]} list @param {(id: string) => string} titleOf
 * @param {() => void} afterPick
 */
export function showConflicts(root, list, titleOf, afterPick) {
  const box = /** @type {HTMLElement | null} */ (root.querySelector("[data-conflicts]"));
  if (!box) return;
  const conflicts = conflictsOf(list, titleOf);
  box.textContent = "";
  box.hidden = conflicts.length === 0;
  for (const conflict of conflicts) {
    const line = document.createElement("li");
    line.dataset.conflict = [conflict.id, ...conflict.path].join("/");
    line.textContent = `${conflict.name} · ${conflict.label}: changed differently by`;
    const versions = document.createElement("ul");
    for (const version of conflict.versions) {
      const entry = document.createElement("li");
      const who = version.by || "someone without a name";
      const when = version.changed ? shownMinute(version.changed) : "at an unknown time";
      entry.textContent = `${shownValue(version.value)}, ${who}, ${when} `;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = "Keep this";
      button.setAttribute("aria-label", `Keep ${who}'s version of ${conflict.name} · ${conflict.label}`);
      button.addEventListener("click", () => {
        button.disabled = true;
        keep(conflict, version).then(afterPick);
      });
      entry.appendChild(button);
      versions.appendChild(entry);
    }
    line.appendChild(versions);
    box.appendChild(line);
  }
}
