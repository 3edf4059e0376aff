import { mean, ones, rsqrt, square, stopGradient, sub, zeros, type PRNGKey, type Tensor } from "@kiln/tensor";
import { checkParamShape, fail, formatShape } from "./errors.js";
import { applyAffine, checkNormInput, createNormParams, type NormParams } from "./norm-params.js";

export interface BatchNormConfig<Affine extends boolean = true> {
  /** Number of channels: the size of the last axis. */
  dim: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Weight of the new batch statistic in the running average (default 0.1, as PyTorch). */
  momentum?: number;
  /** Whether to learn a scale and a shift (default true). */
  affine?: Affine;
}

/** Running statistics of a batch norm, each [dim]. They are state, not parameters, and get no gradient. */
export interface BatchNormState {
  mean: Tensor<"f32", [number]>;
  var: Tensor<"f32", [number]>;
}

export interface BatchNormOptions {
  /** Running statistics from `initState()` or the previous training step. */
  state: BatchNormState;
  /** True normalises with batch statistics and updates the state; false uses the running statistics. */
  train: boolean;
}

export interface BatchNormLayer<Affine extends boolean = true> {
  readonly config: Readonly<BatchNormConfig<Affine>>;
  /** Returns weight (ones) and bias (zeros) of shape [dim], or `{}` without affine; the key is unused. */
  init(key: PRNGKey): NormParams<Affine>;
  /** Returns running mean zeros [dim] and running variance ones [dim]. */
  initState(): BatchNormState;
  /** Normalises x [..., dim]; returns the output (same shape) and the new state. */
  apply(params: NormParams<Affine>, x: Tensor<"f32">, options: BatchNormOptions): [Tensor<"f32">, BatchNormState];
}

/**
 * Creates a batch norm over all axes but the last (channels last: [batch, dim] or
 * [batch, height, width, dim]). In training it normalises with the batch mean and the biased
 * batch variance, and returns running statistics updated as
 * running ← (1 - momentum)·running + momentum·batch, where the variance uses the unbiased
 * estimate n/(n - 1)·biased, as PyTorch. In evaluation it normalises with the running
 * statistics and returns the state object unchanged. The running statistics pass through
 * `stopGradient`, so they never receive gradients.
 */
export function batchNorm<Affine extends boolean = true>(config: BatchNormConfig<Affine>): BatchNormLayer<Affine> {
  const { dim } = config;
  const eps = config.eps ?? 1e-5;
  const momentum = config.momentum ?? 0.1;
  const affine = config.affine !== false;
  const create = createNormParams<Affine>("batchNorm", dim, eps, affine);
  if (!(momentum >= 0 && momentum <= 1)) fail("batchNorm", `momentum must lie in [0, 1]: got ${momentum}`);

  const apply = (params: NormParams<Affine>, x: Tensor<"f32">, options: BatchNormOptions): [Tensor<"f32">, BatchNormState] => {
    checkNormInput("batchNorm", x, dim);
    if (options === undefined || typeof options.train !== "boolean") fail("batchNorm", "options must be { state, train }: train must be a boolean");
    const { state, train } = options;
    checkParamShape("batchNorm", "state.mean", state?.mean, [dim]);
    checkParamShape("batchNorm", "state.var", state?.var, [dim]);
    const runningMean = stopGradient(state.mean);
    const runningVar = stopGradient(state.var);

    if (!train) {
      const normalized = x.sub(runningMean).mul(rsqrt(runningVar.add(eps))) as Tensor<"f32">;
      return [applyAffine("batchNorm", normalized, params, dim, affine), state];
    }

    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const count = x.size / dim;
    if (count < 2) fail("batchNorm", `training needs more than one value per channel: input ${formatShape(x.shape)}`);
    const batchMean = mean(x, axes, { keepdims: true });
    const centered = sub(x, batchMean) as Tensor<"f32">;
    const biasedVar = mean(square(centered), axes, { keepdims: true });
    const normalized = centered.mul(rsqrt(biasedVar.add(eps))) as Tensor<"f32">;
    const y = applyAffine("batchNorm", normalized, params, dim, affine);

    const flatMean = stopGradient(batchMean).reshape([dim]);
    const unbiasedVar = stopGradient(biasedVar).reshape([dim]).mul(count / (count - 1));
    const newState: BatchNormState = {
      mean: runningMean.mul(1 - momentum).add(flatMean.mul(momentum)) as Tensor<"f32", [number]>,
      var: runningVar.mul(1 - momentum).add(unbiasedVar.mul(momentum)) as Tensor<"f32", [number]>,
    };
    return [y, newState];
  };

  return {
    config,
    init: (_key: PRNGKey) => create(),
    initState: () => ({ mean: zeros([dim]), var: ones([dim]) }),
    apply,
  };
}
