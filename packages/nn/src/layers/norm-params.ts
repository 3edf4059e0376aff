/** Parameters, input checks and the affine step shared by layerNorm and batchNorm. */
import { ones, zeros, type Tensor } from "@kiln/tensor";
import { checkFloat, checkParamShape, checkPositiveInteger, fail, formatShape } from "./errors.js";

/** Parameters of a layer or batch norm: scale `weight` [dim] and shift `bias` [dim], or none without affine. */
export type NormParams<Affine extends boolean = true> = Affine extends false
  ? Record<string, never>
  : { weight: Tensor<"f32", [number]>; bias: Tensor<"f32", [number]> };

/** Checks eps and creates weight (ones) and bias (zeros) of shape [dim] for the affine case. */
export function createNormParams<Affine extends boolean>(op: string, dim: number, eps: number, affine: boolean): () => NormParams<Affine> {
  checkPositiveInteger(op, "dim", dim);
  if (!(eps >= 0) || !Number.isFinite(eps)) fail(op, `eps must be a finite number ≥ 0: got ${eps}`);
  return () => (affine ? { weight: ones([dim]), bias: zeros([dim]) } : {}) as NormParams<Affine>;
}

/** Checks that the last axis of `x` has `dim` entries. */
export function checkNormInput(op: string, x: Tensor, dim: number): void {
  checkFloat(op, "input", x);
  if (x.rank === 0 || x.shape[x.rank - 1] !== dim) fail(op, `input feature size differs: input ${formatShape(x.shape)} vs dim ${dim}`);
}

/** Multiplies by `weight` and adds `bias` when the layer is affine. */
export function applyAffine(op: string, y: Tensor<"f32">, params: NormParams<boolean>, dim: number, affine: boolean): Tensor<"f32"> {
  if (!affine) return y;
  const { weight, bias } = params as NormParams<true>;
  checkParamShape(op, "weight", weight, [dim]);
  checkParamShape(op, "bias", bias, [dim]);
  return y.mul(weight).add(bias);
}
