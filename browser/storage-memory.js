// @ts-check
/* The store's memory copy of everything stored, and every write: reads are synchronous from memory, each write goes
 * to the database (or, without one, to localStorage) and the memory copy follows what it confirms.
 *
 * - A write the browser refuses (quota, a closed database) is reported in the page's status line and the memory copy
 *   is put back, then the page is told to show what is stored (hooks.onRefused), so nothing looks saved that is not.
 * - commit(puts, removals) writes many keys in one transaction: all or nothing, as an import needs.
 * - Other tabs hear of every write through a BroadcastChannel (IndexedDB fires no "storage" event).
 * - A stored value that cannot be read is copied to "corrupt.<key>" before anything overwrites it. */
import { STORE_NAME, transactionDone } from "./storage-database.js";
import { PREFIX, localSnapshot, restoreLocal } from "./storage-local.js";
import { hasOwn } from "./vocabulary.js";

/** The page's status line, once known; what was said before it was known waits in `pending`.
    @type {{ element: Element | null, pending: string }} */
export const status = { element: null, pending: "" };
/** What the page does when a write is refused, or another tab wrote: show what is stored (start.js sets them).
    @type {{ onRefused: (() => void) | null, onOtherTab: (() => void) | null }} */
export const hooks = { onRefused: null, onOtherTab: null };
export const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("sbskb") : null;

/** @type {Record<string, string>} key without prefix -> stored text, as this page shows it (writes in flight too) */
let cache = {};
/** @type {Record<string, string>} key -> the text the database last confirmed: what a refused write falls back to */
let confirmed = {};
/** @type {Record<string, number>} key -> writes to it not yet answered */
const pendingWrites = {};
let refusing = false;    // refused since the last write that was stored: the page is reloaded once per streak
/** @type {IDBDatabase | null} */
let db = null;
let local = false;       // no database here: localStorage is used instead
/** @type {Promise<boolean>[]} writes not yet committed: settled() waits for them */
const inFlight = [];

/** @param {string} message */
export function say(message) {
  // Only a change is written: every tick says "" here, and a write would have the page laid out again for nothing.
  if (status.element) { if (status.element.textContent !== message) status.element.textContent = message; }
  else status.pending = message;   // said once the page's status line is known
}

export function showPending() {
  if (status.element && status.pending) { status.element.textContent = status.pending; status.pending = ""; }
}

/** Write to `database` from now on. @param {IDBDatabase} database */
export function connect(database) { db = database; }

/** Write to localStorage from now on: this browser's database cannot be used. */
export function useLocalStorage() {
  local = true;
  db = null;
}

/** The database written to; null while there is none (not yet open, or localStorage used). */
export function database() { return db; }

export function usesDatabase() { return !local; }

/** Take `all` ({key: text} without prefix, as stored) as what is stored and shown. @param {Record<string, string>} all */
export function load(all) {
  cache = { ...all };
  confirmed = { ...all };
}

/** Take what the database holds now (`found`, undefined: nothing) for `keys`, all keys when null, where this page
    has no write to them in flight. Returns whether anything this page shows changed.
    @param {Record<string, string | undefined>} found @param {string[] | null} keys */
export function takeStored(found, keys) {
  let changed = false;
  for (const key of keys ?? Object.keys(found).concat(Object.keys(cache))) {
    const text = found[key];
    if (pendingWrites[key] || cache[key] === text) continue;
    changed = true;
    if (text === undefined) { delete cache[key]; delete confirmed[key]; }
    else cache[key] = confirmed[key] = text;
  }
  return changed;
}

/** Write `puts` ({key: text}) and delete `removals` ([key]) in one transaction; the memory copy follows only when it
    completes. Resolves true, or false after saying why nothing was stored (unless `quiet`).
    @param {Record<string, string>} puts @param {string[]} [removals] @param {boolean} [quiet]
    @returns {Promise<boolean>} */
export function commit(puts, removals = [], quiet = false) {
  if (local) return Promise.resolve().then(() => commitToLocalStorage(puts, removals, quiet));
  /** @type {IDBTransaction | undefined} */
  let transaction;
  try {
    if (!db) throw new TypeError("the database is not open yet");
    transaction = db.transaction(STORE_NAME, "readwrite");
    const store = transaction.objectStore(STORE_NAME);
    for (const [key, text] of Object.entries(puts)) store.put(text, key);
    for (const key of removals) store.delete(key);
    // Commit now rather than when the event loop turns: a page left right after a tick keeps the tick.
    if (typeof transaction.commit === "function") transaction.commit();
  } catch (error) {
    if (transaction) try { transaction.abort(); } catch (ignored) { /* already finished */ }
    // Said after the caller's own status update, as a refused transaction would be.
    return Promise.resolve().then(() => {
      if (!quiet) refused(error);
      return false;
    });
  }
  const done = transactionDone(transaction).then(() => {
    // A later write to the same key may already be in memory (two quick ticks): it stays there, for the next
    // read-modify-write to build on; only what the database confirmed is noted.
    for (const [key, text] of Object.entries(puts)) {
      confirmed[key] = text;
      if (!(pendingWrites[key] > 1)) cache[key] = text;
    }
    for (const key of removals) {
      delete confirmed[key];
      if (!(pendingWrites[key] > 1)) delete cache[key];
    }
    refusing = false;
    if (channel) channel.postMessage({ keys: Object.keys(puts).concat(removals) });
    return true;
  }, (error) => {
    if (!quiet) refused(error);
    return false;
  });
  inFlight.push(done);
  done.then(() => { inFlight.splice(inFlight.indexOf(done), 1); });
  return done;
}

/** Resolves once every write made so far is committed (or refused). @returns {Promise<boolean>} */
export async function settled() {
  await Promise.all(inFlight.slice());
  return inFlight.length ? settled() : true;
}

/** Called in a promise: after the caller's status update.
    @param {Record<string, string>} puts @param {string[]} removals @param {boolean} quiet */
function commitToLocalStorage(puts, removals, quiet) {
  const before = localSnapshot();
  try {
    for (const [key, text] of Object.entries(puts)) window.localStorage.setItem(PREFIX + key, text);
    for (const key of removals) window.localStorage.removeItem(PREFIX + key);
  } catch (error) {
    restoreLocal(before);
    if (!quiet) refused(error);
    return false;
  }
  for (const [key, text] of Object.entries(puts)) cache[key] = confirmed[key] = text;
  for (const key of removals) { delete cache[key]; delete confirmed[key]; }
  refusing = false;
  return true;
}

/** @param {unknown} error */
function refused(error) {
  const name = error instanceof Error || error instanceof DOMException ? error.name : "";
  say(`Not saved: this browser refused to store the change (${name === "QuotaExceededError" ? "storage full"
    : `storage refused: ${name || "unknown error"}`}). The page shows what is stored, so nothing looks saved ` +
      "that is not.");
}

/** The value stored under `key` (without prefix), parsed; null when there is none or it cannot be read.
    @param {string} key @returns {unknown} */
export function readKey(key) {
  if (!hasOwn(cache, key)) return null;
  const raw = cache[key];
  try {
    return JSON.parse(raw);
  } catch (error) {
    keepCorruptCopy(key, raw);
    say(`Stored data under ${PREFIX}${key} could not be read; a copy was kept and this page starts empty.`);
    return null;
  }
}

/** Keep what was found before anything overwrites it: one copy per distinct content, however often it is read.
    @param {string} key @param {string} raw */
function keepCorruptCopy(key, raw) {
  const copyKey = `corrupt.${key}`;
  let taken = false;
  for (const name of Object.keys(cache)) {
    if (name !== copyKey && !name.startsWith(`${copyKey}.`)) continue;
    if (cache[name] === raw) return;
    taken = true;
  }
  const name = taken ? `${copyKey}.${Date.now()}` : copyKey;
  cache[name] = raw;   // at once: a second read in this page must not copy it again
  commit({ [name]: raw }, []);
}

/** One write, as a technician's change makes it: in memory at once, then stored. If the browser refuses it, the
    memory copy is put back and the page is told to show what is stored. Returns true (the refusal comes later).
    @param {string} key @param {unknown} value */
export function writeKey(key, value) {
  const text = JSON.stringify(value);
  cache[key] = text;
  settle(key, commit({ [key]: text }, []));
  return true;
}

/** @param {string} key */
export function removeKey(key) {
  delete cache[key];
  settle(key, commit({}, [key]));
  return true;
}

/** When the last write to `key` in flight was refused, put back what the database holds for it and have the page
    show what is stored. While writes are refused, loading a page writes nothing (isRefusing), so this cannot loop.
    @param {string} key @param {Promise<boolean>} done */
function settle(key, done) {
  pendingWrites[key] = (pendingWrites[key] || 0) + 1;
  done.then((ok) => {
    pendingWrites[key] -= 1;
    if (ok) return;
    refusing = true;
    if (pendingWrites[key]) return;   // a later write to it is still on its way: its answer decides
    if (hasOwn(confirmed, key)) cache[key] = confirmed[key]; else delete cache[key];
    if (hooks.onRefused) hooks.onRefused();
  });
}

/** Every stored key (with its "sbskb.v1." prefix) and its text, from memory. */
export function snapshot() {
  /** @type {Record<string, string>} */
  const copy = {};
  for (const [key, text] of Object.entries(cache)) copy[PREFIX + key] = text;
  return copy;
}

/** The stored text of a key given with its prefix, from memory; null when none. @param {string} fullKey */
export function rawValue(fullKey) {
  const key = fullKey.slice(PREFIX.length);
  return hasOwn(cache, key) ? cache[key] : null;
}

export function isRefusing() { return refusing; }
