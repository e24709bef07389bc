// The tutorial's first picture: a letter X drawn on a 5×5 black-and-white grid is 25 inputs of
// 0/1, and "one layer of neurons may be enough" to tell it from other letters and shapes.
import { Generator as RandomGenerator, noGrad, tensor, type Tensor } from '@torchlet/autograd';
import { BCEWithLogitsLoss, Linear } from '@torchlet/nn';
import { SGD } from '@torchlet/optim';

export type Grid = readonly number[]; // 25 values of 0/1, row by row

export const SIZE = 5;

/** A 5×5 grid from five strings of '#' and '.'. */
function grid(...rows: string[]): Grid {
  return rows.flatMap((row) => [...row].map((c) => (c === '#' ? 1 : 0)));
}

export const X = grid('#...#', '.#.#.', '..#..', '.#.#.', '#...#');

/** Letters and shapes that are not an X. */
export const OTHERS: Record<string, Grid> = {
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
function randomCells(generator: RandomGenerator, count: number): number[] {
  const cells = new Set<number>();
  while (cells.size < count) cells.add(generator.nextInt(0, SIZE * SIZE));
  return [...cells];
}

export interface Example {
  readonly grid: Grid;
  readonly isX: boolean;
}

/**
 * Training: the X and every other shape, each with every single flipped pixel, and each shifted
 * shape by one cell. Held out: new noisy variants — two random flips of the X, and of every other
 * shape, one random flip of every shifted one — drawn from a different stream.
 */
export function examples(seed: number): { train: Example[]; test: Example[] } {
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
  const generator = new RandomGenerator().manualSeed(seed + 1000);
  for (let k = 0; k < 40; k++) test.push({ grid: flip(X, randomCells(generator, 2)), isX: true });
  for (const g of Object.values(OTHERS)) {
    for (let k = 0; k < 3; k++) test.push({ grid: flip(g, randomCells(generator, 2)), isX: false });
    for (const [dy, dx] of shifts) test.push({ grid: flip(shift(g, dy, dx), randomCells(generator, 1)), isX: false });
  }
  return { train, test };
}

export function asTensors(list: readonly Example[]): { x: Tensor; y: Tensor } {
  return {
    x: tensor(list.map((e) => [...e.grid])),
    y: tensor(
      list.map((e) => (e.isX ? 1 : 0)),
      { dtype: 'int32' },
    ),
  };
}

export interface NeuronOptions {
  readonly epochs: number;
  readonly lr: number;
}

/**
 * One layer of neurons: one neuron, 25 weights and a bias; its sigmoid says "is this an X?". The
 * neuron is made at once (from the global generator); `epochs` trains it full-batch with SGD on
 * binary cross-entropy, one step per epoch, yielding the loss before each step.
 */
export function letterXNeuron(
  train: { x: Tensor; y: Tensor },
  options: NeuronOptions,
): { neuron: Linear; epochs: Generator<{ epoch: number; loss: number }> } {
  const neuron = new Linear(25, 1);
  const lossFn = new BCEWithLogitsLoss();
  const optimizer = new SGD(neuron.parameters(), { lr: options.lr });
  function* epochs() {
    for (let epoch = 1; epoch <= options.epochs; epoch++) {
      optimizer.zeroGrad();
      const l = lossFn.forward(neuron.forward(train.x).reshape([-1]), train.y.float());
      l.backward();
      optimizer.step();
      yield { epoch, loss: l.item() };
    }
  }
  return { neuron, epochs: epochs() };
}

/** How sure the neuron is that each of the grids [N, 25] is an X: its sigmoid, [N]. */
export function xProbability(neuron: Linear, x: Tensor): Tensor {
  return noGrad(() => neuron.forward(x).reshape([-1]).sigmoid());
}

/** The neuron's verdict on grids [N, 25]: 1 where it says X (sigmoid > 0.5). */
export function verdict(neuron: Linear, x: Tensor): Tensor {
  return xProbability(neuron, x).gt(0.5).int();
}
