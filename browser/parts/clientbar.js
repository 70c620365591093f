// @ts-check
/* The part with the client bar's New, Rename, Duplicate and Delete (clientbar.js `wire`), on the checklist page's
 * store and clients: wired on their first use (checklist-clientbar.js). */
import { wire } from "../clientbar.js";
import { handOver } from "../part-link.js";

handOver({ wire });
