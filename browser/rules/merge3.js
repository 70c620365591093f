// @ts-check
/* The three-way merge of export files (issue 27): base, ours and theirs of any version 1 to 5 into one version 5
 * file, field by field, that loses nothing: a field both sides changed to different values keeps every version in its
 * `conflict`; tombstones merge three-way like a field; a client is removed by a tombstone alone, and only when no side
 * changed it since base. docs/downloads/merge_progress.py `merge` is the Python half
 * (tests/vectors/rules/merge3.json). */
import { moment } from "../change-time.js";
import { compareText } from "../maillogs/text.js";
import { canonical, changedSince, mergedClientField, mergedField, writtenField } from "../merge3-fields.js";
import { entryFields, heldClient, isOlder, mergedSide } from "../merge3-read.js";
import { hasOwn, pageVocabulary } from "../vocabulary.js";

/** @typedef {import("../merge3-fields.js").Field} Field */
/** @typedef {import("../merge3-read.js").ClientFields} ClientFields */
/** @typedef {import("../merge3-read.js").Tombstone} Tombstone */
/** @typedef {import("../merge3-read.js").MergedSide} MergedSide */
/** @typedef {import("../merge3-fields.js").Version} Version */
/**
 * A client of a merged file, its keys in this order, each only when it holds something; values, before and items are
 * objects without a prototype, their keys sorted.
 * @typedef {{ id: string, name?: Field, platform?: Field, values?: Record<string, Field>,
 *             before?: Record<string, Field>, items?: Record<string, Record<string, Field>>,
 *             mailLogs?: Field }} MergedClient
 */
/**
 * A merged file: export version 5.
 * @typedef {{ format: string, version: 5, exported?: string, clients: MergedClient[],
 *             deleted?: Tombstone[] }} MergedFile
 */

/** The version a merge writes: the first whose fields say who changed what, what was deleted and what conflicts. */
const MERGED_VERSION = 5;

/**
 * Every field of one client merged: the union of the three sides' fields, each merged on its own.
 * @param {ClientFields} base @param {ClientFields} ours @param {ClientFields} theirs @returns {ClientFields}
 */
function mergedFields(base, ours, theirs) {
  /** @type {ClientFields} */
  const merged = new Map();
  for (const path of new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])) {
    const field = mergedClientField(base.get(path), ours.get(path), theirs.get(path));
    if (field) merged.set(path, field);
  }
  return merged;
}

/** A tombstone as a version of its client's deletion: when, and by whom. @param {Tombstone | undefined} stone
    @returns {Version | undefined} */
function deletion(stone) {
  if (stone === undefined) return undefined;
  /** @type {Version} */
  const version = {};
  if (hasOwn(stone, "changed")) version.changed = stone.changed;
  if (hasOwn(stone, "by")) version.by = stone.by;
  return version;
}

/** The tombstones base, ours and theirs hold. A file older than version 5 cannot hold a tombstone and says nothing
    of any: it reads as holding base's. @param {MergedSide[]} sides base, ours, theirs */
const tombstonesHeld = ([base, ours, theirs]) =>
  [base.deleted, ...[ours, theirs].map((side) => isOlder(side.version) ? base.deleted : side.deleted)];

/**
 * Per client id, the tombstones of base, ours and theirs merged three-way as a field is, every tombstone of one id
 * being one value: one side's deletion, re-deletion or undelete (its tombstone removed) against the other's unchanged
 * is taken; changed on both sides, the latest, and a removal never beats a deletion.
 * @param {Map<string, Tombstone>[]} held base's, ours's and theirs's @returns {Map<string, Tombstone>}
 */
function mergedTombstones(held) {
  /** @type {Map<string, Tombstone>} */
  const deleted = new Map();
  for (const id of new Set(held.flatMap((stones) => [...stones.keys()]))) {
    const [b, a, t] = held.map((stones) => deletion(stones.get(id)));
    const stone = mergedField(b, a, t);
    if (stone) deleted.set(id, { id, ...stone });
  }
  return deleted;
}

/**
 * Whether client `id` under the merge's tombstone `stone` stays, as a deletion conflict: when a side holds it changed
 * since base (base lacking it counts as changed; `changedSince`), whatever the clocks said, or when base or a side
 * already held it beside this very tombstone (a deletion conflict nobody has picked yet: a new tombstone or an
 * undelete picks).
 * @param {string} id @param {MergedSide[]} sides @param {Map<string, Tombstone>[]} stones each side's
 * @param {(ClientFields | undefined)[]} held ours's and theirs's client @param {Tombstone} stone
 */
function keptBesideTombstone(id, sides, stones, held, stone) {
  const base = sides[0].clients.get(id);
  if (held.some((fields) => fields !== undefined && (base === undefined
      || [...fields].some(([path, field]) => changedSince(base.get(path), field))))) {
    return true;
  }
  const deleted = canonical(deletion(stone));
  return sides.some((side, index) => side.clients.has(id) && canonical(deletion(stones[index].get(id))) === deleted);
}

/**
 * Fields by key, as an object whose keys come from a file: no prototype, so no key is anything but data; its keys
 * inserted in code-point order.
 * @template T @param {Map<string, T>} fields @returns {Record<string, T>}
 */
function sortedObject(fields) {
  /** @type {Record<string, T>} */
  const object = Object.create(null);
  for (const key of [...fields.keys()].sort(compareText)) object[key] = /** @type {T} */ (fields.get(key));
  return object;
}

/**
 * A merged client as a file writes it: id, name, platform, values, before, items, mailLogs; the keys of values,
 * before and items sorted by code point; an item's fields in the format's order; what is absent or empty left out.
 * @param {string} id @param {ClientFields} fields @returns {MergedClient}
 */
function writtenClient(id, fields) {
  /** @type {Map<string, Field>} */
  const values = new Map();
  /** @type {Map<string, Field>} */
  const before = new Map();
  /** @type {Map<string, Map<string, Field>>} */
  const items = new Map();
  for (const [key, field] of fields) {
    const [group, name, part] = /** @type {string[]} */ (JSON.parse(key));
    if (group === "values") values.set(name, writtenField(field));
    else if (group === "before") before.set(name, writtenField(field));
    else if (group === "items") items.set(name, (items.get(name) || new Map()).set(part, writtenField(field)));
  }
  /** @type {Map<string, Record<string, Field>>} */
  const entries = new Map();
  for (const [item, entry] of items) {
    /** @type {Record<string, Field>} */
    const written = Object.create(null);
    for (const name of entryFields()) {
      const field = entry.get(name);
      if (field) written[name] = field;
    }
    entries.set(item, written);
  }
  /** @param {"name" | "platform" | "mailLogs"} name */
  const top = (name) => {
    const field = fields.get(JSON.stringify([name]));
    return field ? { [name]: writtenField(field) } : {};
  };
  /** @param {"values" | "before" | "items"} name @param {Map<string, any>} members */
  const group = (name, members) => members.size ? { [name]: sortedObject(members) } : {};
  return { id, ...top("name"), ...top("platform"), ...group("values", values), ...group("before", before),
           ...group("items", entries), ...top("mailLogs") };
}

/** The latest of the files' times of export, as moments (of equal ones, the last in code-point order: the result
    is the same whichever side brings it); none when no file gives one. @param {unknown[]} times
    @returns {string | undefined} */
function latestExported(times) {
  /** @type {string | undefined} */
  let latest;
  for (const time of times) {
    if (typeof time !== "string") continue;
    if (latest === undefined || (moment(time) - moment(latest) || compareText(time, latest)) > 0) latest = time;
  }
  return latest;
}

/**
 * Base, ours and theirs (parsed export files of any version 1 to 5; no base: an empty one) merged into one version 5
 * file, and how many conflicts it holds: fields with a conflict, and clients kept beside their tombstone (deletion
 * conflicts). merge(base, ours, theirs) and merge(base, theirs, ours) are one.
 * @param {unknown} base @param {unknown} ours @param {unknown} theirs
 * @returns {{ merged: MergedFile, conflicts: number }}
 */
export function mergeExports(base, ours, theirs) {
  const sides = [base, ours, theirs].map(mergedSide);
  const stones = tombstonesHeld(sides);
  const deleted = mergedTombstones(stones);
  const [baseSide, oursSide, theirsSide] = sides;
  const ids = new Set(sides.flatMap((side) => [...side.clients.keys()]));
  /** @type {ClientFields} */
  const none = new Map();
  /** @type {MergedClient[]} */
  const clients = [];
  let conflicts = 0;
  for (const id of [...ids].sort(compareText)) {
    const baseClient = baseSide.clients.get(id);
    // A client is removed by a tombstone alone: a side without it, the deleting side too, holds base's.
    const held = [oursSide, theirsSide].map((side) => heldClient(side, baseClient, id));
    const stone = deleted.get(id);
    if (stone) {
      if (!keptBesideTombstone(id, sides, stones, held, stone)) continue;
      conflicts++;
    }
    const from = baseClient || none;
    const fields = mergedFields(from, held[0] || from, held[1] || from);
    for (const field of fields.values()) if (field.conflict) conflicts++;
    clients.push(writtenClient(id, fields));
  }
  const exported = latestExported(sides.map((side) => side.exported));
  const written = [...deleted.values()].sort((x, y) => compareText(x.id, y.id));
  /** @type {MergedFile} */
  const merged = { format: pageVocabulary().export.format, version: MERGED_VERSION,
                   ...(exported === undefined ? {} : { exported }), clients,
                   ...(written.length ? { deleted: written } : {}) };
  return { merged, conflicts };
}
