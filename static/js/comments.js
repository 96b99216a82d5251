/* Long discussions: load more comment threads, and a thread's folded replies, in place.
   Progressive enhancement only: "See more comments" and "Show all N replies" are plain
   links to another page of threads (?comments=2, ?thread=42) that work without this
   script. Here the same URL is fetched and the part it adds is taken from it; the
   keyboard focus moves to the first comment added. Any failure follows the link. */
(function () {
  "use strict";

  if (!window.fetch || !window.DOMParser) {
    return;
  }

  function load(url) {
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        return new DOMParser().parseFromString(html, "text/html");
      });
  }

  function focusOn(element) {
    if (!element) {
      return;
    }
    element.setAttribute("tabindex", "-1");
    element.focus();
  }

  function moreThreads(link) {
    var section = link.closest(".comments");
    var list = section && section.querySelector("[data-threads]");
    if (!list) {
      return false;
    }
    link.setAttribute("aria-busy", "true");
    load(link.href)
      .then(function (doc) {
        var items = doc.querySelectorAll("#comments [data-threads] > li");
        var first = null;
        items.forEach(function (item) {
          if (list.querySelector('[data-thread="' + item.dataset.thread + '"]')) {
            return; // already shown (a thread written meanwhile moved the pages)
          }
          var added = document.importNode(item, true);
          list.appendChild(added);
          first = first || added.querySelector(".comment");
        });
        var next = doc.querySelector("#comments [data-more-threads]");
        var pages = link.closest(".comment-pages");
        if (next) {
          link.setAttribute("href", next.getAttribute("href"));
          link.removeAttribute("aria-busy");
          var earlier = pages.querySelector('[rel="prev"]');
          if (earlier) {
            earlier.parentNode.remove(); // the earlier threads are all on the page now
          }
        } else {
          pages.remove();
        }
        focusOn(first);
      })
      .catch(function () {
        window.location.href = link.href;
      });
    return true;
  }

  function unfold(link) {
    var id = link.dataset.unfold;
    var replies = document.getElementById(id);
    if (!replies) {
      return false;
    }
    var target = link.hash.slice(1);
    link.setAttribute("aria-busy", "true");
    load(link.href)
      .then(function (doc) {
        var all = doc.getElementById(id);
        if (!all) {
          throw new Error("no replies");
        }
        replies.replaceWith(document.importNode(all, true));
        link.parentNode.remove();
        focusOn(document.getElementById(target));
      })
      .catch(function () {
        window.location.href = link.href;
      });
    return true;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return; // a new tab or window: the plain link
    }
    var link = event.target.closest("a[data-more-threads], a[data-unfold]");
    if (!link) {
      return;
    }
    if (link.hasAttribute("aria-busy")) {
      event.preventDefault(); // already loading
      return;
    }
    var handled = link.hasAttribute("data-unfold") ? unfold(link) : moreThreads(link);
    if (handled) {
      event.preventDefault();
    }
  });
})();
