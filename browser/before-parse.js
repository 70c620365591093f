// @ts-check
/* A setting's value before the change, read from what the technician typed or pasted (the check's output): the
 * browser half of macros/before_values.py `canonical` and `parse`, rule for rule. tests/vectors/before-vectors.json
 * holds both halves to the same values and messages. Only the parsed value is kept; pasted text never reaches a
 * snippet. */
import { boxAnswer } from "./rules/box-choices.js";
import { expectation } from "./rules/setting-types.js";
import { pageVocabulary } from "./vocabulary.js";

/** @typedef {import("./types.js").SettingSpec} SettingSpec */
/** @typedef {{ ok: true, value: string } | { ok: false, message: string }} Parsed */
/** A Format-List object: its [property, value] pairs in order (a list, so a property called "__proto__" is text). */
/** @typedef {[string, string][]} ListRecord */

const DWORD_MAX = 4294967295;
const TIMESPAN_DAYS_MAX = 10675199;
const TIMESPAN = /^(?:([0-9]{1,8})\.)?([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,7}))?$/;
const BOOLEAN = new Map([["true", "True"], ["$true", "True"], ["false", "False"], ["$false", "False"]]);
// Windows' reg.exe says "key or value"; Wine's (the registry client of tests/registry) "value" or "key".
const REG_MISSING = /unable to find the specified registry (?:key or value|value|key)/i;

const absentWord = () => /** @type {string} */ (pageVocabulary().before.absent);

/* Blanks and line breaks are named, not \s: JavaScript's and Python's \s and trim differ at the edges. */
/** @param {string} text */
const strip = (text) => text.replace(/^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g, "");
/** @param {string} line */
const startsBlank = (line) => /^[ \t\r\n\f\v]/.test(line);
/* Every line break JavaScript's ^, $ and . know, made \n, so both languages split lines alike. */
/** @param {string} text */
const oneLineBreak = (text) => text.replace(/\r\n|[\r\u2028\u2029]/g, "\n");
/** @param {string} text */
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Two Identity texts name the same object: Exchange compares names without regard to case, and a wrapped
 * Format-List line may have lost or gained blanks where it was cut.
 * @param {unknown} left @param {unknown} right
 */
export function sameObject(left, right) {
  const blanks = /[ \t\r\n\f\v]+/g;
  return String(left).replace(blanks, "").toLowerCase() === String(right).replace(blanks, "").toLowerCase();
}

/**
 * The canonical form of a value typed alone, or null.
 * @param {SettingSpec} spec @param {unknown} raw
 * @returns {string | null}
 */
export function canonical(spec, raw) {
  const text = strip(String(raw));
  const lower = text.toLowerCase();
  if (spec.type === "dword") {
    if (lower === absentWord()) return absentWord();
    if (/^(0|[1-9][0-9]{0,9})$/.test(text) && Number(text) <= DWORD_MAX) return String(Number(text));
    const hex = /^0[xX]([0-9a-fA-F]{1,8})$/.exec(text);
    return hex ? String(parseInt(hex[1], 16)) : null;
  }
  if (spec.type === "timespan") {
    const m = TIMESPAN.exec(text);
    if (!m) return null;
    const days = parseInt(m[1] || "0", 10);
    if (days > TIMESPAN_DAYS_MAX || parseInt(m[2], 10) > 23 || parseInt(m[3], 10) > 59 || parseInt(m[4], 10) > 59) {
      return null;
    }
    const fraction = (m[5] || "").replace(/0+$/, "");
    const clock = `${String(parseInt(m[2], 10)).padStart(2, "0")}:${m[3]}:${m[4]}${fraction ? `.${fraction}` : ""}`;
    return days ? `${days}.${clock}` : clock;
  }
  if (spec.type === "boolean") return BOOLEAN.get(lower) ?? null;
  return boxAnswer(text);
}

/** @param {string} value a canonical time span */
function timespanSeconds(value) {
  const m = /** @type {RegExpExecArray} */ (TIMESPAN.exec(value));
  return parseInt(m[1] || "0", 10) * 86400 + parseInt(m[2], 10) * 3600 + parseInt(m[3], 10) * 60 +
    parseInt(m[4], 10) + Number(`0.${m[5] || "0"}`);
}

/**
 * Whether two canonical values are the same setting value (time spans compare as durations).
 * @param {SettingSpec} spec @param {string} left @param {string} right
 */
export function sameValue(spec, left, right) {
  if (spec.type === "timespan" && left !== absentWord() && right !== absentWord()) {
    return timespanSeconds(left) === timespanSeconds(right);
  }
  return left === right;
}

/** @param {string} message @returns {Parsed} */
const refused = (message) => ({ ok: false, message });

/**
 * Read a recorded value from typed or pasted text. identity: the current value of the parameter naming the
 * setting's object (its receive connector), when it has one. Mirrors before_values.parse.
 * @param {SettingSpec} spec @param {unknown} input @param {string} [identity]
 * @returns {Parsed}
 */
export function parse(spec, input, identity) {
  const max = pageVocabulary().limits.beforeText;
  const text = String(input);
  if (text.length > max) return refused(`too long: paste at most ${max} characters of the check's output`);
  if (text.includes("\u0000")) return refused("the text holds a NUL character: paste the check's output as text");
  const alone = canonical(spec, text);
  if (alone !== null) return { ok: true, value: alone };
  let found = null;
  if (spec.type === "dword" && spec.property) found = fromRegistryOutput(spec, spec.property, text);
  else if ((spec.type === "timespan" || spec.type === "boolean") && spec.property) {
    found = fromFormatList(spec, spec.property, text, identity || "");
  }
  return found || refused(`expected ${expectation(spec.type)}`);
}

/**
 * A DWORD from reg.exe's or Get-ItemProperty's output: its value, "absent" when the output says it is missing,
 * a refusal, or null when the output does not name it.
 * @param {SettingSpec} spec @param {string} property @param {string} pasted
 * @returns {Parsed | null}
 */
function fromRegistryOutput(spec, property, pasted) {
  const name = escapeRegExp(property);
  const text = oneLineBreak(pasted);
  const line = new RegExp(`^[ \\t]*${name}[ \\t]+(REG_[A-Za-z_]+)[ \\t]+([^ \\t\\n][^\\n]*?)[ \\t]*$`, "im").exec(text);
  if (line) {
    const kind = line[1].toUpperCase();
    if (kind !== "REG_DWORD") {
      return refused(`${property} is a ${kind} on this server, not a REG_DWORD: the revert cannot restore that, ` +
                     "so write it in the note and restore it by hand");
    }
    const value = canonical(spec, line[2]);
    return value !== null && value !== absentWord() ? { ok: true, value } : null;
  }
  const listed = new RegExp(`^[ \\t]*${name}[ \\t]*:[ \\t]*([0-9]+)[ \\t]*$`, "im").exec(text);
  if (listed) {
    const number = canonical(spec, listed[1]);
    return number !== null ? { ok: true, value: number } : null;
  }
  const missing = /Property ([A-Za-z][A-Za-z0-9]*) does not exist at path/.exec(text);
  if (REG_MISSING.test(text) || (missing && missing[1].toLowerCase() === property.toLowerCase())) {
    return { ok: true, value: absentWord() };
  }
  return null;
}

/**
 * Format-List output as one record per object (before_values.format_list_records). Objects are separated by blank
 * lines (or a property seen twice); a long value wrapped onto lines that start with blanks is joined back.
 * @param {string} text
 * @returns {ListRecord[]}
 */
export function formatListRecords(text) {
  /** @type {ListRecord[]} */
  const records = [];
  /** @type {ListRecord} */
  let current = [];
  let last = -1;
  for (const line of oneLineBreak(text).split("\n")) {
    if (!strip(line)) {
      if (current.length) records.push(current);
      current = [];
      last = -1;
      continue;
    }
    const match = /^([A-Za-z][A-Za-z0-9]*) *:(?: ([^\n]*))?$/.exec(line.replace(/[ \t\r\n\f\v]+$/, ""));
    if (match && !startsBlank(line)) {
      const key = match[1];
      if (current.some(([name]) => name === key)) { records.push(current); current = []; }
      current.push([key, match[2] || ""]);
      last = current.length - 1;
    } else if (last >= 0 && startsBlank(line)) {
      const value = current[last][1];
      current[last][1] = value + (value.endsWith(" ") ? "" : " ") + strip(line);
    }
  }
  if (current.length) records.push(current);
  return records.map((record) => record.map(([key, value]) => /** @type {[string, string]} */ ([key, strip(value)])));
}

/**
 * The value of `key` (lowercase) in a record, case-insensitively, or null.
 * @param {ListRecord} record @param {string} key
 */
function valueOf(record, key) {
  const pair = record.find(([name]) => name.toLowerCase() === key);
  return pair ? pair[1] : null;
}

/**
 * A time span or boolean from Format-List output: the one object that lists the property (the one with the
 * connector's Identity, for a setting on a connector), a refusal, or null when no object lists it.
 * @param {SettingSpec} spec @param {string} property @param {string} text @param {string} identity
 * @returns {Parsed | null}
 */
function fromFormatList(spec, property, text, identity) {
  const key = property.toLowerCase();
  let records = formatListRecords(text).filter((record) => valueOf(record, key) !== null);
  if (!records.length) return null;
  if (spec.object) {
    records = records.filter((record) => record.some(([name, value]) =>
      name.toLowerCase() === "identity" && sameObject(value, identity)));
    if (!records.length) {
      return refused(`the pasted output lists no object with the Identity ${identity}: enter the connector's ` +
                     "Identity first, then paste the check's output that lists it");
    }
  }
  if (records.length > 1) {
    return refused(`the pasted output lists ${property} for ${records.length} objects: paste the one this item ` +
                   "changes");
  }
  const shown = /** @type {string} */ (valueOf(records[0], key));
  const found = canonical(spec, shown);
  if (found === null || found === absentWord()) {
    return refused(`${property} shows \u201c${shown}\u201d, not ${pageVocabulary().before.types[spec.type]}`);
  }
  return { ok: true, value: found };
}

/**
 * The objects (connectors) a pasted Format-List output names in its Identity lines, each once: none, one, or
 * several for the page to ask which.
 * @param {string} text
 * @returns {string[]}
 */
export function identitiesIn(text) {
  /** @type {string[]} */
  const found = [];
  for (const record of formatListRecords(text)) {
    for (const [name, value] of record) {
      if (name.toLowerCase() === "identity" && value && !found.includes(value)) found.push(value);
    }
  }
  return found;
}

/**
 * What a technician's typed or pasted text records for a setting: {ok: true, entry} to store under the setting's
 * id ({value: ""} when the text is blank: the record is cleared), or {ok: false, message}. `identity` is the
 * connector the commands name now, "" while the client has none; a value on a connector needs it. Used by the
 * checklist pages and by the Clients page's values view alike; the one who stores it stamps it (value-editor.js).
 * @param {SettingSpec} spec @param {string} text @param {string} identity
 * @returns {{ ok: true, entry: { value: string, object?: string } } | { ok: false, message: string }}
 */
export function entryFrom(spec, text, identity) {
  if (!/[^ \t\r\n\f\v]/.test(text)) return { ok: true, entry: { value: "" } };
  if (spec.object && !identity) {
    return { ok: false, message: "enter the connector's Identity (the receive connector's field) first: a value " +
                                 "before the change belongs to one connector" };
  }
  const parsed = parse(spec, text, identity);
  if (!parsed.ok) return parsed;
  /** @type {{ value: string, object?: string }} */
  const entry = { value: parsed.value };
  if (spec.object) entry.object = identity;
  return { ok: true, entry };
}
