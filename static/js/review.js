// Keyboard review of findings (issue 22): on the review queue, j/k move between findings, c confirms the
// current one, d dismisses it (its reason chosen first: d focuses the reason list when none is chosen).
// The forms work without this file; it only adds the keys. No inline code: the CSP forbids it.
(function () {
  "use strict";

  var items = Array.prototype.slice.call(document.querySelectorAll("[data-queue-item]"));
  var current = -1;

  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
  }

  function select(index) {
    if (!items.length) {
      return;
    }
    if (current >= 0) {
      items[current].classList.remove("is-current");
    }
    current = Math.max(0, Math.min(items.length - 1, index));
    items[current].classList.add("is-current");
    items[current].focus();
  }

  function submit(item, button) {
    var form = item.querySelector("[data-review-form]");
    var target = form && form.querySelector(button);
    if (!target) {
      return;
    }
    if (button === "[data-review-dismiss]") {
      var reason = form.querySelector("[data-review-reason]");
      if (reason && !reason.value) {
        reason.focus();
        return;
      }
    }
    form.requestSubmit(target);
  }

  // A dismissal needs a reason: say so before the round trip.
  document.querySelectorAll("[data-review-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var reason = form.querySelector("[data-review-reason]");
      if (event.submitter && event.submitter.hasAttribute("data-review-dismiss") && reason && !reason.value) {
        event.preventDefault();
        reason.setCustomValidity("Choose why the finding is dismissed.");
        reason.reportValidity();
        reason.addEventListener("change", function () { reason.setCustomValidity(""); }, { once: true });
      }
    });
  });

  if (!items.length) {
    return;
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      if (event.key === "Escape" && typing(event.target) && current >= 0) {
        items[current].focus();
      }
      return;
    }
    var item = current >= 0 ? items[current] : null;
    if (event.key === "j") {
      select(current + 1);
    } else if (event.key === "k") {
      select(current - 1);
    } else if (event.key === "c" && item) {
      submit(item, "[data-review-confirm]");
    } else if (event.key === "d" && item) {
      submit(item, "[data-review-dismiss]");
    } else {
      return;
    }
    event.preventDefault();
  });
})();
