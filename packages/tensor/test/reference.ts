/**
 * Plain float64 reference implementations that the forward-value tests compare @kiln/tensor
 * against. They favour obviousness over speed: every op is written in terms of multi-indices,
 * independently of the library's strided kernels.
 */

/** A dense row-major array of float64 values. */
export interface NdArray {
  shape: number[];
  data: number[];
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Converts a flat row-major position into a multi-index of `shape`. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flat % shape[axis];
    flat = Math.floor(flat / shape[axis]);
  }
  return index;
}

/** Converts a multi-index of `shape` into its flat row-major position. */
export function ravel(index: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let axis = 0; axis < shape.length; axis++) flat = flat * shape[axis] + index[axis];
  return flat;
}

/** Builds an array of `shape` whose element at each multi-index is `valueAt(index)`. */
export function build(shape: readonly number[], valueAt: (index: number[]) => number): NdArray {
  const data = Array.from({ length: sizeOf(shape) }, (_, flat) => valueAt(unravel(flat, shape)));
  return { shape: [...shape], data };
}

export function at(x: NdArray, index: readonly number[]): number {
  return x.data[ravel(index, x.shape)];
}

function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

// ---- elementwise ----

/** Returns the NumPy broadcast of two shapes, or null when they are incompatible. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Reads `x` at an index of a broadcast result shape (leading axes dropped, size-1 axes pinned). */
function broadcastAt(x: NdArray, index: readonly number[]): number {
  const offset = index.length - x.shape.length;
  return at(
    x,
    x.shape.map((d, i) => (d === 1 ? 0 : index[offset + i])),
  );
}

export function broadcastTo(x: NdArray, shape: readonly number[]): NdArray {
  return build(shape, (index) => broadcastAt(x, index));
}

export function mapUnary(x: NdArray, f: (v: number) => number): NdArray {
  return { shape: [...x.shape], data: x.data.map(f) };
}

export function mapBinary(a: NdArray, b: NdArray, f: (x: number, y: number) => number): NdArray {
  const shape = broadcastShape(a.shape, b.shape);
  if (shape === null) throw new Error(`reference: shapes [${a.shape}] and [${b.shape}] do not broadcast`);
  return build(shape, (index) => f(broadcastAt(a, index), broadcastAt(b, index)));
}

// ---- reductions ----

/**
 * Reduces over `axes` by applying `combine` to the values of each output position, listed in
 * row-major order. Undefined `axes` means every axis, and negative axes count from the end.
 */
export function reduce(
  x: NdArray,
  axes: number | readonly number[] | undefined,
  combine: (values: number[]) => number,
  keepdims = false,
): NdArray {
  const rank = x.shape.length;
  const list = axes === undefined ? x.shape.map((_, i) => i) : typeof axes === "number" ? [axes] : [...axes];
  const reduced = new Set(list.map((a) => normalizeAxis(a, rank)));
  const keptShape = x.shape.map((d, i) => (reduced.has(i) ? 1 : d));
  const groups: number[][] = Array.from({ length: sizeOf(keptShape) }, () => []);
  x.data.forEach((v, flat) => {
    const index = unravel(flat, x.shape).map((j, i) => (reduced.has(i) ? 0 : j));
    groups[ravel(index, keptShape)].push(v);
  });
  const data = groups.map(combine);
  const shape = keepdims ? keptShape : x.shape.filter((_, i) => !reduced.has(i));
  return { shape, data };
}

export const sumOf = (values: number[]): number => values.reduce((s, v) => s + v, 0);
export const prodOf = (values: number[]): number => values.reduce((s, v) => s * v, 1);
export const meanOf = (values: number[]): number => sumOf(values) / values.length;

/** Maximum that propagates NaN, like NumPy's max. */
export const maxOf = (values: number[]): number =>
  values.some(Number.isNaN) ? NaN : values.reduce((m, v) => (v > m ? v : m), -Infinity);
export const minOf = (values: number[]): number =>
  values.some(Number.isNaN) ? NaN : values.reduce((m, v) => (v < m ? v : m), Infinity);

/** Index of the first maximum. */
export const argmaxOf = (values: number[]): number => values.indexOf(maxOf(values));
/** Index of the first minimum. */
export const argminOf = (values: number[]): number => values.indexOf(minOf(values));

/** log Σ exp(v), shifted by the maximum. It is -Infinity when every value is -Infinity. */
export function logsumexpOf(values: number[]): number {
  const m = maxOf(values);
  if (m === -Infinity) return -Infinity;
  return m + Math.log(sumOf(values.map((v) => Math.exp(v - m))));
}

/** Two-pass variance with `correction` subtracted from the count. */
export function varianceOf(values: number[], correction = 0): number {
  const m = meanOf(values);
  return sumOf(values.map((v) => (v - m) ** 2)) / Math.max(values.length - correction, 0);
}

// ---- movement ----

/** Permutes axes, or reverses them when `perm` is omitted. */
export function transpose(x: NdArray, perm?: readonly number[]): NdArray {
  const rank = x.shape.length;
  const order = perm ? perm.map((a) => normalizeAxis(a, rank)) : x.shape.map((_, i) => rank - 1 - i);
  const shape = order.map((a) => x.shape[a]);
  return build(shape, (index) => {
    const source = new Array<number>(rank);
    order.forEach((a, i) => {
      source[a] = index[i];
    });
    return at(x, source);
  });
}

/**
 * Lists the indices that Python's `range(dim)[start:stop:step]` selects, following CPython's
 * PySlice_AdjustIndices: negative bounds count from the end and bounds clamp to the axis.
 */
export function pySliceIndices(dim: number, start: number | null, stop: number | null, step: number): number[] {
  const adjust = (v: number, lower: number, upper: number): number => {
    if (v < 0) {
      v += dim;
      return v < 0 ? lower : v;
    }
    return v >= dim ? upper : v;
  };
  const [lower, upper] = step < 0 ? [-1, dim - 1] : [0, dim];
  const [defaultFirst, defaultLast] = step < 0 ? [upper, lower] : [lower, upper];
  const first = start === null ? defaultFirst : adjust(start, lower, upper);
  const last = stop === null ? defaultLast : adjust(stop, lower, upper);
  const out: number[] = [];
  for (let i = first; step > 0 ? i < last : i > last; i += step) out.push(i);
  return out;
}

/** Gathers entries of `x` along `axis` at `indices` (already non-negative). */
export function take(x: NdArray, indices: NdArray, axis: number): NdArray {
  const a = normalizeAxis(axis, x.shape.length);
  const k = indices.shape.length;
  const shape = [...x.shape.slice(0, a), ...indices.shape, ...x.shape.slice(a + 1)];
  return build(shape, (index) => {
    const picked = at(indices, index.slice(a, a + k));
    return at(x, [...index.slice(0, a), picked, ...index.slice(a + k)]);
  });
}

// ---- linear algebra ----

/**
 * NumPy matmul: batch axes broadcast, a rank-1 lhs is a row vector and a rank-1 rhs a column
 * vector, and the added axes are removed from the result.
 */
export function matmul(a: NdArray, b: NdArray): NdArray {
  const lhs = a.shape.length === 1 ? { shape: [1, a.shape[0]], data: a.data } : a;
  const rhs = b.shape.length === 1 ? { shape: [b.shape[0], 1], data: b.data } : b;
  const m = lhs.shape[lhs.shape.length - 2];
  const k = lhs.shape[lhs.shape.length - 1];
  const n = rhs.shape[rhs.shape.length - 1];
  if (rhs.shape[rhs.shape.length - 2] !== k) throw new Error("reference: matmul inner dimensions differ");
  const batch = broadcastShape(lhs.shape.slice(0, -2), rhs.shape.slice(0, -2));
  if (batch === null) throw new Error("reference: matmul batch shapes do not broadcast");
  const full = build([...batch, m, n], (index) => {
    const prefix = index.slice(0, -2);
    const [i, j] = index.slice(-2);
    let total = 0;
    for (let q = 0; q < k; q++) {
      total += broadcastAt(lhs, [...prefix, i, q]) * broadcastAt(rhs, [...prefix, q, j]);
    }
    return total;
  });
  const shape = [...batch];
  if (a.shape.length > 1) shape.push(m);
  if (b.shape.length > 1) shape.push(n);
  return { shape, data: full.data };
}
