// Progressive enhancement only: the site reads and navigates without this file.
// Loaded with `async` and started once the page has loaded, so it never runs in the task in which the
// browser lays out and paints the page for the first time: that task stays as short as the page allows.
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;

  function start() {
    function media(query) { return window.matchMedia ? window.matchMedia(query) : { matches: false }; }

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
      toggle.hidden = false;
      showState();
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
    var data = doc.getElementById("vorschau");
    var cards = {};
    try { cards = data ? JSON.parse(data.textContent) : {}; } catch (e) { cards = {}; }
    var card, heading, when, text, owner, timer;

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
      var entry = cards[link.getAttribute("href")];
      clearTimeout(timer);
      if (!entry) return;
      if (!card) make();
      if (owner && owner !== link) hide();
      heading.textContent = entry.title || "";
      when.textContent = entry.date || "";
      when.hidden = !entry.date;
      text.textContent = entry.text || "";
      text.hidden = !entry.text;
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

    var hover = media("(hover: hover)").matches;
    var links = doc.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      if (!(link instanceof HTMLAnchorElement)) continue;  // the network drawing has its own titles
      if (!Object.prototype.hasOwnProperty.call(cards, link.getAttribute("href"))) continue;
      link.removeAttribute("title");  // the card takes the place of the browser's tooltip
      if (hover) {
        link.addEventListener("mouseenter", function () { show(this); });
        link.addEventListener("mouseleave", later);
      }
      link.addEventListener("focus", function () { if (keyboard(this)) show(this); });
      link.addEventListener("blur", hide);
    }
    doc.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && card && !card.hidden) hide();
    });
  }

  if (doc.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
