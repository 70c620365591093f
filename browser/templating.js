// @ts-check
/* Snippet templates: the browser half of macros/templating.py `render`. tests/vectors/template-vectors.json holds
 * both halves to byte-identical results. The placeholder pattern comes from the page's vocabulary
 * (macros/vocabulary.py). Value validation (parameters.js) and the values an item's commands use
 * (rules/filled-values.js) are re-exported here for the page kinds that import them from this module. */
import { pad2 } from "./parameters.js";
import { pageVocabulary } from "./vocabulary.js";

export { refusedValue, refusedValues, validateValue } from "./parameters.js";
export { filledValues } from "./rules/filled-values.js";

/** @typedef {(value: unknown) => string} Filter */

/** Each filter escapes a value for one target language (macros/templating.py FILTERS). @type {Record<string, Filter>} */
const FILTERS = {
  decimal: (value) => String(parseInt(String(value), 10)),
  dword: (value) => {
    const hex = (parseInt(String(value), 10) >>> 0).toString(16);
    return "00000000".slice(hex.length) + hex;
  },
  timespan: (value) => {
    const seconds = parseInt(String(value), 10);
    const days = Math.floor(seconds / 86400);
    const rest = seconds % 86400;
    const clock = `${pad2(Math.floor(rest / 3600))}:${pad2(Math.floor(rest / 60) % 60)}:${pad2(rest % 60)}`;
    return days ? `${days}.${clock}` : clock;
  },
  // PowerShell reads all four of these as single quotes; each is doubled inside a single-quoted string.
  ps_quote: (value) => `'${String(value).replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`,
  // POSIX sh: everything literal inside single quotes; a single quote becomes '\'' (as Python's shlex.quote).
  sh_quote: (value) => `'${String(value).replace(/'/g, "'\\''")}'`,
  // A mailbox or domain in MAIL FROM:<...> / RCPT TO:<...>: a local part that is not an RFC 5321 Dot-string becomes a
  // Quoted-string, \ and " backslash-escaped; any other is written as typed.
  smtp_path: (value) => {
    const text = String(value);
    const at = text.lastIndexOf("@");
    const local = text.slice(0, at);
    if (at < 0 || /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local)) return text;
    return `"${local.replace(/["\\]/g, "\\$&")}"${text.slice(at)}`;
  },
  reg_string: (value) => `"${String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`,
  // A recorded True/False as PowerShell's boolean literal; anything else never reaches a snippet.
  ps_bool: (value) => {
    if (value === "True") return "$true";
    if (value === "False") return "$false";
    throw new Error("sbskb: ps_bool takes True or False");
  },
  plain: (value) => String(value)
};

/** The template filled, in pieces: the text between placeholders at even indexes, each value through its filter at
    odd ones (the values that differ per client, which a checklist page marks in its commands).
    @param {string} template @param {Record<string, unknown>} values @returns {string[]} */
function renderParts(template, values) {
  const placeholder = new RegExp(pageVocabulary().placeholder, "g");
  const parts = [];
  let at = 0;
  for (const match of template.matchAll(placeholder)) {
    parts.push(template.slice(at, match.index), FILTERS[match[2]](values[match[1]]));
    at = /** @type {number} */ (match.index) + match[0].length;
  }
  parts.push(template.slice(at));
  return parts;
}

/** The template with each placeholder replaced by its value through its filter.
    @param {string} template @param {Record<string, unknown>} values */
const renderTemplate = (template, values) => renderParts(template, values).join("");

/** The parameter names a template's placeholders use, in order (values before the change excluded).
    @param {string} template */
function templateNames(template) {
  const placeholder = new RegExp(pageVocabulary().placeholder, "g");
  /** @type {string[]} */
  const names = [];
  for (const match of template.matchAll(placeholder)) {
    if (!match[1].startsWith(pageVocabulary().before.prefix)) names.push(match[1]);
  }
  return names;
}

export { FILTERS as filters, renderParts, renderTemplate, templateNames };
