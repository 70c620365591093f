// @ts-check
/* The IndexedDB database "sbskb" and its one object store "kv" (key -> the stored text), as promises: opening it, and
 * reading all of it or some keys. Writing, with what a refusal means for the page, is the store's (storage.js). */

export const STORE_NAME = "kv";
const DB_NAME = "sbskb";
const DB_VERSION = 1;

/** @template T @param {IDBRequest<T>} idbRequest @returns {Promise<T>} */
export function request(idbRequest) {
  return new Promise((resolve, reject) => {
    idbRequest.onsuccess = () => resolve(idbRequest.result);
    idbRequest.onerror = () => reject(idbRequest.error);
  });
}

/** Resolves when the transaction completes, rejects when it is aborted or fails.
    @param {IDBTransaction} transaction @returns {Promise<void>} */
export function transactionDone(transaction) {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = transaction.onerror = () => {
      reject(transaction.error || new Error("the transaction was aborted"));
    };
  });
}

/** @returns {Promise<IDBDatabase>} */
export function openDatabase() {
  return new Promise((resolve, reject) => {
    const opening = window.indexedDB.open(DB_NAME, DB_VERSION);
    opening.onupgradeneeded = () => { opening.result.createObjectStore(STORE_NAME); };
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
    opening.onblocked = () => reject(new Error("the database is blocked by another tab"));
  });
}

/** Everything in the database, as {key: text}. @param {IDBDatabase} db @returns {Promise<Record<string, string>>} */
export async function readAll(db) {
  const store = db.transaction(STORE_NAME, "readonly").objectStore(STORE_NAME);
  const [keys, texts] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
  /** @type {Record<string, string>} */
  const all = {};
  keys.forEach((key, index) => { all[String(key)] = texts[index]; });
  return all;
}

/** The given keys as {key: text}; a key the database does not hold reads as undefined.
    @param {IDBDatabase} db @param {string[]} keys @returns {Promise<Record<string, string | undefined>>} */
export async function readKeys(db, keys) {
  const store = db.transaction(STORE_NAME, "readonly").objectStore(STORE_NAME);
  const texts = await Promise.all(keys.map((key) => request(store.get(key))));
  return Object.fromEntries(keys.map((key, index) => [key, texts[index]]));
}
