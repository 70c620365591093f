/* Small DOM helpers shared by the page kinds. Text from storage or files reaches the page only through textContent,
 * value and attribute setters, never innerHTML. */
(function (sbskb) {
  "use strict";

  function element(tag, text, parent) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function togglePanel(button, panel, open) {
    panel.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
  }

  /* A client name as typed: no control characters, no edge blanks, within the vocabulary's limit. */
  function cleanName(text) {
    return text.replace(/[\x00-\x1f\x7f]/g, " ").trim().slice(0, sbskb.pageVocabulary().limits.clientName);
  }

  /* The client <select> of a checklist or report page: names as text, the current client selected. */
  function fillClientSelect(select, list, currentId) {
    select.textContent = "";
    list.forEach(function (client) {
      var option = element("option", client.name, select);
      option.value = client.id;
      option.selected = client.id === currentId;
    });
  }

  /* The Undo of the last Replace or Delete, in `box` ([data-undo] with [data-undo-text] and its button): shown while
     one is stored, even after a reload. `afterUndo` runs once it is put back. */
  function showUndo(box, afterUndo) {
    if (!box) return;
    var record = sbskb.clients.undoOffer();
    box.hidden = !record;
    if (!record) return;
    box.querySelector("[data-undo-text]").textContent = record.what + " (" + sbskb.clients.utcMinute(record.at) +
      "). Undo puts it back exactly as it was.";
    var button = box.querySelector("[data-undo-button]");
    button.onclick = function () {
      button.disabled = true;
      sbskb.clients.undo().then(function (ok) {
        button.disabled = false;
        sbskb.storage.say(ok ? "Undone: " + record.what.charAt(0).toLowerCase() + record.what.slice(1) +
          " is put back." : "Not undone: this browser refused to store it. Nothing was changed.");
        afterUndo();
      });
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

  /* The page's one data block (macros/render.py `page_data`): the vocabulary and the catalogue the page needs. */
  function pageData(root) {
    return JSON.parse(root.querySelector("[data-catalog]").dataset.catalog);
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
      var ok;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  sbskb.dom = {
    showUndo: showUndo,
    element: element, togglePanel: togglePanel, cleanName: cleanName, fillClientSelect: fillClientSelect,
    download: download, pageData: pageData, copyText: copyText
  };
})(window.sbskb = window.sbskb || {});
