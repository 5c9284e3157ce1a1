// The call-centre console: every few seconds ask which of this agent's calls are ringing and show the caller
// with their latest complaints, so the history is on screen before the agent picks up. No inline script (CSP).
(function () {
  "use strict";
  var box = document.getElementById("ringing");
  if (!box || !window.fetch) { return; }
  var EVERY_MS = 3000;

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function show(calls) {
    var ringing = calls.filter(function (c) { return c.state === "ringing"; });
    box.textContent = "";
    box.hidden = ringing.length === 0;
    ringing.forEach(function (call) {
      var head = el("h2", call.state_label + ": ");
      head.appendChild(el("bdi", call.caller));
      box.appendChild(head);
      box.appendChild(el("p", box.dataset.history));
      if (call.complaints.length === 0) { box.appendChild(el("p", box.dataset.none, {"class": "muted"})); }
      var list = el("ul", "", {"class": "ringing-history"});
      call.complaints.forEach(function (c) {
        var item = el("li");
        item.appendChild(el("bdi", c.etag));
        item.appendChild(document.createTextNode(" · " + c.status + " · " + c.category));
        list.appendChild(item);
      });
      box.appendChild(list);
      var open = el("a", box.dataset.open, {"href": call.lookup, "class": "open-caller"});
      box.appendChild(el("p")).appendChild(open);
    });
  }

  function poll() {
    fetch(box.dataset.live, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : {calls: []}; })
      .then(function (data) { show(data.calls || []); })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, EVERY_MS); });
  }
  poll();
}());
