import { describe, expect, test } from 'vitest';
import { parseArguments, UsageError } from './cli.js';

const IDS = ['seed-scratch', 'matmul', 'memory'];
const parse = (...argv: string[]) => parseArguments(argv, IDS, '/tmp/results.json');

describe('parseArguments', () => {
  test('defaults: the full suite, text tables, PyTorch from /usr/bin/python3, results written', () => {
    expect(parse()).toEqual({
      quick: false,
      only: [],
      markdown: false,
      rounds: null,
      pytorch: true,
      python: '/usr/bin/python3',
      json: '/tmp/results.json',
      from: null,
      list: false,
      help: false,
    });
  });

  test('flags', () => {
    const options = parse('--quick', '--markdown', '--no-pytorch', '--no-json', '--list', '-h');
    expect(options).toMatchObject({ quick: true, markdown: true, pytorch: false, json: null, list: true, help: true });
  });

  test('--only takes a comma-separated list, may repeat, and accepts --only=...', () => {
    expect(parse('--only', 'matmul,memory').only).toEqual(['matmul', 'memory']);
    expect(parse('--only', 'matmul', '--only=seed-scratch', '--only', 'matmul').only).toEqual([
      'matmul',
      'seed-scratch',
    ]);
  });

  test('--only rejects an unknown workload and names the known ones', () => {
    expect(() => parse('--only', 'gemm')).toThrow(UsageError);
    expect(() => parse('--only', 'gemm')).toThrow(
      'unknown workload "gemm"; the workloads are seed-scratch, matmul, memory',
    );
  });

  test('options with values', () => {
    expect(parse('--rounds', '4', '--python', '/opt/py/bin/python3', '--json', 'out.json')).toMatchObject({
      rounds: 4,
      python: '/opt/py/bin/python3',
      json: 'out.json',
    });
    expect(parse('--rounds=2').rounds).toBe(2);
    expect(parse('--from', 'bench-results.json', '--markdown')).toMatchObject({
      from: 'bench-results.json',
      markdown: true,
    });
  });

  test('a missing or bad value is a usage error', () => {
    expect(() => parse('--only')).toThrow('--only needs a value');
    expect(() => parse('--rounds', '--quick')).toThrow('--rounds needs a value');
    expect(() => parse('--rounds', '0')).toThrow('--rounds needs a positive integer, got "0"');
    expect(() => parse('--rounds', '2.5')).toThrow('positive integer');
  });

  test('ignores the bare -- that pnpm may pass through, and rejects unknown options', () => {
    expect(parse('--', '--quick').quick).toBe(true);
    expect(() => parse('--fast')).toThrow('unknown option "--fast"');
  });
});
