// Progressive enhancement only: every page is complete without this file.
(function () {
  "use strict";
  // Show the reader's local time next to times given as
  // <time datetime="..." data-local="target-id" [data-local-end="..."]>: the element with
  // that id gets the time (or the range) in the browser's own zone, and the nearest
  // [data-local-wrapper] around it is unhidden.
  var formatter;
  try {
    // dateStyle/timeStyle cannot be combined with timeZoneName, so name the parts.
    formatter = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      year: "numeric", month: "short", day: "numeric",
      hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
  } catch (e) { return; }

  function describe(start, end) {
    if (!end) { return formatter.format(start); }
    if (typeof formatter.formatRange === "function") {
      try { return formatter.formatRange(start, end); } catch (e) { /* fall back below */ }
    }
    return formatter.format(start) + " – " + formatter.format(end);
  }

  document.querySelectorAll("time[data-local]").forEach(function (el) {
    var start = new Date(el.getAttribute("datetime"));
    if (isNaN(start)) { return; }
    var end = el.hasAttribute("data-local-end") ? new Date(el.getAttribute("data-local-end")) : null;
    if (end && isNaN(end)) { end = null; }
    var target = document.getElementById(el.getAttribute("data-local"));
    if (target) {
      target.textContent = describe(start, end);
      target.hidden = false;
      var wrapper = target.closest("[data-local-wrapper]");
      if (wrapper) { wrapper.hidden = false; }
    }
  });
})();

// "Share this": a Copy button next to the read-only link, where the Clipboard API exists.
// Without it (or without this file) the link stays selectable in its field.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-source]").forEach(function (field) {
    // One click selects the whole address, ready to copy by hand.
    field.addEventListener("focus", function () { field.select(); });
  });
  if (!navigator.clipboard || typeof navigator.clipboard.writeText !== "function") { return; }
  document.querySelectorAll("[data-copy]").forEach(function (box) {
    var source = box.querySelector("[data-copy-source]");
    var button = box.querySelector("[data-copy-button]");
    var status = box.querySelector("[data-copy-status]");
    if (!source || !button || !status) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        status.textContent = status.getAttribute("data-copied");
      }, function () {
        source.select();
        status.textContent = status.getAttribute("data-failed");
      });
    });
  });
})();

// Disclosures that are open on wide screens (data-open-wide="45em": the header's menu, a
// list's filters). site.css shows their content there through ::details-content; a browser
// without it gets them opened here. Closed on phones, so the results come first.
(function () {
  "use strict";
  if (window.CSS && CSS.supports && CSS.supports("selector(::details-content)")) { return; }
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    var query = "(min-width: " + details.getAttribute("data-open-wide") + ")";
    if (window.matchMedia && window.matchMedia(query).matches) { details.open = true; }
  });
})();
