// @ts-check
/* A connected team folder: each shared client merged three ways (team-sync.js) and its file written when the merge
 * differs from it, within a second of a change in any tab of this browser and at most twice a second per file.
 * - On the Clients page the whole folder is read on connect, when the page is brought back and every 10 s while it is
 *   shown; its files are judged by team-files.js and what it found is shown by team-view.js.
 * - On a checklist page (deps.follow) only the client shown there is read, at the same moments: a teammate's change to
 *   it arrives while the technician works on it, and the page's own changes are written without a Clients page.
 * Tabs hear each other's changes (team-heard.js); their passes take turns (Web Locks), each from the bases the last
 * stored. A folder that is gone or may not be written leaves this browser working from its own copy, and says so. */
import { clientFile, folderFiles, folderTrouble, measure, writeFile } from "./team-disk.js";
import { checkedFile, judgedFiles, stamp } from "./team-files.js";
import { Bases } from "./team-bases.js";
import { changedClients, holdWhileShown, writesChanges } from "./team-heard.js";
import { content, deletedFrom, held, merged, oursOf, same, storeMerged, storedSignatures } from "./team-sync.js";
import { showFolder } from "./team-view.js";
import * as store from "./storage.js";

/**
 * @typedef {import("./team-sync.js").SharedFile} SharedFile
 * @typedef {import("./team-files.js").Skipped} Skipped
 * @typedef {import("./team-files.js").CopyFile} CopyFile
 * @typedef {{ root: HTMLElement, platformIds: string[], afterChange(): void, titleOf(itemId: string): string,
 *   follow?: () => string | null }} TeamDeps what the team folder needs of its page: where to draw, the platforms a
 *   file may name, what to do once clients changed here, an item's title; on a checklist page, `follow` gives the
 *   client shown there, the one whose file is read
 * @typedef {import("./team-sync.js").Signature} Signature
 * @typedef {{ last: SharedFile | null, read: SharedFile | null, gone?: SharedFile | null }} Base what this browser
 *   knows of a client's file: as it last stood in the folder (written here, or read from a teammate), the base of the
 *   next merge; as it was last read from a teammate, the base when the sync client left a conflicted copy of it; and,
 *   while the client is deleted, the last file that held it, which the Clients page can bring back
 * @typedef {{ id: string, document: SharedFile | null, stamp: string }} Found a client's file as read: what it holds
 *   (null: there is none) and its stamp ("" for none)
 */

const READ_EVERY_MS = 10_000;
const QUIET_MS = 300;              // a burst of changes (ticking down a list) is written once it pauses ...
const WRITE_WITHIN_MS = 800;       // ... and within a second of its first change, however long it lasts
const WRITE_GAP_MS = 500;          // at most twice a second per file
const LOCK = "sbskb-team";         // the passes of every tab of this browser take turns

/** The main thread given back for a moment, between the steps of a merge. */
const idle = () => new Promise((resolve) => { setTimeout(resolve, 0); });
/** @param {number} ms */
const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

export class TeamFolder {
  /** @param {FileSystemDirectoryHandle} handle @param {TeamDeps} deps */
  constructor(handle, deps) {
    this.handle = handle;
    this.deps = deps;
    this.bases = new Bases();
    /** File name -> when this tab last wrote it; client id -> the stamp of the file it wrote last.
        @type {Map<string, number>} */
    this.written = new Map();
    /** @type {Map<string, string>} */
    this.wrote = new Map();
    /** @type {Promise<void>} */
    this.running = Promise.resolve();
    /** The pass over what this browser changed, waiting; when the first change it waits for was heard.
        @type {ReturnType<typeof setTimeout> | null} */
    this.soon = null;
    /** @type {number | null} */
    this.firstHeard = null;
    /** Clients changed in this browser since the last pass over them; "all" when the list or the tombstones changed.
        @type {Set<string> | "all"} */
    this.heard = new Set();
    this.trouble = "";
    /** What the last read of the folder skipped, and the copies it found. @type {Skipped[]} */
    this.skipped = [];
    this.copies = /** @type {CopyFile[]} */ ([]);
    this.readAt = "";
    /** Client id -> its file's stamp and this browser's client as last merged, so an unchanged pair is not merged
        again. @type {Map<string, { file: string, ours: Signature | undefined }>} */
    this.merged = new Map();
    this.onShown = () => { if (document.visibilityState === "visible") this.sync(); };
    this.timer = setInterval(this.onShown, READ_EVERY_MS);
    document.addEventListener("visibilitychange", this.onShown);
    window.addEventListener("focus", this.onShown);
    // Every write of every tab here, this one's too (the store's channel: storage-memory.js).
    this.channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("sbskb") : null;
    if (this.channel) this.channel.onmessage = (event) => this.changed(event.data?.keys);
    this.unhold = holdWhileShown();
  }

  /** Load the bases, then read and merge the folder (on a checklist page: the followed client's file; every other
      shared client is taken as merged until it changes, as the Clients page left it). */
  async start() {
    await this.bases.load();
    if (this.deps.follow) {
      const signatures = storedSignatures();
      for (const id of this.bases.ids()) this.merged.set(id, { file: "?", ours: signatures.get(id) });
    }
    await this.sync();
  }

  /** Whether client `id` is shared: this browser merged it with the folder. @param {string} id */
  shared(id) { return this.bases.has(id); }

  /** Keys of the store changed in a tab of this browser: their clients merged and written within a second, once per
      burst. @param {unknown} keys */
  changed(keys) {
    this.heard = changedClients(this.heard, keys);
    if (this.heard !== "all" && !this.heard.size) return;
    const now = performance.now();
    this.firstHeard ??= now;
    if (this.soon) clearTimeout(this.soon);
    this.soon = setTimeout(async () => {
      this.soon = null;
      this.firstHeard = null;
      const heard = this.heard;
      this.heard = new Set();
      if (!await writesChanges()) return;   // a shown tab writes them
      this.queue(() => this.syncClients(heard === "all" ? this.bases.ids() : [...heard], false));
    }, Math.min(QUIET_MS, this.firstHeard + WRITE_WITHIN_MS - now));
  }

  /** Read and merge the folder (the followed client's file, on a checklist page), one pass at a time.
      @returns {Promise<void>} */
  sync() {
    if (!this.deps.follow) return this.queue(() => this.syncNow());
    const id = this.deps.follow();
    return id ? this.queue(() => this.syncClients([id], true)) : Promise.resolve();
  }

  /** Run `task` after the ones queued before it, in turn with the other tabs' passes; one that fails is said, and the
      next still runs. @param {() => Promise<void>} task @returns {Promise<void>} */
  queue(task) {
    const locks = navigator.locks;
    // (TypeScript's LockManager types the task's promise as the result, not what it resolves.)
    const turn = () => (locks ? /** @type {Promise<void>} */ (/** @type {unknown} */ (locks.request(LOCK, task)))
      : task());
    this.running = this.running.then(turn).catch((error) => {
      this.trouble = folderTrouble(error);
      this.show();
    });
    return this.running;
  }

  /** Merge clients `ids` with their files, reading only those: a tick costs one file, not the folder. After a change
      (`read` false) a client whose stored client is as last merged is passed over; on a read, one whose file is too.
      @param {string[]} ids @param {boolean} read */
  async syncClients(ids, read) {
    if (!this.deps.root.isConnected) return this.stop();   // the page was left (instant navigation)
    const started = performance.now();
    try {
      const signatures = storedSignatures(new Set(ids));
      // A pass after a change merges the shared clients changed here; a read also those whose file changed. A
      // client shared in another tab since is known by its base.
      const unchanged = (/** @type {string} */ id) => same(this.merged.get(id)?.ours, signatures.get(id));
      const wanted = ids.filter((id) => read || !unchanged(id));
      await this.bases.fresh(wanted);
      /** @type {Found[]} */
      const found = [];
      for (const id of wanted.filter((key) => this.bases.has(key))) {
        const file = await clientFile(this.handle, id);
        const now = file ? stamp(file) : "";
        if (read && this.merged.get(id)?.file === now && unchanged(id)) continue;
        // The file as this tab wrote it last holds that merge, its base: not read nor checked again.
        const mine = file && this.wrote.get(id) === now ? this.bases.of(id).last : null;
        const checked = file && !mine ? await checkedFile(file, id, this.deps.platformIds) : null;
        if (checked && "why" in checked) continue;   // a bad file: the Clients page's read of the folder says why
        found.push({ id, document: mine ?? (checked ? checked.document : null), stamp: now });
      }
      const news = await this.mergeFound(found, new Set());
      this.settled("", read || news);
    } catch (error) {
      this.settled(folderTrouble(error), true);
    }
    measure(read ? "sbskb-team-read" : "sbskb-team-changed", started);
  }

  /** Read and merge the whole folder: every client's file (an unchanged one is not read again), the copies sync
      clients made and the files skipped, with why. */
  async syncNow() {
    if (!this.deps.root.isConnected) return this.stop();
    const started = performance.now();
    try {
      const signatures = storedSignatures();
      const judged = await judgedFiles(folderFiles(this.handle), this.deps.platformIds, (id, file) => {
        const last = this.merged.get(id);
        return !!last && last.file === stamp(file) && same(last.ours, signatures.get(id));
      });
      await this.bases.fresh(judged.clients.map((file) => file.id));
      const inFolder = new Set([...judged.clients.map((file) => file.id), ...judged.unchanged]);
      // A shared client whose file is gone from the folder: written again from here (a client leaves only by its
      // tombstone, never by a missing file).
      const missing = this.bases.ids().filter((id) => !inFolder.has(id))
        .map((id) => ({ id, document: null, stamp: "" }));
      await this.mergeFound([...judged.clients, ...missing], new Set(judged.copies.map((copy) => copy.id)));
      this.skipped = judged.skipped;
      this.copies = judged.copies;
      this.readAt = new Date().toISOString();
      this.settled("", true);
    } catch (error) {
      this.settled(folderTrouble(error), true);
    }
    measure("sbskb-team-read", started);
  }

  /** Merge each file found, note it as merged, store the bases it moved on, and draw the page again when the store
      changed; resolves whether the store or a base did (a client deleted or brought back, a file another tab wrote).
      @param {Found[]} found @param {Set<string>} copied ids with a sync client's conflicted copy */
  async mergeFound(found, copied) {
    let stored = false;
    for (const file of found) {
      const merge = await this.mergeClient(file.id, file.document, copied.has(file.id));
      stored = merge.stored || stored;
      // A file is merged again only once it or this browser's client changed since (this merge's write is no change).
      this.merged.set(file.id, { file: merge.wrote ?? file.stamp, ours: merge.ours });
    }
    const moved = this.bases.unsaved.size > 0;
    await this.bases.store();
    if (stored) this.deps.afterChange();
    return stored || moved;
  }

  /** A pass ended, with `trouble` ("" when the folder could be used): drawn when `shown` (what the pass found is
      news), said when it changed. @param {string} trouble @param {boolean} shown */
  settled(trouble, shown) {
    const news = trouble !== this.trouble;
    this.trouble = trouble;
    if (!this.deps.follow && (shown || news)) this.show();
    if (this.deps.follow && news && trouble) {
      store.say(`The team folder “${this.handle.name}” ${trouble}: this browser keeps working from its own copy.`);
    }
  }

  /**
   * Merge client `id` with the folder's file (`theirs`, null when there is none), store the merge here when it
   * differs from this browser's client, write it when it differs from the file. Resolves whether it stored, and this
   * browser's client as merged: read with the client it merged (or once the merge is stored), so a change stored
   * while the file is written is a change for the next pass.
   *
   * The base is the file as it last stood in the folder: written here, or read from a teammate. A sync client replaces
   * a file only with one made from what it held, and keeps a "conflicted copy" when two computers changed it at once
   * (`concurrent`): then the file and the copy are each merged against the file as last read from a teammate, so the
   * changes of both computers are changes, and meet as a conflict or side by side, never one undoing the other.
   * @param {string} id @param {SharedFile | null} theirs @param {boolean} [concurrent]
   */
  async mergeClient(id, theirs, concurrent = false) {
    await idle();   // a tick waiting in another tab of this page's process goes first
    const known = this.bases.of(id);
    const ours = oursOf(id);
    let seen = storedSignatures(new Set([id])).get(id);   // read with ours, in the same moment
    const result = merged(concurrent ? known.read : known.last, ours, theirs);
    await idle();   // each step a millisecond or two: a tick is never kept waiting behind the whole merge
    const wanted = held(result);
    let stored = false;
    if (wanted !== content(ours)) {
      // Stored only over the client it was merged from: one changed meanwhile is merged again by the next pass.
      const now = storedSignatures(new Set([id])).get(id);   // none before and none now (a new client) is no change
      if (now !== seen && !same(seen, now)) return { stored, ours: undefined, wrote: undefined };
      if (!await storeMerged(id, result)) throw new Error("this browser's database refused the merge");
      stored = true;
      seen = storedSignatures(new Set([id])).get(id);   // the memory copy takes a commit once it is stored
    }
    await idle();
    const found = held(theirs);
    const lastContent = held(known.last);
    /** @type {Base} */
    const next = { last: known.last, read: known.read, gone: deletedFrom(id, result, [ours, known.last, known.gone]) };
    if (theirs && found !== lastContent) {   // a teammate's file
      next.last = theirs;
      if (!concurrent) next.read = theirs;   // a conflicted copy still to merge keeps the base it was made from
    }
    let wrote;
    if (wanted !== found) {
      wrote = stamp(await this.write(`${id}.json`, JSON.stringify(result, null, 1) + "\n"));
      this.wrote.set(id, wrote);
      next.last = result;
    }
    // Stored again only when it holds something else: the same file read back is no news.
    if ((next.last !== known.last && held(next.last) !== lastContent)
        || (next.read !== known.read && held(next.read) !== held(known.read))
        || held(next.gone ?? null) !== held(known.gone ?? null)) this.bases.set(id, next);
    return { stored, ours: seen, wrote };
  }

  /** Write a file of the folder, at most twice a second; resolves it as written. @param {string} name
      @param {string} text */
  async write(name, text) {
    const wait = (this.written.get(name) ?? 0) + WRITE_GAP_MS - Date.now();
    if (wait > 0) await pause(wait);
    const file = await writeFile(this.handle, name, text);
    this.written.set(name, Date.now());
    return file;
  }

  show() { if (!this.deps.follow) showFolder(this); }   // a checklist page shows a conflict on its item, from the store

  stop() {
    clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    document.removeEventListener("visibilitychange", this.onShown);
    window.removeEventListener("focus", this.onShown);
    this.channel?.close();
    this.unhold();
  }
}
