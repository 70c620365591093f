// @ts-check
/* One item's progress entry, of any version, as stored or in a file, and the change times its fields carry (read by
 * change-time.js, shown in this browser's time zone by `shownMinute`): the browser half of macros/progress_file.py,
 * held to it by tests/vectors/export-vectors.json. Item statuses come from the vocabulary (status.js). */
import { moment } from "./change-time.js";
import { localMinute } from "./rules/local-minute.js";
import { DONE, FIRST_RELEASE_DONE_FIELD, NOT_STARTED, statusIds, statusLabel } from "./status.js";
import { hasOwn, pageVocabulary } from "./vocabulary.js";

export { changeTime, moment } from "./change-time.js";

/** @typedef {import("./types.js").EntryField} EntryField */
/** @typedef {import("./types.js").ItemEntry} ItemEntry */
/** @typedef {import("./types.js").TimedEntry} TimedEntry */
/** @template T @typedef {import("./types.js").Timed<T>} Timed */
/** The changes setItemFields makes. @typedef {Partial<Omit<ItemEntry, "changed">>} EntryChanges */

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
    rest stays the note. Who changed a field and its competing versions (version 5) are kept with it. Mirrors
    macros/progress_file.py `timed_entry`.
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
      /** @type {Timed<unknown>} */
      const kept = found[name] = { value: field.value };
      if (typeof field.changed === "string") kept.changed = field.changed;
      if (typeof field.by === "string") kept.by = field.by;
      if (Array.isArray(field.conflict)) kept.conflict = field.conflict;
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
export function rawEntry(state, itemId, replaces) {
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
    field with `stamp` (change-stamp.js: now, and who) and the others as they were: a status set here and a note
    written elsewhere both survive a merge; a field changed here has no competing versions any more. Returns whether
    anything changed.
    @param {{ items: Record<string, unknown> }} state @param {string} itemId @param {string[] | undefined} replaces
    @param {EntryChanges} changes @param {{ changed: string, by?: string }} stamp */
export function setItemFields(state, itemId, replaces, changes, stamp) {
  const fields = /** @type {Record<string, Timed<unknown>>} */ (timedEntry(rawEntry(state, itemId, replaces)));
  let changed = false;
  // What an entry without the field reads as (itemEntry): writing that is no change.
  /** @type {Record<string, unknown>} */
  const unset = { status: NOT_STARTED, note: "", evidence: "", revertDefault: false };
  for (const [name, value] of Object.entries(changes)) {
    if ((hasOwn(fields, name) ? fields[name].value : unset[name]) === value) continue;
    fields[name] = { value, ...stamp };
    changed = true;
  }
  if (changed || !hasOwn(state.items, itemId)) state.items[itemId] = fields;
  return changed;
}

/** The minutes east of UTC of this browser's time zone at the change time `text` (now's for none or an impossible
    one): summer and winter times each get their own. Mirrors macros/progress_file.py `local_offset`.
    @param {unknown} text */
export function localOffset(text) {
  const at = moment(text);
  // Whole minutes, as localMinute takes them: a zone's local mean time (before standard time) has seconds too.
  return Math.round(-new Date(at === -Infinity ? Date.now() : at).getTimezoneOffset()) || 0;
}

/** A change time as every page shows it, "2026-11-28 04:00" in this browser's time zone at that moment; an em dash
    for none or an impossible one. Mirrors macros/progress_file.py `shown_minute`. @param {unknown} text */
export function shownMinute(text) {
  return localMinute(text, localOffset(text));
}

/** Progress kept for an item no checklist has any more, as the report and the Clients page list it. Mirrors
    macros/progress_file.py `retired_line`. @param {string} itemId @param {unknown} raw */
export function retiredLine(itemId, raw) {
  const entry = itemEntry({ items: { [itemId]: raw } }, itemId);
  return `${itemId}: ${statusLabel(entry.status)}${entry.note ? ` (${entry.note})` : ""}`;
}
