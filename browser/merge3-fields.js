// @ts-check
/* One field of the three-way merge of export files (rules/merge3.js): its versions, their order, and the merge of
 * its base, ours and theirs, as issue 27's spec says. Every comparison goes through canonical JSON (keys sorted in
 * code-point order, as Python's json.dumps(sort_keys=True) sorts them), so the Python half,
 * docs/downloads/merge_progress.py, decides alike (tests/vectors/rules/merge3.json,
 * tests/unit/test_merge_parity.py). */
import { moment } from "./change-time.js";
import { isObject } from "./entries.js";
import { compareText } from "./maillogs/text.js";
import { hasOwn } from "./vocabulary.js";

/**
 * One version of a field: {value, changed, by}, and for a value before a change its object too. Each key is there
 * only when the file gave it.
 * @typedef {{ value?: unknown, object?: unknown, changed?: unknown, by?: unknown }} Version
 */
/** A field as export version 5 writes it: its latest version, and its competing versions when they conflict.
    @typedef {Version & { conflict?: Version[] }} Field */

/** The keys a version may hold, in the order a merged file writes them. */
const VERSION_KEYS = /** @type {const} */ (["value", "object", "changed", "by"]);

/** A JSON value as text with every object's keys sorted by code point and no spaces, each number as JSON.stringify
    writes it: merge_progress.py `canonical` (5.0 in a file is 5 in both). Keys come from files, so an own
    "__proto__" is read as the data it is. @param {unknown} value @returns {string} */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map((item) => item === undefined ? "null" : canonical(item)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const object = /** @type {Record<string, unknown>} */ (value);
    const keys = Object.keys(object).filter((key) => object[key] !== undefined).sort(compareText);
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The version a field holds: its known keys, without its conflict. @param {Record<string, unknown>} raw
    @returns {Version} */
function versionOf(raw) {
  /** @type {Version} */
  const version = {};
  for (const key of VERSION_KEYS) if (hasOwn(raw, key)) version[key] = raw[key];
  return version;
}

/** A timed field of a file (versions 2 to 5) as the merge holds it: its version, and its competing versions if it
    lists any.
    @param {unknown} raw @returns {Field | undefined} */
export function readField(raw) {
  if (!isObject(raw)) return undefined;
  /** @type {Field} */
  const field = versionOf(raw);
  if (Array.isArray(raw.conflict)) field.conflict = raw.conflict.filter(isObject).map(versionOf);
  return field;
}

/** Who made a change: "" when nobody is named. @param {Version} version */
const author = (version) => typeof version.by === "string" ? version.by : "";

/** The order of versions: by change time as a moment (none or an unreadable one first, as the earliest), then by
    who made it, then by canonical JSON, both in code-point order. The latest is the last.
    @param {Version} x @param {Version} y @returns {number} */
export function compareVersions(x, y) {
  const [at, other] = [moment(x.changed), moment(y.changed)];
  if (at !== other) return at < other ? -1 : 1;
  return compareText(author(x), author(y)) || compareText(canonical(x), canonical(y));
}

/** The latest of two versions (either, when they are the same). @template {Version} V @param {V | undefined} held
    @param {V} next @returns {V} */
export function later(held, next) { return held === undefined || compareVersions(held, next) < 0 ? next : held; }

/** A field's versions: its conflict's, else itself, else none when it is absent. @param {Field | undefined} field
    @returns {Version[]} */
function versionsOf(field) {
  if (field === undefined) return [];
  return field.conflict && field.conflict.length ? field.conflict.map(versionOf) : [versionOf(field)];
}

/** What two versions are compared by for "the same value": the value, and a value before a change's object.
    @param {Version} version */
const valueKey = (version) => canonical([hasOwn(version, "value") ? [version.value] : [],
                                         hasOwn(version, "object") ? [version.object] : []]);

/**
 * Whether a side changed a client's field since base: it holds a version base does not hold (base lacking the field:
 * any version). A side without the field has no opinion on it, since the site never removes a client's field; nor
 * has a side that holds only versions base holds, such as one of base's conflict (merge_progress.py `changed_since`).
 * Clocks decide nothing here: technicians' computers disagree on the time.
 * @param {Field | undefined} base @param {Field | undefined} side
 */
export function changedSince(base, side) {
  if (side === undefined) return false;
  if (base === undefined) return true;
  const held = new Set(versionsOf(base).map((version) => canonical(version)));
  return versionsOf(side).some((version) => !held.has(canonical(version)));
}

/** A client's field: `mergedField`, a side that did not change it since base (`changedSince`) holding base's.
    @param {Field | undefined} base @param {Field | undefined} ours @param {Field | undefined} theirs */
export function mergedClientField(base, ours, theirs) {
  return mergedField(base, changedSince(base, ours) ? ours : base, changedSince(base, theirs) ? theirs : base);
}

/**
 * The join of versions: per value only the latest version with it; one left is the field itself, more are a
 * conflict: the latest, with all of them in order. Union then latest per value, so joining in any order and any
 * number of times gives one result. None left: the field is absent.
 * @param {Version[]} versions @returns {Field | undefined}
 */
function joined(versions) {
  /** @type {Map<string, Version>} */
  const latest = new Map();
  for (const version of versions) latest.set(valueKey(version), later(latest.get(valueKey(version)), version));
  const kept = [...latest.values()].sort(compareVersions);
  if (!kept.length) return undefined;
  const last = kept[kept.length - 1];
  return kept.length === 1 ? { ...last } : { ...last, conflict: kept };
}

/** A field as text to compare, conflict and all; absent is "". @param {Field | undefined} field */
const fieldText = (field) => field === undefined ? "" : canonical(field);

/**
 * One field of base, ours and theirs merged: what one side changed wins over what the other kept; changed on both
 * sides, the join of both sides' versions (a removal on one side never beats an edit on the other). Undefined: the
 * field is absent.
 * @param {Field | undefined} base @param {Field | undefined} ours @param {Field | undefined} theirs
 * @returns {Field | undefined}
 */
export function mergedField(base, ours, theirs) {
  const [b, a, t] = [fieldText(base), fieldText(ours), fieldText(theirs)];
  if (a === t || t === b) return ours;
  if (a === b) return theirs;
  return joined([...versionsOf(ours), ...versionsOf(theirs)]);
}

/** A field as a merged file writes it: value, object, changed, by, conflict, each when it has one.
    @param {Field} field @returns {Field} */
export function writtenField(field) {
  /** @type {Field} */
  const written = versionOf(field);
  if (field.conflict) written.conflict = field.conflict.map(versionOf);
  return written;
}
