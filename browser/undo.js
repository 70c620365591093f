// @ts-check
/* The one undo this browser keeps (key "undo"), until the next Replace or Delete: the stored text of every key that
 * change touched, null for a key that was not there, so that Undo puts back exactly what was. */
import { isObject } from "./entries.js";
import * as store from "./storage.js";
import { hasOwn } from "./vocabulary.js";

/** @typedef {import("./types.js").UndoRecord} UndoRecord */

// The keys an undo may put back: the client list, the client picked, the tombstones (tombstones.js), a client's state.
const UNDO_KEY = /^(clients|current|deleted|client\.[a-z0-9]{1,40})$/;

/** The undo of a change about to be committed (its stored text): `keys` every key it touches, `puts` and `removals`
    the change. What each key holds after it is kept too: once any of them changes again (a new client, a rename, a
    merge), the undo would throw that work away, so it is no longer offered.
    @param {string} what @param {string[]} keys @param {Record<string, string>} puts @param {string[]} removals */
export function undoRecord(what, keys, puts, removals) {
  /** @type {UndoRecord} */
  const record = { what, at: new Date().toISOString(), keys: {}, after: {} };
  for (const key of keys) {
    record.keys[key] = store.rawValue(store.PREFIX + key);
    record.after[key] = hasOwn(puts, key) ? puts[key] : removals.includes(key) ? null : record.keys[key];
  }
  return JSON.stringify(record);
}

/** The stored undo, or null when there is none, it is not one this site wrote, or putting it back would lose what
    changed since. @returns {{ what: string, at: string, keys: Record<string, string | null> } | null} */
export function undoOffer() {
  const record = store.readKey("undo");
  if (!isObject(record) || typeof record.what !== "string" || !isObject(record.keys)) return null;
  const stored = record.keys;
  const keys = Object.keys(stored);
  const sound = keys.length > 0 && keys.every((key) => {
    const text = stored[key];
    return UNDO_KEY.test(key) && (text === null || typeof text === "string");
  });
  // Still what the change left? ("current", the client picked, may move on: putting it back loses nothing.)
  const after = record.after;
  const untouched = typeof after === "object" && after !== null && keys.every((key) => key === "current" ||
    (hasOwn(after, key) && /** @type {Record<string, unknown>} */ (after)[key] === store.rawValue(store.PREFIX + key)));
  if (!sound || !untouched) return null;
  return { what: record.what, at: typeof record.at === "string" ? record.at : "",
           keys: /** @type {Record<string, string | null>} */ (stored) };   // each checked above (sound)
}

/** Put back what the stored undo names, in one transaction, and forget the undo. Resolves true or false. */
export async function undo() {
  const record = undoOffer();
  if (!record) return false;
  /** @type {Record<string, string>} */
  const puts = {};
  const removals = ["undo"];
  for (const [key, text] of Object.entries(record.keys)) {
    if (typeof text === "string") puts[key] = text; else removals.push(key);
  }
  return store.commit(puts, removals);
}
