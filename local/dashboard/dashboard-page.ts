/**
 * The local dashboard's page: a shell the script (browser/dashboard-app.ts)
 * fills from `/_local/metrics`. The charts come first, in the order of the
 * CloudWatch dashboard, then the alarms, then the tables.
 */
export function dashboardPage(title: string, chartStyle: string, scriptPath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)} · local dashboard</title>
<style>${chartStyle}</style>
<style>
  :root { color-scheme: light; --muted: #6b7280; --line: #d1d5db; --bad: #dc2626; --ok: #16a34a; }
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; background: #fff; color: #111827; }
  h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
  h2 { font-size: 1.05rem; margin: 1.5rem 0 .1rem; }
  .subtitle, #status, #time-scale, #alarm-count { color: var(--muted); margin: 0 0 .5rem; }
  #status.down { color: var(--bad); }
  .grid { display: flex; flex-wrap: wrap; gap: .75rem; }
  figure { box-sizing: border-box; margin: 0; padding: .4rem; border: 1px solid var(--line); border-radius: 4px; width: 390px; }
  figcaption { font-weight: 600; font-size: .9rem; margin-bottom: .2rem; }
  .u-legend { font-size: 11px; line-height: 1.2; }
  .u-legend .u-series { padding: 0 .3rem; }
  .u-legend .u-series th { padding: 1px 2px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { padding: .3rem .6rem; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
  th:first-child, td:first-child, td.text, th.text { text-align: left; }
  td.reason { white-space: normal; max-width: 36rem; font-size: .85em; color: var(--muted); }
  th { font-weight: 600; color: var(--muted); }
  td.bad { color: var(--bad); font-weight: 600; }
  td.state { font-weight: 700; text-align: left; }
  td.ALARM { color: #fff; background: var(--bad); }
  td.OK { color: var(--ok); }
  td.INSUFFICIENT_DATA { color: var(--muted); }
  tr.total td { font-weight: 600; }
  .empty { color: var(--muted); font-style: italic; }
</style>
</head>
<body>
<h1>${escapeHtml(title)} <small>· local dashboard</small></h1>
<div id="status">connecting…</div>
<div id="time-scale"></div>

<div id="charts"></div>

<h2>Alarms</h2>
<p id="alarm-count"></p>
<table>
  <thead><tr><th>Alarm</th><th class="text">State</th><th class="text">Notifies</th><th class="text">Reason</th><th class="text">History</th></tr></thead>
  <tbody id="alarms"></tbody>
</table>

<h2>API Gateway, per route</h2>
<table>
  <thead><tr><th>Route</th><th>Requests</th><th>4XX</th><th>5XX</th><th>Throttled (429)</th>
  <th>Cold starts</th><th>Latency p50 (ms)</th><th>p99</th><th>Integration p50 (ms)</th><th>p99</th></tr></thead>
  <tbody id="routes"></tbody>
</table>

<h2>Lambda, per function</h2>
<table>
  <thead><tr><th>Function</th><th>Invocations</th><th>Errors</th><th>Throttles</th><th>Cold starts</th>
  <th>Duration p50 (ms)</th><th>p99</th><th>max</th><th>Init p50 (ms)</th></tr></thead>
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
  <th>p50</th><th>p99</th><th>Max</th></tr></thead>
  <tbody id="custom"></tbody>
</table>
<p id="emf-rejected" class="empty"></p>

<script src="${escapeHtml(scriptPath)}"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
