/* Behaviour every page may use, wired here rather than in inline handlers (the Content-Security-Policy
   allows no inline script): a select with data-submit-on-change submits its form when changed, and a
   button with data-print prints the page. */
document.addEventListener("change", function (event) {
  var select = event.target;
  if (select.matches && select.matches("select[data-submit-on-change]") && select.form) {
    select.form.submit();
  }
});
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
/* A search box over a long select (the officer to mark a complaint to): shown only with JavaScript; without
   it the select alone works. Typing hides the options whose data-search does not hold every word. */
document.querySelectorAll("input.option-filter[data-filters]").forEach(function (box) {
  var select = document.getElementById(box.getAttribute("data-filters"));
  if (!select) {
    return;
  }
  box.hidden = false;
  box.addEventListener("input", function () {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var first = null;
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) {
        return;
      }
      var text = (option.getAttribute("data-search") + " " + option.text).toLowerCase();
      option.hidden = !words.every(function (word) { return text.indexOf(word) !== -1; });
      if (!option.hidden && first === null) {
        first = option;
      }
    });
    if (select.selectedOptions.length && select.selectedOptions[0].hidden) {
      select.value = "";
    }
    if (first && words.length && !select.value) {
      select.value = first.value;
    }
  });
});
/* The header's menu on a phone: folded behind its button until opened (the CSS folds it only on narrow screens,
   so a wide window shows it whatever the button says). */
(function () {
  var button = document.querySelector("header .menu-toggle");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) {
    return;
  }
  button.hidden = false;
  menu.classList.add("folding", "closed");
  button.addEventListener("click", function () {
    var open = menu.classList.toggle("closed") === false;
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
/* The officers' menu groups open and close by their own headings without JavaScript (<details>); with it, opening
   one closes the others, and a click elsewhere or Escape closes it (Escape hands the focus back to its heading).
   A drop-down that would stick out past the window's edge opens towards the other side. */
(function () {
  var groups = document.querySelectorAll("header details.menu-group");
  groups.forEach(function (group) {
    group.addEventListener("toggle", function () {
      if (!group.open) {
        return;
      }
      groups.forEach(function (other) {
        if (other !== group) {
          other.open = false;
        }
      });
      var links = group.querySelector(".menu-group-links");
      links.classList.remove("align-end");
      var box = links.getBoundingClientRect();
      if (box.right > document.documentElement.clientWidth || box.left < 0) {
        links.classList.add("align-end");
      }
    });
  });
  document.addEventListener("click", function (event) {
    groups.forEach(function (group) {
      if (group.open && !group.contains(event.target)) {
        group.open = false;
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    groups.forEach(function (group) {
      if (group.open) {
        var inside = group.contains(document.activeElement);
        group.open = false;
        if (inside) {
          group.querySelector("summary").focus();
        }
      }
    });
  });
})();
