/** Plain-text table lines: a header, a rule, rows; columns right-aligned except the first and any listed. */
export function tableLines(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  leftAligned: readonly number[] = [0],
): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (leftAligned.includes(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [render(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(render)];
}

/**
 * One row of a table printed as it grows (an epoch at a time): each cell right-aligned to its
 * header's width (at least `minimum`), the last left-aligned.
 */
export function streamedRow(headers: readonly string[], cells: readonly string[], minimum = 8): string {
  return cells
    .map((cell, i) => {
      const width = Math.max(headers[i]!.length, minimum);
      return i === cells.length - 1 ? cell : cell.padStart(width);
    })
    .join('  ');
}
