/** Median, min and max of a sample (the median of an even count is the mean of the middle two). */
export interface Summary {
  median: number;
  min: number;
  max: number;
  samples: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarize: no values');
  for (const value of values) if (!Number.isFinite(value)) throw new Error(`summarize: not a finite number: ${value}`);
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, samples: sorted.length };
}

/**
 * How many times better torchlet is than a peer, from the two medians: peer/torchlet when lower
 * is better (times, bytes), torchlet/peer when higher is better (throughput). Above 1 torchlet
 * wins, below 1 the peer does. Null when either value is not a positive number.
 */
export function advantage(torchlet: number, peer: number, better: 'lower' | 'higher'): number | null {
  if (!(torchlet > 0) || !(peer > 0) || !Number.isFinite(torchlet) || !Number.isFinite(peer)) return null;
  return better === 'lower' ? peer / torchlet : torchlet / peer;
}
