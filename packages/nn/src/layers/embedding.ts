import { random, take, type PRNGKey, type Tensor } from "@kiln/tensor";
import type { Initializer } from "../init/types.js";
import { checkConstantIndices, checkParamShape, checkPositiveInteger, describe, fail } from "./errors.js";
import type { Layer } from "./types.js";

export interface EmbeddingConfig {
  /** Number of rows: ids lie in [0, vocab). */
  vocab: number;
  /** Size of each embedding vector. */
  dim: number;
  /** Initialiser of the table [vocab, dim] (default standard normal, as PyTorch's nn.Embedding). */
  init?: Initializer;
}

/** Parameters of an embedding: the table `weight` [vocab, dim]. */
export interface EmbeddingParams {
  weight: Tensor<"f32", [number, number]>;
}

export type EmbeddingLayer = Layer<EmbeddingParams, Tensor<"i32">> & { readonly config: Readonly<EmbeddingConfig> };

/**
 * Creates an embedding table lookup: ids i32 [...] → f32 [..., dim], row `id` of the table for
 * each id. The gradient of the table is a scatter-add, so repeated ids accumulate their
 * gradients. The default table is drawn from N(0, 1).
 */
export function embedding(config: EmbeddingConfig): EmbeddingLayer {
  const { vocab, dim } = config;
  checkPositiveInteger("embedding", "vocab", vocab);
  checkPositiveInteger("embedding", "dim", dim);
  const tableInit: Initializer = config.init ?? ((key, shape) => random.normal(key, shape));

  const init = (key: PRNGKey): EmbeddingParams => {
    const weight = tableInit(key, [vocab, dim]) as Tensor<"f32", [number, number]>;
    checkParamShape("embedding", "weight", weight, [vocab, dim]);
    return { weight };
  };

  const apply = (params: EmbeddingParams, ids: Tensor<"i32">): Tensor<"f32"> => {
    if (ids.dtype !== "i32") fail("embedding", `ids must be i32: got ${describe(ids)}`);
    checkParamShape("embedding", "weight", params.weight, [vocab, dim]);
    // Constant ids are checked here. Computed ids are checked when the cpu backend runs the gather.
    checkConstantIndices("embedding", "id", ids, vocab, "vocab");
    return take(params.weight as Tensor<"f32">, ids, 0);
  };

  return { config, init, apply };
}
