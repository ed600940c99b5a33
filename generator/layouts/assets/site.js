// Progressive enhancement only: the site reads and navigates without this file.
// Loaded with `async` and started once the page has loaded, so it never runs in the task in which the
// browser lays out and paints the page for the first time: that task stays as short as the page allows.
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;

  function start() {
    function media(query) { return window.matchMedia ? window.matchMedia(query) : { matches: false }; }
    var hover = media("(hover: hover)").matches;

    // "/" focuses the search field, as on many documentation sites, unless the reader is typing.
    function field() {
      // On the search page Pagefind's own field takes the place of the header's.
      return doc.querySelector(".pagefind-ui__search-input") || doc.getElementById("suchfeld");
    }
    doc.addEventListener("keydown", function (event) {
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

    // Light or dark: the system decides until the reader presses the button; the choice is remembered.
    // The inline script in <head> applies a remembered choice before the page is painted.
    var toggle = doc.querySelector(".theme-toggle");
    var systemDark = media("(prefers-color-scheme: dark)");
    function dark() {
      var chosen = root.getAttribute("data-theme");
      return chosen ? chosen === "dark" : systemDark.matches;
    }
    function showState() { toggle.setAttribute("aria-pressed", dark() ? "true" : "false"); }
    if (toggle) {
      showState();
      toggle.hidden = false;  // after every media query is read: reading one then would restyle the page
      toggle.addEventListener("click", function () {
        var theme = dark() ? "light" : "dark";
        root.setAttribute("data-theme", theme);
        try { localStorage.setItem("dossier-theme", theme); } catch (e) { /* private mode: not remembered */ }
        showState();
      });
      if (systemDark.addEventListener) systemDark.addEventListener("change", showState);
    }

    // Previews: a small card for links to articles and entities, from the page's own JSON (no fetching).
    // Mouse: on hover, only where the device can hover. Keyboard: on focus. Escape closes it.
    // One listener for the whole page, and the JSON is read at the first preview: starting costs nothing
    // however many links the page has.
    var cards = null, card, heading, when, text, owner, timer;

    function entry(link) {
      if (!cards) {
        var data = doc.getElementById("vorschau");
        try { cards = data ? JSON.parse(data.textContent) : {}; } catch (e) { cards = {}; }
      }
      var href = link.getAttribute("href");
      return Object.prototype.hasOwnProperty.call(cards, href) ? cards[href] : null;
    }

    // The link an event concerns: an HTML link with a card (the network drawing has its own titles).
    function previewed(node) {
      var link = node && node.closest ? node.closest("a[href]") : null;
      return link instanceof HTMLAnchorElement && entry(link) ? link : null;
    }

    function make() {
      card = doc.createElement("div");
      card.id = "vorschau-karte";
      card.className = "preview-card";
      card.setAttribute("role", "tooltip");
      card.hidden = true;
      heading = card.appendChild(doc.createElement("strong"));
      when = card.appendChild(doc.createElement("span"));
      text = card.appendChild(doc.createElement("p"));
      card.addEventListener("mouseenter", function () { clearTimeout(timer); });  // the card may be hovered
      card.addEventListener("mouseleave", later);
      (doc.querySelector("main") || doc.body).appendChild(card);  // inside a landmark, like its links
    }

    function show(link) {
      var shown = entry(link);
      clearTimeout(timer);
      if (!card) make();
      if (owner && owner !== link) hide();
      link.removeAttribute("title");  // the card takes the place of the browser's tooltip
      heading.textContent = shown.title || "";
      when.textContent = shown.date || "";
      when.hidden = !shown.date;
      text.textContent = shown.text || "";
      text.hidden = !shown.text;
      card.hidden = false;
      owner = link;
      link.setAttribute("aria-describedby", card.id);
      place(link);
    }

    function hide() {
      clearTimeout(timer);
      if (!card || card.hidden) return;
      card.hidden = true;
      if (owner) owner.removeAttribute("aria-describedby");
      owner = null;
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(hide, 250);
    }

    // Below the link, or above it when there is no room below; never over it, never off the page.
    function place(link) {
      var box = link.getBoundingClientRect(), gap = 8;
      var width = card.offsetWidth, height = card.offsetHeight;
      var top = box.bottom + gap;
      if (top + height > window.innerHeight && box.top - gap - height >= 0) top = box.top - gap - height;
      var left = Math.max(gap, Math.min(box.left, root.clientWidth - width - gap));
      card.style.top = Math.round(top + window.pageYOffset) + "px";
      card.style.left = Math.round(left + window.pageXOffset) + "px";
    }

    function keyboard(link) {
      try { return link.matches(":focus-visible"); } catch (e) { return true; }
    }

    if (hover) {
      // Entering and leaving a link, not moving between the elements inside it.
      doc.addEventListener("mouseover", function (event) {
        var link = previewed(event.target);
        if (link && !link.contains(event.relatedTarget)) show(link);
      });
      doc.addEventListener("mouseout", function (event) {
        var link = previewed(event.target);
        if (link && !link.contains(event.relatedTarget)) later();
      });
    }
    doc.addEventListener("focusin", function (event) {
      var link = previewed(event.target);
      if (link && keyboard(link)) show(link);
    });
    doc.addEventListener("focusout", function (event) {
      if (previewed(event.target)) hide();
    });
    doc.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && card && !card.hidden) hide();
    });
  }

  if (doc.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
