// Panel 3: draw a digit; the digits CNN (the demo's checkpoint, bundled, or one trained or
// uploaded here) gives its class probabilities as the drawing changes.
import type { EpochMetrics } from '@torchlet/demo/tutorial';
import bundledCheckpoint from '../assets/digits-cnn.safetensors?url';
import { drawChart } from '../ui/chart.js';
import { find } from '../ui/dom.js';
import { DrawingPad } from '../ui/drawing-pad.js';
import { showEnvironment } from '../ui/environment-line.js';
import { download, onUpload } from '../ui/files.js';
import { PanelStatus } from '../ui/panel-state.js';
import { ProbabilityBars } from '../ui/probability-bars.js';
import { settingsForm } from '../ui/settings-form.js';
import { digitsWorker } from '../workers.js';
import { predictor } from './digit-predictor.js';

export function digitsPanel(section: HTMLElement, footer: HTMLElement): void {
  const worker = digitsWorker();
  const status = new PanelStatus(section);
  const bars = new ProbabilityBars(
    find(section, '[data-probabilities]'),
    Array.from({ length: 10 }, (_, digit) => String(digit)),
  );
  const verdict = find(section, '[data-verdict]');
  const modelLine = find(section, '[data-model]');
  const chart = find(section, '[data-chart]');
  let history: EpochMetrics[] = [];

  // `data-drawing` counts the drawing's changes; `data-predicted-drawing` says which one the shown
  // prediction (`data-predicted`) is for.
  const ask = predictor(worker, (probabilities, drawing) => {
    section.dataset['predictedDrawing'] = String(drawing.version);
    const best = bars.show(probabilities);
    if (drawing.pixels.every((v) => v === 0)) {
      verdict.textContent = 'Draw a digit in the box.';
      delete section.dataset['predicted'];
      return;
    }
    verdict.textContent = `It looks like a ${best} (${(100 * probabilities[best]!).toFixed(1)}%).`;
    section.dataset['predicted'] = String(best);
  });
  const predict = () => {
    section.dataset['drawing'] = String(pad.version);
    if (section.dataset['model'] !== undefined) ask({ pixels: pad.pixels(), version: pad.version });
  };
  const pad = new DrawingPad(find<HTMLCanvasElement>(section, 'canvas'), () => predict());
  find(section, '[data-action=clear]').addEventListener('click', () => pad.clear());

  /** Loads a checkpoint; `origin` says where it came from. */
  const load = async (bytes: Uint8Array, name: string, origin: 'bundled' | 'uploaded') => {
    const result = await worker.call('load', { bytes, name }, undefined, [bytes.buffer as ArrayBuffer]);
    const score = result.valAccuracy === null ? '' : `, validation accuracy ${result.valAccuracy.toFixed(4)}`;
    const how = origin === 'bundled' ? 'bundled, trained by `pnpm demo digits`' : 'uploaded';
    modelLine.textContent = `Model: ${name}, ${how}${result.epoch === null ? '' : ` (epoch ${result.epoch}${score})`}.`;
    section.dataset['model'] = origin;
    predict();
  };
  const drawCurves = () =>
    drawChart(chart, {
      title: 'Digits CNN: training vs validation accuracy',
      xLabel: 'epoch',
      yLabel: 'accuracy',
      series: [
        { name: 'training', color: '#1f77b4', points: history.map((h) => [h.epoch, h.trainAccuracy]) },
        { name: 'validation', color: '#d62728', dash: '6 4', points: history.map((h) => [h.epoch, h.valAccuracy]) },
      ],
    });

  drawCurves();
  status.set('idle', 'Loading the bundled checkpoint…');
  fetch(bundledCheckpoint)
    .then((response) => {
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      return response.arrayBuffer();
    })
    .then((buffer) => load(new Uint8Array(buffer), 'digits-cnn.safetensors', 'bundled'))
    .then(
      () => status.set('idle', 'Draw, or train a new model here.'),
      (error: unknown) => status.fail('loading the bundled checkpoint', error),
    );

  settingsForm(find(section, 'form'), ['epochs', 'lr', 'batchSize', 'seed'], async (settings) => {
    history = [];
    drawCurves();
    status.set('training', 'Training the CNN in a worker…');
    try {
      const result = await worker.call('train', settings, (epoch) => {
        history.push(epoch);
        drawCurves();
        status.set(
          'training',
          `Epoch ${epoch.epoch} of ${settings.epochs}: validation accuracy ${epoch.valAccuracy.toFixed(3)}`,
        );
      });
      modelLine.textContent = `Model: trained here, epoch ${result.bestEpoch} (best on validation); test accuracy ${result.testAccuracy.toFixed(4)}.`;
      section.dataset['model'] = 'trained';
      section.dataset['testAccuracy'] = String(result.testAccuracy);
      section.dataset['seconds'] = String(result.seconds);
      status.set('done', `Trained ${settings.epochs} epochs in ${result.seconds.toFixed(2)} s.`);
      showEnvironment(footer, result.environment);
      predict();
    } catch (error) {
      status.fail('training', error);
    }
  });
  find(section, '[data-action=save]').addEventListener('click', () => {
    worker.call('save', {}).then(
      ({ bytes, name }) => download(bytes, name),
      (error: unknown) => status.fail('saving', error),
    );
  });
  onUpload(find<HTMLInputElement>(section, 'input[type=file]'), (bytes, name) =>
    load(bytes, name, 'uploaded').then(
      () => status.set('idle', `Loaded ${name}.`),
      (error: unknown) => status.fail(`loading ${name}`, error),
    ),
  );
}
