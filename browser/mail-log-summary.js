// @ts-check
/* A client's kept mail-log summary (export version 4's "mailLogs", {value, changed}): what its value may hold, null or
 * the figures of one analysis, never a line of the logs, and how one is made from the analyser's result. The checks
 * are the browser half of macros/progress_file.py `_mail_logs_problems`: tests/vectors/export-vectors.json holds both
 * to the same problems, word for word. Fields, limits, verdicts and patterns come from the vocabulary
 * (macros/vocabulary.py). No store here: export, import and the Mail logs page (mail-logs-kept.js) all use it. */
import { changeTime } from "./change-time.js";
import { hasOwn, pageVocabulary } from "./vocabulary.js";

/** @typedef {import("./types.js").MailLogSummary} MailLogSummary */
/** @template T @typedef {import("./types.js").Timed<T>} Timed */
/** @typedef {Record<string, unknown>} JsonObject */
/** @typedef {(where: string, what: string) => void} Problem */

/** @param {unknown} x @returns {x is JsonObject} */
const isObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);

/** A client's kept summary as stored in its state ("client.<id>"): {value, changed}, with who kept it and its
    competing versions when export version 5 brought them; null when it has none (never kept, or not one this site
    wrote). Its value is null once it was removed: the removal is merged as a change.
    @param {{ mailLogs?: unknown }} state @returns {Timed<MailLogSummary | null> | null} */
export function storedMailLogs(state) {
  const field = hasOwn(state, "mailLogs") ? state.mailLogs : null;
  if (!isObject(field) || !(field.value === null || isObject(field.value))) return null;
  /** @type {Timed<MailLogSummary | null>} */
  const timed = { value: /** @type {MailLogSummary | null} */ (field.value) };
  if (typeof field.changed === "string") timed.changed = field.changed;
  if (typeof field.by === "string") timed.by = field.by;
  if (Array.isArray(field.conflict)) timed.conflict = field.conflict;
  return timed;
}

/** Whether `text` is an hour of the logs in UTC ("2026-12-05T14") that names a real one. @param {unknown} text
    @param {RegExp} pattern the vocabulary's, compiled once per summary (a year of hours is 8,760 keys) */
const isHour = (text, pattern) => typeof text === "string" && pattern.test(text) &&
  changeTime(`${text}:00:00Z`) !== null;

/**
 * Every problem of a summary, the value of a client's "mailLogs" (`at` names it): null is none kept. Each goes to
 * `problem` as import-checks.js words them; `onlyKeys` says which fields an object may have.
 * @param {unknown} summary @param {string} at @param {Problem} problem
 * @param {(object: JsonObject, allowed: string[], where: string) => void} onlyKeys
 */
export function summaryProblems(summary, at, problem, onlyKeys) {
  if (summary === null) return;
  if (!isObject(summary)) { problem(at, "expected a mail-log summary or null"); return; }
  const vocabulary = pageVocabulary().mailLogs;
  const limits = vocabulary.limits;
  const forbidden = pageVocabulary().forbiddenKeys;
  const hourPattern = new RegExp(vocabulary.patterns.hour);
  onlyKeys(summary, vocabulary.fields, at);
  /** @param {unknown} value @param {number} limit @param {string} where @param {boolean} [orNull] */
  const text = (value, limit, where, orNull = false) => {
    if (!(orNull && value === null) && !(typeof value === "string" && value.length <= limit)) {
      problem(where, `expected text of at most ${limit} characters${orNull ? ", or null" : ""}`);
    }
  };
  /** @param {unknown} value @param {number} least */
  const isWhole = (value, least) => Number.isInteger(value) && /** @type {number} */ (value) >= least &&
    /** @type {number} */ (value) <= limits.count;
  /** @param {unknown} value @param {number} least @param {string} where */
  const whole = (value, least, where) => {
    if (!isWhole(value, least)) problem(where, `expected a whole number from ${least} to ${limits.count}`);
  };
  /** @param {unknown} value @param {number} limit @param {string} what @param {string} where @returns {unknown[]} */
  const listed = (value, limit, what, where) => {
    if (!Array.isArray(value)) { problem(where, "expected a list"); return []; }
    if (value.length > limit) problem(where, `more than ${limit} ${what}`);
    return value;
  };
  /** Each entry of a list of objects, checked for its fields. @param {unknown} value @param {number} limit
      @param {string} what @param {string} where @param {string[]} fields
      @param {(entry: JsonObject, place: string) => void} each */
  const eachObject = (value, limit, what, where, fields, each) => {
    listed(value, limit, what, where).forEach((entry, index) => {
      const place = `${where}[${index}]`;
      if (!isObject(entry)) { problem(place, "expected an object"); return; }
      onlyKeys(entry, fields, place);
      each(entry, place);
    });
  };
  /** {hour: how many in it}: hours the analyser names, each count 1 or more. @param {unknown} counts
      @param {string} where */
  const perHour = (counts, where) => {
    if (!isObject(counts)) { problem(where, "expected an object"); return; }
    const hours = Object.keys(counts);
    if (hours.length > limits.hours) problem(where, `more than ${limits.hours} hours`);
    for (const hour of hours) {
      if (forbidden.includes(hour) || !isHour(hour, hourPattern)) problem(where, `bad hour \u201c${hour}\u201d`);
      else if (!isWhole(counts[hour], 1)) problem(`${where}.${hour}`, `expected a whole number from 1 to ${limits.count}`);
    }
  };

  for (const name of vocabulary.fields) {
    const value = hasOwn(summary, name) ? summary[name] : undefined;
    const where = `${at}.${name}`;
    if (name === "analysed" && !changeTime(value)) {
      problem(where, "expected a date and time");
    } else if (name === "files") {
      eachObject(value, limits.files, "files", where, vocabulary.fileFields, (entry, place) => {
        text(entry.name, limits.fileName, `${place}.name`);
        text(hasOwn(entry, "format") ? entry.format : undefined, limits.format, `${place}.format`, true);
        whole(entry.records, 0, `${place}.records`);
        whole(entry.rejected, 0, `${place}.rejected`);
        if (typeof entry.skipped !== "boolean") problem(`${place}.skipped`, "expected true or false");
      });
    } else if ((name === "first_hour" || name === "last_hour") && !(value === null || isHour(value, hourPattern))) {
      problem(where, "expected an hour (YYYY-MM-DDTHH, UTC), or null");
    } else if (name === "verdict" && !vocabulary.verdicts.includes(/** @type {string} */ (value))) {
      problem(where, "unknown verdict");
    } else if (name === "rule") {
      text(value, limits.rule, where);
    } else if (name === "next" && !(typeof value === "string" && value.length <= limits.next &&
                                    new RegExp(vocabulary.patterns.next).test(value))) {
      problem(where, `expected a path on this site of at most ${limits.next} characters, such as checklists/tarpit/`);
    } else if (name === "domains") {
      listed(value, limits.domains, "domains", where).forEach((domain, index) => {
        text(domain, limits.domain, `${where}[${index}]`);
      });
    } else if (vocabulary.counts.includes(name)) {
      whole(value, 0, where);
    } else if (vocabulary.perHour.includes(name)) {
      perHour(value, where);
    } else if (name === "top_ndr_target_domains") {
      eachObject(value, limits.targets, "domains", where, vocabulary.targetFields, (entry, place) => {
        text(entry.domain, limits.domain, `${place}.domain`);
        whole(entry.count, 1, `${place}.count`);
      });
    } else if (name === "tarpit_seconds_median" &&
               !(value === null || (typeof value === "number" && Number.isFinite(value) && value >= 0))) {
      problem(where, "expected a number of seconds, 0 or more, or null");
    }
  }
}

/** `text` within `limit` UTF-16 units, shortened with an ellipsis (at its start with `keepEnd`: a file's name says
    most at its end), never splitting a surrogate pair. @param {string} text @param {number} limit
    @param {boolean} [keepEnd] */
function within(text, limit, keepEnd = false) {
  if (text.length <= limit) return text;
  const chars = Array.from(text);
  /** @type {string[]} */
  const kept = [];
  let length = 1;   // the ellipsis
  for (const char of keepEnd ? chars.reverse() : chars) {
    if (length + char.length > limit) break;
    kept.push(char);
    length += char.length;
  }
  return keepEnd ? `\u2026${kept.reverse().join("")}` : `${kept.join("")}\u2026`;
}

/** The last `limit` hours of a per-hour count. @param {Record<string, number>} counts @param {number} limit */
function lastHours(counts, limit) {
  const hours = Object.keys(counts).sort().slice(-limit);
  return Object.fromEntries(hours.map((hour) => [hour, counts[hour]]));
}

/**
 * The summary of an analysis (the analyser's result, mail_logs.py --json or the page's worker) to keep for a client:
 * the verdict, its rule and the checklist that comes next, the client's domains, the figures and the hours, and per
 * file its format and counts. No example line, no rejected line: nothing of the logs' text but file names. Within
 * the export's limits: the first 100 files (the figures count them all), the last 400 days of hours.
 * @param {any} result the analyser's result (docs/schemas/mail-logs-v1.schema.json)
 * @param {string | Date} [analysedAt] when it was analysed (default: now)
 * @returns {MailLogSummary}
 */
export function summaryOf(result, analysedAt = new Date()) {
  const vocabulary = pageVocabulary().mailLogs;
  const limits = vocabulary.limits;
  /** @type {Record<string, number>} */
  const counts = {};
  for (const name of vocabulary.counts) counts[name] = result[name];
  return /** @type {MailLogSummary} */ ({
    analysed: typeof analysedAt === "string" ? analysedAt : analysedAt.toISOString(),
    files: result.files.slice(0, limits.files).map((/** @type {any} */ file) => ({
      name: within(file.name, limits.fileName, true),
      format: file.format === null ? null : within(file.format, limits.format),
      records: file.records, rejected: file.rejected_total, skipped: "skipped" in file
    })),
    first_hour: result.first_hour, last_hour: result.last_hour,
    verdict: result.verdict, rule: within(result.rule, limits.rule), next: result.next_checklist.path,
    domains: result.domains.local.slice(0, limits.domains).map((/** @type {string} */ d) => within(d, limits.domain)),
    ...counts,
    ndr_per_hour: lastHours(result.ndr_per_hour, limits.hours),
    refused_or_unknown_per_hour: lastHours(result.refused_or_unknown_per_hour, limits.hours),
    top_ndr_target_domains: result.top_ndr_target_domains.slice(0, limits.targets).map(
      (/** @type {{ domain: string, count: number }} */ target) => ({ domain: within(target.domain, limits.domain),
                                                                       count: target.count })),
    tarpit_seconds_median: result.tarpit.measured ? result.tarpit.seconds_median : null
  });
}
