// @ts-check
/* A box setting's answers: macros/before_values.py `box_answer` and `box_choices`, held to them by
 * tests/vectors/rules/box-answer.json and box-choices.json. The answers come from the page's vocabulary
 * (macros/vocabulary.py BOXES). */
import { pageVocabulary } from "../vocabulary.js";

/**
 * A box setting's answer in its recorded form ("ticked" or "not ticked"), or null. Blanks and line breaks are named,
 * not \s: JavaScript's and Python's \s and trim differ at the edges.
 * @param {string} text
 * @returns {string | null}
 */
export function boxAnswer(text) {
  const answer = text.replace(/^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g, "").toLowerCase();
  return pageVocabulary().before.boxes.includes(answer) ? answer : null;
}

/**
 * The choices a box setting's field offers, [value, label] each: none recorded, then each answer.
 * @returns {[string, string][]}
 */
export function boxChoices() {
  /** @type {string[]} */
  const answers = pageVocabulary().before.boxes;
  return [["", "Not recorded"], ...answers.map((answer) => /** @type {[string, string]} */ (
    [answer, answer[0].toUpperCase() + answer.slice(1)]))];
}
