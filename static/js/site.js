// Progressive enhancement only: every page is complete without this file.
(function () {
  "use strict";
  // Show the reader's local time next to times given as <time data-local datetime="...">.
  var formatter;
  try {
    formatter = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      dateStyle: "medium", timeStyle: "short", timeZoneName: "short"
    });
  } catch (e) { return; }
  document.querySelectorAll("time[data-local]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when)) { return; }
    var target = document.getElementById(el.getAttribute("data-local"));
    if (target) {
      target.textContent = formatter.format(when);
      target.hidden = false;
      var wrapper = target.closest("[data-local-wrapper]");
      if (wrapper) { wrapper.hidden = false; }
    }
  });
})();
