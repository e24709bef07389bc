import { element } from './dom.js';

/** A confusion matrix as a table: rows the true class, columns the predicted one. */
export function confusionTable(
  matrix: readonly (readonly number[])[],
  classNames: readonly string[],
): HTMLTableElement {
  const table = element('table', '', { class: 'confusion' });
  const head = element('tr');
  head.append(element('th', 'true \\ predicted'), ...classNames.map((name) => element('th', name)));
  table.append(head);
  matrix.forEach((row, i) => {
    const line = element('tr');
    line.append(
      element('th', classNames[i]!),
      ...row.map((count, j) => element('td', String(count), { class: i === j ? 'right' : 'wrong' })),
    );
    table.append(line);
  });
  return table;
}
