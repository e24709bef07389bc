// Panel 1: the tutorial's linear regression, from scratch and concise, side by side on one data set.
import type { Series } from '@torchlet/demo/plot';
import type { RegressionProgress, RegressionVersion } from '../protocol/apis.js';
import { drawChart } from '../ui/chart.js';
import { element, find, formatNumber } from '../ui/dom.js';
import { showEnvironment } from '../ui/environment-line.js';
import { PanelStatus } from '../ui/panel-state.js';
import { settingsForm } from '../ui/settings-form.js';
import { regressionWorker } from '../workers.js';

const VERSIONS: Record<RegressionVersion, { title: string; yLabel: string; color: string }> = {
  scratch: { title: 'From scratch: squared loss', yLabel: '½·(ŷ − y)², mean', color: '#1f77b4' },
  concise: { title: 'Concise: MSELoss', yLabel: '(ŷ − y)², mean', color: '#d62728' },
};

class VersionView {
  private readonly points: [number, number][] = [];
  private last: RegressionProgress | null = null;

  constructor(
    private readonly article: HTMLElement,
    private readonly version: RegressionVersion,
  ) {}

  reset(): void {
    this.points.length = 0;
    this.last = null;
    find(this.article, '[data-log]').textContent = '';
    find(this.article, '[data-params]').replaceChildren();
    delete this.article.dataset['loss'];
    this.draw();
  }

  add(progress: RegressionProgress): void {
    this.points.push([progress.epoch, progress.loss]);
    this.last = progress;
    // The line the tutorial prints after each epoch.
    find(this.article, '[data-log]').textContent += `epoch ${progress.epoch}, loss ${progress.loss.toFixed(6)}\n`;
    this.article.dataset['loss'] = String(progress.loss);
    this.draw();
  }

  /** The learned w and b against the true ones. */
  finish(trueW: readonly number[], trueB: number): void {
    if (this.last === null) return;
    const rows: [string, number, number][] = [
      ['w₁', trueW[0]!, this.last.w[0]!],
      ['w₂', trueW[1]!, this.last.w[1]!],
      ['b', trueB, this.last.b],
    ];
    const head = element('tr');
    head.append(element('th'), element('th', 'true'), element('th', 'learned'), element('th', 'error'));
    find(this.article, '[data-params]').replaceChildren(
      head,
      ...rows.map(([name, truth, learned]) => {
        const row = element('tr');
        row.append(
          element('th', name),
          element('td', formatNumber(truth, 4)),
          element('td', formatNumber(learned, 4)),
          element('td', formatNumber(truth - learned, 4)),
        );
        return row;
      }),
    );
  }

  private draw(): void {
    const style = VERSIONS[this.version];
    const series: Series = { name: this.version, color: style.color, points: this.points };
    drawChart(find(this.article, '[data-chart]'), {
      title: style.title,
      xLabel: 'epoch',
      yLabel: style.yLabel,
      logY: true,
      series: [series],
    });
  }
}

export function regressionPanel(section: HTMLElement, footer: HTMLElement): void {
  const worker = regressionWorker();
  const status = new PanelStatus(section);
  const views = {
    scratch: new VersionView(find(section, '[data-version=scratch]'), 'scratch'),
    concise: new VersionView(find(section, '[data-version=concise]'), 'concise'),
  };
  for (const view of Object.values(views)) view.reset();
  status.set('idle', 'Choose the settings and train.');
  settingsForm(find(section, 'form'), ['lr', 'batchSize', 'epochs', 'seed'], async (settings) => {
    for (const view of Object.values(views)) view.reset();
    status.set('training', 'Training in a worker…');
    try {
      const result = await worker.call('train', settings, (progress) => views[progress.version].add(progress));
      for (const view of Object.values(views)) view.finish(result.trueW, result.trueB);
      section.dataset['seconds'] = String(result.seconds);
      status.set('done', `Both trained in ${result.seconds.toFixed(2)} s.`);
      showEnvironment(footer, result.environment);
    } catch (error) {
      status.fail('training', error);
    }
  });
}
