// @ts-check
/* An export file of any version (1 to 5) as the three-way merge reads it (rules/merge3.js): each client a map of its
 * fields, each field in version 5's shape ({value, object, changed, by, conflict}), and the file's tombstones. Older
 * versions are read by their shape alone, as docs/downloads/merge_progress.py `read_side` reads them: version 1's
 * texts become {value}, versions 2 to 4 are timed already, and an item entry of versions 1 and 2 has one change time
 * for all its fields (entries.js `timedEntry`). */
import { isObject, timedEntry } from "./entries.js";
import { readField } from "./merge3-fields.js";
import { statusIds } from "./status.js";
import { hasOwn, pageVocabulary } from "./vocabulary.js";

/** @typedef {import("./merge3-fields.js").Field} Field */
/** @typedef {import("./merge3-fields.js").Version} Version */
/**
 * Where a field sits in a client: ["name"], ["platform"], ["mailLogs"], ["values", name], ["before", settingId] or
 * ["items", itemId, field].
 * @typedef {[string] | [string, string] | [string, string, string]} FieldPath
 */
/** A client's fields by their path as JSON text (JSON.stringify(path)), which no file's key can confuse.
    @typedef {Map<string, Field>} ClientFields */
/** A deleted client's tombstone: {id, changed, by}, each of the last two when the file gives it.
    @typedef {Version & { id: string }} Tombstone */
/**
 * A file as the merge reads it: its clients' fields by client id, its tombstones by client id, when it was made, and
 * its version.
 * @typedef {{ clients: Map<string, ClientFields>, deleted: Map<string, Tombstone>, exported: unknown,
 *             version: unknown }} MergedSide
 */

/** The versions before the first with tombstones, authors and conflicts. */
const OLDER_VERSIONS = [1, 2, 3, 4];

/** Whether a file of `version` is older than version 5: it cannot hold a tombstone. @param {unknown} version */
export const isOlder = (version) => OLDER_VERSIONS.some((older) => older === version);

/**
 * Whether a file of `version` can hold the field at `key` (a FieldPath as JSON): a mail-log summary came with
 * version 4, an item's revert choice with 3, values before a change with 2. What a file cannot hold it has no
 * opinion on (merge_progress.py `holds`).
 * @param {unknown} version @param {string} key
 */
function holds(version, key) {
  if (!isOlder(version)) return true;
  const [group, , part] = /** @type {string[]} */ (JSON.parse(key));
  if (group === "mailLogs") return false;
  if (group === "before") return version !== 1;
  return group !== "items" || part !== "revertDefault" || /** @type {number} */ (version) >= 3;
}

/**
 * A client's fields as a side holds them, undefined when the side lacks it; a field the side's version cannot hold
 * is base's.
 * @param {MergedSide} side @param {ClientFields | undefined} base @param {string} id
 * @returns {ClientFields | undefined}
 */
export function heldClient(side, base, id) {
  const fields = side.clients.get(id);
  if (!fields || !base || !isOlder(side.version)) return fields;
  /** @type {ClientFields} */
  const held = new Map([...base].filter(([key]) => !holds(side.version, key)));
  for (const [key, field] of fields) held.set(key, field);
  return held;
}

/** An item entry's fields, in the order a file writes them. */
export const entryFields = () => pageVocabulary().fields.entryV3;

/** A field the object holds as its own, else undefined: a file's keys are never read through the prototype.
    @param {unknown} object @param {string} key */
const own = (object, key) => isObject(object) && hasOwn(object, key) ? object[key] : undefined;

/** The keys of an object that came from a file, each the object's own. @param {unknown} value @returns {string[]} */
const ownKeys = (value) => isObject(value) ? Object.keys(value) : [];

/** Whether a field's value is of its kind: a status the page knows, text, or true/false for revertDefault (as
    entries.js reads version 3's entries). @param {string} name @param {unknown} value */
function rightKind(name, value) {
  if (name === "revertDefault") return typeof value === "boolean";
  return typeof value === "string" && (name !== "status" || statusIds().includes(value));
}

/**
 * One item's entry of any version as [field name, field] pairs: since version 3 each field timed on its own (by and
 * conflict kept; a value of the wrong kind left out), before that one change time for the whole entry.
 * @param {unknown} raw @returns {[string, Field][]}
 */
function entryOf(raw) {
  const names = entryFields();
  if (names.some((name) => isObject(own(raw, name)))) {
    return names.filter((name) => isObject(own(raw, name)) && rightKind(name, own(own(raw, name), "value")))
      .map((name) => [name, /** @type {Field} */ (readField(own(raw, name)))]);
  }
  const entry = /** @type {Record<string, Field>} */ (timedEntry(raw));
  return names.filter((name) => hasOwn(entry, name)).map((name) => [name, { ...entry[name] }]);
}

/**
 * One client of a file of `version` as its fields by path.
 * @param {Record<string, unknown>} client @param {number} version @returns {ClientFields}
 */
export function clientFields(client, version) {
  /** @type {ClientFields} */
  const fields = new Map();
  /** @param {FieldPath} path @param {Field | undefined} field */
  const put = (path, field) => { if (field) fields.set(JSON.stringify(path), field); };
  const [values, before, items] = [own(client, "values"), own(client, "before"), own(client, "items")];
  if (version === 1) {
    for (const name of ["name", "platform"]) if (hasOwn(client, name)) put([name], { value: client[name] });
    for (const name of ownKeys(values)) put(["values", name], { value: own(values, name) });
  } else {
    for (const name of ["name", "platform", "mailLogs"]) put([name], readField(own(client, name)));
    for (const name of ownKeys(values)) put(["values", name], readField(own(values, name)));
    for (const id of ownKeys(before)) put(["before", id], readField(own(before, id)));
  }
  for (const id of ownKeys(items)) for (const [name, field] of entryOf(own(items, id))) put(["items", id, name], field);
  return fields;
}

/** A tombstone: its id, and its change time and who deleted when the file gives them.
    @param {string} id @param {Record<string, unknown>} raw @returns {Tombstone} */
function tombstone(id, raw) {
  /** @type {Tombstone} */
  const stone = { id };
  if (hasOwn(raw, "changed")) stone.changed = raw.changed;
  if (hasOwn(raw, "by")) stone.by = raw.by;
  return stone;
}

/**
 * A parsed export file of any version as the merge reads it; none (a file added on both sides has no base) is an
 * empty one. A client or tombstone without a text id is not read; of two with one id, the later in the file.
 * @param {unknown} file @returns {MergedSide}
 */
export function mergedSide(file) {
  const version = own(file, "version");
  /** @type {MergedSide} */
  const side = { clients: new Map(), deleted: new Map(), exported: own(file, "exported"), version };
  const clients = own(file, "clients");
  for (const client of Array.isArray(clients) ? clients : []) {
    if (isObject(client) && typeof client.id === "string") {
      side.clients.set(client.id, clientFields(client, version === 1 ? 1 : 5));
    }
  }
  const deleted = own(file, "deleted");
  for (const raw of Array.isArray(deleted) ? deleted : []) {
    if (isObject(raw) && typeof raw.id === "string") side.deleted.set(raw.id, tombstone(raw.id, raw));
  }
  return side;
}
