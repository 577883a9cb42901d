// Progressive enhancement only: every page is complete without this file.
(function () {
  "use strict";
  // Show the reader's local time next to times given as
  // <time datetime="..." data-local="target-id" [data-local-end="..."] [data-zone="IANA zone"]>:
  // the element with that id gets the time (or the range) in the browser's own zone, and the
  // nearest [data-local-wrapper] around it is unhidden; unless the browser's clock reads the
  // same as the event's zone (data-zone) at those instants, when there is nothing to add.
  var language = document.documentElement.lang || undefined;
  // dateStyle/timeStyle cannot be combined with timeZoneName, so name the parts; a 24-hour
  // clock, as the event's own times are written.
  var parts = {year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23"};
  var formatter, clocks = {};
  try {
    formatter = new Intl.DateTimeFormat(language, Object.assign({timeZoneName: "short"}, parts));
    clocks[""] = new Intl.DateTimeFormat(language, parts);
  } catch (e) { return; }

  function clockIn(zone) {
    if (!(zone in clocks)) {
      try {
        clocks[zone] = new Intl.DateTimeFormat(language, Object.assign({timeZone: zone}, parts));
      } catch (e) { clocks[zone] = null; }  // a zone this browser does not know
    }
    return clocks[zone];
  }

  function sameClock(zone, instants) {
    var theirs = zone && clockIn(zone);
    return !!theirs && instants.every(function (instant) {
      return instant === null || theirs.format(instant) === clocks[""].format(instant);
    });
  }

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
    if (sameClock(el.getAttribute("data-zone"), [start, end])) { return; }
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

// Time-zone menus the server could only guess (data-browser-zone: nobody chose a zone yet)
// start at the browser's own zone; without this file they keep the server's guess.
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) { return; }
  document.querySelectorAll("select[data-browser-zone]").forEach(function (select) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === zone) { select.selectedIndex = i; return; }
    }
  });
  // The sign-up form's hidden field: the new account starts in this zone (the server
  // ignores a zone it does not know).
  document.querySelectorAll("input[type=hidden][data-browser-zone]").forEach(function (input) {
    if (!input.value) { input.value = zone; }
  });
})();

// Star buttons ("Add to My programme"): without this they post and reload the page; with it
// the same form is sent in the background and the button changes in place.
(function () {
  "use strict";
  if (typeof window.fetch !== "function" || typeof window.FormData !== "function") { return; }
  document.querySelectorAll("form[data-star-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button");
      var wish = form.querySelector("input[name=starred]");
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (data) {
        wish.value = data.starred ? "0" : "1";
        button.classList.toggle("star-button--on", data.starred);
        button.querySelector("[data-star-label]").textContent =
          button.getAttribute(data.starred ? "data-on" : "data-off");
        var status = form.querySelector("[data-star-status]");
        if (status) { status.textContent = button.getAttribute(data.starred ? "data-on" : "data-off"); }
        button.disabled = false;
        button.focus();
      }).catch(function () {
        form.submit();  // let the server answer as it does without JavaScript
      });
    });
  });
})();

// The "Join" button goes live while the page stays open: when the time it opens comes, the join
// box is read again from the page (without JavaScript, reloading the page shows it). A clock
// running fast finds it still closed: it looks again every half minute, a few times.
(function () {
  "use strict";
  if (typeof window.fetch !== "function" || typeof window.DOMParser !== "function") { return; }
  var waiting = document.querySelector(".join-box [data-join-opens]");
  if (!waiting) { return; }
  var box = waiting.closest(".join-box");
  var opens = Number(waiting.getAttribute("data-join-opens")) * 1000;  // (seconds since 1970)
  var DAY = 24 * 60 * 60 * 1000;
  if (!opens || opens - Date.now() > DAY) { return; }
  var tries = 10;
  function refresh() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".join-box");
      if (fresh && !fresh.querySelector("[data-join-opens]")) {
        box.innerHTML = fresh.innerHTML;
      } else if (--tries > 0) {
        window.setTimeout(refresh, 30 * 1000);
      }
    });
  }
  window.setTimeout(refresh, Math.max(0, opens - Date.now()) + 1000);
})();
