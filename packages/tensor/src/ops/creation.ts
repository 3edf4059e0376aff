import type { DType, HostArray } from "../dtype.js";
import { asDType, fail } from "../errors.js";
import { Primitive } from "../ir/primitive.js";
import { createNode, type Tensor } from "../ir/tensor.js";
import { checkI32Positions, checkShape } from "../shape.js";
import type { Mutable, ShapeOfNested } from "../types.js";
import { checkInt32Values, constantFromData, constantFromHost, scalar, type NestedData } from "./convert.js";
import { broadcastTo } from "./movement.js";
import { cast } from "./elementwise.js";

/** The dtype `tensor()` infers: bool for booleans, f32 for numbers. */
type BoolData = boolean | readonly boolean[] | readonly (readonly boolean[])[] | readonly (readonly (readonly boolean[])[])[];
type DefaultDType<T> = [T] extends [BoolData] ? "bool" : "f32";

/**
 * Creates a constant tensor from nested arrays. Numbers default to `f32` and booleans to
 * `bool`; pass `dtype` for `i32`.
 */
export function tensor<const T extends NestedData, D extends DType>(data: T, dtype: D): Tensor<D, ShapeOfNested<T>>;
export function tensor<const T extends NestedData>(data: T): Tensor<DefaultDType<T>, ShapeOfNested<T>>;
export function tensor(data: NestedData, dtype?: DType): Tensor {
  return constantFromData("tensor", data, dtype);
}

/** Creates a tensor of `shape` from flat row-major data (copied). */
export function fromArray<D extends DType = "f32", const S extends readonly number[] = number[]>(
  data: ArrayLike<number>,
  shape: S,
  dtype?: D,
): Tensor<D, Mutable<S>> {
  const resolved = asDType("fromArray", dtype ?? "f32") as D;
  if (resolved === "i32" && !(data instanceof Int32Array)) checkInt32Values("fromArray", data);
  const copy: HostArray =
    resolved === "f32"
      ? data instanceof Float64Array
        ? new Float64Array(data)
        : Float32Array.from(data)
      : resolved === "i32"
        ? Int32Array.from(data)
        : Uint8Array.from(data, (v) => (v ? 1 : 0));
  return constantFromHost(copy, shape, resolved) as Tensor<D, Mutable<S>>;
}

export function full<const S extends readonly number[], D extends DType = "f32">(
  shape: S,
  value: number | boolean,
  dtype?: D,
): Tensor<D, Mutable<S>> {
  const dims = checkShape("full", shape);
  const resolved = asDType("full", dtype ?? (typeof value === "boolean" ? "bool" : "f32")) as D;
  return broadcastTo(scalar(value, resolved), dims) as unknown as Tensor<D, Mutable<S>>;
}

export function zeros<const S extends readonly number[], D extends DType = "f32">(shape: S, dtype?: D): Tensor<D, Mutable<S>> {
  return full(shape, 0, (dtype ?? "f32") as D);
}

export function ones<const S extends readonly number[], D extends DType = "f32">(shape: S, dtype?: D): Tensor<D, Mutable<S>> {
  return full(shape, 1, (dtype ?? "f32") as D);
}

export function zerosLike<D extends DType, S extends readonly number[]>(x: Tensor<D, S>): Tensor<D, S> {
  return full(x.shape, 0, x.dtype);
}

export function onesLike<D extends DType, S extends readonly number[]>(x: Tensor<D, S>): Tensor<D, S> {
  return full(x.shape, 1, x.dtype);
}

export function fullLike<D extends DType, S extends readonly number[]>(x: Tensor<D, S>, value: number | boolean): Tensor<D, S> {
  return full(x.shape, value, x.dtype);
}

/** A tensor whose values count 0, 1, 2… along `axis`. */
export function iota<D extends DType = "i32">(shape: readonly number[], axis: number, dtype?: D): Tensor<D> {
  const dims = checkShape("iota", shape);
  if (!Number.isInteger(axis) || axis < 0 || axis >= dims.length) {
    fail("iota", `axis must be an integer from 0 to ${dims.length - 1} for shape rank ${dims.length}, got ${axis}`);
  }
  const resolved = asDType("iota", dtype ?? "i32") as D;
  if (resolved === "bool") fail("iota", "dtype bool is not supported; use i32 or f32");
  if (resolved === "i32") checkI32Positions("iota", dims, axis);
  return createNode(Primitive.Iota, [], { axis }, dims, resolved);
}

/**
 * Values from `start` (inclusive) to `stop` (exclusive) by `step`, like NumPy's arange.
 * With one argument the range is `[0, start)`. The dtype is i32 when all arguments are
 * integers, otherwise f32.
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): Tensor {
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) fail("arange", `step must be a finite nonzero number, got ${step}`);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) fail("arange", `bounds must be finite, got ${lo} and ${hi}`);
  const count = Math.max(0, Math.ceil((hi - lo) / step));
  const resolved = asDType("arange", dtype ?? ([lo, hi, step].every(Number.isInteger) ? "i32" : "f32"));
  if (resolved === "bool") fail("arange", "dtype bool is not supported");
  if (resolved === "i32") checkInt32Range(lo, step, count);
  const base = iota([count], 0, resolved === "i32" ? "i32" : "f32");
  if (lo === 0 && step === 1) return base;
  return base.mul(step).add(lo);
}

/** Raises unless an i32 range's start, step and last value are integers in the i32 range, so no value wraps. */
function checkInt32Range(start: number, step: number, count: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(step)) fail("arange", `start and step must be integers for dtype i32, got start ${start} and step ${step}`);
  const last = start + (count - 1) * step;
  for (const value of count > 0 ? [start, last] : [start]) {
    if (value < -(2 ** 31) || value > 2 ** 31 - 1) {
      fail("arange", `value ${value} of the range is outside the i32 range [-2147483648, 2147483647]. Use dtype f32 or a smaller range`);
    }
  }
}

/** `n` evenly spaced f32 values from `start` to `stop` inclusive. */
export function linspace(start: number, stop: number, n: number): Tensor<"f32"> {
  if (!Number.isInteger(n) || n < 0) fail("linspace", `count must be a non-negative integer, got ${n}`);
  if (n === 1) return full([1], start) as Tensor<"f32">;
  const step = (stop - start) / Math.max(n - 1, 1);
  return iota([n], 0, "f32").mul(step).add(start);
}

/** The identity matrix of size n × m (m defaults to n). */
export function eye<D extends DType = "f32">(n: number, m = n, dtype?: D): Tensor<D, [number, number]> {
  const resolved = asDType("eye", dtype ?? "f32") as D;
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(m) || m < 0) fail("eye", `sizes must be non-negative integers, got ${n} × ${m}`);
  const rows = iota([n, m], 0);
  const cols = iota([n, m], 1);
  return cast(rows.equal(cols), resolved) as Tensor<D, [number, number]>;
}
