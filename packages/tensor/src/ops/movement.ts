import type { DType } from "../dtype.js";
import { fail, fmtShape } from "../errors.js";
import { Primitive } from "../ir/primitive.js";
import { createNode, isTensor, type Tensor } from "../ir/tensor.js";
import { checkShape, normalizeAxes, normalizeAxis, shapesEqual, sizeOf, type Shape } from "../shape.js";
import type { Mutable, Reshaped } from "../types.js";
import { asTensor } from "./convert.js";

/** Reshapes to `shape`; one dimension may be -1 and is then inferred. */
export function reshape<D extends DType, const T extends readonly number[]>(x: Tensor<D>, shape: T): Tensor<D, Reshaped<T>> {
  if (!isTensor(x)) fail("reshape", `expected a tensor, got ${typeof x}`);
  const dims = [...shape];
  const inferred = dims.filter((d) => d === -1).length;
  if (inferred > 1) fail("reshape", `only one dimension can be -1, got ${fmtShape(shape)}`);
  for (const d of dims) {
    if (d !== -1 && (!Number.isInteger(d) || d < 0)) fail("reshape", `invalid target shape ${fmtShape(shape)}`);
  }
  if (inferred === 1) {
    const known = sizeOf(dims.filter((d) => d !== -1));
    if (known === 0 || x.size % known !== 0) {
      fail("reshape", `cannot reshape ${fmtShape(x.shape)} (${x.size} elements) into ${fmtShape(shape)}`);
    }
    dims[dims.indexOf(-1)] = x.size / known;
  }
  if (sizeOf(dims) !== x.size) {
    fail("reshape", `cannot reshape ${fmtShape(x.shape)} (${x.size} elements) into ${fmtShape(shape)} (${sizeOf(dims)} elements)`);
  }
  if (shapesEqual(dims, x.shape)) return x as unknown as Tensor<D, Reshaped<T>>;
  return createNode(Primitive.Reshape, [x], { shape: dims }, dims as unknown as Reshaped<T>, x.dtype);
}

/** Permutes axes; without `perm` the axes are reversed. */
export function transpose<D extends DType>(x: Tensor<D>, perm?: readonly number[]): Tensor<D> {
  const rank = x.rank;
  const order = perm === undefined ? Array.from({ length: rank }, (_, i) => rank - 1 - i) : perm.map((a) => normalizeAxis("transpose", a, rank));
  if (order.length !== rank || new Set(order).size !== rank) {
    fail("transpose", `permutation [${perm?.join(", ")}] is not a permutation of ${rank} axes for shape ${fmtShape(x.shape)}`);
  }
  if (order.every((a, i) => a === i)) return x;
  return createNode(Primitive.Permute, [x], { perm: order }, order.map((a) => x.shape[a]), x.dtype);
}

/** Swaps the last two axes. */
export function matrixTranspose<D extends DType>(x: Tensor<D>): Tensor<D> {
  if (x.rank < 2) fail("matrixTranspose", `expected rank ≥ 2, got shape ${fmtShape(x.shape)}`);
  const perm = Array.from({ length: x.rank }, (_, i) => i);
  [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]];
  return transpose(x, perm);
}

export function expandDims<D extends DType>(x: Tensor<D>, axis: number): Tensor<D> {
  const a = normalizeAxis("expandDims", axis, x.rank + 1);
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/** Removes size-1 axes (all of them when `axis` is omitted). */
export function squeeze<D extends DType>(x: Tensor<D>, axis?: number | readonly number[]): Tensor<D> {
  const axes = axis === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes("squeeze", axis, x.rank);
  for (const a of axes) {
    if (x.shape[a] !== 1) fail("squeeze", `cannot squeeze axis ${a} of shape ${fmtShape(x.shape)}: its size is ${x.shape[a]}, not 1`);
  }
  return reshape(x, x.shape.filter((_, i) => !axes.includes(i)));
}

/** Broadcasts to `shape` with NumPy rules (leading axes are added, size-1 axes repeat). */
export function broadcastTo<D extends DType, const T extends readonly number[]>(x: Tensor<D>, shape: T): Tensor<D, Mutable<T>> {
  const target = checkShape("broadcastTo", shape);
  if (shapesEqual(x.shape, target)) return x as unknown as Tensor<D, Mutable<T>>;
  if (x.rank > target.length) fail("broadcastTo", `cannot broadcast ${fmtShape(x.shape)} to the lower rank ${fmtShape(target)}`);
  const padded = [...new Array<number>(target.length - x.rank).fill(1), ...x.shape];
  padded.forEach((d, i) => {
    if (d !== 1 && d !== target[i]) {
      fail("broadcastTo", `cannot broadcast ${fmtShape(x.shape)} to ${fmtShape(target)}: dimension ${i - target.length} is ${d} vs ${target[i]}`);
    }
  });
  const lifted = padded.length === x.rank ? x : reshape(x, padded);
  if (shapesEqual(padded, target)) return lifted as unknown as Tensor<D, Mutable<T>>;
  return createNode(Primitive.Broadcast, [lifted], { shape: target }, target as unknown as Mutable<T>, x.dtype);
}

/** One axis of a slice: an index (removes the axis), null (whole axis) or a range. */
export type SliceEntry = number | null | readonly [start?: number | null, stop?: number | null, step?: number | null];
export type SliceSpec = readonly SliceEntry[];

interface AxisRange {
  start: number;
  stop: number;
  step: number;
  count: number;
}

/** Resolves Python slice semantics (negative indices, clamping, negative steps) for one axis. */
function resolveRange(dim: number, entry: readonly [number?, number?, number?] | readonly (number | null | undefined)[], axis: number): AxisRange {
  const step = entry[2] ?? 1;
  if (!Number.isInteger(step) || step === 0) fail("slice", `step must be a nonzero integer, got ${step} on axis ${axis}`);
  for (const [bound, value] of [["start", entry[0]], ["stop", entry[1]]] as const) {
    if (value != null && !Number.isInteger(value)) fail("slice", `${bound} must be an integer or null, got ${value} on axis ${axis}`);
  }
  const clampIndex = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + dim : v, lo), hi);
  let start: number;
  let stop: number;
  if (step > 0) {
    start = entry[0] == null ? 0 : clampIndex(entry[0], 0, dim);
    stop = entry[1] == null ? dim : clampIndex(entry[1], 0, dim);
  } else {
    start = entry[0] == null ? dim - 1 : clampIndex(entry[0], -1, dim - 1);
    stop = entry[1] == null ? -1 : clampIndex(entry[1], -1, dim - 1);
  }
  const count = Math.max(0, Math.ceil((stop - start) / step));
  return { start, stop, step, count };
}

/**
 * NumPy-style basic slicing. `x.slice([0, null, [1, null, 2]])` takes index 0 of axis 0, all of
 * axis 1 and every second element of axis 2 from 1. Missing trailing entries mean whole axes.
 */
export function slice<D extends DType>(x: Tensor<D>, spec: SliceSpec): Tensor<D> {
  if (spec.length > x.rank) fail("slice", `${spec.length} entries given for shape ${fmtShape(x.shape)} of rank ${x.rank}`);
  const start: number[] = [];
  const stop: number[] = [];
  const step: number[] = [];
  const flips: number[] = [];
  const dropped: number[] = [];
  x.shape.forEach((dim, axis) => {
    const entry = spec[axis];
    if (typeof entry === "number") {
      if (!Number.isInteger(entry) || entry < -dim || entry >= dim) {
        fail("slice", `index ${entry} is out of range for axis ${axis} of size ${dim} in shape ${fmtShape(x.shape)}`);
      }
      const i = entry < 0 ? entry + dim : entry;
      start.push(i);
      stop.push(i + 1);
      step.push(1);
      dropped.push(axis);
      return;
    }
    const range = resolveRange(dim, entry ?? [], axis);
    if (range.step > 0) {
      start.push(range.start);
      stop.push(range.start + Math.max(range.count - 1, 0) * range.step + (range.count > 0 ? 1 : 0));
      step.push(range.step);
      return;
    }
    // Negative step: slice the flipped axis with a positive step.
    flips.push(axis);
    const first = dim - 1 - range.start;
    start.push(range.count > 0 ? first : 0);
    stop.push(range.count > 0 ? first + (range.count - 1) * -range.step + 1 : 0);
    step.push(-range.step);
  });
  const source = flips.length > 0 ? flip(x, flips) : x;
  const sliced = sliceStrided(source, start, stop, step);
  return dropped.length > 0 ? reshape(sliced, sliced.shape.filter((_, i) => !dropped.includes(i))) : sliced;
}

/** The Slice primitive: per-axis `start` (inclusive), `stop` (exclusive) and positive `step`. */
export function sliceStrided<D extends DType>(x: Tensor<D>, start: number[], stop: number[], step: number[]): Tensor<D> {
  for (const [name, list] of [["start", start], ["stop", stop], ["step", step]] as const) {
    if (!Array.isArray(list) || list.length !== x.rank) fail("sliceStrided", `${name} must list one integer per axis of shape ${fmtShape(x.shape)}, got ${JSON.stringify(list)}`);
  }
  x.shape.forEach((dim, axis) => {
    const [b, e, s] = [start[axis], stop[axis], step[axis]];
    if (!Number.isInteger(s) || s < 1) fail("sliceStrided", `step must be a positive integer, got ${s} for axis ${axis}`);
    if (!Number.isInteger(b) || !Number.isInteger(e) || b < 0 || b > e || e > dim) {
      fail("sliceStrided", `axis ${axis} of size ${dim} needs integers 0 ≤ start ≤ stop ≤ ${dim}, got start ${b} and stop ${e}`);
    }
  });
  const shape = x.shape.map((_, i) => Math.max(0, Math.ceil((stop[i] - start[i]) / step[i])));
  if (x.shape.every((d, i) => start[i] === 0 && stop[i] === d && step[i] === 1)) return x;
  return createNode(Primitive.Slice, [x], { start, stop, step }, shape, x.dtype);
}

/** Reverses the order of elements along the given axes (all axes by default). */
export function flip<D extends DType, S extends Shape>(x: Tensor<D, S>, axis?: number | readonly number[]): Tensor<D, S> {
  const axes = normalizeAxes("flip", axis, x.rank).filter((a) => x.shape[a] > 1);
  if (axes.length === 0) return x;
  return createNode(Primitive.Flip, [x], { axes }, x.shape, x.dtype);
}

/** Pads each axis with `[before, after]` elements of `value` (0 by default). */
export function pad<D extends DType>(x: Tensor<D>, widths: readonly (readonly [number, number])[], value: number | boolean = 0): Tensor<D> {
  if (widths.length !== x.rank) fail("pad", `expected ${x.rank} [before, after] pairs for shape ${fmtShape(x.shape)}, got ${widths.length}`);
  const lo = widths.map((w) => w[0]);
  const hi = widths.map((w) => w[1]);
  for (const w of [...lo, ...hi]) {
    if (!Number.isInteger(w) || w < 0) fail("pad", `pad widths must be non-negative integers, got ${JSON.stringify(widths)}`);
  }
  if ([...lo, ...hi].every((w) => w === 0)) return x;
  const shape = x.shape.map((d, i) => d + lo[i] + hi[i]);
  const padded = createNode(Primitive.Pad, [x], { lo, hi }, shape, x.dtype);
  if (value === 0 || value === false) return padded;
  const inside = createNode(Primitive.Pad, [broadcastTo(asTensor("pad", true), x.shape)], { lo, hi }, shape, "bool");
  return createNode(Primitive.Where, [inside, padded, broadcastTo(asTensor("pad", value, x.dtype), shape)], {}, shape, x.dtype) as Tensor<D>;
}

/** Most inputs one Concat node takes; longer lists become a tree of concats. */
const CONCAT_FAN_IN = 8;

/** Joins tensors along an existing axis. */
export function concat<D extends DType>(tensors: readonly Tensor<D>[], axis = 0): Tensor<D> {
  if (tensors.length === 0) fail("concat", "expected at least one tensor");
  const first = tensors[0];
  const a = normalizeAxis("concat", axis, first.rank);
  for (const t of tensors) {
    if (t.dtype !== first.dtype) fail("concat", `dtypes differ: ${first.dtype} vs ${t.dtype}`);
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== a && d !== first.shape[i])) {
      fail("concat", `shapes ${tensors.map((s) => fmtShape(s.shape)).join(", ")} differ outside axis ${a}`);
    }
  }
  const parts = tensors.filter((t) => t.shape[a] > 0);
  if (parts.length === 1) return parts[0];
  if (parts.length === 0) return tensors[0];
  if (parts.length > CONCAT_FAN_IN) {
    // A tree of concats keeps every node's input count small enough for one GPU kernel.
    const groups: Tensor<D>[] = [];
    for (let i = 0; i < parts.length; i += CONCAT_FAN_IN) groups.push(concat(parts.slice(i, i + CONCAT_FAN_IN), a));
    return concat(groups, a);
  }
  const shape = [...first.shape];
  shape[a] = parts.reduce((n, t) => n + t.shape[a], 0);
  return createNode(Primitive.Concat, parts, { axis: a }, shape, first.dtype);
}

/** Joins tensors of equal shape along a new axis. */
export function stack<D extends DType>(tensors: readonly Tensor<D>[], axis = 0): Tensor<D> {
  if (tensors.length === 0) fail("stack", "expected at least one tensor");
  const shape = tensors[0].shape;
  for (const t of tensors) {
    if (!shapesEqual(t.shape, shape)) fail("stack", `shapes differ: ${tensors.map((s) => fmtShape(s.shape)).join(", ")}`);
  }
  const a = normalizeAxis("stack", axis, shape.length + 1);
  return concat(tensors.map((t) => expandDims(t, a)), a);
}

/**
 * Splits along `axis` into `sections` equal parts, or at the given sizes when `sections` is an
 * array of sizes.
 */
export function split<D extends DType>(x: Tensor<D>, sections: number | readonly number[], axis = 0): Tensor<D>[] {
  const a = normalizeAxis("split", axis, x.rank);
  const dim = x.shape[a];
  let sizes: number[];
  if (typeof sections === "number") {
    if (!Number.isInteger(sections) || sections <= 0 || dim % sections !== 0) {
      fail("split", `axis ${a} of size ${dim} cannot be split into ${sections} equal parts`);
    }
    sizes = new Array<number>(sections).fill(dim / sections);
  } else {
    sizes = [...sections];
    const total = sizes.reduce((n, s) => n + s, 0);
    if (sizes.some((s) => !Number.isInteger(s) || s < 0) || total !== dim) {
      fail("split", `sizes [${sizes.join(", ")}] must be non-negative integers summing to ${dim}, the size of axis ${a}`);
    }
  }
  const out: Tensor<D>[] = [];
  let offset = 0;
  for (const size of sizes) {
    const start = x.shape.map((_, i) => (i === a ? offset : 0));
    const stop = x.shape.map((d, i) => (i === a ? offset + size : d));
    out.push(sliceStrided(x, start, stop, x.shape.map(() => 1)));
    offset += size;
  }
  return out;
}
