// @ts-check
/* The bundle of the Clients page ([data-dashboard]). */
import { mountClients } from "../dashboard.js";
import { loadTransfer } from "../dashboard-transfer.js";
import { loadRecord } from "../parts.js";
import { announce } from "../start.js";
import { filters } from "../templating.js";

announce("clients", mountClients, {
  filters,
  parts: { record: loadRecord, transfer: loadTransfer }   // a part's exports, loaded (parts.js)
});
