/* The Clients page: every client with platform, progress per checklist, last change and next open item; the values
 * of one client; export and import (transfer.js); progress kept for retired items; unreadable data kept in storage.
 * mount(root) starts it on [data-dashboard]. */
(function (sbskb) {
  "use strict";

  var store = sbskb.storage;
  var clients = sbskb.clients;
  var dom = sbskb.dom;
  var element = dom.element;

  function Dashboard(root, data) {
    this.root = root;
    this.catalog = data;
    this.platformNames = {};
    var self = this;
    data.platforms.forEach(function (p) { self.platformNames[p.id] = p.name; });
    this.itemIds = {};
    data.checklists.forEach(function (c) {
      c.items.forEach(function (item) {
        self.itemIds[item.id] = true;
        item.replaces.forEach(function (old) { self.itemIds[old] = true; });
      });
    });
  }

  var PAGE_SIZE = 50;   // rows shown at once: the table of 1,000 clients renders in milliseconds, not seconds
  var collator = typeof Intl !== "undefined" ? new Intl.Collator(undefined, { numeric: true, sensitivity: "base" })
    : { compare: function (a, b) { return a < b ? -1 : a > b ? 1 : 0; } };
  // Sort orders: each compares two client summaries; ties fall back to the name.
  var SORTS = {
    name: function () { return 0; },
    platform: function (a, b) { return a.platformOrder - b.platformOrder; },
    progress: function (a, b) { return a.settled / a.total - b.settled / b.total; },
    // Change times are ISO text in UTC (clients.latestChange compares them the same way); never changed: last.
    changed: function (a, b) { var x = a.latest || "", y = b.latest || ""; return x < y ? 1 : x > y ? -1 : 0; }
  };

  /* Everything the table shows of one client, computed once per render so that sorting and filtering are cheap. */
  Dashboard.prototype.summarize = function (client, platformOrder) {
    var state = clients.state(client.id);
    var summary = clients.progress(state, this.catalog.checklists);   // settled, total, percent, checklists, next
    summary.client = client;
    summary.state = state;
    summary.platformOrder = sbskb.hasOwn(platformOrder, client.platform) ? platformOrder[client.platform] : 1e6;
    summary.latest = clients.latestChange(state);
    summary.key = client.name.toLowerCase();
    var exported = store.readKey("exported." + client.id);
    summary.remind = !!summary.latest && (!exported || exported < summary.latest);
    return summary;
  };

  Dashboard.prototype.render = function () {
    var started = Date.now();
    if (window.performance && performance.now) started = performance.now();
    var self = this;
    var list = clients.list();
    dom.showUndo(this.root.querySelector("[data-undo]"), function () { self.render(); });
    var platformOrder = {};
    this.catalog.platforms.forEach(function (p, index) { platformOrder[p.id] = index; });
    this.root.querySelector("[data-dashboard-empty]").hidden = list.length > 0;
    this.root.querySelector("[data-dashboard-tools]").hidden = list.length === 0;
    var retired = [];
    this.summaries = list.map(function (client) {
      var summary = self.summarize(client, platformOrder);
      Object.keys(summary.state.items).forEach(function (id) {
        if (!self.itemIds[id]) retired.push(client.name + " \u2014 " + clients.retiredLine(id, summary.state.items[id]));
      });
      return summary;
    });
    this.renderRows();
    var retiredBox = this.root.querySelector("[data-retired]");
    var retiredList = retiredBox.querySelector("ul");
    retiredList.textContent = "";
    retired.forEach(function (line) { element("li", line, retiredList); });
    retiredBox.hidden = retired.length === 0;
    this.renderCorrupt();
    this.renderLegacy();
    // For the benchmark (scripts/benchmark.py) and anyone profiling: the table's render, stored clients read.
    try {
      performance.measure("sbskb-clients-render", { start: started, end: performance.now() });
    } catch (error) {
      // A browser without User Timing Level 3 (an options object): the table is drawn, just not measured.
    }
  };

  /* The rows the filter and the sort choose, the first `this.shown` of them, and a line that says how many. */
  Dashboard.prototype.renderRows = function () {
    var self = this;
    var table = this.root.querySelector("[data-dashboard-table]");
    var words = this.root.querySelector("[data-clients-filter]").value.toLowerCase().split(/\s+/).filter(Boolean);
    var order = SORTS[this.root.querySelector("[data-clients-sort]").value] || SORTS.name;
    var chosen = this.summaries.filter(function (summary) {
      return words.every(function (word) { return summary.key.indexOf(word) >= 0; });
    }).sort(function (a, b) { return order(a, b) || collator.compare(a.client.name, b.client.name); });
    var body = table.querySelector("tbody");
    body.textContent = "";
    chosen.slice(0, this.shown).forEach(function (summary) { body.appendChild(self.row(summary)); });
    table.hidden = chosen.length === 0;
    var shown = Math.min(this.shown, chosen.length);
    var all = this.summaries.length;
    function clientsText(count) { return count + (count === 1 ? " client" : " clients"); }
    var line;
    if (chosen.length === all) line = shown === all ? clientsText(all) + "." : "Showing " + shown + " of " + all + " clients.";
    else if (!chosen.length) line = "No client's name contains that (" + clientsText(all) + " in all).";
    else line = (shown < chosen.length ? "Showing " + shown + " of " : "") + chosen.length + " matching " +
      (chosen.length === 1 ? "client" : "clients") + " (" + all + " in all).";
    var count = this.root.querySelector("[data-clients-count]");
    if (count.textContent !== line) count.textContent = line;   // a live region: said only when it changes
    var more = this.root.querySelector("[data-clients-more]");
    more.hidden = shown >= chosen.length;
    more.textContent = "Show " + Math.min(PAGE_SIZE, chosen.length - shown) + " more";
  };

  /* An older copy of the site (an offline folder, say) that still writes the first release's localStorage keys: its
     changes are offered for merge, checked and merged as an imported file is, never ignored. */
  Dashboard.prototype.renderLegacy = function () {
    var box = this.root.querySelector("[data-legacy]");
    var old = store.legacy();
    var data = old ? sbskb.transfer.legacyExport(old, store.movedAt()) : null;
    box.hidden = !old;
    if (!old) return;
    if (!data) {
      box.querySelector("[data-legacy-text]").textContent = "An older copy of this site left data in this browser's " +
        "older storage that names no client. Download it to keep it, then set it aside.";
      return;
    }
    box.querySelector("[data-legacy-text]").textContent = "An older copy of this site (an offline folder opened " +
      "from a file, for example) saved changes for " + data.clients.length + " client(s) in this browser's older " +
      "storage after the clients moved to its database: " + data.clients.map(function (c) { return c.name.value; })
      .join(", ") + ". Merge them in: the newest change of each field wins, and nothing newer here is lost.";
  };

  /* One client's row (a card on a narrow screen): platform, progress overall and per checklist, last change with the
     export reminder, next open item, actions. Each cell names its column for the card layout (data-label). */
  Dashboard.prototype.row = function (summary) {
    var self = this;
    var client = summary.client;
    var row = document.createElement("tr");
    row.dataset.client = client.id;
    row.setAttribute("role", "row");   // explicit roles: see render_dashboard (the card layout)
    function cell(label) {
      var td = element("td", null, row);
      td.dataset.label = label;
      td.setAttribute("role", "cell");
      return td;
    }
    var name = element("th", client.name, row);
    name.setAttribute("scope", "row");
    name.setAttribute("role", "rowheader");
    cell("Platform").textContent = this.platformNames[client.platform] || "not set";
    var progress = cell("Progress");
    element("strong", summary.settled + "/" + summary.total, progress).dataset.overall = "";
    progress.appendChild(document.createTextNode(" (" + summary.percent + " %)"));
    var perChecklist = element("ul", null, progress);
    perChecklist.className = "sbskb-checklist-progress";
    summary.checklists.forEach(function (entry) {
      var line = element("li", entry.checklist.shortTitle + " " + entry.settled + "/" + entry.checklist.items.length,
                         perChecklist);
      line.dataset.checklist = entry.checklist.id;
      line.title = entry.checklist.title;
    });
    var lastCell = cell("Last change");
    lastCell.textContent = summary.latest ? new Date(summary.latest).toLocaleString() : "never";
    if (summary.remind) {
      element("strong", " Changed since the last export", lastCell).className = "sbskb-export-reminder";
    }
    var nextCell = cell("Next open item");
    if (summary.next) {
      // href is written by the build for this page and URL style (served site or offline folder).
      var link = element("a", summary.next.item.title, nextCell);
      link.href = summary.next.checklist.href + "#" + summary.next.item.id;
      link.addEventListener("click", function () { store.writeKey("current", client.id); });
    } else {
      nextCell.textContent = "all settled";
    }
    var actions = cell("Values and export");
    var valuesButton = element("button", "Values", actions);
    valuesButton.type = "button";
    valuesButton.className = "md-button";
    valuesButton.setAttribute("aria-label", "Values of " + client.name);
    valuesButton.addEventListener("click", function () { self.showProfile(client); });
    actions.appendChild(document.createTextNode(" "));
    var exportButton = element("button", "Export", actions);
    exportButton.type = "button";
    exportButton.className = "md-button";
    exportButton.setAttribute("aria-label", "Export " + client.name);
    exportButton.addEventListener("click", function () { self.exportClients([client]); });
    return row;
  };

  /* Every parameter of the catalog for one client, validated as on the checklist pages. */
  Dashboard.prototype.showProfile = function (client) {
    var box = this.root.querySelector("[data-profile]");
    var fields = box.querySelector("[data-profile-fields]");
    box.querySelector("[data-profile-title]").textContent = "Values for " + client.name;
    fields.textContent = "";
    var state = clients.state(client.id);
    this.catalog.parameters.forEach(function (spec) {
      var id = "profile-" + spec.name;
      var wrap = element("div", null, fields);
      wrap.className = "sbskb-param";
      element("label", spec.label, wrap).htmlFor = id;
      var input = element("input", null, wrap);
      input.id = id;
      input.type = "text";
      input.dataset.param = spec.name;
      input.setAttribute("aria-describedby", id + "-help " + id + "-error");
      input.value = sbskb.hasOwn(state.values, spec.name) ? state.values[spec.name] : spec.default;
      var help = element("p", spec.help, wrap);
      help.id = id + "-help";
      help.className = "sbskb-help";
      var error = element("p", "", wrap);
      error.id = id + "-error";
      error.className = "sbskb-error";
      var stored = sbskb.refusedValue(spec, state.values, spec.name);
      if (stored) {   // e.g. a value from an older, wider range: kept as it is, used by no command
        input.setAttribute("aria-invalid", "true");
        error.textContent = "Not used: " + stored.message + ". This client's stored value is kept, but no command " +
          "is made from it until you enter a valid value.";
      }
      input.addEventListener("input", function () {
        var result = sbskb.validateValue(spec, input.value);
        if (!result.ok) {
          input.setAttribute("aria-invalid", "true");
          error.textContent = "Not saved: " + result.message + ".";
          return;
        }
        input.removeAttribute("aria-invalid");
        error.textContent = "";
        var latest = clients.state(client.id);
        latest.values[spec.name] = result.value;
        latest.valueChanged[spec.name] = new Date().toISOString();
        store.writeKey("client." + client.id, latest);
      });
    });
    this.showBeforeValues(client, fields);
    this.showProbeCommand(client, fields);
    box.hidden = false;
    fields.querySelector("input").focus();
  };

  /* Every setting's value before the change for one client, read and recorded as on the checklist pages. */
  Dashboard.prototype.showBeforeValues = function (client, fields) {
    var self = this;
    var parameters = {};
    this.catalog.parameters.forEach(function (spec) { parameters[spec.name] = spec; });
    element("h3", "Values before the change", fields).id = "client-before-values";
    element("p", "What each setting was on this client's server before you changed it; every revert restores it. " +
            "Type the value or paste the check's output.", fields);
    this.catalog.settings.forEach(function (setting) {
      // The client's platform's settings only, once it is set: another platform's would only confuse.
      if (client.platform && !sbskb.hasOwn(setting.defaults, client.platform)) return;
      var id = "profile-before-" + setting.id;
      var wrap = element("div", null, fields);
      wrap.className = "sbskb-param";
      element("label", setting.label, wrap).htmlFor = id;
      var control;
      if (setting.type === "box") {
        control = element("select", null, wrap);
        [["", "Not recorded"], ["ticked", "Ticked"], ["not ticked", "Not ticked"]].forEach(function (choice) {
          element("option", choice[1], control).value = choice[0];
        });
      } else {
        control = element("input", null, wrap);
        control.type = "text";
        control.placeholder = "not recorded";
      }
      control.id = id;
      control.dataset.beforeProfile = setting.id;
      control.setAttribute("aria-describedby", id + "-error");
      var entry = clients.beforeEntry(clients.state(client.id), setting.id);
      control.value = entry ? entry.value : "";
      var error = element("p", "", wrap);
      error.id = id + "-error";
      error.className = "sbskb-error";
      function record(text) {
        var latest = clients.state(client.id);
        var identity = "";
        if (setting.object && sbskb.hasOwn(latest.values, setting.object) && parameters[setting.object]) {
          var own = sbskb.validateValue(parameters[setting.object], latest.values[setting.object]);
          if (own.ok) identity = own.value;
        }
        var result = sbskb.before.entryFrom(setting, text, identity);
        if (!result.ok) return self.refuseBefore(control, error, result.message, text);
        latest.before[setting.id] = result.entry;
        store.writeKey("client." + client.id, latest);
        control.value = result.entry.value;
        control.removeAttribute("aria-invalid");
        error.textContent = "";
      }
      control.addEventListener("change", function () { record(control.value); });
      control.addEventListener("paste", function (event) {
        var text = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
        if (!/[\r\n\u2028\u2029]/.test(text)) return;
        event.preventDefault();
        record(text);
      });
    });
  };

  /* The SMTP probe's command for this client, with its id, so that its --export file imports into this client. Only
     once the client has its own valid mail domain and known address: a command probing example.com helps nobody.
     Each value is quoted for a POSIX shell; --client-name= keeps a name that starts with "-" an argument. */
  Dashboard.prototype.showProbeCommand = function (client, fields) {
    var specs = {};
    this.catalog.parameters.forEach(function (spec) {
      if (spec.name === "mail_domain" || spec.name === "known_address") specs[spec.name] = spec;
    });
    if (!specs.mail_domain || !specs.known_address) return;
    element("h3", "Outside test with the SMTP probe", fields).id = "client-probe-command";
    var line = element("p", "This client's id is ", fields);
    element("code", client.id, line).dataset.clientId = "";
    line.appendChild(document.createTextNode(". Run the command below from a computer outside the client's network, " +
      "then import the file it writes here: the outside-test item gets the evidence beside its note."));
    var missing = element("p", "", fields);
    var code = element("code", "", element("pre", null, fields));
    code.dataset.probeCommand = "";
    code.tabIndex = 0;   // reachable by keyboard should it still scroll on a narrow screen (axe scrollable-region)
    var quote = sbskb.filters.sh_quote;
    function update() {
      var own = clients.state(client.id).values;
      var valid = {};
      Object.keys(specs).forEach(function (name) {
        var result = sbskb.hasOwn(own, name) ? sbskb.validateValue(specs[name], own[name]) : { ok: false };
        if (result.ok) valid[name] = result.value;
      });
      var ready = sbskb.hasOwn(valid, "mail_domain") && sbskb.hasOwn(valid, "known_address");
      missing.textContent = ready ? "" : "Enter this client's " + specs.mail_domain.label.toLowerCase() + " and " +
        specs.known_address.label.toLowerCase() + " above: the command appears here.";
      missing.hidden = ready;
      code.parentNode.hidden = !ready;
      code.textContent = !ready ? "" : "python3 probe.py " + quote(valid.mail_domain) + " --domain " +
        quote(valid.mail_domain) + " --known " + quote(valid.known_address) + " --export " +
        quote("probe-" + client.id + ".json") + " --client-id " + client.id + " --client-name=" + quote(client.name);
    }
    update();
    if (this.probeCommandUpdate) fields.removeEventListener("input", this.probeCommandUpdate);
    this.probeCommandUpdate = update;   // the panel is rebuilt for each client: one listener, the current one
    fields.addEventListener("input", update);
  };

  Dashboard.prototype.refuseBefore = function (control, error, message, text) {
    // What was typed or pasted stays in the field, with why it was not recorded.
    if (text !== undefined && control.tagName !== "SELECT") control.value = text;
    control.setAttribute("aria-invalid", "true");
    error.textContent = "Not recorded: " + message + ".";
  };

  /* Copies of unreadable values (storage.js readKey), each offered for download as it was found. */
  Dashboard.prototype.renderCorrupt = function () {
    var box = this.root.querySelector("[data-corrupt]");
    var list = box.querySelector("ul");
    list.textContent = "";
    var prefix = store.PREFIX;
    var keys = Object.keys(store.snapshot() || {}).filter(function (key) { return key.indexOf(prefix + "corrupt.") === 0; });
    keys.forEach(function (key) {
      var li = element("li", key.slice(prefix.length) + " ", list);
      var button = element("button", "Download this copy", li);
      button.type = "button";
      button.className = "md-button";
      button.setAttribute("aria-label", "Download " + key.slice(prefix.length));
      button.addEventListener("click", function () {
        var raw = store.rawValue(key);
        dom.download(raw === null ? "" : raw, key.replace(/[^A-Za-z0-9.-]+/g, "-") + ".txt", "text/plain");
      });
    });
    box.hidden = keys.length === 0;
  };

  Dashboard.prototype.exportClients = function (list) {
    var data = sbskb.transfer.exportClients(list);
    var stamp = data.exported.slice(0, 10);
    var name = list.length === 1 ? "sbskb-" + list[0].name.replace(/[^A-Za-z0-9]+/g, "-") + "-" + stamp + ".json"
                                 : "sbskb-clients-" + stamp + ".json";
    dom.download(JSON.stringify(data, null, 2) + "\n", name, "application/json");
    // One transaction for all: 1,000 separate writes would be 1,000 messages to every other tab.
    var puts = {};
    list.forEach(function (c) { puts["exported." + c.id] = JSON.stringify(data.exported); });
    var self = this;
    store.commit(puts, []).then(function () { self.render(); });
  };

  Dashboard.prototype.wire = function () {
    var self = this;
    var root = this.root;
    this.shown = PAGE_SIZE;
    root.querySelector("[data-clients-filter]").addEventListener("input", function () {
      self.shown = PAGE_SIZE;
      self.renderRows();
    });
    root.querySelector("[data-clients-sort]").addEventListener("change", function () {
      self.shown = PAGE_SIZE;
      self.renderRows();
    });
    root.querySelector("[data-clients-more]").addEventListener("click", function () {
      var before = self.shown;
      self.shown += PAGE_SIZE;
      self.renderRows();
      // The button may now be hidden: keyboard focus goes on to the first of the rows it showed.
      var first = root.querySelectorAll("[data-dashboard-table] tbody tr")[before];
      var header = first && first.querySelector("th");
      if (header) {
        header.tabIndex = -1;
        header.focus();
      }
    });
    var transfer = sbskb.transfer;
    var replaceButton = root.querySelector("[data-import-replace]");
    var preview = root.querySelector("[data-import-preview]");
    var summary = root.querySelector("[data-import-summary]");
    var fileInput = root.querySelector("input[data-import]");
    var pending = null;
    var maxBytes = sbskb.pageVocabulary().limits.importBytes;
    root.querySelector("[data-export]").addEventListener("click", function () { self.exportClients(clients.list()); });
    fileInput.addEventListener("change", function () {
      pending = null;
      preview.hidden = true;
      var file = fileInput.files[0];
      if (!file) return;
      if (file.size > maxBytes) {
        store.say("Import refused: the file is larger than " + maxBytes / 1048576 + " MB. Nothing was changed.");
        return;
      }
      file.text().then(function (text) {
        var data;
        try { data = JSON.parse(text); } catch (error) { store.say("Import refused: the file is not valid JSON. Nothing was changed."); return; }
        var problems = transfer.importProblems(data, Object.keys(self.platformNames));
        if (problems.length) { store.say("Import refused, nothing was changed: " + problems.join("; ")); return; }
        var plan = transfer.mergePlan(data);
        pending = data;
        store.say("");
        summary.textContent = "The file holds " + data.clients.length + " client(s): " + plan.added + " new, " +
          plan.updated + " already here with " + plan.newerItems + " field(s) newer in the file (names, platforms, " +
          "values, values before a change, items). Merge keeps the newest change of each field; Replace removes the " +
          plan.replacedAway + " client(s) here that are not in the file.";
        // Evidence from an outside tool only adds to a client: replacing every client with it would empty them.
        var onlyEvidence = transfer.evidenceOnly(data);
        replaceButton.hidden = onlyEvidence;
        if (onlyEvidence) {
          summary.textContent = "The file holds only outside-test evidence (the SMTP probe's) for " +
            data.clients.length + " client(s), " + plan.added + " of them not here: it can only be merged, beside " +
            "each item's note.";
        }
        var dropped = transfer.evidenceDropped(data);
        if (dropped.length) {
          summary.textContent += " A merge keeps each item's evidence within " +
            sbskb.pageVocabulary().limits.evidence + " characters, so it drops the oldest evidence of " +
            dropped.join(", ") + "; export first to keep a copy.";
        }
        preview.hidden = false;
      });
    });
    function finish(replace) {
      if (!pending) return;
      var data = pending;
      pending = null;
      preview.hidden = true;
      fileInput.value = "";
      transfer.applyImport(data, replace).then(function (ok) {
        store.say(ok ? "Imported." : "Import failed: this browser refused to store it. Nothing was changed.");
        self.render();
      });
    }
    root.querySelector("[data-import-merge]").addEventListener("click", function () { finish(false); });
    root.querySelector("[data-legacy-merge]").addEventListener("click", function () {
      var old = store.legacy();
      var data = old ? sbskb.transfer.legacyExport(old, store.movedAt()) : null;
      if (!data) return;
      var problems = transfer.importProblems(JSON.parse(JSON.stringify(data)), Object.keys(self.platformNames));
      if (problems.length) {
        store.say("Not merged, nothing was changed: " + problems.join("; ") + ". Download the older copy's data " +
                  "to keep it, then set it aside.");
        return;
      }
      transfer.applyImport(data, false).then(function (ok) {
        if (!ok) { store.say("Not merged: this browser refused to store it. Nothing was changed."); return null; }
        return store.retireLegacy().then(function (cleared) {
          store.say(cleared ? "Merged the older copy's changes; its old storage was then cleared."
            : "Merged the older copy's changes, but its old storage could not be cleared: it is offered again.");
          self.render();
        });
      });
    });
    // Data the merge cannot take (from a release without limits, say) is kept by the technician, then set aside.
    root.querySelector("[data-legacy-set-aside]").addEventListener("click", function () {
      var old = store.legacy();
      if (!old) return;
      dom.download(JSON.stringify(old, null, 1) + "\n", "sbskb-older-copy-" + new Date().toISOString().slice(0, 10) +
                   ".json", "application/json");
      store.retireLegacy().then(function (cleared) {
        store.say(cleared ? "The older copy's data was downloaded, then set aside."
          : "The older copy's data was downloaded, but could not be set aside.");
        self.render();
      });
    });
    // Replace asks first, in a dialog naming every client it removes or overwrites and what each holds.
    var dialog = root.querySelector("[data-replace-dialog]");
    replaceButton.addEventListener("click", function () {
      if (!pending) return;
      var losses = transfer.replaceLosses(pending);
      dialog.querySelector("[data-replace-intro]").textContent = losses.length
        ? "This removes or overwrites, in this browser, every one of these " + losses.length + " client(s):"
        : "No client is here yet: nothing is removed.";
      var list = dialog.querySelector("[data-replace-list]");
      list.textContent = "";
      losses.forEach(function (line) { dom.element("li", line, list); });
      dialog.showModal();
      dialog.querySelector("[data-replace-cancel]").focus();
    });
    dialog.querySelector("[data-replace-confirm]").addEventListener("click", function () {
      dialog.close();
      finish(true);
    });
    dialog.querySelector("[data-replace-cancel]").addEventListener("click", function () {
      dialog.close();
      replaceButton.focus();
    });
    root.querySelector("[data-import-cancel]").addEventListener("click", function () {
      pending = null; preview.hidden = true; fileInput.value = ""; store.say("Import cancelled. Nothing was changed.");
    });
  };

  sbskb.dashboard = {
    mount: function (root, data) {
      var dashboard = new Dashboard(root, data);
      dashboard.wire();
      dashboard.load = dashboard.render;
      dashboard.render();
      return dashboard;
    }
  };
})(window.sbskb = window.sbskb || {});
