// Panel 2: benign or malignant — a tumour classifier trained in a worker, its training and
// validation accuracy per epoch, and how the kept model does on the test split.
import type { EpochMetrics } from '@torchlet/demo/tutorial';
import type { TestReport, TumourModelName } from '../protocol/apis.js';
import { drawChart } from '../ui/chart.js';
import { confusionTable } from '../ui/confusion-table.js';
import { find } from '../ui/dom.js';
import { showEnvironment } from '../ui/environment-line.js';
import { download, onUpload } from '../ui/files.js';
import { PanelStatus } from '../ui/panel-state.js';
import { settingsForm } from '../ui/settings-form.js';
import { classificationWorker } from '../workers.js';

const CLASS_NAMES = ['malignant', 'benign'];
const MODEL_NAMES: Record<TumourModelName, string> = { logistic: 'logistic regression', mlp: 'MLP 30-16-1' };

/** Training (solid) and validation (dashed) curves of one metric, the kept epoch marked. */
function drawCurves(
  container: HTMLElement,
  history: readonly EpochMetrics[],
  metric: 'accuracy' | 'loss',
  kept: number | null,
) {
  const value = (h: EpochMetrics, split: 'train' | 'val') =>
    metric === 'accuracy'
      ? split === 'train'
        ? h.trainAccuracy
        : h.valAccuracy
      : split === 'train'
        ? h.trainLoss
        : h.valLoss;
  const best = history.find((h) => h.epoch === kept);
  drawChart(container, {
    title: `Training vs validation ${metric}`,
    xLabel: 'epoch',
    yLabel: metric === 'accuracy' ? 'accuracy' : 'binary cross-entropy',
    logY: metric === 'loss',
    series: [
      { name: 'training', color: '#1f77b4', points: history.map((h) => [h.epoch, value(h, 'train')]) },
      { name: 'validation', color: '#d62728', dash: '6 4', points: history.map((h) => [h.epoch, value(h, 'val')]) },
    ],
    ...(best === undefined
      ? {}
      : { marker: { x: best.epoch, y: value(best, 'val'), label: `kept: epoch ${best.epoch}` } }),
  });
}

export function classificationPanel(section: HTMLElement, footer: HTMLElement): void {
  const worker = classificationWorker();
  const status = new PanelStatus(section);
  const form = find<HTMLFormElement>(section, 'form');
  const modelSelect = find<HTMLSelectElement>(form, 'select[name=model]');
  const saveButton = find<HTMLButtonElement>(section, '[data-action=save]');
  const report = find(section, '[data-report]');
  const charts = { accuracy: find(section, '[data-chart=accuracy]'), loss: find(section, '[data-chart=loss]') };
  let history: EpochMetrics[] = [];

  const redraw = (kept: number | null) => {
    drawCurves(charts.accuracy, history, 'accuracy', kept);
    drawCurves(charts.loss, history, 'loss', kept);
  };
  const showReport = (result: TestReport, model: TumourModelName) => {
    const epoch = result.epoch === null ? '' : ` (epoch ${result.epoch}, best on validation)`;
    const count = result.confusion.flat().reduce((a, b) => a + b, 0);
    find(report, '[data-summary]').textContent =
      `${MODEL_NAMES[model]}${epoch} on the ${count} test tumours: accuracy ${result.accuracy.toFixed(3)}; ` +
      `of the tumours called malignant ${(100 * result.malignantPrecision).toFixed(1)}% were, ` +
      `of the malignant ones ${(100 * result.malignantRecall).toFixed(1)}% were found.`;
    find(report, '[data-confusion]').replaceChildren(confusionTable(result.confusion, CLASS_NAMES));
    section.dataset['testAccuracy'] = String(result.accuracy);
    saveButton.disabled = false;
  };

  redraw(null);
  status.set('idle', 'Choose a model and train.');
  settingsForm(form, ['epochs', 'lr', 'batchSize', 'seed'], async (settings) => {
    const model = modelSelect.value as TumourModelName;
    history = [];
    redraw(null);
    status.set('training', `Training ${MODEL_NAMES[model]} in a worker…`);
    try {
      const result = await worker.call('train', { ...settings, model }, (epoch) => {
        history.push(epoch);
        redraw(null);
        status.set(
          'training',
          `Epoch ${epoch.epoch} of ${settings.epochs}: validation accuracy ${epoch.valAccuracy.toFixed(3)}`,
        );
      });
      redraw(result.epoch);
      showReport(result, model);
      section.dataset['seconds'] = String(result.seconds);
      status.set('done', `Trained ${settings.epochs} epochs in ${result.seconds.toFixed(2)} s.`);
      showEnvironment(footer, result.environment);
    } catch (error) {
      status.fail('training', error);
    }
  });

  saveButton.addEventListener('click', () => {
    worker.call('save', {}).then(
      ({ bytes, name }) => download(bytes, name),
      (error: unknown) => status.fail('saving', error),
    );
  });
  onUpload(find<HTMLInputElement>(section, 'input[type=file]'), async (bytes, name) => {
    try {
      const result = await worker.call('load', { bytes, name }, undefined, [bytes.buffer as ArrayBuffer]);
      modelSelect.value = result.model;
      showReport(result, result.model);
      status.set('done', `Loaded ${name}.`);
    } catch (error) {
      status.fail(`loading ${name}`, error);
    }
  });
}
