// @ts-check
/* The bundle of the Mail logs page ([data-mail-logs]). */
import { mountMailLogs } from "../maillogs-page.js";
import { csvCell } from "../csv-cell.js";
import { announce } from "../start.js";

announce("maillogs", mountMailLogs, { csvCell });
