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
