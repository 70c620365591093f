// @ts-check
/* Change times as stored and in files (ISO 8601 with seconds and a zone, macros/vocabulary.py CHANGE_TIME_PATTERN):
 * read into their parts, or into a moment to compare. Mirrors macros/progress_file.py `change_time` and `moment`;
 * entries.js re-exports both, and rules/local-minute.js writes a time from them. */
import { pageVocabulary } from "./vocabulary.js";

/** [year, month, day, hour, minute, zone offset in minutes]. @typedef {[number, number, number, number, number, number]} ChangeParts */

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

/** A change time as milliseconds since 1970, to compare; -Infinity for none or an impossible one. Mirrors
    macros/progress_file.py `moment`. @param {unknown} text */
export function moment(text) {
  const parts = typeof text === "string" ? changeTime(text) : null;
  if (!parts || typeof text !== "string") return -Infinity;
  const seconds = parseFloat(text.slice(17).replace(/[^0-9.].*$/, ""));
  return Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4]) - parts[5] * 60000 + seconds * 1000;
}
