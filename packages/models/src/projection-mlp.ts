/**
 * MoCo v3's projector and predictor MLPs: [Linear (no bias) → BatchNorm → ReLU] per hidden
 * layer, then Linear (no bias) → BatchNorm without affine parameters.
 */
import { batchNorm, kaimingUniform, linear, type BatchNormState, type LinearParams, type NormParams } from "@kiln/nn";
import { checkInteger } from "./config-check.js";
import { KilnError, concat, random, relu, reshape, slice, type PRNGKey, type Tensor } from "@kiln/tensor";

export interface ProjectionMlpConfig {
  /** Layer sizes [input, hidden…, output]; at least two entries. */
  dims: number[];
}

export interface ProjectionMlpParams {
  linears: LinearParams<false>[];
  /** Affine parameters of every batch norm but the last (which has none). */
  norms: NormParams<true>[];
}

export type ProjectionMlpState = BatchNormState[];

export interface ProjectionMlp {
  init(key: PRNGKey): ProjectionMlpParams;
  initState(): ProjectionMlpState;
  /**
   * x [batch, dims[0]] → [batch, dims.at(-1)]. With `groups` > 1 the batch is split into that
   * many consecutive sub-batches that each get their own batch statistics (shuffle-BN).
   */
  apply(params: ProjectionMlpParams, x: Tensor<"f32">, options: { state: ProjectionMlpState; train: boolean; groups?: number }): [Tensor<"f32">, ProjectionMlpState];
}

export function projectionMlp(config: ProjectionMlpConfig): ProjectionMlp {
  const { dims } = config;
  if (dims.length < 2) throw new KilnError("projectionMlp", `needs at least input and output sizes, got [${dims.join(", ")}]`);
  dims.forEach((dim, i) => checkInteger("projectionMlp", `dims[${i}]`, dim));
  // PyTorch's nn.Linear default, U(±1/√fanIn), as moco-v3's projector and predictor use. Each
  // layer feeds a batch norm, so the scale does not change the output. It sets how fast Adam
  // turns the weights, and Xavier's larger 256 → 64 weights would train about twice as slowly.
  const weight = (key: PRNGKey, shape: readonly number[]) => kaimingUniform(key, shape, { a: Math.sqrt(5) });
  const layers = dims.slice(1).map((out, i) => linear({ inFeatures: dims[i], outFeatures: out, bias: false, init: { weight } }));
  const norms = dims.slice(1).map((out, i) => batchNorm({ dim: out, affine: i < dims.length - 2 }));

  const init = (key: PRNGKey): ProjectionMlpParams => {
    const keys = random.split(key, layers.length);
    return {
      linears: layers.map((layer, i) => layer.init(keys[i])),
      norms: norms.slice(0, -1).map((n, i) => n.init(keys[i]) as NormParams<true>),
    };
  };

  const initState = (): ProjectionMlpState => norms.map((n) => n.initState());

  const normalize = (i: number, x: Tensor<"f32">, params: ProjectionMlpParams, state: BatchNormState, train: boolean, groups: number): [Tensor<"f32">, BatchNormState] => {
    const affine = (params.norms[i] ?? {}) as NormParams<true>;
    if (groups <= 1 || !train) return norms[i].apply(affine as never, x, { state, train });
    const batch = x.shape[0];
    if (batch % groups !== 0) throw new KilnError("projectionMlp", `batch ${batch} is not divisible into ${groups} shuffle-BN groups`);
    const size = batch / groups;
    const outputs: Tensor<"f32">[] = [];
    let next = state;
    for (let g = 0; g < groups; g++) {
      const part = slice(x, [[g * size, (g + 1) * size]]) as Tensor<"f32">;
      const [y, updated] = norms[i].apply(affine as never, part, { state: next, train });
      outputs.push(y);
      next = updated;
    }
    return [concat(outputs, 0), next];
  };

  const apply: ProjectionMlp["apply"] = (params, x, options) => {
    let h = x;
    const nextState: BatchNormState[] = [];
    layers.forEach((layer, i) => {
      h = layer.apply(params.linears[i], h);
      const [normalized, state] = normalize(i, h, params, options.state[i], options.train, options.groups ?? 1);
      nextState.push(state);
      h = i < layers.length - 1 ? relu(normalized) : normalized;
    });
    return [reshape(h, [x.shape[0], dims[dims.length - 1]]), nextState];
  };

  return { init, initState, apply };
}
