import type { DType } from "../dtype.js";
import { fail, fmtShape } from "../errors.js";
import { Primitive } from "../ir/primitive.js";
import { createNode, type Tensor } from "../ir/tensor.js";
import { checkI32Positions, normalizeAxes, normalizeAxis, type Shape } from "../shape.js";
import { cast, neg, square, sub } from "./elementwise.js";
import { full } from "./creation.js";
import { reshape } from "./movement.js";

export interface ReduceOptions {
  keepdims?: boolean;
}

type AxisArg = number | readonly number[] | undefined;

/** Shape with reduced axes set to 1, for keepdims and for broadcasting a reduction back. */
export function keptShape(shape: Shape, axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function reduce<D extends DType>(
  op: Primitive.ReduceSum | Primitive.ReduceMax | Primitive.ReduceProd,
  name: string,
  x: Tensor<D>,
  axis: AxisArg,
  options: ReduceOptions | undefined,
): Tensor<D> {
  const axes = normalizeAxes(name, axis, x.rank);
  let input: Tensor = x;
  if (x.dtype === "bool") {
    if (op === Primitive.ReduceMax) fail(name, "bool tensors are not supported; use any()/all() or cast to i32");
    input = cast(x, "i32");
  }
  if (op === Primitive.ReduceMax && axes.some((a) => x.shape[a] === 0)) {
    fail(name, `cannot reduce over a zero-size axis of shape ${fmtShape(x.shape)}`);
  }
  const shape = x.shape.filter((_, i) => !axes.includes(i));
  const reduced = axes.length === 0 ? input : createNode(op, [input], { axes }, shape, input.dtype);
  return (options?.keepdims ? reshape(reduced, keptShape(x.shape, axes)) : reduced) as Tensor<D>;
}

/** Sum over `axis` (all axes by default). Booleans are counted as i32. */
export function sum<D extends DType>(x: Tensor<D>, axis?: AxisArg, options?: ReduceOptions): Tensor<D> {
  return reduce(Primitive.ReduceSum, "sum", x, axis, options);
}

export function prod<D extends DType>(x: Tensor<D>, axis?: AxisArg, options?: ReduceOptions): Tensor<D> {
  return reduce(Primitive.ReduceProd, "prod", x, axis, options);
}

/**
 * Maximum over `axis`. NaN propagates. The gradient is split equally between tied maxima,
 * as in JAX.
 */
export function max<D extends DType>(x: Tensor<D>, axis?: AxisArg, options?: ReduceOptions): Tensor<D> {
  return reduce(Primitive.ReduceMax, "max", x, axis, options);
}

export function min<D extends DType>(x: Tensor<D>, axis?: AxisArg, options?: ReduceOptions): Tensor<D> {
  if (x.dtype === "bool") fail("min", "bool tensors are not supported; cast to i32");
  return reverseOrder(reduce(Primitive.ReduceMax, "min", reverseOrder(x), axis, options));
}

/**
 * Reverses the order of values with an involution, so min and argmin can reuse the max
 * primitives. It is -x for f32 and -x - 1 (bitwise not) for i32, where -x maps INT_MIN to itself.
 */
function reverseOrder<D extends DType>(x: Tensor<D>): Tensor<D> {
  return (x.dtype === "i32" ? sub(neg(x), 1) : neg(x)) as Tensor<D>;
}

export function count(shape: Shape, axes: readonly number[]): number {
  return axes.reduce((n, a) => n * shape[a], 1);
}

/** Arithmetic mean over `axis`; a zero-size reduction gives NaN, as in NumPy. */
export function mean<D extends DType>(x: Tensor<D>, axis?: AxisArg, options?: ReduceOptions): Tensor<D> {
  if (x.dtype !== "f32") fail("mean", `expected an f32 tensor, got ${x.dtype}; convert with cast(x, "f32")`);
  const axes = normalizeAxes("mean", axis, x.rank);
  return sum(x, axes, options).div(count(x.shape, axes)) as unknown as Tensor<D>;
}

/**
 * Variance over `axis`, computed in two passes as mean((x - mean)²) so a constant row gives 0.
 * `correction` is subtracted from the element count (1 for the unbiased estimate). The divisor
 * stops at 0, as in NumPy and PyTorch, so a correction of at least the count gives Infinity or NaN.
 */
export function variance<D extends DType>(x: Tensor<D>, axis?: AxisArg, options?: ReduceOptions & { correction?: number }): Tensor<D> {
  if (x.dtype !== "f32") fail("variance", `expected an f32 tensor, got ${x.dtype}`);
  const axes = normalizeAxes("variance", axis, x.rank);
  const centered = sub(x, mean(x, axes, { keepdims: true }));
  const n = Math.max(count(x.shape, axes) - (options?.correction ?? 0), 0);
  return sum(square(centered), axes, options).div(n) as unknown as Tensor<D>;
}

function argReduce(name: string, x: Tensor, axis: number | undefined, options: ReduceOptions | undefined): Tensor<"i32"> {
  if (x.dtype === "bool") fail(name, "bool tensors are not supported; cast to i32");
  const flat = axis === undefined;
  const input = flat ? reshape(x, [-1]) : x;
  const a = flat ? 0 : normalizeAxis(name, axis, x.rank);
  if (input.shape[a] === 0) fail(name, `cannot take ${name} over a zero-size axis of shape ${fmtShape(x.shape)}`);
  checkI32Positions(name, input.shape, a);
  const shape = input.shape.filter((_, i) => i !== a);
  const out = createNode(Primitive.ArgMax, [input], { axis: a }, shape, "i32");
  if (!options?.keepdims) return out;
  return reshape(out, flat ? x.shape.map(() => 1) : keptShape(x.shape, [a]));
}

/** Index of the maximum along `axis` (of the flattened tensor by default); ties pick the first. */
export function argmax(x: Tensor, axis?: number, options?: ReduceOptions): Tensor<"i32"> {
  return argReduce("argmax", x, axis, options);
}

/** Index of the minimum along `axis`; ties pick the first. */
export function argmin(x: Tensor, axis?: number, options?: ReduceOptions): Tensor<"i32"> {
  return argReduce("argmin", reverseOrder(x), axis, options);
}

/** Indices that sort `x` along `axis` (stable; NaN sorts last). */
export function argsort(x: Tensor, axis = -1, options?: { descending?: boolean }): Tensor<"i32"> {
  if (x.dtype === "bool") fail("argsort", "bool tensors are not supported; cast to i32");
  const a = normalizeAxis("argsort", axis, x.rank);
  checkI32Positions("argsort", x.shape, a);
  return createNode(Primitive.Argsort, [x], { axis: a, descending: options?.descending ?? false }, x.shape, "i32");
}

/**
 * Returns the result of `any` or `all` when a reduced axis has size 0, and null otherwise.
 * Every slice is then empty, so each result is the reduction's identity (false for any, true
 * for all), as in NumPy and PyTorch.
 */
function emptyLogicalReduction(name: string, x: Tensor, axis: AxisArg, options: ReduceOptions | undefined, identity: boolean): Tensor<"bool"> | null {
  const axes = normalizeAxes(name, axis, x.rank);
  if (!axes.some((a) => x.shape[a] === 0)) return null;
  const shape = options?.keepdims ? keptShape(x.shape, axes) : x.shape.filter((_, i) => !axes.includes(i));
  return full(shape, identity, "bool");
}

/** True where any element along `axis` is true. An empty slice gives false. */
export function any(x: Tensor, axis?: AxisArg, options?: ReduceOptions): Tensor<"bool"> {
  return emptyLogicalReduction("any", x, axis, options, false) ?? cast(max(cast(x, "i32"), axis, options), "bool");
}

/** True where every element along `axis` is true. An empty slice gives true. */
export function all(x: Tensor, axis?: AxisArg, options?: ReduceOptions): Tensor<"bool"> {
  return emptyLogicalReduction("all", x, axis, options, true) ?? cast(min(cast(x, "i32"), axis, options), "bool");
}
