/* The force's map, drawn as SVG from the units' areas and points (map/shapes/: GeoJSON, Web Mercator here) — no
   tile server, nothing fetched from anyone else. A force's own tile server may be added (data-tiles: a URL with
   {z}/{x}/{y}). Pan (drag, arrow keys), zoom (wheel, pinch, the + and − buttons, + and − keys), and a tap — or
   Enter at the cross in the middle — is a "pick": the map fires "forcemap:pick" with the place's lat/lng and the
   page decides (the lodging form asks the server which police station it falls in: the routing's own look-up).
   Each .force-map element gets an API on element.forceMap: setMarker, highlight, zoomTo, setClusters, setMarks,
   centreOn (and "forcemap:ready" once the shapes are drawn). */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 1000;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    for (var key in attrs) if (attrs.hasOwnProperty(key)) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function mercator(lng, lat) {  // radians east, and the Mercator ordinate (north up)
    var phi = Math.max(-85, Math.min(85, lat)) * Math.PI / 180;
    return [lng * Math.PI / 180, Math.log(Math.tan(Math.PI / 4 + phi / 2))];
  }

  function ForceMap(box) {
    var self = this;
    this.box = box;
    this.lang = box.getAttribute("data-lang") || "en";
    this.features = [];
    this.byCode = {};
    this.pending = {};
    this.pointers = {};
    this.toolbar = document.createElement("div");
    this.toolbar.className = "force-map-tools";
    this.button("+", box.getAttribute("data-zoom-in"), function () { self.zoom(2); });
    this.button("\u2212", box.getAttribute("data-zoom-out"), function () { self.zoom(0.5); });
    this.button("\u25a2", box.getAttribute("data-fit"), function () { self.fit(); });
    box.appendChild(this.toolbar);
    this.svg = el("svg", {"class": "force-map-svg", tabindex: "0", role: "application",
                          "aria-label": box.getAttribute("data-label") || ""}, box);
    this.tiles = el("g", {"class": "tiles"}, this.svg);
    this.areas = el("g", {"class": "areas"}, this.svg);
    this.points = el("g", {"class": "points"}, this.svg);
    this.clusters = el("g", {"class": "clusters"}, this.svg);
    this.labels = el("g", {"class": "labels"}, this.svg);
    this.marks = el("g", {"class": "marks"}, this.svg);
    this.overlay = el("g", {"class": "overlay"}, this.svg);
    this.cross = el("path", {"class": "cross"}, this.overlay);
    this.note = document.createElement("p");
    this.note.className = "muted force-map-note";
    this.note.hidden = true;
    this.note.textContent = box.getAttribute("data-approximate") || "";
    box.appendChild(this.note);
    this.view = {x: 0, y: 0, w: WIDTH, h: WIDTH * 0.75};
    this.listen();
    var url = box.getAttribute("data-shapes-url");
    fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "lang=" + this.lang, {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (collection) { self.load(collection); })
      .catch(function () { self.note.hidden = false; self.note.textContent = box.getAttribute("data-failed") || ""; });
  }

  ForceMap.prototype.button = function (text, label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label || text);
    b.title = label || text;
    b.addEventListener("click", action);
    this.toolbar.appendChild(b);
  };

  ForceMap.prototype.project = function (lng, lat) {
    var m = mercator(lng, lat);
    return [(m[0] - this.origin[0]) * this.scale, (this.origin[1] - m[1]) * this.scale];
  };

  ForceMap.prototype.unproject = function (x, y) {
    var mx = x / this.scale + this.origin[0], my = this.origin[1] - y / this.scale;
    return {lng: mx * 180 / Math.PI, lat: (2 * Math.atan(Math.exp(my)) - Math.PI / 2) * 180 / Math.PI};
  };

  ForceMap.prototype.load = function (collection) {
    var self = this, all = collection.features || [], drawn = [], minX = Infinity, minY = Infinity,
        maxX = -Infinity, maxY = -Infinity;
    all.forEach(function (f) {
      var coords = f.geometry.type === "Polygon" ? f.geometry.coordinates[0] : [f.geometry.coordinates];
      f.merc = coords.map(function (c) { return mercator(c[0], c[1]); });
      if (f.geometry.type === "Polygon") drawn.push(f);
    });
    (drawn.length ? drawn : all).forEach(function (f) {
      f.merc.forEach(function (m) {
        minX = Math.min(minX, m[0]); maxX = Math.max(maxX, m[0]); minY = Math.min(minY, m[1]); maxY = Math.max(maxY, m[1]);
      });
    });
    if (minX === Infinity) return;
    this.origin = [minX, maxY];
    this.scale = WIDTH / Math.max(maxX - minX, (maxY - minY) / 0.75, 1e-6);
    this.features = all;
    all.forEach(function (f) { self.byCode[f.properties.code] = f; self.draw(f); });
    this.note.hidden = !collection.approximate;
    this.fit();
    var lat = this.box.getAttribute("data-marker-lat"), lng = this.box.getAttribute("data-marker-lng");
    if (lat && lng && !this.pending.marker) this.pending.marker = {lat: lat, lng: lng};
    if (this.pending.marker) this.setMarker(this.pending.marker.lat, this.pending.marker.lng);
    if (this.pending.highlight) this.highlight(this.pending.highlight, this.pending.zoom);
    else if (this.box.getAttribute("data-focus")) this.highlight(this.box.getAttribute("data-focus"), true);
    for (var kind in this.pending.marks || {}) this.setMarks(kind, this.pending.marks[kind]);
    if (this.pending.centre) this.centreOn(this.pending.centre.lat, this.pending.centre.lng);
    this.box.dispatchEvent(new CustomEvent("forcemap:ready"));
  };

  ForceMap.prototype.draw = function (f) {
    var self = this, p = f.properties, name = p.names[this.lang] || p.names.en;
    var xy = f.merc.map(function (m) { return [(m[0] - self.origin[0]) * self.scale, (self.origin[1] - m[1]) * self.scale]; });
    f.bounds = xy.reduce(function (b, q) {
      return [Math.min(b[0], q[0]), Math.min(b[1], q[1]), Math.max(b[2], q[0]), Math.max(b[3], q[1])];
    }, [Infinity, Infinity, -Infinity, -Infinity]);
    if (f.geometry.type === "Polygon") {
      f.shape = el("path", {d: "M" + xy.map(function (q) { return q[0].toFixed(2) + "," + q[1].toFixed(2); }).join("L") + "Z",
                            "class": "area level-" + p.level + (p.station ? " station" : ""),
                            "data-code": p.code, "vector-effect": "non-scaling-stroke"}, this.areas);
      el("title", {}, f.shape).textContent = name;
    }
    if (p.point) {
      var at = this.project(p.point[0], p.point[1]);
      f.at = at;
      if (p.station) {
        f.dot = el("circle", {cx: at[0].toFixed(2), cy: at[1].toFixed(2), r: 1, "class": "dot", "data-code": p.code},
                   this.points);
        el("title", {}, f.dot).textContent = name;
      }
      f.label = el("text", {x: at[0].toFixed(2), y: at[1].toFixed(2), "class": "label level-" + p.level,
                            "text-anchor": "middle", "data-code": p.code}, this.labels);
      f.label.textContent = name;
    }
  };

  ForceMap.prototype.render = function (same) {  // same: the view has not moved (no "forcemap:view")
    var v = this.view, px = v.w / (this.svg.clientWidth || 320), self = this;
    this.svg.setAttribute("viewBox", [v.x, v.y, v.w, v.h].join(" "));
    var candidates = [], placed = [];
    this.features.forEach(function (f) {
      var p = f.properties;
      f.size = Math.max(f.bounds[2] - f.bounds[0], f.bounds[3] - f.bounds[1]) / px;
      if (f.dot) f.dot.setAttribute("r", (p.code === self.selected ? 6 : 3.5) * px);
      if (!f.label) return;
      f.label.style.display = "none";
      f.label.setAttribute("font-size", (p.station ? 12 : 14) * px);
      f.label.setAttribute("dy", (p.station ? -8 : 0) * px);
      // A label where its unit is big enough on screen to hold it (stations without areas: when zoomed in) …
      if (p.code === self.selected || (f.shape ? f.size > 60 && (p.station || f.size < 900) : p.station && px < 0.02)) {
        candidates.push(f);
      }
    });
    // … the chosen one first, then the bigger units; a label that would cover one already placed is left out.
    candidates.sort(function (a, b) {
      return (b.properties.code === self.selected) - (a.properties.code === self.selected) || b.size - a.size;
    });
    candidates.forEach(function (f) {
      var name = f.label.textContent, h = (f.properties.station ? 14 : 17) * px, w = name.length * h * 0.55;
      var box = [f.at[0] - w / 2, f.at[1] - h - (f.properties.station ? 8 * px : 0), f.at[0] + w / 2, f.at[1]];
      var free = placed.every(function (o) { return box[2] < o[0] || box[0] > o[2] || box[3] < o[1] || box[1] > o[3]; });
      if (free || f.properties.code === self.selected) {
        placed.push(box);
        f.label.style.display = "";
      }
    });
    var c = [v.x + v.w / 2, v.y + v.h / 2], s = 10 * px;
    this.cross.setAttribute("d", "M" + (c[0] - s) + "," + c[1] + "H" + (c[0] + s) + "M" + c[0] + "," + (c[1] - s) + "V" + (c[1] + s));
    this.cross.setAttribute("stroke-width", 2 * px);
    if (this.marker) this.marker.setAttribute("r", 7 * px), this.marker.setAttribute("stroke-width", 2.5 * px);
    Array.prototype.forEach.call(this.clusters.childNodes, function (g) {
      var r = (g.getAttribute("data-count") > 1 ? 9 + 3 * Math.log(+g.getAttribute("data-count")) : 6) * px;
      g.firstChild.setAttribute("r", r);
      g.firstChild.setAttribute("stroke-width", 1.5 * px);
      if (g.childNodes[1]) g.childNodes[1].setAttribute("font-size", 11 * px), g.childNodes[1].setAttribute("dy", 4 * px);
    });
    Array.prototype.forEach.call(this.marks.childNodes, function (g) {  // the same size on screen at every zoom
      g.setAttribute("transform", "translate(" + g.getAttribute("data-x") + "," + g.getAttribute("data-y") + ") scale(" + px + ")");
    });
    if (same) return;
    this.drawTiles(px);
    clearTimeout(this.moved);
    this.moved = setTimeout(function () { self.box.dispatchEvent(new CustomEvent("forcemap:view")); }, 250);
  };

  ForceMap.prototype.drawTiles = function (px) {
    var template = this.box.getAttribute("data-tiles");
    if (!template || !this.scale) return;
    while (this.tiles.firstChild) this.tiles.removeChild(this.tiles.firstChild);
    // Tile zoom: one tile pixel about one screen pixel (a tile spans 2π / 2^z radians in 256 pixels).
    var z = Math.max(0, Math.min(19, Math.round(Math.log(2 * Math.PI * this.scale / (256 * px)) / Math.LN2)));
    var n = Math.pow(2, z), span = 2 * Math.PI / n, v = this.view;
    var west = this.unproject(v.x, 0).lng, east = this.unproject(v.x + v.w, 0).lng;
    var x0 = Math.floor((west + 180) / 360 * n), x1 = Math.floor((east + 180) / 360 * n);
    var top = this.origin[1] - v.y / this.scale, bottom = this.origin[1] - (v.y + v.h) / this.scale;
    var y0 = Math.floor((Math.PI - top) / span), y1 = Math.floor((Math.PI - bottom) / span);
    if ((x1 - x0 + 1) * (y1 - y0 + 1) > 64) return;
    for (var tx = x0; tx <= x1; tx++) {
      for (var ty = Math.max(0, y0); ty <= Math.min(n - 1, y1); ty++) {
        var x = (tx * span - Math.PI - this.origin[0]) * this.scale, y = (this.origin[1] - (Math.PI - ty * span)) * this.scale;
        el("image", {href: template.replace("{z}", z).replace("{x}", tx).replace("{y}", ty), x: x, y: y,
                     width: span * this.scale, height: span * this.scale, preserveAspectRatio: "none"}, this.tiles);
      }
    }
  };

  ForceMap.prototype.fitBounds = function (b, pad) {
    var aspect = (this.svg.clientHeight || 240) / (this.svg.clientWidth || 320);
    var w = Math.max(b[2] - b[0], (b[3] - b[1]) / aspect, 2) * (pad || 1.08);
    this.view = {x: (b[0] + b[2]) / 2 - w / 2, y: (b[1] + b[3]) / 2 - w * aspect / 2, w: w, h: w * aspect};
    this.render();
  };

  ForceMap.prototype.fit = function () {
    var drawn = this.features.filter(function (f) { return f.shape; });
    var list = drawn.length ? drawn : this.features;
    if (!list.length) return;
    this.fitBounds(list.reduce(function (b, f) {
      return [Math.min(b[0], f.bounds[0]), Math.min(b[1], f.bounds[1]), Math.max(b[2], f.bounds[2]), Math.max(b[3], f.bounds[3])];
    }, [Infinity, Infinity, -Infinity, -Infinity]));
  };

  ForceMap.prototype.zoom = function (factor, x, y) {
    var v = this.view;
    if (x === undefined) { x = v.x + v.w / 2; y = v.y + v.h / 2; }
    var w = Math.max(0.5, Math.min(WIDTH * 8, v.w / factor)), k = w / v.w;
    this.view = {x: x - (x - v.x) * k, y: y - (y - v.y) * k, w: w, h: v.h * k};
    this.render();
  };

  ForceMap.prototype.pan = function (dx, dy) {
    this.view.x += dx; this.view.y += dy;
    this.render();
  };

  ForceMap.prototype.toMap = function (clientX, clientY) {
    var r = this.svg.getBoundingClientRect(), v = this.view;
    return [v.x + (clientX - r.left) / r.width * v.w, v.y + (clientY - r.top) / r.height * v.h];
  };

  ForceMap.prototype.pick = function (x, y) {
    if (!this.scale) return;
    var place = this.unproject(x, y);
    this.setMarker(place.lat, place.lng);
    this.box.dispatchEvent(new CustomEvent("forcemap:pick", {detail: {lat: place.lat.toFixed(6), lng: place.lng.toFixed(6)}}));
  };

  ForceMap.prototype.listen = function () {
    var self = this, svg = this.svg;
    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      var at = self.toMap(e.clientX, e.clientY);
      self.zoom(e.deltaY < 0 ? 1.25 : 0.8, at[0], at[1]);
    }, {passive: false});
    svg.addEventListener("pointerdown", function (e) {
      svg.setPointerCapture(e.pointerId);
      self.pointers[e.pointerId] = {x: e.clientX, y: e.clientY, startX: e.clientX, startY: e.clientY, at: Date.now()};
    });
    svg.addEventListener("pointermove", function (e) {
      var p = self.pointers[e.pointerId];
      if (!p) return;
      var ids = Object.keys(self.pointers), r = svg.getBoundingClientRect();
      if (ids.length === 1) {
        self.pan(-(e.clientX - p.x) / r.width * self.view.w, -(e.clientY - p.y) / r.height * self.view.h);
      } else if (ids.length === 2) {  // pinch: the distance between the fingers
        var other = self.pointers[ids[0] == e.pointerId ? ids[1] : ids[0]];
        var before = Math.hypot(p.x - other.x, p.y - other.y), after = Math.hypot(e.clientX - other.x, e.clientY - other.y);
        var mid = self.toMap((e.clientX + other.x) / 2, (e.clientY + other.y) / 2);
        if (before > 0) self.zoom(after / before, mid[0], mid[1]);
        p.pinched = other.pinched = true;
      }
      p.x = e.clientX; p.y = e.clientY;
    });
    function up(e) {
      var p = self.pointers[e.pointerId];
      delete self.pointers[e.pointerId];
      if (p && !p.pinched && e.type === "pointerup" && Math.hypot(e.clientX - p.startX, e.clientY - p.startY) < 8 &&
          Date.now() - p.at < 800) {
        var at = self.toMap(e.clientX, e.clientY);
        self.pick(at[0], at[1]);
      }
    }
    svg.addEventListener("pointerup", up);
    svg.addEventListener("pointercancel", up);
    svg.addEventListener("keydown", function (e) {
      var v = self.view, step = 0.15, keys = {
        ArrowLeft: function () { self.pan(-v.w * step, 0); }, ArrowRight: function () { self.pan(v.w * step, 0); },
        ArrowUp: function () { self.pan(0, -v.h * step); }, ArrowDown: function () { self.pan(0, v.h * step); },
        "+": function () { self.zoom(2); }, "=": function () { self.zoom(2); }, "-": function () { self.zoom(0.5); },
        Enter: function () { self.pick(v.x + v.w / 2, v.y + v.h / 2); },
        " ": function () { self.pick(v.x + v.w / 2, v.y + v.h / 2); }
      };
      var picking = e.key === "Enter" || e.key === " ";
      if (keys[e.key] && !(picking && self.box.getAttribute("data-pick") === "off")) {
        e.preventDefault();
        keys[e.key]();
      }
    });
    if (this.box.getAttribute("data-pick") === "off") this.pick = function () {};
    window.addEventListener("resize", function () { if (self.scale) self.render(); });
  };

  ForceMap.prototype.setMarker = function (lat, lng) {
    if (!this.scale) { this.pending.marker = {lat: lat, lng: lng}; return; }
    var at = this.project(+lng, +lat);
    if (!this.marker) this.marker = el("circle", {"class": "marker"}, this.overlay);
    this.marker.setAttribute("cx", at[0]);
    this.marker.setAttribute("cy", at[1]);
    this.render();
  };

  ForceMap.prototype.highlight = function (code, zoomTo) {
    if (!this.scale) { this.pending.highlight = code; this.pending.zoom = zoomTo; return; }
    var before = this.byCode[this.selected], f = this.byCode[code];
    if (before && before.shape) before.shape.classList.remove("chosen");
    this.selected = f ? code : null;
    if (f && f.shape) f.shape.classList.add("chosen");
    if (f && zoomTo) this.fitBounds(f.bounds, 1.6); else this.render();
  };

  ForceMap.prototype.setClusters = function (cells) {  // [{lat, lng, count, colour, title}]
    var self = this;
    while (this.clusters.firstChild) this.clusters.removeChild(this.clusters.firstChild);
    cells.forEach(function (cell) {
      var at = self.project(cell.lng, cell.lat), g = el("g", {"class": "cluster " + cell.colour, "data-count": cell.count}, self.clusters);
      el("circle", {cx: at[0], cy: at[1]}, g);
      if (cell.count > 1) el("text", {x: at[0], y: at[1], "text-anchor": "middle"}, g).textContent = cell.count;
      el("title", {}, g).textContent = cell.title;
    });
    this.render(true);
  };

  // Another layer's marks above everything (the SOS alerts): a labelled pin pointing at its place, drawn in screen
  // pixels so it keeps its size at every zoom — a shape and a word, not a colour alone. marks: [{lat, lng, id, text,
  // title, kind}]; the ones of `kind` replace the earlier ones of that kind.
  ForceMap.prototype.setMarks = function (kind, marks) {
    var self = this;
    if (!this.scale) { this.pending.marks = this.pending.marks || {}; this.pending.marks[kind] = marks; return; }
    Array.prototype.slice.call(this.marks.querySelectorAll(".mark." + kind)).forEach(function (g) { g.remove(); });
    marks.forEach(function (mark) {
      var at = self.project(mark.lng, mark.lat), width = 10 + 8 * mark.text.length;
      var g = el("g", {"class": "mark " + kind, "data-id": mark.id, "data-x": at[0].toFixed(2), "data-y": at[1].toFixed(2)}, self.marks);
      el("path", {d: "M0,0L-6,-12H-" + width / 2 + "V-34H" + width / 2 + "V-12H6Z"}, g);
      el("text", {x: 0, y: -17, "text-anchor": "middle"}, g).textContent = mark.text;
      el("title", {}, g).textContent = mark.title;
    });
    this.render(true);
  };

  ForceMap.prototype.centreOn = function (lat, lng) {  // closer in, the place in the middle
    if (!this.scale) { this.pending.centre = {lat: lat, lng: lng}; return; }
    var at = this.project(+lng, +lat), r = Math.min(this.view.w, 24) / 2;
    this.fitBounds([at[0] - r, at[1] - r, at[0] + r, at[1] + r], 1);
  };

  ForceMap.prototype.bbox = function () {  // the view as [west, south, east, north]
    var v = this.view, nw = this.unproject(v.x, v.y), se = this.unproject(v.x + v.w, v.y + v.h);
    return [nw.lng, se.lat, se.lng, nw.lat];
  };

  // The dashboard's complaints (data-points-url): counted cells for the part of the map in view, asked for again
  // after each pan or zoom; the answer to an older view is dropped.
  function showComplaints(box) {
    var map = box.forceMap, asked = 0, template = box.getAttribute("data-cell-title") || "";
    box.addEventListener("forcemap:view", function () {
      var mine = ++asked, b = map.bbox().map(function (d) { return d.toFixed(5); });
      fetch(box.getAttribute("data-points-url") + "&bbox=" + b.join(","), {credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (found) {
          if (mine !== asked || !found.cells) return;
          map.setClusters(found.cells.map(function (cell) {
            cell.title = template.replace("%(overdue)s", cell.overdue).replace("%(open)s", cell.open)
              .replace("%(closed)s", cell.closed);
            return cell;
          }));
        });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".force-map"), function (box) {
    var sketch = box.parentNode.querySelector(".map-static");  // the page's drawing without JavaScript
    if (sketch) sketch.setAttribute("display", "none");
    box.hidden = false;
    box.forceMap = new ForceMap(box);
    if (box.getAttribute("data-points-url")) showComplaints(box);
  });
})();
