// @ts-check
/* Each format's reader of one record, as docs/downloads/mail_logs.py's FileReader methods: the record's fields
   (split by the file's format) into the analysis; a reason when the record cannot be read, else null. */
import { domainsKey, increment } from "./analysis.js";
import { codePointEnd, detached, PY_SPACE, shown, strip } from "./text.js";
import { domainOf, hour2003, hourKey, isInternal, isoHour, isoMoment, members, secondsBetween } from "./values.js";

/** @typedef {import("./analysis.js").Analysis} Analysis */
/** @typedef {import("./analysis.js").Where} Where */
/** @typedef {import("./values.js").Moment} Moment */
/** An SMTP session of a protocol log: signed in, its MAIL FROM, its commands waiting for their replies (verb,
 * address, when), its client's address. @typedef {{ auth: boolean, from: string, waiting: [string, string, Moment][],
 *   client: string }} Session */
/** A record's fields by name: the index of each name the readers use in the file's schema, -1 when it lacks it.
 * @typedef {Record<string, number>} Indexes */
/** What a reader needs of its file. @typedef {{ analysis: Analysis, name: string, ix: Indexes,
 *   csvChecked: boolean, headerDate: string,
 *   sessions: Map<string, Session> }} File */
/** @typedef {import("./values.js").Fields} Fields */
/** @typedef {(file: File, fields: Fields, where: Where) => string | null} RecordReader */

/** The names the readers read. */
export const READ_NAMES = ["date-time", "event-id", "message-id", "internal-message-id", "source", "return-path",
  "recipient-address", "source-context", "sender-address", "recipient-status", "original-client-ip", "client-ip",
  "directionality", "session-id", "event", "data", "remote-endpoint", "date", "time", "cs-method", "sc-status",
  "cs-uri-query", "time-taken", "msgid", "recipient-report-status", "origination-time"];

/** A whole file refused, with the reason in one sentence. */
export class Refused extends Error {}

const ASCII_DIGITS = /^[0-9]+$/;
const LEADING_ZEROS = /^0+/;
const ADDRESS = new RegExp(`<([^<>${PY_SPACE}]*)>`);

/** A field by its index; a name the schema lacks reads as empty (mail_logs.py appends "" to every record).
 * @param {Fields} fields @param {number} index */
const pick = (fields, index) => (index < 0 ? "" : fields.field(index));

/** Exchange 2003 message tracking (KB 821905, KB 246965). @type {RecordReader} */
export function exchange2003(file, fields, where) {
  const ix = file.ix;
  const hour = hour2003(pick(fields, ix.date), pick(fields, ix.time));
  if (hour === null) return "its Date or Time is not a date and time";
  const event = strip(pick(fields, ix["event-id"]));
  if (!ASCII_DIGITS.test(event)) return "its Event-ID is not a number";
  const a = file.analysis;
  a.seenHour(hour);
  const messageId = strip(pick(fields, ix.msgid));
  a.message(messageId);
  const recipient = strip(pick(fields, ix["recipient-address"]));
  const sender = strip(pick(fields, ix["sender-address"]));
  const eventId = Number(event);
  if (eventId === 1030 || (eventId === 34 && strip(pick(fields, ix["recipient-report-status"])) === "1")) {
    a.usedUnconfirmed.add("exchange-2003-ndr-event");
    a.ndrGenerated(messageId, hour, [sender], recipient.includes("@") ? [recipient] : [], where);
  } else if (eventId === 1020 || eventId === 1031) {   // outbound transfer (third-party meanings)
    a.usedUnconfirmed.add("exchange-2003-outbound-events");
    const isNdr = sender === "<>" || sender === "" || sender.toLowerCase().startsWith("postmaster@");
    if (isNdr && sender.includes("@")) increment(a.postmasterDomains, domainOf(sender));
    let made = null;
    if (isNdr) {   // when the NDR was made: its Origination-Time ('2003-8-12 0:58:14 GMT'), else unknown
      const origin = strip(pick(fields, ix["origination-time"]));
      const space = origin.indexOf(" ");
      made = (space >= 0 ? hour2003(origin.slice(0, space), origin.slice(space + 1)) : null) || "";
    }
    a.sentOut(messageId, hour, [recipient], made, where);
  } else if (eventId === 1019 && !isInternal(pick(fields, ix["client-ip"])) && sender !== "<>" && sender !== "") {
    a.fromOutside(sender, [recipient], where, false);
    a.fromInside(sender, hour, [recipient]);
  } else if (eventId === 1027) {   // submitted from the Store: a user of the server
    a.fromInside(sender, hour, [recipient]);
  }
  return null;
}

/** Exchange 2007+ message tracking. @type {RecordReader} */
export function tracking(file, fields, where) {
  const hour = isoHour(pick(fields, file.ix["date-time"]));
  if (hour === null) return "its date-time is not a UTC ISO 8601 time";
  return trackingRecord(file, fields, hour, where);
}

/** @param {File} file @param {Fields} fields @param {string} hour @param {Where} where */
function trackingRecord(file, fields, hour, where) {
  const ix = file.ix;
  const a = file.analysis;
  a.seenHour(hour);
  const event = strip(pick(fields, ix["event-id"])).toUpperCase();
  const messageId = strip(pick(fields, ix["message-id"])) || strip(pick(fields, ix["internal-message-id"]));
  a.message(messageId);
  const source = strip(pick(fields, ix.source)).toUpperCase();
  const returnPath = strip(pick(fields, ix["return-path"]));
  const recipients = members(pick(fields, ix["recipient-address"]));
  if (event === "DSN") {
    if (strip(pick(fields, ix["source-context"])).toLowerCase() === "failure") {
      a.usedUnconfirmed.add("dsn-failure-context");
      const sender = strip(pick(fields, ix["sender-address"]));
      if (sender.toLowerCase().startsWith("postmaster@")) increment(a.postmasterDomains, domainOf(sender));
      a.ndrGenerated(messageId, hour, recipients, [], where);
    }
  } else if (event === "FAIL") {
    const status = pick(fields, ix["recipient-status"]);
    if (returnPath === "<>") {   // an NDR that could not be delivered (QUEUE.Expired: the backlog expiring)
      a.ndrPending(hour, a.ndrMade.get(messageId) || "", domainsKey(recipients), where);
    } else if (status.includes("RecipNotFound") || status.includes("5.1.1")) {
      for (const address of recipients) a.refused(hour, address, where, false);
    }
  } else if (event === "DEFER" && returnPath === "<>") {
    a.ndrPending(hour, a.ndrMade.get(messageId) || "", domainsKey(recipients), where);
  } else if (event === "SEND" && source === "SMTP") {
    a.sentOut(messageId, hour, recipients, returnPath === "<>" ? a.ndrMade.get(messageId) || "" : null, where);
  } else if (event === "RECEIVE" && source !== "DSN") {
    const client = strip(pick(fields, ix["original-client-ip"])) || strip(pick(fields, ix["client-ip"]));
    const direction = strip(pick(fields, ix.directionality)).toLowerCase();   // 2010 and later; empty on 2007
    const sender = returnPath && returnPath !== "<>" ? returnPath : strip(pick(fields, ix["sender-address"]));
    if (source === "STOREDRIVER" || direction === "originating") {
      a.fromInside(sender, hour, recipients);
    } else if (source === "SMTP" && !isInternal(client) && returnPath !== "<>") {
      a.fromOutside(sender, recipients, where, direction === "incoming");
      if (!direction) a.fromInside(sender, hour, recipients);   // 2007: signed in or not, the log does not say
    }
  }
  return null;
}

/** Get-MessageTrackingLog exports (the site's command: UTC 'u' times, recipients joined with ';').
 * @type {RecordReader} */
export function powershellCsv(file, fields, where) {
  const stamp = pick(fields, file.ix["date-time"]);
  const moment = isoMoment(stamp);
  if (!file.csvChecked) {
    file.csvChecked = true;
    if (moment === null) {
      throw new Refused(`its Timestamp "${shown(stamp, 40)}" is not a UTC ISO time: a local, culture-dependent `
        + "date, where the month and the day cannot be told apart and the time zone is unknown; export again with "
        + "the command on the \"Read the mail logs\" page");
    }
    if (pick(fields, file.ix["recipient-address"]).includes("System.String[]")) {
      throw new Refused("its Recipients column holds \"System.String[]\": the recipients were not joined; export "
        + "again with the command on the \"Read the mail logs\" page");
    }
    file.analysis.usedUnconfirmed.add("csv-local-time");
  }
  if (moment === null) return "its Timestamp is not a UTC ISO time";
  return trackingRecord(file, fields, hourKey(moment.seconds), where);
}

/** Exchange 2007+ SMTP Receive protocol log: a session's commands ('<') wait in order for their replies ('>'), so
 * pipelined RCPTs pair up too. @type {RecordReader} */
export function smtpReceive(file, fields, where) {
  const ix = file.ix;
  const moment = isoMoment(pick(fields, ix["date-time"]));
  if (moment === null) return "its date-time is not a UTC ISO 8601 time";
  const hour = hourKey(moment.seconds);
  const a = file.analysis;
  a.seenHour(hour);
  const sessionId = pick(fields, ix["session-id"]);
  const event = strip(pick(fields, ix.event));
  const data = pick(fields, ix.data);
  if (event === "-") {
    file.sessions.delete(sessionId);
    return null;
  }
  let session = file.sessions.get(sessionId);
  if (!session) file.sessions.set(detached(sessionId), session = { auth: false, from: "", waiting: [], client: "" });
  if (event === "+") {
    const endpoint = pick(fields, ix["remote-endpoint"]);
    const colon = endpoint.lastIndexOf(":");
    session.client = detached(colon < 0 ? endpoint : endpoint.slice(0, colon));
  } else if (event === "<") {
    const verb = data.slice(0, codePointEnd(data, 10)).toUpperCase();
    const found = ADDRESS.exec(data);
    if (verb.startsWith("MAIL FROM:")) session.from = found ? detached(found[1]) : "";
    if (session.waiting.length < 1000) {
      session.waiting.push([detached(verb.split(":")[0].split(" ")[0]), found ? detached(found[1]) : "", moment]);
    }
  } else if (event === ">" && data.slice(codePointEnd(data, 3), codePointEnd(data, 4)) !== "-"
             && session.waiting.length) {   // a final reply line answers one command
    const [verb, address, asked] = /** @type {[string, string, Moment]} */ (session.waiting.shift());
    if (verb === "AUTH" && data.startsWith("235")) {
      session.auth = true;
    } else if (verb === "RCPT" && data.startsWith("550")
               && (data.includes("5.1.1") || data.toLowerCase().includes("unknown"))) {
      a.refused(hour, address, where, true);
      a.tarpitDelay(secondsBetween(moment, asked), file.name);
    } else if (verb === "RCPT" && data.startsWith("250") && !session.auth && !isInternal(session.client)) {
      a.fromOutside(session.from, [address], where, true);
    }
  }
  return null;
}

/** Exchange 2007+ SMTP Send protocol log: only its hours. @type {RecordReader} */
export function smtpSend(file, fields, where) {
  const moment = isoMoment(pick(fields, file.ix["date-time"]));
  if (moment === null) return "its date-time is not a UTC ISO 8601 time";
  file.analysis.seenHour(hourKey(moment.seconds));
  return null;
}

/** Exchange 2003: the IIS SMTP service's W3C log (cc786596; fields by '#Fields:'). @type {RecordReader} */
export function iisSmtp(file, fields, where) {
  const ix = file.ix;
  const date = pick(fields, ix.date) || file.headerDate;
  const moment = isoMoment(`${date}T${pick(fields, ix.time)}Z`);
  if (moment === null) return "its date and time are not a date and time";
  const hour = hourKey(moment.seconds);
  const a = file.analysis;
  a.seenHour(hour);
  if (pick(fields, ix["cs-method"]).toUpperCase() === "RCPT" && pick(fields, ix["sc-status"]) === "550") {
    const found = ADDRESS.exec(pick(fields, ix["cs-uri-query"]).split("+").join(" "));
    if (found) {
      a.refused(hour, found[1], where, true);
      const taken = pick(fields, ix["time-taken"]);
      if (ASCII_DIGITS.test(taken) && taken.replace(LEADING_ZEROS, "").length <= 15) {   // milliseconds: exact
        a.usedUnconfirmed.add("iis-time-taken");
        a.tarpitDelay(Number(taken) / 1000, file.name);
      }
    }
  }
  return null;
}
