// @ts-check
/* The part that moves the first release's localStorage into the database, and offers what an older offline copy
 * wrote there for merge (storage-migration.js): loaded only in a browser that has such keys (storage.js). */
import { handOver } from "../part-link.js";
import { legacy, migrate, movedAt, retireLegacy } from "../storage-migration.js";

handOver({ legacy, migrate, movedAt, retireLegacy });
