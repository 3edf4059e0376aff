/**
 * The pre-LayerNorm residual block shared by the image and text towers:
 * x + attention(ln1(x)), then x + mlp(ln2(x)), with CLIP's initialisation.
 */
import { layerNorm, linear, multiHeadAttention, type LinearParams, type MultiHeadAttentionParams, type NormParams } from "@kiln/nn";
import { KilnError, gelu, quickGelu, random, zeros, type PRNGKey, type Tensor } from "@kiln/tensor";
import { checkChoice, checkInteger } from "./config-check.js";

export type GeluVariant = "exact" | "tanh" | "quick";

export interface TransformerConfig {
  width: number;
  depth: number;
  heads: number;
  mlpDim: number;
  gelu: GeluVariant;
  /** LayerNorm epsilon (PyTorch's default 1e-5). */
  eps: number;
}

export interface BlockParams {
  ln1: NormParams<true>;
  attention: MultiHeadAttentionParams<true>;
  ln2: NormParams<true>;
  mlp: { fc: LinearParams<true>; proj: LinearParams<true> };
}

export function activate(x: Tensor<"f32">, variant: GeluVariant): Tensor<"f32"> {
  switch (variant) {
    case "exact":
      return gelu(x);
    case "tanh":
      return gelu(x, { approximate: "tanh" });
    case "quick":
      return quickGelu(x);
    default:
      return variant satisfies never;
  }
}

/** Checks the sizes shared by both towers; `op` names the model in the error. A depth of 0 gives no blocks. */
export function checkTransformerConfig(op: string, config: TransformerConfig): void {
  checkInteger(op, "width", config.width);
  checkInteger(op, "depth", config.depth, 0);
  checkInteger(op, "heads", config.heads);
  checkInteger(op, "mlpDim", config.mlpDim);
  if (config.width % config.heads !== 0) throw new KilnError(op, `width ${config.width} is not divisible by ${config.heads} heads`);
  checkChoice(op, "gelu", config.gelu, ["exact", "tanh", "quick"]);
  if (!Number.isFinite(config.eps) || config.eps < 0) throw new KilnError(op, `eps must be a finite number ≥ 0, got ${String(config.eps)}`);
}

function normalLinear(key: PRNGKey, inFeatures: number, outFeatures: number, std: number): LinearParams<true> {
  return { weight: random.normal(key, [inFeatures, outFeatures], { std }) as Tensor<"f32", [number, number]>, bias: zeros([outFeatures]) as Tensor<"f32", [number]> };
}

/**
 * Initialises `depth` blocks as OpenAI's CLIP does: attention projections with std w^-½,
 * residual output projections with std w^-½·(2·depth)^-½, the MLP's first layer with std
 * (2w)^-½, zero biases, LayerNorm weight 1 and bias 0.
 */
export function initBlocks(key: PRNGKey, config: TransformerConfig): BlockParams[] {
  const { width, depth, mlpDim } = config;
  const attnStd = width ** -0.5;
  const projStd = width ** -0.5 * (2 * depth) ** -0.5;
  const fcStd = (2 * width) ** -0.5;
  const norm = layerNorm({ dim: width, eps: config.eps });
  if (depth === 0) return [];
  return random.split(key, depth).map((blockKey) => {
    const [q, k, v, o, fc, proj] = random.split(blockKey, 6);
    return {
      ln1: norm.init(blockKey),
      attention: {
        query: normalLinear(q, width, width, attnStd),
        key: normalLinear(k, width, width, attnStd),
        value: normalLinear(v, width, width, attnStd),
        output: normalLinear(o, width, width, projStd),
      },
      ln2: norm.init(blockKey),
      mlp: { fc: normalLinear(fc, width, mlpDim, fcStd), proj: normalLinear(proj, mlpDim, width, projStd) },
    };
  });
}

/** Applies the blocks to x [batch, tokens, width]; `causal` masks future tokens. */
export function applyBlocks(blocks: readonly BlockParams[], x: Tensor<"f32">, config: TransformerConfig, options: { causal?: boolean } = {}): Tensor<"f32"> {
  const norm = layerNorm({ dim: config.width, eps: config.eps });
  const attention = multiHeadAttention({ dim: config.width, heads: config.heads });
  const fc = linear({ inFeatures: config.width, outFeatures: config.mlpDim });
  const proj = linear({ inFeatures: config.mlpDim, outFeatures: config.width });
  let h = x;
  for (const block of blocks) {
    h = h.add(attention.apply(block.attention, norm.apply(block.ln1, h), { causal: options.causal })) as Tensor<"f32">;
    const hidden = activate(fc.apply(block.mlp.fc, norm.apply(block.ln2, h)), config.gelu);
    h = h.add(proj.apply(block.mlp.proj, hidden)) as Tensor<"f32">;
  }
  return h;
}
