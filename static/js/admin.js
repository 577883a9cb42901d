/* The secretariat's admin: give the searchable menus (Django's select2 autocompletes) the
   name of their field, which select2 leaves them without. Loaded as a file (the CSP). */
(function () {
  "use strict";

  function nameOf(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return label ? label.textContent.replace(/:\s*$/, "").trim() : select.name;
  }

  function label(select) {
    var box = select.nextElementSibling;
    if (!box || !box.classList.contains("select2")) {
      return;
    }
    var name = nameOf(select);
    box
      .querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field')
      .forEach(function (element) {
        element.setAttribute("aria-label", name);
      });
  }

  function labelAll(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      label(select);
    });
  }

  var $ = window.django && window.django.jQuery;
  if (!$) {
    return;
  }
  // Queued after Django's own ready handler (autocomplete.js), which sets select2 up.
  $(function () {
    labelAll(document);
    // select2 draws a multiple menu's search field again after each choice.
    $(document).on("change", "select.admin-autocomplete", function () {
      label(this);
    });
  });
  document.addEventListener("formset:added", function (event) {
    window.setTimeout(function () {
      labelAll(event.target);
    });
  });
})();
