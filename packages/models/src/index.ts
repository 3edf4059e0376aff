/**
 * @kiln/models: declarative ViT, CLIP-style text Transformer, CLIP and MoCo (v2 and v3). Each
 * model is a config in, `init(key)` and pure apply functions out, plus a compiled training step.
 */
export { activate, applyBlocks, initBlocks, type BlockParams, type GeluVariant, type TransformerConfig } from "./transformer.js";
export { vit, type Vit, type VitConfig, type VitParams } from "./vit.js";
export { textTransformer, type TextConfig, type TextParams, type TextTransformer } from "./text.js";
export { clip, LOGIT_SCALE_INIT, LOGIT_SCALE_MAX, type Clip, type ClipConfig, type ClipParams } from "./clip.js";
export { clipInitState, clipOptimizer, clipTrainStep, type ClipOptimizerConfig, type ClipTrainState } from "./clip-train.js";
export { classEmbeddings, recallAtK, retrievalMetrics, zeroShotPredict } from "./zero-shot.js";
export { projectionMlp, type ProjectionMlp, type ProjectionMlpConfig, type ProjectionMlpParams, type ProjectionMlpState } from "./projection-mlp.js";
export {
  mocoV3,
  mocoV3InitState,
  mocoV3Optimizer,
  mocoV3TrainStep,
  type MocoV3,
  type MocoV3Config,
  type MocoV3Encoder,
  type MocoV3Params,
  type MocoV3State,
  type MocoV3TrainState,
} from "./moco-v3.js";
export {
  enqueue,
  mocoV2,
  mocoV2InitState,
  mocoV2Optimizer,
  mocoV2TrainStep,
  type MocoV2,
  type MocoV2Config,
  type MocoV2Encoder,
  type MocoV2Params,
  type MocoV2State,
  type MocoV2TrainState,
} from "./moco-v2.js";
export { clipTiny, clipVitB32, mocoV2Tiny, mocoV3Tiny, vitTiny } from "./presets.js";
