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
    this.snippets = root.querySelectorAll("[data-template]");
    this.progress = root.querySelector("[data-progress]");
    this.specs = {};
    for (var i = 0; i < this.inputs.length; i++) this.specs[this.inputs[i].dataset.param] = specOf(this.inputs[i]);
  }

  Page.prototype.load = function () {
    var list = clients.ensure();
    this.clientId = clients.currentId(list);
    this.state = clients.state(this.clientId);
    sbskb.dom.fillClientSelect(this.select, list, this.clientId);
    this.showState();
  };

  Page.prototype.client = function () {
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
      var text = sbskb.renderTemplate(this.snippets[i].dataset.template, values);
      if (code.textContent !== text) code.textContent = text;
    }
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
    this.state = clients.state(this.clientId);
    var had = sbskb.hasOwn(this.state.items, itemId);
    var before = this.state.items[itemId];
    this.state.items[itemId] = { status: status, note: note, changed: new Date().toISOString() };
    if (!this.save()) {
      if (had) this.state.items[itemId] = before; else delete this.state.items[itemId];
    } else {
      store.say("");
    }
    this.showItem(itemElement);
    this.showProgress();
  };

  Page.prototype.onParameter = function (input) {
    var name = input.dataset.param;
    var result = sbskb.validateValue(this.specs[name], input.value);
    if (result.ok) {
      this.state = clients.state(this.clientId);  // keep what another tab saved meanwhile
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
        if (page.updateClient({ platform: target.value })) page.showPlatform(target.value);
      }
    });
    this.root.addEventListener("input", function (event) {
      if (event.target.matches("input[data-param]")) page.onParameter(event.target);
    });
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
