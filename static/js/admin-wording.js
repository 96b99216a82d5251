/* wagtail-localize's translation editor writes two strings in English whatever the
   admin's language, without gettext: the title of its list of strings ("Français to
   Anglais translation") and the hidden label of its menu button ("More actions").
   This rewords them from the JavaScript catalogue (locale_overrides/, djangojs) once
   the editor has drawn them. It does nothing on any other page. */
(function () {
  "use strict";

  var editor = document.querySelector(".js-translation-editor");
  if (!editor || typeof window.gettext !== "function" || typeof window.interpolate !== "function") {
    return;
  }
  var TITLE = /^(.+) to (.+) translation$/;

  function setText(element, text) {
    // Only when it changes: the observer below sees every change made here.
    if (element.textContent !== text) {
      element.textContent = text;
    }
  }

  function reword() {
    editor.querySelectorAll("h3").forEach(function (heading) {
      var match = TITLE.exec(heading.textContent);
      if (match) {
        setText(heading, interpolate(gettext("%(source)s to %(target)s translation"), { source: match[1], target: match[2] }, true));
      }
    });
    editor.querySelectorAll(".w-sr-only").forEach(function (label) {
      if (label.textContent === "More actions") {
        setText(label, gettext("More actions"));
      }
    });
  }

  new MutationObserver(reword).observe(editor, { childList: true, subtree: true });
  reword();
})();
