/* A checklist page: the selected client's statuses, notes and values, live snippets, progress. The client bar
 * (new, rename, duplicate, delete) is in clientbar.js. mount(root) starts it on [data-checklist]. */
(function (sbskb) {
  "use strict";

  var store = sbskb.storage;
  var clients = sbskb.clients;

  function specOf(input) {
    var d = input.dataset;
    return { type: d.type, pattern: d.pattern, expect: d.expect, min: d.min, max: d.max, default: d.default };
  }

  function ownValue(state, name) {
    return sbskb.hasOwn(state.values, name) ? state.values[name] : undefined;
  }

  function replacedIds(itemElement) {
    return itemElement.dataset.replaces ? itemElement.dataset.replaces.split(" ") : [];
  }

  function Page(root) {
    this.root = root;
    this.select = root.querySelector("select[data-client-select]");
    this.platformSelect = root.querySelector("select[data-client-platform]");
    this.items = root.querySelectorAll("[data-item]");
    this.inputs = root.querySelectorAll("input[data-param]");
    this.snippets = root.querySelectorAll("[data-template]:not(.sbskb-snippet--revert)");
    this.reverts = root.querySelectorAll(".sbskb-snippet--revert[data-template]");
    this.befores = root.querySelectorAll("[data-before]");
    this.progress = root.querySelector("[data-progress]");
    this.specs = {};
    this.labels = {};
    for (var i = 0; i < this.inputs.length; i++) {
      this.specs[this.inputs[i].dataset.param] = specOf(this.inputs[i]);
      this.labels[this.inputs[i].dataset.param] = this.inputs[i].labels[0].textContent;
    }
    // Per setting id: what before.js needs to read a recorded value, and the name a revert note gives it.
    this.settings = {};
    this.settingNames = {};
    for (var j = 0; j < this.befores.length; j++) {
      var d = this.befores[j].dataset;
      this.settings[d.before] = { id: d.before, type: d.type, property: d.property || "", object: d.object || "",
                                  applied: d.applied };
      this.settingNames[d.before] = d.property ||
        this.befores[j].closest("[data-setting]").querySelector("strong").textContent;
    }
  }

  Page.prototype.load = function () {
    var list = clients.list();
    this.clientId = clients.currentId(list);   // null: no client yet
    this.state = this.clientId ? clients.state(this.clientId) : clients.normalState(null);
    sbskb.dom.fillClientSelect(this.select, list, this.clientId);
    this.showNoClient(!this.clientId);
    this.showState();
    var page = this;
    sbskb.dom.showUndo(this.root.querySelector("[data-undo]"), function () { page.load(); });
  };

  /* Without a client there is nowhere to keep a value, a status or a note: those controls are disabled and each item
     says to create a client first, with the button to do it; the commands show the defaults. */
  Page.prototype.showNoClient = function (none) {
    var controls = this.root.querySelectorAll(
      "input[data-param], [data-before], input[data-done], select[data-status-select], [data-note], " +
      "select[data-client-select], select[data-client-platform], input[data-revert-default-choice], " +
      "[data-client-rename], [data-client-duplicate], [data-client-delete]");
    for (var i = 0; i < controls.length; i++) controls[i].disabled = none;
    var hints = this.root.querySelectorAll("[data-no-client], [data-no-client-hint]");
    for (var j = 0; j < hints.length; j++) hints[j].hidden = !none;
  };

  Page.prototype.client = function () {
    if (!this.clientId) return { id: null, name: "", platform: "" };
    var list = clients.list();
    for (var i = 0; i < list.length; i++) if (list[i].id === this.clientId) return list[i];
    return { id: this.clientId, name: "", platform: "" };
  };

  /* The values snippets use: the client's own valid value, else the default. */
  Page.prototype.values = function () {
    return sbskb.filledValues(this.specs, this.state.values);
  };

  Page.prototype.showState = function () {
    for (var i = 0; i < this.items.length; i++) this.showItem(this.items[i]);
    for (var j = 0; j < this.inputs.length; j++) {
      var input = this.inputs[j];
      var own = ownValue(this.state, input.dataset.param);
      input.value = own === undefined ? input.dataset.default : own;
      this.markField(input, sbskb.validateValue(this.specs[input.dataset.param], input.value));
    }
    var platform = this.client().platform || "";
    this.platformSelect.value = platform;
    this.showPlatform(platform);
    this.renderSnippets();
    this.showBefores();
    this.showProgress();
  };

  Page.prototype.entryOf = function (itemElement) {
    return clients.itemEntry(this.state, itemElement.dataset.item, replacedIds(itemElement));
  };

  Page.prototype.showItem = function (itemElement) {
    var entry = this.entryOf(itemElement);
    itemElement.dataset.status = entry.status;
    itemElement.querySelector("input[data-done]").checked = entry.status === "done";
    itemElement.querySelector("select[data-status-select]").value = entry.status;
    var note = itemElement.querySelector("[data-note]");
    if (note !== document.activeElement) note.value = entry.note;
    var evidence = itemElement.querySelector("[data-evidence]");
    evidence.hidden = !entry.evidence;
    evidence.querySelector("code").textContent = entry.evidence;
    itemElement.querySelector("[data-item-changed]").textContent = entry.changed
      ? "Last change: " + new Date(entry.changed).toLocaleString() : "";
  };

  /* Open, in every item, the tab for the client's platform. */
  Page.prototype.showPlatform = function (platform) {
    // A setting another platform has is not this client's: its "Before the change" field would only confuse.
    var rows = this.root.querySelectorAll("[data-setting][data-platforms]");
    for (var r = 0; r < rows.length; r++) {
      rows[r].hidden = !!platform && (" " + rows[r].dataset.platforms + " ").indexOf(" " + platform + " ") < 0;
    }
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
    var refused = sbskb.refusedValues(this.specs, this.state.values);
    for (var i = 0; i < this.snippets.length; i++) {
      var element = this.snippets[i];
      var code = element.querySelector("code");
      var text = this.showRefusal(element, refused) ? "" : sbskb.renderTemplate(element.dataset.template, values);
      if (code.textContent !== text) code.textContent = text;
    }
    this.renderReverts(values, refused);
  };

  /* A command made from a value this client stores but the field refuses is not shown at all: the default in its
     place would be a value nobody chose, and the stored value is out of its range. Says which value, and why.
     Returns whether the command is held back. */
  Page.prototype.showRefusal = function (element, refused) {
    var names = sbskb.templateNames(element.dataset.template || "");
    var name = names.filter(function (n) { return sbskb.hasOwn(refused, n); })[0];
    var line = element.querySelector("[data-snippet-refused]");
    line.hidden = !name;
    line.textContent = name ? "No command: this client's " + this.labels[name] + " is " + refused[name].value +
      ", which is refused (" + refused[name].message + "). Change it above; the command appears then." : "";
    element.querySelector("pre").hidden = !!name;
    return !!name;
  };

  /* Each revert from the client's recorded values before the change: the recorded value, or 'absent' (its absent
     branch); no command at all while a setting it restores has no usable record, and the note says what to record. */
  Page.prototype.renderReverts = function (values, refused) {
    var recorded = {};
    var page = this;
    // Per setting id: whether the revert on the client's platform restores Microsoft's default, as chosen.
    this.restoredByDefault = {};
    var platform = this.client().platform || "";
    Object.keys(this.settings).forEach(function (id) {
      var entry = clients.beforeEntry(page.state, id);
      if (entry && entry.value) recorded[id] = entry;
    });
    for (var i = 0; i < this.reverts.length; i++) {
      var element = this.reverts[i];
      var defaults = {};
      (element.dataset.restores || "").split(" ").forEach(function (pair) {
        var at = pair.indexOf("=");
        if (at > 0) defaults[pair.slice(0, at)] = pair.slice(at + 1);
      });
      var useDefault = this.entryOf(element.closest("[data-item]")).revertDefault;
      var revert = sbskb.before.fillRevert(element.dataset.template, element.dataset.templateAbsent || "",
                                           this.settings, defaults, values, recorded, useDefault);
      var variant = element.closest("[data-variant]");
      if (platform && variant && (" " + variant.dataset.variant + " ").indexOf(" " + platform + " ") >= 0) {
        revert.order.forEach(function (id) {
          if (revert.restores[id].source === "default") page.restoredByDefault[id] = true;
        });
      }
      var pre = element.querySelector("pre");
      var code = pre.querySelector("code");
      var held = this.showRefusal(element, refused);
      pre.hidden = held || revert.text === null;
      var text = held ? "" : revert.text || "";
      if (code.textContent !== text) code.textContent = text;
      var note = element.querySelector("[data-revert-note]");
      if (note && revert.order.length) note.textContent = sbskb.before.revertNote(revert, this.settingNames);
      this.showDefaultChoice(element, revert, defaults, useDefault);
    }
  };

  /* "Restore Microsoft's default instead": offered while a setting this revert restores has no record and every
     such setting has a confirmed default; it names those defaults. The choice is per item and client. */
  Page.prototype.showDefaultChoice = function (element, revert, defaults, chosen) {
    var choice = element.querySelector("[data-revert-default]");
    if (!choice) return;
    var offered = sbskb.before.defaultOffered(revert);
    choice.hidden = !offered;
    if (!offered) return;
    var missing = revert.order.filter(function (id) { return revert.restores[id].source !== "recorded"; });
    var names = this.settingNames;
    choice.querySelector("[data-revert-default-label]").textContent = sbskb.before.defaultChoiceLabel(
      missing.map(function (id) { return names[id]; }), missing.map(function (id) { return defaults[id]; }));
    choice.querySelector("input[data-revert-default-choice]").checked = chosen;
  };

  Page.prototype.chooseDefault = function (itemElement, chosen) {
    this.reloadState();
    if (clients.setItemFields(this.state, itemElement.dataset.item, replacedIds(itemElement), { revertDefault: chosen })) {
      this.save();
    }
    this.showItem(itemElement);
    this.renderSnippets();
    this.showBefores();
  };

  /* The identity a setting's object parameter names for this client, or "" while the client has none of its own. */
  Page.prototype.identityOf = function (spec) {
    if (!spec.object) return "";
    var own = ownValue(this.state, spec.object);
    var result = own === undefined || !sbskb.hasOwn(this.specs, spec.object) ? null
      : sbskb.validateValue(this.specs[spec.object], own);
    return result && result.ok ? result.value : "";
  };

  Page.prototype.showBefores = function () {
    for (var i = 0; i < this.befores.length; i++) this.showBefore(this.befores[i], null);
  };

  /* One "Before the change" field: its recorded value, what the revert restores, a warning when the value equals
     what the apply sets, and the question when it was read from another connector than the one now named. */
  Page.prototype.showBefore = function (field, refusal, refusedText) {
    var spec = this.settings[field.dataset.before];
    var pending = this.pendingPastes && sbskb.hasOwn(this.pendingPastes, spec.id) ? this.pendingPastes[spec.id] : null;
    if (!refusal && pending) {   // a paste waiting for its connector stays in view, with why, through every redraw
      refusal = pending.message;
      refusedText = pending.text;
    }
    var entry = clients.beforeEntry(this.state, spec.id);
    var value = entry && entry.value ? entry.value : "";
    var wrapper = field.closest(".sbskb-before");
    var message = wrapper.querySelector("[data-before-message]");
    var restoreLine = wrapper.querySelector("[data-restore]");
    var confirm = wrapper.querySelector("[data-before-confirm]");
    if (refusal && refusedText !== undefined && field.tagName !== "SELECT") {
      field.value = refusedText;   // what was typed or pasted stays in the field, with why it was not recorded
    } else if (field !== document.activeElement || field.tagName === "SELECT") {
      field.value = value;
    }
    if (refusal) {
      field.setAttribute("aria-invalid", "true");
      message.textContent = "Not recorded: " + refusal + "." + (value ? " Still recorded: " + value + "." : "");
    } else {
      field.removeAttribute("aria-invalid");
      message.textContent = value ? this.appliedWarning(spec, value) : "";
    }
    wrapper.dataset.beforeState = refusal ? "refused" : !value ? "empty" : message.textContent ? "warning" : "recorded";
    var identity = this.identityOf(spec);
    var elsewhere = value && spec.object && !sbskb.before.sameObject(entry.object, identity);
    confirm.hidden = !elsewhere;
    if (elsewhere) {
      confirm.querySelector("[data-before-confirm-text]").textContent = "The value recorded above (" + value +
        ") was read from connector " + (entry.object || "(none named)") + ", but the commands now name " +
        (identity || "no connector") + ". Until you answer, the revert does not use it.";
    }
    if (value && sbskb.before.canonical(spec, value) !== value) {
      restoreLine.textContent = "Recorded: " + value + ", which is not a value this setting takes: there is no " +
        "revert until you record it again from the check's output.";
    } else if (!value && this.restoredByDefault && this.restoredByDefault[spec.id]) {
      restoreLine.textContent = "Not recorded for this client: the revert restores Microsoft's default instead, as " +
        "chosen at the revert (not this client's own value).";
    } else if (!value) {
      restoreLine.textContent = "Not recorded for this client yet: there is no revert until you record it (a " +
        "default would overwrite whatever this server had).";
    } else if (spec.type === "box") {
      restoreLine.textContent = "Recorded: " + value + ". To revert, put the box back that way.";
    } else {
      restoreLine.textContent = "Recorded: " + (value === "absent" ? "absent, so the revert deletes what the apply " +
        "created" : value + ", which the revert restores") + ".";
    }
  };

  /* The apply's value for this client, when the recorded value equals it: the check was probably run after the
     apply, and the revert would then change nothing. */
  Page.prototype.appliedWarning = function (spec, value) {
    // No apply is shown while its value is refused, so there is nothing for the recorded value to equal.
    if (sbskb.templateNames(spec.applied).some(this.storedRefused, this)) return "";
    var applied = sbskb.before.canonical(spec, sbskb.renderTemplate(spec.applied, this.values()));
    if (applied === null || !sbskb.before.sameValue(spec, applied, value)) return "";
    return "This is the value the apply sets (" + applied + "). If you ran the check after applying, the revert " +
      "would change nothing: record the value from before the change.";
  };

  /* Record (or clear, when empty) a setting's value before the change from typed or pasted text. A refused text
     changes nothing stored; a write the browser refuses is put back by storage.js (hooks.onRefused). */
  Page.prototype.onBefore = function (field, text) {
    var spec = this.settings[field.dataset.before];
    this.pendingPastes = this.pendingPastes || {};
    delete this.pendingPastes[spec.id];
    var identity = this.identityOf(spec);
    var ask = "";
    if (spec.object && !identity && /[^ \t\r\n\f\v]/.test(text)) {
      // The pasted output names its connector (its Identity line): that fills the connector field, as if typed.
      var named = sbskb.before.identitiesIn(text);
      var input = this.root.querySelector('input[data-param="' + spec.object + '"]');
      if (named.length === 1 && input && sbskb.validateValue(this.specs[spec.object], named[0]).ok) {
        input.value = named[0];
        this.onParameter(input);
        identity = this.identityOf(spec);
      } else if (named.length > 1) {
        ask = "the paste shows " + named.length + " connectors (" + named.join(", ") + "): enter the one the " +
          "commands are for in the receive connector field";
      }
    }
    var result = sbskb.before.entryFrom(spec, text, identity);
    if (!result.ok) {
      // Kept, not thrown away: in the field as typed or pasted, and (waiting for its connector) recorded as soon as
      // the connector is named.
      var why = (ask || result.message) + (spec.object && !identity
        ? ". What you pasted is kept and is recorded as soon as the connector is named" : "");
      if (spec.object && !identity) this.pendingPastes[spec.id] = { text: text, message: why };
      this.showBefore(field, why, text);
      return;
    }
    this.reloadState();
    this.state.before[spec.id] = result.entry;
    this.save();
    field.value = result.entry.value;
    this.renderSnippets();   // first: the line under the field says what the revert now restores
    this.showBefore(field, null);
  };

  /* The technician's answer when a recorded value belongs to another connector: keep it for this one, or clear it. */
  Page.prototype.answerConnector = function (field, keep) {
    var spec = this.settings[field.dataset.before];
    this.reloadState();
    var entry = clients.beforeEntry(this.state, spec.id);
    if (!entry) return;
    this.state.before[spec.id] = keep
      ? { value: entry.value, object: this.identityOf(spec), changed: new Date().toISOString() }
      : { value: "", changed: new Date().toISOString() };
    this.save();
    this.renderSnippets();
    this.showBefore(field, null);
    field.focus();
  };

  /* Settled statuses (the vocabulary says which) count towards progress; data-done counts them. */
  Page.prototype.showProgress = function () {
    var settled = 0, notApplicable = 0;
    for (var i = 0; i < this.items.length; i++) {
      var status = this.items[i].dataset.status;
      if (clients.isSettled(status)) settled++;
      if (status === "not-applicable") notApplicable++;
    }
    var total = this.items.length;
    this.progress.dataset.done = String(settled);
    this.progress.dataset.total = String(total);
    this.progress.querySelector("progress").value = settled;
    this.progress.querySelector("[data-progress-text]").textContent = settled + " of " + total + " done" +
      (notApplicable ? " (" + notApplicable + " not applicable)" : "");
  };

  /* Whether the value this client stores for a parameter is one its field refuses (kept, used by no command). */
  Page.prototype.storedRefused = function (name) {
    return sbskb.hasOwn(this.specs, name) && sbskb.refusedValue(this.specs[name], this.state.values, name) !== null;
  };

  Page.prototype.markField = function (input, result) {
    var error = input.parentNode.querySelector("[data-param-error]");
    var name = input.dataset.param;
    if (result.ok) {
      input.removeAttribute("aria-invalid");
      error.textContent = "";
    } else if (this.storedRefused(name)) {
      // What the client stores is itself refused (e.g. from an older, wider range): kept as it is, used by nothing.
      input.setAttribute("aria-invalid", "true");
      error.textContent = "Not used: " + result.message + ". This client's stored value, " + this.state.values[name] +
        ", is kept but no command is made from it until you enter a valid value.";
    } else {
      input.setAttribute("aria-invalid", "true");
      error.textContent = "Not used: " + result.message + ". The commands keep " + this.values()[name] + ".";
    }
  };

  /* Read-modify-write: this client's state as stored now, keeping what another tab saved meanwhile (no client: the
     page's empty state stays). */
  Page.prototype.reloadState = function () {
    if (this.clientId) this.state = clients.state(this.clientId);
  };

  Page.prototype.save = function () {
    if (!this.clientId) return false;   // the controls are disabled without a client; nothing is kept for nobody
    return store.writeKey("client." + this.clientId, this.state);
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
    this.reloadState();
    // Only what changed gets a new change time: the status and the note each keep their own.
    if (clients.setItemFields(this.state, itemId, replacedIds(itemElement), { status: status, note: note })) {
      this.save();   // a write the browser refuses is said and put back by storage.js (hooks.onRefused)
    }
    store.say("");
    this.showItem(itemElement);
    this.showProgress();
  };

  Page.prototype.onParameter = function (input) {
    var name = input.dataset.param;
    var result = sbskb.validateValue(this.specs[name], input.value);
    if (result.ok) {
      this.reloadState();
      if (ownValue(this.state, name) !== result.value) {
        this.state.values[name] = result.value;
        this.state.valueChanged[name] = new Date().toISOString();
        this.save();
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
    this.showBefores();   // a connector named anew asks about the value recorded for the old one
  };

  /* A paste kept while its connector had no name is recorded once the connector field is left with a valid name
     (not on each keystroke: a half-typed name would be taken for the connector). */
  Page.prototype.retryPastes = function (name) {
    var page = this;
    Object.keys(this.pendingPastes || {}).forEach(function (id) {
      var spec = page.settings[id];
      if (spec.object !== name || !page.identityOf(spec)) return;
      var field = page.root.querySelector('[data-before="' + id + '"]');
      if (field) page.onBefore(field, page.pendingPastes[id].text);
    });
  };

  /* Copy one snippet's command as it is once any edit still pending in a field is applied; say what was copied. */
  Page.prototype.copySnippet = function (button) {
    var active = document.activeElement;
    if (active && active !== button && this.root.contains(active) && /^(INPUT|TEXTAREA)$/.test(active.tagName)) {
      active.blur();   // fires its change event: the value is recorded and every snippet redrawn, synchronously
    }
    var snippet = button.closest(".sbskb-snippet");
    var pre = snippet.querySelector("pre");
    var text = pre.hidden ? "" : pre.querySelector("code").textContent;
    var status = snippet.querySelector("[data-copy-status]");
    if (!status) {
      status = sbskb.dom.element("p", null, snippet);
      status.className = "sbskb-copied";
      status.dataset.copyStatus = "";
      status.setAttribute("role", "status");
    }
    if (!text) {
      status.textContent = "Nothing copied: this command is not shown yet, so the clipboard still holds what it held.";
      return;
    }
    status.textContent = "Copying\u2026";
    sbskb.dom.copyText(text).then(function () {
      status.textContent = "Copied: " + copiedLabel(text);
    }, function () {
      status.textContent = "Not copied: this browser refused the clipboard, which still holds what it held. Select " +
        "the command and copy it by hand.";
    });
  };

  /* A copied command in a few words: "reg add \u2026 /d 3 /f". */
  function copiedLabel(text) {
    var words = text.replace(/\s+/g, " ").trim().split(" ");
    return words.length <= 8 ? words.join(" ") : words.slice(0, 2).join(" ") + " \u2026 " + words.slice(-3).join(" ");
  }

  Page.prototype.wire = function () {
    var page = this;
    this.root.addEventListener("change", function (event) {
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
        if (page.updateClient({ platform: target.value })) {
          page.showPlatform(target.value);
          page.renderSnippets();   // what a revert restores, and says under each field, depends on the platform
          page.showBefores();
        }
      } else if (target.matches("[data-before]")) {
        page.onBefore(target, target.value);
      } else if (target.matches("input[data-revert-default-choice]")) {
        page.chooseDefault(item, target.checked);
      } else if (target.matches("input[data-param]")) {
        page.retryPastes(target.dataset.param);
      }
    });
    // A pasted check output keeps its line breaks only in the paste event: a text field drops them.
    this.root.addEventListener("paste", function (event) {
      var target = event.target;
      if (!target.matches || !target.matches("input[data-before]") || !event.clipboardData) return;
      var text = event.clipboardData.getData("text/plain");
      if (!/[\r\n\u2028\u2029]/.test(text)) return;   // one line: let it go in and be read on change
      event.preventDefault();
      page.onBefore(target, text);
    });
    this.root.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("[data-client-new-here]")) {
        var add = page.root.querySelector("[data-client-new]");
        if (add.getAttribute("aria-expanded") !== "true") add.click();
        page.root.querySelector("[data-client-form] input").focus();
        return;
      }
      var button = event.target.closest && event.target.closest("[data-before-keep], [data-before-clear]");
      if (!button) return;
      var field = button.closest(".sbskb-before").querySelector("[data-before]");
      page.answerConnector(field, button.matches("[data-before-keep]"));
    });
    this.root.addEventListener("input", function (event) {
      if (event.target.matches("input[data-param]")) page.onParameter(event.target);
    });
    // Copy copies what the screen shows once every pending edit is in. A field still being typed in is recorded when
    // it loses focus, and the redraw that makes can move the button between press and release, so that Material's
    // copy (on click) never runs and the clipboard keeps its old command, silently. Here the copy happens on the
    // press itself, after the pending edit is applied, and says what it copied, or that it could not.
    var pressed = null;
    function copyButton(event) {
      return event.target.closest ? event.target.closest(".sbskb-snippet [data-md-type=copy]") : null;
    }
    this.root.addEventListener("pointerdown", function (event) {
      var button = copyButton(event);
      pressed = null;
      // A mouse press carries the permission to write the clipboard; a touch or pen press does not (its click does).
      if (!button || event.button !== 0 || event.pointerType !== "mouse") return;
      event.preventDefault();   // no focus move: the pending edit is applied by us, now, not by a later blur
      pressed = button;
      page.copySnippet(button);
    }, true);
    this.root.addEventListener("click", function (event) {
      var button = copyButton(event);
      if (!button) return;
      event.preventDefault();
      event.stopImmediatePropagation();   // Material's own copy would copy a second time, and say nothing on failure
      var copiedOnPress = pressed === button && event.detail !== 0;   // detail 0: a click from the keyboard
      pressed = null;
      if (!copiedOnPress) page.copySnippet(button);   // keyboard, touch, pen
    }, true);
    sbskb.clientBar.wire(this);
  };

  sbskb.checklist = {
    mount: function (root) {
      var page = new Page(root);
      page.wire();
      page.load();
      return page;
    }
  };
})(window.sbskb = window.sbskb || {});
