/**
 * Packing copies a block of an operand, whatever its strides, into the order the micro-kernel
 * reads it: consecutive, so every load in the inner loop is a sequential (cache-line) load. It is
 * also where a transposed operand becomes an ordinary one (backward needs Aᵀ·B and A·Bᵀ).
 * Strides are in elements, addresses in bytes; `T` is f32 or f64.
 */

/**
 * Copies rows × depth of A (element (i, p) at `src + (i·rowStride + p·colStride)·size`) into
 * panels of `panelRows` rows: panel q holds, for each p, the `panelRows` values A[q·panelRows + r, p].
 * Rows past `rows` are zero.
 */
export function packRows<T>(
  src: usize,
  rows: i32,
  depth: i32,
  rowStride: i32,
  colStride: i32,
  panelRows: i32,
  dst: usize,
): void {
  const size = <usize>sizeof<T>();
  for (let i0 = 0; i0 < rows; i0 += panelRows) {
    const height = min(panelRows, rows - i0);
    const panel = dst + <usize>i0 * <usize>depth * size;
    if (height == panelRows && rowStride == 1) {
      // A transposed view: the panel's values for one p are adjacent in memory.
      for (let p = 0; p < depth; p++) {
        const from = src + (<usize>i0 + <usize>p * <usize>colStride) * size;
        const to = panel + <usize>p * <usize>panelRows * size;
        v128.store(to, v128.load(from));
        if (<usize>panelRows * size == 32) v128.store(to, v128.load(from, 16), 16);
      }
      continue;
    }
    for (let r = 0; r < panelRows; r++) {
      const to = panel + <usize>r * size;
      const step = <usize>panelRows * size;
      if (r < height) {
        let from = src + <usize>(i0 + r) * <usize>rowStride * size;
        const next = <usize>colStride * size;
        for (let p = 0; p < depth; p++) {
          store<T>(to + <usize>p * step, load<T>(from));
          from += next;
        }
      } else {
        for (let p = 0; p < depth; p++) store<T>(to + <usize>p * step, <T>0);
      }
    }
  }
}

/**
 * Copies depth × cols of B (element (p, j) at `src + (p·rowStride + j·colStride)·size`) into
 * panels of `panelCols` columns: panel q holds, for each p, B[p, q·panelCols .. +panelCols].
 * Columns past `cols` are zero.
 */
export function packColumns<T>(
  src: usize,
  depth: i32,
  cols: i32,
  rowStride: i32,
  colStride: i32,
  panelCols: i32,
  dst: usize,
): void {
  const size = <usize>sizeof<T>();
  const step = <usize>panelCols * size;
  for (let j0 = 0; j0 < cols; j0 += panelCols) {
    const width = min(panelCols, cols - j0);
    const panel = dst + <usize>j0 * <usize>depth * size;
    if (width == panelCols && colStride == 1) {
      // Row-major B: the panel's row is 32 contiguous bytes.
      let from = src + <usize>j0 * size;
      const next = <usize>rowStride * size;
      for (let p = 0; p < depth; p++) {
        const to = panel + <usize>p * step;
        v128.store(to, v128.load(from));
        v128.store(to, v128.load(from, 16), 16);
        from += next;
      }
      continue;
    }
    // Any other layout (a transposed B has rowStride 1): walk each column along its stride.
    for (let jj = 0; jj < panelCols; jj++) {
      const to = panel + <usize>jj * size;
      if (jj < width) {
        let from = src + <usize>(j0 + jj) * <usize>colStride * size;
        const next = <usize>rowStride * size;
        for (let p = 0; p < depth; p++) {
          store<T>(to + <usize>p * step, load<T>(from));
          from += next;
        }
      } else {
        for (let p = 0; p < depth; p++) store<T>(to + <usize>p * step, <T>0);
      }
    }
  }
}
