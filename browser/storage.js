// @ts-check
/* The browser's storage for this site: the IndexedDB database "sbskb" (storage-database.js), far larger than
 * localStorage's five million characters, so a provider's whole client list fits. open() loads all of it into memory
 * once per page; reads are then synchronous, and every write goes to the database in a transaction
 * (storage-memory.js, which says what a refused write does).
 *
 * - Other tabs' writes (announced on a BroadcastChannel, since IndexedDB fires no "storage" event), a page shown again
 *   from the back/forward cache and a tab brought back are read again here, and the page shows them.
 * - The first release kept everything in localStorage under "sbskb.v1.*": storage-migration.js moves it in, and an
 *   older offline copy that wrote there afterwards is offered for merge on the Clients page (legacy()).
 *   Material's own localStorage keys are never touched.
 * - Without IndexedDB (or when it cannot be opened) the site keeps using localStorage (storage-local.js), and says so.
 * Key names keep their "sbskb.v1." prefix wherever they are shown (snapshot, dump), as before. */
import { openDatabase, readAll, readKeys } from "./storage-database.js";
import { PREFIX, localSnapshot, unprefixed } from "./storage-local.js";
import {
  channel, commit, connect, database, hooks, isRefusing, load, rawValue, readKey, removeKey, say, settled,
  showPending, snapshot, status, takeStored, useLocalStorage, usesDatabase, writeKey
} from "./storage-memory.js";
import { loadPart } from "./parts.js";
import * as memory from "./storage-memory.js";
import { nothingToMove } from "./storage-migration.js";

/** The move of the first release's keys (storage-migration.js), on this page's memory copy: parts/migration.js,
    loaded only where there are such keys. */
const loadMigration = () => /** @type {Promise<typeof import("./storage-migration.js")>} */ (
  loadPart("migration", {
    // What storage-migration.js uses of this page's memory copy (tests/unit/test_parts.py holds this list to it).
    "storage-memory.js": { commit: memory.commit, load: memory.load, readKey: memory.readKey, say: memory.say,
                           usesDatabase: memory.usesDatabase }
  }));

/** @type {Promise<void> | null} */
let opened = null;

/** @param {string} reason */
function fallBack(reason) {
  useLocalStorage();
  load(unprefixed(localSnapshot() ?? {}));
  say(`This browser's database cannot be used here (${reason}), so clients are kept in its older, smaller storage.`);
}

/** Load everything once; every page kind waits for this before it mounts. @returns {Promise<void>} */
function open() {
  if (opened) return opened;
  if (!window.indexedDB) {
    fallBack("no IndexedDB");
    opened = Promise.resolve();
    return opened;
  }
  opened = (async () => {
    try {
      const db = await openDatabase();
      connect(db);
      db.onversionchange = () => db.close();
      load(await readAll(db));
    } catch (error) {
      const reason = error instanceof Error || error instanceof DOMException ? error.message || error.name : "";
      fallBack(reason || "unknown error");
      return;
    }
    try {
      if (!(await nothingToMove())) await (await loadMigration()).migrate(/** @type {IDBDatabase} */ (database()));
    } catch (error) {
      // The database stays in use: the old keys stay where they are, to be moved on a later page.
      say("This browser's older copy of the clients could not be moved into its database now " +
          `(${error instanceof Error ? error.message : "unknown error"}); it stays where it is until a later page.`);
    }
  })();
  return opened;
}

/* The page shows what others stored, once per burst: an export of 1,000 clients is 1,000 messages, not 1,000
   renders. */
/** @type {ReturnType<typeof setTimeout> | null} */
let showTimer = null;
function showOthers() {
  if (showTimer) return;
  showTimer = setTimeout(() => {
    showTimer = null;
    if (hooks.onOtherTab) hooks.onOtherTab();
  }, 50);
}

/** Read keys again from the database (all of them when `keys` is null), unless this page has writes to them in
    flight; then let the page show them (unless `quiet`: the page is about to be drawn anyway).
    @param {string[] | null} keys @param {boolean} [quiet] @returns {Promise<void>} */
async function refresh(keys, quiet = false) {
  const db = database();
  if (!db) {
    // The older storage: this page's own writes fire no "storage" event here, so read it all again.
    if (!usesDatabase()) load(unprefixed(localSnapshot() ?? {}));
    return;
  }
  /** @type {Record<string, string | undefined>} */
  const found = keys ? await readKeys(db, keys) : await readAll(db);
  // A tab brought back with nothing new is not drawn again.
  if (takeStored(found, keys) && !quiet) showOthers();
}

/* Whether this bundle's page kind is the one shown. Each page kind's bundle keeps its own memory copy of the store;
   after an instant navigation to another kind, the copy of the kind left behind stops following other writes (the
   one shown does), and reads everything again when its kind is shown again (start.js). */
let listening = true;

/** @param {boolean} on */
function listen(on) { listening = on; }

/* Another tab (or another page kind's bundle in this tab) wrote: read those keys again. */
if (channel) {
  channel.onmessage = (event) => {
    if (listening && event.data && Array.isArray(event.data.keys)) refresh(event.data.keys.map(String));
  };
}
// A page shown again from the back/forward cache, or a tab brought back, may hold an old copy: read it all again.
window.addEventListener("pageshow", (event) => { if (listening && event.persisted && database()) refresh(null); });
document.addEventListener("visibilitychange", () => {
  if (listening && document.visibilityState === "visible" && database()) refresh(null);
});
window.addEventListener("storage", (event) => {
  if (!listening || usesDatabase() || !(event.key === null || event.key.startsWith(PREFIX))) return;
  load(unprefixed(localSnapshot() ?? {}));
  showOthers();
});

/** What an older offline copy wrote to the first release's keys after the move, to be merged (storage-migration.js
    legacy), or null. @returns {Promise<Record<string, string> | null>} */
async function legacy() {
  const old = localSnapshot();
  return old && Object.keys(old).length ? (await loadMigration()).legacy() : null;
}

/** When the first release's keys were moved in, or null. @returns {Promise<string | null>} */
const movedAt = async () => (await loadMigration()).movedAt();

/** Remove the older copy's keys after a merge, or when set aside. @returns {Promise<boolean>} */
const retireLegacy = async () => (await loadMigration()).retireLegacy();

/** For scripts and tests (docs/reference/hooks.md): everything stored, with prefixes, read from the database itself
    (not from this page's memory). @returns {Promise<Record<string, string>>} */
async function dump() {
  await open();
  const db = database();
  if (!db) return localSnapshot() ?? {};
  const all = await readAll(db);
  /** @type {Record<string, string>} */
  const copy = {};
  for (const [key, text] of Object.entries(all)) copy[PREFIX + key] = text;
  return copy;
}

/** For scripts and tests: one raw write, as another program could have left it. @param {string} fullKey
    @param {string} text */
async function putRaw(fullKey, text) {
  await open();
  return commit({ [fullKey.startsWith(PREFIX) ? fullKey.slice(PREFIX.length) : fullKey]: text }, [], true);
}

export {
  PREFIX, status, say, showPending, open, refresh, listen, readKey, writeKey, removeKey, commit, snapshot, hooks, rawValue,
  isRefusing, legacy, retireLegacy, movedAt, dump, putRaw, settled, usesDatabase
};
