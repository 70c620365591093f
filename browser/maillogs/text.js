// @ts-check
/* What docs/downloads/mail_logs.py takes from Python's str, written out so that the browser reads a line exactly as
   it does: strip() and split() by Python's whitespace (not JavaScript's trim()), slices counted in code points,
   sorting by code point (JavaScript compares UTF-16 units), and shown() with str.isprintable(). */

export const SHOWN_CHARS = 240;   // an example line is cut here when printed

/** Python's str.isspace() characters, which are also what its re module's \s matches in a str pattern, as the inside
 * of a regular expression's class: JavaScript's \s has U+FEFF and lacks U+001C to U+001F and U+0085. */
export const PY_SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/** Python's str.isspace() of one UTF-16 unit (every such character is in the BMP). @param {number} code */
function isSpace(code) {
  if (code <= 0x20) return (code >= 9 && code <= 13) || code >= 0x1c;
  if (code < 0x85) return false;
  return code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028
    || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

/** Python's text.strip(). @param {string} text */
export function strip(text) {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Python's text.strip(chars), for characters of the BMP. @param {string} text @param {string} chars */
export function stripChars(text, chars) {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start])) start++;
  while (end > start && chars.includes(text[end - 1])) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Python's text.split() without a separator: the runs between runs of whitespace. @param {string} text */
export function splitWhitespace(text) {
  /** @type {string[]} */
  const words = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const space = i === text.length || isSpace(text.charCodeAt(i));
    if (space && start >= 0) {
      words.push(text.slice(start, i));
      start = -1;
    } else if (!space && start < 0) {
      start = i;
    }
  }
  return words;
}

/** The UTF-16 index after the first `count` code points of `text` (Python's text[:count] is text.slice(0, this)).
 * @param {string} text @param {number} count */
export function codePointEnd(text, count) {
  let at = 0;
  for (let left = count; left > 0 && at < text.length; left--) {
    const unit = text.charCodeAt(at);
    at += unit >= 0xd800 && unit < 0xdc00 && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return at;
}

/** Python's order of str, by code point (JavaScript's < puts U+10000 and above, as surrogates, before U+E000 to
 * U+FFFF). A comparator for sort(). @param {string} a @param {string} b @returns {number} */
export function compareText(a, b) {
  if (a === b) return 0;
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x += x >= 0xe000 ? -0x800 : 0x2000;
      y += y >= 0xe000 ? -0x800 : 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

// Not printable for Python (str.isprintable): Unicode's Other (Cc, Cf, Cs, Co, Cn) and Separator (Zs, Zl, Zp), the
// space excepted. Which code points are unassigned (Cn) follows each runtime's Unicode version.
const UNPRINTABLE = /(?! )[\p{C}\p{Z}]/gu;

/** @param {string} character */
function escaped(character) {
  const code = /** @type {number} */ (character.codePointAt(0));
  return code < 256 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** A log line as inert one-line text (mail_logs.py shown): cut at `limit` code points with "…", and every character
 * str.isprintable() refuses written as \xNN below 256, else \uNNNN. @param {string} text @param {number} [limit] */
export function shown(text, limit = SHOWN_CHARS) {
  if (text.length > limit) {
    const end = codePointEnd(text, limit);
    if (end < text.length) text = text.slice(0, end) + "…";
  }
  return text.replace(UNPRINTABLE, escaped);
}

/** Python's f"{n:,}" of an int. @param {number} n */
export function grouped(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A copy of `text` that keeps nothing else alive: engines make a slice of a long string point into it, so a message
 * id kept for the whole file would keep its line (or more) in memory. @param {string} text */
export function detached(text) {
  return (" " + text).slice(1);
}
