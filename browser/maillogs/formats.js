// @ts-check
/* Reads one file's lines into the analysis, as docs/downloads/mail_logs.py's FileReader: finds its format, keeps
   its schema (a '#Fields:' line in mid-file switches it from there on) and passes each record to the reader of its
   format (records.js). */
import { CSV_NAMES, DASHLESS, LISTING, REJECTED_SHOWN, TRACKING_VERSIONS } from "./constants.js";
import { ListingReader, startsListing } from "./listing.js";
import { PythonError } from "./numbers.js";
import {
  exchange2003, iisSmtp, powershellCsv, READ_NAMES, Refused, smtpReceive, smtpSend, tracking,
} from "./records.js";
import { detached, shown, splitWhitespace, strip, stripChars } from "./text.js";
import { Fields, splitFields } from "./values.js";

/** @typedef {import("./analysis.js").Analysis} Analysis */
/** @typedef {import("./records.js").RecordReader} RecordReader */
/** A file's part of the result. @typedef {{ name: string, format: string | null, records: number,
 *   rejected: { line: number, why: string }[], rejected_total: number, skipped?: string }} FileSummary */

/** @type {Record<string, RecordReader>} */
const READERS = { "exchange-2003-tracking": exchange2003, "iis-smtp-w3c": iisSmtp,
                  "exchange-smtp-receive": smtpReceive, "exchange-smtp-send": smtpSend,
                  "powershell-csv": powershellCsv };
/** A Map: the kind is the log's own text ("constructor" must not find Object's). */
const LOG_TYPES = new Map([["message tracking log", "exchange-tracking"],
  ["smtp receive protocol log", "exchange-smtp-receive"], ["smtp send protocol log", "exchange-smtp-send"]]);

/** @param {string} text @param {string} character */
const count = (text, character) => text.split(character).length - 1;

export class FileReader {
  /** @param {Analysis} analysis @param {string} name */
  constructor(analysis, name) {
    this.analysis = analysis;
    this.name = name;
    /** @type {string | null} */ this.format = null;
    /** @type {RecordReader | null} */ this.reader = null;
    this.pendingExchange = false;
    /** @type {Map<string, number>} */ this.fields = new Map();
    /** @type {Record<string, number>} */ this.ix = {};
    this.width = 0;
    this.delimiter = ",";
    this.headerDate = "";   // the IIS log's '#Date:' day, for a record whose fields leave the date out
    this.records = 0;
    /** @type {{ line: number, why: string }[]} */ this.rejected = [];
    this.rejectedTotal = 0;
    /** @type {import("./records.js").File["sessions"]} */ this.sessions = new Map();
    this.csvChecked = false;
    /** @type {string | null} */ this.refusal = null;   // the file refused: nothing more is read
    this.record = new Fields();
    /** @type {ListingReader | null} */ this.listing = null;
  }

  /** @param {number} number @param {string} why */
  reject(number, why) {
    if (this.refusal !== null) return;
    this.rejectedTotal++;
    if (this.rejected.length < REJECTED_SHOWN) this.rejected.push({ line: number, why });
  }

  /** The file's summary once read, with 'skipped' when it could not be read as a log. @returns {FileSummary} */
  summary() {
    const summary = { name: this.name, format: this.format, records: this.records, rejected: this.rejected,
                      rejected_total: this.rejectedTotal };
    if (this.refusal !== null) return { ...summary, records: 0, skipped: this.refusal };
    if (this.format === null) return { ...summary, skipped: "empty, or only header lines" };
    return summary;
  }

  /** @param {string} name */
  setFormat(name) {
    this.format = name;
    this.reader = READERS[name] || tracking;
    if (name === "exchange-smtp-receive" || name === "iis-smtp-w3c") this.analysis.protocolLogsRead = true;
  }

  /** @param {string[]} names */
  schema(names) {
    this.fields = new Map(names.map((name, index) => [name, index]));
    this.ix = Object.fromEntries(READ_NAMES.map((name) => [name, this.fields.get(name) ?? -1]));
    this.width = names.length;
  }

  /** Recognise the format from the file's first line, or refuse the file. @param {string} text */
  firstLine(text) {
    const head = strip(text);
    if (head.startsWith("# Message Tracking Log File")) {
      this.setFormat("exchange-2003-tracking");
    } else if (head.startsWith("#Software: Microsoft Exchange")) {
      this.pendingExchange = true;
    } else if (head.startsWith("#Software: Microsoft Internet Information Services")) {
      this.setFormat("iis-smtp-w3c");
    } else if (head.startsWith("#TYPE")) {
      this.setFormat("powershell-csv");
    } else if (head.toLowerCase().includes("timestamp") && head.toLowerCase().includes("eventid")) {
      this.setFormat("powershell-csv");
      this.csvHeader(head);
    } else if (startsListing(head)) {
      this.setFormat(LISTING);
      this.listing = new ListingReader(this);
    } else {
      throw new Refused(`not a mail log this tool reads (its first line: "${shown(head, 80)}")`);
    }
  }

  /** The export's column row: Get-MessageTrackingLog's names mapped to the tracking log's field names.
   * @param {string} text */
  csvHeader(text) {
    this.delimiter = count(text, ";") > count(text, ",") ? ";" : ",";   // Export-Csv -UseCulture on de-DE
    const names = splitFields(text, this.delimiter).map((name) => strip(name).toLowerCase());
    this.schema(names.map((name) => CSV_NAMES.get(name) || DASHLESS.get(name) || name));
    if (!this.fields.has("date-time") || !this.fields.has("event-id")) {
      throw new Refused("its column row has no Timestamp or no EventId column: not a Get-MessageTrackingLog export");
    }
  }

  /** A '#' line: the schema, or the Exchange header that says which log this is. @param {string} text */
  header(text) {
    if (this.format === "exchange-2003-tracking") {
      if (text.startsWith("# Date")) this.schema(text.split("\t").map((name) => stripChars(name, " #").toLowerCase()));
      return;
    }
    if (this.pendingExchange && text.toLowerCase().startsWith("#log-type:")) {
      const kind = strip(text.slice(text.indexOf(":") + 1)).toLowerCase();
      const name = LOG_TYPES.get(kind);
      if (name === undefined) {
        throw new Refused(`an Exchange log this tool does not read (#Log-Type: ${shown(kind, 60)})`);
      }
      this.setFormat(name);
      this.pendingExchange = false;
      return;
    }
    if (text.startsWith("#Date:") && this.format === "iis-smtp-w3c") {
      this.headerDate = detached(strip(text.slice("#Date:".length)).split(" ")[0]);
    }
    if (text.startsWith("#Fields:")) {
      const raw = strip(text.slice("#Fields:".length));
      const names = this.format === "iis-smtp-w3c" ? splitWhitespace(raw) : raw.split(",").map(strip);
      if (this.pendingExchange) {   // no #Log-Type line: tell by the fields
        this.setFormat(names.includes("event-id") ? "exchange-tracking" : "exchange-smtp-receive");
        this.pendingExchange = false;
      }
      if (this.format === "exchange-tracking") {   // named by its first field list (facts: one list per version)
        this.setFormat(TRACKING_VERSIONS.get(names.join("\0")) || "exchange-tracking");
      }
      this.schema(names.map((name) => name.toLowerCase()));
    }
  }

  /** The file's end: a listing's last object is read. */
  finish() {
    if (this.listing !== null && this.refusal === null) this.listing.finish();
  }

  /** One line of the file (a refusal ends the reading). @param {number} number @param {string} text */
  line(number, text) {
    if (this.refusal !== null) return;
    try {
      this.read(number, text);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      this.refusal = error.message;
    }
  }

  /** @param {number} number @param {string} text */
  read(number, text) {
    if (this.listing !== null) {
      this.listing.line(number, text);
      return;
    }
    if (this.format === null && !this.pendingExchange) {
      if (!strip(text)) return;
      this.firstLine(text);
      const listing = /** @type {ListingReader | null} */ (this.listing);   // set by firstLine
      if (listing !== null) {
        listing.line(number, text);
        return;
      }
      if (this.format === "powershell-csv" && this.fields.size) return;
    }
    if (text.startsWith("#")) {
      this.header(text);
      return;
    }
    if (!strip(text)) return;
    if (this.format === "powershell-csv" && !this.fields.size) {
      this.csvHeader(text);
      return;
    }
    if (!this.fields.size || this.reader === null) {
      this.reject(number, "a record before the line that names the columns");
      return;
    }
    const fields = this.record;
    if (this.format === "iis-smtp-w3c") fields.read(text, " ", null);
    else if (this.format === "exchange-2003-tracking") fields.read(text, "\t", null);
    else fields.read(text, this.delimiter, '"');
    if (fields.count < this.width) {
      this.reject(number, `${fields.count} fields where the column line names ${this.width}`);
      return;
    }
    let why;
    try {
      why = this.reader(this, fields, [this.name, number, text]);
    } catch (error) {   // a last guard: a line, not a traceback (what Python would raise, never a bug of this code)
      if (!(error instanceof PythonError)) throw error;
      why = `could not be read (${error.type})`;
    }
    if (why) this.reject(number, why);
    else this.records++;
  }
}
