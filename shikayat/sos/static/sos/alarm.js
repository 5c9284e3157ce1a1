// The SOS alarm on the call-centre console: a fast poll (every second, answered 304 while nothing changed) shows
// each open alarm until an agent acknowledges it; one agent's acknowledgement clears it for every console at
// its next poll. A short tone sounds when a new alarm appears, if the browser allows sound. No inline script (CSP).
(function () {
  "use strict";
  var box = document.getElementById("sos-alarms");
  if (!box || !window.fetch) { return; }
  var EVERY_MS = 1000, etag = "", seen = {}, current = [];
  var csrf = (box.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function tone() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      var ctx = new Ctx(), osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.4);
    } catch (e) { /* no sound allowed: the alarm stays on screen */ }
  }

  function age(iso) {
    return Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  }

  function show(alarms) {
    current = alarms;
    var fresh = false;
    box.querySelectorAll(".sos-alarm").forEach(function (n) { n.remove(); });
    box.hidden = alarms.length === 0;
    alarms.forEach(function (a) {
      if (!seen[a.id]) { seen[a.id] = true; fresh = true; }
      var item = el("article", "", {"class": "sos-alarm", "id": "sos-" + a.id});
      var head = el("h2", box.dataset.title + ": ");
      head.appendChild(el("bdi", a.phone));
      item.appendChild(head);
      item.appendChild(el("p", box.dataset.raised + " " + a.raised + " · " + box.dataset.times + ": " + a.triggers));
      var station = a.station ? box.dataset.station + ": " + a.station + (a.station_phone ? " (" + a.station_phone + ")" : "")
        + " · " + a.station_source : box.dataset.noStation;
      item.appendChild(el("p", station, {"class": "sos-station"}));
      var place = el("p", "", {"class": "sos-place"});
      if (a.lat) {
        place.appendChild(document.createTextNode(box.dataset.place + ": "));
        place.appendChild(el("bdi", a.lat + ", " + a.lng));
        place.appendChild(el("span", " · " + (a.live ? box.dataset.live : box.dataset.last) + ", ", {"class": "sos-live"}));
        place.appendChild(el("span", age(a.located_at) + " " + box.dataset.age, {"class": "sos-age", "data-at": a.located_at}));
        place.appendChild(document.createTextNode(" · "));
        place.appendChild(el("a", box.dataset.map, {"href": "geo:" + a.lat + "," + a.lng}));
        if (a.station) {  // the force's map, centred on it (only alerts at a known station are on it)
          place.appendChild(document.createTextNode(" · "));
          place.appendChild(el("a", box.dataset.showOnMap, {"href": box.dataset.mapPage + "?alert=" + a.id, "class": "sos-on-map", "target": "_blank", "rel": "noopener"}));
        }
      } else {
        place.textContent = box.dataset.noPlace;
      }
      item.appendChild(place);
      var button = el("button", box.dataset.button, {"type": "button", "class": "sos-acknowledge", "data-id": a.id});
      item.appendChild(el("p")).appendChild(button);
      box.appendChild(item);
    });
    if (fresh) { tone(); }
  }

  box.addEventListener("click", function (event) {
    var button = event.target.closest(".sos-acknowledge");
    if (!button) { return; }
    button.disabled = true;
    fetch(box.dataset.acknowledge.replace("/0/", "/" + button.dataset.id + "/"), {
      method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrf, "Accept": "application/json"}
    }).then(function (r) { return r.json(); }).then(function (data) {
      var note = el("p", data.message || "", {"class": "sos-done", "role": "status"});
      box.parentNode.insertBefore(note, box.nextSibling);
      etag = "";
      show(current.filter(function (a) { return a.id !== data.id; }));
    }).catch(function () { button.disabled = false; });
  });

  function tick() {
    box.querySelectorAll(".sos-age").forEach(function (n) {
      n.textContent = age(n.dataset.at) + " " + box.dataset.age;
    });
  }

  function poll() {
    var headers = {"Accept": "application/json"};
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(box.dataset.poll, {credentials: "same-origin", headers: headers, cache: "no-cache"})
      .then(function (r) {
        if (r.status === 304) { return null; }
        if (!r.ok) { return null; }
        etag = r.headers.get("ETag") || "";
        return r.json();
      })
      .then(function (data) { if (data) { show(data.alarms || []); } else { tick(); } })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, EVERY_MS); });
  }
  poll();
}());
