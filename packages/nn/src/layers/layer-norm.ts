import { mean, rsqrt, square, sub, type PRNGKey, type Tensor } from "@kiln/tensor";
import { applyAffine, checkNormInput, createNormParams, type NormParams } from "./norm-params.js";
import type { Layer } from "./types.js";

export interface LayerNormConfig<Affine extends boolean = true> {
  /** Size of the normalised last axis. */
  dim: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Whether to learn a scale and a shift (default true). */
  affine?: Affine;
}

export type LayerNormLayer<Affine extends boolean = true> = Layer<NormParams<Affine>> & { readonly config: Readonly<LayerNormConfig<Affine>> };

/**
 * Creates a layer norm over the last axis: y = (x - mean) / √(var + eps) · weight + bias, for
 * input [..., dim] and output of the same shape. The variance is biased and computed in two
 * passes, mean((x - mean)²), so it is never negative, and a constant row gives a finite output
 * equal to `bias` up to rounding. Initial parameters: weight ones and bias zeros, so `init`
 * ignores its key.
 */
export function layerNorm<Affine extends boolean = true>(config: LayerNormConfig<Affine>): LayerNormLayer<Affine> {
  const { dim } = config;
  const eps = config.eps ?? 1e-5;
  const affine = config.affine !== false;
  const create = createNormParams<Affine>("layerNorm", dim, eps, affine);

  const apply = (params: NormParams<Affine>, x: Tensor<"f32">): Tensor<"f32"> => {
    checkNormInput("layerNorm", x, dim);
    const centered = sub(x, mean(x, -1, { keepdims: true })) as Tensor<"f32">;
    const biasedVariance = mean(square(centered), -1, { keepdims: true });
    const normalized = centered.mul(rsqrt(biasedVariance.add(eps))) as Tensor<"f32">;
    return applyAffine("layerNorm", normalized, params, dim, affine);
  };

  return { config, init: (_key: PRNGKey) => create(), apply };
}
