/**
 * The local dashboard's page script, run in the browser (bundled by
 * esbuild with uPlot: nothing is fetched from anywhere but the local cloud).
 * It polls `/_local/metrics` once a second and draws, in the description's
 * order, one chart per graph of the CloudWatch dashboard with its alarm
 * thresholds, the alarms and their history, then the per-route,
 * per-function, queue and custom-metric tables.
 *
 * Every number carries `data-metric="<section>/<row>/<column>"`, every chart
 * `data-widget="<title>"` (with `data-points`, its non-zero points), every
 * alarm `data-alarm="<name>"` (with `data-state`), so a test can read them.
 */
import uPlot from 'uplot';
import type { AlarmView } from '../alarm-evaluator';
import type { Chart, DashboardCharts } from '../local-dashboard';
import type { DashboardSnapshot, RouteRow } from '../local-metrics';

type Snapshot = DashboardSnapshot & { readonly dashboard: DashboardCharts };

const palette = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#d97706',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#4b5563',
];
const plots = new Map<string, { plot: uPlot; figure: HTMLElement }>();

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function byId(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no #${id} on the page`);
  return found;
}

// ---- charts ---------------------------------------------------------------

/** Stacked lines add up, as CloudWatch stacks areas; a point no line has stays empty. */
function seriesData(chart: Chart): uPlot.AlignedData {
  const times = chart.times.map((t) => t / 1000);
  if (!chart.stacked) return [times, ...chart.lines.map((l) => [...l.values])];
  const running = chart.times.map(() => null as number | null);
  const stacked = chart.lines.map((line) =>
    line.values.map((v, i) => {
      if (v === null) return running[i] ?? null;
      running[i] = (running[i] ?? 0) + v;
      return running[i] ?? null;
    }),
  );
  return [times, ...stacked];
}

/** The alarm thresholds and targets: a dashed red line across the left axis. */
function annotationsPlugin(chart: Chart): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const ctx = u.ctx;
        for (const a of chart.annotations) {
          const y = u.valToPos(a.value, 'y', true);
          if (!Number.isFinite(y)) continue;
          ctx.save();
          ctx.strokeStyle = '#dc2626';
          ctx.fillStyle = '#dc2626';
          ctx.setLineDash([6, 4]);
          ctx.lineWidth = 1.5 * devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(u.bbox.left, y);
          ctx.lineTo(u.bbox.left + u.bbox.width, y);
          ctx.stroke();
          ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
          // At the right end, clear of the axis labels.
          const width = ctx.measureText(a.label).width;
          ctx.fillText(
            a.label,
            u.bbox.left + u.bbox.width - width - 4 * devicePixelRatio,
            y - 3 * devicePixelRatio,
          );
          ctx.restore();
        }
      },
    },
  };
}

/** Axis numbers that fit: 12k, 1.5M. */
function compact(_u: uPlot, splits: number[]): string[] {
  const format = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
  return splits.map((v) => format.format(v));
}

function newPlot(chart: Chart, figure: HTMLElement): uPlot {
  const hasRight = chart.lines.some((l) => l.axis === 'right');
  const ceiling = Math.max(0, ...chart.annotations.map((a) => a.value));
  const options: uPlot.Options = {
    width: 380,
    height: 180,
    legend: { show: true, live: false },
    cursor: { show: true },
    scales: {
      x: { time: true },
      // From zero, tall enough to show the thresholds.
      y: { range: (_u, _min, max) => [0, Math.max(max, ceiling * 1.15, 1)] },
      ...(hasRight ? { y2: { range: (_u, _min, max) => [0, Math.max(max, 1)] } } : {}),
    },
    axes: [
      {},
      { scale: 'y', size: 48, values: compact },
      ...(hasRight
        ? [{ scale: 'y2', side: 1 as const, size: 48, values: compact, grid: { show: false } }]
        : []),
    ],
    series: [
      {},
      ...chart.lines.map((line, i) => ({
        label: line.label,
        scale: line.axis === 'right' ? 'y2' : 'y',
        stroke: palette[i % palette.length],
        width: 1.5,
        // A period without a datapoint is a gap, as in CloudWatch; a lone point still shows.
        spanGaps: false,
        points: { show: true, size: 4 },
        ...(chart.stacked ? { fill: `${palette[i % palette.length]}33` } : {}),
      })),
    ],
    plugins: [annotationsPlugin(chart)],
  };
  return new uPlot(options, seriesData(chart), figure);
}

function drawCharts(dashboard: DashboardCharts): void {
  const root = byId('charts');
  for (const row of dashboard.rows) {
    for (const chart of row.charts) {
      let entry = plots.get(chart.title);
      if (!entry) {
        let section = root.querySelector<HTMLElement>(
          `section[data-row="${CSS.escape(row.title)}"]`,
        );
        if (!section) {
          section = element('section', { 'data-row': row.title });
          section.append(
            element('h2', {}, row.title),
            element('p', { class: 'subtitle' }, row.subtitle),
          );
          section.append(element('div', { class: 'grid' }));
          root.append(section);
        }
        const figure = element('figure', { 'data-widget': chart.title });
        figure.append(element('figcaption', {}, chart.title));
        if (chart.deployedOnly) figure.append(element('p', { class: 'empty' }, chart.deployedOnly));
        section.querySelector('.grid')?.append(figure);
        entry = { plot: newPlot(chart, figure), figure };
        plots.set(chart.title, entry);
      } else {
        entry.plot.setData(seriesData(chart));
      }
      const points = chart.lines.reduce(
        (n, line) => n + line.values.filter((v) => v !== null && v !== 0).length,
        0,
      );
      entry.figure.setAttribute('data-points', String(points));
      entry.figure.setAttribute(
        'data-last',
        JSON.stringify(chart.lines.map((l) => l.values.at(-1) ?? null)),
      );
    }
  }
  byId('time-scale').textContent =
    dashboard.timeScale === 1
      ? 'CloudWatch periods'
      : `time compressed ×${dashboard.timeScale}: a one-minute point lasts ${60 / dashboard.timeScale} s`;
}

// ---- alarms ---------------------------------------------------------------

function drawAlarms(alarms: readonly AlarmView[]): void {
  const rows = alarms.map((a) => {
    const tr = element('tr', { 'data-alarm': a.name, 'data-state': a.state });
    tr.append(
      element('td', { class: 'text' }, a.name + (a.kind === 'composite' ? ' (composite)' : '')),
      element('td', { class: `state ${a.state}`, 'data-metric': `alarm/${a.name}/state` }, a.state),
      element('td', { class: 'text' }, a.notifies ? 'SNS' : ''),
      element('td', { class: 'text reason' }, a.reason),
      element(
        'td',
        { class: 'text', 'data-metric': `alarm/${a.name}/history` },
        a.history
          .slice(0, 4)
          .map((h) => `${new Date(h.at).toLocaleTimeString()} ${h.from}→${h.to}`)
          .join(' · '),
      ),
    );
    return tr;
  });
  byId('alarms').replaceChildren(...rows);
  const firing = alarms.filter((a) => a.state === 'ALARM').length;
  byId('alarm-count').textContent = `${alarms.length} alarms, ${firing} in ALARM`;
}

// ---- tables ---------------------------------------------------------------

const ms = (n: number | null | undefined) => (n === null || n === undefined ? '–' : n.toFixed(1));
const num = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : String(Math.round(n * 1000) / 1000);
const dims = (d: Readonly<Record<string, string>>) =>
  Object.keys(d)
    .map((k) => `${k}=${d[k]}`)
    .join(', ');

function cell(tr: HTMLElement, text: string, metric: string, bad = false, className = ''): void {
  tr.append(
    element(
      'td',
      { 'data-metric': metric, class: `${className}${bad ? ' bad' : ''}`.trim() },
      text,
    ),
  );
}

function fill(id: string, rows: readonly HTMLElement[], columns: number, emptyText: string): void {
  if (rows.length > 0) return byId(id).replaceChildren(...rows);
  const tr = element('tr');
  const td = element('td', { class: 'empty' }, emptyText);
  td.colSpan = columns;
  tr.append(td);
  byId(id).replaceChildren(tr);
}

function routeRow(r: RouteRow, total: boolean): HTMLElement {
  const tr = element('tr', total ? { class: 'total' } : {});
  const k = `route/${r.route}/`;
  cell(tr, total ? 'All requests' : r.route, `${k}name`);
  cell(tr, String(r.requests), `${k}requests`);
  cell(tr, String(r.clientErrors), `${k}4xx`, r.clientErrors > 0);
  cell(tr, String(r.serverErrors), `${k}5xx`, r.serverErrors > 0);
  cell(tr, String(r.throttled), `${k}throttled`, r.throttled > 0);
  cell(tr, String(r.coldStarts), `${k}cold-starts`);
  cell(tr, ms(r.latencyMs.p50), `${k}latency-p50`);
  cell(tr, ms(r.latencyMs.p99), `${k}latency-p99`);
  cell(tr, ms(r.integrationLatencyMs.p50), `${k}integration-p50`);
  cell(tr, ms(r.integrationLatencyMs.p99), `${k}integration-p99`);
  return tr;
}

function drawTables(s: Snapshot): void {
  fill('routes', [routeRow(s.api, true), ...s.routes.map((r) => routeRow(r, false))], 10, '');
  fill(
    'functions',
    s.functions.map((f) => {
      const tr = element('tr');
      const k = `function/${f.name}/`;
      cell(tr, f.name, `${k}name`);
      cell(tr, String(f.invocations), `${k}invocations`);
      cell(tr, String(f.errors), `${k}errors`, f.errors > 0);
      cell(tr, String(f.throttles), `${k}throttles`, f.throttles > 0);
      cell(tr, String(f.coldStarts), `${k}cold-starts`);
      cell(tr, ms(f.durationMs.p50), `${k}duration-p50`);
      cell(tr, ms(f.durationMs.p99), `${k}duration-p99`);
      cell(tr, ms(f.durationMs.max), `${k}duration-max`);
      cell(tr, ms(f.initDurationMs.p50), `${k}init-p50`);
      return tr;
    }),
    9,
    'no functions',
  );
  fill(
    'queues',
    (s.queues ?? []).map((q) => {
      const tr = element('tr');
      const k = `queue/${q.name}/`;
      cell(tr, q.name, `${k}name`);
      cell(tr, String(q.visible), `${k}visible`, q.deadLetterFor.length > 0 && q.visible > 0);
      cell(tr, String(q.inFlight), `${k}in-flight`);
      cell(tr, String(q.delayed), `${k}delayed`);
      cell(tr, num(q.oldestAgeSeconds), `${k}oldest-age`);
      cell(tr, q.deadLetterFor.join(', '), `${k}dead-letter-for`, false, 'text');
      return tr;
    }),
    6,
    s.queues ? 'no queues yet' : 'no queue service is running',
  );
  fill(
    'custom',
    s.custom.map((m) => {
      const tr = element('tr');
      const k = `custom/${m.namespace}/${m.name}/${dims(m.dimensions)}/`;
      cell(tr, `${m.namespace} / ${m.name}`, `${k}name`);
      cell(tr, dims(m.dimensions), `${k}dimensions`, false, 'text');
      cell(tr, m.unit, `${k}unit`, false, 'text');
      cell(tr, String(m.samples), `${k}samples`);
      cell(tr, num(m.sum), `${k}sum`);
      cell(tr, num(m.p50), `${k}p50`);
      cell(tr, num(m.p99), `${k}p99`);
      cell(tr, num(m.max), `${k}max`);
      return tr;
    }),
    8,
    'no custom metrics yet',
  );
  const rejected = byId('emf-rejected');
  rejected.textContent = s.emfRejected.count
    ? `${s.emfRejected.count} EMF event(s) CloudWatch would reject; latest from ${s.emfRejected.lastFunction}: ${s.emfRejected.lastReason}`
    : '';
  rejected.className = s.emfRejected.count ? 'bad' : 'empty';
}

// ---- polling --------------------------------------------------------------

function render(s: Snapshot): void {
  drawCharts(s.dashboard);
  drawAlarms(s.dashboard.alarms);
  drawTables(s);
  const status = byId('status');
  status.className = '';
  status.textContent = `live · up ${Math.round((s.generatedAt - s.startedAt) / 1000)} s · updated ${new Date(s.generatedAt).toLocaleTimeString()}`;
  document.body.setAttribute('data-generated-at', String(s.generatedAt));
}

async function poll(): Promise<void> {
  try {
    const response = await fetch('/_local/metrics', { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    render((await response.json()) as Snapshot);
  } catch (error) {
    const status = byId('status');
    status.className = 'down';
    status.textContent = `disconnected (${(error as Error).message}); retrying…`;
  } finally {
    setTimeout(() => void poll(), 1000);
  }
}

void poll();
