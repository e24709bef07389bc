// The tutorial's last section made real: parameters change every epoch, but only what the code
// saves survives. Keep the best model on a validation set, the last one, and periodic saves.
import { defaultGenerator, noGrad, type Tensor } from '@torchlet/autograd';
import { CheckpointError } from '@torchlet/checkpoint';
import { ModelCheckpoint, type CheckpointRecord } from '@torchlet/checkpoint/node';
import { DataLoader, randomSplit, TensorDataset } from '@torchlet/data';
import { Linear, MSELoss, Sequential } from '@torchlet/nn';
import { SGD } from '@torchlet/optim';
import { loadCheckpoint } from '@torchlet/checkpoint/node';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DemoError } from '../options.js';
import type { Output } from '../output.js';
import { lossCurveSvg, type EpochLosses } from './loss-curve.js';
import { overfittingData } from './overfitting-data.js';

export interface CheckpointOptions {
  seed: number;
  epochs: number;
  lr: number;
  batchSize: number;
  /** Output directory (also where an interrupted run resumes from). */
  out: string;
  resume: boolean;
}

export interface CheckpointPartResult {
  history: EpochLosses[];
  bestEpoch: number;
  bestScore: number;
  reloadedScore: number;
  svgPath: string;
  dir: string;
}

const COLUMNS = ['epoch', 'train loss', 'val loss', 'saved as'];

function row(cells: readonly string[]): string {
  return cells
    .map((c, i) => (i === COLUMNS.length - 1 ? c : c.padStart(COLUMNS[i]!.length + (i === 0 ? 0 : 4))))
    .join('  ');
}

/** The table row of one epoch: which files it became. */
function savedAs(saved: readonly { kind: string }[], isBest: boolean): string {
  const kinds = saved.map((s) => (s.kind === 'best' && isBest ? 'best' : s.kind === 'best' ? 'top-k' : s.kind));
  return kinds.join(', ') || '-';
}

export async function runCheckpoint(options: CheckpointOptions, out: Output): Promise<CheckpointPartResult> {
  const { features, labels } = overfittingData(options.seed);
  const [train, val] = randomSplit(new TensorDataset(features, labels), [0.5, 0.5]);
  const loader = new DataLoader(train, { batchSize: options.batchSize, shuffle: true });
  const [valX, valY] = val.getBatch(Array.from({ length: val.length }, (_, i) => i));
  const [trainX, trainY] = train.getBatch(Array.from({ length: train.length }, (_, i) => i));

  const model = new Sequential(new Linear(features.shape[1]!, 1));
  const optimizer = new SGD(model.parameters(), { lr: options.lr });
  const lossFunction = new MSELoss();
  const evaluate = (x: Tensor, y: Tensor) => noGrad(() => lossFunction.forward(model.forward(x), y).item());

  const checkpoint = new ModelCheckpoint({
    dir: options.out,
    monitor: 'valLoss',
    mode: 'min',
    saveTopK: 1,
    saveLast: true,
    everyNEpochs: 5,
  });
  const state = { model, optimizer, generators: { default: defaultGenerator }, loaders: { train: loader } };
  let history: EpochLosses[] = [];
  let step = 0;
  if (options.resume) {
    const resumed = await checkpoint.resume(state).catch((error: unknown) => {
      // A damaged or foreign directory: say so in one line rather than with a stack trace.
      if (error instanceof CheckpointError) throw new DemoError(`--resume: ${options.out}: ${error.message}`);
      throw error;
    });
    if (resumed === null) throw new DemoError(`--resume: ${options.out} holds no checkpoint to continue from`);
    history = (resumed.extra as { history: EpochLosses[] }).history;
    step = resumed.step ?? 0;
    out.line(
      `resumed from ${options.out} after epoch ${resumed.epoch} (best so far: epoch ${checkpoint.state.best[0]?.epoch}, val loss ${checkpoint.bestScore?.toFixed(4)})`,
    );
  }

  out.line(
    `train ${train.length} / validation ${val.length} examples, ${options.epochs} epochs, checkpoints in ${options.out}`,
  );
  out.line(row(COLUMNS));
  for (const h of history)
    out.line(row([String(h.epoch), h.trainLoss.toFixed(4), h.valLoss.toFixed(4), '(before resume)']));
  for (let epoch = history.length + 1; epoch <= options.epochs; epoch++) {
    let batch = 0;
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      const loss = lossFunction.forward(model.forward(x), y);
      loss.backward();
      optimizer.step();
      step++;
      out.progress(`epoch ${epoch}/${options.epochs}`, ++batch, loader.length);
    }
    const losses = { epoch, trainLoss: evaluate(trainX, trainY), valLoss: evaluate(valX, valY) };
    history = [...history, losses];
    const result = await checkpoint.update({
      epoch,
      step,
      metrics: { trainLoss: losses.trainLoss, valLoss: losses.valLoss },
      ...state,
      extra: { history },
    });
    out.line(
      row([
        String(epoch),
        losses.trainLoss.toFixed(4),
        losses.valLoss.toFixed(4),
        savedAs(result.saved, result.isBest),
      ]),
    );
  }
  out.clearProgress();

  // The model to keep is the best on validation: reload it into a fresh model and check it.
  const best: CheckpointRecord = checkpoint.state.best[0]!;
  const fresh = new Sequential(new Linear(features.shape[1]!, 1));
  await loadCheckpoint(checkpoint.bestPath!, { model: fresh });
  const reloadedScore = noGrad(() => lossFunction.forward(fresh.forward(valX), valY).item());
  out.line();
  out.line(
    `best on validation: epoch ${best.epoch} of ${options.epochs}, val loss ${best.score.toFixed(6)} -> ${checkpoint.bestPath}`,
  );
  out.line(
    `reloaded best model: val loss ${reloadedScore.toFixed(6)} (${reloadedScore === best.score ? 'identical to the recorded best' : 'DIFFERS from the recorded best'})`,
  );
  out.line(`last epoch: val loss ${history[history.length - 1]!.valLoss.toFixed(6)} -> ${checkpoint.lastPath}`);

  const svgPath = join(options.out, 'loss-curve.svg');
  await writeFile(svgPath, lossCurveSvg(history, best.epoch));
  out.line(`loss curve: ${svgPath}`);
  return { history, bestEpoch: best.epoch, bestScore: best.score, reloadedScore, svgPath, dir: options.out };
}
