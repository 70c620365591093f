// @ts-check
/* Small readers of values, as docs/downloads/mail_logs.py's: domains, client addresses, hours, collection fields
   and CSV lines. A moment is UTC seconds since 1970 and its microseconds, kept apart so that it stays exact. */
import { strip, stripChars } from "./text.js";

/** @typedef {{ seconds: number, micro: number }} Moment */

const INTERNAL_NETWORKS = ["10.", "127.", "169.254.", "192.168.", "::1", "fe80:", "fc", "fd"];   // RFC 1918/3927/4193
const FIRST_YEAR = 1970;   // a record outside these years is not a date a log can hold
const LAST_YEAR = 9999;
const ASCII_DIGITS = /^[0-9]+$/;
const ISO_UTC = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
// What Exchange 2007+ writes ('2026-11-02T13:05:01.123Z'), a valid hour of a valid day of 1970-9999.
const ISO_HOUR_FAST = new RegExp("^(19[7-9]\\d|[2-9]\\d{3})-(0[1-9]|1[0-2])-(0[1-9]|1\\d|2[0-8])"
  + "T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d\\.\\d{3}Z$");

/** @param {string} address */
export function domainOf(address) {
  const at = address.lastIndexOf("@");
  return at >= 0 ? stripChars(strip(address.slice(at + 1)), ">").toLowerCase() : "";
}

/** Whether a client address is inside the client's network (or the server itself): private, loopback, link-local.
 * @param {string} ip */
export function isInternal(ip) {
  ip = strip(ip).toLowerCase();
  if (ip.startsWith("172.")) {
    const parts = ip.split(".");
    const second = parts.length === 4 ? parts[1] : "";
    return ASCII_DIGITS.test(second) && Number(second) >= 16 && Number(second) <= 31;
  }
  return !ip || ip === "-" || INTERNAL_NETWORKS.some((prefix) => ip.startsWith(prefix));
}

/** Days from 1970-01-01 to a day of the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
 * @param {number} year @param {number} month @param {number} day */
function daysFrom1970(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
    - 719468;
}

/** The day a count of days from 1970-01-01 falls on. @param {number} days @returns {[number, number, number]} */
function dayOf(days) {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524)
    - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1];
}

/** Whether datetime() takes these: year 1-9999, a day of the month. @param {number} year @param {number} month
 * @param {number} day */
function isDay(year, month, day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** '2026-11-02T13' of a moment's UTC hour, or null outside 1970-9999. @param {number} seconds */
function hourOf(seconds) {
  const days = Math.floor(seconds / 86400);
  const [year, month, day] = dayOf(days);
  if (year < FIRST_YEAR || year > LAST_YEAR) return null;
  const hour = Math.floor((seconds - days * 86400) / 3600);
  return `${String(year).padStart(4, "0")}-${pad(month)}-${pad(day)}T${pad(hour)}`;
}

/** @param {number} n */
const pad = (n) => (n < 10 ? "0" : "") + n;

/** The moment of an hour key ('2026-11-02T13'). @param {string} hour */
export function hourSeconds(hour) {
  return daysFrom1970(Number(hour.slice(0, 4)), Number(hour.slice(5, 7)), Number(hour.slice(8, 10))) * 86400
    + Number(hour.slice(11, 13)) * 3600;
}

/** The hour key of a moment already within 1970-9999. @param {number} seconds */
export function hourKey(seconds) {
  return /** @type {string} */ (hourOf(seconds));
}

/** '2003-8-12', '0:58:14 GMT' -> '2003-08-12T00' (Exchange 2003 does not pad; both are UTC, KB 821905).
 * @param {string} date @param {string} time */
export function hour2003(date, time) {
  const parts = strip(date).split("-");
  const hour = strip(time).split(":")[0];
  if (parts.length !== 3 || ![...parts, hour].every((part) => ASCII_DIGITS.test(part))) return null;
  const [year, month, day, hours] = [...parts, hour].map(Number);
  if (!isDay(year, month, day) || hours > 23) return null;
  return hourOf(daysFrom1970(year, month, day) * 86400 + hours * 3600);
}

/** An ISO 8601 time with its zone (Z or ±hh:mm) as UTC; null for anything else (a local or culture date).
 * @param {string} text @returns {Moment | null} */
export function isoMoment(text) {
  const match = ISO_UTC.exec(strip(text));
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const micro = match[7] ? Math.trunc(Number(match[7]) * 1000000) : 0;
  if (!isDay(year, month, day) || hour > 23 || minute > 59 || second > 59 || micro > 999999) return null;
  let seconds = daysFrom1970(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  const zone = match[8];
  if (zone !== "Z") {
    seconds -= (zone[0] === "+" ? 1 : -1) * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(4, 6)) * 60);
  }
  return hourOf(seconds) === null ? null : { seconds, micro };
}

/** The UTC hour of a tracking log's date-time ('2026-11-02T13:05:01.123Z'), fast for the common case.
 * @param {string} text */
export function isoHour(text) {
  if (text.length === 24 && ISO_HOUR_FAST.test(text)) return text.slice(0, 13);
  const moment = isoMoment(text);
  return moment ? hourKey(moment.seconds) : null;
}

/** Python's (later - earlier).total_seconds(): the microseconds between, divided once (correctly rounded).
 * @param {Moment} later @param {Moment} earlier */
export function secondsBetween(later, earlier) {
  const seconds = later.seconds - earlier.seconds;
  const micro = later.micro - earlier.micro;
  const total = seconds * 1000000 + micro;
  if (Number.isSafeInteger(total)) return total / 1000000;
  return seconds + micro / 1000000;   // past 285 years apart: still the float nearest the exact quotient
}

/** A collection field's members: ';'-joined, a member holding ';' or "'" wrapped in single quotes.
 * @param {string} field */
export function members(field) {
  return splitFields(field, ";", "'").filter((member) => member);
}

/** A CSV line's fields (RFC 4180 quoting), as mail_logs.py's split_fields: a field that opens with the quote runs to
 * the quote that closes it (two quotes inside are one), what follows the closing quote up to the delimiter is kept as
 * it stands, and a quote never closed takes the rest of the line; a quote inside an unquoted field is text; a CR is
 * text. It never fails. @param {string} line @param {string} [delimiter] @param {string} [quote] */
export function splitFields(line, delimiter = ",", quote = '"') {
  if (!line.includes(quote)) return line.split(delimiter);
  const fields = [];
  let start = 0;
  for (;;) {
    if (!line.startsWith(quote, start)) {
      const stop = line.indexOf(delimiter, start);
      if (stop < 0) {
        fields.push(line.slice(start));
        return fields;
      }
      fields.push(line.slice(start, stop));
      start = stop + 1;
      continue;
    }
    let field = "";
    let at = start + 1;
    let close;
    for (;;) {
      close = line.indexOf(quote, at);
      if (close < 0) {   // never closed: the rest of the line
        fields.push(field + line.slice(at));
        return fields;
      }
      field += line.slice(at, close);
      if (!line.startsWith(quote, close + 1)) break;
      field += quote;   // a doubled quote is one
      at = close + 2;
    }
    const stop = line.indexOf(delimiter, close + 1);
    fields.push(field + (stop < 0 ? line.slice(close + 1) : line.slice(close + 1, stop)));
    if (stop < 0) return fields;
    start = stop + 1;
  }
}

/** A record's fields, cut from its line only when read: most of a tracking log's 26 fields never are, and a line
 * split whole made most of the analysis's garbage. One per file, reused for every record. */
export class Fields {
  constructor() {
    this.text = "";
    /** @type {string[] | null} */
    this.list = null;   // a quoted line's fields, split whole (splitFields)
    this.starts = new Int32Array(64);   // where each field starts; one past the end, the line's length + 1
    this.count = 0;
  }

  /** Python's text.split(delimiter), or with `quote` splitFields. @param {string} text @param {string} delimiter
   * @param {string | null} quote */
  read(text, delimiter, quote) {
    if (quote !== null && text.includes(quote)) {
      this.list = splitFields(text, delimiter, quote);
      this.count = this.list.length;
      return;
    }
    this.list = null;
    this.text = text;
    let starts = this.starts;
    let count = 0;
    let at = -1;
    do {
      if (count + 1 >= starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        this.starts = starts = grown;
      }
      starts[count++] = at + 1;
      at = text.indexOf(delimiter, at + 1);
    } while (at >= 0);
    starts[count] = text.length + 1;
    this.count = count;
  }

  /** The field at `index` (below count). @param {number} index */
  field(index) {
    return this.list ? this.list[index] : this.text.slice(this.starts[index], this.starts[index + 1] - 1);
  }
}
