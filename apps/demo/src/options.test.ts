import { describe, expect, test } from 'vitest';
import { parseArgs, UsageError } from './options.js';

describe('demo command line', () => {
  test('defaults: all six parts, seed 0, Chinese labels', () => {
    expect(parseArgs([])).toMatchObject({
      parts: ['scratch', 'concise', 'checkpoint', 'tumours', 'letter-x', 'digits'],
      json: false,
      seed: 0,
      lang: 'zh',
      help: false,
    });
  });

  test('parts and options, in both --flag value and --flag=value forms', () => {
    expect(
      parseArgs(['concise', '--seed', '3', '--lr=0.1', '--batch-size', '20', '--epochs', '5', '--lang', 'en']),
    ).toMatchObject({
      parts: ['concise'],
      seed: 3,
      lr: 0.1,
      batchSize: 20,
      epochs: 5,
      lang: 'en',
    });
    expect(parseArgs(['--resume', 'runs/x'])).toMatchObject({ parts: ['checkpoint'], resume: 'runs/x' });
    expect(parseArgs(['-h']).help).toBe(true);
  });

  test('bad input gets a clear message', () => {
    expect(() => parseArgs(['--epochs', '0'])).toThrow(new UsageError('--epochs expects an integer >= 1, got 0'));
    expect(() => parseArgs(['--lr', 'fast'])).toThrow('--lr expects a number >= 0, got fast');
    expect(() => parseArgs(['--lang', 'fr'])).toThrow('--lang expects zh or en, got fr');
    expect(() => parseArgs(['train'])).toThrow('unknown argument train (see --help)');
    expect(() => parseArgs(['--out'])).toThrow('--out expects a value');
    expect(() => parseArgs(['scratch', '--resume', 'X'])).toThrow(
      '--resume applies to the checkpoint part, not to scratch',
    );
    expect(() => parseArgs(['concise', '--out', 'X'])).toThrow(
      '--out applies to the checkpoint, tumours, letter-x or digits parts, not to concise',
    );
    expect(parseArgs(['digits', '--json', '--out', 'X'])).toMatchObject({ parts: ['digits'], json: true, out: 'X' });
    expect(() => parseArgs(['--resume', 'a', '--out', 'b'])).toThrow('cannot be combined with --out');
    expect(parseArgs(['scratch', 'checkpoint', '--out', 'X']).out).toBe('X');
  });
});
