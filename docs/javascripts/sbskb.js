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
      // Keep what was found before anything overwrites it.
      writeKey("corrupt." + key + "." + Date.now(), raw, true);
      say("Stored data under " + PREFIX + key + " could not be read; a copy was kept and this page starts empty.");
      return null;
    }
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
    return list.filter(function (c) { return c && typeof c.id === "string" && typeof c.name === "string"; });
  }

  function ensureClients() {
    var list = clientList();
    if (list.length) return list;
    list = [{ id: newId(), name: "Client 1" }];
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
    this.boxes = root.querySelectorAll("input[type=checkbox][data-done]");
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

  Page.prototype.fillClientPicker = function (list) {
    while (this.select.firstChild) this.select.removeChild(this.select.firstChild);
    for (var i = 0; i < list.length; i++) {
      var option = document.createElement("option");
      option.value = list[i].id;
      option.textContent = list[i].name;
      option.selected = list[i].id === this.clientId;
      this.select.appendChild(option);
    }
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
    for (var i = 0; i < this.boxes.length; i++) {
      var entry = this.state.items[this.boxes[i].closest("[data-item]").dataset.item];
      this.boxes[i].checked = !!(entry && entry.done);
    }
    for (var j = 0; j < this.inputs.length; j++) {
      var input = this.inputs[j];
      var own = ownValue(this.state, input.dataset.param);
      input.value = own === undefined ? input.dataset.default : own;
      this.markField(input, validateValue(this.specs[input.dataset.param], input.value));
    }
    this.renderSnippets();
    this.showProgress();
  };

  Page.prototype.renderSnippets = function () {
    var values = this.values();
    for (var i = 0; i < this.snippets.length; i++) {
      var code = this.snippets[i].querySelector("code");
      var text = renderTemplate(this.snippets[i].dataset.template, values);
      if (code.textContent !== text) code.textContent = text;
    }
  };

  Page.prototype.showProgress = function () {
    var done = 0;
    for (var i = 0; i < this.boxes.length; i++) if (this.boxes[i].checked) done++;
    var total = this.boxes.length;
    this.progress.dataset.done = String(done);
    this.progress.dataset.total = String(total);
    this.progress.querySelector("progress").value = done;
    this.progress.querySelector("[data-progress-text]").textContent = done + " of " + total + " done";
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

  Page.prototype.onTick = function (box) {
    var itemId = box.closest("[data-item]").dataset.item;
    var before = this.state.items[itemId];
    this.state.items[itemId] = { done: box.checked, changed: new Date().toISOString() };
    if (!this.save()) {
      if (before === undefined) delete this.state.items[itemId]; else this.state.items[itemId] = before;
      box.checked = !box.checked;
    } else {
      say("");
    }
    this.showProgress();
  };

  Page.prototype.onParameter = function (input) {
    var name = input.dataset.param;
    var result = validateValue(this.specs[name], input.value);
    if (result.ok) {
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

  Page.prototype.createClient = function (name) {
    var list = clientList();
    var client = { id: newId(), name: name };
    if (!writeKey("clients", list.concat([client]))) return false;
    this.clientId = client.id;
    writeKey("current", client.id);
    this.state = clientState(client.id);
    this.fillClientPicker(list.concat([client]));
    this.showState();
    return true;
  };

  Page.prototype.wire = function () {
    var page = this;
    this.root.addEventListener("change", function (event) {
      var target = event.target;
      if (target.matches("input[type=checkbox][data-done]")) page.onTick(target);
      else if (target === page.select) page.switchClient(target.value);
    });
    this.root.addEventListener("input", function (event) {
      if (event.target.matches("input[data-param]")) page.onParameter(event.target);
    });
    var add = this.root.querySelector("[data-client-add]");
    var form = this.root.querySelector("[data-client-form]");
    add.addEventListener("click", function () {
      form.hidden = !form.hidden;
      add.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) form.querySelector("input").focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var field = form.querySelector("input");
      var name = field.value.replace(/[\x00-\x1f\x7f]/g, " ").trim().slice(0, 100);
      if (!name) return;
      if (page.createClient(name)) {
        field.value = "";
        form.hidden = true;
        add.setAttribute("aria-expanded", "false");
        page.select.focus();
      }
    });
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
    var root = document.querySelector("[data-checklist]");
    current = null;
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
