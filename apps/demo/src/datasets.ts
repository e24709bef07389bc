// The classification parts' data: CSV files copied from the project's shared datasets (see
// ../data/README.md for their sources and licences), read into tensors.
import { tensor, type Tensor } from '@torchlet/autograd';
import { readFileSync } from 'node:fs';

const dataFile = (name: string) => new URL(`../data/${name}`, import.meta.url);

function rows(text: string): number[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
}

export interface LabelledData {
  /** [N, F] float32 */
  readonly features: Tensor;
  /** [N] int32 */
  readonly labels: Tensor;
  /** What each label means, by label. */
  readonly classNames: readonly string[];
}

/** 569 tumours × 30 features; label 0 malignant, 1 benign (as the file's header says). */
export function breastCancer(): LabelledData {
  const [header, ...lines] = readFileSync(dataFile('breast_cancer.csv'), 'utf8').trim().split('\n');
  const [count, width, name0, name1] = header!.split(',');
  const data = rows(lines.join('\n'));
  if (data.length !== Number(count) || data.some((r) => r.length !== Number(width) + 1)) {
    throw new Error(`breast_cancer.csv: expected ${count} rows of ${width} features and a label`);
  }
  return {
    features: tensor(data.map((r) => r.slice(0, -1))),
    labels: tensor(
      data.map((r) => r.at(-1)!),
      { dtype: 'int32' },
    ),
    classNames: [name0!, name1!],
  };
}

/** 1797 hand-written digits: 8×8 pixels of darkness 0..16 as [N, 64] float32, labels 0..9. */
export function digits(): LabelledData {
  const data = rows(readFileSync(dataFile('digits-8x8.csv'), 'utf8'));
  if (data.some((r) => r.length !== 65)) throw new Error('digits-8x8.csv: expected 64 pixels and a label per line');
  return {
    features: tensor(data.map((r) => r.slice(0, 64))),
    labels: tensor(
      data.map((r) => r[64]!),
      { dtype: 'int32' },
    ),
    classNames: Array.from({ length: 10 }, (_, d) => String(d)),
  };
}
