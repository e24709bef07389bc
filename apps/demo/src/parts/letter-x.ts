// Part 5: the 5×5 letter X of ../tutorial/letter-x.ts — one neuron trained, its held-out
// accuracy, and its 25 weights drawn in the terminal and as an SVG.
import { manualSeed } from '@torchlet/autograd';
import { accuracy } from '@torchlet/metrics';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Output } from '../output.js';
import { heatmapSvg } from '../plot/heatmap.js';
import { asTensors, examples, letterXNeuron, OTHERS, SIZE, verdict, X } from '../tutorial/letter-x.js';

export interface LetterXOptions {
  seed: number;
  epochs: number;
  lr: number;
  /** Where the SVG of the learned weights goes. */
  out: string;
}

export interface LetterXResult {
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly testCount: number;
  /** The 25 learned weights, row by row. */
  readonly weights: number[];
  readonly svgPath: string;
}

/** A 5×5 grid of values as text: signed numbers, and a shaded picture beside them. */
export function gridLines(values: readonly number[]): string[] {
  const max = Math.max(...values.map(Math.abs), 1e-12);
  const shades = [' ', '░', '▒', '▓', '█'];
  const lines: string[] = [];
  for (let y = 0; y < SIZE; y++) {
    const row = values.slice(y * SIZE, (y + 1) * SIZE);
    const numbers = row.map((v) => (v >= 0 ? '+' : '-') + Math.abs(v).toFixed(2)).join(' ');
    const picture = row
      .map((v) => {
        const level = Math.round((Math.max(v, 0) / max) * (shades.length - 1));
        return shades[level]!.repeat(2);
      })
      .join('');
    lines.push(`  ${numbers}   |${picture}|`);
  }
  return lines;
}

export async function runLetterX(options: LetterXOptions, out: Output): Promise<LetterXResult> {
  manualSeed(options.seed);
  const { train, test } = examples(options.seed);
  const trainSet = asTensors(train);
  const testSet = asTensors(test);
  out.line(
    `5×5 grids of 0/1: ${train.length} training examples (${train.filter((e) => e.isX).length} X), ` +
      `${test.length} held-out noisy ones (${test.filter((e) => e.isX).length} X), others: ${Object.keys(OTHERS).join(', ')}`,
  );
  out.line('The X the tutorial draws:');
  for (let y = 0; y < SIZE; y++)
    out.line(
      `  ${X.slice(y * SIZE, (y + 1) * SIZE)
        .map((v) => (v ? '█' : '·'))
        .join(' ')}`,
    );

  const { neuron, epochs } = letterXNeuron(trainSet, options);
  for (const { epoch, loss } of epochs) {
    out.progress('one neuron', epoch, options.epochs);
    if (epoch === 1 || epoch % Math.max(1, Math.floor(options.epochs / 5)) === 0) {
      out.clearProgress();
      out.line(`epoch ${String(epoch).padStart(4)}: loss ${loss.toFixed(4)}`);
    }
  }
  const trainAccuracy = accuracy(verdict(neuron, trainSet.x), trainSet.y);
  const testAccuracy = accuracy(verdict(neuron, testSet.x), testSet.y);
  const weights = Array.from(neuron.weight.toTypedArray());
  out.line();
  out.line(`The 25 learned weights (bias ${neuron.bias.item().toFixed(2)}); X's strokes should stand out:`);
  for (const line of gridLines(weights)) out.line(line);
  out.line();
  out.line(
    `accuracy: training ${trainAccuracy.toFixed(3)}, held-out noisy variants ${testAccuracy.toFixed(3)} (${test.length} grids)`,
  );
  await mkdir(options.out, { recursive: true });
  const svgPath = join(options.out, 'letter-x-weights.svg');
  await writeFile(svgPath, heatmapSvg({ title: 'Weights of the X neuron', values: weights, columns: SIZE }));
  out.line(`weights picture: ${svgPath}`);
  return { trainAccuracy, testAccuracy, testCount: test.length, weights, svgPath };
}
