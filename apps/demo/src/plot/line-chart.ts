import { escape } from './svg.js';
import { logTicks, niceTicks, tickLabel } from './ticks.js';

export interface Series {
  readonly name: string;
  readonly color: string;
  /** [x, y] points in drawing order. */
  readonly points: readonly (readonly [number, number])[];
  /** Optional dash pattern, e.g. '6 4'. */
  readonly dash?: string;
}

export interface Marker {
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

export interface LineChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly marker?: Marker;
  /** Draw y on a log scale (losses spanning decades). */
  readonly logY?: boolean;
  readonly note?: string;
}

const WIDTH = 720;
const HEIGHT = 440;
const MARGIN = { top: 48, right: 170, bottom: 72, left: 76 };

/** A self-contained SVG line chart with axes, ticks, a legend and an optional marked point. */
export function lineChartSvg(chart: LineChart): string {
  const all = chart.series.flatMap((s) => s.points);
  if (all.length === 0) throw new Error('lineChartSvg: nothing to draw');
  const ys = all.map(([, y]) => y).filter((y) => Number.isFinite(y) && (!chart.logY || y > 0));
  const xs = all.map(([x]) => x);
  const toY = (y: number) => (chart.logY ? Math.log10(y) : y);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs, xMin + 1);
  let yMin = Math.min(...ys.map(toY));
  let yMax = Math.max(...ys.map(toY));
  if (yMax === yMin) [yMin, yMax] = [yMin - 1, yMax + 1];
  const pad = (yMax - yMin) * 0.06;
  yMin -= pad;
  yMax += pad;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const py = (y: number) => MARGIN.top + (1 - (toY(y) - yMin) / (yMax - yMin)) * plotH;
  const f = (v: number) => v.toFixed(1);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`);
  parts.push(`<text x="${MARGIN.left}" y="28" font-size="16" font-weight="bold">${escape(chart.title)}</text>`);
  if (chart.note) parts.push(`<text x="${MARGIN.left}" y="${HEIGHT - 10}" fill="#555">${escape(chart.note)}</text>`);

  // Axes with ticks and grid lines.
  const axes: string[] = [`<g class="axes" stroke="#333">`];
  axes.push(
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${MARGIN.left + plotW}" y2="${MARGIN.top + plotH}"/>`,
  );
  axes.push(`<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotH}"/>`);
  axes.push('</g>');
  const xTicks = niceTicks(xMin, xMax, Math.min(10, Math.max(2, Math.round(xMax - xMin)))).filter((t) =>
    Number.isInteger(t),
  );
  for (const t of xTicks) {
    axes.push(
      `<line class="tick" x1="${f(px(t))}" y1="${MARGIN.top + plotH}" x2="${f(px(t))}" y2="${MARGIN.top + plotH + 5}" stroke="#333"/>`,
    );
    axes.push(`<text x="${f(px(t))}" y="${MARGIN.top + plotH + 19}" text-anchor="middle">${tickLabel(t)}</text>`);
  }
  for (const t of chart.logY ? logTicks(yMin, yMax) : niceTicks(yMin, yMax, 6)) {
    const value = chart.logY ? 10 ** t : t;
    const y = MARGIN.top + (1 - (t - yMin) / (yMax - yMin)) * plotH;
    axes.push(`<line x1="${MARGIN.left}" y1="${f(y)}" x2="${MARGIN.left + plotW}" y2="${f(y)}" stroke="#e4e4e4"/>`);
    axes.push(`<text x="${MARGIN.left - 8}" y="${f(y + 4)}" text-anchor="end">${tickLabel(value)}</text>`);
  }
  axes.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 40}" text-anchor="middle">${escape(chart.xLabel)}</text>`,
  );
  axes.push(
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}${chart.logY ? ' (log scale)' : ''}</text>`,
  );
  parts.push(...axes);

  // One polyline per series.
  for (const s of chart.series) {
    const points = s.points
      .filter(([, y]) => Number.isFinite(y) && (!chart.logY || y > 0))
      .map(([x, y]) => `${f(px(x))},${f(py(y))}`);
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    parts.push(
      `<polyline class="series" data-name="${escape(s.name)}" fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${points.join(' ')}"/>`,
    );
  }

  if (chart.marker) {
    const { x, y, label } = chart.marker;
    parts.push(
      `<g class="marker"><line x1="${f(px(x))}" y1="${MARGIN.top}" x2="${f(px(x))}" y2="${MARGIN.top + plotH}" stroke="#2a9d3c" stroke-dasharray="4 3"/>` +
        `<circle cx="${f(px(x))}" cy="${f(py(y))}" r="6" fill="none" stroke="#2a9d3c" stroke-width="2.5"/>` +
        `<text x="${f(px(x) + 8)}" y="${MARGIN.top + 14}" fill="#2a9d3c">${escape(label)}</text></g>`,
    );
  }

  // Legend.
  const legendX = WIDTH - MARGIN.right + 16;
  chart.series.forEach((s, i) => {
    const y = MARGIN.top + 10 + i * 22;
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    parts.push(
      `<g class="legend-item"><line x1="${legendX}" y1="${y}" x2="${legendX + 26}" y2="${y}" stroke="${s.color}" stroke-width="2"${dash}/><text x="${legendX + 32}" y="${y + 4}">${escape(s.name)}</text></g>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
