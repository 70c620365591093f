// @ts-check
/* A checked import file's client as it is stored: what a merge, its preview and a Replace's losses compare with
 * the clients stored here. */
import * as clients from "./clients.js";
import { hasOwn } from "./vocabulary.js";

/** @typedef {import("./types.js").BeforeV2} BeforeV2 */
/** @typedef {import("./types.js").ClientV1} ClientV1 */
/** @typedef {import("./types.js").ClientV2} ClientV2 */
/** @typedef {import("./types.js").ClientV3} ClientV3 */
/** @typedef {import("./types.js").ClientV4} ClientV4 */
/** @typedef {import("./types.js").MailLogSummary} MailLogSummary */
/**
 * @template T
 * @typedef {import("./types.js").Timed<T>} Timed
 */
/** @typedef {import("./types.js").TimedEntry} TimedEntry */
/**
 * @template T
 * @typedef {import("./types.js").Version<T>} Version
 */
/**
 * A client's state as a file brings it: each before-value and item entry in its newest shape, and the kept mail-log
 * summary of a version 4 file that has one (or its removal, null). Who changed each value and its competing versions
 * (version 5) are in maps beside its change time, as stored.
 * @typedef {{ values: Record<string, string>, valueChanged: Record<string, string>,
 *             valueBy: Record<string, string>, valueConflict: Record<string, Version<string>[]>,
 *             before: Record<string, BeforeV2>, items: Record<string, TimedEntry>,
 *             mailLogs?: Timed<MailLogSummary | null> }} ImportedState
 * @typedef {{ name: string, platform: string, changed: { name?: string, platform?: string },
 *             by: { name?: string, platform?: string },
 *             conflict: { name?: Version<string>[], platform?: Version<string>[] } }} Profile
 * @typedef {{ profile: Profile, state: ImportedState }} ImportedClient
 */

/**
 * A timed field's change time, author and competing versions, each into its map under `key` (those it has).
 * @param {Timed<unknown>} field @param {string} key @param {Record<string, string>} changed
 * @param {Record<string, string>} by @param {Record<string, Version<any>[]>} conflict
 */
function beside(field, key, changed, by, conflict) {
  if (field.changed) changed[key] = field.changed;
  if (field.by) by[key] = field.by;
  if (field.conflict) conflict[key] = field.conflict;
}

/**
 * A copy of a field with only what a field may hold: its value (and a value before a change's object), when and by
 * whom it changed, its competing versions. @template {Timed<any> & { object?: string }} F @param {F} field
 * @returns {F}
 */
function fieldCopy(field) {
  /** @type {Record<string, unknown>} */
  const copy = { value: field.value };
  for (const key of ["object", "changed", "by", "conflict"]) {
    if (hasOwn(field, key)) copy[key] = /** @type {Record<string, unknown>} */ (field)[key];
  }
  return /** @type {F} */ (copy);
}

/**
 * A checked client of any version as it is stored: {profile: {name, platform, changed, by, conflict}, state}, each
 * item entry in version 3's timed shape. Version 1 has no change times for the name, platform and values: there,
 * what is stored already wins.
 * @param {ClientV1 | ClientV2 | ClientV3 | ClientV4} client @param {number} version the file's
 * @returns {ImportedClient}
 */
export function importedClient(client, version) {
  /** @type {ImportedState} */
  const state = { values: {}, valueChanged: {}, valueBy: {}, valueConflict: {}, before: {}, items: {} };
  const items = client.items || {};
  for (const id of Object.keys(items)) state.items[id] = clients.timedEntry(items[id]);
  if (version === 1) {
    const v1 = /** @type {ClientV1} */ (client);
    Object.assign(state.values, v1.values || {});
    return { profile: { name: v1.name.trim(), platform: v1.platform || "", changed: {}, by: {}, conflict: {} },
             state };
  }
  const timed = /** @type {ClientV2 | ClientV3 | ClientV4} */ (client);
  const values = timed.values || {};
  for (const name of Object.keys(values)) {
    state.values[name] = values[name].value;
    beside(values[name], name, state.valueChanged, state.valueBy, state.valueConflict);
  }
  const before = timed.before || {};
  for (const id of Object.keys(before)) state.before[id] = fieldCopy(before[id]);
  const mailLogs = /** @type {ClientV4} */ (client).mailLogs;
  if (version >= 4 && mailLogs) state.mailLogs = fieldCopy(mailLogs);
  const platform = timed.platform || { value: "" };
  // A name in conflict stays as its latest version has it, so that the field is still that version.
  /** @type {Profile} */
  const profile = { name: timed.name.conflict ? timed.name.value : timed.name.value.trim(),
                    platform: platform.value || "", changed: {}, by: {}, conflict: {} };
  beside(timed.name, "name", profile.changed, profile.by, profile.conflict);
  beside(platform, "platform", profile.changed, profile.by, profile.conflict);
  return { profile, state };
}
