// @ts-check
/* Clients in the export format (docs/schemas/progress-v5.schema.json), and what an older copy of the site left in
 * localStorage as such a file, to merge. */
import * as clients from "./clients.js";
import { storedMailLogs } from "./mail-log-summary.js";
import { hasOwn, pageVocabulary } from "./vocabulary.js";

/** @typedef {import("./types.js").Client} Client */
/** @typedef {import("./types.js").ClientState} ClientState */
/** @typedef {import("./types.js").ClientV4} ClientV4 */
/** @typedef {import("./types.js").ExportV5} ExportV5 */
/** @typedef {import("./types.js").Tombstone} Tombstone */
/** @typedef {import("./types.js").BeforeV2} BeforeV2 */
/** @typedef {import("./types.js").EntryField} EntryField */
/** @typedef {import("./types.js").TimedEntry} TimedEntry */
/**
 * @template T
 * @typedef {import("./types.js").Timed<T>} Timed
 */

/**
 * {value, changed} of version 2, without a change time where none is known; who changed it and its competing versions
 * (version 5) where known.
 * @template T
 * @param {T} value @param {unknown} changed @param {unknown} [by] @param {unknown} [conflict]
 * @returns {Timed<T>}
 */
function timed(value, changed, by, conflict) {
  /** @type {Timed<T>} */
  const field = { value };
  if (typeof changed === "string" && clients.changeTime(changed)) field.changed = changed;
  if (typeof by === "string" && by) field.by = by;
  if (Array.isArray(conflict)) field.conflict = conflict;
  return field;
}

/**
 * `list`'s clients in the export format, and the tombstones of clients deleted (`deleted`, for an export of all
 * clients).
 * @param {Client[]} list
 * @param {(id: string) => ClientState} [stateOf] a client's state (default: as stored)
 * @param {Tombstone[]} [deleted]
 * @returns {ExportV5}
 */
export function exportClients(list, stateOf, deleted = []) {
  const vocabulary = pageVocabulary();
  /** @type {ExportV5} */
  const file = {
    // The version this release writes: the newest, 5.
    format: vocabulary.export.format, version: /** @type {5} */ (vocabulary.export.version),
    exported: new Date().toISOString(),
    clients: list.map((client) => exportedClient(client, (stateOf || clients.state)(client.id)))
  };
  if (deleted.length) file.deleted = deleted;
  return file;
}

/**
 * One client and its state in the export format: its kept mail-log summary too, or its removal (null), once it had
 * one, so that a merge elsewhere takes the newer of the two.
 * @param {Client} client @param {ClientState} state
 * @returns {ClientV4}
 */
function exportedClient(client, state) {
  /** @type {Record<string, Timed<string>>} */
  const values = {};
  /** @type {Record<string, BeforeV2>} */
  const before = {};
  /** @type {Record<string, TimedEntry>} */
  const items = {};
  /** @param {Record<string, unknown> | undefined} map @param {string} key */
  const own = (map, key) => map && hasOwn(map, key) ? map[key] : undefined;
  for (const name of Object.keys(state.values)) {
    values[name] = timed(state.values[name], state.valueChanged[name], own(state.valueBy, name),
                         own(state.valueConflict, name));
  }
  for (const id of Object.keys(state.before)) {
    const entry = clients.beforeEntry(state, id);
    if (!entry) continue;
    const raw = /** @type {Record<string, unknown>} */ (state.before[id]);
    /** @type {BeforeV2} */
    const field = timed(entry.value, entry.changed, raw.by, raw.conflict);
    if (entry.object) field.object = entry.object;
    before[id] = field;
  }
  for (const id of Object.keys(state.items)) {
    /** @type {TimedEntry} */
    const fields = clients.timedEntry(state.items[id]);
    for (const name of /** @type {EntryField[]} */ (Object.keys(fields))) {
      const field = fields[name];
      if (field && field.changed !== undefined && !clients.changeTime(field.changed)) delete field.changed;
    }
    items[id] = fields;
  }
  const changed = client.changed || {};
  const by = client.by || {};
  const conflict = client.conflict || {};
  /** @type {ClientV4} */
  const exported = { id: client.id, name: timed(client.name, changed.name, by.name, conflict.name),
                     platform: timed(client.platform || "", changed.platform, by.platform, conflict.platform), values,
                     before, items };
  const mailLogs = storedMailLogs(state);
  if (mailLogs) exported.mailLogs = timed(mailLogs.value, mailLogs.changed, mailLogs.by, mailLogs.conflict);
  return exported;
}

/**
 * What an older copy of the site left in localStorage ({key: text}, storage.legacy()), as an export file to merge:
 * the same checks and the same merge as a file the technician chooses. null when it names no client.
 * @param {Record<string, string>} map
 * @param {string | null} since when this copy moved the data on (storage.movedAt()), null when not known
 * @returns {ExportV5 | null}
 */
export function legacyExport(map, since) {
  /** @param {string} key @returns {any} stored JSON: checked below as it is read */
  const parse = (key) => { try { return JSON.parse(map[key]); } catch (error) { return null; } };
  // The older copy wrote after the move: a change of it without a time of its own (the first release kept none
  // for names, platforms and values) counts as made then, so it wins over what has not changed here since.
  // Without a moment of the move ("" below), such a change keeps no time at all: export.js `timed` drops it.
  /** @param {unknown} changed @returns {string} */
  const stamp = (changed) => typeof changed === "string" && clients.changeTime(changed) ? changed : since ?? "";
  const stored = parse("clients");
  if (!Array.isArray(stored)) return null;
  /** @type {Client[]} */
  const list = stored.filter((c) => c && typeof c.id === "string" && typeof c.name === "string").map((c) => {
    const changed = c.changed && typeof c.changed === "object" ? c.changed : {};
    return { id: c.id, name: c.name, platform: typeof c.platform === "string" ? c.platform : "",
             changed: { name: stamp(changed.name), platform: stamp(changed.platform) } };
  });
  if (!list.length) return null;
  return exportClients(list, (id) => {
    /** @type {ClientState} */
    const state = clients.normalState(hasOwn(map, `client.${id}`) ? parse(`client.${id}`) : null);
    for (const name of Object.keys(state.values)) state.valueChanged[name] = stamp(state.valueChanged[name]);
    for (const entries of [state.before, state.items]) {
      for (const entry of Object.values(entries)) {
        if (entry && typeof entry === "object") {
          const stamped = /** @type {{ changed?: unknown }} */ (entry);
          stamped.changed = stamp(stamped.changed);
        }
      }
    }
    return state;
  });
}
