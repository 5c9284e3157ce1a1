/* The lodging form: offer the browser's location when it has one, and submit once (one click, one complaint).
   The location is sent with the complaint, and the police station it falls to (lodge/station/, named in
   the page's language) is shown and chosen in the form, where the citizen may change it. */
(function () {
  var form = document.querySelector("form.lodge");
  if (!form) return;
  form.addEventListener("submit", function () {
    document.getElementById("submit-complaint").disabled = true;
  });
  var button = document.getElementById("use-location");
  if (!button || !("geolocation" in navigator)) return;
  var note = document.getElementById("location-note");
  button.hidden = false;
  button.addEventListener("click", function () {
    note.textContent = button.getAttribute("data-finding");
    navigator.geolocation.getCurrentPosition(function (pos) {
      var lat = pos.coords.latitude.toFixed(6), lng = pos.coords.longitude.toFixed(6);
      form.querySelector("input[name=lat]").value = lat;
      form.querySelector("input[name=lng]").value = lng;
      fetch(button.getAttribute("data-station-url") + "?lat=" + lat + "&lng=" + lng, {credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (found) {
          note.textContent = found.text || found.error;
          var unit = form.querySelector("select[name=unit]");
          if (found.code && unit) unit.value = found.code;
          if (!found.code) {  // outside the force's area: the place is not sent
            form.querySelector("input[name=lat]").value = form.querySelector("input[name=lng]").value = "";
          }
        })
        .catch(function () { note.textContent = button.getAttribute("data-failed"); });
    }, function () {
      note.textContent = button.getAttribute("data-failed");
    });
  });
})();
