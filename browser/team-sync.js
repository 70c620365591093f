// @ts-check
/* One shared client merged three ways (issue 27's merge, rules/merge3.js): the file as this browser last merged it
 * (the base, team-store.js), this browser's client as Export writes it (ours) and the folder's file (theirs). The
 * merge is stored here when it differs from ours, and is what the folder's file should hold when it differs from
 * theirs; team-folder.js does the reading and writing. */
import * as clients from "./clients.js";
import { exportClients } from "./export.js";
import { importedClient } from "./imported-client.js";
import { canonical } from "./merge3-fields.js";
import { mergeExports } from "./rules/merge3.js";
import * as store from "./storage.js";
import { TOMBSTONES, storedTombstones } from "./tombstones.js";

/**
 * @typedef {import("./types.js").Client} Client
 * @typedef {import("./types.js").ClientV4} ClientV4
 * @typedef {import("./types.js").Tombstone} Tombstone
 * @typedef {{ clients: object[], deleted?: Tombstone[] }} SharedFile a client's file: the client, its tombstone
 * @typedef {{ entry: string, state: string | null, stone: string }} Signature a client as stored here: its list
 *   entry, its state's stored text (the very string the store holds: unchanged, it compares at once) and tombstone
 */

/** The stored client list, read once per stored text of it: a pass over 1,000 files asks for it per file, and
    parses it again only once a merge stored another. Nothing here changes what it returns. @type {{ raw: unknown,
    list: Client[] }} */
let listRead = { raw: undefined, list: [] };

/** @returns {Client[]} */
function storedList() {
  const raw = store.rawValue(`${store.PREFIX}clients`);
  if (raw !== listRead.raw) listRead = { raw, list: clients.list() };
  return listRead.list;
}

/** What each file holds (`held`), worked out once per file read, merged or stored as a base. @type {WeakMap<object,
    string>} */
const contents = new WeakMap();

/** This browser's side of client `id`: the client as Export writes it, with its tombstone if it was deleted; null
    when this browser holds neither. @param {string} id @returns {SharedFile | null} */
export function oursOf(id) {
  const client = storedList().find((c) => c.id === id);
  const stones = storedTombstones().filter((stone) => stone.id === id);
  return client || stones.length ? exportClients(client ? [client] : [], undefined, stones) : null;
}

/** What a file holds, as it is written: its client and tombstone in canonical JSON, not when it was exported. For a
    merge's result, a file read from the folder or a base, which a merge wrote (a file put in the folder by hand may
    hold the same in another form: it then differs from its merge, and is written again once, as the merge writes it).
    "" for none. @param {SharedFile | null} file */
export function held(file) {
  if (!file) return "";
  let text = contents.get(file);
  if (text === undefined) contents.set(file, text = canonical({ clients: file.clients, deleted: file.deleted ?? [] }));
  return text;
}

/** What this browser's side (`oursOf`) holds, as the merge writes it: Export writes empty groups (values, values
    before a change, items without a field) that a merge leaves out, so it is merged with nothing first.
    @param {SharedFile | null} ours */
export const content = (ours) => (ours ? held(merged(null, ours, null)) : "");

/** Base, ours and theirs merged (none of a side: an empty file, which has no opinion on the client).
    @param {SharedFile | null} base @param {SharedFile | null} ours @param {SharedFile | null} theirs
    @returns {SharedFile} */
export function merged(base, ours, theirs) {
  // Its tombstones are the sides' (checked: team-files.js; or written here), so their change times are text.
  return /** @type {SharedFile} */ (/** @type {unknown} */ (mergeExports(base, ours, theirs).merged));
}

/** While `result` deletes client `id`, the first of `files` that holds it (this browser's client, the file before,
    the one kept already): what bringing it back restores. null once the client is kept.
    @param {string} id @param {SharedFile} result @param {(SharedFile | null | undefined)[]} files
    @returns {SharedFile | null} */
export function deletedFrom(id, result, files) {
  /** @param {SharedFile | null | undefined} file */
  const holds = (file) => !!file && file.clients.some((client) => /** @type {ClientV4} */ (client).id === id);
  if (holds(result)) return null;
  return files.find(holds) ?? null;
}

/** The list entry of a client as a file holds it. @param {ClientV4} client @returns {{ entry: Client, state: object }} */
function stored(client) {
  const { profile, state } = importedClient(client, 5);
  const { name, platform, changed, by, conflict } = profile;
  /** @type {Client} */
  const entry = { id: client.id, name, platform, changed, ...(Object.keys(by).length ? { by } : {}),
                  ...(Object.keys(conflict).length ? { conflict } : {}) };
  return { entry, state };
}

/**
 * Store the merge of client `id` in place of this browser's, in one transaction: the client (added, or changed) or
 * its removal by a tombstone; with `replaced`, a client of this browser merged into it is removed too. Undo takes
 * back a removal (until the next Replace or Delete). Resolves true once stored.
 * @param {string} id @param {SharedFile} file the merge @param {Client | null} [replaced]
 * @returns {Promise<boolean>}
 */
export function storeMerged(id, file, replaced = null) {
  const list = storedList().filter((c) => !replaced || c.id !== replaced.id);
  const client = /** @type {ClientV4 | undefined} */ (file.clients.find((c) => /** @type {ClientV4} */ (c).id === id));
  const stone = (file.deleted ?? []).find((s) => s.id === id);
  /** @type {Record<string, string>} */
  const puts = {};
  /** @type {string[]} */
  const removals = [];
  const here = list.find((c) => c.id === id);
  if (client) {
    const { entry, state } = stored(client);
    puts.clients = JSON.stringify(here ? list.map((c) => (c.id === id ? entry : c)) : [...list, entry]);
    puts[`client.${id}`] = JSON.stringify(state);
  } else if (here) {
    puts.clients = JSON.stringify(list.filter((c) => c.id !== id));
    removals.push(`client.${id}`);
  }
  const stones = storedTombstones().filter((s) => s.id !== id).concat(stone ? [stone] : []);
  if (JSON.stringify(stones) !== JSON.stringify(storedTombstones())) puts[TOMBSTONES] = JSON.stringify(stones);
  if (replaced) {
    puts.clients ??= JSON.stringify(list);
    removals.push(`client.${replaced.id}`);
    puts.undo = clients.undoRecord(`Merged ${replaced.name} into the team's ${client ? client.name.value : id}`,
                                   ["clients", `client.${id}`, `client.${replaced.id}`, "current", TOMBSTONES], puts,
                                   removals);
  } else if (!client && here) {
    const who = stone && stone.by ? ` by ${stone.by}` : "";
    puts.undo = clients.undoRecord(`Removed ${here.name}: deleted${who} in the team folder`,
                                   ["clients", `client.${id}`, "current", TOMBSTONES], puts, removals);
  }
  return store.commit(puts, removals);
}

/** Each client as stored here (`Signature`), by id, of those `only` names (all when it is absent): what changes
    when it changes. @param {Set<string>} [only] @returns {Map<string, Signature>} */
export function storedSignatures(only) {
  /** @type {Map<string, Signature>} */
  const found = new Map();
  for (const client of storedList()) {
    if (only && !only.has(client.id)) continue;
    const state = store.rawValue(`${store.PREFIX}client.${client.id}`);
    found.set(client.id, { entry: JSON.stringify(client), state, stone: "" });
  }
  for (const stone of storedTombstones()) {
    if (only && !only.has(stone.id)) continue;
    const held = found.get(stone.id) ?? { entry: "", state: null, stone: "" };
    found.set(stone.id, { ...held, stone: JSON.stringify(stone) });
  }
  return found;
}

/** Whether two signatures are of one stored client, unchanged. @param {Signature | undefined} x
    @param {Signature | undefined} y */
export const same = (x, y) => !!x && !!y && x.entry === y.entry && x.state === y.state && x.stone === y.stone;
