/**
 * @kiln/cli: the `kiln` command (bin.ts) and the functions behind it, for scripts that train
 * or evaluate without spawning a process.
 */
export { runCli, createProgram, VERSION } from "./program.js";
export { train, type TrainOptions, type TrainResult } from "./commands/train.js";
export { evaluateCheckpoint, type EvalKind, type EvalOptions, type EvalResult } from "./commands/eval.js";
export { collectInfo, formatInfo, type InfoResult } from "./commands/info.js";
export { readTrainCheckpoint, resolveCheckpointPath, CHECKPOINT_FILE, type LoadedCheckpoint, type TrainProgress } from "./checkpoint.js";
export { clipModel, tokenizerFromMetadata } from "./tasks/clip.js";
export { mocoModel } from "./tasks/moco.js";
export { selectBackend, describeAdapter, type BackendName, type SelectedBackend } from "./backend.js";
export { MODEL_DEFAULTS, COMMON_DEFAULTS, type TrainConfig, type ModelName } from "./config.js";
export { RUN_FILES, readMetrics, type MetricsRecord, type TrainRecord, type EvalRecord } from "./run-dir.js";
export { lossChartSvg, type LossPoint } from "./plot.js";
export { CliError, UsageError, INTERRUPTED_EXIT_CODE } from "./errors.js";
export type { Io } from "./io.js";
export { encodeImages, normalizeRows, type ImageEncoder } from "./eval/features.js";
export { knnClassify, type KnnOptions, type KnnResult } from "./eval/knn.js";
export { linearProbe, LINEAR_PROBE_DEFAULTS, type LinearProbeOptions, type LinearProbeResult } from "./eval/linear-probe.js";
export { classify, type Classification } from "./eval/confusion.js";
export { hostTensor, hostScalar } from "./host-tensor.js";
