// @ts-check
/* The words for what a setting of each type takes: macros/before_values.py `expectation`, held to it by
 * tests/vectors/rules/setting-types.json. The types' own words come from the page's vocabulary
 * (macros/vocabulary.py SETTING_TYPES). */
import { pageVocabulary } from "../vocabulary.js";

/**
 * What a field for a setting of this type takes, for the "expected ..." refusal.
 * @param {string} settingType
 * @returns {string}
 */
export function expectation(settingType) {
  const words = settingType === "dword" ? `'${pageVocabulary().before.absent}', ` : "";
  return `${pageVocabulary().before.types[settingType]}, ${words}or the check's output pasted in`;
}
