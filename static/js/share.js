/* Sharing: the "Copy the link" button beside a page's address.
   Progressive enhancement only: without this script the address stays in its field,
   to copy by hand. The button is hidden in the HTML and shown here, where it works. */
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

  document.querySelectorAll("[data-copy-link]").forEach(setUpCopy);
})();
