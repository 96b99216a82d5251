/* Similar proposals: while a citizen types a proposal's title, show the page's
   existing proposals that look like it, so that they can support one instead of
   posting a duplicate.
   Progressive enhancement only: without this script the server asks "did you
   mean…?" when the form is sent. The ids of the suggestions shown here are sent
   with the form so that the server does not ask about them again. */
(function () {
  "use strict";

  var DELAY = 400; // ms after the last key stroke
  var MIN_LENGTH = 4;

  function setUp(box) {
    var input = document.getElementById(box.dataset.titleInput);
    var form = input && input.form;
    if (!input || !form || !window.fetch) {
      return;
    }
    var results = box.querySelector("[data-similar-results]");
    var status = box.querySelector("[data-similar-status]");
    var seenField = form.querySelector("[data-seen-similar]");
    var seen = {};
    var timer = null;
    var controller = null;
    var lastTitle = "";

    box.hidden = false;

    function show(html) {
      results.innerHTML = html;
      var found = results.querySelector("[data-summary]");
      status.textContent = found ? found.dataset.summary : "";
      if (found && seenField) {
        found.dataset.ids.split(",").forEach(function (id) {
          if (id) {
            seen[id] = true;
          }
        });
        seenField.value = Object.keys(seen).join(",");
      }
    }

    function lookUp() {
      var title = input.value.trim();
      if (title === lastTitle) {
        return;
      }
      lastTitle = title;
      if (controller) {
        controller.abort();
      }
      if (title.length < MIN_LENGTH) {
        show("");
        return;
      }
      controller = window.AbortController ? new AbortController() : null;
      var url = box.dataset.similarUrl + "?title=" + encodeURIComponent(title);
      fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" }, signal: controller ? controller.signal : undefined })
        .then(function (response) {
          return response.ok ? response.text() : "";
        })
        .then(show)
        .catch(function () {
          /* Aborted or offline: the server still checks when the form is sent. */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, DELAY);
    });
    if (input.value.trim()) {
      lookUp();
    }
  }

  document.querySelectorAll("[data-similar-url]").forEach(setUp);
})();
