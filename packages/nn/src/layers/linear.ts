import { matmul, random, reshape, type PRNGKey, type Tensor } from "@kiln/tensor";
import { zeros } from "../init/constant.js";
import type { Initializer } from "../init/types.js";
import { xavierUniform } from "../init/variance-scaling.js";
import { checkFloat, checkParamShape, checkPositiveInteger, fail, formatShape } from "./errors.js";
import type { Layer } from "./types.js";

export interface LinearConfig<Bias extends boolean = true> {
  inFeatures: number;
  outFeatures: number;
  /** Whether the layer adds a bias (default true). */
  bias?: Bias;
  /** Initialisers for the weight [in, out] (default `xavierUniform`) and the bias [out] (default `zeros`). */
  init?: { weight?: Initializer; bias?: Initializer };
}

/** Parameters of a linear layer: weight [in, out] and, unless `bias: false`, bias [out]. */
export type LinearParams<Bias extends boolean = true> = { weight: Tensor<"f32", [number, number]> } & (Bias extends false
  ? { bias?: undefined }
  : { bias: Tensor<"f32", [number]> });

export type LinearLayer<Bias extends boolean = true> = Layer<LinearParams<Bias>> & { readonly config: Readonly<LinearConfig<Bias>> };

/**
 * Creates a linear (fully connected) layer: y = x·W + b over the last axis, for input
 * [..., inFeatures] of any rank ≥ 1 and output [..., outFeatures]. By default the weight
 * [inFeatures, outFeatures] is Xavier-uniform with fanIn = inFeatures and
 * fanOut = outFeatures, and the bias [outFeatures] is zero.
 */
export function linear<Bias extends boolean = true>(config: LinearConfig<Bias>): LinearLayer<Bias> {
  const { inFeatures, outFeatures } = config;
  checkPositiveInteger("linear", "inFeatures", inFeatures);
  checkPositiveInteger("linear", "outFeatures", outFeatures);
  const hasBias = config.bias !== false;
  const weightInit = config.init?.weight ?? xavierUniform;
  const biasInit = config.init?.bias ?? zeros;

  const init = (key: PRNGKey): LinearParams<Bias> => {
    const [weightKey, biasKey] = random.split(key, 2);
    const weight = weightInit(weightKey, [inFeatures, outFeatures]) as Tensor<"f32", [number, number]>;
    checkParamShape("linear", "weight", weight, [inFeatures, outFeatures]);
    if (!hasBias) return { weight } as LinearParams<Bias>;
    const bias = biasInit(biasKey, [outFeatures]) as Tensor<"f32", [number]>;
    checkParamShape("linear", "bias", bias, [outFeatures]);
    return { weight, bias } as unknown as LinearParams<Bias>;
  };

  const apply = (params: LinearParams<Bias>, x: Tensor<"f32">): Tensor<"f32"> => {
    checkFloat("linear", "input", x);
    if (x.rank === 0 || x.shape[x.rank - 1] !== inFeatures) {
      fail("linear", `input feature size differs: input ${formatShape(x.shape)} vs inFeatures ${inFeatures}`);
    }
    checkParamShape("linear", "weight", params.weight, [inFeatures, outFeatures]);
    // Flattening the batch axes gives one 2-D matmul and a plain weight gradient.
    const rows = reshape(x, [-1, inFeatures]);
    let y: Tensor<"f32"> = matmul(rows, params.weight as Tensor<"f32">);
    if (hasBias) {
      checkParamShape("linear", "bias", params.bias, [outFeatures]);
      y = y.add(params.bias as Tensor<"f32">);
    }
    return reshape(y, [...x.shape.slice(0, -1), outFeatures]);
  };

  return { config, init, apply };
}
