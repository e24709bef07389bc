import type { TypedArray } from '../dtype.js';

/** One matrix operand: element (i, j) is `data[offset + i * rowStride + j * colStride]`. */
export interface MatrixOperand {
  data: TypedArray;
  offset: number;
  rowStride: number;
  colStride: number;
}

// Below this many multiply-adds, packing costs more than it saves: read through the strides.
const SMALL = 4096;

/**
 * C[m,n] (contiguous, at `cOffset`) = A[m,k] · B[k,n], for any operand strides (a transposed
 * operand is read in place, which is what backward needs). Sums accumulate in float64.
 */
export function gemm(
  m: number,
  k: number,
  n: number,
  a: MatrixOperand,
  b: MatrixOperand,
  c: TypedArray,
  cOffset: number,
): void {
  if (m * k * n <= SMALL) {
    gemmStrided(m, k, n, a, b, c, cOffset);
    return;
  }
  const rowsOfA = a.colStride === 1 ? a : pack(a, m, k);
  const rowsOfB = b.colStride === 1 ? b : pack(b, k, n);
  gemmRowMajor(m, k, n, rowsOfA, rowsOfB, c, cOffset);
}

function gemmStrided(
  m: number,
  k: number,
  n: number,
  a: MatrixOperand,
  b: MatrixOperand,
  c: TypedArray,
  cOffset: number,
): void {
  const ad = a.data;
  const bd = b.data;
  for (let i = 0; i < m; i++) {
    const aRow = a.offset + i * a.rowStride;
    for (let j = 0; j < n; j++) {
      let acc = 0;
      let ai = aRow;
      let bi = b.offset + j * b.colStride;
      for (let p = 0; p < k; p++) {
        acc += ad[ai]! * bd[bi]!;
        ai += a.colStride;
        bi += b.rowStride;
      }
      c[cOffset + i * n + j] = acc;
    }
  }
}

/** Copies a strided matrix into a fresh row-major Float64Array. */
function pack(x: MatrixOperand, rows: number, cols: number): MatrixOperand {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const src = x.offset + i * x.rowStride;
    for (let j = 0; j < cols; j++) out[i * cols + j] = x.data[src + j * x.colStride]!;
  }
  return { data: out, offset: 0, rowStride: cols, colStride: 1 };
}

/** Row-major operands: i-k-j order so the inner loop streams rows of B into a row of C. */
function gemmRowMajor(
  m: number,
  k: number,
  n: number,
  a: MatrixOperand,
  b: MatrixOperand,
  c: TypedArray,
  cOffset: number,
): void {
  const ad = a.data;
  const bd = b.data;
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    const aRow = a.offset + i * a.rowStride;
    for (let p = 0; p < k; p++) {
      const x = ad[aRow + p]!;
      const bRow = b.offset + p * b.rowStride;
      for (let j = 0; j < n; j++) row[j]! += x * bd[bRow + j]!;
    }
    const cRow = cOffset + i * n;
    for (let j = 0; j < n; j++) c[cRow + j] = row[j]!;
  }
}
