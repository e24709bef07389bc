import type { BenchResults, CaseResult, MetricResult, WorkloadResult } from './results.js';
import { LIBRARIES, LIBRARY_LABELS, type LibraryId } from './workload.js';

/** A figure with about three significant digits; thousands separated. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  // Round to three significant digits first, so that 99.99 prints as 100, not 100.0.
  value = Number(value.toPrecision(3));
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return value.toLocaleString('en-US');
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(2);
  if (magnitude === 0) return '0';
  return value.toPrecision(3);
}

/** How many times better torchlet is: `31×`, `2.4×`, `0.45×`. */
export function formatAdvantage(ratio: number): string {
  if (ratio >= 10) return `${ratio.toFixed(0)}×`;
  if (ratio >= 1) return `${ratio.toFixed(1)}×`;
  return `${ratio.toPrecision(2)}×`;
}

export type Align = 'left' | 'right';

export function renderTextTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[],
): string {
  const widths = headers.map((header, column) =>
    Math.max([...header].length, ...rows.map((row) => [...(row[column] ?? '')].length)),
  );
  const pad = (cell: string, column: number) => {
    const fill = ' '.repeat(widths[column]! - [...cell].length);
    return align[column] === 'right' ? fill + cell : cell + fill;
  };
  const line = (cells: readonly string[]) =>
    headers
      .map((_, column) => pad(cells[column] ?? '', column))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export function renderMarkdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[],
): string {
  const escape = (cell: string) => cell.replaceAll('|', '\\|');
  const line = (cells: readonly string[]) =>
    `| ${headers.map((_, column) => escape(cells[column] ?? '')).join(' | ')} |`;
  const rule = `|${align.map((side) => (side === 'right' ? '---:' : '---')).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

export const ADVANTAGE_LEGEND =
  'torchlet ×: how many times better torchlet’s median is than that library’s (time: theirs/ours; throughput: ours/theirs); above 1 torchlet is better, below 1 it is worse.';

/** The libraries that have a figure or a skip reason anywhere in these results, in table order. */
export function librariesIn(workloads: readonly WorkloadResult[]): LibraryId[] {
  const seen = new Set<LibraryId>();
  for (const workload of workloads)
    for (const benchCase of workload.cases) {
      for (const metric of benchCase.metrics)
        for (const library of Object.keys(metric.figures)) seen.add(library as LibraryId);
    }
  return LIBRARIES.filter((library) => seen.has(library));
}

/** The per-library detail of one case: median, min, max per metric, and torchlet's advantage. */
export function caseRows(benchCase: CaseResult): string[][] {
  const rows: string[][] = [];
  for (const metric of benchCase.metrics) {
    let first = true;
    for (const library of LIBRARIES) {
      const figure = metric.figures[library];
      const label = first ? metric.label : '';
      if (figure !== undefined) {
        const ratio = metric.advantage[library];
        rows.push([
          label,
          LIBRARY_LABELS[library],
          formatNumber(figure.median),
          formatNumber(figure.min),
          formatNumber(figure.max),
          metric.unit,
          String(figure.samples),
          ratio === undefined ? '' : formatAdvantage(ratio),
        ]);
        first = false;
      } else if (benchCase.skipped[library] !== undefined && metric === benchCase.metrics[0]) {
        rows.push([label, LIBRARY_LABELS[library], '—', '', '', '', '', `skipped: ${benchCase.skipped[library]}`]);
        first = false;
      }
    }
  }
  return rows;
}

const DETAIL_HEADERS = ['metric', 'library', 'median', 'min', 'max', 'unit', 'samples', 'torchlet ×'];
const DETAIL_ALIGN: Align[] = ['left', 'left', 'right', 'right', 'right', 'left', 'right', 'left'];

export function renderWorkloadText(workload: WorkloadResult): string {
  const rows = workload.cases.flatMap(caseRows);
  return `${workload.label} (${workload.id}, ${workload.seconds.toFixed(1)} s)\n${workload.description}\n\n${renderTextTable(DETAIL_HEADERS, rows, DETAIL_ALIGN)}`;
}

function summaryCell(metric: MetricResult, library: LibraryId): string {
  const figure = metric.figures[library];
  if (figure === undefined) return '—';
  const ratio = metric.advantage[library];
  return ratio === undefined
    ? formatNumber(figure.median)
    : `${formatNumber(figure.median)} (${formatAdvantage(ratio)})`;
}

/** One row per metric, one column per library: medians, each peer's with torchlet's advantage over it. */
export function summaryTable(workloads: readonly WorkloadResult[]): {
  headers: string[];
  rows: string[][];
  align: Align[];
} {
  const libraries = librariesIn(workloads);
  const headers = ['workload', 'unit', ...libraries.map((library) => LIBRARY_LABELS[library])];
  const rows: string[][] = [];
  for (const workload of workloads)
    for (const benchCase of workload.cases)
      for (const metric of benchCase.metrics) {
        const name = metric.label === workload.label ? metric.label : `${workload.label}: ${metric.label}`;
        rows.push([
          name,
          `${metric.unit} (${metric.better} is better)`,
          ...libraries.map((library) => summaryCell(metric, library)),
        ]);
      }
  return { headers, rows, align: ['left', 'left', ...libraries.map((): Align => 'right')] };
}

export function machineLine(results: BenchResults): string {
  const { machine } = results;
  const { start, end } = machine.loadAverage;
  return `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node} (V8 ${machine.v8}), ${machine.platform}; ${results.mode} run of ${results.seconds.toFixed(0)} s on ${machine.date.slice(0, 10)}, load average ${start.toFixed(1)} → ${end.toFixed(1)}`;
}

function notes(results: BenchResults): string[] {
  const lines: string[] = [];
  for (const library of LIBRARIES) {
    const version = results.libraries[library];
    const unavailable = results.unavailable[library];
    if (unavailable !== undefined) lines.push(`${LIBRARY_LABELS[library]}: not run — ${unavailable}`);
    else if (version !== undefined) lines.push(`${LIBRARY_LABELS[library]}: ${version}`);
  }
  return lines;
}

/**
 * Why a peer has no figure in the summary where it failed (it cannot train a CNN, say): the
 * table alone would show a dash, as for a library that was simply not installed.
 */
export function failureNotes(results: BenchResults): string[] {
  const lines: string[] = [];
  for (const workload of results.workloads)
    for (const benchCase of workload.cases)
      for (const library of LIBRARIES) {
        const reason = benchCase.skipped[library];
        if (reason?.startsWith('failed: ')) {
          lines.push(`${LIBRARY_LABELS[library]} cannot run ${workload.label}: ${reason.slice('failed: '.length)}`);
        }
      }
  return lines;
}

/** The whole report as plain text: each workload's detail, then the summary. */
export function renderText(results: BenchResults): string {
  const summary = summaryTable(results.workloads);
  return [
    `torchlet bench — ${machineLine(results)}`,
    ...notes(results),
    ...(results.warnings ?? []).map((warning) => `WARNING: ${warning}`),
    '',
    ...results.workloads.map((workload) => `${renderWorkloadText(workload)}\n`),
    'Summary (medians)',
    renderTextTable(summary.headers, summary.rows, summary.align),
    ...failureNotes(results),
    '',
    ADVANTAGE_LEGEND,
  ].join('\n');
}

/** The summary as Markdown, for the README: medians with torchlet's advantage, the machine, the legend. */
export function renderMarkdown(results: BenchResults): string {
  const summary = summaryTable(results.workloads);
  return [
    `Measured with \`pnpm bench${results.mode === 'quick' ? ' --quick' : ''}\` on ${machineLine(results)}.`,
    '',
    ...(results.warnings ?? []).flatMap((warning) => [`> **Warning:** ${warning}`, '']),
    renderMarkdownTable(summary.headers, summary.rows, summary.align),
    '',
    ...failureNotes(results).map((line) => `${line}.\n`),
    `Medians; in parentheses, ${ADVANTAGE_LEGEND.replace('torchlet ×: ', '')} Versions: ${notes(results).join('; ')}.`,
  ].join('\n');
}
