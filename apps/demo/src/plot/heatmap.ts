import { escape } from './svg.js';

export interface Heatmap {
  readonly title: string;
  /** Values row by row. */
  readonly values: readonly number[];
  readonly columns: number;
  readonly cell?: number;
}

/**
 * A grid of values as coloured squares (blue negative, white 0, red positive, scaled to the
 * largest magnitude), each labelled with its value: e.g. a neuron's 25 weights over a 5×5 input.
 */
export function heatmapSvg(map: Heatmap): string {
  const cell = map.cell ?? 56;
  const rows = Math.ceil(map.values.length / map.columns);
  const top = 40;
  const width = map.columns * cell + 40;
  const height = rows * cell + top + 40;
  const max = Math.max(...map.values.map(Math.abs), 1e-12);
  const color = (v: number) => {
    const t = Math.min(Math.abs(v) / max, 1);
    const fade = Math.round(255 * (1 - t));
    return v >= 0 ? `rgb(255,${fade},${fade})` : `rgb(${fade},${fade},255)`;
  };
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escape(map.title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">${escape(map.title)}</text>`,
  ];
  map.values.forEach((v, i) => {
    const x = 20 + (i % map.columns) * cell;
    const y = top + Math.floor(i / map.columns) * cell;
    parts.push(
      `<rect class="cell" x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${color(v)}" stroke="#999"/>`,
      `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle">${v.toFixed(2)}</text>`,
    );
  });
  parts.push(
    `<text x="${width / 2}" y="${height - 12}" text-anchor="middle" fill="#555">red: evidence for, blue: against</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
}
