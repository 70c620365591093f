// @ts-check
/* What export version 5 adds to an import file's checks (import-checks.js): who made a change ("by"), the competing
 * versions of a field ("conflict") and the deleted clients' tombstones ("deleted"). The browser half of
 * macros/progress_file.py `_version_problems`, `_conflict_problems` and `_tombstone_problems`, held to it word for word
 * by tests/vectors/export-vectors.json. The order a conflict keeps is the three-way merge's (merge3-fields.js), so a
 * file the merge writes is a file the import reads. */
import { changeTime } from "./change-time.js";
import { canonical, compareVersions } from "./merge3-fields.js";
import { pageVocabulary } from "./vocabulary.js";

/** @typedef {Record<string, unknown>} JsonObject */
/** @typedef {(where: string, what: string) => void} Problem */
/** @typedef {(object: JsonObject, allowed: string[], where: string) => void} OnlyKeys */
/** What a field's value must be, said at `at` (a version of it): each problem to `problem`; `onlyKeys` for the
    fields of an object value.
    @typedef {(version: JsonObject, at: string, problem: Problem, onlyKeys: OnlyKeys) => void} ValueCheck */

/** @param {unknown} x @returns {x is JsonObject} */
const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);

/** Why a name is not one of who made a change. */
export const technicianWanted = () => `expected a name of 1 to ${pageVocabulary().limits.technician} characters, ` +
  "without control characters or blanks at its ends";

/** Whether `name` is a technician's name as the site cleans it (change-stamp.js): 1 to the limit's UTF-16 units, no
    control character, no blank at either end. @param {unknown} name */
export function goodTechnician(name) {
  const vocabulary = pageVocabulary();
  return typeof name === "string" && name !== "" && name.trim() === name &&
    name.length <= vocabulary.limits.technician && !new RegExp(vocabulary.patterns.nameControls).test(name);
}

/**
 * One version of a field: its change time, who made it (version 5), its value by `check`.
 * @param {JsonObject} field @param {string} at @param {Problem} problem @param {OnlyKeys} onlyKeys
 * @param {number} version the file's @param {ValueCheck} check
 */
export function versionProblems(field, at, problem, onlyKeys, version, check) {
  if (field.changed !== undefined && !changeTime(field.changed)) problem(`${at}.changed`, "expected a date and time");
  if (version >= 5 && field.by !== undefined && !goodTechnician(field.by)) problem(`${at}.by`, technicianWanted());
  check(field, at, problem, onlyKeys);
}

/**
 * Version 5's competing versions of a field (`at` names its conflict): at least two, each a version of the field
 * without a conflict of its own (`allowed` its fields); once each is sound, in the merge's order, each once, the field
 * itself being the last.
 * @param {JsonObject} field @param {string} at @param {Problem} problem @param {string[]} allowed
 * @param {ValueCheck} check
 */
export function conflictProblems(field, at, problem, allowed, check) {
  const conflict = field.conflict;
  const least = pageVocabulary().limits.conflictVersions;
  if (!Array.isArray(conflict) || conflict.length < least) {
    problem(at, `expected a list of at least ${least} versions`);
    return;
  }
  let sound = true;
  /** @type {Problem} */
  const noted = (where, what) => { sound = false; problem(where, what); };
  /** @type {OnlyKeys} */
  const notedKeys = (object, fields, where) => {
    for (const key of Object.keys(object)) {
      if (!fields.includes(key)) noted(where, `unexpected field \u201c${key}\u201d`);
    }
  };
  conflict.forEach((/** @type {unknown} */ entry, /** @type {number} */ index) => {
    const place = `${at}[${index}]`;
    if (!isObject(entry)) { noted(place, "expected an object"); return; }
    notedKeys(entry, allowed, place);
    versionProblems(entry, place, noted, notedKeys, 5, check);
  });
  if (!sound) return;
  if (conflict.some((entry, index) => index > 0 && compareVersions(conflict[index - 1], entry) >= 0)) {
    problem(at, "expected the versions sorted by change time, then author, each once");
  }
  // The field without its conflict (an own "__proto__" copied as the data it is): macros `version_of`.
  const own = Object.fromEntries(Object.entries(field).filter(([key]) => key !== "conflict"));
  if (canonical(own) !== canonical(conflict[conflict.length - 1])) {
    problem(at, "the field's own value, change time and author must be its last version's");
  }
}

/**
 * Each object of a list of clients or tombstones, given to `each` with where it is, once its fields and its client id
 * are checked: at most the clients' limit of them (`what` in the problem), their ids unique. macros/progress_file.py
 * `_with_ids`.
 * @param {unknown[]} entries @param {string} name @param {string} what @param {string[]} fields
 * @param {Problem} problem @param {OnlyKeys} onlyKeys @param {(entry: JsonObject, where: string) => void} each
 */
export function eachWithId(entries, name, what, fields, problem, onlyKeys, each) {
  const vocabulary = pageVocabulary();
  if (entries.length > vocabulary.limits.clients) problem(name, `more than ${vocabulary.limits.clients} ${what}`);
  const clientId = new RegExp(vocabulary.patterns.clientId);
  /** @type {Set<string>} */
  const seen = new Set();
  entries.forEach((entry, index) => {
    const where = `${name}[${index}]`;
    if (!isObject(entry)) { problem(where, "expected an object"); return; }
    onlyKeys(entry, fields, where);
    const id = entry.id;
    if (typeof id !== "string" || !clientId.test(id)) problem(`${where}.id`, "not a client id");
    else if (seen.has(id)) problem(`${where}.id`, `duplicate client id ${id}`);
    else seen.add(id);
    each(entry, where);
  });
}

/**
 * Version 5's deleted clients: at most the clients' limit of tombstones {id, changed, by}, their ids unique.
 * @param {unknown} deleted @param {Problem} problem @param {OnlyKeys} onlyKeys
 */
export function tombstoneProblems(deleted, problem, onlyKeys) {
  if (!Array.isArray(deleted)) { problem("deleted", "expected a list"); return; }
  const fields = pageVocabulary().fields.tombstone;
  eachWithId(deleted, "deleted", "entries", fields, problem, onlyKeys, (tombstone, where) => {
    if (!changeTime(tombstone.changed)) problem(`${where}.changed`, "expected a date and time");
    if (tombstone.by !== undefined && !goodTechnician(tombstone.by)) problem(`${where}.by`, technicianWanted());
  });
}
