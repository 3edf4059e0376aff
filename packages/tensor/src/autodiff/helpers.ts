import { Primitive } from "../ir/primitive.js";
import { createNode, type Tensor } from "../ir/tensor.js";
import * as ops from "../ops/index.js";
import { keptShape } from "../ops/reduce.js";
import type { Shape } from "../shape.js";

/** Recreates `node` with other inputs: the same primitive, attributes, shape and dtype. */
export function reapply(node: Tensor, inputs: Tensor[]): Tensor {
  return createNode(node.op, inputs, node.attrs, node.shape, node.dtype);
}

/** Broadcasts a reduction result (reduced axes removed) back to `shape`. */
export function unreduce(y: Tensor, shape: Shape, axes: readonly number[]): Tensor {
  return ops.broadcastTo(ops.reshape(y, keptShape(shape, axes)), shape);
}

/** Per-element weight of the max reduction's gradient: 1/k on each of k tied maxima, else 0. */
export function maxSelector(x: Tensor, y: Tensor, axes: readonly number[]): Tensor {
  const mask = ops.cast(ops.equal(x, unreduce(y, x.shape, axes)), "f32");
  const ties = ops.sum(mask, [...axes], { keepdims: true });
  return mask.div(ties);
}

/** Reduced slices up to this length get the exact product of the other elements (O(n²) work). */
const EXACT_PROD_LENGTH = 64;

/**
 * ∂prod/∂xᵢ = product of the other elements. For slices of up to EXACT_PROD_LENGTH elements it
 * is computed as that product (x broadcast to n × n with the diagonal set to 1), which is exact
 * with zeros and correct in every derivative order. Longer slices use prod/xᵢ where the slice
 * has no zero and the product of the nonzero elements at a single zero.
 */
export function prodPartial(x: Tensor, axes: readonly number[]): Tensor {
  const n = axes.reduce((count, a) => count * x.shape[a], 1);
  if (n <= EXACT_PROD_LENGTH) return prodOfOthers(x, axes, n);
  // NOTE: this branch has the right first derivative, but its second derivative misses the
  // terms between a zero and the other elements of its slice.
  const isZero = ops.equal(x, 0);
  const zeros = unreduce(ops.sum(ops.cast(isZero, "f32"), [...axes]), x.shape, axes);
  const nonzero = ops.where(isZero, 1, x);
  const nonzeroProd = unreduce(ops.prod(nonzero, [...axes]), x.shape, axes);
  const noZero = nonzeroProd.div(nonzero);
  const oneZero = ops.where(isZero, nonzeroProd, 0);
  return ops.where(ops.equal(zeros, 0), noZero, ops.where(ops.equal(zeros, 1), oneZero, 0));
}

/** For each element, the product of the other elements of its slice along `axes`. */
function prodOfOthers(x: Tensor, axes: readonly number[], n: number): Tensor {
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...kept, ...axes];
  const keptShape = kept.map((i) => x.shape[i]);
  const rows = ops.reshape(ops.transpose(x, perm), [...keptShape, 1, n]);
  const grid = ops.broadcastTo(rows, [...keptShape, n, n]);
  const diagonal = ops.eye(n, n, "bool");
  const others = ops.prod(ops.where(diagonal, 1, grid), -1);
  const moved = ops.reshape(others, perm.map((i) => x.shape[i]));
  return ops.transpose(moved, invertPermutation(perm));
}

/** Inverse of a permutation. */
export function invertPermutation(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => {
    inverse[p] = i;
  });
  return inverse;
}

/**
 * Transpose of the strided Slice: places `ct` at positions start, start+step, … of each axis of
 * a zero tensor of `shape`. Steps > 1 interleave zeros by padding an added axis and reshaping.
 */
export function unslice(ct: Tensor, shape: Shape, start: readonly number[], step: readonly number[]): Tensor {
  if (ct.size === 0) return ops.zeros(shape, ct.dtype);
  let out = ct;
  for (let axis = 0; axis < shape.length; axis++) {
    const n = out.shape[axis];
    if (step[axis] > 1 && n > 1) {
      const s = step[axis];
      const lifted = ops.expandDims(out, axis + 1);
      const widths = lifted.shape.map((_, i): [number, number] => (i === axis + 1 ? [0, s - 1] : [0, 0]));
      const spread = ops.reshape(ops.pad(lifted, widths), out.shape.map((d, i) => (i === axis ? d * s : d)));
      const keep = spread.shape.map((d, i) => (i === axis ? (n - 1) * s + 1 : d));
      out = ops.sliceStrided(spread, keep.map(() => 0), keep, keep.map(() => 1));
    }
  }
  const widths = shape.map((d, i): [number, number] => [start[i], d - start[i] - out.shape[i]]);
  return ops.pad(out, widths);
}

/** Sums a cotangent of a Broadcast node back to the (same-rank) input shape. */
export function unbroadcast(ct: Tensor, inputShape: Shape): Tensor {
  const axes = inputShape.flatMap((d, i) => (d === 1 && ct.shape[i] !== 1 ? [i] : []));
  return axes.length === 0 ? ct : ops.sum(ct, axes, { keepdims: true });
}

export function zerosOf(t: Tensor): Tensor {
  return ops.zeros(t.shape, t.dtype);
}

export function dotNode(a: Tensor, b: Tensor): Tensor {
  return createNode(Primitive.Dot, [a, b], {}, [...a.shape.slice(0, -2), a.shape[a.rank - 2], b.shape[b.rank - 1]], a.dtype);
}
