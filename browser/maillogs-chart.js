// @ts-check
/* The chart of a mail-log analysis: NDRs the server generated per UTC hour (bars) and local addresses refused or
 * unknown per hour (a line), over the hours the logs cover, with optional marks (when the fix went in). An SVG drawn
 * with DOM calls: every label is text, never markup. Used by the Mail logs page; the report draws the same. */

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 960;
const HEIGHT = 260;
const TOP = 28;
const BOTTOM = 210;
const LEFT = 48;
const HOUR = 3_600_000;
const MOST_HOURS = 24 * 92;   // three months of bars; longer logs are drawn per day

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

/** The series over every hour from the first to the last (per day when the logs cover more than MOST_HOURS).
    @param {any} result @returns {{ starts: number[], step: number, ndrs: number[], refused: number[] }} */
export function series(result) {
  const first = hourStart(result.first_hour);
  const last = hourStart(result.last_hour);
  const step = (last - first) / HOUR + 1 > MOST_HOURS ? 24 * HOUR : HOUR;
  const origin = step === HOUR ? first : first - (first % (24 * HOUR));
  const count = Math.floor((last - origin) / step) + 1;
  const starts = Array.from({ length: count }, (_, index) => origin + index * step);
  const ndrs = new Array(count).fill(0);
  const refused = new Array(count).fill(0);
  for (const [key, value] of Object.entries(result.ndr_per_hour)) ndrs[Math.floor((hourStart(key) - origin) / step)] += value;
  for (const [key, value] of Object.entries(result.refused_or_unknown_per_hour)) {
    refused[Math.floor((hourStart(key) - origin) / step)] += value;
  }
  return { starts, step, ndrs, refused };
}

/** Draw the chart into `figure` (its previous content replaced). @param {HTMLElement} figure @param {any} result
    @param {Mark[]} [marks] */
export function drawChart(figure, result, marks = []) {
  figure.textContent = "";
  if (!result.first_hour) return;
  const { starts, step, ndrs, refused } = series(result);
  const top = Math.max(1, ...ndrs, ...refused);
  const slot = (WIDTH - LEFT - 8) / starts.length;
  const x = (/** @type {number} */ time) => LEFT + ((time - starts[0]) / step) * slot;
  const y = (/** @type {number} */ value) => BOTTOM - (value / top) * (BOTTOM - TOP);
  const unit = step === HOUR ? "hour" : "day";
  const svg = add("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-labelledby": "sbskb-chart-title sbskb-chart-desc",
                           class: "sbskb-chart" }, figure);
  add("title", { id: "sbskb-chart-title" }, svg, `NDRs generated per ${unit} (UTC)`);
  add("desc", { id: "sbskb-chart-desc" }, svg,
      `From ${result.first_hour}:00 to ${result.last_hour}:59 UTC: ${result.ndr_generated} NDRs generated, at most ` +
      `${Math.max(...ndrs)} in one ${unit}; local addresses refused or unknown: at most ${Math.max(...refused)} in ` +
      `one ${unit}.`);
  add("line", { x1: LEFT, y1: BOTTOM, x2: WIDTH - 8, y2: BOTTOM, class: "sbskb-chart-axis" }, svg);
  add("text", { x: LEFT - 6, y: TOP + 4, "text-anchor": "end" }, svg, String(top));
  add("text", { x: LEFT - 6, y: BOTTOM + 4, "text-anchor": "end" }, svg, "0");
  ndrs.forEach((value, index) => {
    if (value) add("rect", { x: x(starts[index]), y: y(value), width: Math.max(1, slot * 0.8), height: BOTTOM - y(value),
                             class: "sbskb-chart-ndr" }, svg);
  });
  if (refused.some(Boolean)) {
    const points = refused.map((value, index) => `${x(starts[index]) + slot / 2},${y(value)}`).join(" ");
    add("polyline", { points, class: "sbskb-chart-refused" }, svg);
  }
  const days = starts.filter((time) => time % (24 * HOUR) === 0);
  const every = Math.ceil(days.length / 10);
  days.forEach((time, index) => {
    if (index % every) return;
    add("line", { x1: x(time), y1: BOTTOM, x2: x(time), y2: BOTTOM + 5, class: "sbskb-chart-axis" }, svg);
    add("text", { x: x(time), y: BOTTOM + 20 }, svg, new Date(time).toISOString().slice(5, 10));
  });
  for (const mark of marks) {
    const time = Date.parse(mark.at);
    if (!(time >= starts[0] && time < starts[starts.length - 1] + step)) continue;
    add("line", { x1: x(time), y1: TOP - 8, x2: x(time), y2: BOTTOM, class: "sbskb-chart-mark" }, svg);
    add("text", { x: x(time) + 4, y: TOP - 12 }, svg, mark.label);
  }
  const legend = add("g", { class: "sbskb-chart-legend" }, svg);
  add("rect", { x: LEFT, y: HEIGHT - 22, width: 12, height: 12, class: "sbskb-chart-ndr" }, legend);
  add("text", { x: LEFT + 18, y: HEIGHT - 12 }, legend, `NDRs generated per ${unit}`);
  if (refused.some(Boolean)) {
    add("line", { x1: LEFT + 240, y1: HEIGHT - 16, x2: LEFT + 258, y2: HEIGHT - 16, class: "sbskb-chart-refused" }, legend);
    add("text", { x: LEFT + 264, y: HEIGHT - 12 }, legend, `local addresses refused or unknown per ${unit}`);
  }
}
