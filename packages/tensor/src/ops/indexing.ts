import type { DType } from "../dtype.js";
import { fail, fmtShape } from "../errors.js";
import { Primitive } from "../ir/primitive.js";
import { createNode, isTensor, type Tensor } from "../ir/tensor.js";
import { normalizeAxis } from "../shape.js";
import { constantFromData } from "./convert.js";
import { iota } from "./creation.js";
import { cast, equal } from "./elementwise.js";
import { expandDims } from "./movement.js";

/** Raises when a constant index tensor has an entry outside [0, size). */
function checkConstantIndices(op: string, indices: Tensor, size: number, axis: number, shape: readonly number[]): void {
  if (indices.op !== Primitive.Constant) return;
  const data = indices.attrsOf(Primitive.Constant).data;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 0 || data[i] >= size) {
      fail(op, `index ${data[i]} (at flat position ${i}) is out of range for axis ${axis} of size ${size} in shape ${fmtShape(shape)}`);
    }
  }
}

function indexTensor(op: string, indices: Tensor | readonly number[], axis: number, shape: readonly number[]): Tensor {
  if (isTensor(indices)) {
    if (indices.dtype !== "i32") fail(op, `indices must be i32, got ${indices.dtype}`);
    return indices;
  }
  const size = shape[axis];
  const resolved = indices.map((i) => {
    if (!Number.isInteger(i) || i < -size || i >= size) {
      fail(op, `index ${i} is out of range for axis ${axis} of size ${size} in shape ${fmtShape(shape)} (valid: ${-size} to ${size - 1})`);
    }
    return i < 0 ? i + size : i;
  });
  return constantFromData(op, resolved, "i32");
}

/**
 * Gathers slices along `axis`: the result has shape
 * `x.shape[:axis] + indices.shape + x.shape[axis+1:]`. Plain index arrays may be negative
 * (counted from the end). Indices out of range raise here when they are constants, and when
 * the CPU backend runs; see docs for other backends.
 */
export function take<D extends DType>(x: Tensor<D>, indices: Tensor<"i32"> | readonly number[], axis = 0): Tensor<D> {
  const a = normalizeAxis("take", axis, x.rank);
  const idx = indexTensor("take", indices, a, x.shape);
  checkConstantIndices("take", idx, x.shape[a], a, x.shape);
  if (x.shape[a] === 0 && idx.size > 0) fail("take", `cannot gather from axis ${a} of size 0 in shape ${fmtShape(x.shape)}`);
  const shape = [...x.shape.slice(0, a), ...idx.shape, ...x.shape.slice(a + 1)];
  return createNode(Primitive.Gather, [x, idx], { axis: a }, shape, x.dtype);
}

/**
 * Adds `updates` into a zero tensor whose `axis` has `size` entries, at `indices`: the inverse
 * layout of `take`. Repeated indices accumulate.
 */
export function scatterAddInto<D extends DType>(updates: Tensor<D>, indices: Tensor<"i32">, size: number, axis: number): Tensor<D> {
  if (indices.dtype !== "i32") fail("scatterAdd", `indices must be i32, got ${indices.dtype}`);
  const k = indices.rank;
  const shapeOk = updates.rank >= axis + k && indices.shape.every((d, i) => updates.shape[axis + i] === d);
  if (!shapeOk) {
    fail("scatterAdd", `updates ${fmtShape(updates.shape)} do not match indices ${fmtShape(indices.shape)} at axis ${axis}`);
  }
  checkConstantIndices("scatterAdd", indices, size, axis, [size]);
  const shape = [...updates.shape.slice(0, axis), size, ...updates.shape.slice(axis + k)];
  return createNode(Primitive.ScatterAdd, [updates, indices], { axis, size }, shape, updates.dtype);
}

/** Returns `x` with `updates` added at `indices` along `axis` (repeated indices accumulate). */
export function scatterAdd<D extends DType>(x: Tensor<D>, indices: Tensor<"i32">, updates: Tensor<D>, axis = 0): Tensor<D> {
  const a = normalizeAxis("scatterAdd", axis, x.rank);
  const scattered = scatterAddInto(updates, indices, x.shape[a], a);
  if (scattered.shape.some((d, i) => d !== x.shape[i]) || scattered.rank !== x.rank) {
    fail("scatterAdd", `updates ${fmtShape(updates.shape)} scatter into ${fmtShape(scattered.shape)}, which differs from the target ${fmtShape(x.shape)}`);
  }
  return x.add(scattered) as Tensor<D>;
}

/** One-hot encoding: appends an axis of size `depth` that is 1 at each index; an index outside [0, depth) gives a row of zeros. */
export function oneHot<D extends DType = "f32">(indices: Tensor<"i32">, depth: number, dtype?: D): Tensor<D> {
  if (indices.dtype !== "i32") fail("oneHot", `indices must be i32, got ${indices.dtype}`);
  if (!Number.isInteger(depth) || depth < 0) fail("oneHot", `depth must be a non-negative integer, got ${depth}`);
  const classes = iota([...indices.shape, depth], indices.rank);
  return cast(equal(expandDims(indices, -1), classes), (dtype ?? "f32") as D);
}
