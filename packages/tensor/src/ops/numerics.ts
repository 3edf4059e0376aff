/**
 * Numerically stable composites: logsumexp, softmax, log-softmax, L2 normalisation and
 * cross-entropy. Each is written so that ±1000 logits and -Infinity masks give finite, correct
 * values and gradients instead of NaN.
 */
import type { DType } from "../dtype.js";
import { fail, fmtShape } from "../errors.js";
import type { Tensor } from "../ir/tensor.js";
import { normalizeAxes, normalizeAxis, type Shape } from "../shape.js";
import { abs, equal, exp, less, log, logicalAnd, maximum, mul, rsqrt, square, stopGradient, sub, where } from "./elementwise.js";
import { customVjp } from "../autodiff/custom-vjp.js";
import { Primitive } from "../ir/primitive.js";
import { iota, zeros } from "./creation.js";
import { expandDims, reshape } from "./movement.js";
import { keptShape, max, mean, sum, type ReduceOptions } from "./reduce.js";

type AxisArg = number | readonly number[] | undefined;

/** The max along axes, replaced by 0 where it is ±Infinity or NaN, without a gradient. */
function finiteShift(x: Tensor, axes: number[]): Tensor {
  // A zero-size slice has no maximum; any shift works because its sum of exponentials is 0.
  if (axes.some((a) => x.shape[a] === 0)) return zeros(keptShape(x.shape, axes));
  const m = stopGradient(max(x, axes, { keepdims: true }));
  return where(less(abs(m), Infinity), m, 0);
}

/** Sum of exp(x - shift) and a copy with zeros replaced by 1, so dividing or taking logs is safe. */
function shiftedExpSum(x: Tensor, axes: number[]): { shifted: Tensor; sumExp: Tensor; isZero: Tensor; safeSum: Tensor } {
  const shifted = sub(x, finiteShift(x, axes));
  const sumExp = sum(exp(shifted), axes, { keepdims: true });
  const isZero = equal(sumExp, 0);
  return { shifted, sumExp, isZero, safeSum: where(isZero, 1, sumExp) };
}

/**
 * log(sum(exp(x))) over `axis`, shifted by the maximum. A slice that is entirely -Infinity gives
 * -Infinity with a zero gradient.
 */
export function logsumexp<D extends DType>(x: Tensor<D>, axis?: AxisArg, options?: ReduceOptions): Tensor<D> {
  if (x.dtype !== "f32") fail("logsumexp", `expected an f32 tensor, got ${x.dtype}`);
  const axes = normalizeAxes("logsumexp", axis, x.rank);
  const shift = finiteShift(x, axes);
  const sumExp = sum(exp(sub(x, shift)), axes, { keepdims: true });
  const isZero = equal(sumExp, 0);
  const out = where(isZero, -Infinity, log(where(isZero, 1, sumExp))).add(shift);
  return (options?.keepdims ? out : reshape(out, x.shape.filter((_, i) => !axes.includes(i)))) as unknown as Tensor<D>;
}

/**
 * Softmax along `axis`. Convention: a slice that is entirely -Infinity (a fully masked row)
 * gives zeros, not NaN, and its gradient is zero.
 */
export function softmax<D extends DType, S extends Shape>(x: Tensor<D, S>, axis = -1): Tensor<D, S> {
  if (x.dtype !== "f32") fail("softmax", `expected an f32 tensor, got ${x.dtype}`);
  const a = normalizeAxis("softmax", axis, x.rank);
  const withRule = customVjp(
    (input: Tensor): [Tensor, Tensor] => {
      const { shifted, safeSum } = shiftedExpSum(input, [a]);
      const y = exp(shifted).div(safeSum);
      return [y, y];
    },
    // The gradient from the output alone, y · (g − Σ g·y), as tfjs-core's softmax gradient
    // (gradients/Softmax_grad.ts) computes it. The backward pass then reads y instead of
    // recomputing it from x and the row statistics. A fully masked slice has y = 0 and so a
    // zero gradient.
    (y: Tensor, g: Tensor) => [y.mul(g.sub(sum(g.mul(y), [a], { keepdims: true })))],
    "softmax",
  );
  return withRule(x) as unknown as Tensor<D, S>;
}

/** log(softmax(x)) along `axis`, computed as x - max - log(sum(exp(x - max))). */
export function logSoftmax<D extends DType, S extends Shape>(x: Tensor<D, S>, axis = -1): Tensor<D, S> {
  if (x.dtype !== "f32") fail("logSoftmax", `expected an f32 tensor, got ${x.dtype}`);
  const a = normalizeAxis("logSoftmax", axis, x.rank);
  const { shifted, safeSum } = shiftedExpSum(x, [a]);
  return sub(shifted, log(safeSum)) as unknown as Tensor<D, S>;
}

/**
 * Divides by the L2 norm along `axis`: x / max(‖x‖, eps), as PyTorch's F.normalize. The norm is
 * clamped before the square root, so a zero vector maps to zero and its gradient is x-scaled
 * by 1/eps (finite) instead of NaN.
 */
export function normalize<D extends DType, S extends Shape>(x: Tensor<D, S>, axis = -1, eps = 1e-12): Tensor<D, S> {
  if (x.dtype !== "f32") fail("normalize", `expected an f32 tensor, got ${x.dtype}`);
  const a = normalizeAxis("normalize", axis, x.rank);
  const squaredNorm = sum(square(x), [a], { keepdims: true });
  return mul(x, rsqrt(maximum(squaredNorm, eps * eps))) as unknown as Tensor<D, S>;
}

/** L2 norm along `axis`; the gradient at a zero vector is zero instead of NaN. */
export function l2Norm<D extends DType>(x: Tensor<D>, axis?: AxisArg, options?: ReduceOptions): Tensor<D> {
  const squared = sum(square(x), axis, options);
  const isZero = equal(squared, 0);
  return where(isZero, 0, where(isZero, 1, squared).sqrt()) as unknown as Tensor<D>;
}

/**
 * Softmax cross-entropy from `logits` [..., C]. `labels` are either class indices (i32,
 * shape [...]) or probabilities (f32, shape [..., C]). Returns the mean over the batch unless
 * `reduction` is "none" or "sum". Stable for ±1000 logits and for -Infinity logits of classes
 * with zero probability.
 */
export function crossEntropy(
  logits: Tensor,
  labels: Tensor,
  options?: { reduction?: "mean" | "sum" | "none"; axis?: number },
): Tensor<"f32"> {
  if (logits.dtype !== "f32") fail("crossEntropy", `logits must be f32, got ${logits.dtype}`);
  const axis = normalizeAxis("crossEntropy", options?.axis ?? -1, logits.rank);
  const logp = logSoftmax(logits, axis);
  let losses: Tensor;
  if (labels.dtype === "i32") {
    const expected = logits.shape.filter((_, i) => i !== axis);
    if (labels.rank !== expected.length || labels.shape.some((d, i) => d !== expected[i])) {
      fail("crossEntropy", `class-index labels ${fmtShape(labels.shape)} must have shape ${fmtShape(expected)} for logits ${fmtShape(logits.shape)}`);
    }
    const picked = takeAlong(logp, labels as Tensor<"i32">, axis);
    losses = picked.neg();
  } else if (labels.dtype === "f32") {
    if (labels.rank !== logits.rank || labels.shape.some((d, i) => d !== logits.shape[i])) {
      fail("crossEntropy", `probability labels ${fmtShape(labels.shape)} must match logits ${fmtShape(logits.shape)}`);
    }
    // Only a zero label at a -Infinity log-probability is skipped, where 0 · -∞ would be NaN.
    // Masking every zero label instead would also zero its gradient, which is -logp.
    const skipped = logicalAnd(equal(labels, 0), equal(logp, -Infinity));
    losses = sum(mul(labels, where(skipped, 0, logp)), [axis]).neg();
  } else {
    return fail("crossEntropy", `labels must be i32 class indices or f32 probabilities, got ${(labels as Tensor).dtype}`);
  }
  const reduction = options?.reduction ?? "mean";
  if (reduction === "none") return losses as Tensor<"f32">;
  return (reduction === "sum" ? sum(losses) : mean(losses)) as Tensor<"f32">;
}

/** Picks x[..., labels[...], ...] along `axis` by masking with a one-hot of the labels. */
function takeAlong(x: Tensor, labels: Tensor<"i32">, axis: number): Tensor {
  const classes = x.shape[axis];
  if (labels.op === Primitive.Constant) {
    const data = labels.attrsOf(Primitive.Constant).data;
    for (let i = 0; i < data.length; i++) {
      if (data[i] < 0 || data[i] >= classes) fail("crossEntropy", `label ${data[i]} (at flat position ${i}) is out of range for ${classes} classes`);
    }
  }
  // NOTE: a computed label outside [0, classes) selects nothing and contributes a loss of 0.
  const mask = equal(expandDims(labels, axis), iota(keptShape(x.shape, [axis]).map((d, i) => (i === axis ? classes : d)), axis, "i32"));
  return sum(where(mask, x, 0), [axis]);
}
