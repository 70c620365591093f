// @ts-check
/* The last outside test an item's evidence holds: what docs/downloads/probe.py `evidence` wrote for its newest run,
 * read back per host, and the words the report's Outside test column gives it. macros/outside_test.py is the Python
 * half (tests/vectors/rules/outside-test.json and outside-test-cell.json). */
import { changeTime } from "../change-time.js";
import { pageVocabulary } from "../vocabulary.js";
import { localMinute } from "./local-minute.js";

/** @typedef {"pass" | "warn" | "error" | "fail"} Verdict */
/** @typedef {{ host: string, address: string, verdict: Verdict }} HostVerdict */
/** @typedef {{ started: string, domain: string, verdict: Verdict, hosts: HostVerdict[] }} OutsideTest */

/** probe.py VERDICTS, in rising order of what each means for the client. @type {Verdict[]} */
const VERDICTS = ["pass", "warn", "error", "fail"];
// probe.py: "- {host} ({address or 'no address'}): {VERDICT}; {facts or message}". The address is the last
// parenthesis before the verdict, so a host may hold parentheses; the line may end after the verdict (cut at the
// probe's 2,000 characters).
const HOST_LINE = /^- (.+) \(([^()]*)\): (PASS|WARN|ERROR|FAIL)(?:;.*)?$/s;
const OF = ", of ";

/**
 * [started, domain] of a run's first line, "Outside test by probe.py, {started}, of {domain}:", when its time is a
 * real change time; null for any other line.
 * @param {string} line @returns {[string, string] | null}
 */
function runHeading(line) {
  const start = pageVocabulary().evidenceStart;
  if (!line.startsWith(start) || !line.endsWith(":")) return null;
  const rest = line.slice(start.length, -1);
  const at = rest.indexOf(OF);   // a change time holds no ", of ": the first is the one after it
  if (at < 0 || !changeTime(rest.slice(0, at)) || at + OF.length === rest.length) return null;
  return [rest.slice(0, at), rest.slice(at + OF.length)];
}

/**
 * The newest probe run in an item's evidence (paragraphs newest first, merge.js `joinedEvidence`): when it started
 * (as written), the domain, each host's verdict and the worst of them; null when no paragraph opens as a run does.
 * A line that is not a host's as the probe writes it is skipped, never guessed; a run with no host line read is an
 * error, as probe.py judges a host without checks.
 * @param {unknown} evidence @returns {OutsideTest | null}
 */
export function lastOutsideTest(evidence) {
  if (typeof evidence !== "string") return null;
  for (const paragraph of evidence.split("\n\n")) {
    const [first, ...lines] = paragraph.split("\n");
    const heading = runHeading(first);
    if (!heading) continue;
    /** @type {HostVerdict[]} */
    const hosts = [];
    let worst = 0;
    for (const line of lines) {
      const found = HOST_LINE.exec(line);
      if (!found) continue;
      const verdict = /** @type {Verdict} */ (found[3].toLowerCase());
      hosts.push({ host: found[1], address: found[2], verdict });
      worst = Math.max(worst, VERDICTS.indexOf(verdict));
    }
    return { started: heading[0], domain: heading[1], verdict: hosts.length ? VERDICTS[worst] : "error", hosts };
  }
  return null;
}

/**
 * The report's Outside test cell: each host's verdict, then when the run started at the zone `offsetMinutes` east of
 * UTC, "mail.contoso.com PASS, backup.isp.example FAIL (2026-12-05 00:34)"; the run's verdict alone when no host
 * line was read; "" for no run.
 * @param {OutsideTest | null} test as lastOutsideTest gives it @param {number} offsetMinutes
 * @returns {string}
 */
export function outsideTestCell(test, offsetMinutes) {
  if (!test) return "";
  const verdicts = test.hosts.length ? test.hosts.map((host) => `${host.host} ${host.verdict.toUpperCase()}`)
    : [test.verdict.toUpperCase()];
  return `${verdicts.join(", ")} (${localMinute(test.started, offsetMinutes)})`;
}
