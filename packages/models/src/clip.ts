/**
 * CLIP: an image tower (ViT with ln_pre and a bias-free projection) and a text tower, L2-
 * normalised features, a learnable logit scale initialised to ln(1/0.07) and clamped to
 * [0, ln 100] after every optimiser step, and the symmetric cross-entropy (CE(L) + CE(Lᵀ))/2.
 */
import { KilnError, clip as clamp, crossEntropy, exp, iota, matmul, matrixTranspose, normalize, scalar, type PRNGKey, type Tensor, random } from "@kiln/tensor";
import { checkInteger } from "./config-check.js";
import { textTransformer, type TextConfig, type TextParams } from "./text.js";
import { vit, type VitConfig, type VitParams } from "./vit.js";

export interface ClipConfig {
  embedDim: number;
  vision: VitConfig;
  text: TextConfig;
  /** Initial logit scale (default ln(1/0.07)). */
  logitScaleInit?: number;
  /** Upper clamp of the logit scale (default ln 100). */
  logitScaleMax?: number;
}

export interface ClipParams {
  visual: VitParams;
  text: TextParams;
  logitScale: Tensor<"f32">;
}

export const LOGIT_SCALE_INIT = Math.log(1 / 0.07);
export const LOGIT_SCALE_MAX = Math.log(100);

export interface Clip {
  readonly config: Readonly<ClipConfig>;
  init(key: PRNGKey): ClipParams;
  /** Images → L2-normalised embeddings [B, embedDim]. */
  encodeImage(params: ClipParams, images: Tensor<"f32">): Tensor<"f32">;
  /** Tokens → L2-normalised embeddings [B, embedDim]. */
  encodeText(params: ClipParams, tokens: Tensor<"i32">): Tensor<"f32">;
  /** Image-to-text logits exp(scale)·ÎTᵀ [B, B]; the text-to-image logits are its transpose. */
  logits(params: ClipParams, images: Tensor<"f32">, tokens: Tensor<"i32">): Tensor<"f32">;
  /** Symmetric contrastive loss of a batch of matching image/caption pairs. */
  loss(params: ClipParams, images: Tensor<"f32">, tokens: Tensor<"i32">): Tensor<"f32">;
  /** Clamps the logit scale into [0, logitScaleMax]; call after every optimiser step. */
  clampLogitScale(params: ClipParams): ClipParams;
}

export function clip(config: ClipConfig): Clip {
  checkInteger("clip", "embedDim", config.embedDim);
  if (config.vision.outputDim !== config.embedDim || config.text.outputDim !== config.embedDim) {
    throw new KilnError(
      "clip",
      `both towers must project to embedDim ${config.embedDim}: vision outputDim ${config.vision.outputDim}, text outputDim ${config.text.outputDim}`,
    );
  }
  if (!config.vision.lnPre) throw new KilnError("clip", "the image tower needs lnPre: true (CLIP's ln_pre)");
  const visual = vit(config.vision);
  const text = textTransformer(config.text);
  const scaleMax = config.logitScaleMax ?? LOGIT_SCALE_MAX;
  const scaleInit = config.logitScaleInit ?? LOGIT_SCALE_INIT;
  if (!Number.isFinite(scaleMax) || scaleMax < 0) throw new KilnError("clip", `logitScaleMax must be a finite number ≥ 0, got ${String(scaleMax)}`);
  // The clamp runs only after optimiser steps, so an initial value outside it would be used unclamped.
  if (!(scaleInit >= 0 && scaleInit <= scaleMax)) {
    throw new KilnError("clip", `logitScaleInit must be in [0, logitScaleMax ${scaleMax}], got ${String(scaleInit)}`);
  }

  const init = (key: PRNGKey): ClipParams => {
    const [visualKey, textKey] = random.split(key, 2);
    return { visual: visual.init(visualKey), text: text.init(textKey), logitScale: scalar(scaleInit) };
  };

  const encodeImage = (params: ClipParams, images: Tensor<"f32">) => normalize(visual.apply(params.visual, images), -1);
  const encodeText = (params: ClipParams, tokens: Tensor<"i32">) => normalize(text.apply(params.text, tokens), -1);

  const logits = (params: ClipParams, images: Tensor<"f32">, tokens: Tensor<"i32">): Tensor<"f32"> => {
    const imageFeatures = encodeImage(params, images);
    const textFeatures = encodeText(params, tokens);
    if (imageFeatures.shape[0] !== textFeatures.shape[0]) {
      throw new KilnError("clip", `batch sizes differ: ${imageFeatures.shape[0]} images vs ${textFeatures.shape[0]} captions`);
    }
    return matmul(imageFeatures, matrixTranspose(textFeatures) as never).mul(exp(params.logitScale)) as Tensor<"f32">;
  };

  const loss = (params: ClipParams, images: Tensor<"f32">, tokens: Tensor<"i32">): Tensor<"f32"> => {
    const perImage = logits(params, images, tokens);
    const labels = iota([perImage.shape[0]], 0, "i32");
    const imageLoss = crossEntropy(perImage, labels);
    const textLoss = crossEntropy(matrixTranspose(perImage), labels);
    return imageLoss.add(textLoss).mul(0.5) as Tensor<"f32">;
  };

  const clampLogitScale = (params: ClipParams): ClipParams => ({ ...params, logitScale: clamp(params.logitScale, 0, scaleMax) as Tensor<"f32"> });

  return { config, init, encodeImage, encodeText, logits, loss, clampLogitScale };
}
