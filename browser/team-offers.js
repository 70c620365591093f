// @ts-check
/* What the Clients page offers once a team folder is connected (team-view.js draws the buttons): share a client of
 * this browser, merge a sync client's conflicted copy of a file, merge a client of this browser into a shared one the
 * technician says it is. Each runs as a pass of the folder (team-folder.js), in turn with the others. */
import * as clients from "./clients.js";
import { folderTrouble } from "./team-disk.js";
import { content, merged, oursOf, storeMerged } from "./team-sync.js";

/** @typedef {import("./team-folder.js").TeamFolder} TeamFolder @typedef {import("./team-files.js").CopyFile} CopyFile */

/** Share a client of this browser: its file is written, and it is merged from now on. @param {TeamFolder} folder
    @param {string} id */
export function share(folder, id) {
  folder.bases.set(id, folder.bases.of(id));
  return folder.sync().then(() => folder.deps.afterChange());   // its row says it is shared
}

/** Merge a sync client's copy of a client's file into this browser's client, as a third side beside the file it was
    made beside (team-folder.js mergeClient), then remove the copy: what it held is now here, and goes into the client's
    file with the next read. @param {TeamFolder} folder @param {CopyFile} copy */
export function mergeCopy(folder, copy) {
  folder.queue(async () => {
    try {
      const known = folder.bases.of(copy.id);
      const ours = oursOf(copy.id);
      const result = merged(known.read ?? known.last, ours, copy.document);
      if (content(result) !== content(ours) && !await storeMerged(copy.id, result)) {
        throw new Error("this browser's database refused the merge");
      }
      folder.bases.set(copy.id, known);
      await folder.handle.removeEntry(copy.name);
      folder.deps.afterChange();
    } catch (error) {
      folder.trouble = folderTrouble(error);
    }
  });
  return folder.sync();
}

/** Merge a client of this browser into a shared one it turned out to be (the technician said so): with no common
    base, every field the two hold differently is a conflict to pick. The client here is removed; Undo puts it back.
    @param {TeamFolder} folder @param {string} localId @param {string} sharedId */
export function mergeSame(folder, localId, sharedId) {
  folder.queue(async () => {
    const local = clients.list().find((client) => client.id === localId);
    const mine = oursOf(localId);
    if (!local || !mine) return;
    const renamed = { ...mine, clients: mine.clients.map((client) => ({ ...client, id: sharedId })), deleted: [] };
    if (!await storeMerged(sharedId, merged(null, oursOf(sharedId), renamed), local)) {
      folder.trouble = "could not be merged here: this browser's database refused it";
    }
    folder.deps.afterChange();
  });
  return folder.sync();
}

/** Bring back a shared client deleted in the team folder, as the last file that held it had it: stored here without
    its tombstone, which the next merge takes out of the folder's file too (a change since the deletion keeps a
    client). Deleting it again takes it back. @param {TeamFolder} folder @param {string} id */
export function bringBack(folder, id) {
  return folder.queue(async () => {
    const gone = folder.bases.of(id).gone;
    const client = gone?.clients.find((c) => /** @type {{ id: string }} */ (c).id === id);
    if (!client) return;
    if (!await storeMerged(id, { clients: [client], deleted: [] })) {
      folder.trouble = "could not bring the client back: this browser's database refused it";
    }
    folder.deps.afterChange();
    folder.show();   // no longer listed as deleted
  });
}
