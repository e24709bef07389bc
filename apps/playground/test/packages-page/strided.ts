import { randn, stridedEngineStatus, type NDArray } from '@torchlet/tensor';

/** `t + 2t` on a transposed view, checked element by element. */
function stridedSumIsRight(): boolean {
  const t = randn([30, 20]).t();
  const sum: NDArray = t.add(t.mul(2));
  for (let i = 0; i < 20; i++)
    for (let j = 0; j < 30; j++)
      if (sum.get(i, j) !== Math.fround(t.get(i, j) + Math.fround(2 * t.get(i, j)))) return false;
  return true;
}

/**
 * The strided loops the page gets: under a policy without 'unsafe-eval' the plain JavaScript
 * ones for good; otherwise ndarray-ops, arriving by dynamic import.
 */
export async function stridedEngine() {
  let correct = stridedSumIsRight();
  const first = stridedEngineStatus();
  for (let i = 0; i < 200 && stridedEngineStatus() === 'loading'; i++)
    await new Promise((resolve) => setTimeout(resolve, 25));
  correct = stridedSumIsRight() && correct;
  return { first, settled: stridedEngineStatus(), correct };
}
