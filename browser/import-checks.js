// @ts-check
/* The checks of an import file, before anything of it is merged: the browser half of macros/progress_file.py
 * `export_problems`; tests/vectors/export-vectors.json holds both to the same problems. */
import * as clients from "./clients.js";
import { summaryProblems } from "./mail-log-summary.js";
import { hasOwn, pageVocabulary } from "./vocabulary.js";

/** @typedef {Record<string, unknown>} JsonObject */

/** @param {unknown} x @returns {x is JsonObject} */
const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);

/**
 * Check a parsed import file completely. Returns a list of "where: what" problems (empty when valid). Mirrors
 * the published schemas (docs/schemas/progress-v1/v2/v3/v4.schema.json), plus what a schema cannot say: unique client
 * ids, forbidden keys, a newer version in one line.
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
  /** "version 1, 2, 3 and 4": macros/progress_file.py `_versions`. */
  const versionsRead = () => {
    const listed = versions.map(String);
    const last = listed[listed.length - 1];
    return `version ${listed.length > 1 ? `${listed.slice(0, -1).join(", ")} and ${last}` : last}`;
  };
  /** @param {unknown} name */
  const goodName = (name) => typeof name === "string" && name.trim() !== "" && name.length <= limits.clientName;

  if (!isObject(data)) return ["file: not a JSON object"];
  onlyKeys(data, fields.file, "file");
  if (data.format !== vocabulary.export.format) problem("format", `expected \u201c${vocabulary.export.format}\u201d`);
  let version = data.version;
  const newest = versions[versions.length - 1];
  if (typeof version === "number" && version > newest) {
    // Its fields cannot be judged by this release's rules: one line, not a list of "unexpected field"s.
    return [`version: made by a newer release of this site; this site reads ${versionsRead()} files`];
  }
  if (typeof version !== "number" || !versions.includes(version)) {
    problem("version", `this site reads ${versionsRead()} files`);
    version = vocabulary.export.version;
  }
  if (data.exported !== undefined && !clients.changeTime(data.exported)) {
    problem("exported", "expected a date and time");
  }
  if (!Array.isArray(data.clients)) return problems.concat(["clients: expected a list"]);
  if (data.clients.length > limits.clients) problem("clients", `more than ${limits.clients} clients`);
  /** @type {Set<string>} */
  const seen = new Set();
  data.clients.forEach((/** @type {unknown} */ client, /** @type {number} */ index) => {
    const where = `clients[${index}]`;
    if (!isObject(client)) { problem(where, "expected an object"); return; }
    onlyKeys(client, version === 1 ? fields.client : /** @type {number} */ (version) < 4 ? fields.clientV2
      : fields.clientV4, where);
    if (typeof client.id !== "string" || !patterns.clientId.test(client.id)) problem(`${where}.id`, "not a client id");
    else if (seen.has(client.id)) problem(`${where}.id`, `duplicate client id ${client.id}`);
    else seen.add(client.id);
    if (version === 1) clientV1Problems(client, where); else clientV2Problems(client, where);
  });
  return problems;

  /**
   * A version 2 field, {value, changed}: the object when its shape is right, else null.
   * @param {unknown} field @param {string} at @param {string[]} [allowed]
   * @returns {JsonObject | null}
   */
  function timedField(field, at, allowed) {
    if (!isObject(field)) { problem(at, "expected an object with a value and its change time"); return null; }
    onlyKeys(field, allowed || fields.timed, at);
    if (field.changed !== undefined && !clients.changeTime(field.changed)) {
      problem(`${at}.changed`, "expected a date and time");
    }
    return field;
  }

  /** A client of version 2, 3 or 4; version 4 adds the kept mail-log summary. @param {JsonObject} client
      @param {string} where */
  function clientV2Problems(client, where) {
    const name = timedField(client.name, `${where}.name`);
    if (name && !goodName(name.value)) {
      problem(`${where}.name.value`, `expected a name of 1 to ${limits.clientName} characters`);
    }
    if (client.platform !== undefined) {
      const platform = timedField(client.platform, `${where}.platform`);
      const id = platform ? (platform.value === undefined ? "" : platform.value) : "";
      if (platform && id !== "" && !platformIds.includes(/** @type {string} */ (id))) {
        problem(`${where}.platform.value`, "unknown platform");
      }
    }
    const values = client.values;
    if (values !== undefined) {
      if (!isObject(values)) problem(`${where}.values`, "expected an object");
      else for (const valueName of Object.keys(values)) {
        if (badKey(valueName, patterns.valueName)) {
          problem(`${where}.values`, `bad name \u201c${valueName}\u201d`);
          continue;
        }
        const field = timedField(values[valueName], `${where}.values.${valueName}`);
        if (field && longText(field.value, limits.value)) {
          problem(`${where}.values.${valueName}.value`, `expected text of at most ${limits.value} characters`);
        }
      }
    }
    const before = client.before;
    if (before !== undefined) {
      if (!isObject(before)) problem(`${where}.before`, "expected an object");
      else for (const settingId of Object.keys(before)) beforeProblems(before[settingId], settingId, where);
    }
    if (client.items !== undefined) {
      if (version === 2) itemProblems(client.items, where, fields.entryV2);
      else timedItemProblems(client.items, where);
    }
    if (/** @type {number} */ (version) >= 4 && client.mailLogs !== undefined) {
      const kept = timedField(client.mailLogs, `${where}.mailLogs`);
      if (kept) summaryProblems(hasOwn(kept, "value") ? kept.value : undefined, `${where}.mailLogs.value`, problem,
                                onlyKeys);
    }
  }

  /** @param {unknown} recorded @param {string} settingId @param {string} where */
  function beforeProblems(recorded, settingId, where) {
    const at = `${where}.before.${settingId}`;
    if (badKey(settingId, patterns.itemId)) {
      problem(`${where}.before`, `bad setting id \u201c${settingId}\u201d`);
      return;
    }
    const field = timedField(recorded, at, fields.before);
    if (!field) return;
    if (typeof field.value !== "string" || !patterns.beforeValue.test(field.value)) {
      problem(`${at}.value`, "expected a recorded value: a number, a time span, True, False, ticked, not ticked, " +
                             "absent, or empty");
    }
    if (field.object !== undefined && longText(field.object, limits.value)) {
      problem(`${at}.object`, `expected text of at most ${limits.value} characters`);
    }
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
    eachItemEntry(items, where, (entry, at) => {
      onlyKeys(entry, fields.entryV3, at);
      for (const name of Object.keys(entry)) {
        if (!fields.entryV3.includes(name)) continue;
        const field = timedField(entry[name], `${at}.${name}`);
        if (!field) continue;
        const value = field.value;
        if (name === "status" && !statuses.includes(/** @type {string} */ (value))) {
          problem(`${at}.status.value`, "unknown status");
        } else if (name === "note" && longText(value, limits.note)) {
          problem(`${at}.note.value`, `expected text of at most ${limits.note} characters`);
        } else if (name === "evidence" && longText(value, limits.evidence)) {
          problem(`${at}.evidence.value`, `expected text of at most ${limits.evidence} characters`);
        } else if (name === "revertDefault" && typeof value !== "boolean") {
          problem(`${at}.revertDefault.value`, "expected true or false");
        }
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
