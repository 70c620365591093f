// @ts-check
/* The bundle of the client report page ([data-report]). */
import { itemEntry, retiredLine, shownMinute } from "../clients.js";
import { mountReport } from "../report.js";
import { announce } from "../start.js";

// The report lists retired items (retiredLine), as the Clients page does.
announce("report", mountReport, { clients: { itemEntry, shownMinute, retiredLine } });
