import { crossEntropy, oneHot, type Tensor } from "@kiln/tensor";
import { checkConstantIndices, describe, fail, formatShape } from "../layers/errors.js";

/** Combination of the per-example losses: their mean (default), their sum, or none (per-example losses). */
export type Reduction = "mean" | "sum" | "none";

export interface SoftmaxCrossEntropyOptions {
  /** ε in [0, 1]: the target becomes (1 - ε)·target + ε/classes (default 0). */
  labelSmoothing?: number;
  /** Default "mean". */
  reduction?: Reduction;
}

/** Checks a reduction name. */
export function checkReduction(op: string, reduction: string): Reduction {
  if (reduction !== "mean" && reduction !== "sum" && reduction !== "none") fail(op, `reduction must be "mean", "sum" or "none": got "${reduction}"`);
  return reduction;
}

/**
 * Computes softmax cross-entropy of `logits` f32 [..., classes] against `labels`, either class
 * indices i32 [...] or probabilities f32 [..., classes]. Returns an f32 scalar, or f32 [...]
 * per example with `reduction: "none"`. It uses Kiln's `crossEntropy`, which subtracts the
 * row maximum, so logits of ±1000 give finite losses and gradients. Label smoothing mixes the
 * target with the uniform distribution, as PyTorch's `label_smoothing`.
 */
export function softmaxCrossEntropy(logits: Tensor<"f32">, labels: Tensor<"i32"> | Tensor<"f32">, options?: SoftmaxCrossEntropyOptions): Tensor<"f32"> {
  const op = "softmaxCrossEntropy";
  const smoothing = options?.labelSmoothing ?? 0;
  const reduction = checkReduction(op, options?.reduction ?? "mean");
  if (logits.dtype !== "f32" || logits.rank === 0) fail(op, `logits must be f32 [..., classes]: got ${describe(logits)}`);
  if (typeof smoothing !== "number" || !(smoothing >= 0 && smoothing <= 1)) fail(op, `labelSmoothing must lie in [0, 1]: got ${smoothing}`);
  const classes = logits.shape[logits.rank - 1];

  let target: Tensor;
  if (labels.dtype === "i32") {
    const expected = logits.shape.slice(0, -1);
    if (labels.rank !== expected.length || labels.shape.some((d, i) => d !== expected[i])) {
      fail(op, `class-index labels must have the logits' shape without the class axis: labels ${formatShape(labels.shape)} vs logits ${formatShape(logits.shape)}`);
    }
    checkConstantIndices(op, "label", labels, classes, "classes");
    if (smoothing === 0) return crossEntropy(logits, labels, { reduction });
    target = oneHot(labels as Tensor<"i32">, classes, "f32");
  } else if (labels.dtype === "f32") {
    if (labels.rank !== logits.rank || labels.shape.some((d, i) => d !== logits.shape[i])) {
      fail(op, `probability labels must match the logits' shape: labels ${formatShape(labels.shape)} vs logits ${formatShape(logits.shape)}`);
    }
    target = labels;
  } else {
    return fail(op, `labels must be i32 class indices or f32 probabilities: got ${describe(labels)}`);
  }

  const smoothed = smoothing === 0 ? target : target.mul(1 - smoothing).add(smoothing / classes);
  return crossEntropy(logits, smoothed, { reduction });
}
