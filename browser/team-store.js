// @ts-check
/* What this browser keeps of its team folder besides the clients: the folder's handle, and per shared client the
 * file as this browser last read it and what it wrote last, the base of the next three-way merge (team-folder.js).
 *
 * A database of its own, "sbskb-team", beside the store's "sbskb": a FileSystemDirectoryHandle is kept by structured
 * clone, never as the text the store's "kv" holds; "sbskb" needs no new version (which would close it in every open
 * tab); and the bases of 1,000 clients are read by this part alone, not loaded into every page's memory. */
import { request, transactionDone } from "./storage-database.js";

const DB_NAME = "sbskb-team";
const FOLDER = "folder";   // one record, "folder": the handle the technician picked
const BASES = "base";      // client id -> what this browser knows of its file (team-folder.js Base), as text

/** @type {Promise<IDBDatabase> | null} */
let opened = null;

/** @returns {Promise<IDBDatabase>} */
function open() {
  opened ||= new Promise((resolve, reject) => {
    const opening = window.indexedDB.open(DB_NAME, 1);
    opening.onupgradeneeded = () => {
      opening.result.createObjectStore(FOLDER);
      opening.result.createObjectStore(BASES);
    };
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => {
      opened = null;   // a later connect tries again
      reject(opening.error);
    };
  });
  return opened;
}

/** The folder connected last in this browser, or null. @returns {Promise<FileSystemDirectoryHandle | null>} */
export async function savedFolder() {
  const db = await open();
  const handle = await request(db.transaction(FOLDER).objectStore(FOLDER).get(FOLDER));
  return handle instanceof FileSystemDirectoryHandle ? handle : null;
}

/** @param {FileSystemDirectoryHandle} handle */
export async function saveFolder(handle) {
  const db = await open();
  const transaction = db.transaction(FOLDER, "readwrite");
  transaction.objectStore(FOLDER).put(handle, FOLDER);
  await transactionDone(transaction);
}

/** What this browser knows of each shared client's file (team-folder.js `Base`), as text.
    @returns {Promise<Map<string, string>>} */
export async function storedBases() {
  const db = await open();
  const store = db.transaction(BASES).objectStore(BASES);
  const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
  return new Map(keys.map((key, index) => [String(key), String(values[index])]));
}

/** The bases of clients `ids` as stored now, as text (absent: none stored): read again at the start of each pass,
    since another tab of this browser (a checklist page, a second Clients tab) merges the same files and moves their
    bases on. @param {Iterable<string>} ids @returns {Promise<Map<string, string>>} */
export async function storedBasesOf(ids) {
  const db = await open();
  const store = db.transaction(BASES).objectStore(BASES);
  const wanted = [...ids];
  const values = await Promise.all(wanted.map((id) => request(store.get(id))));
  return new Map(wanted.flatMap((id, index) => (values[index] === undefined ? [] : [[id, String(values[index])]])));
}

/** Store several clients' bases in one transaction. @param {Map<string, string>} texts client id -> team-folder.js
    `Base`, as JSON */
export async function saveBases(texts) {
  const db = await open();
  const transaction = db.transaction(BASES, "readwrite");
  for (const [id, text] of texts) transaction.objectStore(BASES).put(text, id);
  await transactionDone(transaction);
}
