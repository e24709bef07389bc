// The classification parts' data, parsed from the CSV text of ../../data (see its README for the
// sources and licences). Text in, tensors out, so a browser can use it as the CLI does.
import { tensor, type Tensor } from '@torchlet/autograd';

export interface LabelledData {
  /** [N, F] float32 */
  readonly features: Tensor;
  /** [N] int32 */
  readonly labels: Tensor;
  /** What each label means, by label. */
  readonly classNames: readonly string[];
}

function rows(text: string): number[][] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
}

function labelled(data: number[][], classNames: readonly string[]): LabelledData {
  return {
    features: tensor(data.map((r) => r.slice(0, -1))),
    labels: tensor(
      data.map((r) => r.at(-1)!),
      { dtype: 'int32' },
    ),
    classNames,
  };
}

/** breast_cancer.csv: 569 tumours × 30 features; label 0 malignant, 1 benign (as its header says). */
export function parseBreastCancer(text: string): LabelledData {
  const [header, ...lines] = text.trim().split('\n');
  const [count, width, name0, name1] = header!.split(',');
  const data = rows(lines.join('\n'));
  if (data.length !== Number(count) || data.some((r) => r.length !== Number(width) + 1)) {
    throw new Error(`breast_cancer.csv: expected ${count} rows of ${width} features and a label`);
  }
  return labelled(data, [name0!, name1!]);
}

/** digits-8x8.csv: 1797 hand-written digits, 8×8 pixels of darkness 0..16 as [N, 64], labels 0..9. */
export function parseDigits(text: string): LabelledData {
  const data = rows(text);
  if (data.some((r) => r.length !== 65)) throw new Error('digits-8x8.csv: expected 64 pixels and a label per line');
  return labelled(
    data,
    Array.from({ length: 10 }, (_, d) => String(d)),
  );
}
