/**
 * The local dashboard: one self-contained page (no framework, nothing
 * fetched but `/_local/metrics`, once a second). It draws the widgets the
 * CloudWatch dashboard will: per route and per function, invocations,
 * errors, throttles, cold starts and p50/p99 durations; queue depth, age of
 * the oldest message and dead-letter queues; the handlers' custom metrics.
 *
 * Every number carries `data-metric="<section>/<row>/<column>"` so a test (or
 * a curious developer) can find it.
 */
export function dashboardPage(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · local dashboard</title>
<style>
  :root { color-scheme: light dark; --muted: #6b7280; --line: #d1d5db; --bar: #2563eb; --bad: #dc2626; }
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; }
  h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
  h2 { font-size: 1.05rem; margin: 1.75rem 0 .5rem; }
  #status { color: var(--muted); }
  #status.down { color: var(--bad); }
  table { border-collapse: collapse; width: 100%; }
  th, td { padding: .3rem .6rem; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
  th:first-child, td:first-child, td.text, th.text { text-align: left; }
  th { font-weight: 600; color: var(--muted); }
  td.bad { color: var(--bad); font-weight: 600; }
  tr.total td { font-weight: 600; }
  .empty { color: var(--muted); font-style: italic; }
  svg { vertical-align: middle; }
  svg rect { fill: var(--bar); }
  code { font-size: .9em; }
</style>
</head>
<body>
<h1>${escapeHtml(title)} <small>· local dashboard</small></h1>
<div id="status">connecting…</div>

<h2>API Gateway, per route</h2>
<table>
  <thead><tr><th>Route</th><th>Requests</th><th>4XX</th><th>5XX</th><th>Throttled (429)</th>
  <th>Cold starts</th><th>Latency p50 (ms)</th><th>p99</th><th>Integration p50 (ms)</th><th>p99</th><th>Last 5 min</th></tr></thead>
  <tbody id="routes"></tbody>
</table>

<h2>Lambda, per function</h2>
<table>
  <thead><tr><th>Function</th><th>Invocations</th><th>Errors</th><th>Throttles</th><th>Cold starts</th>
  <th>Duration p50 (ms)</th><th>p99</th><th>max</th><th>Init p50 (ms)</th><th>Last 5 min</th></tr></thead>
  <tbody id="functions"></tbody>
</table>

<h2>Queues</h2>
<table>
  <thead><tr><th>Queue</th><th>Visible</th><th>In flight</th><th>Delayed</th>
  <th>Oldest message (s)</th><th class="text">Dead-letter queue for</th></tr></thead>
  <tbody id="queues"></tbody>
</table>

<h2>Custom metrics (EMF)</h2>
<table>
  <thead><tr><th>Metric</th><th class="text">Dimensions</th><th class="text">Unit</th><th>Samples</th><th>Sum</th>
  <th>p50</th><th>p99</th><th>Max</th><th>Last 5 min</th></tr></thead>
  <tbody id="custom"></tbody>
</table>
<p id="emf-rejected" class="empty"></p>

<script>
"use strict";
function cell(row, text, metric, extra) {
  var td = document.createElement("td");
  td.textContent = text;
  if (metric) td.setAttribute("data-metric", metric);
  if (extra) td.className = extra;
  row.appendChild(td);
  return td;
}
function count(n) { return String(n); }
function ms(n) { return n === null || n === undefined ? "–" : n.toFixed(1); }
function num(n) { return n === null || n === undefined ? "–" : String(Math.round(n * 1000) / 1000); }
function spark(row, values) {
  var td = document.createElement("td");
  var ns = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(ns, "svg");
  var w = 2 * values.length, h = 20;
  svg.setAttribute("width", String(w));
  svg.setAttribute("height", String(h));
  var max = Math.max.apply(null, values.concat([0]));
  values.forEach(function (v, i) {
    if (v <= 0 || max <= 0) return;
    var bar = document.createElementNS(ns, "rect");
    var bh = Math.max(1, Math.round((v / max) * h));
    bar.setAttribute("x", String(i * 2));
    bar.setAttribute("y", String(h - bh));
    bar.setAttribute("width", "1.5");
    bar.setAttribute("height", String(bh));
    svg.appendChild(bar);
  });
  td.appendChild(svg);
  row.appendChild(td);
}
function fill(id, rows, columns, emptyText) {
  var body = document.getElementById(id);
  var fresh = document.createDocumentFragment();
  if (rows.length === 0) {
    var tr = document.createElement("tr");
    var td = cell(tr, emptyText, null, "empty");
    td.colSpan = columns;
    fresh.appendChild(tr);
  }
  rows.forEach(function (build) { var tr = document.createElement("tr"); build(tr); fresh.appendChild(tr); });
  body.replaceChildren(fresh);
}
function routeRow(r, total) {
  return function (tr) {
    var k = "route/" + r.route + "/";
    if (total) tr.className = "total";
    cell(tr, total ? "All requests" : r.route, k + "name");
    cell(tr, count(r.requests), k + "requests");
    cell(tr, count(r.clientErrors), k + "4xx", r.clientErrors ? "bad" : "");
    cell(tr, count(r.serverErrors), k + "5xx", r.serverErrors ? "bad" : "");
    cell(tr, count(r.throttled), k + "throttled", r.throttled ? "bad" : "");
    cell(tr, count(r.coldStarts), k + "cold-starts");
    cell(tr, ms(r.latencyMs.p50), k + "latency-p50");
    cell(tr, ms(r.latencyMs.p99), k + "latency-p99");
    cell(tr, ms(r.integrationLatencyMs.p50), k + "integration-p50");
    cell(tr, ms(r.integrationLatencyMs.p99), k + "integration-p99");
    spark(tr, r.timeline);
  };
}
function dims(d) {
  return Object.keys(d).map(function (k) { return k + "=" + d[k]; }).join(", ");
}
function render(s) {
  fill("routes", [routeRow(s.api, true)].concat(s.routes.map(function (r) { return routeRow(r, false); })), 11, "");
  fill("functions", s.functions.map(function (f) {
    return function (tr) {
      var k = "function/" + f.name + "/";
      cell(tr, f.name, k + "name");
      cell(tr, count(f.invocations), k + "invocations");
      cell(tr, count(f.errors), k + "errors", f.errors ? "bad" : "");
      cell(tr, count(f.throttles), k + "throttles", f.throttles ? "bad" : "");
      cell(tr, count(f.coldStarts), k + "cold-starts");
      cell(tr, ms(f.durationMs.p50), k + "duration-p50");
      cell(tr, ms(f.durationMs.p99), k + "duration-p99");
      cell(tr, ms(f.durationMs.max), k + "duration-max");
      cell(tr, ms(f.initDurationMs.p50), k + "init-p50");
      spark(tr, f.timeline);
    };
  }), 10, "no functions");
  fill("queues", (s.queues || []).map(function (q) {
    return function (tr) {
      var k = "queue/" + q.name + "/";
      cell(tr, q.name, k + "name");
      cell(tr, count(q.visible), k + "visible", q.deadLetterFor.length && q.visible ? "bad" : "");
      cell(tr, count(q.inFlight), k + "in-flight");
      cell(tr, count(q.delayed), k + "delayed");
      cell(tr, num(q.oldestAgeSeconds), k + "oldest-age");
      cell(tr, q.deadLetterFor.join(", "), k + "dead-letter-for", "text");
    };
  }), 6, s.queues ? "no queues yet" : "no queue service is running");
  fill("custom", s.custom.map(function (m) {
    return function (tr) {
      var k = "custom/" + m.namespace + "/" + m.name + "/" + dims(m.dimensions) + "/";
      cell(tr, m.namespace + " / " + m.name, k + "name");
      cell(tr, dims(m.dimensions), k + "dimensions", "text");
      cell(tr, m.unit, k + "unit", "text");
      cell(tr, count(m.samples), k + "samples");
      cell(tr, num(m.sum), k + "sum");
      cell(tr, num(m.p50), k + "p50");
      cell(tr, num(m.p99), k + "p99");
      cell(tr, num(m.max), k + "max");
      spark(tr, m.timeline);
    };
  }), 9, "no custom metrics yet");
  var rejected = document.getElementById("emf-rejected");
  rejected.textContent = s.emfRejected.count
    ? s.emfRejected.count + " EMF event(s) CloudWatch would reject; latest from " +
      s.emfRejected.lastFunction + ": " + s.emfRejected.lastReason
    : "";
  rejected.className = s.emfRejected.count ? "bad" : "empty";
  var status = document.getElementById("status");
  status.className = "";
  status.textContent = "live · up " + Math.round((s.generatedAt - s.startedAt) / 1000) +
    " s · updated " + new Date(s.generatedAt).toLocaleTimeString();
  document.body.setAttribute("data-generated-at", String(s.generatedAt));
}
function poll() {
  fetch("/_local/metrics", { cache: "no-store" })
    .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
    .then(render)
    .catch(function (e) {
      var status = document.getElementById("status");
      status.className = "down";
      status.textContent = "disconnected (" + e.message + "); retrying…";
    })
    .finally(function () { setTimeout(poll, 1000); });
}
poll();
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
