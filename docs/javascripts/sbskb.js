/* SBS Setup KB: per-client progress and live snippets on checklist pages.
 *
 * The page is rendered by macros/render.py with the parameters' defaults; this script re-renders the same templates
 * with the selected client's values. validateValue and renderTemplate mirror macros/parameters.py `validate` and
 * macros/templating.py `render`; tests/vectors/template-vectors.json holds both to byte-identical results.
 *
 * Storage: localStorage keys starting with "sbskb." only; every access in try/catch; a refused write is shown and the
 * change undone on screen, never silently dropped. Text from storage reaches the DOM only through textContent/value.
 */
(function () {
  "use strict";

  var PREFIX = "sbskb.v1.";
  var PLACEHOLDER = /\{\{ *([a-z][a-z0-9_]*) *\| *([a-z_]+) *\}\}/g;
  var MAX_LENGTH = 253;

  // ---- validation and rendering (mirrors of the Python modules) ----

  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  var FILTERS = {
    decimal: function (value) { return String(parseInt(value, 10)); },
    dword: function (value) {
      var hex = (parseInt(value, 10) >>> 0).toString(16);
      return "00000000".slice(hex.length) + hex;
    },
    timespan: function (value) {
      var seconds = parseInt(value, 10);
      var days = Math.floor(seconds / 86400);
      var rest = seconds % 86400;
      var clock = pad2(Math.floor(rest / 3600)) + ":" + pad2(Math.floor(rest / 60) % 60) + ":" + pad2(rest % 60);
      return days ? days + "." + clock : clock;
    },
    // PowerShell reads all four of these as single quotes; each is doubled inside a single-quoted string.
    ps_quote: function (value) {
      return "'" + String(value).replace(/['\u2018\u2019\u201a\u201b]/g, function (q) { return q + q; }) + "'";
    },
    reg_string: function (value) {
      return '"' + String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
    },
    plain: function (value) { return String(value); }
  };

  function renderTemplate(template, values) {
    return template.replace(PLACEHOLDER, function (_, name, filter) { return FILTERS[filter](values[name]); });
  }

  function durationSeconds(text) {
    var parts = text.split(":");
    return parseInt(parts[0], 10) * 3600 + parseInt(parts[1], 10) * 60 + parseInt(parts[2], 10);
  }

  function clock(seconds) {
    seconds = seconds || 0;
    return pad2(Math.floor(seconds / 3600)) + ":" + pad2(Math.floor(seconds / 60) % 60) + ":" + pad2(seconds % 60);
  }

  /* spec: {type, pattern, expect, min, max}. Returns {ok: true, value} or {ok: false, message}. */
  function validateValue(spec, raw) {
    var text = String(raw).replace(/^[ \t]+|[ \t]+$/g, "");
    if (Array.from(text).length > MAX_LENGTH) return { ok: false, message: "too long: at most " + MAX_LENGTH + " characters" };
    if (/[\x00-\x1f\x7f]/.test(text)) return { ok: false, message: "line breaks and control characters are not allowed" };
    if (text === "") return { ok: false, message: "a value is required" };
    if (!new RegExp("^(?:" + spec.pattern + ")$").test(text)) return { ok: false, message: "expected " + spec.expect };
    var min = spec.min === undefined || spec.min === null ? null : Number(spec.min);
    var max = spec.max === undefined || spec.max === null ? null : Number(spec.max);
    if (spec.type === "integer") {
      var number = parseInt(text, 10);
      if ((min !== null && number < min) || (max !== null && number > max)) {
        return { ok: false, message: "must be from " + min + " to " + max };
      }
      return { ok: true, value: String(number) };
    }
    if (spec.type === "duration") {
      var seconds = durationSeconds(text);
      if ((min !== null && seconds < min) || (max !== null && seconds > max)) {
        return { ok: false, message: "must be from " + clock(min) + " to " + clock(max) };
      }
    }
    return { ok: true, value: text };
  }

  // ---- storage ----

  var status = { element: null };

  function say(message) {
    if (status.element) status.element.textContent = message;
  }

  function readKey(key) {
    var raw;
    try {
      raw = window.localStorage.getItem(PREFIX + key);
    } catch (error) {
      say("This browser does not let the page read its storage, so nothing can be saved here (is storage turned off?).");
      return null;
    }
    if (raw === null) return null;
    try {
      return JSON.parse(raw);
    } catch (error) {
      keepCorruptCopy(key, raw);
      say("Stored data under " + PREFIX + key + " could not be read; a copy was kept and this page starts empty.");
      return null;
    }
  }

  /* Keep what was found before anything overwrites it: one copy per distinct content, however often it is read. */
  function keepCorruptCopy(key, raw) {
    var copyKey = PREFIX + "corrupt." + key;
    var copies = snapshotStorage();
    if (copies === null) return;
    var taken = false;
    for (var name in copies) {
      if (name !== copyKey && name.indexOf(copyKey + ".") !== 0) continue;
      if (copies[name] === raw) return;
      taken = true;
    }
    writeKey("corrupt." + key + (taken ? "." + Date.now() : ""), raw, true);
  }

  function writeKey(key, value, raw) {
    try {
      window.localStorage.setItem(PREFIX + key, raw ? value : JSON.stringify(value));
      return true;
    } catch (error) {
      say("Not saved: this browser refused to store the change (storage full or turned off). " +
          "The change was undone on screen so it does not look saved.");
      return false;
    }
  }

  function newId() {
    return "c" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  }

  function clientList() {
    var list = readKey("clients");
    if (!Array.isArray(list)) return [];
    return list.filter(function (c) { return c && typeof c.id === "string" && typeof c.name === "string"; })
      .map(function (c) { return { id: c.id, name: c.name, platform: typeof c.platform === "string" ? c.platform : "" }; });
  }

  function ensureClients() {
    var list = clientList();
    if (list.length) return list;
    list = [{ id: newId(), name: "Client 1", platform: "" }];
    writeKey("clients", list);
    return list;
  }

  function currentClientId(list) {
    var id = readKey("current");
    for (var i = 0; i < list.length; i++) if (list[i].id === id) return id;
    return list[0].id;
  }

  function clientState(id) {
    var state = readKey("client." + id);
    if (!state || typeof state !== "object") state = {};
    if (!state.values || typeof state.values !== "object") state.values = {};
    if (!state.items || typeof state.items !== "object") state.items = {};
    return state;
  }

  var STATUSES = ["not-started", "done", "not-applicable", "deferred"];

  /* One item's progress, whatever shape it was stored in: {status, note, changed}. Version 1 of the foundation stored
     {done: true|false, changed}; that still reads as "done" / "not started". */
  function itemEntry(state, itemId, replaces) {
    var own = function (id) { return Object.prototype.hasOwnProperty.call(state.items, id) ? state.items[id] : null; };
    var raw = own(itemId);
    // An item that replaces older ids takes over their progress until it has its own.
    for (var i = 0; !raw && replaces && i < replaces.length; i++) raw = own(replaces[i]);
    if (!raw || typeof raw !== "object") return { status: "not-started", note: "", changed: null };
    var status = STATUSES.indexOf(raw.status) >= 0 ? raw.status : raw.done === true ? "done" : "not-started";
    return { status: status, note: typeof raw.note === "string" ? raw.note : "",
             changed: typeof raw.changed === "string" ? raw.changed : null };
  }

  function saveClientList(list) { return writeKey("clients", list); }

  // ---- the page ----

  function specOf(input) {
    var d = input.dataset;
    return { type: d.type, pattern: d.pattern, expect: d.expect, min: d.min, max: d.max, default: d.default };
  }

  function ownValue(state, name) {
    return Object.prototype.hasOwnProperty.call(state.values, name) ? state.values[name] : undefined;
  }

  function Page(root) {
    this.root = root;
    this.select = root.querySelector("select[data-client-select]");
    this.platformSelect = root.querySelector("select[data-client-platform]");
    this.items = root.querySelectorAll("[data-item]");
    this.inputs = root.querySelectorAll("input[data-param]");
    this.snippets = root.querySelectorAll("[data-template]");
    this.progress = root.querySelector("[data-progress]");
    this.specs = {};
    for (var i = 0; i < this.inputs.length; i++) this.specs[this.inputs[i].dataset.param] = specOf(this.inputs[i]);
  }

  Page.prototype.load = function () {
    var list = ensureClients();
    this.clientId = currentClientId(list);
    this.state = clientState(this.clientId);
    this.fillClientPicker(list);
    this.showState();
  };

  Page.prototype.client = function () {
    var list = clientList();
    for (var i = 0; i < list.length; i++) if (list[i].id === this.clientId) return list[i];
    return { id: this.clientId, name: "", platform: "" };
  };

  /* The client <select> of a checklist or report page: names as text, the current client selected. */
  function fillClientSelect(select, list, currentId) {
    select.textContent = "";
    list.forEach(function (client) {
      var option = element("option", client.name, select);
      option.value = client.id;
      option.selected = client.id === currentId;
    });
  }

  Page.prototype.fillClientPicker = function (list) {
    fillClientSelect(this.select, list, this.clientId);
  };

  /* The values snippets use: the client's own valid value, else the default. */
  Page.prototype.values = function () {
    var values = {};
    for (var name in this.specs) {
      var own = ownValue(this.state, name);
      var checked = own === undefined ? null : validateValue(this.specs[name], own);
      values[name] = checked && checked.ok ? checked.value : validateValue(this.specs[name], this.specs[name].default).value;
    }
    return values;
  };

  Page.prototype.showState = function () {
    for (var i = 0; i < this.items.length; i++) this.showItem(this.items[i]);
    for (var j = 0; j < this.inputs.length; j++) {
      var input = this.inputs[j];
      var own = ownValue(this.state, input.dataset.param);
      input.value = own === undefined ? input.dataset.default : own;
      this.markField(input, validateValue(this.specs[input.dataset.param], input.value));
    }
    var platform = this.client().platform || "";
    this.platformSelect.value = platform;
    this.showPlatform(platform);
    this.renderSnippets();
    this.showProgress();
  };

  function replacedIds(itemElement) {
    return itemElement.dataset.replaces ? itemElement.dataset.replaces.split(" ") : [];
  }

  Page.prototype.entryOf = function (itemElement) {
    return itemEntry(this.state, itemElement.dataset.item, replacedIds(itemElement));
  };

  Page.prototype.showItem = function (itemElement) {
    var entry = this.entryOf(itemElement);
    itemElement.dataset.status = entry.status;
    itemElement.querySelector("input[data-done]").checked = entry.status === "done";
    itemElement.querySelector("select[data-status-select]").value = entry.status;
    var note = itemElement.querySelector("[data-note]");
    if (note !== document.activeElement) note.value = entry.note;
    itemElement.querySelector("[data-item-changed]").textContent = entry.changed
      ? "Last change: " + new Date(entry.changed).toLocaleString() : "";
  };

  /* Open, in every item, the tab for the client's platform. */
  Page.prototype.showPlatform = function (platform) {
    if (!platform) return;
    var blocks = this.root.querySelectorAll(".tabbed-block[data-variant]");
    for (var i = 0; i < blocks.length; i++) {
      if ((" " + blocks[i].dataset.variant + " ").indexOf(" " + platform + " ") < 0) continue;
      var set = blocks[i].parentNode.parentNode;
      var index = Array.prototype.indexOf.call(blocks[i].parentNode.children, blocks[i]);
      var radios = set.querySelectorAll(":scope > input[type=radio]");
      if (radios[index] && !radios[index].checked) {
        radios[index].checked = true;
        // Material moves the tab underline on the radio's change event, which setting `checked` does not fire.
        radios[index].dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
  };

  Page.prototype.renderSnippets = function () {
    var values = this.values();
    for (var i = 0; i < this.snippets.length; i++) {
      var code = this.snippets[i].querySelector("code");
      var text = renderTemplate(this.snippets[i].dataset.template, values);
      if (code.textContent !== text) code.textContent = text;
    }
  };

  /* Done and not-applicable items are settled; data-done counts them. */
  Page.prototype.showProgress = function () {
    var settled = 0, notApplicable = 0;
    for (var i = 0; i < this.items.length; i++) {
      var status = this.items[i].dataset.status;
      if (status === "done" || status === "not-applicable") settled++;
      if (status === "not-applicable") notApplicable++;
    }
    var total = this.items.length;
    this.progress.dataset.done = String(settled);
    this.progress.dataset.total = String(total);
    this.progress.querySelector("progress").value = settled;
    this.progress.querySelector("[data-progress-text]").textContent = settled + " of " + total + " done" +
      (notApplicable ? " (" + notApplicable + " not applicable)" : "");
  };

  Page.prototype.markField = function (input, result) {
    var error = input.parentNode.querySelector("[data-param-error]");
    if (result.ok) {
      input.removeAttribute("aria-invalid");
      error.textContent = "";
    } else {
      input.setAttribute("aria-invalid", "true");
      error.textContent = "Not used: " + result.message + ". The commands keep " +
        this.values()[input.dataset.param] + ".";
    }
  };

  Page.prototype.save = function () {
    return writeKey("client." + this.clientId, this.state);
  };

  /* Change one item's status and/or note; refused (and shown) when not-applicable has no reason or storage fails. */
  Page.prototype.changeItem = function (itemElement, status, note) {
    var itemId = itemElement.dataset.item;
    var noteField = itemElement.querySelector("[data-note]");
    var noteError = itemElement.querySelector("[data-note-error]");
    if (status === "not-applicable" && !note.trim()) {
      noteField.setAttribute("aria-invalid", "true");
      noteError.textContent = "Say in the note why this item does not apply, then choose Not applicable again.";
      this.showItem(itemElement);
      noteField.focus();
      return;
    }
    noteField.removeAttribute("aria-invalid");
    noteError.textContent = "";
    // Read-modify-write: another tab may have changed other items of this client since this page loaded.
    this.state = clientState(this.clientId);
    var had = Object.prototype.hasOwnProperty.call(this.state.items, itemId);
    var before = this.state.items[itemId];
    this.state.items[itemId] = { status: status, note: note, changed: new Date().toISOString() };
    if (!this.save()) {
      if (had) this.state.items[itemId] = before; else delete this.state.items[itemId];
    } else {
      say("");
    }
    this.showItem(itemElement);
    this.showProgress();
  };

  Page.prototype.onParameter = function (input) {
    var name = input.dataset.param;
    var result = validateValue(this.specs[name], input.value);
    if (result.ok) {
      this.state = clientState(this.clientId);  // keep what another tab saved meanwhile
      var before = ownValue(this.state, name);
      this.state.values[name] = result.value;
      if (!this.save()) {
        if (before === undefined) delete this.state.values[name]; else this.state.values[name] = before;
      }
    }
    this.markField(input, result);
    for (var i = 0; i < this.inputs.length; i++) {
      var twin = this.inputs[i];
      if (twin !== input && twin.dataset.param === name) {
        twin.value = input.value;
        this.markField(twin, result);
      }
    }
    this.renderSnippets();
  };

  Page.prototype.switchClient = function (id) {
    this.clientId = id;
    writeKey("current", id);
    this.state = clientState(id);
    this.showState();
  };

  Page.prototype.addClient = function (client, state) {
    var list = clientList().concat([client]);
    if (!saveClientList(list)) return false;
    if (state && !writeKey("client." + client.id, state)) return false;
    this.clientId = client.id;
    writeKey("current", client.id);
    this.state = clientState(client.id);
    this.fillClientPicker(list);
    this.showState();
    return true;
  };

  Page.prototype.updateClient = function (patch) {
    var list = clientList();
    for (var i = 0; i < list.length; i++) {
      if (list[i].id !== this.clientId) continue;
      for (var key in patch) list[i][key] = patch[key];
    }
    if (!saveClientList(list)) return false;
    this.fillClientPicker(list);
    return true;
  };

  Page.prototype.deleteClient = function () {
    var id = this.clientId;
    var list = clientList().filter(function (c) { return c.id !== id; });
    if (!saveClientList(list)) return false;
    try { window.localStorage.removeItem(PREFIX + "client." + id); } catch (error) { /* the list no longer names it */ }
    this.load();
    return true;
  };

  Page.prototype.lossSummary = function () {
    var items = 0, notes = 0;
    for (var itemId in this.state.items) {
      var entry = itemEntry(this.state, itemId);
      if (entry.status !== "not-started") items++;
      if (entry.note) notes++;
    }
    var values = Object.keys(this.state.values).length;
    return "Delete \u201c" + this.client().name + "\u201d? This removes, from this browser, its " + items +
      " item status" + (items === 1 ? "" : "es") + ", " + notes + " note" + (notes === 1 ? "" : "s") + " and " +
      values + " value" + (values === 1 ? "" : "s") + ".";
  };

  function togglePanel(button, panel, open) {
    panel.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
  }

  function cleanName(text) {
    return text.replace(/[\x00-\x1f\x7f]/g, " ").trim().slice(0, 100);
  }

  Page.prototype.wire = function () {
    var page = this;
    var root = this.root;
    root.addEventListener("change", function (event) {
      var target = event.target;
      var item = target.closest("[data-item]");
      if (target.matches("input[type=checkbox][data-done]")) {
        page.changeItem(item, target.checked ? "done" : "not-started", page.entryOf(item).note);
      } else if (target.matches("select[data-status-select]")) {
        page.changeItem(item, target.value, item.querySelector("[data-note]").value);
      } else if (target.matches("[data-note]")) {
        page.changeItem(item, page.entryOf(item).status, target.value);
      } else if (target === page.select) {
        page.switchClient(target.value);
      } else if (target === page.platformSelect) {
        if (page.updateClient({ platform: target.value })) page.showPlatform(target.value);
      }
    });
    root.addEventListener("input", function (event) {
      if (event.target.matches("input[data-param]")) page.onParameter(event.target);
    });

    var add = root.querySelector("[data-client-new]");
    var form = root.querySelector("[data-client-form]");
    var rename = root.querySelector("[data-client-rename]");
    var renameForm = root.querySelector("[data-client-rename-form]");
    var del = root.querySelector("[data-client-delete]");
    var confirm = root.querySelector("[data-client-delete-confirm]");
    var panels = [[add, form], [rename, renameForm], [del, confirm]];
    function only(button, panel) {
      var open = panel.hidden;
      panels.forEach(function (pair) { togglePanel(pair[0], pair[1], false); });
      togglePanel(button, panel, open);
      return open;
    }
    add.addEventListener("click", function () {
      if (only(add, form)) form.querySelector("input").focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = cleanName(form.querySelector("input").value);
      if (!name) return;
      if (page.addClient({ id: newId(), name: name, platform: form.querySelector("select").value })) {
        form.reset();
        togglePanel(add, form, false);
        page.select.focus();
      }
    });
    rename.addEventListener("click", function () {
      if (!only(rename, renameForm)) return;
      var field = renameForm.querySelector("input");
      field.value = page.client().name;
      field.focus();
    });
    renameForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = cleanName(renameForm.querySelector("input").value);
      if (name && page.updateClient({ name: name })) {
        togglePanel(rename, renameForm, false);
        page.select.focus();
      }
    });
    root.querySelector("[data-client-duplicate]").addEventListener("click", function () {
      var source = page.client();
      var copy = { values: JSON.parse(JSON.stringify(page.state.values)), items: {} };
      page.addClient({ id: newId(), name: cleanName(source.name + " (copy)"), platform: source.platform || "" }, copy);
    });
    del.addEventListener("click", function () {
      if (!only(del, confirm)) return;
      confirm.querySelector("[data-client-delete-text]").textContent = page.lossSummary();
      confirm.querySelector("[data-client-delete-no]").focus();
    });
    confirm.querySelector("[data-client-delete-yes]").addEventListener("click", function () {
      if (page.deleteClient()) {
        togglePanel(del, confirm, false);
        page.select.focus();
      }
    });
    confirm.querySelector("[data-client-delete-no]").addEventListener("click", function () {
      togglePanel(del, confirm, false);
      del.focus();
    });
  };

  // ---- the clients dashboard, export and import ----

  var EXPORT_FORMAT = "sbskb-progress";
  var MAX_IMPORT_BYTES = 5 * 1024 * 1024;
  var FORBIDDEN_KEYS = ["__proto__", "constructor", "prototype"];
  var CLIENT_ID = /^[a-z0-9]{1,40}$/;
  var VALUE_NAME = /^[a-z][a-z0-9_]*$/;
  var ITEM_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

  function latestChange(state) {
    var latest = null;
    for (var id in state.items) {
      var changed = itemEntry(state, id).changed;
      if (changed && (!latest || changed > latest)) latest = changed;
    }
    return latest;
  }

  function exportClients(clients) {
    return {
      format: EXPORT_FORMAT, version: 1, exported: new Date().toISOString(),
      clients: clients.map(function (client) {
        var state = clientState(client.id);
        return { id: client.id, name: client.name, platform: client.platform || "", values: state.values, items: state.items };
      })
    };
  }

  function download(text, fileName, type) {
    var blob = new Blob([text], { type: type });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  /* Check a parsed import file completely. Returns a list of "where: what" problems (empty when valid). Mirrors
     docs/schemas/progress-v1.schema.json, plus what a schema cannot say: unique client ids, forbidden keys. */
  function importProblems(data, platformIds) {
    var problems = [];
    function problem(where, what) { if (problems.length < 20) problems.push(where + ": " + what); }
    function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }
    function onlyKeys(object, allowed, where) {
      Object.keys(object).forEach(function (key) {
        if (allowed.indexOf(key) < 0) problem(where, "unexpected field \u201c" + key + "\u201d");
      });
    }
    if (!isObject(data)) return ["file: not a JSON object"];
    onlyKeys(data, ["format", "version", "exported", "clients"], "file");
    if (data.format !== EXPORT_FORMAT) problem("format", "expected \u201c" + EXPORT_FORMAT + "\u201d");
    if (data.version !== 1) problem("version", "this site reads version 1 files");
    if (!Array.isArray(data.clients)) return problems.concat(["clients: expected a list"]);
    if (data.clients.length > 1000) problem("clients", "more than 1000 clients");
    var seen = {};
    data.clients.forEach(function (client, index) {
      var where = "clients[" + index + "]";
      if (!isObject(client)) { problem(where, "expected an object"); return; }
      onlyKeys(client, ["id", "name", "platform", "values", "items"], where);
      if (typeof client.id !== "string" || !CLIENT_ID.test(client.id)) problem(where + ".id", "not a client id");
      else if (Object.prototype.hasOwnProperty.call(seen, client.id)) problem(where + ".id", "duplicate client id " + client.id);
      else seen[client.id] = true;
      if (typeof client.name !== "string" || !client.name.trim() || client.name.length > 100) {
        problem(where + ".name", "expected a name of 1 to 100 characters");
      }
      if (client.platform !== undefined && client.platform !== "" && platformIds.indexOf(client.platform) < 0) {
        problem(where + ".platform", "unknown platform");
      }
      if (client.values !== undefined) {
        if (!isObject(client.values)) problem(where + ".values", "expected an object");
        else Object.keys(client.values).forEach(function (name) {
          if (FORBIDDEN_KEYS.indexOf(name) >= 0 || !VALUE_NAME.test(name)) problem(where + ".values", "bad name \u201c" + name + "\u201d");
          else if (typeof client.values[name] !== "string" || client.values[name].length > 253) problem(where + ".values." + name, "expected text of at most 253 characters");
        });
      }
      if (client.items !== undefined) {
        if (!isObject(client.items)) problem(where + ".items", "expected an object");
        else Object.keys(client.items).forEach(function (id) {
          var entry = client.items[id];
          var at = where + ".items." + id;
          if (FORBIDDEN_KEYS.indexOf(id) >= 0 || !ITEM_ID.test(id)) { problem(where + ".items", "bad item id \u201c" + id + "\u201d"); return; }
          if (!isObject(entry)) { problem(at, "expected an object"); return; }
          onlyKeys(entry, ["status", "done", "note", "changed"], at);
          if (entry.status !== undefined && STATUSES.indexOf(entry.status) < 0) problem(at + ".status", "unknown status");
          if (entry.done !== undefined && typeof entry.done !== "boolean") problem(at + ".done", "expected true or false");
          if (entry.note !== undefined && (typeof entry.note !== "string" || entry.note.length > 5000)) problem(at + ".note", "expected text of at most 5000 characters");
          if (entry.changed !== undefined && (typeof entry.changed !== "string" || !ISO_TIME.test(entry.changed))) problem(at + ".changed", "expected a date and time");
        });
      }
    });
    return problems;
  }

  /* The file's items in the current shape, keyed safely. */
  function importedState(client) {
    var state = { values: {}, items: {} };
    Object.keys(client.values || {}).forEach(function (name) { state.values[name] = client.values[name]; });
    Object.keys(client.items || {}).forEach(function (id) { state.items[id] = itemEntry({ items: client.items }, id); });
    return state;
  }

  /* Ids of the file's items that are newer than (or missing from) the stored state: what a merge takes over. */
  function newerInFile(local, incoming) {
    return Object.keys(incoming.items).filter(function (id) {
      var mine = Object.prototype.hasOwnProperty.call(local.items, id) ? itemEntry(local, id) : null;
      return !mine || (incoming.items[id].changed || "") > (mine.changed || "");
    });
  }

  function mergePlan(data) {
    var here = clientList();
    var byId = {};
    here.forEach(function (c) { byId[c.id] = c; });
    var plan = { added: 0, updated: 0, newerItems: 0, replacedAway: 0 };
    data.clients.forEach(function (client) {
      if (!byId[client.id]) { plan.added++; return; }
      plan.updated++;
      plan.newerItems += newerInFile(clientState(client.id), importedState(client)).length;
    });
    var inFile = {};
    data.clients.forEach(function (c) { inFile[c.id] = true; });
    plan.replacedAway = here.filter(function (c) { return !inFile[c.id]; }).length;
    return plan;
  }

  function snapshotStorage() {
    var copy = {};
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key.indexOf(PREFIX) === 0) copy[key] = window.localStorage.getItem(key);
      }
    } catch (error) { return null; }
    return copy;
  }

  function restoreStorage(copy) {
    try {
      Object.keys(snapshotStorage() || {}).forEach(function (key) { if (!(key in copy)) window.localStorage.removeItem(key); });
      Object.keys(copy).forEach(function (key) { window.localStorage.setItem(key, copy[key]); });
    } catch (error) { /* nothing more can be done; the status line says the import failed */ }
  }

  /* Apply a checked import: all of it, or (on a storage failure) none of it. */
  function applyImport(data, replace) {
    var before = snapshotStorage();
    if (before === null) return false;
    var list = replace ? [] : clientList();
    var ok = true;
    if (replace) {
      clientList().forEach(function (c) {
        try { window.localStorage.removeItem(PREFIX + "client." + c.id); } catch (error) { ok = false; }
      });
    }
    data.clients.forEach(function (client) {
      if (!ok) return;
      var incoming = importedState(client);
      var existing = null;
      for (var i = 0; i < list.length; i++) if (list[i].id === client.id) existing = list[i];
      var state = incoming;
      if (existing) {
        state = clientState(client.id);
        newerInFile(state, incoming).forEach(function (id) { state.items[id] = incoming.items[id]; });
        Object.keys(incoming.values).forEach(function (name) {
          if (!Object.prototype.hasOwnProperty.call(state.values, name)) state.values[name] = incoming.values[name];
        });
      } else {
        list.push({ id: client.id, name: client.name.trim(), platform: client.platform || "" });
      }
      ok = writeKey("client." + client.id, state);
    });
    if (ok) ok = saveClientList(list);
    if (!ok) restoreStorage(before);
    return ok;
  }

  function Dashboard(root) {
    this.root = root;
    this.catalog = JSON.parse(root.querySelector("script[data-catalog]").textContent);
    this.platformNames = {};
    var self = this;
    this.catalog.platforms.forEach(function (p) { self.platformNames[p.id] = p.name; });
    this.itemIds = {};
    this.catalog.checklists.forEach(function (c) {
      c.items.forEach(function (item) {
        self.itemIds[item.id] = true;
        item.replaces.forEach(function (old) { self.itemIds[old] = true; });
      });
    });
  }

  Dashboard.prototype.cell = function (row, text, tag) {
    return element(tag || "td", text, row);
  };

  Dashboard.prototype.render = function () {
    var self = this;
    var list = clientList();
    var table = this.root.querySelector("[data-dashboard-table]");
    this.root.querySelector("[data-dashboard-empty]").hidden = list.length > 0;
    table.hidden = list.length === 0;
    var head = table.querySelector("thead");
    var body = table.querySelector("tbody");
    head.textContent = "";
    body.textContent = "";
    var headRow = document.createElement("tr");
    ["Client", "Platform", "Overall"].forEach(function (title) { self.cell(headRow, title, "th").scope = "col"; });
    this.catalog.checklists.forEach(function (checklist) {
      var th = self.cell(headRow, checklist.shortTitle, "th");
      th.scope = "col";
      th.title = checklist.title;
    });
    ["Last change", "Next open item", "Values and export"].forEach(function (title) {
      self.cell(headRow, title, "th").scope = "col";
    });
    head.appendChild(headRow);
    var retired = [];
    list.forEach(function (client) {
      var state = clientState(client.id);
      var row = document.createElement("tr");
      row.dataset.client = client.id;
      self.cell(row, client.name, "th").setAttribute("scope", "row");
      self.cell(row, self.platformNames[client.platform] || "not set");
      var overall = self.cell(row);
      var settledAll = 0, totalAll = 0, next = null;
      self.catalog.checklists.forEach(function (checklist) {
        var settled = 0;
        checklist.items.forEach(function (item) {
          var status = itemEntry(state, item.id, item.replaces).status;
          if (status === "done" || status === "not-applicable") settled++;
          else if (!next) next = { checklist: checklist, item: item };
        });
        settledAll += settled;
        totalAll += checklist.items.length;
        self.cell(row, settled + "/" + checklist.items.length);
      });
      overall.textContent = settledAll + "/" + totalAll;
      var latest = latestChange(state);
      var exported = readKey("exported." + client.id);
      var lastCell = self.cell(row, latest ? new Date(latest).toLocaleString() : "never");
      if (latest && (!exported || exported < latest)) {
        var reminder = document.createElement("strong");
        reminder.className = "sbskb-export-reminder";
        reminder.textContent = " Changed since the last export";
        lastCell.appendChild(reminder);
      }
      var nextCell = self.cell(row);
      if (next) {
        var link = document.createElement("a");
        // href is written by the build for this page and URL style (served site or offline folder).
        link.href = next.checklist.href + "#" + next.item.id;
        link.textContent = next.item.title;
        link.addEventListener("click", function () { writeKey("current", client.id); });
        nextCell.appendChild(link);
      } else {
        nextCell.textContent = "all settled";
      }
      var valuesButton = element("button", "Values", null);
      valuesButton.type = "button";
      valuesButton.className = "md-button";
      valuesButton.setAttribute("aria-label", "Values of " + client.name);
      valuesButton.addEventListener("click", function () { self.showProfile(client); });
      var exportButton = document.createElement("button");
      exportButton.type = "button";
      exportButton.className = "md-button";
      exportButton.textContent = "Export";
      exportButton.setAttribute("aria-label", "Export " + client.name);
      exportButton.addEventListener("click", function () { self.exportClients([client]); });
      var actions = self.cell(row);
      actions.appendChild(valuesButton);
      actions.appendChild(document.createTextNode(" "));
      actions.appendChild(exportButton);
      body.appendChild(row);
      Object.keys(state.items).forEach(function (id) {
        if (!self.itemIds[id]) retired.push({ client: client.name, id: id, entry: itemEntry(state, id) });
      });
    });
    var retiredBox = this.root.querySelector("[data-retired]");
    var retiredList = retiredBox.querySelector("ul");
    retiredList.textContent = "";
    retired.forEach(function (r) {
      var li = document.createElement("li");
      li.textContent = r.client + " \u2014 " + r.id + ": " + r.entry.status.replace("-", " ") + (r.entry.note ? " (" + r.entry.note + ")" : "");
      retiredList.appendChild(li);
    });
    retiredBox.hidden = retired.length === 0;
    this.renderCorrupt();
  };

  /* Every parameter of the catalog for one client, validated as on the checklist pages. */
  Dashboard.prototype.showProfile = function (client) {
    var box = this.root.querySelector("[data-profile]");
    var fields = box.querySelector("[data-profile-fields]");
    box.querySelector("[data-profile-title]").textContent = "Values for " + client.name;
    fields.textContent = "";
    var state = clientState(client.id);
    this.catalog.parameters.forEach(function (spec) {
      var id = "profile-" + spec.name;
      var wrap = element("div", null, fields);
      wrap.className = "sbskb-param";
      var label = element("label", spec.label, wrap);
      label.htmlFor = id;
      var input = element("input", null, wrap);
      input.id = id;
      input.type = "text";
      input.dataset.param = spec.name;
      input.setAttribute("aria-describedby", id + "-help " + id + "-error");
      input.value = Object.prototype.hasOwnProperty.call(state.values, spec.name) ? state.values[spec.name] : spec.default;
      var help = element("p", spec.help, wrap);
      help.id = id + "-help";
      help.className = "sbskb-help";
      var error = element("p", "", wrap);
      error.id = id + "-error";
      error.className = "sbskb-error";
      input.addEventListener("input", function () {
        var result = validateValue(spec, input.value);
        if (!result.ok) {
          input.setAttribute("aria-invalid", "true");
          error.textContent = "Not saved: " + result.message + ".";
          return;
        }
        input.removeAttribute("aria-invalid");
        error.textContent = "";
        var latest = clientState(client.id);
        latest.values[spec.name] = result.value;
        writeKey("client." + client.id, latest);
      });
    });
    box.hidden = false;
    fields.querySelector("input").focus();
  };

  /* Copies of unreadable values (see readKey), each offered for download as it was found. */
  Dashboard.prototype.renderCorrupt = function () {
    var box = this.root.querySelector("[data-corrupt]");
    var list = box.querySelector("ul");
    list.textContent = "";
    var keys = Object.keys(snapshotStorage() || {}).filter(function (key) { return key.indexOf(PREFIX + "corrupt.") === 0; });
    keys.forEach(function (key) {
      var li = element("li", key.slice(PREFIX.length) + " ", list);
      var button = element("button", "Download this copy", li);
      button.type = "button";
      button.className = "md-button";
      button.setAttribute("aria-label", "Download " + key.slice(PREFIX.length));
      button.addEventListener("click", function () {
        var raw = null;
        try { raw = window.localStorage.getItem(key); } catch (error) { raw = null; }
        download(raw === null ? "" : raw, key.replace(/[^A-Za-z0-9.-]+/g, "-") + ".txt", "text/plain");
      });
    });
    box.hidden = keys.length === 0;
  };

  Dashboard.prototype.exportClients = function (clients) {
    var data = exportClients(clients);
    var stamp = data.exported.slice(0, 10);
    download(JSON.stringify(data, null, 2) + "\n", clients.length === 1 ? "sbskb-" + clients[0].name.replace(/[^A-Za-z0-9]+/g, "-") + "-" + stamp + ".json"
                                         : "sbskb-clients-" + stamp + ".json", "application/json");
    clients.forEach(function (c) { writeKey("exported." + c.id, data.exported); });
    this.render();
  };

  Dashboard.prototype.wire = function () {
    var self = this;
    var root = this.root;
    var preview = root.querySelector("[data-import-preview]");
    var summary = root.querySelector("[data-import-summary]");
    var fileInput = root.querySelector("input[data-import]");
    var pending = null;
    root.querySelector("[data-export]").addEventListener("click", function () { self.exportClients(clientList()); });
    fileInput.addEventListener("change", function () {
      pending = null;
      preview.hidden = true;
      var file = fileInput.files[0];
      if (!file) return;
      if (file.size > MAX_IMPORT_BYTES) { say("Import refused: the file is larger than 5 MB. Nothing was changed."); return; }
      file.text().then(function (text) {
        var data;
        try { data = JSON.parse(text); } catch (error) { say("Import refused: the file is not valid JSON. Nothing was changed."); return; }
        var problems = importProblems(data, Object.keys(self.platformNames));
        if (problems.length) { say("Import refused, nothing was changed: " + problems.join("; ")); return; }
        var plan = mergePlan(data);
        pending = data;
        say("");
        summary.textContent = "The file holds " + data.clients.length + " client(s): " + plan.added + " new, " +
          plan.updated + " already here with " + plan.newerItems + " item(s) newer in the file. Merge keeps the " +
          "newest change of each item; Replace removes the " + plan.replacedAway + " client(s) here that are not in the file.";
        preview.hidden = false;
      });
    });
    function finish(replace) {
      if (!pending) return;
      var ok = applyImport(pending, replace);
      say(ok ? "Imported." : "Import failed: this browser refused to store it. Nothing was changed.");
      pending = null;
      preview.hidden = true;
      fileInput.value = "";
      self.render();
    }
    root.querySelector("[data-import-merge]").addEventListener("click", function () { finish(false); });
    root.querySelector("[data-import-replace]").addEventListener("click", function () { finish(true); });
    root.querySelector("[data-import-cancel]").addEventListener("click", function () {
      pending = null; preview.hidden = true; fileInput.value = ""; say("Import cancelled. Nothing was changed.");
    });
  };

  // ---- the printable client report (mirrors macros/report.py) ----

  var STATUS_LABELS = { "not-started": "Not started", done: "Done", "not-applicable": "Not applicable", deferred: "Deferred" };

  function utcStamp(text) {
    return text ? new Date(text).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "\u2014";
  }

  function element(tag, text, parent) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  /* The client's valid values for an item's parameters; the default where missing or invalid. */
  function itemValues(item, values) {
    var filled = {};
    Object.keys(item.parameters).forEach(function (name) {
      var spec = item.parameters[name];
      var own = Object.prototype.hasOwnProperty.call(values, name) ? validateValue(spec, values[name]) : null;
      filled[name] = own && own.ok ? own.value : validateValue(spec, spec.default).value;
    });
    return filled;
  }

  function Report(root) {
    this.root = root;
    this.catalog = JSON.parse(root.querySelector("script[data-catalog]").textContent);
    this.select = root.querySelector("select[data-client-select]");
  }

  Report.prototype.load = function () {
    var list = clientList();
    var currentId = list.length ? currentClientId(list) : null;
    fillClientSelect(this.select, list, currentId);
    this.render(currentId);
  };

  Report.prototype.render = function (clientId) {
    var body = this.root.querySelector("[data-report-body]");
    body.textContent = "";
    var client = clientList().filter(function (c) { return c.id === clientId; })[0];
    if (!client) { element("p", "No clients yet: open a checklist and choose New client.", body); return; }
    var state = clientState(client.id);
    var platformName = "not set";
    this.catalog.platforms.forEach(function (p) { if (p.id === client.platform) platformName = p.fullName; });
    element("h2", "Mail server setup report: " + client.name, body);
    element("p", "Platform: " + platformName, body);
    var known = {};
    this.catalog.checklists.forEach(function (checklist) {
      element("h3", checklist.title, body);
      var table = element("table", null, body);
      var headRow = element("tr", null, element("thead", null, table));
      ["Item", "Status", "Note", "Last change"].forEach(function (title) { element("th", title, headRow).scope = "col"; });
      var tbody = element("tbody", null, table);
      var rechecks = [];
      checklist.items.forEach(function (item) {
        known[item.id] = true;
        item.replaces.forEach(function (old) { known[old] = true; });
        var entry = itemEntry(state, item.id, item.replaces);
        var row = element("tr", null, tbody);
        element("td", item.title, row);
        element("td", STATUS_LABELS[entry.status], row);
        element("td", entry.note, row);
        element("td", utcStamp(entry.changed), row);
        if (entry.status !== "done") return;
        var values = itemValues(item, state.values);
        item.checks.forEach(function (check) {
          if (client.platform && check.platforms.indexOf(client.platform) < 0) return;
          var names = check.platforms.map(function (id) {
            var name = id;
            this.catalog.platforms.forEach(function (p) { if (p.id === id) name = p.name; });
            return name;
          }, this);
          rechecks.push({ title: item.title, where: names.join(" \u00b7 ") + ", " + check.formatName,
                          text: renderTemplate(check.template, values) });
        }, this);
      }, this);
      rechecks.forEach(function (recheck) {
        var line = element("p", "Re-check ", body);
        element("em", recheck.title, line);
        line.appendChild(document.createTextNode(" (" + recheck.where + "):"));
        element("code", recheck.text, element("pre", null, body));
      });
    }, this);
    var retired = Object.keys(state.items).filter(function (id) { return !known[id]; });
    if (retired.length) {
      element("h3", "Retired items", body);
      var list = element("ul", null, body);
      retired.forEach(function (id) {
        var entry = itemEntry(state, id);
        element("li", id + ": " + STATUS_LABELS[entry.status] + (entry.note ? " (" + entry.note + ")" : ""), list);
      });
    }
  };

  Report.prototype.wire = function () {
    var self = this;
    this.select.addEventListener("change", function () {
      writeKey("current", self.select.value);
      self.render(self.select.value);
    });
    this.root.querySelector("[data-report-print]").addEventListener("click", function () { window.print(); });
  };

  // ---- "Copy link to this page" on the pages written for clients ----

  function pageLink() {
    var canonical = document.querySelector("link[rel=canonical]");
    return canonical && canonical.href ? canonical.href : location.href.split("#")[0];
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Plain http on a LAN address is not a secure context: fall back to a selected textarea.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  function wireCopyLinks() {
    var buttons = document.querySelectorAll("[data-copy-link]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (event) {
        var link = pageLink();
        var statusElement = event.currentTarget.parentNode.querySelector("[data-copy-link-status]");
        copyText(link).then(function () {
          if (statusElement) statusElement.textContent = "Copied: " + link;
        }, function () {
          if (statusElement) statusElement.textContent = "Copy this link: " + link;
        });
      });
    }
  }

  var current = null;

  function init() {
    wireCopyLinks();
    // Material's search dialog has no accessible name (axe aria-dialog-name).
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
    var dashboardRoot = document.querySelector("[data-dashboard]");
    var reportRoot = document.querySelector("[data-report]");
    current = null;
    if (reportRoot) {
      status.element = reportRoot.querySelector("[data-storage-status]");
      current = new Report(reportRoot);
      current.wire();
      current.load();
      return;
    }
    if (dashboardRoot) {
      status.element = dashboardRoot.querySelector("[data-storage-status]");
      current = new Dashboard(dashboardRoot);
      current.wire();
      current.load = current.render;
      current.render();
      return;
    }
    var root = document.querySelector("[data-checklist]");
    if (!root) return;
    status.element = root.querySelector("[data-storage-status]");
    current = new Page(root);
    current.wire();
    current.load();
  }

  // Another tab changed our storage: show the new state here too.
  window.addEventListener("storage", function (event) {
    if (current && (event.key === null || event.key.indexOf(PREFIX) === 0)) current.load();
  });

  window.sbskb = { validateValue: validateValue, renderTemplate: renderTemplate, filters: FILTERS };

  // document$ (Material) emits on first load and after every instant navigation.
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
