import type { HostArray } from "../dtype.js";
import { sizeOf, type Shape } from "../shape.js";

/**
 * Copies from `src` into `out` (row-major over `shape`), reading element
 * `offset + Σ index[k] · strides[k]` for each output multi-index. Covers permute, broadcast
 * (zero strides), strided slices and flips (negative strides).
 */
export function copyStrided(src: HostArray, out: HostArray, shape: Shape, strides: readonly number[], offset: number): void {
  const size = sizeOf(shape);
  if (size === 0) return;
  const rank = shape.length;
  if (rank === 0) {
    out[0] = src[offset];
    return;
  }
  const index = new Array<number>(rank).fill(0);
  const last = rank - 1;
  const innerDim = shape[last];
  const innerStride = strides[last];
  let base = offset;
  for (let o = 0; o < size; o += innerDim) {
    let s = base;
    for (let i = 0; i < innerDim; i++) {
      out[o + i] = src[s];
      s += innerStride;
    }
    // Advance the outer multi-index (all axes but the last).
    for (let axis = last - 1; axis >= 0; axis--) {
      index[axis]++;
      base += strides[axis];
      if (index[axis] < shape[axis]) break;
      base -= strides[axis] * shape[axis];
      index[axis] = 0;
    }
  }
}

/**
 * For a reduction of `shape` over `axes`, maps each input flat index to its output flat index.
 */
export function reductionIndex(shape: Shape, axes: readonly number[]): Int32Array {
  const size = sizeOf(shape);
  const map = new Int32Array(size);
  const outStrides = new Array<number>(shape.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (!axes.includes(i)) {
      outStrides[i] = s;
      s *= shape[i];
    }
  }
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let o = 0;
  for (let flat = 0; flat < size; flat++) {
    map[flat] = o;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]++;
      o += outStrides[axis];
      if (index[axis] < shape[axis]) break;
      o -= outStrides[axis] * shape[axis];
      index[axis] = 0;
    }
  }
  return map;
}
