import { gelu, quickGelu, random, relu, type PRNGKey, type Tensor } from "@kiln/tensor";
import type { Initializer } from "../init/types.js";
import { checkPositiveInteger, fail } from "./errors.js";
import { linear, type LinearParams } from "./linear.js";
import type { Layer } from "./types.js";

/** "gelu" is exact GELU, "gelu_tanh" its tanh approximation, "quick_gelu" CLIP's x·sigmoid(1.702x). */
export type Activation = "gelu" | "gelu_tanh" | "quick_gelu" | "relu";

const ACTIVATIONS: Record<Activation, (x: Tensor<"f32">) => Tensor<"f32">> = {
  gelu: (x) => gelu(x),
  gelu_tanh: (x) => gelu(x, { approximate: "tanh" }),
  quick_gelu: (x) => quickGelu(x),
  relu: (x) => relu(x),
};

export interface MlpConfig<Bias extends boolean = true> {
  /** Feature sizes [in, hidden…, out]: at least two entries, one linear layer per consecutive pair. */
  dims: readonly number[];
  /** Activation between the linear layers, not after the last (default "gelu"). */
  activation?: Activation;
  /** Whether every linear layer adds a bias (default true). */
  bias?: Bias;
  /** Initialisers of every linear layer (default as `linear`: Xavier uniform and zeros). */
  init?: { weight?: Initializer; bias?: Initializer };
}

export type MlpLayer<Bias extends boolean = true> = Layer<LinearParams<Bias>[]> & { readonly config: Readonly<MlpConfig<Bias>> };

/**
 * Creates a multilayer perceptron: linear layers dims[0]→dims[1]→…→dims[n-1] with the
 * activation between them. Input [..., dims[0]], output [..., dims[n-1]]. Parameters are an
 * array with one `{ weight, bias }` per linear layer.
 */
export function mlp<Bias extends boolean = true>(config: MlpConfig<Bias>): MlpLayer<Bias> {
  const { dims } = config;
  if (!Array.isArray(dims) || dims.length < 2) fail("mlp", `dims must list at least [in, out]: got ${JSON.stringify(dims)}`);
  dims.forEach((d, i) => checkPositiveInteger("mlp", `dims[${i}]`, d));
  const activationName = config.activation ?? "gelu";
  // A name such as "constructor" must not pick up a property of Object.prototype.
  const activation = Object.hasOwn(ACTIVATIONS, activationName) ? ACTIVATIONS[activationName] : undefined;
  if (activation === undefined) fail("mlp", `unknown activation: "${activationName}" (expected ${Object.keys(ACTIVATIONS).join(", ")})`);
  const layers = dims.slice(1).map((outFeatures, i) => linear<Bias>({ inFeatures: dims[i], outFeatures, bias: config.bias, init: config.init }));

  const init = (key: PRNGKey): LinearParams<Bias>[] => {
    const keys = random.split(key, layers.length);
    return layers.map((layer, i) => layer.init(keys[i]));
  };

  const apply = (params: LinearParams<Bias>[], x: Tensor<"f32">): Tensor<"f32"> => {
    if (!Array.isArray(params) || params.length !== layers.length) {
      fail("mlp", `params must hold one entry per linear layer: params ${Array.isArray(params) ? params.length : typeof params} vs layers ${layers.length}`);
    }
    let y = x;
    layers.forEach((layer, i) => {
      y = layer.apply(params[i], y);
      if (i < layers.length - 1) y = activation(y);
    });
    return y;
  };

  return { config, init, apply };
}
