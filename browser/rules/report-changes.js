// @ts-check
/* Before → after for each setting an item changes, as the report lists them: the client's value before the change,
 * and what the apply set. macros/report.py `change_rows` and `default_restored` are the Python half
 * (tests/vectors/rules/report-changes.json and default-restored.json). */
import { canonical } from "../before.js";
import { DONE } from "../status.js";
import { renderTemplate, templateNames } from "../templating.js";
import { hasOwn, pageVocabulary } from "../vocabulary.js";

/**
 * A setting as the page's catalogue gives it (macros/report.py `setting_data`): per platform its value on a server
 * nobody has changed, and the platforms whose tab has a revert that restores it.
 * @typedef {{ id: string, label: string, type: string, property: string, object?: string, applied: string,
 *             defaults: Record<string, string>, revertedOn: string[] }} SettingData
 */
/** One row: the setting's id, the name the check prints it under, before and after.
    @typedef {{ setting: string, name: string, before: string, after: string }} ChangeRow */

// Where no source says what a platform's default is (macros/vocabulary.py UNCONFIRMED): no default is claimed.
const UNCONFIRMED = "unconfirmed";
const NOT_RECORDED = "no revert: not recorded";
// The report claims no change that was not made, nor one made from a value nobody set.
const NOT_APPLIED = "not applied: the item is not done";
const REFUSED_VALUE = "not known: this client's stored value is refused";

/**
 * The words for a setting nobody recorded whose revert restores Microsoft's default, as the technician chose.
 * @param {string} value the platform's default
 * @returns {string}
 */
export function defaultRestored(value) {
  const shown = value === pageVocabulary().before.absent ? "absent: the revert deletes the value" : value;
  return `not recorded; the revert restores Microsoft's default (${shown})`;
}

/**
 * Before → after for each setting the item changes on the client's platform (every platform's when not set). A
 * recorded value of the wrong type is no record. Not recorded, the revert restores Microsoft's default only where
 * the technician chose that for the item, the platform is known, its default confirmed and its tab has a revert for
 * the setting (a box is put back by hand).
 * @param {SettingData[]} settings the item's settings
 * @param {string} platform the client's platform id, "" when not set
 * @param {Record<string, string>} recorded the client's values before the change, per setting id
 * @param {{ status: string, revertDefault: boolean }} entry the item's progress
 * @param {Record<string, string>} values the item's filled values (templating.js `filledValues`)
 * @param {string[]} refused the parameters whose stored value is refused (templating.js `refusedValues`)
 * @returns {ChangeRow[]}
 */
export function changeRows(settings, platform, recorded, entry, values, refused) {
  return settings.filter((setting) => !platform || hasOwn(setting.defaults, platform)).map((setting) => {
    const value = hasOwn(recorded, setting.id) ? recorded[setting.id] : "";
    const fallback = platform ? setting.defaults[platform] : undefined;
    let before = NOT_RECORDED;
    if (value && canonical(setting, value) === value) before = value;
    else if (entry.revertDefault && !value && fallback !== undefined && fallback !== UNCONFIRMED &&
             setting.revertedOn.includes(platform)) before = defaultRestored(fallback);
    const after = entry.status !== DONE ? NOT_APPLIED
      : templateNames(setting.applied).some((name) => refused.includes(name)) ? REFUSED_VALUE
        : renderTemplate(setting.applied, values);
    return { setting: setting.id, name: setting.property || setting.label, before, after };
  });
}
