/**
 * CLIP-style text Transformer: token and learned position embeddings, causal pre-LN blocks,
 * ln_final, the feature at the end-of-text position (found by argmax: over the token ids, as
 * in OpenAI's CLIP where EOT has the largest id, or over `ids == eotTokenId`), and a bias-free
 * projection. Tokens are i32 [batch, contextLength].
 */
import { embedding, layerNorm, type NormParams } from "@kiln/nn";
import { KilnError, argmax, cast, equal, iota, matmul, random, reshape, take, type PRNGKey, type Tensor } from "@kiln/tensor";
import { checkInteger } from "./config-check.js";
import { applyBlocks, checkTransformerConfig, initBlocks, type BlockParams, type TransformerConfig } from "./transformer.js";

export interface TextConfig extends TransformerConfig {
  vocabSize: number;
  contextLength: number;
  outputDim: number;
  /** Token id that ends a caption; when omitted, the position of the largest id is pooled. */
  eotTokenId?: number;
}

export interface TextParams {
  tokenEmbedding: Tensor<"f32">;
  position: Tensor<"f32">;
  blocks: BlockParams[];
  lnFinal: NormParams<true>;
  proj: Tensor<"f32">;
}

export interface TextTransformer {
  readonly config: Readonly<TextConfig>;
  init(key: PRNGKey): TextParams;
  /** Tokens [B, contextLength] → features [B, outputDim]. */
  apply(params: TextParams, tokens: Tensor<"i32">): Tensor<"f32">;
  /** Per-position features after ln_final, [B, contextLength, width] (before pooling). */
  hidden(params: TextParams, tokens: Tensor<"i32">): Tensor<"f32">;
}

export function textTransformer(config: TextConfig): TextTransformer {
  checkTransformerConfig("textTransformer", config);
  checkInteger("textTransformer", "vocabSize", config.vocabSize);
  checkInteger("textTransformer", "contextLength", config.contextLength);
  checkInteger("textTransformer", "outputDim", config.outputDim);
  const { eotTokenId } = config;
  if (eotTokenId !== undefined && !(Number.isInteger(eotTokenId) && eotTokenId >= 0 && eotTokenId < config.vocabSize)) {
    throw new KilnError("textTransformer", `eotTokenId must be an integer in [0, ${config.vocabSize - 1}] (below vocabSize ${config.vocabSize}), got ${String(eotTokenId)}`);
  }
  const { width, contextLength, vocabSize } = config;
  const norm = layerNorm({ dim: width, eps: config.eps });
  const tokenLayer = embedding({ vocab: vocabSize, dim: width });

  const init = (key: PRNGKey): TextParams => {
    const [tokenKey, posKey, blocksKey, projKey] = random.split(key, 4);
    return {
      tokenEmbedding: random.normal(tokenKey, [vocabSize, width], { std: 0.02 }),
      position: random.normal(posKey, [contextLength, width], { std: 0.01 }),
      blocks: initBlocks(blocksKey, config),
      lnFinal: norm.init(key),
      proj: random.normal(projKey, [width, config.outputDim], { std: width ** -0.5 }),
    };
  };

  const hidden = (params: TextParams, tokens: Tensor<"i32">): Tensor<"f32"> => {
    if (tokens.dtype !== "i32" || tokens.rank !== 2 || tokens.shape[1] !== contextLength) {
      throw new KilnError("textTransformer", `tokens must be i32 [batch, ${contextLength}], got ${tokens.dtype}[${tokens.shape.join(", ")}]`);
    }
    const x = tokenLayer.apply({ weight: params.tokenEmbedding as Tensor<"f32", [number, number]> }, tokens).add(params.position) as Tensor<"f32">;
    return norm.apply(params.lnFinal, applyBlocks(params.blocks, x, config, { causal: true }));
  };

  const apply = (params: TextParams, tokens: Tensor<"i32">): Tensor<"f32"> => {
    const h = hidden(params, tokens);
    const batch = tokens.shape[0];

    // The end-of-text position of each caption, then its feature.
    const marker = config.eotTokenId === undefined ? tokens : cast(equal(tokens, config.eotTokenId), "i32");
    const eot = argmax(marker, 1);
    const rows = iota([batch], 0, "i32").mul(contextLength).add(eot) as Tensor<"i32">;
    const pooled = take(reshape(h, [batch * contextLength, width]), rows, 0) as Tensor<"f32">;
    return matmul(pooled, params.proj as never) as Tensor<"f32">;
  };

  return { config, init, apply, hidden };
}
