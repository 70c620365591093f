// @ts-check
/* The checks of an import file, before anything of it is merged: the browser half of macros/progress_file.py
 * `export_problems`; tests/vectors/export-vectors.json holds both to the same problems. */
import * as clients from "./clients.js";
import { conflictProblems, eachWithId, tombstoneProblems, versionProblems } from "./import-checks-v5.js";
import { summaryProblems } from "./mail-log-summary.js";
import { hasOwn, pageVocabulary } from "./vocabulary.js";

/** @typedef {Record<string, unknown>} JsonObject */
/** @typedef {import("./import-checks-v5.js").ValueCheck} ValueCheck */

/** @param {unknown} x @returns {x is JsonObject} */
const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);

/**
 * Check a parsed import file completely. Returns a list of "where: what" problems (empty when valid). Mirrors
 * the published schemas (docs/schemas/progress-v1 to v5.schema.json), plus what a schema cannot say: unique client
 * and tombstone ids, forbidden keys, the order of a conflict's versions, a newer version in one line.
 * @param {unknown} data the file, as JSON.parse gave it
 * @param {string[]} platformIds the platforms this site knows
 * @returns {string[]}
 */
export function importProblems(data, platformIds) {
  const vocabulary = pageVocabulary();
  const limits = vocabulary.limits;
  const patterns = Object.fromEntries(Object.entries(vocabulary.patterns).map(([name, source]) =>
    [name, new RegExp(source)]));
  /** @type {string[]} */
  const forbidden = vocabulary.forbiddenKeys;
  /** @type {string[]} */
  const statuses = clients.statusIds();
  /** @type {Record<string, string[]>} */
  const fields = vocabulary.fields;
  /** @type {number[]} */
  const versions = vocabulary.export.versions;
  /** @type {string[]} */
  const problems = [];
  /** @param {string} where @param {string} what */
  const problem = (where, what) => {
    if (problems.length < vocabulary.problemsShown) problems.push(`${where}: ${what}`);
  };
  /** @param {JsonObject} object @param {string[]} allowed @param {string} where */
  const onlyKeys = (object, allowed, where) => {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) problem(where, `unexpected field \u201c${key}\u201d`);
    }
  };
  /** @param {unknown} value @param {number} limit */
  const longText = (value, limit) => typeof value !== "string" || value.length > limit;
  /** @param {string} name @param {RegExp} pattern */
  const badKey = (name, pattern) => forbidden.includes(name) || !pattern.test(name);
  /** "version 1, 2, 3, 4 and 5": macros/progress_file.py `_versions`. */
  const versionsRead = () => {
    const listed = versions.map(String);
    const last = listed[listed.length - 1];
    return `version ${listed.length > 1 ? `${listed.slice(0, -1).join(", ")} and ${last}` : last}`;
  };
  /** @param {unknown} name */
  const goodName = (name) => typeof name === "string" && name.trim() !== "" && name.length <= limits.clientName;

  if (!isObject(data)) return ["file: not a JSON object"];
  let version = data.version;
  const newest = versions[versions.length - 1];
  const known = typeof version === "number" && versions.includes(version);
  onlyKeys(data, !known || /** @type {number} */ (version) >= 5 ? fields.fileV5 : fields.file, "file");
  if (data.format !== vocabulary.export.format) problem("format", `expected \u201c${vocabulary.export.format}\u201d`);
  if (typeof version === "number" && version > newest) {
    // Its fields cannot be judged by this release's rules: one line, not a list of "unexpected field"s.
    return [`version: made by a newer release of this site; this site reads ${versionsRead()} files`];
  }
  if (!known) {
    problem("version", `this site reads ${versionsRead()} files`);
    version = newest;
  }
  const number = /** @type {number} */ (version);
  if (data.exported !== undefined && !clients.changeTime(data.exported)) {
    problem("exported", "expected a date and time");
  }
  if (!Array.isArray(data.clients)) return problems.concat(["clients: expected a list"]);
  const clientFields = number === 1 ? fields.client : number < 4 ? fields.clientV2 : fields.clientV4;
  eachWithId(data.clients, "clients", "clients", clientFields, problem, onlyKeys, (client, where) => {
    if (number === 1) clientV1Problems(client, where); else clientV2Problems(client, where);
  });
  if (number >= 5 && data.deleted !== undefined) tombstoneProblems(data.deleted, problem, onlyKeys);
  return problems;

  /**
   * A timed field of version 2 or later, {value, changed}: its shape, its change time, its value by `check`. Version
   * 5 adds who made the change and the competing versions: `allowed` is the fields of versions 2 to 4, then 5's.
   * macros/progress_file.py `_timed`.
   * @param {unknown} field @param {string} at @param {ValueCheck} check @param {[string[], string[]]} [allowed]
   */
  function timedField(field, at, check, allowed = [fields.timed, fields.timedV5]) {
    if (!isObject(field)) { problem(at, "expected an object with a value and its change time"); return; }
    onlyKeys(field, allowed[number >= 5 ? 1 : 0], at);
    versionProblems(field, at, problem, onlyKeys, number, check);
    if (number >= 5 && field.conflict !== undefined) {
      conflictProblems(field, `${at}.conflict`, problem, allowed[1].filter((name) => name !== "conflict"), check);
    }
  }

  /** A check of a version's value: `test` it, else "<where>.value: <what>". macros/progress_file.py `_value_check`.
      @param {(value: unknown) => boolean} test @param {string} what @returns {ValueCheck} */
  function valueCheck(test, what) {
    return (version, at, report) => { if (!test(version.value)) report(`${at}.value`, what); };
  }

  /** A client of version 2 or later; version 4 adds the kept mail-log summary, version 5 who made each change and
      the competing versions of a field. @param {JsonObject} client @param {string} where */
  function clientV2Problems(client, where) {
    timedField(client.name, `${where}.name`,
               valueCheck(goodName, `expected a name of 1 to ${limits.clientName} characters`));
    if (client.platform !== undefined) {
      timedField(client.platform, `${where}.platform`, valueCheck((id) => id === undefined || id === "" ||
        platformIds.includes(/** @type {string} */ (id)), "unknown platform"));
    }
    const values = client.values;
    if (values !== undefined) {
      if (!isObject(values)) problem(`${where}.values`, "expected an object");
      else for (const valueName of Object.keys(values)) {
        if (badKey(valueName, patterns.valueName)) {
          problem(`${where}.values`, `bad name \u201c${valueName}\u201d`);
          continue;
        }
        timedField(values[valueName], `${where}.values.${valueName}`,
                   valueCheck((value) => !longText(value, limits.value),
                              `expected text of at most ${limits.value} characters`));
      }
    }
    const before = client.before;
    if (before !== undefined) {
      if (!isObject(before)) problem(`${where}.before`, "expected an object");
      else for (const settingId of Object.keys(before)) beforeProblems(before[settingId], settingId, where);
    }
    if (client.items !== undefined) {
      if (number === 2) itemProblems(client.items, where, fields.entryV2);
      else timedItemProblems(client.items, where);
    }
    if (number >= 4 && client.mailLogs !== undefined) {
      timedField(client.mailLogs, `${where}.mailLogs`, (kept, at, report, keys) => {
        summaryProblems(hasOwn(kept, "value") ? kept.value : undefined, `${at}.value`, report, keys);
      });
    }
  }

  /** @param {unknown} recorded @param {string} settingId @param {string} where */
  function beforeProblems(recorded, settingId, where) {
    const at = `${where}.before.${settingId}`;
    if (badKey(settingId, patterns.itemId)) {
      problem(`${where}.before`, `bad setting id \u201c${settingId}\u201d`);
      return;
    }
    timedField(recorded, at, (field, place, report) => {
      if (typeof field.value !== "string" || !patterns.beforeValue.test(field.value)) {
        report(`${place}.value`, "expected a recorded value: a number, a time span, True, False, ticked, not " +
                                 "ticked, absent, or empty");
      }
      if (field.object !== undefined && longText(field.object, limits.value)) {
        report(`${place}.object`, `expected text of at most ${limits.value} characters`);
      }
    }, [fields.before, fields.beforeV5]);
  }

  /**
   * Each item entry that is an object under a good item id, given to `each` with where it is; the rest are
   * problems. macros/progress_file.py `_item_entries`.
   * @param {unknown} items @param {string} where @param {(entry: JsonObject, at: string) => void} each
   */
  function eachItemEntry(items, where, each) {
    if (!isObject(items)) { problem(`${where}.items`, "expected an object"); return; }
    for (const id of Object.keys(items)) {
      const entry = items[id];
      const at = `${where}.items.${id}`;
      if (badKey(id, patterns.itemId)) problem(`${where}.items`, `bad item id \u201c${id}\u201d`);
      else if (!isObject(entry)) problem(at, "expected an object");
      else each(entry, at);
    }
  }

  /**
   * Version 3's item entries: each field {value, changed}, timed on its own.
   * @param {unknown} items @param {string} where
   */
  function timedItemProblems(items, where) {
    /** @type {Record<string, ValueCheck>} what each field's value must be (macros/progress_file.py _ENTRY_CHECKS) */
    const checks = {
      status: valueCheck((value) => statuses.includes(/** @type {string} */ (value)), "unknown status"),
      note: valueCheck((value) => !longText(value, limits.note), `expected text of at most ${limits.note} characters`),
      evidence: valueCheck((value) => !longText(value, limits.evidence),
                           `expected text of at most ${limits.evidence} characters`),
      revertDefault: valueCheck((value) => typeof value === "boolean", "expected true or false")
    };
    eachItemEntry(items, where, (entry, at) => {
      onlyKeys(entry, fields.entryV3, at);
      for (const name of Object.keys(entry)) {
        if (fields.entryV3.includes(name)) timedField(entry[name], `${at}.${name}`, checks[name]);
      }
    });
  }

  /** @param {JsonObject} client @param {string} where */
  function clientV1Problems(client, where) {
    if (!goodName(client.name)) problem(`${where}.name`, `expected a name of 1 to ${limits.clientName} characters`);
    const platform = client.platform;
    if (platform !== undefined && platform !== "" && !platformIds.includes(/** @type {string} */ (platform))) {
      problem(`${where}.platform`, "unknown platform");
    }
    const values = client.values;
    if (values !== undefined) {
      if (!isObject(values)) problem(`${where}.values`, "expected an object");
      else for (const name of Object.keys(values)) {
        if (badKey(name, patterns.valueName)) problem(`${where}.values`, `bad name \u201c${name}\u201d`);
        else if (longText(values[name], limits.value)) {
          problem(`${where}.values.${name}`, `expected text of at most ${limits.value} characters`);
        }
      }
    }
    if (client.items !== undefined) itemProblems(client.items, where, fields.entry);
  }

  /** Version 1's and 2's item entries. @param {unknown} items @param {string} where @param {string[]} allowed */
  function itemProblems(items, where, allowed) {
    eachItemEntry(items, where, (entry, at) => {
      onlyKeys(entry, allowed, at);
      if (entry.status !== undefined && !statuses.includes(/** @type {string} */ (entry.status))) {
        problem(`${at}.status`, "unknown status");
      }
      if (entry.done !== undefined && typeof entry.done !== "boolean") problem(`${at}.done`, "expected true or false");
      if (entry.note !== undefined && longText(entry.note, limits.note)) {
        problem(`${at}.note`, `expected text of at most ${limits.note} characters`);
      }
      if (entry.changed !== undefined && !clients.changeTime(entry.changed)) {
        problem(`${at}.changed`, "expected a date and time");
      }
      if (entry.evidence !== undefined && longText(entry.evidence, limits.note)) {
        problem(`${at}.evidence`, `expected text of at most ${limits.note} characters`);
      }
    });
  }
}
