// Module reprs print configuration the way PyTorch (Python) does, so `String(model)` reads the
// same in both: tuples as (5, 5) or (3,), floats as Python's repr (1e-05, 0.1), booleans True/False.

/** Python's repr of a float: shortest round-trip digits, exponent form below 1e-4 or from 1e16. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
    const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
    const sign = exponent.startsWith('-') ? '-' : '+';
    const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  const text = String(value);
  return Number.isInteger(value) ? `${text}.0` : text;
}

/** A Python tuple of integers: (5, 5), (3,), (). */
export function pythonTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

export function pythonBool(value: boolean): string {
  return value ? 'True' : 'False';
}
