// @ts-check
/* Deleted clients' tombstones (export version 5's "deleted"), kept under "deleted": the id of each client deleted
 * here or in a file merged here, when and by whom, so that a merge elsewhere learns of the deletion instead of
 * bringing the client back. The Undo of a Delete puts the list back as it was (undo.js). */
import { isObject } from "./entries.js";
import { later } from "./merge3-fields.js";
import * as store from "./storage.js";

/** @typedef {import("./types.js").Tombstone} Tombstone */

/** The key the tombstones are stored under. */
export const TOMBSTONES = "deleted";

/** The stored tombstones; an entry without an id and a change time is left out. @returns {Tombstone[]} */
export function storedTombstones() {
  const stored = store.readKey(TOMBSTONES);
  if (!Array.isArray(stored)) return [];
  return stored.filter((entry) => isObject(entry) && typeof entry.id === "string" && typeof entry.changed === "string")
    .map((entry) => typeof entry.by === "string" ? { id: entry.id, changed: entry.changed, by: entry.by }
      : { id: entry.id, changed: entry.changed });
}

/**
 * Two lists of tombstones joined: for one client the later of its two (the three-way merge's order of versions), so
 * that an import never loses a tombstone; sorted by id. @param {Tombstone[]} mine @param {Tombstone[]} theirs
 * @returns {Tombstone[]}
 */
export function joinedTombstones(mine, theirs) {
  /** @type {Map<string, Tombstone>} */
  const joined = new Map();
  for (const { id, changed, by } of [...mine, ...theirs]) {
    joined.set(id, later(joined.get(id), by === undefined ? { id, changed } : { id, changed, by }));
  }
  return [...joined.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}
