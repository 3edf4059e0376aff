import type { DType } from "../dtype.js";
import { fail } from "../errors.js";
import type { Tensor } from "../ir/tensor.js";
import type { Shape } from "../shape.js";
import { erf, exp, greater, lessEqual, log1p, mul, neg, sigmoid, tanh, where } from "./elementwise.js";

function checkFloat(name: string, x: Tensor): void {
  if (x.dtype !== "f32") fail(name, `expected an f32 tensor, got ${x.dtype}`);
}

/**
 * max(x, 0); the gradient at exactly 0 is 0, as in PyTorch and JAX. NaN propagates, because the
 * test is x <= 0, which is false for NaN.
 */
export function relu<D extends DType, S extends Shape>(x: Tensor<D, S>): Tensor<D, S> {
  return where(lessEqual(x, 0), 0, x) as Tensor<D, S>;
}

/**
 * Gaussian error linear unit. `approximate: "none"` is the exact x·Φ(x) = x/2·(1 + erf(x/√2));
 * `"tanh"` is the tanh approximation used by GPT-2 and many ViT checkpoints.
 */
export function gelu<D extends DType, S extends Shape>(x: Tensor<D, S>, options?: { approximate?: "none" | "tanh" }): Tensor<D, S> {
  checkFloat("gelu", x);
  if ((options?.approximate ?? "none") === "tanh") {
    const t = x as Tensor;
    const inner = mul(t.add(mul(t.mul(t).mul(t), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(x, 0.5), tanh(inner).add(1)) as unknown as Tensor<D, S>;
  }
  return mul(mul(x, 0.5), erf(mul(x, Math.SQRT1_2)).add(1)) as Tensor<D, S>;
}

/** x·sigmoid(1.702x), the GELU approximation of OpenAI's CLIP. */
export function quickGelu<D extends DType, S extends Shape>(x: Tensor<D, S>): Tensor<D, S> {
  checkFloat("quickGelu", x);
  return mul(x, sigmoid(mul(x, 1.702))) as Tensor<D, S>;
}

/**
 * log(1 + exp(x)), as x + log1p(exp(-x)) for x > 0 and log1p(exp(x)) otherwise, so large |x|
 * neither overflows nor loses precision. Each branch is smooth and sees only inputs from its
 * own side (the other side reads 0), so derivatives of every order are right at 0 and no
 * discarded branch turns a gradient into NaN.
 */
export function softplus<D extends DType, S extends Shape>(x: Tensor<D, S>): Tensor<D, S> {
  checkFloat("softplus", x);
  const positive = greater(x, 0);
  const above = where(positive, x, 0);
  const below = where(positive, 0, x);
  return where(positive, above.add(log1p(exp(neg(above)))), log1p(exp(below))) as unknown as Tensor<D, S>;
}

/** log(sigmoid(x)) = -softplus(-x). */
export function logSigmoid<D extends DType, S extends Shape>(x: Tensor<D, S>): Tensor<D, S> {
  return neg(softplus(neg(x))) as unknown as Tensor<D, S>;
}

/** x·sigmoid(x), also called swish. */
export function silu<D extends DType, S extends Shape>(x: Tensor<D, S>): Tensor<D, S> {
  checkFloat("silu", x);
  return mul(x, sigmoid(x)) as Tensor<D, S>;
}

export function leakyRelu<D extends DType, S extends Shape>(x: Tensor<D, S>, negativeSlope = 0.01): Tensor<D, S> {
  checkFloat("leakyRelu", x);
  return where(greater(x, 0), x, mul(x, negativeSlope)) as Tensor<D, S>;
}
