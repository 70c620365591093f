// @ts-check
/* The values an item's commands use: each valid own value, else the parameter's default. macros/parameters.py
 * `filled_values` is the Python half (tests/vectors/rules/filled-values.json). */
import { validateValue } from "../parameters.js";
import { hasOwn } from "../vocabulary.js";

/** @typedef {import("../types.js").ValueSpec} ValueSpec */

/**
 * @param {Record<string, ValueSpec>} specs each parameter's rule, by name
 * @param {Record<string, unknown>} values the client's values, as stored
 * @returns {Record<string, string>}
 */
export function filledValues(specs, values) {
  /** @type {Record<string, string>} */
  const filled = {};
  for (const [name, spec] of Object.entries(specs)) {
    const own = hasOwn(values, name) ? validateValue(spec, values[name]) : null;
    if (own?.ok) {
      filled[name] = own.value;
      continue;
    }
    // The loader refuses a default its parameter would refuse, so this holds; Python raises too.
    const fallback = validateValue(spec, spec.default);
    if (!fallback.ok) throw new Error(`sbskb: the default of ${name} is refused: ${fallback.message}`);
    filled[name] = fallback.value;
  }
  return filled;
}
