// Part 6: "images are numbers" — a picture is channels × height × width values (1 channel grey,
// 3 RGB, 4 RGBA) — then the digits CNN of ../tutorial/digits.ts trained with best/last/periodic
// checkpoints, its curves and its mistakes.
import { Generator, manualSeed, noGrad } from '@torchlet/autograd';
import { loadCheckpoint, ModelCheckpoint } from '@torchlet/checkpoint/node';
import { toPixels, toTensor } from '@torchlet/data';
import { accuracy, confusionMatrix } from '@torchlet/metrics';
import type { Sequential } from '@torchlet/nn';
import { saveOnnx } from '@torchlet/onnx/node';
import { Adam } from '@torchlet/optim';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { digits } from '../datasets.js';
import type { Output } from '../output.js';
import { imageGridSvg } from '../plot/image-grid.js';
import { lineChartSvg } from '../plot/line-chart.js';
import { sideBySide } from '../plot/svg.js';
import { streamedRow, tableLines } from '../table.js';
import { digitSplits, digitsModel, digitsScoring } from '../tutorial/digits.js';
import type { EpochMetrics } from '../tutorial/classifier-training.js';
import { EPOCH_HEADERS, epochRow, evaluate, trainClassifier, type SavedEpoch } from './classifier-training.js';

export { digitsModel };

export interface DigitsOptions {
  seed: number;
  epochs: number;
  lr: number;
  batchSize: number;
  out: string;
}

export interface DigitsResult {
  readonly history: SavedEpoch[];
  readonly bestEpoch: number;
  readonly testAccuracy: number;
  readonly misclassified: number;
  readonly checkpointDir: string;
  readonly curvesPath: string;
  readonly mistakesPath: string;
  /** The best model as ONNX: input `images` [batch, 1, 8, 8], output `scores` [batch, 10]. */
  readonly onnxPath: string;
  readonly model: Sequential;
}

/** The tutorial's "images as numbers" for one digit: the same picture as 1, 3 and 4 channels. */
function showChannels(pixels: Float32Array, out: Output): void {
  // 0..16 darkness → 0..255 grey bytes (255 = ink), as an image file would store them.
  const grey = Uint8Array.from(pixels, (v) => Math.round((v / 16) * 255));
  const image = toTensor({ data: grey, width: 8, height: 8, channels: 1 });
  const rgb = toPixels(image, { channels: 3 });
  const rgba = toPixels(image, { channels: 4 });
  out.line('One digit as numbers (grey, 0 = paper, 255 = ink):');
  for (let y = 0; y < 8; y++)
    out.line(`  ${Array.from(grey.subarray(y * 8, y * 8 + 8), (v) => String(v).padStart(3)).join(' ')}`);
  // The pixel at row 2, column 2 (index 18), in each form.
  const at = 2 * 8 + 2;
  out.line(
    `  1 channel (grey): tensor ${JSON.stringify(image.shape)}, value ${image.toTypedArray()[at]!.toFixed(3)} at [0, 2, 2] (byte / 255)`,
  );
  out.line(
    `  3 channels (RGB): bytes ${rgb.height}×${rgb.width}×3, the pixel at (2, 2) is [${Array.from(rgb.data.subarray(at * 3, at * 3 + 3)).join(', ')}]` +
      ` → tensor ${JSON.stringify(toTensor(rgb).shape)}`,
  );
  out.line(
    `  4 channels (RGBA, what a canvas gives): [${Array.from(rgba.data.subarray(at * 4, at * 4 + 4)).join(', ')}] (alpha 255: opaque)` +
      ` → tensor ${JSON.stringify(toTensor(rgba).shape)}`,
  );
}

/** The tutorial's closing figure: training vs validation accuracy and loss, the kept epoch marked. */
export function curvesSvg(history: readonly EpochMetrics[], bestEpoch: number): string {
  const best = history.find((h) => h.epoch === bestEpoch)!;
  const chart = (metric: 'Accuracy' | 'Loss') =>
    lineChartSvg({
      title: `Training vs validation ${metric.toLowerCase()}`,
      xLabel: 'epoch',
      yLabel: metric === 'Accuracy' ? 'accuracy' : 'cross-entropy loss',
      series: [
        {
          name: 'training',
          color: '#1f77b4',
          points: history.map((h) => [h.epoch, metric === 'Accuracy' ? h.trainAccuracy : h.trainLoss]),
        },
        {
          name: 'validation',
          color: '#d62728',
          dash: '6 4',
          points: history.map((h) => [h.epoch, metric === 'Accuracy' ? h.valAccuracy : h.valLoss]),
        },
      ],
      marker: {
        x: best.epoch,
        y: metric === 'Accuracy' ? best.valAccuracy : best.valLoss,
        label: `best on validation (epoch ${best.epoch})`,
      },
      note: 'Keep the model where validation is best and closest to training.',
    });
  return sideBySide([chart('Accuracy'), chart('Loss')], 'Digits CNN: training vs validation');
}

export async function runDigits(options: DigitsOptions, out: Output): Promise<DigitsResult> {
  manualSeed(options.seed);
  const data = digits();
  const count = data.features.shape[0]!;
  showChannels(data.features.select(0, 0).toTypedArray() as Float32Array, out);
  const generator = new Generator().manualSeed(options.seed);
  const { train, val, test } = digitSplits(data, generator);
  out.line();
  out.line(
    `${count} digits as [N, 1, 8, 8] images; stratified split: train ${train.y.shape[0]} / validation ${val.y.shape[0]} / test ${test.y.shape[0]}`,
  );
  const model = digitsModel();
  out.line(String(model));
  const { loss, predict } = digitsScoring;
  const checkpointDir = options.out;
  const checkpoint = new ModelCheckpoint({
    dir: checkpointDir,
    monitor: 'valAccuracy',
    mode: 'max',
    saveLast: true,
    everyNEpochs: 5,
    filename: 'epoch={epoch}-valAccuracy={valAccuracy:.4f}',
  });
  out.line();
  out.line(streamedRow(EPOCH_HEADERS, EPOCH_HEADERS));
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
      label: 'digits CNN',
      onEpoch: (m) => out.line(streamedRow(EPOCH_HEADERS, epochRow(m))),
    },
    out,
  );

  const best = checkpoint.state.best[0]!;
  const kept = digitsModel();
  await loadCheckpoint(checkpoint.bestPath!, { model: kept });
  kept.eval();
  const evaluated = evaluate({ model: kept, loss, predict }, test);
  const predicted = noGrad(() => predict(evaluated.scores));
  const testAccuracy = accuracy(predicted, test.y);
  out.line();
  out.line(`best on validation: epoch ${best.epoch} (val accuracy ${best.score.toFixed(4)}) -> ${checkpoint.bestPath}`);
  out.line(`last epoch -> ${checkpoint.lastPath}; every 5th epoch kept as periodic-epoch=N.safetensors`);
  // The best model for serving, beside its checkpoint (apps/demo/README.md runs it in ONNX Runtime).
  const onnxPath = join(checkpointDir, 'best.onnx');
  await saveOnnx(onnxPath, kept, test.x.narrow(0, 0, 1), {
    inputNames: ['images'],
    outputNames: ['scores'],
    dynamicAxes: { images: { 0: 'batch' } },
  });
  out.line(`best model as ONNX -> ${onnxPath} (input 'images' [batch, 1, 8, 8], output 'scores' [batch, 10])`);
  out.line(`test accuracy of the best model, reloaded: ${testAccuracy.toFixed(4)} (${test.y.shape[0]} digits)`);
  const matrix = confusionMatrix(predicted, test.y, 10).toArray() as number[][];
  out.line('Confusion matrix (rows: true digit, columns: predicted):');
  for (const line of tableLines(
    ['', ...data.classNames],
    matrix.map((row, d) => [String(d)].concat(row.map(String))),
  ))
    out.line(line);

  const curvesPath = join(options.out, 'digits-curves.svg');
  await writeFile(curvesPath, curvesSvg(history, best.epoch));
  const truth = test.y.toTypedArray();
  const guesses = predicted.toTypedArray();
  const mistakes = [...truth.keys()].filter((i) => truth[i] !== guesses[i]);
  const mistakesPath = join(options.out, 'digits-misclassified.svg');
  await writeFile(
    mistakesPath,
    imageGridSvg({
      title: `Misclassified test digits (${mistakes.length} of ${truth.length})`,
      width: 8,
      height: 8,
      images: mistakes.map((i) => ({
        pixels: Array.from(test.x.select(0, i).toTypedArray()),
        caption: `true ${truth[i]}, said ${guesses[i]}`,
      })),
    }),
  );
  out.line(`curves: ${curvesPath}`);
  out.line(`misclassified digits: ${mistakesPath}`);
  return {
    history,
    bestEpoch: best.epoch,
    testAccuracy,
    misclassified: mistakes.length,
    checkpointDir,
    curvesPath,
    mistakesPath,
    onnxPath,
    model: kept,
  };
}
