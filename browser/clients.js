// @ts-check
/* Clients and their progress as stored: the list (id, name, platform), the current client, and per client its
 * values, item entries (entries.js) and values before a change; how far a client is, and what it holds. Item statuses
 * and which of them count as settled come from the vocabulary (status.js). The undo of a Replace or Delete is
 * undo.js's. Every name this module exported before the split is still exported here. */
import { isObject, itemEntry } from "./entries.js";
import { isSettled } from "./status.js";
import * as store from "./storage.js";
import { hasOwn } from "./vocabulary.js";
import { settledPercent } from "./rules/report-summary.js";

/** @typedef {import("./types.js").BeforeValue} BeforeValue */
/** @typedef {import("./types.js").Client} Client */
/** @typedef {import("./types.js").ClientState} ClientState */
/** A checklist as progress() counts it: its items, each with the ids it replaces.
    @typedef {{ items: { id: string, replaces?: string[] }[] }} CountedChecklist */

export {
  changeTime, itemEntry, localOffset, moment, retiredLine, setItemFields, shownMinute, splitEvidence, timedEntry
} from "./entries.js";
export { isSettled, statusIds, statusLabel } from "./status.js";
export { undo, undoOffer, undoRecord } from "./undo.js";

/** A client's name as the Clients filter compares it: lower case, blanks collapsed. Two names folded alike may be one
    client (the team folder offers to merge them, never on its own). @param {string} name */
export const foldedName = (name) => name.toLowerCase().split(/\s+/).filter(Boolean).join(" ");

export function newId() {
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** The stored client list; an entry without an id and a name is left out. Who changed a name or platform, and
    their competing versions (export version 5), are kept as stored. @returns {Client[]} */
function clientList() {
  const stored = store.readKey("clients");
  if (!Array.isArray(stored)) return [];
  /** @type {Client[]} */
  const list = [];
  for (const client of stored) {
    if (!isObject(client) || typeof client.id !== "string" || typeof client.name !== "string") continue;
    /** @type {Client["changed"]} */
    const changed = {};
    const times = client.changed;
    if (isObject(times)) {
      if (typeof times.name === "string") changed.name = times.name;
      if (typeof times.platform === "string") changed.platform = times.platform;
    }
    /** @type {Client} */
    const entry = { id: client.id, name: client.name,
                    platform: typeof client.platform === "string" ? client.platform : "", changed };
    if (isObject(client.by)) entry.by = client.by;
    if (isObject(client.conflict)) entry.conflict = client.conflict;
    list.push(entry);
  }
  return list;
}

/** @param {Client[]} list */
function saveClientList(list) { return store.writeKey("clients", list); }

/** The selected client's id: the stored one if it still exists, else the first; null while there is none (a first
    visit creates no client: nobody asked for one). @param {Client[]} list @returns {string | null} */
function currentClientId(list) {
  const id = store.readKey("current");
  const found = list.find((client) => client.id === id) ?? list[0];
  return found ? found.id : null;
}

/** @param {string} id */
function clientState(id) {
  return normalState(store.readKey(`client.${id}`));
}

/** A stored client state of any release, in the current shape (completed in place). Its values, change times and
    entries are checked where they are read. @param {unknown} stored @returns {ClientState} */
export function normalState(stored) {
  /** @type {Record<string, unknown>} */
  const state = isObject(stored) ? stored : {};
  /** @param {unknown} value */
  const isMap = (value) => value !== null && typeof value === "object";
  if (!isMap(state.values)) state.values = {};
  if (!isMap(state.items)) state.items = {};
  // Per value, when it last changed; per setting, its value before the change ({value, object, changed}).
  if (!isMap(state.valueChanged)) state.valueChanged = {};
  if (!isObject(state.before)) state.before = {};
  return /** @type {ClientState} */ (state);
}

/** The latest change time of anything a client holds (its kept mail-log summary too), as ISO text (compared as
    text); null when none. @param {ClientState} state @returns {string | null} */
export function latestChange(state) {
  /** @type {string | null} */
  let latest = null;
  /** @param {unknown} changed */
  const consider = (changed) => {
    if (typeof changed === "string" && changed && (!latest || changed > latest)) latest = changed;
  };
  for (const id of Object.keys(state.items)) consider(itemEntry(state, id).changed);
  for (const changed of Object.values(state.valueChanged)) consider(changed);
  for (const before of Object.values(state.before)) consider(isObject(before) ? before.changed : undefined);
  consider(isObject(state.mailLogs) ? state.mailLogs.changed : undefined);
  return latest;
}

/** How far a client is with the catalogue's checklists: settled items of all, per checklist, and the first item not
    settled (the next to do), following each item's `replaces`. The Clients page and the report count alike.
    @template {CountedChecklist} Checklist
    @param {ClientState} state @param {Checklist[]} checklists
    @returns {{ settled: number, total: number, percent: number, checklists: { checklist: Checklist, settled: number }[],
                next: { checklist: Checklist, item: Checklist["items"][number] } | null }} */
export function progress(state, checklists) {
  /** @type {ReturnType<typeof progress<Checklist>>} */
  const result = { settled: 0, total: 0, percent: 0, checklists: [], next: null };
  for (const checklist of checklists) {
    let settled = 0;
    for (const item of checklist.items) {
      if (isSettled(itemEntry(state, item.id, item.replaces).status)) settled++;
      else if (!result.next) result.next = { checklist, item };
    }
    result.settled += settled;
    result.total += checklist.items.length;
    result.checklists.push({ checklist, settled });
  }
  result.percent = settledPercent(result.settled, result.total);
  return result;
}

/** A recorded value before the change, if the stored entry is one: {value, object, changed}; null otherwise.
    @param {{ before: Record<string, unknown> }} state @param {string} settingId @returns {BeforeValue | null} */
export function beforeEntry(state, settingId) {
  const raw = hasOwn(state.before, settingId) ? state.before[settingId] : null;
  if (!raw || typeof raw !== "object" || !("value" in raw) || typeof raw.value !== "string") return null;
  return { value: raw.value, object: "object" in raw && typeof raw.object === "string" ? raw.object : "",
           changed: "changed" in raw && typeof raw.changed === "string" ? raw.changed : null };
}

/** What a client holds, in words a confirmation can give: "3 items settled, 1 note, 2 values before a change".
    @param {ClientState} state */
export function holdings(state) {
  let settled = 0;
  let notes = 0;
  let before = 0;
  for (const id of Object.keys(state.items)) {
    const entry = itemEntry(state, id);
    if (isSettled(entry.status)) settled++;
    if (entry.note) notes++;
  }
  for (const id of Object.keys(state.before)) if (beforeEntry(state, id)?.value) before++;
  /** @param {number} n @param {string} one @param {string} many */
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  return `${plural(settled, "item settled", "items settled")}, ${plural(notes, "note", "notes")}, ` +
    plural(before, "value before a change", "values before a change");
}

export {
  clientList as list, saveClientList as save, currentClientId as currentId, clientState as state
};
