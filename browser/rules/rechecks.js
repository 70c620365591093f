// @ts-check
/* Which read-only checks the report shows again for an item that is done: those of the client's platform, or every
 * platform's while the client has none set. macros/report.py `recheck_selection` is the Python half
 * (tests/vectors/rules/report-rechecks.json). */

/** An item's check as the report page's catalogue gives it (macros/report.py `check_data`).
    @typedef {{ platforms: string[], format: string, formatName: string, template: string }} CheckData */
/** A platform as the catalogue gives it: its id and short name. @typedef {{ id: string, name: string }} PlatformName */
/** A check to re-run: the names of the platforms it is for, joined by " · ", its format and its template.
    @typedef {{ platforms: string, format: string, formatName: string, template: string }} Recheck */

/**
 * @param {CheckData[]} checks the item's checks, every platform's
 * @param {string} platform the client's platform id, "" when not set
 * @param {PlatformName[]} platforms the catalogue's platforms
 * @returns {Recheck[]}
 */
export function recheckSelection(checks, platform, platforms) {
  const name = (/** @type {string} */ id) => platforms.find((p) => p.id === id)?.name ?? id;
  return checks.filter((check) => !platform || check.platforms.includes(platform)).map((check) => ({
    platforms: check.platforms.map(name).join(" \u00b7 "), format: check.format, formatName: check.formatName,
    template: check.template,
  }));
}
