// @ts-check
/* What the logs add up to, as docs/downloads/mail_logs.py's Analysis records it: bounded memories of message ids,
   per-hour bitmaps of addresses, counters. Judging it at the end is judging.js. */
import { COMPROMISED_PER_HOUR, EXAMPLES_KEPT } from "./constants.js";
import { roundHalfEven } from "./numbers.js";
import { Remembered } from "./remembered.js";
import { SHOWN_CHARS, codePointEnd, detached, strip } from "./text.js";
import { domainOf } from "./values.js";

/** A line of a log: [file name, line number, text]. @typedef {[string, number, string]} Where */
/** Per sender of the client's own: the current hour, its recipients, the best count so far and its hour.
 * @typedef {{ hour: string, recipients: Set<string>, best: number, bestHour: string }} SenderHour */

/** Per hour, which of the numbered addresses were seen: one bit per address and hour. */
export class Bitmaps {
  constructor() {
    /** @type {Map<string, Uint32Array>} */
    this.hours = new Map();
  }

  /** @param {string} hour @param {number} number */
  mark(hour, number) {
    const word = number >>> 5;
    let bits = this.hours.get(hour);
    if (!bits || word >= bits.length) {
      const grown = new Uint32Array(Math.max(word + 1, bits ? bits.length * 2 : 64));
      if (bits) grown.set(bits);
      this.hours.set(bits ? hour : detached(hour), bits = grown);
    }
    bits[word] |= 1 << (number & 31);
  }

  /** How many of the addresses whose bits are set in `mask` were seen in any of `hours`.
   * @param {Iterable<string>} hours @param {Uint32Array} mask */
  distinct(hours, mask) {
    const seen = new Uint32Array(mask.length);
    for (const hour of hours) {
      const bits = this.hours.get(hour);
      if (!bits) continue;
      for (let i = Math.min(bits.length, seen.length) - 1; i >= 0; i--) seen[i] |= bits[i];
    }
    let count = 0;
    for (let i = 0; i < seen.length; i++) count += bitCount(seen[i] & mask[i]);
    return count;
  }
}

/** @param {number} word */
export function bitCount(word) {
  word -= (word >>> 1) & 0x55555555;
  word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
  return (((word + (word >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** @param {Map<string, number>} counter @param {string} key */
export function increment(counter, key) {
  const count = counter.get(key);
  if (count === undefined) counter.set(detached(key), 1);
  else counter.set(key, count + 1);
}

/** The domains of addresses, each once, in the order first seen, without the empty one. @param {string[]} addresses */
export function distinctDomains(addresses) {
  if (addresses.length === 1) {
    const domain = domainOf(addresses[0]);
    return domain ? [domain] : [];
  }
  return [...new Set(addresses.map(domainOf))].filter((domain) => domain);
}

/** A set of recipient domains as one key (mail_logs.py's frozenset; the empty domain left out, as every use of the
 * set leaves it out). @param {string[]} addresses */
export function domainsKey(addresses) {
  return distinctDomains(addresses).sort().join("\0");
}

export class Analysis {
  /** @param {string[]} domains */
  constructor(domains) {
    this.givenDomains = domains.map((domain) => domain.toLowerCase());
    this.messages = new Remembered();   // message ids seen, to count each message once
    this.ndrMade = new Remembered();    // NDRs generated: their id (2003: the id of the mail bounced) -> hour
    this.sends = new Remembered();      // (message id, hour) of outbound transfers already counted
    this.messagesTotal = 0;
    /** @type {Map<string, number>} */ this.ndrPerHour = new Map();
    /** @type {Map<string, number>} */ this.ndrTargets = new Map();
    /** @type {Map<string, number>} */ this.addressNumbers = new Map();   // addresses refused or unknown, numbered
    this.unknown = new Bitmaps();        // refused or unknown, from any log
    this.refusedAtRcpt = new Bitmaps();  // refused at RCPT TO, from a protocol log
    /** @type {Map<string, number>} */ this.outbound = new Map();   // "1" NDR or "0", domains key -> messages out
    /** NDRs sent, deferred or expired: by hour, hour made ("" unknown) and domains.
     * @type {Map<string, { hour: string, made: string, domains: string, count: number }>} */
    this.backlog = new Map();
    /** @type {Map<string, number>} */ this.inboundDomains = new Map();   // recipient domain of mail from outside
    /** @type {Map<string, number>} */ this.relayed = new Map();   // sender domain or "*", NUL, recipient domain
    /** @type {Map<string, Where>} */ this.relayExamples = new Map();
    /** @type {Map<string, SenderHour>} */ this.senders = new Map();
    /** @type {Map<string, number>} */ this.postmasterDomains = new Map();
    /** @type {Map<string, number>} */ this.refusedDomains = new Map();
    /** @type {Map<number, number>} */ this.tarpitTenths = new Map();
    /** @type {number | null} */ this.tarpitMin = null;
    /** @type {number | null} */ this.tarpitMax = null;
    /** @type {Set<string>} */ this.tarpitSource = new Set();
    /** @type {Map<string, Where[]>} */ this.examples = new Map();
    /** @type {Set<string>} */ this.usedUnconfirmed = new Set();
    /** @type {string | null} */ this.firstHour = null;
    /** @type {string | null} */ this.lastHour = null;
    this.protocolLogsRead = false;
    /** What Get-Queue / Get-Message listings show is queued now (listing.js), once one is read.
     * @type {import("./listing.js").Listings | null} */
    this.listings = null;
  }

  /** Keep the first lines of a finding, or with `latest` the last ones (the backlog as it is now).
   * @param {string} finding @param {Where} where @param {boolean} [latest] */
  example(finding, where, latest = false) {
    let kept = this.examples.get(finding);
    if (!kept) this.examples.set(finding, kept = []);
    const previous = kept[kept.length - 1];
    if (previous && previous[0] === where[0] && previous[1] === where[1]) return;   // one line, several recipients
    if (latest && kept.length === EXAMPLES_KEPT) kept.shift();
    if (kept.length < EXAMPLES_KEPT) kept.push([where[0], where[1], detached(where[2])]);
  }

  /** @param {string} hour */
  seenHour(hour) {
    if (this.firstHour === null || hour < this.firstHour) this.firstHour = detached(hour);
    if (this.lastHour === null || hour > this.lastHour) this.lastHour = detached(hour);
  }

  /** @param {string} messageId */
  message(messageId) {
    if (messageId && this.messages.add(messageId)) this.messagesTotal++;
  }

  /** An NDR made: counted once per key (the NDR's id; on Exchange 2003 the id of the mail it bounces).
   * @param {string} key @param {string} hour @param {string[]} targets @param {string[]} failed @param {Where} where */
  ndrGenerated(key, hour, targets, failed, where) {
    for (const address of failed) this.mark(this.unknown, hour, address);
    if (key && !this.ndrMade.add(key, hour)) return;
    increment(this.ndrPerHour, hour);
    for (const domain of distinctDomains(targets)) increment(this.ndrTargets, domain);
    this.example("ndr", where);
  }

  /** A local address refused (a protocol log's 550, atRcpt) or found unknown after the mail was accepted.
   * @param {string} hour @param {string} address @param {Where} where @param {boolean} atRcpt */
  refused(hour, address, where, atRcpt) {
    const number = this.mark(this.unknown, hour, address);
    if (atRcpt) this.refusedAtRcpt.mark(hour, number);
    increment(this.refusedDomains, domainOf(address));
    this.example("refused", where);
  }

  /** @param {Bitmaps} bitmaps @param {string} hour @param {string} address */
  mark(bitmaps, hour, address) {
    address = address.toLowerCase();
    let number = this.addressNumbers.get(address);
    if (number === undefined) this.addressNumbers.set(detached(address), number = this.addressNumbers.size);
    bitmaps.mark(hour, number);
    return number;
  }

  /** A message sent out (counted once per message and hour). ndrMade: null for ordinary mail; for an NDR the hour
   * it was made, or "" when the logs do not say. @param {string} messageId @param {string} hour
   * @param {string[]} recipients @param {string | null} ndrMade @param {Where} where */
  sentOut(messageId, hour, recipients, ndrMade, where) {
    if (messageId && !this.sends.add(messageId + "\0" + hour)) return;
    const domains = domainsKey(recipients);
    increment(this.outbound, (ndrMade === null ? "0" : "1") + domains);
    if (ndrMade !== null) this.ndrPending(hour, ndrMade, domains, where);
  }

  /** An NDR sent, deferred or expired in `hour`. @param {string} hour @param {string} made
   * @param {string} domains (domainsKey) @param {Where} where */
  ndrPending(hour, made, domains, where) {
    const key = hour + "\0" + made + "\0" + domains;
    const entry = this.backlog.get(key);
    if (entry) entry.count++;
    else this.backlog.set(detached(key), { hour: detached(hour), made: detached(made), domains: detached(domains),
                                           count: 1 });
    this.example("ndr-sent", where, true);
  }

  /** Mail accepted from a client outside the network. @param {string} sender @param {string[]} recipients
   * @param {Where} where @param {boolean} unauthenticated */
  fromOutside(sender, recipients, where, unauthenticated) {
    const senderDomain = unauthenticated ? "*" : domainOf(sender);
    for (const domain of distinctDomains(recipients)) {
      increment(this.inboundDomains, domain);
      if (!senderDomain) continue;
      const pair = senderDomain + "\0" + domain;
      increment(this.relayed, pair);
      if (!this.relayExamples.has(pair)) {
        // Kept as it came, cut where shown() cuts it (a line may be 64 KiB): escaped once, on output.
        this.relayExamples.set(detached(pair), [where[0], where[1],
                                                detached(where[2].slice(0, codePointEnd(where[2], SHOWN_CHARS + 1)))]);
      }
    }
  }

  /** Mail a sender of the client's own submitted: only the current hour's recipients are held per sender.
   * @param {string} sender @param {string} hour @param {string[]} recipients */
  fromInside(sender, hour, recipients) {
    sender = strip(sender).toLowerCase();
    if (!sender.includes("@") || sender.startsWith("postmaster@")) return;
    let state = this.senders.get(sender);
    if (!state) {
      hour = detached(hour);
      this.senders.set(detached(sender), state = { hour, recipients: new Set(), best: 0, bestHour: hour });
    } else if (state.hour !== hour) {
      closeHour(sender, state);
      state.hour = detached(hour);
      state.recipients = new Set();
    }
    if (state.recipients.size < 10 * COMPROMISED_PER_HOUR) {
      for (const recipient of recipients) {
        const lower = recipient.toLowerCase();
        if (!state.recipients.has(lower)) state.recipients.add(detached(lower));
      }
    }
  }

  /** @param {number} seconds @param {string} source */
  tarpitDelay(seconds, source) {
    const tenths = roundHalfEven(seconds * 10);
    this.tarpitTenths.set(tenths, (this.tarpitTenths.get(tenths) || 0) + 1);
    this.tarpitMin = this.tarpitMin === null ? seconds : Math.min(this.tarpitMin, seconds);
    this.tarpitMax = this.tarpitMax === null ? seconds : Math.max(this.tarpitMax, seconds);
    this.tarpitSource.add(source);
  }
}

/** @param {string} sender @param {SenderHour} state */
export function closeHour(sender, state) {
  const own = domainOf(sender);
  let outside = 0;
  for (const recipient of state.recipients) {
    const domain = domainOf(recipient);
    if (domain && domain !== own) outside++;
  }
  if (outside > state.best) {
    state.best = outside;
    state.bestHour = state.hour;
  }
}
