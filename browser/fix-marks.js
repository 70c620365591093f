// @ts-check
/* When the fix went in for a client, as its checklists say, and the NDR rate on either side of it: the before/after
 * of the Mail logs page's chart. A fix checklist counts as done once every item is settled (done or not applicable)
 * and one at least is done; its time is when the last of them was set. */

import { rawEntry, timedEntry } from "./entries.js";
import { DONE, NOT_STARTED, isSettled } from "./status.js";

const HOUR = 3_600_000;

/** @typedef {{ id: string, title: string, items: { id: string, replaces: string[], platforms: string[] }[] }} Fix */
/** @typedef {{ at: string, label: string }} Mark */

/** The items of the client's platform count (all of them while it has none), each by its status as the client's
    state stores it (an item that replaces older ids by theirs while it has none of its own, as everywhere) and when
    that status was set. The Mail logs page and the report both ask here.
    @param {Fix[]} fixes @param {string} platform @param {Record<string, unknown>} items the client state's items
    @returns {Mark[]} */
export function fixMarks(fixes, platform, items) {
  /** @type {Mark[]} */
  const marks = [];
  for (const fix of fixes) {
    const entries = fix.items.filter((item) => !platform || item.platforms.includes(platform)).map((item) => {
      const status = timedEntry(rawEntry({ items }, item.id, item.replaces)).status;
      return { status: status?.value ?? NOT_STARTED, changed: status?.changed ?? null };
    });
    if (!entries.length || !entries.every((entry) => isSettled(entry.status)) ||
        !entries.some((entry) => entry.status === DONE)) continue;
    const times = entries.map((entry) => entry.changed).filter((time) => time && !Number.isNaN(Date.parse(time)));
    if (times.length !== entries.length) continue;   // a status without its time: when is unknown
    const last = times.reduce((a, b) => (Date.parse(/** @type {string} */ (a)) >= Date.parse(/** @type {string} */ (b)) ? a : b));
    marks.push({ at: new Date(Date.parse(/** @type {string} */ (last))).toISOString(), label: `${fix.title} done` });
  }
  return marks;
}

/** NDRs generated per day in the hours the logs cover before `at` and from it on; null when the logs do not cover
    both sides. @param {{ first_hour: string | null, last_hour: string | null, ndr_per_hour: Record<string, number> }}
    figures @param {string} at @returns {{ before: number, after: number } | null} */
export function ratesAround(figures, at) {
  if (!figures.first_hour || !figures.last_hour) return null;
  const start = (/** @type {string} */ key) => Date.parse(`${key}:00:00Z`);
  const first = start(figures.first_hour);
  const last = start(figures.last_hour);
  const mark = Date.parse(at);
  const hoursBefore = Math.max(0, Math.min(Math.ceil((mark - first) / HOUR), (last - first) / HOUR + 1));
  const hoursAfter = (last - first) / HOUR + 1 - hoursBefore;
  if (!hoursBefore || !hoursAfter) return null;
  let before = 0;
  let after = 0;
  for (const [key, count] of Object.entries(figures.ndr_per_hour)) {
    if (start(key) < first + hoursBefore * HOUR) before += count;
    else after += count;
  }
  return { before: (before / hoursBefore) * 24, after: (after / hoursAfter) * 24 };
}
