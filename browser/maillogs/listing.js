// @ts-check
/* A Get-Queue or Get-Message listing as the console prints it, as docs/downloads/mail_logs.py's ListingReader and
   Analysis.queue_listed / message_listed / queues_now: what is queued now, a snapshot beside the logs' verdict. */
import { LISTED_QUEUES_MAX, LISTING_PROPERTIES, OUTSIDE_DELIVERY, TOP_SHOWN } from "./constants.js";
import { Remembered } from "./remembered.js";
import { compareText, detached, grouped, strip } from "./text.js";

/** What the reader needs of its file (formats.js FileReader). @typedef {{ analysis: { listings: Listings | null },
 *   reject(number: number, why: string): void, records: number }} ListingFile */
/** A queue listed: identity, next hop, messages, status, to outside. @typedef {[string, string, number, string,
 *   boolean]} Queue */

// The command line pasted with its output: a shell's prompt, with a command after it or none, or the command alone.
const LISTING_COMMAND = /^(?:(\[PS\] *)?(PS +)?[A-Za-z]:\\[^>]*>|get-(queue|message)\b)/i;
const LIST_PROPERTY = /^([A-Za-z]+) *: ?([\s\S]*)$/;   // 'Identity     : SBS01\7' (Format-List)
const COLUMN_NAMES = /^[A-Za-z]+( +[A-Za-z]+)+$/;       // a Format-Table header: the names alone
const DASHES = /^-+( +-+)*$/;                          // and the line of dashes under it
const SURROGATE = /[\uD800-\uDFFF]/;

/** Whether a file's first line (stripped) starts a listing: a command line, PowerShell's warning, or a property of a
 * queue or message as a table's first column name or a list's first name. @param {string} head */
export function startsListing(head) {
  return head.startsWith("WARNING:") || LISTING_COMMAND.test(head)
    || LISTING_PROPERTIES.includes(head.split(/[ :]/, 1)[0]);
}

/** Python's text[start:end], counted in code points. @param {string} text @param {number} start
 * @param {number | undefined} end */
function slice(text, start, end) {
  if (!SURROGATE.test(text)) return text.slice(start, end);
  return Array.from(text).slice(start, end).join("");
}

/** What the listings of an analysis add up to. */
export class Listings {
  constructor() {
    /** @type {Map<string, Queue>} */ this.queues = new Map();   // identity in lower case -> the queue
    this.messages = new Remembered();   // message identities listed, to count each once
    this.messagesListed = 0;
    this.dsnListed = 0;
    this.sourceUnknown = 0;             // messages listed without their MessageSourceName
    /** @type {Map<string, number>} */ this.dsnQueues = new Map();   // queue identity in lower case -> DSNs in it
    /** @type {Map<string, string>} */ this.dsnQueueNames = new Map();
  }

  /** A queue; listed again, the later one counts. False past the bound. @param {string} identity
   * @param {string} nextHop @param {number} messages @param {string} status @param {boolean} outside */
  queue(identity, nextHop, messages, status, outside) {
    const key = identity.toLowerCase();
    if (!this.queues.has(key) && this.queues.size >= LISTED_QUEUES_MAX) return false;
    this.queues.set(detached(key), [detached(identity), detached(nextHop), messages, detached(status), outside]);
    return true;
  }

  /** A message: a DSN when its MessageSourceName says so. @param {string} identity
   * @param {string | null} sourceName @param {string} queue */
  message(identity, sourceName, queue) {
    if (!this.messages.add(identity.toLowerCase())) return;
    this.messagesListed++;
    if (sourceName === null) {
      this.sourceUnknown++;
    } else if (sourceName.toLowerCase() === "dsn") {
      this.dsnListed++;
      const key = queue.toLowerCase();
      if (this.dsnQueues.has(key) || this.dsnQueues.size < LISTED_QUEUES_MAX) {
        this.dsnQueues.set(detached(key), (this.dsnQueues.get(key) || 0) + 1);
        if (!this.dsnQueueNames.has(key)) this.dsnQueueNames.set(key, detached(queue));
      }
    }
  }
}

/** queues_now of the result: null when no listing was read. @param {Listings | null} listings */
export function queuesNow(listings) {
  if (listings === null) return null;
  const queues = [...listings.queues.values()];
  const outside = queues.filter((queue) => queue[4]);
  const largest = outside.slice().sort((x, y) => y[2] - x[2] || compareText(x[1], y[1]) || compareText(x[0], y[0]))
    .slice(0, TOP_SHOWN);
  const sum = (/** @type {Queue[]} */ list) => list.reduce((total, queue) => total + queue[2], 0);
  return {
    queues: queues.length,
    messages: sum(queues),
    outside_queues: outside.length,
    outside_messages: sum(outside),
    outside_retry_queues: outside.filter((queue) => queue[3].toLowerCase() === "retry").length,
    largest_outside: largest.map((queue) => ({ next_hop_domain: queue[1], messages: queue[2], status: queue[3] })),
    messages_listed: listings.messagesListed,
    dsn_listed: listings.dsnListed,
    source_unknown: listings.sourceUnknown,
    dsn_queues: [...listings.dsnQueues].sort((x, y) => y[1] - x[1] || compareText(x[0], y[0])).slice(0, TOP_SHOWN)
      .map(([key, count]) => ({ queue: /** @type {string} */ (listings.dsnQueueNames.get(key)),
                                next_hop_domain: listings.queues.get(key)?.[1] ?? null, count })),
  };
}

/** One listing file's lines: Format-Table (column names, a line of dashes marking where each column starts, rows)
 * or Format-List ('Name : value' lines, a blank line between objects, long values wrapped onto indented lines). */
export class ListingReader {
  /** @param {ListingFile} file */
  constructor(file) {
    this.file = file;
    this.listings = file.analysis.listings ||= new Listings();
    /** @type {[string, number][]} */ this.columns = [];   // (name in lower case, where it starts)
    /** @type {[number, string] | null} */ this.held = null;   // column names, if the next line is dashes
    /** @type {Map<string, string> | null} */ this.record = null;   // the Format-List object being read
    this.recordLine = 0;
    this.last = "";   // its property last read, which a wrapped line continues
  }

  /** @param {number} number @param {string} text */
  line(number, text) {
    if (this.held !== null) {
      const [heldNumber, held] = this.held;
      this.held = null;
      if (DASHES.test(strip(text))) {
        const starts = [...text.matchAll(/-+/g)].map((found) => /** @type {number} */ (found.index));
        this.columns = starts.map((start, index) => [strip(held.slice(start, starts[index + 1])).toLowerCase(), start]);
        return;
      }
      this.file.reject(heldNumber, "column names without the line of dashes under them");
    }
    const stripped = strip(text);
    if (!stripped || stripped.toUpperCase().startsWith("WARNING:") || LISTING_COMMAND.test(stripped)) {
      this.close();
      return;
    }
    if (text.length && strip(text[0]) === "") {
      if (this.record !== null && this.last) {   // a long value wrapped (Format-List)
        this.record.set(this.last, this.record.get(this.last) + stripped);
        return;
      }
    } else {
      const found = LIST_PROPERTY.exec(text);
      if (found) {
        const name = found[1].toLowerCase();
        if (this.record !== null && this.record.has(name)) this.close();
        if (this.record === null) {
          this.record = new Map();
          this.recordLine = number;
        }
        this.record.set(name, detached(strip(found[2])));
        this.last = name;
        return;
      }
      if (COLUMN_NAMES.test(stripped)) {
        this.close();
        this.held = [number, detached(text)];
        return;
      }
    }
    this.close();
    if (!this.columns.length) {
      this.file.reject(number, "not a line of a Get-Queue or Get-Message listing");
      return;
    }
    /** @type {Map<string, string>} */
    const values = new Map();
    this.columns.forEach(([name, start], index) => {
      values.set(name, strip(slice(text, start, this.columns[index + 1]?.[1])));
    });
    this.read(number, values);
  }

  close() {
    if (this.record === null) return;
    const record = this.record;
    this.record = null;
    this.last = "";
    this.read(this.recordLine, record);
  }

  finish() {
    if (this.held !== null) {
      this.file.reject(this.held[0], "column names without the line of dashes under them");
      this.held = null;
    }
    this.close();
  }

  /** One queue or message, by the properties it has. @param {number} number @param {Map<string, string>} values */
  read(number, values) {
    const identity = values.get("identity") || "";
    const has = (/** @type {string[]} */ names) => names.some((name) => values.has(name));
    if (!identity) {
      this.file.reject(number, "a row or object without an Identity (a value wrapped onto a line of its own?)");
      return;
    }
    if (has(["deliverytype", "nexthopdomain", "messagecount"])) {
      const count = values.get("messagecount") || "";
      if (!/^[0-9]{1,9}$/.test(count)) {
        this.file.reject(number, "its MessageCount is not a number");
        return;
      }
      const category = (values.get("nexthopcategory") || "").toLowerCase();
      const delivery = (values.get("deliverytype") || "").toLowerCase();
      const cut = delivery.endsWith("...") ? delivery.slice(0, -3) : "";   // a table cut the value: 'dnsconnec...'
      const outside = category ? category === "external"
        : OUTSIDE_DELIVERY.includes(delivery) || (cut.length >= 3 && OUTSIDE_DELIVERY.some((t) => t.startsWith(cut)));
      if (!this.listings.queue(identity, values.get("nexthopdomain") || "", Number(count), values.get("status") || "",
                               outside)) {
        this.file.reject(number, `more than ${grouped(LISTED_QUEUES_MAX)} queues listed: this one is not counted`);
        return;
      }
    } else if (has(["fromaddress", "messagesourcename", "subject", "queue"])) {
      this.listings.message(identity, values.get("messagesourcename") ?? null, values.get("queue") || "");
    } else {
      this.file.reject(number, "neither a queue (no DeliveryType, NextHopDomain or MessageCount) nor a message "
        + "(no FromAddress, MessageSourceName, Subject or Queue)");
      return;
    }
    this.file.records++;
  }
}
