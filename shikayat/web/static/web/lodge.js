/* The lodging form: offer the browser's location when it has one, and submit once (one click, one complaint). */
(function () {
  var form = document.querySelector("form.lodge");
  if (!form) return;
  form.addEventListener("submit", function () {
    document.getElementById("submit-complaint").disabled = true;
  });
  var button = document.getElementById("use-location");
  if (!button || !("geolocation" in navigator)) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.querySelector("input[name=lat]").value = pos.coords.latitude.toFixed(6);
      form.querySelector("input[name=lng]").value = pos.coords.longitude.toFixed(6);
      document.getElementById("location-note").textContent = "✓";
    });
  });
})();
