/* The lodging form: a place picked on the force's map (map.js) or the browser's location is sent with the
   complaint, and the police station it falls to — asked of the server (lodge/station/: the routing's own
   look-up, named in the page's language) — is shown, drawn on the map and chosen in the form, where the citizen
   may change it (the map then shows the station chosen). Submit once (one click, one complaint). */
(function () {
  var form = document.querySelector("form.lodge");
  if (!form) return;
  form.addEventListener("submit", function () {
    document.getElementById("submit-complaint").disabled = true;
  });
  var button = document.getElementById("use-location");
  var note = document.getElementById("location-note");
  var box = form.querySelector(".force-map");
  var map = box && box.forceMap;
  var said = document.getElementById("map-station");
  var unit = form.querySelector("select[name=unit]");
  var lat = form.querySelector("input[name=lat]"), lng = form.querySelector("input[name=lng]");

  function place(latitude, longitude, status) {
    lat.value = latitude;
    lng.value = longitude;
    if (map) map.setMarker(latitude, longitude);
    return fetch(button.getAttribute("data-station-url") + "?lat=" + latitude + "&lng=" + longitude,
                 {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (found) {
        status.textContent = found.text || found.error;
        if (found.code && unit) unit.value = found.code;
        if (found.code && map) map.highlight(found.code);
        if (!found.code) lat.value = lng.value = "";  // outside the force's area: the place is not sent
      })
      .catch(function () { status.textContent = button.getAttribute("data-map-failed"); });
  }

  if (map) {
    document.getElementById("map-help").hidden = false;
    box.addEventListener("forcemap:pick", function (event) { place(event.detail.lat, event.detail.lng, said); });
    if (unit) {
      unit.addEventListener("change", function () { if (unit.value) map.highlight(unit.value, true); });
      box.addEventListener("forcemap:ready", function () { if (unit.value) map.highlight(unit.value, true); });
    }
  }
  if (!button || !("geolocation" in navigator)) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    note.textContent = button.getAttribute("data-finding");
    navigator.geolocation.getCurrentPosition(function (pos) {
      place(pos.coords.latitude.toFixed(6), pos.coords.longitude.toFixed(6), note);
    }, function () {
      note.textContent = button.getAttribute("data-failed");
    });
  });
})();
