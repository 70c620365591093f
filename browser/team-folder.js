// @ts-check
/* A connected team folder on the Clients page: read on connect, when the page is brought back and every 10 s while
 * it is shown; each shared client merged three ways (team-sync.js) and its file written when the merge differs from
 * it, within a second of a change here and at most twice a second per file. A folder that is gone or may not be
 * written leaves this browser working from its own copy, and the status line says so. Its files are judged by
 * team-files.js; what it shows is team-view.js's. */
import * as clients from "./clients.js";
import { showConflicts } from "./team-conflicts.js";
import { clientFile, folderFiles, folderTrouble, writeFile } from "./team-disk.js";
import { checkedFile, judgedFiles, stamp } from "./team-files.js";
import { saveBases, storedBases } from "./team-store.js";
import { content, merged, oursOf, same, storeMerged, storedSignatures } from "./team-sync.js";
import { showTeam } from "./team-view.js";

/**
 * @typedef {import("./team-sync.js").SharedFile} SharedFile
 * @typedef {import("./team-files.js").Skipped} Skipped
 * @typedef {import("./team-files.js").CopyFile} CopyFile
 * @typedef {{ root: HTMLElement, platformIds: string[], afterChange(): void, titleOf(itemId: string): string }}
 *   TeamDeps what the team folder needs of the Clients page: where to draw, the platforms a file may name, what to
 *   do once clients changed here, an item's title
 * @typedef {import("./team-sync.js").Signature} Signature
 * @typedef {{ last: SharedFile | null, read: SharedFile | null }} Base what this browser knows of a client's file:
 *   as it last stood in the folder (written here, or read from a teammate), the base of the next merge; and as it
 *   was last read from a teammate, the base when the sync client left a conflicted copy of it
 */

const READ_EVERY_MS = 10_000;
const WRITE_AFTER_MS = 700;        // a change is written within a second; a burst of changes once, not per tick
const WRITE_GAP_MS = 500;          // at most twice a second per file

/** For the benchmark (scripts/benchmark.py) and anyone profiling: a read of the folder ("sbskb-team-read") or of the
    files changed here ("sbskb-team-changed"), with its merges, from `started` to now. @param {string} name
    @param {number} started */
function measure(name, started) {
  try {
    performance.measure(name, { start: started, end: performance.now() });
  } catch (error) { /* no User Timing Level 3: done, not measured */ }
}

/** The main thread given back for a moment, between the steps of a merge. */
const idle = () => new Promise((resolve) => { setTimeout(resolve, 0); });

/** @param {number} ms */
const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

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
    /** Clients whose base changed since the bases were last stored. @type {Set<string>} */
    this.unsaved = new Set();
    /** Client id -> its file and this browser's client as last merged, so an unchanged pair is not read again.
        @type {Map<string, { file: string, ours: Signature | undefined }>} */
    this.merged = new Map();
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
      this.queue(() => this.syncChanged());
    }, WRITE_AFTER_MS);
  }

  /** Merge and write the shared clients changed here since they were last merged, reading only their files: a tick
      costs one file, not the folder (the whole folder is read on load, on focus and every 10 s). */
  async syncChanged() {
    if (!this.deps.root.isConnected) return this.stop();
    const started = performance.now();
    const signatures = storedSignatures();
    let stored = false;
    try {
      const changed = [...this.bases.keys()].filter((key) => !same(this.merged.get(key)?.ours, signatures.get(key)));
      if (!changed.length) return;
      for (const id of changed) {
        const file = await clientFile(this.handle, id);
        const checked = file && await checkedFile(file, id, this.deps.platformIds);
        if (checked && "why" in checked) continue;   // a bad file: the next read of the folder says why
        stored = await this.mergeClient(id, checked ? checked.document : null) || stored;
        this.merged.set(id, { file: file ? stamp(file) : "", ours: undefined });   // ours: once stored, below
      }
      const after = storedSignatures(new Set(changed));
      for (const id of changed) this.merged.set(id, { file: this.merged.get(id)?.file ?? "", ours: after.get(id) });
      await this.storeBases();
      this.trouble = "";
    } catch (error) {
      this.trouble = folderTrouble(error);
    }
    if (stored || this.trouble) this.show();
    if (stored) this.deps.afterChange();
    measure("sbskb-team-changed", started);
  }

  /** Read and merge the whole folder, one run at a time. @returns {Promise<void>} */
  sync() {
    return this.queue(() => this.syncNow());
  }

  /** Run `task` after the ones queued before it; one that fails is said in the status line, and the next still runs.
      @param {() => Promise<void>} task @returns {Promise<void>} */
  queue(task) {
    this.running = this.running.then(task).catch((error) => {
      this.trouble = folderTrouble(error);
      this.show();
    });
    return this.running;
  }

  async syncNow() {
    if (!this.deps.root.isConnected) return this.stop();   // the page was left (instant navigation)
    const started = performance.now();
    try {
      const signatures = storedSignatures();
      const judged = await judgedFiles(folderFiles(this.handle), this.deps.platformIds, (id, file) => {
        const last = this.merged.get(id);
        return !!last && last.file === stamp(file) && same(last.ours, signatures.get(id));
      });
      let stored = false;
      const inFolder = new Set([...judged.clients.map((file) => file.id), ...judged.unchanged]);
      const copied = new Set(judged.copies.map((copy) => copy.id));
      for (const file of judged.clients) {
        stored = await this.mergeClient(file.id, file.document, copied.has(file.id)) || stored;
      }
      // A file is read again only once it or this browser's client changed (a file written here, once).
      const after = storedSignatures(new Set(judged.clients.map((file) => file.id)));
      for (const file of judged.clients) this.merged.set(file.id, { file: file.stamp, ours: after.get(file.id) });
      // A shared client whose file is gone from the folder: written again from here (a client leaves only by its
      // tombstone, never by a missing file).
      for (const id of this.bases.keys()) if (!inFolder.has(id)) stored = await this.mergeClient(id, null) || stored;
      this.skipped = judged.skipped;
      this.copies = judged.copies;
      await this.storeBases();
      this.trouble = "";
      this.readAt = new Date().toISOString();
      if (stored) this.deps.afterChange();
    } catch (error) {
      this.trouble = folderTrouble(error);
    }
    this.show();
    measure("sbskb-team-read", started);
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
    await idle();   // a tick waiting in another tab of this page's process goes first
    const known = this.baseOf(id);
    const ours = oursOf(id);
    const result = merged(concurrent ? known.read : known.last, ours, theirs);
    const wanted = content(result);
    let stored = false;
    if (wanted !== content(ours)) {
      if (!await storeMerged(id, result)) throw new Error("this browser's database refused the merge");
      stored = true;
    }
    await idle();
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
      this.bases.set(id, next);
      this.unsaved.add(id);
    }
    return stored;
  }

  /** Store the bases changed by a pass of merges, in one transaction at its end: a burst of changes stores them
      once, and before the page can be left. */
  async storeBases() {
    if (!this.unsaved.size) return;
    const texts = new Map([...this.unsaved].map((id) => [id, JSON.stringify(this.baseOf(id))]));
    this.unsaved.clear();
    await saveBases(texts);
  }

  /** What this browser knows of client `id`'s file. @param {string} id @returns {Base} */
  baseOf(id) {
    return this.bases.get(id) ?? { last: null, read: null };
  }

  /** Write a file of the folder, at most twice a second. @param {string} name @param {string} text */
  async write(name, text) {
    const wait = (this.written.get(name) ?? 0) + WRITE_GAP_MS - Date.now();
    if (wait > 0) await pause(wait);
    await writeFile(this.handle, name, text);
    this.written.set(name, Date.now());
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
    this.queue(async () => {
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
    this.queue(async () => {
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
    showConflicts(this.deps.root, list, this.deps.titleOf, () => {
      this.deps.afterChange();
      this.show();
    });
  }

  stop() {
    clearInterval(this.timer);
    document.removeEventListener("visibilitychange", this.onShown);
    window.removeEventListener("focus", this.onShown);
  }
}
