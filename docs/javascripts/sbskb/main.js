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
      sbskb.vocabulary = data.vocabulary;
      store.status.element = root.querySelector("[data-storage-status]");
      current = sbskb[PAGE_KINDS[i][1]].mount(root, data);
      return;
    }
  }

  // Another tab changed our storage: show the new state here too.
  window.addEventListener("storage", function (event) {
    if (current && (event.key === null || event.key.indexOf(store.PREFIX) === 0)) current.load();
  });

  // document$ (Material) emits on first load and after every instant navigation.
  if (typeof document$ !== "undefined") document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})(window.sbskb = window.sbskb || {});
