import { describe, expect, test } from 'vitest';
import {
  caseRows,
  formatAdvantage,
  formatNumber,
  renderMarkdown,
  renderMarkdownTable,
  renderText,
  renderTextTable,
  summaryTable,
} from './format.js';
import type { BenchResults, CaseResult, WorkloadResult } from './results.js';

describe('formatNumber', () => {
  test('about three significant digits, thousands separated', () => {
    expect(formatNumber(50000)).toBe('50,000');
    expect(formatNumber(2030.4)).toBe('2,030');
    expect(formatNumber(129.4)).toBe('129');
    expect(formatNumber(18.44)).toBe('18.4');
    expect(formatNumber(4.56789)).toBe('4.57');
    expect(formatNumber(0.33149)).toBe('0.331');
    expect(formatNumber(0.0931)).toBe('0.0931');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-2.5)).toBe('-2.50');
    expect(formatNumber(99.99)).toBe('100');
    expect(formatNumber(999.7)).toBe('1,000');
    expect(formatNumber(9.999)).toBe('10.0');
  });
});

describe('formatAdvantage', () => {
  test('whole above 10, one decimal above 1, two digits below', () => {
    expect(formatAdvantage(31.4)).toBe('31×');
    expect(formatAdvantage(2.46)).toBe('2.5×');
    expect(formatAdvantage(0.456)).toBe('0.46×');
  });
});

describe('tables', () => {
  test('text: columns padded to the widest cell, numbers right-aligned, a rule under the header', () => {
    const text = renderTextTable(
      ['name', 'value'],
      [
        ['a', '1'],
        ['longer', '22.5'],
      ],
      ['left', 'right'],
    );
    expect(text.split('\n')).toEqual(['name    value', '──────  ─────', 'a           1', 'longer   22.5']);
  });

  test('markdown: escaped pipes and alignment markers', () => {
    const markdown = renderMarkdownTable(['workload', 'x'], [['a|b', '1']], ['left', 'right']);
    expect(markdown.split('\n')).toEqual(['| workload | x |', '|---|---:|', '| a\\|b | 1 |']);
  });
});

const matmul: CaseResult = {
  id: 'n1024',
  label: 'n=1024',
  metrics: [
    {
      id: 'gflops',
      label: 'n=1024',
      unit: 'GFLOP/s',
      better: 'higher',
      figures: {
        torchlet: { median: 45, min: 40, max: 47, samples: 5, iterationsPerSample: 2 },
        'tfjs-wasm': { median: 18, min: 17.5, max: 18.4, samples: 5, iterationsPerSample: 1 },
      },
      advantage: { 'tfjs-wasm': 2.5 },
    },
  ],
  skipped: { 'js-pytorch': 'about 10 s per multiply at n=1024' },
  values: {},
  detail: {},
  seconds: 12,
};

const workload: WorkloadResult = {
  id: 'matmul',
  label: 'matmul, float32',
  description: 'C = A·B',
  cases: [matmul],
  seconds: 12,
};

const results: BenchResults = {
  mode: 'quick',
  machine: {
    cpu: 'Test CPU',
    cores: 2,
    memoryGb: 24,
    node: '20.20.2',
    v8: '11.3',
    platform: 'linux-x64',
    date: '2026-01-02T03:04:05.000Z',
    loadAverage: { start: 0.5, end: 3.2 },
  },
  config: {},
  libraries: { torchlet: '@torchlet/* 0.0.0', 'tfjs-wasm': '@tensorflow/tfjs-backend-wasm 4.22.0' },
  unavailable: { pytorch: 'no torch' },
  workloads: [workload],
  seconds: 61,
};

describe('reports', () => {
  test('a case’s rows: median, min, max, samples and torchlet’s advantage; skipped libraries say why', () => {
    expect(caseRows(matmul)).toEqual([
      ['n=1024', 'torchlet', '45.0', '40.0', '47.0', 'GFLOP/s', '5', ''],
      ['', 'tfjs wasm', '18.0', '17.5', '18.4', 'GFLOP/s', '5', '2.5×'],
      ['', 'js-pytorch', '—', '', '', '', '', 'skipped: about 10 s per multiply at n=1024'],
    ]);
  });

  test('the summary has one row per metric and one column per library that has figures', () => {
    const summary = summaryTable([workload]);
    expect(summary.headers).toEqual(['workload', 'unit', 'torchlet', 'tfjs wasm']);
    expect(summary.rows).toEqual([['matmul, float32: n=1024', 'GFLOP/s (higher is better)', '45.0', '18.0 (2.5×)']]);
  });

  test('markdown names the machine and the mode, and explains the ratios', () => {
    const markdown = renderMarkdown(results);
    expect(markdown).toContain('`pnpm bench --quick` on Test CPU, 2 cores, 24 GB, Node 20.20.2');
    expect(markdown).toContain('load average 0.5 → 3.2');
    expect(markdown).toContain('| matmul, float32: n=1024 | GFLOP/s (higher is better) | 45.0 | 18.0 (2.5×) |');
    expect(markdown).toContain('above 1 torchlet is better');
    expect(markdown).toContain('PyTorch: not run — no torch');
  });

  test('a peer that failed to run a workload is named under the summary, with its error', () => {
    const failed: BenchResults = {
      ...results,
      workloads: [
        {
          ...workload,
          label: 'LeNet-5 training',
          cases: [{ ...matmul, skipped: { 'tfjs-wasm': "failed: Kernel 'Conv2DBackpropFilter' not registered" } }],
        },
      ],
    };
    expect(renderMarkdown(failed)).toContain(
      "tfjs wasm cannot run LeNet-5 training: Kernel 'Conv2DBackpropFilter' not registered.",
    );
    expect(renderText(failed)).toContain(
      "tfjs wasm cannot run LeNet-5 training: Kernel 'Conv2DBackpropFilter' not registered",
    );
    expect(renderMarkdown(results)).not.toContain('cannot run');
  });

  test('text shows every workload’s detail, the summary and the legend', () => {
    const text = renderText(results);
    expect(text).toContain('matmul, float32 (matmul, 12.0 s)');
    expect(text).toContain('Summary (medians)');
    expect(text).toContain('PyTorch: not run — no torch');
    expect(text).toMatch(/tfjs wasm\s+18\.0\s+17\.5\s+18\.4\s+GFLOP\/s\s+5\s+2\.5×/);
  });

  test('a warning about a peer (PyTorch on the reference BLAS) is said above the tables in both reports', () => {
    const warned: BenchResults = { ...results, warnings: ['PyTorch runs on the reference BLAS'] };
    expect(renderMarkdown(warned)).toContain('> **Warning:** PyTorch runs on the reference BLAS');
    expect(renderText(warned).split('\n').slice(0, 5)).toContain('WARNING: PyTorch runs on the reference BLAS');
    expect(renderMarkdown(results)).not.toContain('Warning');
  });
});
