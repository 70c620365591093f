// @ts-check
/* The part of the Clients page that connects a team folder and keeps it merged (team-connect.js): loaded only once
 * the technician connects one (dashboard-team.js), so the page's first visit does not fetch it. */
import { handOver } from "../part-link.js";
import { connect, follow, resume, rowExtras } from "../team-connect.js";
import { judgedFiles } from "../team-files.js";

// judgedFiles: for tests, which judge any file a folder may hold (window.sbskbTest.parts.team()).
handOver({ connect, follow, judgedFiles, resume, rowExtras });
