/** Contrastive losses: InfoNCE (MoCo, SimCLR-style) and the symmetric CLIP loss. */
import { arange, isTensor, matmul, matrixTranspose, normalize, type Tensor } from "@kiln/tensor";
import { describe, fail, formatShape } from "../layers/errors.js";
import { checkReduction, softmaxCrossEntropy, type Reduction } from "./cross-entropy.js";

export interface InfoNCEOptions {
  /** τ > 0: logits are divided by it. A number, or an f32 scalar tensor for a learned temperature. */
  temperature: number | Tensor<"f32">;
  /** Index of the positive key for each query, i32 [queries] (default i, the diagonal). */
  labels?: Tensor<"i32">;
  /** L2-normalise query and keys along the feature axis first (default false: inputs are expected normalised). */
  normalize?: boolean;
  /** Default "mean". */
  reduction?: Reduction;
}

function checkTemperature(op: string, temperature: number | Tensor<"f32">): void {
  if (isTensor(temperature)) {
    if (temperature.dtype !== "f32" || temperature.rank !== 0) fail(op, `temperature must be a number or an f32 scalar tensor: got ${describe(temperature)}`);
  } else if (typeof temperature !== "number" || !(temperature > 0) || !Number.isFinite(temperature)) {
    fail(op, `temperature must be a positive finite number: got ${String(temperature)}`);
  }
}

/**
 * Computes the InfoNCE loss of `query` f32 [queries, features] against `keys`
 * f32 [keys, features]: the cross-entropy of the logits q·kᵀ/τ [queries, keys]. The positive
 * key of query i is `labels[i]`, and every other key is a negative. By default labels[i] = i,
 * so positives lie on the diagonal and there must be at least as many keys as queries.
 * Inputs are expected to be L2-normalised, which makes the logits cosine similarities over τ.
 * Pass `normalize: true` to normalise them here. Returns an f32 scalar, or [queries] with
 * `reduction: "none"`.
 */
export function infoNCE(query: Tensor<"f32">, keys: Tensor<"f32">, options: InfoNCEOptions): Tensor<"f32"> {
  const op = "infoNCE";
  if (options === undefined) fail(op, "options must be given: { temperature } is required");
  checkTemperature(op, options.temperature);
  const reduction = checkReduction(op, options.reduction ?? "mean");
  if (query.dtype !== "f32" || query.rank !== 2) fail(op, `query must be f32 [queries, features]: got ${describe(query)}`);
  if (keys.dtype !== "f32" || keys.rank !== 2) fail(op, `keys must be f32 [keys, features]: got ${describe(keys)}`);
  if (query.shape[1] !== keys.shape[1]) fail(op, `feature sizes differ: query ${formatShape(query.shape)} vs keys ${formatShape(keys.shape)}`);

  const count = query.shape[0];
  let labels = options.labels;
  if (labels === undefined) {
    if (keys.shape[0] < count) {
      fail(op, `diagonal positives need at least as many keys as queries: query ${formatShape(query.shape)} vs keys ${formatShape(keys.shape)}; pass labels`);
    }
    labels = arange(count) as Tensor<"i32">;
  } else if (labels.dtype !== "i32" || labels.rank !== 1 || labels.shape[0] !== count) {
    fail(op, `labels must be i32 [queries]: labels ${describe(labels)} vs query ${formatShape(query.shape)}`);
  }

  const q = options.normalize ? normalize(query, -1) : query;
  const k = options.normalize ? normalize(keys, -1) : keys;
  const logits = matmul(q, matrixTranspose(k)).div(options.temperature) as Tensor<"f32">;
  return softmaxCrossEntropy(logits, labels, { reduction });
}

/**
 * Computes the symmetric contrastive loss of CLIP from a square logit matrix
 * f32 [pairs, pairs]. Entry [i][j] scores image i against text j, and matching pairs lie on
 * the diagonal. The loss is (CE(logits) + CE(logitsᵀ)) / 2, where each CE is a cross-entropy
 * over rows with label i for row i. Returns an f32 scalar, or [pairs] with
 * `reduction: "none"`, where entry i is the mean of row i's and column i's loss.
 */
export function symmetricInfoNCE(logits: Tensor<"f32">, options?: { reduction?: Reduction }): Tensor<"f32"> {
  const op = "symmetricInfoNCE";
  const reduction = checkReduction(op, options?.reduction ?? "mean");
  if (logits.dtype !== "f32" || logits.rank !== 2 || logits.shape[0] !== logits.shape[1]) {
    fail(op, `logits must be a square f32 matrix [pairs, pairs]: got ${describe(logits)}`);
  }
  const labels = arange(logits.shape[0]) as Tensor<"i32">;
  const rows = softmaxCrossEntropy(logits, labels, { reduction });
  const columns = softmaxCrossEntropy(matrixTranspose(logits), labels, { reduction });
  return rows.add(columns).mul(0.5) as Tensor<"f32">;
}
