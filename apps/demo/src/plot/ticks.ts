/** "Nice" axis ticks (1, 2, 5 × 10^k steps) covering [min, max], about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const rough = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** A tick label short enough for an axis: plain for ordinary numbers, exponent form for tiny or huge ones. */
export function tickLabel(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e5) return String(Number(value.toPrecision(4)));
  return value.toExponential(1);
}

/** Ticks for a log axis spanning [10^minExp, 10^maxExp]: 1, 2 and 5 × 10^k, as log10 values. */
export function logTicks(minExp: number, maxExp: number): number[] {
  const ticks: number[] = [];
  for (let k = Math.floor(minExp); k <= Math.ceil(maxExp); k++) {
    for (const m of [1, 2, 5]) {
      const t = Math.log10(m) + k;
      if (t >= minExp && t <= maxExp) ticks.push(t);
    }
  }
  return ticks;
}
