/* Ballot basket: shows, as the citizen chooses, the money or points left, or how
   many projects are ranked (and which one is ranked twice). Ballot filters: show
   only the projects of a category, of a district, or both.
   Progressive enhancement only: the form works the same without this script,
   and the server checks every rule again. */
(function () {
  "use strict";

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  // The singular or the plural of a count: data-text-NAME-one or data-text-NAME-other,
  // chosen by the language's plural rule (French says "0 projet", German "0 Projekte").
  var pluralRules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;

  function plural(basket, name, count) {
    var one = pluralRules ? pluralRules.select(count) === "one" : count === 1;
    return basket.dataset[name + (one ? "One" : "Other")];
  }

  function money(amount, currency) {
    return new Intl.NumberFormat(document.documentElement.lang, { maximumFractionDigits: 0 }).format(amount) + " " + currency;
  }

  function update(form, basket) {
    var method = form.dataset.method;
    var message = "";
    if (method === "knapsack") {
      var spent = 0;
      form.querySelectorAll("input[name=projects]:checked").forEach(function (box) {
        spent += parseFloat(box.closest("[data-cost]").dataset.cost);
      });
      var envelope = parseFloat(form.dataset.envelope);
      var values = { spent: money(spent, basket.dataset.currency), left: money(envelope - spent, basket.dataset.currency), over: money(spent - envelope, basket.dataset.currency) };
      message = format(spent > envelope ? basket.dataset.textOver : basket.dataset.textMoney, values);
      basket.classList.toggle("ballot__basket--over", spent > envelope);
    } else if (method === "approval") {
      var count = form.querySelectorAll("input[name=projects]:checked").length;
      message = format(plural(basket, "textCount", count), { count: count });
    } else if (method === "cumulative") {
      var given = 0;
      form.querySelectorAll("input[name^='points-']").forEach(function (input) {
        given += parseInt(input.value, 10) || 0;
      });
      var total = parseInt(form.dataset.totalPoints, 10) || 0;
      message = given > total
        ? format(basket.dataset.textPointsOver, { over: given - total })
        : format(plural(basket, "textPoints", total - given), { left: total - given });
      basket.classList.toggle("ballot__basket--over", given > total);
    } else if (method === "ranked") {
      var ranks = form.querySelectorAll(".ballot__ranks select");
      var seen = {};
      var ranked = 0;
      var twice = "";
      ranks.forEach(function (select) {
        if (!select.value) { return; }
        ranked += 1;
        if (seen[select.value] && !twice) {
          twice = select.options[select.selectedIndex].dataset.title;
        }
        seen[select.value] = true;
      });
      message = twice
        ? format(basket.dataset.textRankedTwice, { project: twice })
        : format(plural(basket, "textRanked", ranked), { count: ranked, max: ranks.length });
      basket.classList.toggle("ballot__basket--over", Boolean(twice));
    } else {
      return;
    }
    basket.textContent = message;
    basket.hidden = false;
  }

  // A project is shown when it matches every filter (its data-category,
  // data-district... equal to the filter's value, or the filter left empty).
  function filter(form, selects) {
    form.querySelectorAll("[data-category]").forEach(function (item) {
      // Chosen projects stay visible, so a filter never hides part of the ballot.
      var chosen = item.querySelector("input:checked") || (item.querySelector("input[type=number]") || {}).value > 0;
      var matches = selects.every(function (select) {
        return select.value === "" || item.dataset[select.dataset.filter] === select.value;
      });
      item.hidden = !matches && !chosen;
    });
  }

  document.querySelectorAll("form.ballot").forEach(function (form) {
    var selects = [];
    form.querySelectorAll("[data-ballot-filter]").forEach(function (box) {
      var select = box.querySelector("select");
      box.hidden = false;
      selects.push(select);
      select.addEventListener("change", function () { filter(form, selects); });
    });
    // A reloaded page may come back with a filter the browser kept.
    if (selects.length) { filter(form, selects); }
    var basket = form.querySelector("[data-basket]");
    // No basket for a ballot that cannot be cast (vote closed, visitor not signed in).
    if (!basket || !form.querySelector("button[type=submit]")) { return; }
    form.addEventListener("change", function () { update(form, basket); });
    form.addEventListener("input", function () { update(form, basket); });
    update(form, basket);
  });
})();
