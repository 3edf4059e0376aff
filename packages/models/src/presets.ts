/**
 * Configuration presets. `tiny` sizes train in minutes on a CPU-only machine with 28×28
 * single-channel images; `vitB32` reproduces the published CLIP ViT-B/32 shapes.
 */
import type { ClipConfig } from "./clip.js";
import type { MocoV2Config } from "./moco-v2.js";
import type { MocoV3Config } from "./moco-v3.js";
import type { TextConfig } from "./text.js";
import type { VitConfig } from "./vit.js";

/** ViT for 28×28 grey images: patch 7 (16 patches), width 64, depth 4, 4 heads, MLP 256. */
export function vitTiny(overrides: Partial<VitConfig> = {}): VitConfig {
  return {
    imageSize: 28,
    patchSize: 7,
    channels: 1,
    width: 64,
    depth: 4,
    heads: 4,
    mlpDim: 256,
    gelu: "exact",
    eps: 1e-5,
    pool: "cls",
    positionEmbedding: "learned",
    lnPre: true,
    outputDim: null,
    freezePatchProjection: false,
    ...overrides,
  };
}

/** CLIP-tiny: the ViT above projected to 64, and a text Transformer of width 64, depth 2, context 16. */
export function clipTiny(vocabSize: number, overrides: { eotTokenId?: number; embedDim?: number } = {}): ClipConfig {
  const embedDim = overrides.embedDim ?? 64;
  const text: TextConfig = {
    vocabSize,
    contextLength: 16,
    width: 64,
    depth: 2,
    heads: 4,
    mlpDim: 256,
    gelu: "exact",
    eps: 1e-5,
    outputDim: embedDim,
    eotTokenId: overrides.eotTokenId,
  };
  return { embedDim, vision: vitTiny({ outputDim: embedDim }), text };
}

/** OpenAI's CLIP ViT-B/32: 224×224 RGB, patch 32, width 768, 12 layers; text width 512, 12 layers, context 77. */
export function clipVitB32(): ClipConfig {
  const embedDim = 512;
  return {
    embedDim,
    vision: {
      imageSize: 224,
      patchSize: 32,
      channels: 3,
      width: 768,
      depth: 12,
      heads: 12,
      mlpDim: 3072,
      gelu: "quick",
      eps: 1e-5,
      pool: "cls",
      positionEmbedding: "learned",
      lnPre: true,
      outputDim: embedDim,
      freezePatchProjection: false,
    },
    text: { vocabSize: 49408, contextLength: 77, width: 512, depth: 12, heads: 8, mlpDim: 2048, gelu: "quick", eps: 1e-5, outputDim: embedDim },
  };
}

/** MoCo v3-tiny: the tiny ViT without projection, projector/predictor hidden 256, output 64, τ 0.2. */
export function mocoV3Tiny(overrides: Partial<MocoV3Config> = {}): MocoV3Config {
  return { backbone: vitTiny(), hiddenDim: 256, outDim: 64, temperature: 0.2, ...overrides };
}

/** MoCo v2-tiny: the tiny ViT, an MLP head 64→256→64, a queue of 4,096 keys, τ 0.2. */
export function mocoV2Tiny(overrides: Partial<MocoV2Config> = {}): MocoV2Config {
  return { backbone: vitTiny(), hiddenDim: 256, outDim: 64, queueSize: 4096, temperature: 0.2, shuffleGroups: 2, ...overrides };
}
