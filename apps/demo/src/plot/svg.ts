/** Text for SVG content and attributes. */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Several standalone SVGs placed side by side in one (each keeps its own size). */
export function sideBySide(svgs: readonly string[], title: string): string {
  const sizes = svgs.map((svg) => {
    const match = /<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"/.exec(svg);
    if (match === null) throw new Error('sideBySide: an SVG without width and height');
    return [Number(match[1]), Number(match[2])] as const;
  });
  const width = sizes.reduce((w, [x]) => w + x, 0);
  const height = Math.max(...sizes.map(([, y]) => y));
  let x = 0;
  const inner = svgs.map((svg, i) => {
    const placed = svg.replace('<svg ', `<svg x="${x}" y="0" `);
    x += sizes[i]![0];
    return placed.trim();
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escape(title)}</title>`,
    ...inner,
    '</svg>',
    '',
  ].join('\n');
}
