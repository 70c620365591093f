// @ts-check
/* The part of the Clients page that exports, checks an imported file, merges it or replaces with it
 * (transfer.js): loaded on the first export or import (dashboard-transfer.js, dashboard-kept.js). */
import { handOver } from "../part-link.js";
import * as transfer from "../transfer.js";

handOver({ ...transfer });
