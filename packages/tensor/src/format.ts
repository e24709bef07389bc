/**
 * Tensor printing that matches PyTorch 1.13's `repr(tensor)` character for character.
 *
 * This re-implements the logic of `torch/_tensor_str.py`: one element formatter is chosen for the
 * whole tensor (integer / fixed / scientific mode, a common width), rows wrap at the line width,
 * large tensors are summarised to their edge items, and trailing `key=value` suffixes are placed
 * after the data. Numbers are rendered with Python's exact, round-half-even `format()` semantics.
 */

export type FormatDType = 'float32' | 'float64' | 'int32' | 'bool';

export interface FormatOptions {
  /** Digits after the decimal point (PyTorch `precision`, default 4). */
  precision?: number;
  /** Summarise when the element count exceeds this (default 1000). */
  threshold?: number;
  /** Items kept at each end of a summarised dimension (default 3). */
  edgeItems?: number;
  /** Characters per line before wrapping a row (default 80). */
  lineWidth?: number;
  /** Force (true) or forbid (false) scientific notation; null/undefined lets the data decide. */
  sciMode?: boolean | null;
}

interface PrintOptions {
  precision: number;
  threshold: number;
  edgeItems: number;
  lineWidth: number;
  sciMode: boolean | null;
}

/** Formats one element, already right-aligned to `width`. */
interface ElementFormatter {
  width: number;
  format(value: number): string;
}

/** Everything the recursive printers need about the tensor being printed. */
interface PrintContext {
  read(index: number): number;
  shape: readonly number[];
  strides: readonly number[];
  summarize: boolean;
  options: PrintOptions;
}

const PREFIX = 'tensor(';

/**
 * Prints a tensor exactly like PyTorch 1.13's `repr(tensor)`.
 *
 * @param values row-major element values (bool as 0/1); float32 values are rounded to float32.
 * @param suffixes extra `key=value` strings after the dtype suffix, e.g. `'grad_fn=<SubBackward0>'`.
 */
export function formatTensor(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: FormatDType,
  suffixes: readonly string[] = [],
  options: FormatOptions = {},
): string {
  const opts = resolveOptions(options);
  const numel = checkShape(values, shape);
  const allSuffixes: string[] = [];
  let body: string;
  if (numel === 0) {
    // NumPy-style: the shape is shown unless it is (0,); with no elements to look at, every
    // non-default dtype (even bool) is spelled out.
    if (shape.length !== 1) allSuffixes.push(`size=${pythonTuple(shape)}`);
    if (dtype !== 'float32') allSuffixes.push(`dtype=torch.${dtype}`);
    body = '[]';
  } else {
    // float32, int64 and bool are PyTorch's defaults; torchlet has no int64, so int32 is labelled.
    if (dtype === 'float64' || dtype === 'int32') allSuffixes.push(`dtype=torch.${dtype}`);
    body = tensorBody(values, shape, dtype, numel, opts);
  }
  allSuffixes.push(...suffixes);
  return addSuffixes(PREFIX + body, allSuffixes, PREFIX.length, opts.lineWidth);
}

function resolveOptions(options: FormatOptions): PrintOptions {
  const resolved: PrintOptions = {
    precision: options.precision ?? 4,
    threshold: options.threshold ?? 1000,
    edgeItems: options.edgeItems ?? 3,
    lineWidth: options.lineWidth ?? 80,
    sciMode: options.sciMode ?? null,
  };
  if (!Number.isInteger(resolved.precision) || resolved.precision < 0 || resolved.precision > 100) {
    throw new RangeError(`precision must be an integer in [0, 100], got ${resolved.precision}`);
  }
  if (!Number.isInteger(resolved.edgeItems) || resolved.edgeItems < 0) {
    throw new RangeError(`edgeItems must be a non-negative integer, got ${resolved.edgeItems}`);
  }
  return resolved;
}

/** Validates the shape against the value count and returns the element count. */
function checkShape(values: ArrayLike<number>, shape: readonly number[]): number {
  let numel = 1;
  for (const size of shape) {
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`invalid shape [${shape.join(', ')}]`);
    numel *= size;
  }
  if (values.length !== numel) {
    throw new RangeError(`shape [${shape.join(', ')}] needs ${numel} values, got ${values.length}`);
  }
  return numel;
}

/** Python's `str(tuple(shape))`: `(0, 3)`, or `(0,)` for one dimension. */
function pythonTuple(shape: readonly number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** The bracketed data of a non-empty tensor (PyTorch's `_tensor_str`). */
function tensorBody(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: FormatDType,
  numel: number,
  options: PrintOptions,
): string {
  // PyTorch prints the stored float32 value, so round anything that is not float32 already.
  const read =
    dtype === 'float32' ? (i: number) => Math.fround(values[i] as number) : (i: number) => values[i] as number;
  const ctx: PrintContext = {
    read,
    shape,
    strides: rowMajorStrides(shape),
    summarize: numel > options.threshold,
    options,
  };
  // When summarising, only the printed edge items decide the mode and width.
  const formatter = makeFormatter(dtype, collectPrinted(ctx), options);
  if (shape.length === 0) return formatter.format(read(0));
  return blockString(ctx, formatter, 0, 0, PREFIX.length);
}

function rowMajorStrides(shape: readonly number[]): number[] {
  const strides: number[] = Array.from({ length: shape.length }, () => 0);
  let stride = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d] as number;
  }
  return strides;
}

/**
 * The indices printed along a dimension of `size`, with `null` marking the `...` gap: all of
 * them, or only `edgeItems` at each end when summarising a dimension longer than twice that.
 */
function printedIndices(size: number, ctx: PrintContext): (number | null)[] {
  const edge = ctx.options.edgeItems;
  if (!ctx.summarize || size <= 2 * edge) return Array.from({ length: size }, (_, i) => i);
  const head = Array.from({ length: edge }, (_, i) => i);
  const tail = Array.from({ length: edge }, (_, i) => size - edge + i);
  return [...head, null, ...tail];
}

/** Values of every printed element (PyTorch's `get_summarized_data`). */
function collectPrinted(ctx: PrintContext): number[] {
  const out: number[] = [];
  const visit = (dim: number, offset: number): void => {
    if (dim === ctx.shape.length) {
      out.push(ctx.read(offset));
      return;
    }
    const stride = ctx.strides[dim] as number;
    for (const i of printedIndices(ctx.shape[dim] as number, ctx)) {
      if (i !== null) visit(dim + 1, offset + i * stride);
    }
  };
  visit(0, 0);
  return out;
}

/** `[...]` for the sub-tensor starting at `dim`/`offset` (PyTorch's `_tensor_str_with_formatter`). */
function blockString(
  ctx: PrintContext,
  formatter: ElementFormatter,
  dim: number,
  offset: number,
  indent: number,
): string {
  if (dim === ctx.shape.length - 1) return rowString(ctx, formatter, dim, offset, indent);
  const stride = ctx.strides[dim] as number;
  const slices = printedIndices(ctx.shape[dim] as number, ctx).map((i) =>
    i === null ? '...' : blockString(ctx, formatter, dim + 1, offset + i * stride, indent + 1),
  );
  // Deeper blocks are separated by more blank lines: one per remaining dimension below a row.
  const remaining = ctx.shape.length - dim;
  return `[${slices.join(',' + '\n'.repeat(remaining - 1) + ' '.repeat(indent + 1))}]`;
}

/** One innermost row, wrapped so each line fits the line width (PyTorch's `_vector_str`). */
function rowString(
  ctx: PrintContext,
  formatter: ElementFormatter,
  dim: number,
  offset: number,
  indent: number,
): string {
  // Each element takes its width plus ", "; the ellipsis counts as an element too.
  const perLine = Math.max(1, Math.floor((ctx.options.lineWidth - indent) / (formatter.width + 2)));
  const stride = ctx.strides[dim] as number;
  const items = printedIndices(ctx.shape[dim] as number, ctx).map((i) =>
    i === null ? ' ...' : formatter.format(ctx.read(offset + i * stride)),
  );
  const lines: string[] = [];
  for (let start = 0; start < items.length; start += perLine) {
    lines.push(items.slice(start, start + perLine).join(', '));
  }
  return `[${lines.join(',\n' + ' '.repeat(indent + 1))}]`;
}

/** Appends suffixes, moving one to a new line when it would overflow (PyTorch's `_add_suffixes`). */
function addSuffixes(text: string, suffixes: readonly string[], indent: number, lineWidth: number): string {
  const parts = [text];
  // PyTorch's own arithmetic (it over-counts by two), kept so line breaks land in the same places.
  let lastLineLength = text.length - text.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLength + suffix.length + 2 > lineWidth) {
      parts.push(',\n' + ' '.repeat(indent) + suffix);
      lastLineLength = indent + suffix.length;
    } else {
      parts.push(', ' + suffix);
      lastLineLength += suffix.length + 2;
    }
  }
  parts.push(')');
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Element formatter (PyTorch's `_Formatter`)
// ---------------------------------------------------------------------------------------------

function makeFormatter(dtype: FormatDType, sample: readonly number[], options: PrintOptions): ElementFormatter {
  if (dtype === 'bool' || dtype === 'int32') return makePlainFormatter(dtype, sample);
  return makeFloatFormatter(sample, options);
}

/** Integers and booleans print as Python's `str()` of the value, right-aligned. */
function makePlainFormatter(dtype: 'bool' | 'int32', sample: readonly number[]): ElementFormatter {
  const text = dtype === 'bool' ? (v: number) => (v !== 0 ? 'True' : 'False') : (v: number) => String(v);
  let width = 1;
  for (const v of sample) width = Math.max(width, text(v).length);
  return { width, format: (v) => text(v).padStart(width) };
}

type FloatMode = 'int' | 'fixed' | 'sci';

function makeFloatFormatter(sample: readonly number[], options: PrintOptions): ElementFormatter {
  const { precision } = options;
  const nonzeroFinite = sample.filter((v) => Number.isFinite(v) && v !== 0);
  // Nothing to measure (all zero / nan / inf): PyTorch returns early with integer mode and
  // width 1, before even applying a forced sciMode.
  if (nonzeroFinite.length === 0) return floatFormatter('int', 1, precision);

  const { intMode, sci } = chooseFloatMode(nonzeroFinite);
  const measureMode: FloatMode = sci ? 'sci' : intMode ? 'int' : 'fixed';
  let width = 1;
  for (const v of nonzeroFinite) width = Math.max(width, renderFloat(v, measureMode, precision).length);
  // A forced sciMode changes how elements print but not the width measured above (as in PyTorch).
  const printSci = options.sciMode ?? sci;
  return floatFormatter(printSci ? 'sci' : intMode ? 'int' : 'fixed', width, precision);
}

/**
 * Integer mode when every finite value is integral. Scientific when magnitudes span more than
 * 1000x or exceed 1e8, or (for non-integers only) when the smallest is below 1e-4.
 */
function chooseFloatMode(nonzeroFinite: readonly number[]): { intMode: boolean; sci: boolean } {
  let min = Infinity;
  let max = 0;
  let intMode = true;
  for (const v of nonzeroFinite) {
    const abs = Math.abs(v);
    min = Math.min(min, abs);
    max = Math.max(max, abs);
    if (!Number.isInteger(v)) intMode = false;
  }
  const wideOrHuge = max / min > 1000 || max > 1e8;
  return { intMode, sci: wideOrHuge || (!intMode && min < 1e-4) };
}

function floatFormatter(mode: FloatMode, width: number, precision: number): ElementFormatter {
  return { width, format: (v) => renderFloat(v, mode, precision).padStart(width) };
}

/** One float in the given mode, unpadded; integer mode adds '.' to show it is a float. */
function renderFloat(value: number, mode: FloatMode, precision: number): string {
  if (mode === 'sci') return formatExponential(value, precision);
  if (mode === 'fixed') return formatFixed(value, precision);
  return Number.isFinite(value) ? formatFixed(value, 0) + '.' : formatFixed(value, 0);
}

// ---------------------------------------------------------------------------------------------
// Python-compatible number rendering. JavaScript's toFixed/toExponential round ties away from
// zero (Python: to even, e.g. 0.03125 -> '0.0312'), drop the sign of -0, write 'e+5' instead of
// 'e+05' and switch to exponents past 1e21, so the digits are derived from the exact binary value.
// ---------------------------------------------------------------------------------------------

/** Python's `'{:.{precision}f}'.format(value)`. */
function formatFixed(value: number, precision: number): string {
  const special = nonFiniteText(value);
  if (special !== null) return special;
  const { coefficient, exponent } = exactDecimal(Math.abs(value));
  const digits = scaleRounded(coefficient, exponent + precision)
    .toString()
    .padStart(precision + 1, '0');
  const split = digits.length - precision;
  const text = precision === 0 ? digits : `${digits.slice(0, split)}.${digits.slice(split)}`;
  return signOf(value) + text;
}

/** Python's `'{:.{precision}e}'.format(value)`. */
function formatExponential(value: number, precision: number): string {
  const special = nonFiniteText(value);
  if (special !== null) return special;
  let digits = '0'.repeat(precision + 1);
  let exponent10 = 0;
  const { coefficient, exponent } = exactDecimal(Math.abs(value));
  if (coefficient !== 0n) {
    const length = coefficient.toString().length;
    exponent10 = length - 1 + exponent;
    digits = scaleRounded(coefficient, precision + 1 - length).toString();
    if (digits.length > precision + 1) {
      // Rounding carried into a new digit (9.99996 -> 10.0000): renormalise.
      digits = digits.slice(0, precision + 1);
      exponent10 += 1;
    }
  }
  const mantissa = precision === 0 ? digits : `${digits[0]}.${digits.slice(1)}`;
  const exponentText = String(Math.abs(exponent10)).padStart(2, '0');
  return `${signOf(value)}${mantissa}e${exponent10 < 0 ? '-' : '+'}${exponentText}`;
}

function nonFiniteText(value: number): string | null {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return null;
}

/** Python keeps the sign of negative zero. */
function signOf(value: number): string {
  return value < 0 || Object.is(value, -0) ? '-' : '';
}

/** The exact value of a finite, non-negative double as `coefficient × 10^exponent`. */
function exactDecimal(value: number): { coefficient: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const biasedExponent = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  let exponent2 = -1074; // subnormal (or zero)
  if (biasedExponent !== 0) {
    mantissa |= 1n << 52n;
    exponent2 = biasedExponent - 1075;
  }
  if (mantissa === 0n) return { coefficient: 0n, exponent: 0 };
  // Drop trailing zero bits so the power of five below stays small.
  while (exponent2 < 0 && (mantissa & 1n) === 0n) {
    mantissa >>= 1n;
    exponent2 += 1;
  }
  if (exponent2 >= 0) return { coefficient: mantissa << BigInt(exponent2), exponent: 0 };
  // m / 2^k == m * 5^k / 10^k
  return { coefficient: mantissa * 5n ** BigInt(-exponent2), exponent: exponent2 };
}

/** `n × 10^shift`, rounded half-to-even to an integer. */
function scaleRounded(n: bigint, shift: number): bigint {
  if (shift >= 0) return n * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const quotient = n / divisor;
  const twiceRemainder = 2n * (n % divisor);
  const roundUp = twiceRemainder > divisor || (twiceRemainder === divisor && (quotient & 1n) === 1n);
  return roundUp ? quotient + 1n : quotient;
}
