/* Sharing and posters: the "Copy the link" button beside a page's address, and the
   "Print the poster" button.
   Progressive enhancement only: without this script the address stays in its field,
   to copy by hand, and a poster is printed with the browser's own Print command.
   Both buttons are hidden in the HTML and shown here, where they work. */
(function () {
  "use strict";

  function setUpCopy(box) {
    var field = box.querySelector("[data-copy-source]");
    var button = box.querySelector("[data-copy-button]");
    var status = box.querySelector("[data-copy-status]");
    if (!field || !button || !status) {
      return;
    }

    function copied() {
      // Emptied first, so that a second click is announced again.
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = button.dataset.copied;
      }, 50);
    }

    function copyBySelection() {
      field.focus();
      field.select();
      try {
        if (document.execCommand("copy")) {
          copied();
        }
      } catch (error) {
        // The address stays selected: the visitor copies it with their keyboard.
      }
    }

    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(copied, copyBySelection);
      } else {
        copyBySelection();
      }
    });
  }

  function setUpPrint(button) {
    if (typeof window.print !== "function") {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  }

  document.querySelectorAll("[data-copy-link]").forEach(setUpCopy);
  document.querySelectorAll("[data-print]").forEach(setUpPrint);
})();
