// The search page: Pagefind's UI with German labels, the site's look, and ?q= in the address.
(function () {
  "use strict";
  var box = document.getElementById("suche");
  var months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                "Oktober", "November", "Dezember"];

  function germanDate(iso) {
    var p = (iso || "").split("-");
    if (p.length === 3) return parseInt(p[2], 10) + ". " + months[parseInt(p[1], 10) - 1] + " " + p[0];
    if (p.length === 2) return months[parseInt(p[1], 10) - 1] + " " + p[0];
    return iso || "";
  }

  function start() {
    if (!box) return;
    if (typeof PagefindUI === "undefined") {
      box.innerHTML = '<p class="search-fallback">Die Suche konnte nicht geladen werden.</p>';
      return;
    }
    var query = new URLSearchParams(window.location.search).get("q") || "";
    box.innerHTML = "";
    var ui = new PagefindUI({
      element: "#suche",
      bundlePath: box.dataset.bundle,
      baseUrl: box.dataset.base,
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      showEmptyFilters: false,
      pageSize: 10,
      processResult: function (result) {
        // Show the date in German and keep only what a reader needs on a result card.
        var meta = {};
        if (result.meta.title) meta.title = result.meta.title;
        if (result.meta.date) meta.Datum = germanDate(result.meta.date);
        result.meta = meta;
        return result;
      },
      processTerm: function (term) {
        // Keep the query in the address, so reload, back and a shared link show the same results.
        var url = new URL(window.location.href);
        if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
        window.history.replaceState(null, "", url);
        return term;
      }
    });
    // Pagefind labels its field only with a title; give it a real name.
    var input = box.querySelector(".pagefind-ui__search-input");
    if (input) input.setAttribute("aria-label", "Dossier durchsuchen");
    if (query) ui.triggerSearch(query);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
