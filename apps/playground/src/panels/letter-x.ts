// Panel 3, second half: the tutorial's 5×5 grid with an X in it — 25 inputs of 0/1 — and the one
// neuron that says whether a grid is an X. Click cells to change the picture.
import { heatmapSvg } from '@torchlet/demo/plot';
import { OTHERS, SIZE, X } from '@torchlet/demo/tutorial';
import { element, find } from '../ui/dom.js';
import { PanelStatus } from '../ui/panel-state.js';
import { letterXWorker } from '../workers.js';

/** The demo's settings for the neuron (`pnpm demo letter-x`). */
const TRAINING = { seed: 0, epochs: 300, lr: 0.5 };

export function letterXPanel(section: HTMLElement): void {
  const worker = letterXWorker();
  const status = new PanelStatus(section);
  const grid = find(section, '[data-grid]');
  const verdict = find(section, '[data-verdict]');
  const cells = Array.from({ length: SIZE * SIZE }, (_, i) =>
    element('button', '', {
      type: 'button',
      'aria-label': `row ${Math.floor(i / SIZE) + 1}, column ${(i % SIZE) + 1}`,
    }),
  );
  grid.replaceChildren(...cells);
  let trained = false;

  const picture = () => cells.map((cell) => (cell.getAttribute('aria-pressed') === 'true' ? 1 : 0));
  const judge = () => {
    if (!trained) return;
    worker.call('judge', { grid: picture() }).then(
      ({ probability }) => {
        const isX = probability > 0.5;
        verdict.textContent = `${isX ? 'An X' : 'Not an X'}: the neuron's sigmoid is ${probability.toFixed(3)}.`;
        section.dataset['verdict'] = isX ? 'x' : 'not-x';
      },
      (error: unknown) => status.fail('judging', error),
    );
  };
  const show = (values: readonly number[]) => {
    cells.forEach((cell, i) => cell.setAttribute('aria-pressed', String(values[i] === 1)));
    judge();
  };
  cells.forEach((cell) =>
    cell.addEventListener('click', () => {
      cell.setAttribute('aria-pressed', String(cell.getAttribute('aria-pressed') !== 'true'));
      judge();
    }),
  );
  const presets = find(section, '[data-presets]');
  for (const [name, values] of [
    ['X', X],
    ...Object.entries(OTHERS),
    ['clear', new Array<number>(SIZE * SIZE).fill(0)],
  ] as const) {
    const button = element('button', name, { type: 'button' });
    button.addEventListener('click', () => show(values));
    presets.append(button);
  }
  show(X);

  status.set('training', 'Training the neuron…');
  worker.call('train', TRAINING).then(
    (result) => {
      trained = true;
      find(section, '[data-weights]').innerHTML = heatmapSvg({
        title: `The neuron's 25 weights (bias ${result.bias.toFixed(2)})`,
        values: result.weights,
        columns: SIZE,
        cell: 40,
      });
      status.set('done', `Trained: ${(100 * result.testAccuracy).toFixed(1)}% of the held-out noisy grids right.`);
      judge();
    },
    (error: unknown) => status.fail('training the neuron', error),
  );
}
