// Progressive enhancement only: the site reads and navigates without this file.
(function () {
  "use strict";
  function field() {
    // On the search page Pagefind's own field takes the place of the header's.
    return document.querySelector(".pagefind-ui__search-input") || document.getElementById("suchfeld");
  }
  // "/" focuses the search field, as on many documentation sites, unless the reader is typing.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing) return;
    var input = field();
    if (!input) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
})();
