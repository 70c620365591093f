// @ts-check
/* The chart of a mail-log analysis: NDRs the server generated per UTC hour (bars) and local addresses refused or
 * unknown per hour (a line), over the hours the logs cover, with optional marks (when the fix went in). An SVG drawn
 * with DOM calls: every label is text, never markup. Used by the Mail logs page; the report draws the same. */

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 960;
const HEIGHT = 260;
const TOP = 40;   // room above the bars for two marks' labels
const BOTTOM = 210;
const LEFT = 48;
const HOUR = 3_600_000;
const MOST_BARS = 24 * 92;    // three months of hours; longer logs are drawn per day, week, month or year
const STEPS = [HOUR, 24 * HOUR, 7 * 24 * HOUR, 30 * 24 * HOUR, 365 * 24 * HOUR];
const UNITS = ["hour", "day", "week", "30 days", "year"];
// Colours as presentation attributes, so the chart needs no stylesheet (the report page has none of this page's);
// text and axes take the page's text colour (currentColor), in either palette.
// Both at least 3:1 against the light and the dark palette's backgrounds (WCAG 1.4.11): 4.2 and 3.8, 3.7 and 4.4.
const NDR = { class: "sbskb-chart-ndr", fill: "#e53935" };
const REFUSED = { class: "sbskb-chart-refused", fill: "none", stroke: "#1e88e5", "stroke-width": 2 };
const AXIS = { class: "sbskb-chart-axis", stroke: "currentColor", "stroke-opacity": 0.5 };
const MARK = { class: "sbskb-chart-mark", stroke: "currentColor", "stroke-dasharray": "4 3" };

/** @typedef {{ at: string, label: string }} Mark  (at: an ISO time) */

/** @param {string} key "YYYY-MM-DDTHH" (UTC) */
function hourStart(key) {
  return Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, Number(key.slice(8, 10)),
                  Number(key.slice(11, 13)));
}

/** @template {keyof SVGElementTagNameMap} K @param {K} tag @param {Record<string, string | number>} attributes
    @param {Element} parent @param {string} [text] */
function add(tag, attributes, parent, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  parent.appendChild(node);
  return node;
}

/** The series over every hour from the first to the last, or per day (week, …) when there are more than MOST_BARS;
    an hour outside the range (a summary from a file) is left out, never drawn at a made-up place.
    @param {any} result @returns {{ starts: number[], step: number, unit: string, ndrs: number[], refused: number[] }} */
export function series(result) {
  const first = hourStart(result.first_hour);
  const last = hourStart(result.last_hour);
  let pick = 0;
  while (pick < STEPS.length - 1 && (last - first) / STEPS[pick] + 1 > MOST_BARS) pick++;
  const step = STEPS[pick];
  const origin = step === HOUR ? first : first - (first % (24 * HOUR));
  const count = Math.max(0, Math.floor((last - origin) / step) + 1);
  const starts = Array.from({ length: count }, (_, index) => origin + index * step);
  const ndrs = new Array(count).fill(0);
  const refused = new Array(count).fill(0);
  /** @param {number[]} bars @param {Record<string, number>} perHour */
  const add = (bars, perHour) => {
    for (const [key, value] of Object.entries(perHour)) {
      const at = Math.floor((hourStart(key) - origin) / step);
      if (at >= 0 && at < count) bars[at] += value;
    }
  };
  add(ndrs, result.ndr_per_hour);
  add(refused, result.refused_or_unknown_per_hour);
  return { starts, step, unit: UNITS[pick], ndrs, refused };
}

/** @param {number[]} values */
const largest = (values) => values.reduce((a, b) => Math.max(a, b), 0);
let drawn = 0;   // each chart's title and description ids its own

/** Draw the chart into `figure` (its previous content replaced). @param {HTMLElement} figure @param {any} result
    @param {Mark[]} [marks] */
export function drawChart(figure, result, marks = []) {
  figure.textContent = "";
  if (!result.first_hour || !result.last_hour || result.first_hour > result.last_hour) return;
  const { starts, step, unit, ndrs, refused } = series(result);
  const top = Math.max(1, largest(ndrs), largest(refused));
  const id = `sbskb-chart-${++drawn}`;
  const slot = (WIDTH - LEFT - 8) / starts.length;
  const x = (/** @type {number} */ time) => LEFT + ((time - starts[0]) / step) * slot;
  const y = (/** @type {number} */ value) => BOTTOM - (value / top) * (BOTTOM - TOP);
  const svg = add("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-labelledby": `${id}-title ${id}-desc`,
                           class: "sbskb-chart", width: "100%", fill: "currentColor",
                           "font-size": 13, "font-family": "sans-serif" }, figure);
  add("title", { id: `${id}-title` }, svg, `NDRs generated per ${unit} (UTC)`);
  add("desc", { id: `${id}-desc` }, svg,
      `From ${result.first_hour}:00 to ${result.last_hour}:59 UTC: ${result.ndr_generated} NDRs generated, at most ` +
      `${largest(ndrs)} in one ${unit}; local addresses refused or unknown: at most ${largest(refused)} in ` +
      `one ${unit}.` + marks.map((mark) => ` ${mark.label}: ${mark.at.slice(0, 16).replace("T", " ")} UTC.`).join(""));
  add("line", { x1: LEFT, y1: BOTTOM, x2: WIDTH - 8, y2: BOTTOM, ...AXIS }, svg);
  add("text", { x: LEFT - 6, y: TOP + 4, "text-anchor": "end" }, svg, String(top));
  add("text", { x: LEFT - 6, y: BOTTOM + 4, "text-anchor": "end" }, svg, "0");
  ndrs.forEach((value, index) => {
    if (value) add("rect", { x: x(starts[index]), y: y(value), width: Math.max(1, slot * 0.8), height: BOTTOM - y(value),
                             ...NDR }, svg);
  });
  if (refused.some(Boolean)) {
    const points = refused.map((value, index) => `${x(starts[index]) + slot / 2},${y(value)}`).join(" ");
    add("polyline", { points, ...REFUSED }, svg);
  }
  const days = starts.filter((time) => time % (24 * HOUR) === 0);
  const every = Math.ceil(days.length / 10);
  days.forEach((time, index) => {
    if (index % every) return;
    add("line", { x1: x(time), y1: BOTTOM, x2: x(time), y2: BOTTOM + 5, ...AXIS }, svg);
    add("text", { x: x(time), y: BOTTOM + 20 }, svg, new Date(time).toISOString().slice(5, 10));
  });
  marks.filter((mark) => Date.parse(mark.at) >= starts[0] && Date.parse(mark.at) < starts[starts.length - 1] + step)
    .forEach((mark, index) => {
      // Each label a line lower than the one before, so fixes done minutes apart stay readable; past the middle
      // of the chart the label ends at its mark.
      const at = x(Date.parse(mark.at));
      add("line", { x1: at, y1: TOP - 12 + 13 * index, x2: at, y2: BOTTOM, ...MARK }, svg);
      add("text", { x: at > WIDTH / 2 ? at - 4 : at + 4, y: TOP - 14 + 13 * index,
                    "text-anchor": at > WIDTH / 2 ? "end" : "start" }, svg, mark.label);
    });
  const legend = add("g", { class: "sbskb-chart-legend" }, svg);
  add("rect", { x: LEFT, y: HEIGHT - 22, width: 12, height: 12, ...NDR }, legend);
  add("text", { x: LEFT + 18, y: HEIGHT - 12 }, legend, `NDRs generated per ${unit}`);
  if (refused.some(Boolean)) {
    add("line", { x1: LEFT + 240, y1: HEIGHT - 16, x2: LEFT + 258, y2: HEIGHT - 16, ...REFUSED }, legend);
    add("text", { x: LEFT + 264, y: HEIGHT - 12 }, legend, `local addresses refused or unknown per ${unit}`);
  }
}
