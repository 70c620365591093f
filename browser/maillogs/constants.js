// @ts-check
/* docs/downloads/mail_logs.py's constants, copied: the worker has no page to read a JSON block from, and the CLI is
   one standard-library file. tests/e2e/test_mail_logs_parity.py holds each of them to the Python's. */

export const SCHEMA = "mail-logs-v1.schema.json";
export const REJECTED_SHOWN = 20;          // rejected lines listed per file; the rest are counted
export const EXAMPLES_KEPT = 3;            // example lines kept per finding
export const REMEMBERED_MESSAGES = 100000; // message ids remembered to count each message once
// A Get-Queue / Get-Message listing (Exchange 2007+): what the console prints, Format-Table or Format-List.
export const LISTING = "exchange-queue-listing";
// What a listing may start with, besides a command line or PowerShell's warning: a queue's or a message's property.
export const LISTING_PROPERTIES = ["Identity", "RunspaceId", "DeliveryType", "NextHopDomain", "NextHopCategory",
  "Status", "MessageCount", "LastError", "FromAddress", "Subject", "MessageSourceName", "Queue"];
// Queues to outside hosts: DeliveryType values (learn.microsoft.com/exchange/mail-flow/queues/queue-properties), or
// NextHopCategory External where the listing has it.
export const OUTSIDE_DELIVERY = ["dnsconnectordelivery", "smarthostconnectordelivery"];
export const LISTED_QUEUES_MAX = 10000;    // queues kept from listings; a server has tens
export const TOP_SHOWN = 5;                // domains and queues listed in a figure

// The verdict's thresholds (the site's "Read the mail logs" page, "The verdicts", gives each rule).
export const RECENT_HOURS = 6;
export const BACKSCATTER_PER_HOUR = 10;
export const BACKLOG_MIN = 10;
export const HARVEST_MIN = 10;
export const COMPROMISED_PER_HOUR = 100;
export const RELAY_MIN = 5;
export const TARPIT_MEASURED_MIN = 1.0;

/** verdict -> the checklist that comes next: [site path, title]. @type {Record<string, [string, string]>} */
export const CHECKLISTS = {
  "open-relay": ["checklists/triage/#rule-out-relay", "Triage: rule out an open or authenticated relay"],
  "compromised-account": ["checklists/triage/#rule-out-relay", "Triage: rule out an open or authenticated relay"],
  "backscatter": ["checklists/recipient-filtering/", "Recipient filtering"],
  "queue-backlog": ["checklists/clear-backlog/", "Clear the NDR backlog"],
  "directory-harvest-refused": ["checklists/tarpit/", "SMTP tar pit"],
  "directory-harvest-slowed": ["checklists/monitoring/", "Queue alert and monitoring"],
  "quiet": ["checklists/monitoring/", "Queue alert and monitoring"],
};

/** What rests on a meaning no primary source gives (shown with the figures that use it).
 * @type {Record<string, string>} */
export const UNCONFIRMED = {
  "exchange-2003-ndr-event":
    "Exchange 2003: event 1030 as 'NDR generated' is documented by third parties only (KB 821905's list stops "
    + "below 1000); event 34 'Report generation' is Microsoft's, for the MTA. On 1030 lines the recipient is "
    + "read as the address that failed and the sender as the one the NDR goes to.",
  "exchange-2003-outbound-events":
    "Exchange 2003: events 1020 and 1031 as outbound transfers are documented by third parties only.",
  "dsn-failure-context":
    "Exchange 2007+: source-context 'Failure' on a DSN event marks an NDR in Microsoft's own script; the "
    + "product documentation does not list the values.",
  "iis-time-taken":
    "Exchange 2003 SMTP log: that a tar pit shows in the time-taken of a refused RCPT is not documented.",
  "csv-local-time":
    "Get-MessageTrackingLog export: the command's ToUniversalTime() assumes the cmdlet gives local times.",
};

const TRACKING_2007 = ("date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,"
  + "source,event-id,internal-message-id,message-id,recipient-address,recipient-status,total-bytes,recipient-count,"
  + "related-recipient-address,reference,message-subject,sender-address,return-path,message-info").split(",");
const TRACKING_2010 = [...TRACKING_2007, "directionality", "tenant-id", "original-client-ip", "original-server-ip",
  "custom-data"];
const TRACKING_2013 = [...TRACKING_2010.slice(0, 11), "network-message-id", ...TRACKING_2010.slice(11)];
const TRACKING_2016 = [...TRACKING_2013, "transport-traffic-type", "log-id", "schema-version"];
/** A tracking log's first '#Fields:' list (joined by NUL) -> its format. @type {Map<string, string>} */
export const TRACKING_VERSIONS = new Map([
  [TRACKING_2007.join("\0"), "exchange-2007-tracking"], [TRACKING_2010.join("\0"), "exchange-2010-tracking"],
  [TRACKING_2013.join("\0"), "exchange-2013-tracking"], [TRACKING_2016.join("\0"), "exchange-2016-tracking"],
]);
// Get-MessageTrackingLog names a field without its dashes, and three differently (Microsoft's cmdlet reference).
/** @type {Map<string, string>} */
export const CSV_NAMES = new Map([["timestamp", "date-time"], ["recipients", "recipient-address"],
  ["sender", "sender-address"]]);
/** @type {Map<string, string>} */
export const DASHLESS = new Map(TRACKING_2016.map((name) => [name.split("-").join(""), name]));
