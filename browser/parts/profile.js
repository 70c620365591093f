// @ts-check
/* The part of the Clients page that shows one client's values (dashboard-profile.js): its platform's parameters and
 * values before the change, and the SMTP probe's command with its copy button; loaded the first time Values is
 * pressed, so the page's first visit fetches only the table. */
import { ClientProfile } from "../dashboard-profile.js";
import { handOver } from "../part-link.js";

handOver({ ClientProfile });
