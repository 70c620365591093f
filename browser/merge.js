// @ts-check
/* The merge of a checked import file into the clients stored here, all or nothing: a refused or failed import
 * changes nothing stored. A merge takes the newer change field by field: name, platform, each value, each value
 * before a change, each item's status, note and revert choice, and the kept mail-log summary (or its removal); the
 * evidence of both sides is kept. A field taken comes with who changed it and its competing versions (export version
 * 5): a conflict is never dropped, only replaced by the newer field's. Tombstones of both sides are kept, the later
 * of two for one client; a tombstone never deletes a client here (the three-way merge's rules decide that). */
import * as clients from "./clients.js";
import { importedClient } from "./imported-client.js";
import { storedMailLogs } from "./mail-log-summary.js";
import * as store from "./storage.js";
import { TOMBSTONES, joinedTombstones, storedTombstones } from "./tombstones.js";
import { hasOwn, pageVocabulary } from "./vocabulary.js";

/** @typedef {import("./types.js").Client} Client */
/** @typedef {import("./types.js").ClientState} ClientState */
/** @typedef {import("./types.js").ProgressExport} ProgressExport */
/** @typedef {import("./types.js").Tombstone} Tombstone */
/** @typedef {import("./imported-client.js").ImportedClient} ImportedClient */
/**
 * @template T
 * @typedef {import("./types.js").Timed<T>} Timed
 */
/** An item entry's timed fields by name: a TimedEntry, read field by field. */
/** @typedef {Record<string, Timed<any>>} Fields */

/**
 * Whether the file's field wins: the stored one is missing, or the file's change is later (as moments, not text).
 * @param {boolean} hasLocal @param {string | null | undefined} localTime @param {string | undefined} fileTime
 */
function fileWins(hasLocal, localTime, fileTime) {
  if (!hasLocal) return true;
  return clients.moment(fileTime) > clients.moment(localTime);
}

/** A stored item entry's fields. @param {ClientState} state @param {string} id @returns {Fields} */
const storedFields = (state, id) => hasOwn(state.items, id) ? clients.timedEntry(state.items[id]) : {};

/** Whether the file's field brings nothing new: the same value (a value before a change: and object) as the stored
    one, and no competing versions other than the stored ones. Then the stored field stays, its conflict with it.
    @param {{ value?: unknown, object?: unknown, conflict?: unknown } | null | undefined} mine
    @param {{ value?: unknown, object?: unknown, conflict?: unknown }} theirs */
const same = (mine, theirs) => !!mine &&
  JSON.stringify([mine.value, mine.object || ""]) === JSON.stringify([theirs.value, theirs.object || ""]) &&
  (theirs.conflict === undefined || JSON.stringify(mine.conflict) === JSON.stringify(theirs.conflict));

/** Set `holder[map][key]` to `value`, or remove it when the file's field has none: who changed a field and its
    competing versions come and go with it. @param {Record<string, any>} holder @param {string} map
    @param {string} key @param {unknown} value */
function keep(holder, map, key, value) {
  if (value !== undefined) (holder[map] ||= {})[key] = value;
  else if (holder[map]) delete holder[map][key];
}

/**
 * What a merge takes from the file into a stored client, field by field; changes `state` and `profile` in place and
 * returns how many fields it took.
 * @param {Client} profile @param {ClientState} state @param {ImportedClient} incoming
 */
function mergeInto(profile, state, incoming) {
  let taken = 0;
  const file = incoming.profile;
  for (const field of /** @type {const} */ (["name", "platform"])) {
    const mine = profile.changed || {};
    if (file.changed[field] && fileWins(true, mine[field], file.changed[field]) &&
        !same({ value: profile[field], conflict: profile.conflict?.[field] },
              { value: file[field], conflict: file.conflict[field] })) {
      profile[field] = file[field];
      profile.changed = profile.changed || {};
      profile.changed[field] = file.changed[field];
      keep(profile, "by", field, file.by[field]);
      keep(profile, "conflict", field, file.conflict[field]);
      taken++;
    }
  }
  const { values, valueChanged, valueBy, valueConflict } = incoming.state;
  for (const name of Object.keys(values)) {
    if (!fileWins(hasOwn(state.values, name), state.valueChanged[name], valueChanged[name])) continue;
    const conflict = hasOwn(valueConflict, name) ? valueConflict[name] : undefined;
    if (hasOwn(state.values, name) && same({ value: state.values[name], conflict: state.valueConflict?.[name] },
                                           { value: values[name], conflict })) continue;
    state.values[name] = values[name];
    if (valueChanged[name]) state.valueChanged[name] = valueChanged[name];
    keep(state, "valueBy", name, hasOwn(valueBy, name) ? valueBy[name] : undefined);
    keep(state, "valueConflict", name, conflict);
    taken++;
  }
  for (const [id, theirs] of Object.entries(incoming.state.before)) {
    const mine = clients.beforeEntry(state, id);
    if (!fileWins(mine !== null, mine && mine.changed, theirs.changed)) continue;
    const stored = /** @type {{ conflict?: unknown }} */ (state.before[id]);
    if (mine && same({ ...mine, conflict: stored.conflict }, theirs)) continue;
    state.before[id] = theirs;
    taken++;
  }
  for (const [id, theirs] of Object.entries(incoming.state.items)) {
    const merged = mergeEntry(storedFields(state, id), theirs);
    if (merged.taken) {
      state.items[id] = merged.fields;
      taken += merged.taken;
    }
  }
  const theirs = incoming.state.mailLogs;
  const mine = storedMailLogs(state);
  if (theirs && fileWins(mine !== null, mine && mine.changed, theirs.changed) && !same(mine, theirs)) {
    state.mailLogs = theirs;
    taken++;
  }
  return taken;
}

/**
 * Two timed item entries merged field by field: {fields, taken}. The newer status, note and revert choice win; the
 * evidence of both sides is kept (outside tools only ever add evidence), each paragraph once, unless either side's
 * is in conflict: then the newer wins, as any field, so that no competing version is lost.
 * @param {Fields} mine @param {Fields} theirs
 * @returns {{ fields: Fields, taken: number }}
 */
function mergeEntry(mine, theirs) {
  /** @type {Fields} */
  const fields = { ...mine };
  let taken = 0;
  for (const name of Object.keys(theirs)) {
    const has = hasOwn(mine, name);
    if (name === "evidence" && joins(has ? mine.evidence : undefined, theirs.evidence)) {
      const joined = has ? joinedEvidence(mine.evidence, theirs.evidence).field : theirs.evidence;
      if (has && joined.value === mine.evidence.value) continue;
      fields.evidence = joined;
      taken++;
      continue;
    }
    if (!fileWins(has, has ? mine[name].changed : undefined, theirs[name].changed)) continue;
    if (has && same(mine[name], theirs[name])) continue;
    fields[name] = theirs[name];
    taken++;
  }
  return { fields, taken };
}

/** Whether two sides' evidence is joined paragraph by paragraph: neither holds competing versions.
    @param {Timed<string> | undefined} mine @param {Timed<string>} theirs */
const joins = (mine, theirs) => !mine?.conflict && !theirs.conflict;

/**
 * Both sides' evidence, the newer side's paragraphs first, then those of the other that it lacks; changed: the
 * later of the two. Within the limit: the last (oldest) paragraphs go first, whole, and `dropped` says how many
 * (each side alone is within it, so the newer side's always fit).
 * @param {Timed<string>} mine @param {Timed<string>} theirs
 * @returns {{ field: Timed<string>, dropped: number }}
 */
function joinedEvidence(mine, theirs) {
  const theirsNewer = clients.moment(theirs.changed) > clients.moment(mine.changed);
  const [first, second] = theirsNewer ? [theirs, mine] : [mine, theirs];
  const paragraphs = first.value ? first.value.split("\n\n") : [];
  for (const paragraph of second.value ? second.value.split("\n\n") : []) {
    if (!paragraphs.includes(paragraph)) paragraphs.push(paragraph);
  }
  const limit = pageVocabulary().limits.evidence;
  let dropped = 0;
  while (paragraphs.length > 1 && paragraphs.join("\n\n").length > limit) { paragraphs.pop(); dropped++; }
  /** @type {Timed<string>} */
  const field = { value: paragraphs.join("\n\n") };
  if (first.changed !== undefined) field.changed = first.changed;
  if (first.by !== undefined) field.by = first.by;
  return { field, dropped };
}

/**
 * Items whose oldest evidence a merge of this file drops to stay within the limit: "client: item (n older
 * paragraphs)" each, for the preview to say before anything is merged.
 * @param {ProgressExport} data a checked file
 * @returns {string[]}
 */
export function evidenceDropped(data) {
  const here = new Set(clients.list().map((/** @type {Client} */ c) => c.id));
  /** @type {string[]} */
  const found = [];
  for (const client of data.clients) {
    if (!here.has(client.id)) continue;
    const incoming = importedClient(client, data.version);
    const state = clients.state(client.id);
    for (const [id, theirs] of Object.entries(incoming.state.items)) {
      const mine = storedFields(state, id);
      if (!hasOwn(theirs, "evidence") || !hasOwn(mine, "evidence")) continue;
      if (!joins(mine.evidence, /** @type {Timed<string>} */ (theirs.evidence))) continue;
      const dropped = joinedEvidence(mine.evidence, /** @type {Timed<string>} */ (theirs.evidence)).dropped;
      const plural = dropped === 1 ? "" : "s";
      if (dropped) found.push(`${incoming.profile.name}: ${id} (${dropped} older paragraph${plural})`);
    }
  }
  return found;
}

/** A version 5 file's tombstones; none in an older one. @param {ProgressExport} data @returns {Tombstone[]} */
const fileTombstones = (data) => data.version === 5 && data.deleted ? data.deleted : [];

/**
 * What merging a checked file would do, for the preview: clients added and updated, fields the file's newer
 * changes take, clients here a Replace would remove; the clients here the file says were deleted (kept here: the
 * deletion is kept beside them), and those of the file deleted here (brought back, beside their deletion).
 * @param {ProgressExport} data
 * @returns {{ added: number, updated: number, newerItems: number, replacedAway: number, deletedThere: string[],
 *             deletedHere: string[] }}
 */
export function mergePlan(data) {
  /** @type {Client[]} */
  const here = clients.list();
  const byId = new Map(here.map((c) => [c.id, c]));
  const inFile = new Set(data.clients.map((c) => c.id));
  const deletedHere = new Set(storedTombstones().map((stone) => stone.id));
  const plan = { added: 0, updated: 0, newerItems: 0, replacedAway: 0,
                 deletedThere: fileTombstones(data).filter((stone) => byId.has(stone.id) && !inFile.has(stone.id))
                   .map((stone) => /** @type {Client} */ (byId.get(stone.id)).name),
                 deletedHere: data.clients.filter((c) => !byId.has(c.id) && deletedHere.has(c.id))
                   .map((c) => importedClient(c, data.version).profile.name) };
  for (const client of data.clients) {
    const stored = byId.get(client.id);
    if (!stored) { plan.added++; continue; }
    plan.updated++;
    /** @type {Client} */
    const profile = JSON.parse(JSON.stringify(stored));
    plan.newerItems += mergeInto(profile, clients.state(client.id), importedClient(client, data.version));
  }
  plan.replacedAway = here.filter((c) => !inFile.has(c.id)).length;
  return plan;
}

/**
 * Apply a checked import in one database transaction: all of it, or (when the browser refuses it) none of it.
 * @param {ProgressExport} data @param {boolean} replace whether the file's clients replace those here
 * @returns {Promise<boolean>}
 */
export function applyImport(data, replace) {
  /** @type {Client[]} */
  const list = replace ? [] : clients.list();
  /** @type {Record<string, string>} */
  const puts = {};
  /** @type {string[]} */
  let removals = replace ? clients.list().map((/** @type {Client} */ c) => `client.${c.id}`) : [];
  for (const client of data.clients) {
    const incoming = importedClient(client, data.version);
    const existing = list.filter((c) => c.id === client.id).pop();
    /** @type {ClientState} */
    let state = incoming.state;
    if (existing) {
      state = clients.state(client.id);
      mergeInto(existing, state, incoming);
    } else {
      const { name, platform, changed, by, conflict } = incoming.profile;
      list.push({ id: client.id, name, platform, changed, ...(Object.keys(by).length ? { by } : {}),
                  ...(Object.keys(conflict).length ? { conflict } : {}) });
    }
    puts[`client.${client.id}`] = JSON.stringify(state);
    removals = removals.filter((key) => key !== `client.${client.id}`);
  }
  puts.clients = JSON.stringify(list);
  const deleted = JSON.stringify(joinedTombstones(storedTombstones(), fileTombstones(data)));
  if (deleted !== JSON.stringify(storedTombstones())) puts[TOMBSTONES] = deleted;
  if (replace) {
    // Undo puts back every client and state as stored now, and removes the file's clients that were not here.
    /** @type {Client[]} */
    const here = clients.list();
    const touched = ["clients", "current", TOMBSTONES, ...here.map((c) => `client.${c.id}`)];
    for (const c of data.clients) if (!touched.includes(`client.${c.id}`)) touched.push(`client.${c.id}`);
    puts.undo = clients.undoRecord(`Replaced ${here.length} client${here.length === 1 ? "" : "s"} with the file's ` +
                                   `${data.clients.length}`, touched, puts, removals);
  }
  return store.commit(puts, removals);
}

/**
 * Whether a file only brings outside tools' evidence (the probe's): every item entry holds evidence (and maybe a
 * status), and no client brings a platform, values, values before a change or a mail-log summary. Such a file is
 * only merged.
 * @param {ProgressExport} data a checked file
 */
export function evidenceOnly(data) {
  let entries = 0;
  const only = data.clients.every((client) => {
    /** @type {{ platform?: unknown, values?: unknown, before?: unknown, mailLogs?: unknown,
                 items?: Record<string, unknown> }} */
    const given = client;
    if (given.platform !== undefined || given.values !== undefined || given.before !== undefined ||
        given.mailLogs !== undefined) return false;
    return Object.values(given.items || {}).every((raw) => {
      entries++;
      const fields = clients.timedEntry(raw);
      return hasOwn(fields, "evidence") &&
        Object.keys(fields).every((name) => name === "evidence" || name === "status");
    });
  });
  return only && entries > 0;
}
