import { lineChartSvg } from '../plot/line-chart.js';

export interface EpochLosses {
  epoch: number;
  trainLoss: number;
  valLoss: number;
}

/**
 * The tutorial's closing figure, for losses: training vs validation per epoch. Training loss
 * keeps falling; validation loss falls, then rises once the model memorises noise — the model
 * to keep is the one at the marked epoch.
 */
export function lossCurveSvg(history: readonly EpochLosses[], bestEpoch: number): string {
  const best = history.find((h) => h.epoch === bestEpoch);
  return lineChartSvg({
    title: 'Training vs validation loss',
    xLabel: 'epoch',
    yLabel: 'MSE loss',
    logY: true,
    series: [
      { name: 'training', color: '#1f77b4', points: history.map((h) => [h.epoch, h.trainLoss]) },
      { name: 'validation', color: '#d62728', dash: '6 4', points: history.map((h) => [h.epoch, h.valLoss]) },
    ],
    ...(best === undefined
      ? {}
      : { marker: { x: best.epoch, y: best.valLoss, label: `best (epoch ${best.epoch}): keep this model` } }),
    note: 'Validation loss is lowest where the model generalises best; later epochs fit noise.',
  });
}
