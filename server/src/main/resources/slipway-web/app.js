// Slipway's few lines of browser code: live run and job pages over server-sent events, and the job graph's edges.
(function () {
  "use strict";

  function drawEdges(graph) {
    var svg = graph.querySelector("svg.edges");
    if (!svg) return;
    var box = graph.getBoundingClientRect();
    svg.setAttribute("width", graph.scrollWidth);
    svg.setAttribute("height", graph.clientHeight);
    var paths = [];
    graph.querySelectorAll(".node[data-needs]").forEach(function (node) {
      var needs = node.getAttribute("data-needs").split(" ").filter(Boolean);
      var to = node.getBoundingClientRect();
      needs.forEach(function (id) {
        var from = graph.querySelector('.node[data-node="' + CSS.escape(id) + '"]');
        if (!from) return;
        var a = from.getBoundingClientRect();
        var x1 = a.right - box.left + graph.scrollLeft, y1 = a.top + a.height / 2 - box.top;
        var x2 = to.left - box.left + graph.scrollLeft, y2 = to.top + to.height / 2 - box.top;
        var mid = (x1 + x2) / 2;
        paths.push('<path d="M' + x1 + ' ' + y1 + ' C' + mid + ' ' + y1 + ' ' + mid + ' ' + y2 + ' ' + x2 + ' ' + y2 + '"/>');
      });
    });
    svg.innerHTML = paths.join("");
  }

  function drawAll() {
    document.querySelectorAll(".graph").forEach(drawEdges);
  }

  // The run page: each status event re-renders the fragment; the end of the stream reloads the page (buttons change).
  function followRun() {
    var live = document.getElementById("run-live");
    if (!live || !live.dataset.events) return;
    var events = new EventSource(live.dataset.events);
    events.addEventListener("status", function () {
      var current = document.getElementById("run-live");
      fetch(current.dataset.fragment, { headers: { "HX-Request": "true" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { current.outerHTML = html; drawAll(); })
        .catch(function () {});
    });
    events.addEventListener("end", function () {
      events.close();
      window.location.reload();
    });
  }

  // The job page while the job runs: steps, folded groups and lines arrive rendered, in order, resumable by id.
  function followLog() {
    var log = document.getElementById("log");
    if (!log || !log.dataset.stream) return;
    var events = new EventSource(log.dataset.stream);
    var step = null, group = null, started = false;
    function start() {
      if (!started) { log.innerHTML = ""; started = true; }
    }
    function target() { return group || step || log; }
    events.addEventListener("step", function (e) {
      start();
      var d = document.createElement("details");
      d.className = "step"; d.open = true;
      d.innerHTML = "<summary>" + e.data + "</summary><div class=\"lines\"></div>";
      log.appendChild(d);
      step = d.lastChild; group = null;
    });
    events.addEventListener("group", function (e) {
      start();
      var d = document.createElement("details");
      d.className = "group";
      d.innerHTML = "<summary>" + e.data + "</summary>";
      (step || log).appendChild(d);
      group = d;
    });
    events.addEventListener("endgroup", function () { group = null; });
    events.addEventListener("line", function (e) {
      start();
      var follow = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
      target().insertAdjacentHTML("beforeend", e.data);
      if (follow) window.scrollTo(0, document.body.scrollHeight);
    });
    events.addEventListener("end", function () {
      events.close();
      window.location.reload();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawAll();
    window.addEventListener("resize", drawAll);
    document.addEventListener("toggle", drawAll, true);
  });
  // Streams open after the load event: one opened before it keeps the page "loading" until the stream ends.
  window.addEventListener("load", function () {
    setTimeout(function () { followRun(); followLog(); }, 0);
  });
})();
