// @ts-check
/* The result object of docs/downloads/mail_logs.py --json (docs/schemas/mail-logs-v1.schema.json) from what an
   Analysis recorded: its figures, and the verdict by the first rule that holds. */
import { closeHour } from "./analysis.js";
import {
  BACKLOG_MIN, BACKSCATTER_PER_HOUR, CHECKLISTS, COMPROMISED_PER_HOUR, EXAMPLES_KEPT, HARVEST_MIN, RECENT_HOURS,
  RELAY_MIN, SCHEMA, TARPIT_MEASURED_MIN, UNCONFIRMED,
} from "./constants.js";
import { formatG, roundTo } from "./numbers.js";
import { queuesNow } from "./listing.js";
import { compareText, shown } from "./text.js";
import { domainOf, hourKey, hourSeconds } from "./values.js";

/** @typedef {import("./analysis.js").Analysis} Analysis */
/** @typedef {import("./analysis.js").Where} Where */
/** @typedef {{ measured: false, why: string } | { measured: true, refusals: number, seconds_min: number,
 *   seconds_median: number, seconds_max: number, from: string[] }} Tarpit */

/** @param {Where} where */
const whereObject = ([file, line, text]) => ({ file, line, text: shown(text) });

/** Counter.most_common(1)'s key: the largest count, the first counted among equals.
 * @param {Map<string, number>} counter */
function mostCommon(counter) {
  let best = "";
  let count = 0;
  for (const [key, value] of counter) {
    if (value > count) [best, count] = [key, value];
  }
  return best;
}

/** The client's domains: as given, else from the postmaster address of its NDRs, else the domain of the addresses it
 * refused as unknown, else the domain most mail from outside was for.
 * @param {Analysis} a @returns {[string[], string]} */
function localDomains(a) {
  if (a.givenDomains.length) return [a.givenDomains, "given"];
  if (a.postmasterDomains.size) {
    return [[mostCommon(a.postmasterDomains)], "inferred from the NDRs' postmaster address"];
  }
  if (a.refusedDomains.size) return [[mostCommon(a.refusedDomains)], "inferred: the domain of the addresses refused"];
  if (a.inboundDomains.size) {
    return [[mostCommon(a.inboundDomains)], "inferred: the domain most mail from outside was for"];
  }
  return [[], "unknown"];
}

/** The last RECENT_HOURS hours the logs cover. @param {Analysis} a */
function recentHours(a) {
  /** @type {Set<string>} */
  const hours = new Set();
  if (a.lastHour === null || a.firstHour === null) return hours;
  const last = hourSeconds(a.lastHour);
  const first = hourSeconds(a.firstHour);
  for (let back = 0; back < RECENT_HOURS; back++) {
    const moment = last - back * 3600;
    if (moment < first) break;
    hours.add(hourKey(moment));
  }
  return hours;
}

/** @param {Analysis} a @returns {Tarpit} */
function tarpitSummary(a) {
  if (!a.tarpitTenths.size) {
    return { measured: false, why: a.protocolLogsRead ? "no refused RCPT TO in the SMTP protocol logs given"
      : "not measurable from this log: only an SMTP protocol log shows when a refusal was answered" };
  }
  const count = [...a.tarpitTenths.values()].reduce((sum, n) => sum + n, 0);
  let seen = 0;
  let median = 0;
  for (const tenths of [...a.tarpitTenths.keys()].sort((x, y) => x - y)) {
    seen += /** @type {number} */ (a.tarpitTenths.get(tenths));
    if (seen * 2 >= count) {
      median = tenths / 10;
      break;
    }
  }
  return { measured: true, refusals: count, seconds_min: roundTo(/** @type {number} */ (a.tarpitMin), 3),
           seconds_median: median, seconds_max: roundTo(/** @type {number} */ (a.tarpitMax), 3),
           from: [...a.tarpitSource].sort(compareText) };
}

/** The result of all files read into the analysis. @param {Analysis} a @param {object[]} files */
export function result(a, files) {
  const [local, how] = localDomains(a);
  const localSet = new Set(local);
  const recent = recentHours(a);
  const mask = new Uint32Array((a.addressNumbers.size >>> 5) + 1);
  let localAddresses = 0;
  for (const [address, number] of a.addressNumbers) {
    if (!localSet.has(domainOf(address))) continue;
    mask[number >>> 5] |= 1 << (number & 31);
    localAddresses++;
  }
  /** @type {Record<string, number>} */
  const unknownPerHour = {};
  for (const hour of [...a.unknown.hours.keys()].sort()) {
    const count = a.unknown.distinct([hour], mask);
    if (count) unknownPerHour[hour] = count;
  }
  /** @type {Map<string, boolean>} */
  const outside = new Map();
  /** Whether a domains key holds a domain not the client's. @param {string} key */
  const goesOut = (key) => {
    let out = outside.get(key);
    if (out === undefined) outside.set(key, out = key !== "" && key.split("\0").some((d) => !localSet.has(d)));
    return out;
  };
  let outboundTotal = 0;
  let outboundNdr = 0;
  for (const [key, count] of a.outbound) {
    if (!goesOut(key.slice(1))) continue;
    outboundTotal += count;
    if (key[0] === "1") outboundNdr += count;
  }
  let backlogRecent = 0;
  for (const { hour, made, domains, count } of a.backlog.values()) {
    if (recent.has(hour) && !recent.has(made) && goesOut(domains)) backlogRecent += count;
  }
  /** @type {[string[], number][]} */
  const relay = [];
  if (local.length) {
    for (const [key, count] of a.relayed) {
      const pair = key.split("\0");
      if (!localSet.has(pair[1]) && (pair[0] === "*" || !localSet.has(pair[0]))) relay.push([pair, count]);
    }
  }
  const relayMessages = relay.reduce((sum, [, count]) => sum + count, 0);
  /** @type {Map<string, [number, string]>} */
  const compromised = new Map();
  for (const [sender, state] of a.senders) {
    closeHour(sender, state);
    if (localSet.has(domainOf(sender)) && state.best >= COMPROMISED_PER_HOUR) {
      compromised.set(sender, [state.best, state.bestHour]);
    }
  }
  let ndrRecent = 0;
  let ndrTotal = 0;
  /** @type {[string | null, number]} */
  let peak = [null, 0];
  for (const [hour, count] of a.ndrPerHour) {
    ndrTotal += count;
    if (recent.has(hour)) ndrRecent += count;
    if (peak[0] === null || count > peak[1] || (count === peak[1] && hour > peak[0])) peak = [hour, count];
  }
  const refusedRecent = a.refusedAtRcpt.distinct(recent, mask);
  const tarpit = tarpitSummary(a);
  const [verdict, rule, nextKey] = judge(recent.size, relayMessages, compromised, ndrRecent, backlogRecent,
                                         refusedRecent, tarpit, peak);
  const [path, title] = CHECKLISTS[nextKey];
  const byCount = (/** @type {[string, number]} */ x, /** @type {[string, number]} */ y) =>
    y[1] - x[1] || compareText(x[0], y[0]);
  return {
    schema: SCHEMA,
    files,
    verdict,
    rule,
    next_checklist: { title, path },
    domains: { local, how },
    first_hour: a.firstHour, last_hour: a.lastHour,
    recent_hours: [...recent].sort(),
    messages_total: a.messagesTotal,
    ndr_generated: ndrTotal,
    ndr_generated_recent: ndrRecent,
    ndr_per_hour: Object.fromEntries([...a.ndrPerHour].sort((x, y) => compareText(x[0], y[0]))),
    ndr_peak: { hour: peak[0], count: peak[1] },
    outbound_messages: outboundTotal,
    outbound_ndrs: outboundNdr,
    ndrs_sent_or_retried_recent: backlogRecent,
    top_ndr_target_domains: [...a.ndrTargets].sort(byCount).slice(0, 5)
      .map(([domain, count]) => ({ domain, count })),
    refused_or_unknown_recipients_distinct: localAddresses,
    refused_or_unknown_per_hour: unknownPerHour,
    refused_at_rcpt_recent: refusedRecent,
    tarpit,
    compromised_accounts: [...compromised].sort((x, y) => compareText(x[0], y[0]))
      .map(([sender, [count, hour]]) => ({ sender, outside_recipients: count, hour })),
    open_relay: {
      messages: relayMessages,
      examples: relay.sort((x, y) => y[1] - x[1] || compareText(x[0][0], y[0][0]) || compareText(x[0][1], y[0][1]))
        .slice(0, EXAMPLES_KEPT)
        .map(([pair]) => whereObject(/** @type {Where} */ (a.relayExamples.get(pair.join("\0"))))),
    },
    examples: Object.fromEntries([...a.examples].map(([name, found]) => [name, found.map(whereObject)])),
    unconfirmed: [...a.usedUnconfirmed].sort().map((key) => UNCONFIRMED[key]),
    queues_now: queuesNow(a.listings),
  };
}

/** [verdict, the rule that chose it in one sentence, the key of the checklist that comes next]: the first rule that
 * holds. A relay or a stolen account counts anywhere in the logs; the rest in the recent hours.
 * @param {number} recentCount @param {number} relayMessages @param {Map<string, [number, string]>} compromised
 * @param {number} ndrRecent @param {number} backlogRecent @param {number} refusedRecent @param {Tarpit} tarpit
 * @param {[string | null, number]} peak @returns {[string, string, string]} */
function judge(recentCount, relayMessages, compromised, ndrRecent, backlogRecent, refusedRecent, tarpit, peak) {
  const window = recentCount !== 1 ? `the last ${recentCount} hours of the logs` : "the last hour of the logs";
  const atPeak = peak[1] ? ` (${peak[1]} in the hour ${peak[0]} at the peak)` : "";
  if (relayMessages >= RELAY_MIN) {
    return ["open-relay",
      `${relayMessages} messages to outside addresses were accepted from outside clients that had not `
      + `signed in, or from outside senders (at least ${RELAY_MIN} anywhere in the logs make the verdict): `
      + "the server relays for strangers.", "open-relay"];
  }
  if (compromised.size) {
    let [sender, [count, hour]] = [...compromised][0];
    for (const [other, [n, h]] of compromised) {
      if (n > count || (n === count && compareText(other, sender) > 0)) [sender, count, hour] = [other, n, h];
    }
    return ["compromised-account",
      `${sender}, a sender of the client's own, wrote to ${count} outside addresses within the hour ${hour} `
      + `UTC (${COMPROMISED_PER_HOUR} or more anywhere in the logs make the verdict): its password is likely `
      + "known to a spammer, or the server relays mail that claims to be from it.", "compromised-account"];
  }
  if (BACKSCATTER_PER_HOUR * recentCount > 0 && ndrRecent >= BACKSCATTER_PER_HOUR * recentCount) {
    return ["backscatter",
      `The server generated ${ndrRecent} NDRs in ${window} (${BACKSCATTER_PER_HOUR} an hour or more make the `
      + "verdict): it accepts mail for addresses that do not exist and bounces it to forged senders.", "backscatter"];
  }
  if (backlogRecent >= BACKLOG_MIN) {
    return ["queue-backlog",
      `The server generated ${ndrRecent} NDRs in ${window}${atPeak}, but NDRs made before then were sent, `
      + `deferred or expired ${backlogRecent} times (${BACKLOG_MIN} or more make the verdict): the fix holds `
      + "and the backlog is draining.", "queue-backlog"];
  }
  if (refusedRecent >= HARVEST_MIN) {
    const slowed = tarpit.measured && tarpit.seconds_median >= TARPIT_MEASURED_MIN;
    return ["directory-harvest-refused",
      `${refusedRecent} made-up local addresses were refused at RCPT TO in ${window} (${HARVEST_MIN} or more `
      + "make the verdict), so no NDRs were made for them"
      + (slowed && tarpit.measured ? `; the tar pit holds each refusal about ${formatG(tarpit.seconds_median)} s.`
        : "; slow the harvest down with the tar pit."),
      slowed ? "directory-harvest-slowed" : "directory-harvest-refused"];
  }
  return ["quiet",
    `In ${window} the server generated ${ndrRecent} NDRs${atPeak}, sent ${backlogRecent} made earlier and `
    + `refused ${refusedRecent} made-up addresses at RCPT TO: below every rule, nothing to fix.`, "quiet"];
}
