/* The printable client report: every item's status, note and date, and for items marked done the read-only check
 * filled with the client's values. The browser half of macros/report.py; mount(root, data) starts it on
 * [data-report]. */
(function (sbskb) {
  "use strict";

  var store = sbskb.storage;
  var clients = sbskb.clients;
  var element = sbskb.dom.element;

  function Report(root, data) {
    this.root = root;
    this.catalog = data;
    this.select = root.querySelector("select[data-client-select]");
    this.technician = root.querySelector("input[data-technician]");
  }

  var TECHNICIAN_KEY = "technician";   // one name per browser: the person printing, not part of any client's data

  function technicianMax() { return sbskb.pageVocabulary().limits.technician; }

  /* The name as the summary prints it: runs of spaces, tabs and line breaks made one space, at most the vocabulary's
     limit. macros/report.py `technician_name`, character for character. */
  function technicianName(text) {
    return text.slice(0, technicianMax()).split(/[ \t\n\r\f\v]+/).filter(Boolean).join(" ");
  }

  /* Today as YYYY-MM-DD in the technician's own time zone: the date printed on the report. */
  function today() {
    var now = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  Report.prototype.load = function () {
    var stored = store.readKey(TECHNICIAN_KEY);
    if (document.activeElement !== this.technician) this.technician.value = typeof stored === "string" ? stored : "";
    var list = clients.list();
    var currentId = list.length ? clients.currentId(list) : null;
    sbskb.dom.fillClientSelect(this.select, list, currentId);
    this.render(currentId);
  };

  Report.prototype.platformName = function (id, field) {
    var name = id;
    this.catalog.platforms.forEach(function (p) { if (p.id === id) name = p[field]; });
    return name;
  };

  Report.prototype.render = function (clientId) {
    var self = this;
    var body = this.root.querySelector("[data-report-body]");
    body.textContent = "";
    var client = clients.list().filter(function (c) { return c.id === clientId; })[0];
    if (!client) { element("p", "No clients yet: open a checklist and choose New client.", body); return; }
    var state = clients.state(client.id);
    element("h2", "Mail server setup report: " + client.name, body);
    var summary = element("dl", null, body);
    summary.className = "sbskb-report-summary";
    summary.dataset.reportSummary = "";
    this.summary(client, state).forEach(function (row) {
      element("dt", row[0], summary);
      element("dd", row[2], summary).dataset.summary = row[1];
    });
    var known = {};
    var settingsOf = {};
    this.catalog.settings.forEach(function (setting) {
      (settingsOf[setting.item] = settingsOf[setting.item] || []).push(setting);
    });
    this.catalog.checklists.forEach(function (checklist) {
      element("h3", checklist.title, body);
      var table = element("table", null, body);
      var headRow = element("tr", null, element("thead", null, table));
      ["Item", "Status", "Note", "Last change"].forEach(function (title) { element("th", title, headRow).scope = "col"; });
      var tbody = element("tbody", null, table);
      var rechecks = [];
      var changes = [];
      checklist.items.forEach(function (item) {
        changes = changes.concat(self.changes(item, settingsOf[item.id] || [], client, state));
        known[item.id] = true;
        item.replaces.forEach(function (old) { known[old] = true; });
        var entry = clients.itemEntry(state, item.id, item.replaces);
        var row = element("tr", null, tbody);
        element("td", item.title, row);
        element("td", clients.statusLabel(entry.status), row);
        element("td", noteCell(entry), row);
        element("td", clients.utcMinute(entry.changed), row);
        if (entry.status !== "done") return;
        var values = sbskb.filledValues(item.parameters, state.values);
        item.checks.forEach(function (check) {
          if (client.platform && check.platforms.indexOf(client.platform) < 0) return;
          var names = check.platforms.map(function (id) { return self.platformName(id, "name"); });
          rechecks.push({ title: item.title, where: names.join(" \u00b7 ") + ", " + check.formatName,
                          text: sbskb.renderTemplate(check.template, values) });
        });
      });
      if (changes.length) {
        var changeTable = element("table", null, body);
        changeTable.dataset.reportChanges = "";   // no class: Material styles tables that have none
        var changeHead = element("tr", null, element("thead", null, changeTable));
        ["Item", "Setting", "Before the change", "After"].forEach(function (title) {
          element("th", title, changeHead).scope = "col";
        });
        var changeBody = element("tbody", null, changeTable);
        changes.forEach(function (change) {
          var row = element("tr", null, changeBody);
          row.dataset.reportChange = change.setting;
          [change.title, change.name, change.before, change.after].forEach(function (text) { element("td", text, row); });
        });
      }
      rechecks.forEach(function (recheck) {
        var line = element("p", "Re-check ", body);
        element("em", recheck.title, line);
        line.appendChild(document.createTextNode(" (" + recheck.where + "):"));
        element("code", recheck.text, element("pre", null, body));
      });
    });
    var retired = Object.keys(state.items).filter(function (id) { return !known[id]; }).sort();
    if (retired.length) {
      element("h3", "Retired items", body);
      var list = element("ul", null, body);
      retired.forEach(function (id) { element("li", clients.retiredLine(id, state.items[id]), list); });
    }
  };

  /* Client, platform, settled of all items with percent (rounded down), date, technician: macros/report.py
     `Summary.rows`, word for word. */
  Report.prototype.summary = function (client, state) {
    var done = clients.progress(state, this.catalog.checklists);
    var technician = technicianName(this.technician.value);
    return [["Client", "client", client.name],
            ["Platform", "platform", client.platform ? this.platformName(client.platform, "fullName") : "not set"],
            ["Progress", "progress", done.settled + " of " + done.total + " items settled (" + done.percent + " %)"],
            ["Report date", "date", today()],
            ["Technician", "technician", technician || "not given"]];
  };

  /* The Note column: the technician's note, then what outside tools proved (macros/report.py `note_cell`). */
  function noteCell(entry) {
    return [entry.note, entry.evidence].filter(function (text) { return text; }).join("\n\n");
  }

  /* A setting nobody recorded whose revert restores Microsoft's default, as chosen: macros/report.py
     `default_restored`. */
  function defaultRestored(value) {
    var shown = value === sbskb.pageVocabulary().before.absent ? "absent: the revert deletes the value" : value;
    return "not recorded; the revert restores Microsoft's default (" + shown + ")";
  }

  /* Before → after for each setting the item changes on the client's platform: macros/report.py `changes`. */
  Report.prototype.changes = function (item, settings, client, state) {
    var values = sbskb.filledValues(item.parameters, state.values);
    var progress = clients.itemEntry(state, item.id, item.replaces);
    var useDefault = progress.revertDefault;
    var refused = sbskb.refusedValues(item.parameters, state.values);
    return settings.filter(function (setting) {
      return !client.platform || sbskb.hasOwn(setting.defaults, client.platform);
    }).map(function (setting) {
      var entry = clients.beforeEntry(state, setting.id);
      var value = entry && entry.value && sbskb.before.canonical(setting, entry.value) === entry.value ? entry.value : "";
      var fallback = client.platform ? setting.defaults[client.platform] : undefined;
      var nothing = !(entry && entry.value);   // a value of the wrong type is not a record, and no default for it
      var before = value || (useDefault && nothing && fallback !== undefined && fallback !== "unconfirmed" &&
                             setting.revertedOn.indexOf(client.platform) >= 0
        ? defaultRestored(fallback) : "no revert: not recorded");
      // The report claims no change that was not made, nor one made from a value nobody set.
      var after = progress.status !== "done" ? "not applied: the item is not done"
        : sbskb.templateNames(setting.applied).some(function (name) { return sbskb.hasOwn(refused, name); })
          ? "not known: this client's stored value is refused" : sbskb.renderTemplate(setting.applied, values);
      return { title: item.title, setting: setting.id, name: setting.property || setting.label,
               before: before, after: after };
    });
  };

  Report.prototype.wire = function () {
    var self = this;
    this.select.addEventListener("change", function () {
      store.writeKey("current", self.select.value);
      self.render(self.select.value);
    });
    this.root.querySelector("[data-report-print]").addEventListener("click", function () { window.print(); });
    // The summary follows each keystroke; the name is stored when the typing pauses or the field is left, not on every
    // keystroke (each write makes every other open tab load again).
    var pending = null;
    function saveName() {
      clearTimeout(pending);
      pending = null;
      store.writeKey(TECHNICIAN_KEY, self.technician.value.slice(0, technicianMax()));
    }
    this.technician.addEventListener("input", function () {
      self.render(self.select.value);
      clearTimeout(pending);
      pending = setTimeout(saveName, 400);
    });
    this.technician.addEventListener("change", saveName);
  };

  sbskb.report = {
    mount: function (root, data) {
      var report = new Report(root, data);
      report.wire();
      report.load();
      return report;
    }
  };
})(window.sbskb = window.sbskb || {});
