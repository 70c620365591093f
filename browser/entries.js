// @ts-check
/* One item's progress entry, of any version, as stored or in a file, and the change times its fields carry: the
 * browser half of macros/progress_file.py, held to it by tests/vectors/export-vectors.json. Item statuses come from
 * the vocabulary (status.js). */
import { DONE, FIRST_RELEASE_DONE_FIELD, NOT_STARTED, statusIds, statusLabel } from "./status.js";
import { hasOwn, pageVocabulary } from "./vocabulary.js";

/** @typedef {import("./types.js").EntryField} EntryField */
/** @typedef {import("./types.js").ItemEntry} ItemEntry */
/** @typedef {import("./types.js").TimedEntry} TimedEntry */
/** @template T @typedef {import("./types.js").Timed<T>} Timed */
/** The changes setItemFields makes. @typedef {Partial<Omit<ItemEntry, "changed">>} EntryChanges */
/** [year, month, day, hour, minute, zone offset in minutes]. @typedef {[number, number, number, number, number, number]} ChangeParts */

/** A JSON object (not null, not an array). @param {unknown} value @returns {value is Record<string, unknown>} */
export function isObject(value) { return value !== null && typeof value === "object" && !Array.isArray(value); }

function entryFields() { return pageVocabulary().fields.entryV3; }

/** Whether `value` is of the field's kind (a status the page knows, for status). @param {string} name
    @param {unknown} value */
function rightKind(name, value) {
  if (name === "revertDefault") return typeof value === "boolean";
  return typeof value === "string" && (name !== "status" || statusIds().includes(value));
}

/** One item's entry of any version, as stored or in a file, as version 3's {field: {value, changed}}; a field the
    entry does not give is left out, a value of the wrong kind too. Versions 1 and 2 (and what earlier releases
    stored) have one change time for all their fields; the first release's {done: true} reads as done. A note that
    starts with the probe's evidence (earlier releases put it there) is split: the evidence into its own field, the
    rest stays the note. Mirrors macros/progress_file.py `timed_entry`.
    @param {unknown} raw @returns {TimedEntry} */
export function timedEntry(raw) {
  if (!isObject(raw)) return {};
  /** @type {Record<string, Timed<unknown>>} */
  const found = {};
  const names = entryFields();
  if (names.some((name) => hasOwn(raw, name) && isObject(raw[name]))) {
    for (const name of names) {
      const field = hasOwn(raw, name) ? raw[name] : null;
      if (!isObject(field) || !rightKind(name, field.value)) continue;
      found[name] = typeof field.changed === "string" ? { value: field.value, changed: field.changed }
        : { value: field.value };
    }
    return /** @type {TimedEntry} */ (found);   // each field's kind checked by rightKind
  }
  /** @template T @param {T} value @returns {Timed<T>} */
  const stamp = (value) => typeof raw.changed === "string" ? { value, changed: raw.changed } : { value };
  /** @type {TimedEntry} */
  const entry = {};
  if (hasOwn(raw, "status") || hasOwn(raw, FIRST_RELEASE_DONE_FIELD)) {
    entry.status = stamp(typeof raw.status === "string" && statusIds().includes(raw.status) ? raw.status
      : raw[FIRST_RELEASE_DONE_FIELD] === true ? DONE : NOT_STARTED);
  }
  let note = typeof raw.note === "string" ? raw.note : null;
  let evidence = typeof raw.evidence === "string" ? raw.evidence : null;
  if (evidence === null && note !== null && note.startsWith(pageVocabulary().evidenceStart)) {
    [evidence, note] = splitEvidence(note);
  }
  if (note !== null) entry.note = stamp(note);
  if (evidence !== null) entry.evidence = stamp(evidence);
  return entry;
}

/** [evidence, note] of a note whose first paragraphs are the probe's evidence, as earlier releases stacked it above
    the note. Mirrors macros/progress_file.py `split_evidence`. @param {string} note @returns {[string, string]} */
export function splitEvidence(note) {
  const paragraphs = note.split("\n\n");
  const start = pageVocabulary().evidenceStart;
  let count = 0;
  while (count < paragraphs.length && paragraphs[count].startsWith(start)) count++;
  return [paragraphs.slice(0, count).join("\n\n"), paragraphs.slice(count).join("\n\n")];
}

/** A change time as milliseconds since 1970, to compare; -Infinity for none or an impossible one. Mirrors
    macros/progress_file.py `moment`. @param {unknown} text */
export function moment(text) {
  const parts = typeof text === "string" ? changeTime(text) : null;
  if (!parts || typeof text !== "string") return -Infinity;
  const seconds = parseFloat(text.slice(17).replace(/[^0-9.].*$/, ""));
  return Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4]) - parts[5] * 60000 + seconds * 1000;
}

/** The latest change time of an entry's timed fields (the first of equal ones), null when none has one. Mirrors
    macros/progress_file.py `entry_changed`. @param {TimedEntry} fields @returns {string | null} */
function entryChanged(fields) {
  /** @type {string | null} */
  let latest = null;
  let latestMoment = -Infinity;
  for (const name of entryFields()) {
    const changed = hasOwn(fields, name) ? fields[name]?.changed : undefined;
    // Each time read once (a Clients page reads 1,000 clients' entries): -Infinity is no possible time.
    const at = changed === undefined ? -Infinity : moment(changed);
    if (at !== -Infinity && (latest === null || at > latestMoment)) {
      latest = /** @type {string} */ (changed);
      latestMoment = at;
    }
  }
  return latest;
}

/** The stored entry an item reads from: its own, or while it has none, that of an id it replaces.
    @param {{ items: Record<string, unknown> }} state @param {string} itemId @param {string[]} [replaces] */
function rawEntry(state, itemId, replaces) {
  /** @param {string} id */
  const own = (id) => hasOwn(state.items, id) ? state.items[id] : null;
  let raw = own(itemId);
  // An item that replaces older ids takes over their progress until it has its own.
  for (let i = 0; !raw && replaces && i < replaces.length; i++) raw = own(replaces[i]);
  return raw;
}

/** One item's progress, whatever shape it was stored in: {status, note, evidence, revertDefault, changed}, changed
    being the latest of its fields' change times. Mirrors macros/progress_file.py `item_entry`
    (tests/vectors/export-vectors.json).
    @param {{ items: Record<string, unknown> }} state @param {string} itemId @param {string[]} [replaces]
    @returns {ItemEntry} */
export function itemEntry(state, itemId, replaces) {
  const fields = timedEntry(rawEntry(state, itemId, replaces));
  return { status: fields.status?.value ?? NOT_STARTED, note: fields.note?.value ?? "",
           evidence: fields.evidence?.value ?? "", revertDefault: fields.revertDefault?.value ?? false,
           changed: entryChanged(fields) };
}

/** Set some of an item's fields ({status: DONE}, {note: "..."}, {revertDefault: true}) in `state`, each changed
    field with the time of now and the others as they were: a status set here and a note written elsewhere both
    survive a merge. Returns whether anything changed.
    @param {{ items: Record<string, unknown> }} state @param {string} itemId @param {string[] | undefined} replaces
    @param {EntryChanges} changes */
export function setItemFields(state, itemId, replaces, changes) {
  const fields = /** @type {Record<string, Timed<unknown>>} */ (timedEntry(rawEntry(state, itemId, replaces)));
  const now = new Date().toISOString();
  let changed = false;
  // What an entry without the field reads as (itemEntry): writing that is no change.
  /** @type {Record<string, unknown>} */
  const unset = { status: NOT_STARTED, note: "", evidence: "", revertDefault: false };
  for (const [name, value] of Object.entries(changes)) {
    if ((hasOwn(fields, name) ? fields[name].value : unset[name]) === value) continue;
    fields[name] = { value, changed: now };
    changed = true;
  }
  if (changed || !hasOwn(state.items, itemId)) state.items[itemId] = fields;
  return changed;
}

/** The vocabulary's change-time pattern, compiled once: a page reads thousands of times (1,000 clients' entries on
    the Clients page), and compiling it each time was most of that page's first render. */
let compiled = { source: "", pattern: /(?:)/ };
function changeTimePattern() {
  const source = pageVocabulary().patterns.changeTime;
  if (compiled.source !== source) compiled = { source, pattern: new RegExp(source) };
  return compiled.pattern;
}

/** [year, month, day, hour, minute, zone offset in minutes] of a change time that names a real moment, else null:
    the pattern alone lets 2026-02-30, 23:59:60 or +99:00 through. Mirrors macros/progress_file.py `change_time`,
    years 1970 to 9998 included. @param {unknown} text @returns {ChangeParts | null} */
export function changeTime(text) {
  if (typeof text !== "string" || !changeTimePattern().test(text)) return null;
  /** @param {number} from @param {number} to */
  const number = (from, to) => parseInt(text.slice(from, to), 10);
  const [year, month, day] = [number(0, 4), number(5, 7), number(8, 10)];
  const [hour, minute, second] = [number(11, 13), number(14, 16), number(17, 19)];
  const zone = text.slice(19).replace(/^[.0-9]+/, "");
  const zoneHours = zone === "Z" ? 0 : parseInt(zone.slice(1, 3), 10);
  const zoneMinutes = zone === "Z" ? 0 : parseInt(zone.slice(4, 6), 10);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (!(year >= 1970 && year <= 9998 && month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1] &&
        hour < 24 && minute < 60 && second < 60 && zoneHours < 24 && zoneMinutes < 60)) return null;
  const offset = (zoneHours * 60 + zoneMinutes) * (zone.startsWith("-") ? -1 : 1);
  return [year, month, day, hour, minute, offset];
}

/** "2026-11-28 03:00 UTC", as macros/progress_file.py `utc_minute` writes it; an em dash for none or an impossible
    time. @param {unknown} text */
export function utcMinute(text) {
  const parts = changeTime(text);
  if (!parts) return "\u2014";
  const utc = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4]) - parts[5] * 60000);
  return `${utc.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Progress kept for an item no checklist has any more, as the report and the Clients page list it. Mirrors
    macros/progress_file.py `retired_line`. @param {string} itemId @param {unknown} raw */
export function retiredLine(itemId, raw) {
  const entry = itemEntry({ items: { [itemId]: raw } }, itemId);
  return `${itemId}: ${statusLabel(entry.status)}${entry.note ? ` (${entry.note})` : ""}`;
}
