// @ts-check
/* A connected team folder on the Clients page: read on connect, when the page is brought back and every 10 s while
 * it is shown; each shared client merged three ways (team-sync.js) and its file written when the merge differs from
 * it, within a second of a change here and at most twice a second per file. A folder that is gone or may not be
 * written leaves this browser working from its own copy, and the status line says so. Its files are judged by
 * team-files.js; what it shows is team-view.js's. */
import * as clients from "./clients.js";
import { showConflicts } from "./team-conflicts.js";
import { judgedFiles } from "./team-files.js";
import { saveBase, storedBases } from "./team-store.js";
import { content, merged, oursOf, storeMerged } from "./team-sync.js";
import { showTeam } from "./team-view.js";

/**
 * @typedef {import("./team-sync.js").SharedFile} SharedFile
 * @typedef {import("./team-files.js").Skipped} Skipped
 * @typedef {import("./team-files.js").CopyFile} CopyFile
 * @typedef {{ root: HTMLElement, platformIds: string[], afterChange(): void, titleOf(itemId: string): string }}
 *   TeamDeps what the team folder needs of the Clients page: where to draw, the platforms a file may name, what to
 *   do once clients changed here, an item's title
 * @typedef {{ last: SharedFile | null, read: SharedFile | null }} Base what this browser knows of a client's file:
 *   as it last stood in the folder (written here, or read from a teammate), the base of the next merge; and as it
 *   was last read from a teammate, the base when the sync client left a conflicted copy of it
 */

const READ_EVERY_MS = 10_000;
const WRITE_AFTER_MS = 300;        // a change is written within a second, a burst of changes once
const WRITE_GAP_MS = 500;          // at most twice a second per file

/** @param {number} ms */
const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** Why the folder cannot be used now, in words, from the error the File System Access API threw. @param {unknown} error */
export function folderTrouble(error) {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotFoundError") return "is gone (moved, renamed or deleted)";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "NoModificationAllowedError") {
    return "may not be written from this browser (read-only, or permission refused)";
  }
  return `cannot be used (${error instanceof Error ? error.message : String(error)})`;
}

export class TeamFolder {
  /** @param {FileSystemDirectoryHandle} handle @param {TeamDeps} deps */
  constructor(handle, deps) {
    this.handle = handle;
    this.deps = deps;
    /** Client id -> what this browser knows of its file. @type {Map<string, Base>} */
    this.bases = new Map();
    /** File name -> when this browser last wrote it. @type {Map<string, number>} */
    this.written = new Map();
    /** @type {Promise<void>} */
    this.running = Promise.resolve();
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.soon = null;
    this.trouble = "";
    /** @type {Skipped[]} */
    this.skipped = [];
    /** @type {CopyFile[]} */
    this.copies = [];
    this.readAt = "";
    this.timer = setInterval(() => { if (document.visibilityState === "visible") this.sync(); }, READ_EVERY_MS);
    this.onShown = () => { if (document.visibilityState === "visible") this.sync(); };
    document.addEventListener("visibilitychange", this.onShown);
    window.addEventListener("focus", this.onShown);
  }

  /** Load the bases, then read and merge the folder. */
  async start() {
    const bases = await storedBases();
    for (const [id, text] of bases) this.bases.set(id, JSON.parse(text));
    await this.sync();
  }

  /** Whether client `id` is shared: this browser merged it with the folder. @param {string} id */
  shared(id) { return this.bases.has(id); }

  /** Something changed here: merge and write within a second, once per burst. */
  changed() {
    if (this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      this.sync();
    }, WRITE_AFTER_MS);
  }

  /** Read and merge the whole folder, one run at a time. @returns {Promise<void>} */
  sync() {
    this.running = this.running.then(() => this.syncNow());
    return this.running;
  }

  async syncNow() {
    if (!this.deps.root.isConnected) return this.stop();   // the page was left (instant navigation)
    try {
      const judged = await judgedFiles(this.files(), this.deps.platformIds);
      let stored = false;
      const inFolder = new Set(judged.clients.map((file) => file.id));
      const copied = new Set(judged.copies.map((copy) => copy.id));
      for (const file of judged.clients) {
        stored = await this.mergeClient(file.id, file.document, copied.has(file.id)) || stored;
      }
      // A shared client whose file is gone from the folder: written again from here (a client leaves only by its
      // tombstone, never by a missing file).
      for (const id of this.bases.keys()) if (!inFolder.has(id)) stored = await this.mergeClient(id, null) || stored;
      this.skipped = judged.skipped;
      this.copies = judged.copies;
      this.trouble = "";
      this.readAt = new Date().toISOString();
      if (stored) this.deps.afterChange();
    } catch (error) {
      this.trouble = folderTrouble(error);
    }
    this.show();
  }

  /** The folder's files, each a File. @returns {AsyncGenerator<File>} */
  async *files() {
    for await (const entry of /** @type {any} */ (this.handle).values()) {
      if (entry.kind === "file") yield await entry.getFile();
    }
  }

  /**
   * Merge client `id` with the folder's file (`theirs`, null when there is none), store the merge here when it
   * differs from this browser's client, write it when it differs from the file. Resolves whether it stored.
   *
   * The base is the file as it last stood in the folder: written here, or read from a teammate. A sync client replaces
   * a file only with one made from what it held, and keeps a "conflicted copy" when two computers changed it at once
   * (`concurrent`): then the file and the copy are each merged against the file as last read from a teammate, so the
   * changes of both computers are changes, and meet as a conflict or side by side, never one undoing the other.
   * @param {string} id @param {SharedFile | null} theirs @param {boolean} [concurrent]
   */
  async mergeClient(id, theirs, concurrent = false) {
    const known = this.baseOf(id);
    const ours = oursOf(id);
    const result = merged(concurrent ? known.read : known.last, ours, theirs);
    const wanted = content(result);
    let stored = false;
    if (wanted !== content(ours)) {
      if (!await storeMerged(id, result)) throw new Error("this browser's database refused the merge");
      stored = true;
    }
    const found = content(theirs);
    /** @type {Base} */
    const next = { last: known.last, read: known.read };
    if (theirs && found !== content(known.last)) {   // a teammate's file
      next.last = theirs;
      if (!concurrent) next.read = theirs;   // a conflicted copy still to merge keeps the base it was made from
    }
    if (wanted !== found) {
      await this.write(`${id}.json`, JSON.stringify(result, null, 1) + "\n");
      next.last = result;
    }
    if (content(next.last) !== content(known.last) || content(next.read) !== content(known.read)) {
      await saveBase(id, JSON.stringify(next));
      this.bases.set(id, next);
    }
    return stored;
  }

  /** What this browser knows of client `id`'s file. @param {string} id @returns {Base} */
  baseOf(id) {
    return this.bases.get(id) ?? { last: null, read: null };
  }

  /** Write a file of the folder, at most twice a second. @param {string} name @param {string} text */
  async write(name, text) {
    const wait = (this.written.get(name) ?? 0) + WRITE_GAP_MS - Date.now();
    if (wait > 0) await pause(wait);
    const started = performance.now();
    const file = await this.handle.getFileHandle(name, { create: true });
    const writable = await file.createWritable();
    await writable.write(text);
    await writable.close();   // the file is replaced whole: a reader never meets half of it
    this.written.set(name, Date.now());
    // For the benchmark (scripts/benchmark.py) and anyone profiling: one file written, from the call to the close.
    try {
      performance.measure("sbskb-team-write", { start: started, end: performance.now() });
    } catch (error) { /* no User Timing Level 3: written, not measured */ }
  }

  /** Share a client of this browser: its file is written, and it is merged from now on. @param {string} id */
  share(id) {
    this.bases.set(id, this.baseOf(id));
    return this.sync().then(() => this.deps.afterChange());   // its row says it is shared
  }

  /** Merge a sync client's copy of a client's file into this browser's client, as a third side beside the last
      merged file, then remove the copy (what it held is now here, and goes into the client's file with the next
      merge). @param {CopyFile} copy */
  mergeCopy(copy) {
    this.running = this.running.then(async () => {
      try {
        const ours = oursOf(copy.id);
        const result = merged(this.baseOf(copy.id).read ?? this.baseOf(copy.id).last, ours, copy.document);
        if (content(result) !== content(ours) && !await storeMerged(copy.id, result)) {
          throw new Error("this browser's database refused the merge");
        }
        this.bases.set(copy.id, this.baseOf(copy.id));
        await this.handle.removeEntry(copy.name);
        this.deps.afterChange();
      } catch (error) {
        this.trouble = folderTrouble(error);
      }
    });
    return this.sync();
  }

  /** Merge a client of this browser into a shared one it turned out to be (the technician said so): with no common
      base, every field the two hold differently is a conflict to pick. The client here is removed; Undo puts it
      back. @param {string} localId @param {string} sharedId */
  mergeSame(localId, sharedId) {
    this.running = this.running.then(async () => {
      const local = clients.list().find((client) => client.id === localId);
      const mine = oursOf(localId);
      if (!local || !mine) return;
      const renamed = { ...mine, clients: mine.clients.map((client) => ({ ...client, id: sharedId })), deleted: [] };
      if (!await storeMerged(sharedId, merged(null, oursOf(sharedId), renamed), local)) {
        this.trouble = "could not be merged here: this browser's database refused it";
      }
      this.deps.afterChange();
    });
    return this.sync();
  }

  show() {
    const list = clients.list();
    showTeam(this.deps.root, this, list);
    showConflicts(this.deps.root, list, this.deps.titleOf, () => this.deps.afterChange());
  }

  stop() {
    clearInterval(this.timer);
    document.removeEventListener("visibilitychange", this.onShown);
    window.removeEventListener("focus", this.onShown);
  }
}
