import { matmul, matrixTranspose, random, reshape, softmax, transpose, where, type PRNGKey, type Tensor } from "@kiln/tensor";
import type { Initializer } from "../init/types.js";
import { attentionMask, type AttentionMaskOptions } from "./attention-mask.js";
import { checkFloat, checkPositiveInteger, fail, formatShape } from "./errors.js";
import { linear, type LinearParams } from "./linear.js";

export interface MultiHeadAttentionConfig<Bias extends boolean = true> {
  /** Model width: the feature size of the queries and of the output. Must be divisible by `heads`. */
  dim: number;
  /** Number of attention heads; each has headDim = dim / heads. */
  heads: number;
  /** Feature size of the context that keys and values are projected from (default `dim`). */
  contextDim?: number;
  /** Whether the four projections add a bias (default true). */
  bias?: Bias;
  /** Initialisers of every projection's weight and bias (default as `linear`: Xavier uniform and zeros). */
  init?: { weight?: Initializer; bias?: Initializer };
}

/** Parameters: four linear projections, query/output [dim, dim] and key/value [contextDim, dim]. */
export interface MultiHeadAttentionParams<Bias extends boolean = true> {
  query: LinearParams<Bias>;
  key: LinearParams<Bias>;
  value: LinearParams<Bias>;
  output: LinearParams<Bias>;
}

export interface MultiHeadAttentionOptions extends AttentionMaskOptions {
  /** Keys and values come from this tensor [...batch, keys, contextDim] (cross-attention); default the input. */
  context?: Tensor<"f32">;
}

export interface MultiHeadAttentionLayer<Bias extends boolean = true> {
  readonly config: Readonly<MultiHeadAttentionConfig<Bias>>;
  init(key: PRNGKey): MultiHeadAttentionParams<Bias>;
  /** Attends from x [...batch, queries, dim] to the context; returns [...batch, queries, dim]. */
  apply(params: MultiHeadAttentionParams<Bias>, x: Tensor<"f32">, options?: MultiHeadAttentionOptions): Tensor<"f32">;
}

/** [...batch, length, heads·headDim] → [...batch, heads, length, headDim]. */
function splitHeads(x: Tensor<"f32">, heads: number): Tensor<"f32"> {
  const rank = x.rank;
  const split = reshape(x, [...x.shape.slice(0, -1), heads, x.shape[rank - 1] / heads]);
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2, rank];
  return transpose(split, perm);
}

/** [...batch, heads, length, headDim] → [...batch, length, heads·headDim]. */
function mergeHeads(x: Tensor<"f32">): Tensor<"f32"> {
  const rank = x.rank;
  const perm = [...Array(rank - 3).keys(), rank - 2, rank - 3, rank - 1];
  const merged = transpose(x, perm);
  // The width is given explicitly because -1 is ambiguous when a batch or query axis is 0.
  return reshape(merged, [...merged.shape.slice(0, -2), x.shape[rank - 3] * x.shape[rank - 1]]);
}

/**
 * Creates multi-head scaled dot-product attention for self- or cross-attention. With
 * q, k, v the projected and head-split query input and context, each head computes
 * softmax(q·kᵀ/√headDim, masked)·v; heads are concatenated and projected by `output`.
 * Masked scores become -Infinity before the softmax. A query row whose keys are all masked
 * gets zero attention weights (Kiln's softmax of an all -Infinity row) and zero gradients, so
 * its output is the output projection's bias (zeros with `bias: false`), never NaN.
 */
export function multiHeadAttention<Bias extends boolean = true>(config: MultiHeadAttentionConfig<Bias>): MultiHeadAttentionLayer<Bias> {
  const op = "multiHeadAttention";
  const { dim, heads } = config;
  const contextDim = config.contextDim ?? dim;
  checkPositiveInteger(op, "dim", dim);
  checkPositiveInteger(op, "heads", heads);
  checkPositiveInteger(op, "contextDim", contextDim);
  if (dim % heads !== 0) fail(op, `dim must be divisible by heads: dim ${dim} vs heads ${heads}`);
  const headDim = dim / heads;
  const projection = (inFeatures: number) => linear<Bias>({ inFeatures, outFeatures: dim, bias: config.bias, init: config.init });
  const layers = { query: projection(dim), key: projection(contextDim), value: projection(contextDim), output: projection(dim) };

  const init = (key: PRNGKey): MultiHeadAttentionParams<Bias> => {
    const [queryKey, keyKey, valueKey, outputKey] = random.split(key, 4);
    return {
      query: layers.query.init(queryKey),
      key: layers.key.init(keyKey),
      value: layers.value.init(valueKey),
      output: layers.output.init(outputKey),
    };
  };

  const apply = (params: MultiHeadAttentionParams<Bias>, x: Tensor<"f32">, options: MultiHeadAttentionOptions = {}): Tensor<"f32"> => {
    checkFloat(op, "input", x);
    if (x.rank < 2 || x.shape[x.rank - 1] !== dim) {
      fail(op, `input must be [...batch, queries, dim]: input ${formatShape(x.shape)} vs dim ${dim}`);
    }
    const context = options.context ?? x;
    const batch = x.shape.slice(0, -2);
    if (options.context !== undefined) {
      checkFloat(op, "context", context);
      const expected = [...batch, context.shape[context.rank - 2], contextDim];
      if (context.rank !== x.rank || context.shape.some((d, i) => d !== expected[i])) {
        fail(op, `context must be [...batch, keys, contextDim]: context ${formatShape(context.shape)} vs input ${formatShape(x.shape)} and contextDim ${contextDim}`);
      }
    } else if (contextDim !== dim) {
      fail(op, `self-attention needs contextDim equal to dim: contextDim ${contextDim} vs dim ${dim}; pass options.context for cross-attention`);
    }
    const queries = x.shape[x.rank - 2];
    const keys = context.shape[context.rank - 2];

    const q = splitHeads(layers.query.apply(params.query, x), heads);
    const k = splitHeads(layers.key.apply(params.key, context), heads);
    const v = splitHeads(layers.value.apply(params.value, context), heads);
    const scores = matmul(q, matrixTranspose(k)).mul(1 / Math.sqrt(headDim)) as Tensor<"f32">;

    const allowed = attentionMask(batch, queries, keys, options);
    const masked = allowed === undefined ? scores : (where(allowed, scores, -Infinity) as Tensor<"f32">);
    const weights = softmax(masked, -1);
    const mixed = mergeHeads(matmul(weights, v));
    return layers.output.apply(params.output, mixed);
  };

  return { config, init, apply };
}
