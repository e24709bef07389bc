// Part 4: the tumour classifiers of ../tutorial/tumours.ts trained with checkpoints (the best on
// validation is the one that meets the test set), then precision, recall and a confusion matrix.
import { Generator, manualSeed, type Tensor } from '@torchlet/autograd';
import { loadCheckpoint, ModelCheckpoint } from '@torchlet/checkpoint/node';
import { Adam } from '@torchlet/optim';
import { join } from 'node:path';
import { breastCancer } from '../datasets.js';
import type { Output } from '../output.js';
import { streamedRow, tableLines } from '../table.js';
import { MALIGNANT, scoreTumourModel, TUMOUR_MODELS, tumourScoring, tumourSplits } from '../tutorial/tumours.js';
import { EPOCH_HEADERS, epochRow, trainClassifier } from './classifier-training.js';

export interface TumoursOptions {
  seed: number;
  epochs: number;
  lr: number;
  batchSize: number;
  /** Checkpoint directory; each model gets a folder in it. */
  out: string;
}

export interface TumourModelResult {
  readonly name: string;
  readonly bestEpoch: number;
  readonly testAccuracy: number;
  readonly malignantPrecision: number;
  readonly malignantRecall: number;
  readonly confusion: number[][];
}

export interface TumoursResult {
  readonly models: TumourModelResult[];
  /** The model kept: the better one on validation. */
  readonly chosen: TumourModelResult;
  readonly testAccuracy: number;
}

export async function runTumours(options: TumoursOptions, out: Output): Promise<TumoursResult> {
  manualSeed(options.seed);
  const data = breastCancer();
  const generator = new Generator().manualSeed(options.seed);
  const { train, val, test } = tumourSplits(data, generator);
  const count = (y: Tensor, label: number) => y.eq(label).int().sum().item();
  out.line(
    `${data.features.shape[0]} tumours, ${data.features.shape[1]} features (standardised with the training split's mean and std); ` +
      `stratified split: train ${train.y.shape[0]} / validation ${val.y.shape[0]} / test ${test.y.shape[0]}, ` +
      `${count(train.y, MALIGNANT)}/${count(val.y, MALIGNANT)}/${count(test.y, MALIGNANT)} malignant`,
  );

  const { loss, predict } = tumourScoring;
  const results: (TumourModelResult & { bestValLoss: number })[] = [];
  for (const { name, folder, build } of TUMOUR_MODELS) {
    out.line();
    out.line(`${name}:`);
    out.line(streamedRow(EPOCH_HEADERS, EPOCH_HEADERS));
    const model = build();
    const checkpoint = new ModelCheckpoint({ dir: join(options.out, folder), monitor: 'valLoss', mode: 'min' });
    const history = await trainClassifier(
      {
        model,
        loss,
        predict,
        optimizer: new Adam(model.parameters(), { lr: options.lr }),
        train,
        val,
        epochs: options.epochs,
        batchSize: options.batchSize,
        generator,
        checkpoint,
        label: name,
        // Every epoch while it is short, then the best and every tenth, so the table stays readable.
        onEpoch: (m) => {
          if (options.epochs <= 20 || m.epoch % 10 === 0 || m.savedAs.includes('best') || m.epoch === options.epochs) {
            out.line(streamedRow(EPOCH_HEADERS, epochRow(m)));
          }
        },
      },
      out,
    );
    // The best on validation, reloaded from its file, is the one that meets the test set.
    const best = checkpoint.state.best[0]!;
    const kept = build();
    await loadCheckpoint(checkpoint.bestPath!, { model: kept });
    kept.eval();
    const scores = scoreTumourModel(kept, test);
    results.push({
      name,
      bestEpoch: best.epoch,
      bestValLoss: best.score,
      testAccuracy: scores.accuracy,
      malignantPrecision: scores.malignantPrecision,
      malignantRecall: scores.malignantRecall,
      confusion: scores.confusion,
    });
    const final = history.at(-1)!;
    out.line(
      `best on validation: epoch ${best.epoch} (val loss ${best.score.toFixed(4)}); last epoch: train acc ${final.trainAccuracy.toFixed(3)}, val acc ${final.valAccuracy.toFixed(3)}`,
    );
  }

  out.line();
  out.line('On the test set (the best checkpoint of each, reloaded):');
  for (const line of tableLines(
    ['model', 'best epoch', 'test accuracy', 'malignant precision', 'malignant recall'],
    results.map((r) => [
      r.name,
      String(r.bestEpoch),
      r.testAccuracy.toFixed(3),
      r.malignantPrecision.toFixed(3),
      r.malignantRecall.toFixed(3),
    ]),
  )) {
    out.line(line);
  }
  // Keep the model that did best on validation (never choose on the test set).
  const chosen = results.reduce((a, b) => (b.bestValLoss < a.bestValLoss ? b : a));
  out.line();
  out.line(`Confusion matrix of the model kept (${chosen.name}, best on validation), test set:`);
  const [name0, name1] = data.classNames as [string, string];
  for (const line of tableLines(
    ['true \\ predicted', name0, name1],
    [
      [name0, String(chosen.confusion[0]![0]), String(chosen.confusion[0]![1])],
      [name1, String(chosen.confusion[1]![0]), String(chosen.confusion[1]![1])],
    ],
  )) {
    out.line(line);
  }
  out.line(
    `test accuracy ${chosen.testAccuracy.toFixed(3)}; of the tumours called malignant ${(100 * chosen.malignantPrecision).toFixed(1)}% were (precision), ` +
      `of the malignant ones ${(100 * chosen.malignantRecall).toFixed(1)}% were found (recall)`,
  );
  return { models: results, chosen, testAccuracy: chosen.testAccuracy };
}
