/** Optimisers, gradient clipping, schedules and EMA: pure functions over pytrees of f32 tensors. */
export type { LearningRate, Optimizer, OptimizerStep, UpdateOptions } from "./types.js";
export { sgd, type SgdOptions, type SgdState } from "./sgd.js";
export { adamw, type AdamWOptions, type AdamWState } from "./adamw.js";
export { lars, type LarsOptions, type LarsState } from "./lars.js";
export { defaultDecayMask, segmentWords, type BooleanTree, type DecayMask, type LeafPredicate, type LeafSelection } from "./decay-mask.js";
export { clipByGlobalNorm } from "./clip.js";
export { warmupCosine, stepDecay, constantSchedule, cosineMomentum, type Schedule, type WarmupCosineOptions, type StepDecayOptions } from "./schedules.js";
export { emaUpdate } from "./ema.js";
export { leafPaths } from "./tree.js";
