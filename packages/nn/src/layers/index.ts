/**
 * Declarative layers: each factory takes a config and returns `{ init(key) → params,
 * apply(params, input, options?) → output }`, with parameters as plain pytrees.
 */
export type { Layer, ParamsOf } from "./types.js";
export { linear, type LinearConfig, type LinearLayer, type LinearParams } from "./linear.js";
export type { NormParams } from "./norm-params.js";
export { layerNorm, type LayerNormConfig, type LayerNormLayer } from "./layer-norm.js";
export { batchNorm, type BatchNormConfig, type BatchNormLayer, type BatchNormOptions, type BatchNormState } from "./batch-norm.js";
export { embedding, type EmbeddingConfig, type EmbeddingLayer, type EmbeddingParams } from "./embedding.js";
export type { AttentionMaskOptions } from "./attention-mask.js";
export {
  multiHeadAttention,
  type MultiHeadAttentionConfig,
  type MultiHeadAttentionLayer,
  type MultiHeadAttentionOptions,
  type MultiHeadAttentionParams,
} from "./multi-head-attention.js";
export { mlp, type Activation, type MlpConfig, type MlpLayer } from "./mlp.js";
export { dropout, type DropoutLayer, type DropoutOptions } from "./dropout.js";
export { sequential, type SequentialParams } from "./sequential.js";
