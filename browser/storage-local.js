// @ts-check
/* localStorage under the key family "sbskb.v1.*": where the first release kept everything, and where the store falls
 * back when this browser's database cannot be used. Only keys with the prefix are ever read, written or removed:
 * Material keeps its own settings in localStorage too. */

/** The prefix of every key of this site, in localStorage and wherever keys are shown (snapshot, dump). */
export const PREFIX = "sbskb.v1.";

/** This site's localStorage keys (with prefix) and their text; null when localStorage cannot be read.
    @returns {Record<string, string> | null} */
export function localSnapshot() {
  /** @type {Record<string, string>} */
  const copy = {};
  try {
    for (let i = 0; i < window.localStorage.length; i++) {
      const key = window.localStorage.key(i);
      if (key !== null && key.startsWith(PREFIX)) copy[key] = window.localStorage.getItem(key) ?? "";
    }
  } catch (error) { return null; }
  return copy;
}

/** Put this site's localStorage back as `copy` (a localSnapshot) was: after a write it refused halfway.
    @param {Record<string, string> | null} copy */
export function restoreLocal(copy) {
  if (!copy) return;
  try {
    for (const key of Object.keys(localSnapshot() ?? {})) if (!(key in copy)) window.localStorage.removeItem(key);
    for (const [key, text] of Object.entries(copy)) window.localStorage.setItem(key, text);
  } catch (error) { /* nothing more can be done; the status line says the write failed */ }
}

/** Remove the given keys (with prefix) from localStorage; false when it refuses. @param {string[]} keys */
export function removeLocal(keys) {
  try {
    for (const key of keys) window.localStorage.removeItem(key);
  } catch (error) { return false; }
  return true;
}

/** A {key: text} map with the keys' prefix taken off. @param {Record<string, string>} map */
export function unprefixed(map) {
  /** @type {Record<string, string>} */
  const plain = {};
  for (const [key, text] of Object.entries(map)) plain[key.slice(PREFIX.length)] = text;
  return plain;
}
