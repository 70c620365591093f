// @ts-check
/* A change time written to the minute in a given time zone, "YYYY-MM-DD HH:MM": the one date format of every page,
 * the report CLI's too. The zone comes as its offset at that moment, so this rule is the same everywhere; entries.js
 * `shownMinute` gives it the offset of the browser's own zone. macros/progress_file.py `local_minute` is the Python
 * half (tests/vectors/rules/local-minute.json). */
import { changeTime } from "../change-time.js";

/** Offsets run from -23:59 to +23:59, as a change time's own zone may (change-time.js). */
const OFFSET_MAX = 24 * 60 - 1;

/**
 * The change time `text` at the zone `offsetMinutes` east of UTC, to the minute (seconds dropped, never rounded up):
 * "2026-12-05 00:34"; an em dash for none, an impossible time, or an offset that is not a whole number of minutes
 * within a day.
 * @param {unknown} text a change time (ISO 8601 with seconds and a zone) @param {unknown} offsetMinutes
 * @returns {string}
 */
export function localMinute(text, offsetMinutes) {
  const parts = changeTime(text);
  if (!parts || typeof offsetMinutes !== "number" || !Number.isInteger(offsetMinutes)
      || Math.abs(offsetMinutes) > OFFSET_MAX) return "\u2014";
  const at = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4]) + (offsetMinutes - parts[5]) * 60000;
  return new Date(at).toISOString().slice(0, 16).replace("T", " ");
}
