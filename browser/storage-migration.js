// @ts-check
/* The one-off move of the first release's localStorage ("sbskb.v1.*") into this browser's database: copied in on
 * first open, read back and checked, and removed only on a later open that finds it unchanged. What an older offline
 * copy of the site wrote there after the move is offered for merge on the Clients page (legacy()).
 * storage.js runs it when it opens the database, and offers legacy(), movedAt() and retireLegacy() to the pages. */
import { STORE_NAME, readAll } from "./storage-database.js";
import { PREFIX, localSnapshot, removeLocal, unprefixed } from "./storage-local.js";
import { commit, load, readKey, say, usesDatabase } from "./storage-memory.js";

// {copied, fingerprint, count, removed}: no client key starts with "meta.".
const MIGRATION_KEY = "meta.migration";
// fingerprint({}): what a browser that never had the first release's keys records on its first open.
const NOTHING_MOVED = "0:811c9dc5";

/** @typedef {import("./types.js").MigrationRecord} MigrationRecord */

/** The stored record of the move, or null when there is none. @returns {MigrationRecord | null} */
function record() {
  const meta = readKey(MIGRATION_KEY);
  return meta !== null && typeof meta === "object" && !Array.isArray(meta) ? meta : null;
}

/** @param {MigrationRecord} meta */
function saveRecord(meta) {
  return commit({ [MIGRATION_KEY]: JSON.stringify(meta) }, [], true);
}

/** A short fingerprint of a {key: text} map: whether the old storage changed since it was copied. FNV-1a.
    @param {Record<string, string>} map */
function fingerprint(map) {
  let hash = 0x811c9dc5;
  for (const key of Object.keys(map).sort()) {
    const text = `${key}\u0000${map[key]}\u0001`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return `${Object.keys(map).length}:${hash.toString(16)}`;
}

/**
 * On a page's first open in this browser with none of the first release's keys: record that nothing was moved (so
 * keys an older offline copy writes later are offered for merge, never copied over newer data), without loading
 * the move itself (parts/migration.js). Resolves whether the move has more to do.
 * @returns {Promise<boolean>}
 */
export async function nothingToMove() {
  const old = localSnapshot();
  if (old === null) return true;      // no localStorage to read: nothing to move
  if (Object.keys(old).length) return false;
  if (!record()) await saveRecord({ copied: new Date().toISOString(), fingerprint: NOTHING_MOVED, count: 0 });
  return true;
}

/** Copy the first release's localStorage in, check it, and remove it only on a later open that finds it unchanged.
    What an older offline copy wrote there after the move stays, to be merged (legacy()).
    @param {IDBDatabase} db @returns {Promise<void>} */
export async function migrate(db) {
  const old = localSnapshot();
  if (old === null) return;
  const meta = record();
  const count = Object.keys(old).length;
  const now = new Date().toISOString();
  if (!meta) {
    const puts = unprefixed(old);
    puts[MIGRATION_KEY] = JSON.stringify({ copied: now, fingerprint: fingerprint(old), count });
    const copiedHere = await copyOnce(db, puts);
    const stored = await readAll(db);
    load(stored);
    // Another tab moved them meanwhile, and may have written since: what is stored is taken as it is.
    if (!copiedHere) return;
    const same = Object.keys(old).every((key) => stored[key.slice(PREFIX.length)] === old[key]);
    if (!same) {
      // Read back different (another tab wrote meanwhile, say): the old copy is kept, and offered for merge.
      say("This browser's clients were copied into its database, but the copy could not be confirmed, so " +
                "the old copy stays in localStorage; the Clients page offers it for merge.");
      await saveRecord({ copied: now, fingerprint: "unverified", count });
      return;
    }
    if (count) {
      say(`This browser's clients (${count} stored entries) now live in its database, which holds far ` +
                "more. The old copy stays in localStorage until the next page of this site opens and finds it " +
                "unchanged, then it is removed.");
    }
    return;
  }
  if (!count) return;
  if (fingerprint(old) === meta.fingerprint && !meta.removed) {
    // Unchanged since the copy that was read back and checked when it was made: the old keys can go.
    if (!removeLocal(Object.keys(old))) return;
    meta.removed = now;
    say("The old copy of this browser's clients in localStorage was removed: the database holds all of it.");
    await saveRecord(meta);
  }
  // Changed since the move: legacy() offers it for merge.
}

/** Copy the old keys in, in the transaction that checks no other tab did it first (two tabs restored after an
    upgrade open at once). Resolves whether this tab made the copy.
    @param {IDBDatabase} db @param {Record<string, string>} puts @returns {Promise<boolean>} */
function copyOnce(db, puts) {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE_NAME, "readwrite");
    const store = transaction.objectStore(STORE_NAME);
    let copiedHere = false;
    const check = store.get(MIGRATION_KEY);
    check.onsuccess = () => {
      if (check.result !== undefined) return;
      copiedHere = true;
      for (const [key, text] of Object.entries(puts)) store.put(text, key);
    };
    transaction.oncomplete = () => resolve(copiedHere);
    transaction.onabort = transaction.onerror = () => {
      reject(transaction.error || new Error("the copy into the database failed"));
    };
  });
}

/** What an older offline copy of the site wrote to localStorage after the move, as {key: text} without prefix, or
    null when there is nothing to merge (or no database to merge it into). @returns {Record<string, string> | null} */
export function legacy() {
  if (!usesDatabase()) return null;
  const old = localSnapshot();
  if (!old || !Object.keys(old).length) return null;
  const meta = record();
  if (!meta || (fingerprint(old) === meta.fingerprint && !meta.removed)) return null;
  return unprefixed(old);
}

/** When the first release's keys were moved in (ISO time), or null: their changes without a time of their own are
    taken to be from then on. @returns {string | null} */
export function movedAt() {
  const meta = record();
  return meta && typeof meta.copied === "string" ? meta.copied : null;
}

/** After a merge of the old keys, or when the technician sets them aside: remove them, remember the moment.
    @returns {Promise<boolean>} */
export async function retireLegacy() {
  if (!removeLocal(Object.keys(localSnapshot() ?? {}))) return false;
  const meta = record() ?? {};
  meta.removed = new Date().toISOString();
  meta.fingerprint = NOTHING_MOVED;
  return saveRecord(meta);
}
