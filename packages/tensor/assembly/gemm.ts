import { multiplyAddF32, multiplyAddF64 } from './multiply-add';
import { packColumns, packRows } from './pack';

/**
 * Cache-blocked GEMM in the GotoBLAS/BLIS scheme. B is packed once, in KC-deep slices of panels of
 * 8 columns (4 for float64). Then for each MC-row block of A and each slice, that part of A is
 * packed in panels of 4 rows and the register micro-kernel runs over every (row panel, column
 * panel) pair. A packed B panel (KC × 8 floats = 8 KiB) stays in L1 while the A block (MC × KC
 * floats = 128 KiB) stays in L2. Because B is packed once, two threads can share it and split the
 * rows of C between them (`gemmPacked*` on disjoint row ranges) without packing anything twice.
 *
 * The micro-kernel keeps a 4 × 8 float32 tile (4 × 4 float64) in eight v128 accumulators. Larger
 * tiles and an unrolled k-loop were measured slower: V8 hoists the loads, runs out of its 16
 * vector registers and spills (see KERNEL-NOTES.md).
 *
 * Addresses are bytes, strides elements: element (i, p) of A is at `a + (i·aRow + p·aCol)·size`,
 * element (p, j) of B at `b + (p·bRow + j·bCol)·size`, so a transposed operand is swapped strides.
 * C is row-major. Every element of C adds its k products slice by slice in the same order whatever
 * the row range, so splitting rows between threads does not change a single bit.
 */

const KC: i32 = 256;
const MC: i32 = 128;
const ROWS: i32 = 4; // rows of the register tile (both precisions)
const COLS_F32: i32 = 8; // columns of the register tile: two v128 of f32
const COLS_F64: i32 = 4; // ... or of f64

function paddedColumns(n: i32, elementSize: i32): i32 {
  const cols = elementSize == 4 ? COLS_F32 : COLS_F64;
  return ((n + cols - 1) / cols) * cols;
}

/** Bytes `packB*` writes for a k × n operand. */
export function packedBBytes(k: i32, n: i32, elementSize: i32): usize {
  return <usize>k * <usize>paddedColumns(n, elementSize) * <usize>elementSize;
}

/** Bytes of scratch one thread needs for `gemmPacked*`: a packed A block and an edge tile. */
export function gemmWorkBytes(elementSize: i32): usize {
  return (<usize>MC * <usize>KC + 32) * <usize>elementSize;
}

/** Packs all of B (k × n, float32) into `dst` (`packedBBytes(k, n, 4)` bytes). */
export function packBF32(k: i32, n: i32, b: usize, bRow: i32, bCol: i32, dst: usize): void {
  packB<f32>(k, n, b, bRow, bCol, dst);
}

/** Packs all of B (k × n, float64) into `dst` (`packedBBytes(k, n, 8)` bytes). */
export function packBF64(k: i32, n: i32, b: usize, bRow: i32, bCol: i32, dst: usize): void {
  packB<f64>(k, n, b, bRow, bCol, dst);
}

/** C[m,n] = A[m,k] · B[k,n] (float32) with B packed by `packBF32`; `work`: `gemmWorkBytes(4)` bytes. */
export function gemmPackedF32(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  aRow: i32,
  aCol: i32,
  packedB: usize,
  c: usize,
  work: usize,
): void {
  gemmPacked<f32>(m, n, k, a, aRow, aCol, packedB, c, work);
}

/** `gemmPackedF32` for float64. */
export function gemmPackedF64(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  aRow: i32,
  aCol: i32,
  packedB: usize,
  c: usize,
  work: usize,
): void {
  gemmPacked<f64>(m, n, k, a, aRow, aCol, packedB, c, work);
}

/**
 * The whole product in one call (float32): packs B into `work`, then runs `gemmPackedF32`.
 * `work` is `packedBBytes(k, n, 4) + gemmWorkBytes(4)` bytes. k ≥ 1.
 */
export function gemmF32(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  aRow: i32,
  aCol: i32,
  b: usize,
  bRow: i32,
  bCol: i32,
  c: usize,
  work: usize,
): void {
  packB<f32>(k, n, b, bRow, bCol, work);
  gemmPacked<f32>(m, n, k, a, aRow, aCol, work, c, work + packedBBytes(k, n, 4));
}

/** `gemmF32` for float64 (`packedBBytes(k, n, 8) + gemmWorkBytes(8)` bytes of work). */
export function gemmF64(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  aRow: i32,
  aCol: i32,
  b: usize,
  bRow: i32,
  bCol: i32,
  c: usize,
  work: usize,
): void {
  packB<f64>(k, n, b, bRow, bCol, work);
  gemmPacked<f64>(m, n, k, a, aRow, aCol, work, c, work + packedBBytes(k, n, 8));
}

// Slice pc (rows pc .. pc+kc of B) starts at element pc·paddedN; in it, the panel of columns
// j .. j+cols starts at element j·kc.
function packB<T>(k: i32, n: i32, b: usize, bRow: i32, bCol: i32, dst: usize): void {
  const size = <usize>sizeof<T>();
  const cols = sizeof<T>() == 4 ? COLS_F32 : COLS_F64;
  const paddedN = <usize>paddedColumns(n, <i32>size);
  for (let pc = 0; pc < k; pc += KC) {
    const kc = min(KC, k - pc);
    packColumns<T>(b + <usize>pc * <usize>bRow * size, kc, n, bRow, bCol, cols, dst + <usize>pc * paddedN * size);
  }
}

function gemmPacked<T>(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  aRow: i32,
  aCol: i32,
  packedB: usize,
  c: usize,
  work: usize,
): void {
  const size = <usize>sizeof<T>();
  const cols = sizeof<T>() == 4 ? COLS_F32 : COLS_F64;
  const paddedN = <usize>paddedColumns(n, <i32>size);
  const packedA = work;
  const tile = packedA + <usize>MC * <usize>KC * size;
  const ldc = <usize>n * size;
  for (let ic = 0; ic < m; ic += MC) {
    const mc = min(MC, m - ic);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const first = pc == 0;
      const slice = packedB + <usize>pc * paddedN * size;
      packRows<T>(a + (<usize>ic * <usize>aRow + <usize>pc * <usize>aCol) * size, mc, kc, aRow, aCol, ROWS, packedA);
      for (let j = 0; j < n; j += cols) {
        const width = min(cols, n - j);
        const panelB = slice + <usize>j * <usize>kc * size;
        for (let i = 0; i < mc; i += ROWS) {
          const height = min(ROWS, mc - i);
          const panelA = packedA + <usize>i * <usize>kc * size;
          const target = c + <usize>(ic + i) * ldc + <usize>j * size;
          if (sizeof<T>() == 4) kernelF32(kc, panelA, panelB, target, ldc, height, width, first, tile);
          else kernelF64(kc, panelA, panelB, target, ldc, height, width, first, tile);
        }
      }
    }
  }
}

/** The 4 × 8 float32 register tile over one packed A panel and one packed B panel. */
function kernelF32(
  kc: i32,
  pa: usize,
  pb: usize,
  c: usize,
  ldc: usize,
  height: i32,
  width: i32,
  first: bool,
  tile: usize,
): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    c00 = multiplyAddF32(x, b0, c00);
    c01 = multiplyAddF32(x, b1, c01);
    x = v128.load32_splat(pa, 4);
    c10 = multiplyAddF32(x, b0, c10);
    c11 = multiplyAddF32(x, b1, c11);
    x = v128.load32_splat(pa, 8);
    c20 = multiplyAddF32(x, b0, c20);
    c21 = multiplyAddF32(x, b1, c21);
    x = v128.load32_splat(pa, 12);
    c30 = multiplyAddF32(x, b0, c30);
    c31 = multiplyAddF32(x, b1, c31);
    pa += 16;
    pb += 32;
  }
  if (height == ROWS && width == COLS_F32) {
    if (!first) {
      c00 = f32x4.add(c00, v128.load(c));
      c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + ldc));
      c11 = f32x4.add(c11, v128.load(c + ldc, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * ldc));
      c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * ldc));
      c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
    }
    v128.store(c, c00);
    v128.store(c, c01, 16);
    v128.store(c + ldc, c10);
    v128.store(c + ldc, c11, 16);
    v128.store(c + 2 * ldc, c20);
    v128.store(c + 2 * ldc, c21, 16);
    v128.store(c + 3 * ldc, c30);
    v128.store(c + 3 * ldc, c31, 16);
    return;
  }
  // An edge tile: spill it, then write only the part inside C.
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c10, 32);
  v128.store(tile, c11, 48);
  v128.store(tile, c20, 64);
  v128.store(tile, c21, 80);
  v128.store(tile, c30, 96);
  v128.store(tile, c31, 112);
  writeEdge<f32>(tile, COLS_F32, c, ldc, height, width, first);
}

/** The 4 × 4 float64 register tile (two v128 per row). */
function kernelF64(
  kc: i32,
  pa: usize,
  pb: usize,
  c: usize,
  ldc: usize,
  height: i32,
  width: i32,
  first: bool,
  tile: usize,
): void {
  let c00 = f64x2.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load64_splat(pa);
    c00 = multiplyAddF64(x, b0, c00);
    c01 = multiplyAddF64(x, b1, c01);
    x = v128.load64_splat(pa, 8);
    c10 = multiplyAddF64(x, b0, c10);
    c11 = multiplyAddF64(x, b1, c11);
    x = v128.load64_splat(pa, 16);
    c20 = multiplyAddF64(x, b0, c20);
    c21 = multiplyAddF64(x, b1, c21);
    x = v128.load64_splat(pa, 24);
    c30 = multiplyAddF64(x, b0, c30);
    c31 = multiplyAddF64(x, b1, c31);
    pa += 32;
    pb += 32;
  }
  if (height == ROWS && width == COLS_F64) {
    if (!first) {
      c00 = f64x2.add(c00, v128.load(c));
      c01 = f64x2.add(c01, v128.load(c, 16));
      c10 = f64x2.add(c10, v128.load(c + ldc));
      c11 = f64x2.add(c11, v128.load(c + ldc, 16));
      c20 = f64x2.add(c20, v128.load(c + 2 * ldc));
      c21 = f64x2.add(c21, v128.load(c + 2 * ldc, 16));
      c30 = f64x2.add(c30, v128.load(c + 3 * ldc));
      c31 = f64x2.add(c31, v128.load(c + 3 * ldc, 16));
    }
    v128.store(c, c00);
    v128.store(c, c01, 16);
    v128.store(c + ldc, c10);
    v128.store(c + ldc, c11, 16);
    v128.store(c + 2 * ldc, c20);
    v128.store(c + 2 * ldc, c21, 16);
    v128.store(c + 3 * ldc, c30);
    v128.store(c + 3 * ldc, c31, 16);
    return;
  }
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c10, 32);
  v128.store(tile, c11, 48);
  v128.store(tile, c20, 64);
  v128.store(tile, c21, 80);
  v128.store(tile, c30, 96);
  v128.store(tile, c31, 112);
  writeEdge<f64>(tile, COLS_F64, c, ldc, height, width, first);
}

/** Stores (first k-slice) or adds the height × width corner of a spilled tile into C. */
function writeEdge<T>(tile: usize, tileCols: i32, c: usize, ldc: usize, height: i32, width: i32, first: bool): void {
  const size = <usize>sizeof<T>();
  for (let r = 0; r < height; r++) {
    const row = c + <usize>r * ldc;
    const from = tile + <usize>r * <usize>tileCols * size;
    for (let j = 0; j < width; j++) {
      const value = load<T>(from + <usize>j * size);
      const to = row + <usize>j * size;
      store<T>(to, first ? value : load<T>(to) + value);
    }
  }
}
