// @ts-check
/* The bundle of the client report page ([data-report]). */
import { mountReport } from "../report.js";
import { announce } from "../start.js";

announce("report", mountReport, {});
