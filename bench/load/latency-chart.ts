import type { SeriesPoint } from './latency-series';

export interface ChartLine {
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** A shaded stretch of the x axis: when a condition held. */
export interface ChartBand {
  readonly from: number;
  readonly to: number;
  readonly label: string;
  readonly color: string;
}

export interface Chart {
  readonly title: string;
  readonly subtitle: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xMax: number;
  readonly lines: readonly ChartLine[];
  readonly bands?: readonly ChartBand[];
}

const WIDTH = 900;
const HEIGHT = 460;
const PLOT = { left: 70, right: 230, top: 70, bottom: 60 };

/** p50 (solid) and p99 (dashed) of a series, in one colour. */
export function percentileLines(
  label: string,
  color: string,
  series: readonly SeriesPoint[],
): ChartLine[] {
  return [
    { label: `${label} p50`, color, points: series.map((p) => ({ x: p.t, y: p.p50 })) },
    {
      label: `${label} p99`,
      color,
      dashed: true,
      points: series.map((p) => ({ x: p.t, y: p.p99 })),
    },
  ];
}

/** A line chart as a standalone SVG document: axes, grid, lines and a legend. */
export function renderChart(chart: Chart): string {
  const width = WIDTH - PLOT.left - PLOT.right;
  const height = HEIGHT - PLOT.top - PLOT.bottom;
  const highest = Math.max(
    1e-3,
    ...chart.lines.flatMap((l) => l.points.filter((p) => p.x <= chart.xMax).map((p) => p.y)),
  );
  const yStep = niceCeiling(highest / 5);
  const yMax = Math.ceil(highest / yStep) * yStep;
  const x = (value: number) => PLOT.left + (value / chart.xMax) * width;
  const y = (value: number) => PLOT.top + height - (value / yMax) * height;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="28" font-size="16" font-weight="600">${escape(chart.title)}</text>`,
    `<text x="${PLOT.left}" y="48" fill="#555555">${escape(chart.subtitle)}</text>`,
  );
  for (const band of chart.bands ?? []) {
    const from = x(Math.max(0, band.from));
    const to = x(Math.min(chart.xMax, band.to));
    parts.push(
      `<rect x="${from.toFixed(1)}" y="${PLOT.top}" width="${Math.max(0, to - from).toFixed(1)}" height="${height}" fill="${band.color}"/>`,
    );
  }
  for (const tick of ticks(yMax)) {
    parts.push(
      `<line x1="${PLOT.left}" x2="${PLOT.left + width}" y1="${y(tick)}" y2="${y(tick)}" stroke="#e5e7eb"/>`,
      `<text x="${PLOT.left - 8}" y="${y(tick) + 4}" text-anchor="end" fill="#333333">${formatTick(tick)}</text>`,
    );
  }
  for (const tick of ticks(chart.xMax)) {
    parts.push(
      `<line x1="${x(tick)}" x2="${x(tick)}" y1="${PLOT.top + height}" y2="${PLOT.top + height + 5}" stroke="#333333"/>`,
      `<text x="${x(tick)}" y="${PLOT.top + height + 20}" text-anchor="middle" fill="#333333">${formatTick(tick)}</text>`,
    );
  }
  parts.push(
    `<line x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${PLOT.top + height}" stroke="#333333"/>`,
    `<line x1="${PLOT.left}" x2="${PLOT.left + width}" y1="${PLOT.top + height}" y2="${PLOT.top + height}" stroke="#333333"/>`,
    `<text x="${PLOT.left + width / 2}" y="${HEIGHT - 15}" text-anchor="middle">${escape(chart.xLabel)}</text>`,
    `<text transform="translate(20 ${PLOT.top + height / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`,
  );
  chart.lines.forEach((line, index) => {
    // Responses still arriving after the phase ended fall outside the plot.
    const path = line.points
      .filter((p) => p.x <= chart.xMax)
      .map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`)
      .join(' ');
    const dash = line.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(
      `<polyline points="${path}" fill="none" stroke="${line.color}" stroke-width="2"${dash}/>`,
    );
    const legendY = PLOT.top + 10 + index * 22;
    const legendX = PLOT.left + width + 20;
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 28}" y1="${legendY}" y2="${legendY}" stroke="${line.color}" stroke-width="2"${dash}/>`,
      `<text x="${legendX + 36}" y="${legendY + 4}">${escape(line.label)}</text>`,
    );
  });
  const labels = [...new Map((chart.bands ?? []).map((b) => [b.label, b.color]))];
  labels.forEach(([label, color], index) => {
    const legendY = PLOT.top + 10 + (chart.lines.length + index) * 22;
    const legendX = PLOT.left + width + 20;
    parts.push(
      `<rect x="${legendX}" y="${legendY - 7}" width="28" height="14" fill="${color}"/>`,
      `<text x="${legendX + 36}" y="${legendY + 4}">${escape(label)}</text>`,
    );
  });
  parts.push('</svg>', '');
  return parts.join('\n');
}

/** 1, 2 or 5 times a power of ten, at or above `value`. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function ticks(max: number): number[] {
  const step = niceCeiling(max / 5);
  const result: number[] = [];
  for (let tick = 0; tick <= max + step / 1000; tick += step)
    result.push(Number(tick.toPrecision(6)));
  return result;
}

function formatTick(value: number): string {
  return value >= 10 || Number.isInteger(value)
    ? String(Math.round(value * 100) / 100)
    : value.toFixed(1);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
