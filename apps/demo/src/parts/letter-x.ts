// The tutorial's first picture: a letter X drawn on a 5×5 black-and-white grid is 25 inputs of
// 0/1, and "one layer of neurons may be enough" to tell it from other letters and shapes.
import { Generator, manualSeed, noGrad, tensor, type Tensor } from '@torchlet/autograd';
import { accuracy } from '@torchlet/metrics';
import { BCEWithLogitsLoss, Linear } from '@torchlet/nn';
import { SGD } from '@torchlet/optim';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Output } from '../output.js';
import { heatmapSvg } from '../plot/heatmap.js';

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

type Grid = readonly number[]; // 25 values of 0/1, row by row

const SIZE = 5;

/** A 5×5 grid from five strings of '#' and '.'. */
function grid(...rows: string[]): Grid {
  return rows.flatMap((row) => [...row].map((c) => (c === '#' ? 1 : 0)));
}

const X = grid('#...#', '.#.#.', '..#..', '.#.#.', '#...#');

/** Letters and shapes that are not an X. */
const OTHERS: Record<string, Grid> = {
  O: grid('.###.', '#...#', '#...#', '#...#', '.###.'),
  T: grid('#####', '..#..', '..#..', '..#..', '..#..'),
  L: grid('#....', '#....', '#....', '#....', '#####'),
  H: grid('#...#', '#...#', '#####', '#...#', '#...#'),
  I: grid('.###.', '..#..', '..#..', '..#..', '.###.'),
  E: grid('#####', '#....', '####.', '#....', '#####'),
  C: grid('.####', '#....', '#....', '#....', '.####'),
  U: grid('#...#', '#...#', '#...#', '#...#', '.###.'),
  Z: grid('#####', '...#.', '..#..', '.#...', '#####'),
  N: grid('#...#', '##..#', '#.#.#', '#..##', '#...#'),
  plus: grid('..#..', '..#..', '#####', '..#..', '..#..'),
  square: grid('#####', '#...#', '#...#', '#...#', '#####'),
  block: grid('.....', '.###.', '.###.', '.###.', '.....'),
  bar: grid('.....', '.....', '#####', '.....', '.....'),
  dot: grid('.....', '.....', '..#..', '.....', '.....'),
};

/** The grid with the listed cells flipped (noise: a pixel drawn or missed). */
function flip(g: Grid, cells: readonly number[]): Grid {
  const out = [...g];
  for (const c of cells) out[c] = 1 - out[c]!;
  return out;
}

/** The grid moved by (dy, dx), cells pushed off the edge dropped (a letter drawn off-centre). */
function shift(g: Grid, dy: number, dx: number): Grid {
  const out = new Array<number>(SIZE * SIZE).fill(0);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const [ty, tx] = [y + dy, x + dx];
      if (ty >= 0 && ty < SIZE && tx >= 0 && tx < SIZE) out[ty * SIZE + tx] = g[y * SIZE + x]!;
    }
  return out;
}

/** Cell indices drawn from `generator`: `count` distinct ones. */
function randomCells(generator: Generator, count: number): number[] {
  const cells = new Set<number>();
  while (cells.size < count) cells.add(generator.nextInt(0, SIZE * SIZE));
  return [...cells];
}

interface Example {
  readonly grid: Grid;
  readonly isX: boolean;
}

/**
 * Training: the X and every other shape, each with every single flipped pixel, and each shifted
 * shape by one cell. Held out: new noisy variants — two random flips of the X, and of every other
 * shape, one random flip of every shifted one — drawn from a different stream.
 */
function examples(seed: number): { train: Example[]; test: Example[] } {
  const train: Example[] = [];
  const test: Example[] = [];
  const shapes: [Grid, boolean][] = [[X, true], ...Object.values(OTHERS).map((g): [Grid, boolean] => [g, false])];
  const shifts = [
    [0, 1],
    [1, 0],
    [0, -1],
    [-1, 0],
  ] as const;
  for (const [g, isX] of shapes) {
    train.push({ grid: g, isX });
    for (let c = 0; c < SIZE * SIZE; c++) train.push({ grid: flip(g, [c]), isX });
    // A shifted X loses its corners and is no longer the letter the tutorial draws: only others shift.
    if (!isX) for (const [dy, dx] of shifts) train.push({ grid: shift(g, dy, dx), isX });
  }
  const generator = new Generator().manualSeed(seed + 1000);
  for (let k = 0; k < 40; k++) test.push({ grid: flip(X, randomCells(generator, 2)), isX: true });
  for (const g of Object.values(OTHERS)) {
    for (let k = 0; k < 3; k++) test.push({ grid: flip(g, randomCells(generator, 2)), isX: false });
    for (const [dy, dx] of shifts) test.push({ grid: flip(shift(g, dy, dx), randomCells(generator, 1)), isX: false });
  }
  return { train, test };
}

function asTensors(list: readonly Example[]): { x: Tensor; y: Tensor } {
  return {
    x: tensor(list.map((e) => [...e.grid])),
    y: tensor(
      list.map((e) => (e.isX ? 1 : 0)),
      { dtype: 'int32' },
    ),
  };
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

  // One layer of neurons: one neuron, 25 weights and a bias; its sigmoid says "is this an X?".
  const neuron = new Linear(25, 1);
  const lossFn = new BCEWithLogitsLoss();
  const optimizer = new SGD(neuron.parameters(), { lr: options.lr });
  const loss = () => lossFn.forward(neuron.forward(trainSet.x).reshape([-1]), trainSet.y.float());
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    optimizer.zeroGrad();
    const l = loss();
    l.backward();
    optimizer.step();
    out.progress('one neuron', epoch, options.epochs);
    if (epoch === 1 || epoch % Math.max(1, Math.floor(options.epochs / 5)) === 0) {
      out.clearProgress();
      out.line(`epoch ${String(epoch).padStart(4)}: loss ${l.item().toFixed(4)}`);
    }
  }
  const verdict = (x: Tensor) => noGrad(() => neuron.forward(x).reshape([-1]).sigmoid().gt(0.5).int());
  const trainAccuracy = accuracy(verdict(trainSet.x), trainSet.y);
  const testAccuracy = accuracy(verdict(testSet.x), testSet.y);
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
