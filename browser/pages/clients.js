// @ts-check
/* The bundle of the Clients page ([data-dashboard]). */
import { mountClients } from "../dashboard.js";
import { loadTransfer } from "../dashboard-transfer.js";
import { loadRecord } from "../parts.js";
import { announce } from "../start.js";
import { loadTeam } from "../team-part.js";
import { filters } from "../templating.js";

announce("clients", mountClients, {
  filters,
  parts: { record: loadRecord, team: loadTeam, transfer: loadTransfer }   // a part's exports, loaded (parts.js)
});
