// @ts-check
/* A checked import file's client as it is stored: what a merge, its preview and a Replace's losses compare with
 * the clients stored here. */
import * as clients from "./clients.js";

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
 * A client's state as a file brings it: each before-value and item entry in its newest shape, and the kept mail-log
 * summary of a version 4 file that has one (or its removal, null).
 * @typedef {{ values: Record<string, string>, valueChanged: Record<string, string>,
 *             before: Record<string, BeforeV2>, items: Record<string, TimedEntry>,
 *             mailLogs?: Timed<MailLogSummary | null> }} ImportedState
 * @typedef {{ name: string, platform: string, changed: { name?: string, platform?: string } }} Profile
 * @typedef {{ profile: Profile, state: ImportedState }} ImportedClient
 */

/**
 * A checked client of any version as it is stored: {profile: {name, platform, changed}, state}, each item entry in
 * version 3's timed shape. Version 1 has no change times for the name, platform and values: there, what is stored
 * already wins.
 * @param {ClientV1 | ClientV2 | ClientV3 | ClientV4} client @param {number} version the file's
 * @returns {ImportedClient}
 */
export function importedClient(client, version) {
  /** @type {ImportedState} */
  const state = { values: {}, valueChanged: {}, before: {}, items: {} };
  const items = client.items || {};
  for (const id of Object.keys(items)) state.items[id] = clients.timedEntry(items[id]);
  if (version === 1) {
    const v1 = /** @type {ClientV1} */ (client);
    Object.assign(state.values, v1.values || {});
    return { profile: { name: v1.name.trim(), platform: v1.platform || "", changed: {} }, state };
  }
  const timed = /** @type {ClientV2 | ClientV3 | ClientV4} */ (client);
  const values = timed.values || {};
  for (const name of Object.keys(values)) {
    state.values[name] = values[name].value;
    if (values[name].changed) state.valueChanged[name] = /** @type {string} */ (values[name].changed);
  }
  const before = timed.before || {};
  for (const id of Object.keys(before)) {
    const field = before[id];
    /** @type {BeforeV2} */
    const entry = { value: field.value };
    if (field.object !== undefined) entry.object = field.object;
    if (field.changed) entry.changed = field.changed;
    state.before[id] = entry;
  }
  const mailLogs = /** @type {ClientV4} */ (client).mailLogs;
  if (version >= 4 && mailLogs) {
    state.mailLogs = { value: mailLogs.value };
    if (mailLogs.changed) state.mailLogs.changed = mailLogs.changed;
  }
  const platform = timed.platform || { value: "" };
  /** @type {Profile["changed"]} */
  const changed = {};
  if (timed.name.changed) changed.name = timed.name.changed;
  if (platform.changed) changed.platform = platform.changed;
  return { profile: { name: timed.name.value.trim(), platform: platform.value || "", changed }, state };
}
