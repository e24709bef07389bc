import { element } from './dom.js';

/** One bar per class with its probability; the most likely class is marked (`data-best`). */
export class ProbabilityBars {
  private readonly bars: HTMLElement[];
  private readonly values: HTMLElement[];

  constructor(container: HTMLElement, labels: readonly string[]) {
    this.bars = [];
    this.values = [];
    container.replaceChildren(
      ...labels.map((label) => {
        const row = element('div', '', { class: 'probability' });
        const bar = element('span', '', { class: 'bar' });
        const value = element('span', '–', { class: 'value' });
        this.bars.push(bar);
        this.values.push(value);
        row.append(element('span', label, { class: 'label' }), element('span', '', { class: 'track' }), value);
        row.querySelector('.track')!.append(bar);
        return row;
      }),
    );
  }

  show(probabilities: readonly number[]): number {
    const best = probabilities.indexOf(Math.max(...probabilities));
    probabilities.forEach((p, i) => {
      this.bars[i]!.style.width = `${(100 * p).toFixed(1)}%`;
      this.values[i]!.textContent = `${(100 * p).toFixed(1)}%`;
      this.bars[i]!.parentElement!.parentElement!.toggleAttribute('data-best', i === best);
    });
    return best;
  }
}
