/* Start-up: on every page load and after every instant navigation (Material's document$), mount the page kind found
 * in the page and wire the "Copy link" buttons of the pages for clients. Runs last of the sbskb scripts. */
(function (sbskb) {
  "use strict";

  var store = sbskb.storage;
  // Selector of a page kind's root -> its module (each has mount(root, data)).
  var PAGE_KINDS = [["[data-report]", "report"], ["[data-dashboard]", "dashboard"], ["[data-checklist]", "checklist"]];
  var current = null;

  function pageLink() {
    var canonical = document.querySelector("link[rel=canonical]");
    return canonical && canonical.href ? canonical.href : location.href.split("#")[0];
  }

  function wireCopyLinks() {
    var buttons = document.querySelectorAll("[data-copy-link]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (event) {
        var link = pageLink();
        var statusElement = event.currentTarget.parentNode.querySelector("[data-copy-link-status]");
        sbskb.dom.copyText(link).then(function () {
          if (statusElement) statusElement.textContent = "Copied: " + link;
        }, function () {
          if (statusElement) statusElement.textContent = "Copy this link: " + link;
        });
      });
    }
  }

  function init() {
    wireCopyLinks();
    // Material's search dialog has no accessible name (axe aria-dialog-name).
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
    current = null;
    for (var i = 0; i < PAGE_KINDS.length; i++) {
      var root = document.querySelector(PAGE_KINDS[i][0]);
      if (!root) continue;
      var data = sbskb.dom.pageData(root);
      var kind = PAGE_KINDS[i][1];
      sbskb.vocabulary = data.vocabulary;
      store.status.element = root.querySelector("[data-storage-status]");
      // The stored clients are loaded once (storage.js), then the page mounts on them.
      store.open().then(function () {
        if (!root.isConnected) return;   // instant navigation left this page meanwhile
        current = sbskb[kind].mount(root, data);
        root.dataset.ready = "";         // for scripts and tests: the page shows what is stored
        store.showPending();
      });
      return;
    }
  }

  // A write the browser refused, or another tab's write: show what is stored. (While writes are refused, loading
  // writes nothing: storage.js isRefusing.)
  store.hooks.onRefused = function () { if (current) current.load(); };
  store.hooks.onOtherTab = function () { if (current) current.load(); };

  // document$ (Material) emits on first load and after every instant navigation.
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})(window.sbskb = window.sbskb || {});
