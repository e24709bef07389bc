import { escape } from './svg.js';

export interface GridImage {
  /** Grey values in [0, 1] (1 = ink), row by row. */
  readonly pixels: readonly number[];
  readonly caption: string;
}

/**
 * Small grey images in a grid, each with a caption below: e.g. the misclassified test digits
 * with their true and predicted labels.
 */
export function imageGridSvg(options: {
  title: string;
  images: readonly GridImage[];
  width: number;
  height: number;
  columns?: number;
  scale?: number;
}): string {
  const { width, height, images } = options;
  const columns = Math.max(1, Math.min(options.columns ?? 10, images.length));
  const scale = options.scale ?? 8;
  const cellW = width * scale + 16;
  const cellH = height * scale + 32;
  const rows = Math.max(1, Math.ceil(images.length / columns));
  const W = columns * cellW + 16;
  const H = rows * cellH + 48;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<title>${escape(options.title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${W / 2}" y="24" text-anchor="middle" font-size="15">${escape(options.title)}</text>`,
  ];
  if (images.length === 0) parts.push(`<text x="${W / 2}" y="48" text-anchor="middle">(none)</text>`);
  images.forEach((image, k) => {
    const ox = 16 + (k % columns) * cellW;
    const oy = 40 + Math.floor(k / columns) * cellH;
    parts.push(`<g class="image">`);
    image.pixels.forEach((v, i) => {
      const shade = Math.round(255 * (1 - Math.min(Math.max(v, 0), 1)));
      const x = ox + (i % width) * scale;
      const y = oy + Math.floor(i / width) * scale;
      parts.push(`<rect x="${x}" y="${y}" width="${scale}" height="${scale}" fill="rgb(${shade},${shade},${shade})"/>`);
    });
    parts.push(
      `<text x="${ox + (width * scale) / 2}" y="${oy + height * scale + 16}" text-anchor="middle">${escape(image.caption)}</text>`,
      '</g>',
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
