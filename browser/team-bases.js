// @ts-check
/* What this browser knows of each shared client's file (team-folder.js `Base`): the base of its next three-way merge,
 * kept in memory and stored (team-store.js) once per pass. Another tab of this browser merges the same files and
 * moves their bases on, so a pass reads again those of the clients it merges: parsed only when their stored text
 * changed. */
import { saveBases, storedBases, storedBasesOf } from "./team-store.js";

/** @typedef {import("./team-folder.js").Base} Base */

export class Bases {
  constructor() {
    /** Client id -> its base. @type {Map<string, Base>} */
    this.known = new Map();
    /** Client id -> the stored text its base was read from or stored as. @type {Map<string, string>} */
    this.texts = new Map();
    /** Clients whose base changed since the bases were last stored. @type {Set<string>} */
    this.unsaved = new Set();
  }

  async load() {
    for (const [id, text] of await storedBases()) this.take(id, text);
  }

  /** @param {string} id @param {string} text */
  take(id, text) {
    this.known.set(id, JSON.parse(text));
    this.texts.set(id, text);
  }

  /** Whether client `id` is shared: this browser merged it with the folder, or was asked to. @param {string} id */
  has(id) { return this.known.has(id); }

  ids() { return [...this.known.keys()]; }

  /** @param {string} id @returns {Base} */
  of(id) { return this.known.get(id) ?? { last: null, read: null }; }

  /** A base changed by a merge, stored with the pass's others. @param {string} id @param {Base} base */
  set(id, base) {
    this.known.set(id, base);
    this.unsaved.add(id);
  }

  /** The bases of `ids` as the last pass of any tab here stored them (this tab's own unstored ones kept).
      @param {string[]} ids */
  async fresh(ids) {
    for (const [id, text] of await storedBasesOf(ids)) {
      if (!this.unsaved.has(id) && this.texts.get(id) !== text) this.take(id, text);
    }
  }

  /** Store the bases changed by a pass of merges, in one transaction at its end: a burst of changes stores them
      once, and before the page can be left (and before the next tab's pass reads them). */
  async store() {
    if (!this.unsaved.size) return;
    const saved = [...this.unsaved].map((id) => ({ id, base: this.of(id), text: JSON.stringify(this.of(id)) }));
    await saveBases(new Map(saved.map(({ id, text }) => [id, text])));
    for (const { id, base, text } of saved) {
      this.texts.set(id, text);
      if (this.of(id) === base) this.unsaved.delete(id);   // not one set again meanwhile (a share)
    }
  }
}
