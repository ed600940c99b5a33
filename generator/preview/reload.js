(function () {
  "use strict";
  var config = __CONFIG__;
  var key = "dossier-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo(0, parseFloat(saved)); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }
  var source = null;
  function overlay(lines) {
    var box = document.getElementById("dossier-error-overlay");
    if (!lines.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "dossier-error-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 1rem 1rem 1rem;z-index:2147483647;max-height:60vh;" +
        "overflow:auto;background:#2b0b0b;color:#fff;border:3px solid #e5484d;border-radius:.5rem;" +
        "padding:1rem 1.25rem;font:14px/1.5 ui-monospace,monospace;box-shadow:0 8px 30px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "Build fehlgeschlagen – die Vorschau zeigt den letzten guten Stand";
    box.appendChild(title);
    var list = document.createElement("pre");
    list.style.cssText = "white-space:pre-wrap;margin:.5rem 0 0";
    list.textContent = lines.join("\n");
    box.appendChild(list);
  }
  function connect() {
    if (source) return;
    // Told the epoch at which this page last changed: a rebuild that leaves it alone does not reload it.
    source = new EventSource(config.events + "?page=" + encodeURIComponent(location.pathname));
    source.addEventListener("state", function (event) {
      var state = JSON.parse(event.data);
      document.documentElement.setAttribute("data-dossier-live", "connected");  // told of every rebuild now
      overlay(state.error);
      if (!state.error.length && state.epoch > config.epoch) {
        sessionStorage.setItem(key, String(window.scrollY));
        source.close();
        location.reload();
      }
    });
  }
  // Hidden tabs let go of their connection: browsers allow only a few per host.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { if (source) { source.close(); source = null; } } else connect();
  });
  if (!document.hidden) connect();
})();
