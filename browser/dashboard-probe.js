// @ts-check
/* The SMTP probe's command for one client on the Clients page, with the client's id, so that the file its --export
 * writes imports into this client; its copy button copies the command as shown and says what it copied. */
import * as clients from "./clients.js";
import { REFUSED, copyStatusLine, copyText } from "./copy.js";
import { element } from "./dom.js";
import { filters, validateValue } from "./templating.js";
import { hasOwn } from "./vocabulary.js";

/**
 * @typedef {import("./types.js").Client} Client
 * @typedef {import("./dashboard-catalog.js").CatalogParameter} CatalogParameter
 */

/** The parameters the command is made of. */
const PROBE_PARAMETERS = ["mail_domain", "known_address"];

/**
 * The command's section at the end of `fields`, and the function that brings it up to date with the values stored
 * for `client`; null (and no section) when the catalogue has no mail domain or known address to probe.
 * Only once the client has its own valid mail domain and known address: a command probing example.com helps nobody.
 * Each value is quoted for a POSIX shell; --client-name= keeps a name that starts with "-" an argument.
 * @param {HTMLElement} fields @param {Client} client @param {Record<string, CatalogParameter>} parameters
 * @returns {(() => void) | null}
 */
export function showProbeCommand(fields, client, parameters) {
  if (!PROBE_PARAMETERS.every((name) => hasOwn(parameters, name))) return null;
  const domainSpec = parameters.mail_domain;
  const knownSpec = parameters.known_address;
  element("h3", "Outside test with the SMTP probe", fields).id = "client-probe-command";
  const line = element("p", "This client's id is ", fields);
  element("code", client.id, line).dataset.clientId = "";
  line.appendChild(document.createTextNode(". Run the command below from a computer outside the client's network, " +
    "then import the file it writes here: the outside-test item shows it as evidence, above its note."));
  const missing = element("p", "", fields);
  const shown = element("div", null, fields);
  const pre = element("pre", null, shown);
  const code = element("code", "", pre);
  code.dataset.probeCommand = "";
  code.tabIndex = 0;   // reachable by keyboard should it still scroll on a narrow screen (axe scrollable-region)
  const copy = element("button", "Copy the command", shown);
  copy.type = "button";
  copy.className = "md-button";
  copy.dataset.probeCopy = "";
  const status = copyStatusLine(shown);
  copy.addEventListener("click", () => {
    // The command as the screen shows it now: each keystroke in a field above has already redrawn it.
    const text = code.textContent ?? "";
    status.textContent = "Copying\u2026";
    copyText(text).then(() => {
      status.textContent = code.textContent !== text ? "Copied the command as it was when you pressed the button; " +
        "it has changed since: copy it again." : "Copied the command above, as shown: paste it into a terminal on " +
        "a computer outside the client's network.";
    }, () => { status.textContent = REFUSED; });
  });
  const quote = filters.sh_quote;
  return () => {
    const own = clients.state(client.id).values;
    /** @type {Record<string, string>} */
    const valid = {};
    for (const name of PROBE_PARAMETERS) {
      const result = hasOwn(own, name) ? validateValue(parameters[name], own[name]) : null;
      if (result && result.ok) valid[name] = String(result.value);
    }
    const ready = hasOwn(valid, "mail_domain") && hasOwn(valid, "known_address");
    // The fields by their labels, quoted: "Client's mail domain" after "this client's" read "client's client's".
    missing.textContent = ready ? "" : `Fill in \u201c${domainSpec.label}\u201d and \u201c${knownSpec.label}\u201d ` +
      "above: the command appears here.";
    missing.hidden = ready;
    shown.hidden = !ready;
    const text = !ready ? "" : `python3 probe.py ${quote(valid.mail_domain)} --domain ` +
      `${quote(valid.mail_domain)} --known ${quote(valid.known_address)} --export ` +
      `${quote(`probe-${client.id}.json`)} --client-id ${client.id} --client-name=${quote(client.name)}`;
    if (code.textContent === text) return;
    code.textContent = text;
    status.textContent = "";   // it spoke of the command before this one
  };
}
