// The SOS layer of the force's map (sos/_map_layer.html beside a .force-map): the open alerts in the officer's
// scope as labelled pins, those without a point listed beside the map, asked for again every few seconds (304
// while nothing changed). data-focus-alert (the console's "Show on the map") centres the map on that alert once.
// No inline script or style (CSP); nothing fetched from anyone else.
(function () {
  "use strict";
  var EVERY_MS = 10000;

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, key) { return values[key] === undefined ? all : values[key]; });
  }

  // The same, into `parent`, each value isolated in a <bdi> (a Latin station name in an Urdu line, and back).
  function fillInto(parent, template, values) {
    template.split(/(%\(\w+\)s)/).forEach(function (part) {
      var key = /^%\((\w+)\)s$/.exec(part);
      if (key && values[key[1]] !== undefined) {
        var bdi = document.createElement("bdi");
        bdi.textContent = values[key[1]];
        parent.appendChild(bdi);
      } else if (part) {
        parent.appendChild(document.createTextNode(part));
      }
    });
  }

  function layer(side) {
    var box = side.parentNode.querySelector(".force-map"), map = box && box.forceMap;
    if (!map) { return; }
    var list = side.querySelector(".sos-layer-list"), none = side.querySelector(".sos-layer-none"),
        note = side.querySelector(".sos-layer-note"), etag = "", focus = side.getAttribute("data-focus-alert"),
        byId = {};

    function title(a) {
      return fill(side.getAttribute("data-title"), {station: a.station, time: a.raised}) + " · " +
        (a.live ? side.getAttribute("data-live") : side.getAttribute("data-last"));
    }

    function item(a, located) {
      var li = document.createElement("li");
      li.className = located ? "sos-located" : "sos-unlocated";
      li.setAttribute("data-id", a.id);
      if (!located) {
        fillInto(li, side.getAttribute("data-no-location"), {station: a.station, time: a.raised});
        return li;
      }
      var key = document.createElement("span");
      key.className = "sos-key";
      key.setAttribute("aria-hidden", "true");
      key.textContent = "SOS";
      li.appendChild(key);
      li.appendChild(document.createTextNode(" "));
      fillInto(li, side.getAttribute("data-title"), {station: a.station, time: a.raised});
      li.appendChild(document.createTextNode(" · " + (a.live ? side.getAttribute("data-live") : side.getAttribute("data-last")) + " "));
      var show = document.createElement("button");
      show.type = "button";
      show.className = "sos-show";
      show.textContent = side.getAttribute("data-show");
      show.addEventListener("click", function () { map.centreOn(a.lat, a.lng); box.scrollIntoView({block: "nearest"}); });
      li.appendChild(show);
      return li;
    }

    function show(data) {
      var alerts = data.alerts || [], unlocated = data.no_location || [];
      byId = {};
      alerts.forEach(function (a) { byId[a.id] = a; });
      map.setMarks("sos", alerts.map(function (a) {
        return {lat: a.lat, lng: a.lng, id: a.id, text: "SOS", title: title(a)};
      }));
      while (list.firstChild) { list.removeChild(list.firstChild); }
      alerts.forEach(function (a) { list.appendChild(item(a, true)); });
      unlocated.forEach(function (a) { list.appendChild(item(a, false)); });
      none.hidden = alerts.length + unlocated.length > 0;
      if (focus) {
        if (byId[focus]) { map.centreOn(byId[focus].lat, byId[focus].lng); } else { note.textContent = side.getAttribute("data-gone"); }
        focus = "";
      }
    }

    function poll() {
      var headers = {"Accept": "application/json"};
      if (etag) { headers["If-None-Match"] = etag; }
      fetch(side.getAttribute("data-url"), {credentials: "same-origin", headers: headers, cache: "no-cache"})
        .then(function (r) {
          if (r.status === 304 || !r.ok) { return null; }
          etag = r.headers.get("ETag") || "";
          return r.json();
        })
        .then(function (data) { if (data) { show(data); } })
        .catch(function () {})
        .then(function () { window.setTimeout(poll, EVERY_MS); });
    }
    poll();
  }

  // After web/map.js has made the maps (both deferred; this one may come first in the page).
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".sos-layer"), layer);
  });
}());
