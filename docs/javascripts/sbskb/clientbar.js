/* The client bar of a checklist page: switch, new, rename, duplicate (platform and values, not progress) and delete
 * (after a confirmation that says what is lost). Works on the Page of checklist.js. */
(function (sbskb) {
  "use strict";

  var store = sbskb.storage;
  var clients = sbskb.clients;
  var dom = sbskb.dom;

  function switchClient(page, id) {
    page.clientId = id;
    store.writeKey("current", id);
    page.state = clients.state(id);
    page.showState();
  }

  function addClient(page, client, state) {
    var now = new Date().toISOString();
    client.changed = { name: now, platform: now };
    var list = clients.list().concat([client]);
    if (!clients.save(list)) return false;
    if (state && !store.writeKey("client." + client.id, state)) return false;
    page.clientId = client.id;
    store.writeKey("current", client.id);
    page.state = clients.state(client.id);
    dom.fillClientSelect(page.select, list, page.clientId);
    page.showNoClient(false);
    page.showState();
    return true;
  }

  function updateClient(page, patch) {
    var list = clients.list();
    for (var i = 0; i < list.length; i++) {
      if (list[i].id !== page.clientId) continue;
      var now = new Date().toISOString();
      list[i].changed = list[i].changed || {};
      // Each field keeps its own change time, so a merge takes the newer name or platform (export versions 2 and 3).
      for (var key in patch) { list[i][key] = patch[key]; list[i].changed[key] = now; }
    }
    if (!clients.save(list)) return false;
    dom.fillClientSelect(page.select, list, page.clientId);
    return true;
  }

  /* Delete the selected client in one transaction with its Undo (kept until the next Replace or Delete). */
  function deleteClient(page) {
    var id = page.clientId;
    var name = page.client().name;
    var list = clients.list().filter(function (c) { return c.id !== id; });
    var puts = { clients: JSON.stringify(list) };
    var removals = ["client." + id];
    puts.undo = clients.undoRecord("Deleted \u201c" + name + "\u201d, with " + clients.holdings(page.state),
                                   ["clients", "client." + id, "current"], puts, removals);
    store.commit(puts, removals).then(function (ok) {
      if (ok) store.say("Deleted \u201c" + name + "\u201d.");
      page.load();
    });
    return true;
  }

  function lossSummary(page) {
    var items = 0;
    for (var itemId in page.state.items) {
      if (clients.itemEntry(page.state, itemId).status !== "not-started") items++;
    }
    var values = Object.keys(page.state.values).length;
    return "Delete \u201c" + page.client().name + "\u201d? This removes, from this browser, its " + items +
      " item status" + (items === 1 ? "" : "es") + " (" + clients.holdings(page.state) + ") and " + values +
      " value" + (values === 1 ? "" : "s") + ". Undo puts it back until the next Delete or Replace.";
  }

  function wire(page) {
    var root = page.root;
    page.switchClient = function (id) { switchClient(page, id); };
    page.updateClient = function (patch) { return updateClient(page, patch); };
    var add = root.querySelector("[data-client-new]");
    var form = root.querySelector("[data-client-form]");
    var rename = root.querySelector("[data-client-rename]");
    var renameForm = root.querySelector("[data-client-rename-form]");
    var del = root.querySelector("[data-client-delete]");
    var confirm = root.querySelector("[data-client-delete-confirm]");
    var panels = [[add, form], [rename, renameForm], [del, confirm]];
    function only(button, panel) {
      var open = panel.hidden;
      panels.forEach(function (pair) { dom.togglePanel(pair[0], pair[1], false); });
      dom.togglePanel(button, panel, open);
      return open;
    }
    add.addEventListener("click", function () {
      if (only(add, form)) form.querySelector("input").focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = dom.cleanName(form.querySelector("input").value);
      if (!name) return;
      if (addClient(page, { id: clients.newId(), name: name, platform: form.querySelector("select").value })) {
        form.reset();
        dom.togglePanel(add, form, false);
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
      var name = dom.cleanName(renameForm.querySelector("input").value);
      if (name && updateClient(page, { name: name })) {
        dom.togglePanel(rename, renameForm, false);
        page.select.focus();
      }
    });
    root.querySelector("[data-client-duplicate]").addEventListener("click", function () {
      var source = page.client();
      // Values are copied; values before a change are not: they belong to the other client's server.
      var copy = { values: JSON.parse(JSON.stringify(page.state.values)), valueChanged: {}, items: {} };
      Object.keys(copy.values).forEach(function (name) { copy.valueChanged[name] = new Date().toISOString(); });
      addClient(page, { id: clients.newId(), name: dom.cleanName(source.name + " (copy)"), platform: source.platform || "" }, copy);
    });
    del.addEventListener("click", function () {
      if (!only(del, confirm)) return;
      confirm.querySelector("[data-client-delete-text]").textContent = lossSummary(page);
      confirm.querySelector("[data-client-delete-no]").focus();
    });
    confirm.querySelector("[data-client-delete-yes]").addEventListener("click", function () {
      if (deleteClient(page)) {
        dom.togglePanel(del, confirm, false);
        page.select.focus();
      }
    });
    confirm.querySelector("[data-client-delete-no]").addEventListener("click", function () {
      dom.togglePanel(del, confirm, false);
      del.focus();
    });
  }

  sbskb.clientBar = { wire: wire };
})(window.sbskb = window.sbskb || {});
