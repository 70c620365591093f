// @ts-check
/* What a valid value of a snippet parameter is: the browser half of macros/parameters.py `validate`.
 * tests/vectors/template-vectors.json holds both halves to the same results. The length limit comes from the page's
 * vocabulary (macros/vocabulary.py). */
import { hasOwn, pageVocabulary } from "./vocabulary.js";

/** @typedef {import("./types.js").ValueSpec} ValueSpec */
/** @typedef {{ ok: true, value: string } | { ok: false, message: string }} Validated */

/** @param {number} n */
export function pad2(n) { return (n < 10 ? "0" : "") + n; }

/** Seconds of a duration "hh:mm:ss" (its pattern checked). @param {string} text */
function durationSeconds(text) {
  const [hours, minutes, seconds] = text.split(":").map((part) => parseInt(part, 10));
  return hours * 3600 + minutes * 60 + seconds;
}

/** @param {number | null} seconds */
function clock(seconds) {
  const total = seconds || 0;
  return `${pad2(Math.floor(total / 3600))}:${pad2(Math.floor(total / 60) % 60)}:${pad2(total % 60)}`;
}

/** A value as the page's field for the parameter `spec` accepts it: {ok: true, value} with the value to render, or
    {ok: false, message} saying why not, for the person who typed it.
    @param {ValueSpec} spec @param {unknown} raw @returns {Validated} */
export function validateValue(spec, raw) {
  const maxLength = pageVocabulary().limits.value;
  const text = String(raw).replace(/^[ \t]+|[ \t]+$/g, "");
  if (Array.from(text).length > maxLength) return { ok: false, message: `too long: at most ${maxLength} characters` };
  if (/[\x00-\x1f\x7f]/.test(text)) return { ok: false, message: "line breaks and control characters are not allowed" };
  if (text === "") return { ok: false, message: "a value is required" };
  if (!new RegExp(`^(?:${spec.pattern})$`).test(text)) return { ok: false, message: `expected ${spec.expect}` };
  const min = spec.min === undefined || spec.min === null ? null : Number(spec.min);
  const max = spec.max === undefined || spec.max === null ? null : Number(spec.max);
  if (spec.type === "integer") {
    const number = parseInt(text, 10);
    if ((min !== null && number < min) || (max !== null && number > max)) {
      return { ok: false, message: `must be from ${min} to ${max}` };
    }
    return { ok: true, value: String(number) };
  }
  if (spec.type === "duration") {
    const seconds = durationSeconds(text);
    if ((min !== null && seconds < min) || (max !== null && seconds > max)) {
      return { ok: false, message: `must be from ${clock(min)} to ${clock(max)}` };
    }
  }
  return { ok: true, value: text };
}

/** The value this client stores for `name` when its field refuses it now, e.g. a TarpitTime of 30 stored while the
    range was wider: {value, message}; null when nothing is stored or it is valid. The value stays stored as it is;
    no command is made from it until it is changed (filledValues gives the commands the default, which they must
    then not show). @param {ValueSpec} spec @param {Record<string, unknown>} values @param {string} name
    @returns {{ value: string, message: string } | null} */
export function refusedValue(spec, values, name) {
  if (!hasOwn(values, name)) return null;
  const result = validateValue(spec, values[name]);
  return result.ok ? null : { value: String(values[name]), message: result.message };
}

/** Every refused stored value of a page's parameters: {name: {value, message}}.
    @param {Record<string, ValueSpec>} specs @param {Record<string, unknown>} values */
export function refusedValues(specs, values) {
  /** @type {Record<string, { value: string, message: string }>} */
  const refused = {};
  for (const [name, spec] of Object.entries(specs)) {
    const found = refusedValue(spec, values, name);
    if (found) refused[name] = found;
  }
  return refused;
}
