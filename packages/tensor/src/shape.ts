import { fail, fmtShape } from "./errors.js";

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Largest number of elements a tensor may have. Host typed arrays hold at most 2³² elements in
 * V8 (checked on Node 20), and WebGPU kernels index elements with u32, so larger tensors could
 * not be stored or would wrap their indices.
 */
export const MAX_TENSOR_SIZE = 2 ** 32 - 1;

/** Raises unless a tensor of `shape` has at most MAX_TENSOR_SIZE elements. */
export function checkSize(op: string, shape: Shape): void {
  const size = sizeOf(shape);
  if (size > MAX_TENSOR_SIZE) {
    fail(op, `shape ${fmtShape(shape)} has ${size} elements, more than the ${MAX_TENSOR_SIZE} (2³² − 1) a tensor can hold`);
  }
}

/**
 * Raises unless every position along `axis` of `shape` fits in an i32 (the axis has at most 2³¹
 * elements). Ops that return positions as i32 (iota, argmax, argsort) would wrap past that.
 */
export function checkI32Positions(op: string, shape: Shape, axis: number): void {
  if (shape[axis] > 2 ** 31) {
    fail(op, `axis ${axis} of shape ${fmtShape(shape)} has ${shape[axis]} positions, more than the 2147483648 (2³¹) that i32 indices can number; use a shorter axis`);
  }
}

/** Checks that `shape` has non-negative integer dimensions and at most MAX_TENSOR_SIZE elements. */
export function checkShape(op: string, shape: Shape): number[] {
  if (!Array.isArray(shape)) fail(op, `shape must be an array of integers, got ${String(shape)}`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) fail(op, `invalid shape ${fmtShape(shape)}: dimensions must be non-negative integers`);
  }
  checkSize(op, shape);
  return [...shape];
}

/** Resolves a possibly negative axis against `rank`. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    fail(op, `axis ${axis} is out of range for rank ${rank} (valid: ${-rank} to ${rank - 1})`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Resolves an axis list (undefined means every axis), rejecting repeats. */
export function normalizeAxes(op: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === "number" ? [axes] : [...axes];
  const out = list.map((a) => normalizeAxis(op, a, rank));
  if (new Set(out).size !== out.length) fail(op, `repeated axis in [${list.join(", ")}]`);
  return out.sort((a, b) => a - b);
}

/** NumPy broadcasting of two shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      fail(op, `shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast: dimension ${i - rank} is ${da} vs ${db}`);
    }
    out[i] = da === 1 ? db : da;
  }
  checkSize(op, out);
  return out;
}
