// @ts-check
/* A cell of a CSV the site offers (a browser rule only: no Python writes one): quoted, inner quotes doubled, and a text that a spreadsheet would run as a formula
 * (starting with =, +, -, @, or a tab or carriage return before one) written with a leading apostrophe, as OWASP's
 * "CSV injection" guidance advises. Text from a log ends up here; tests/vectors/csv-cell.json holds the rule. */

const FORMULA = /^[=+\-@\t\r]/;

/** @param {string | number} value @returns {string} */
export function csvCell(value) {
  const text = String(value);
  const safe = typeof value === "number" ? text : FORMULA.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** A CSV document: one line per row, CRLF between them (RFC 4180). @param {(string | number)[][]} rows */
export function csvText(rows) {
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
