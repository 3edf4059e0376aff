/**
 * Builds the configuration of a `kiln train` run from the command's options, for a new run or
 * a resumed one. A resumed run keeps its checkpoint's settings. Options that would change the
 * data order, the model or the optimisation raise an error, and the others may change.
 */
import { dirname, join } from "node:path";
import type { BackendName } from "../backend.js";
import { readTrainCheckpoint, type LoadedCheckpoint } from "../checkpoint.js";
import { COMMON_DEFAULTS, MODEL_DEFAULTS, type ModelName, type PresetName, type TrainConfig } from "../config.js";
import { UsageError } from "../errors.js";
import { timestamp } from "../format.js";

/** Options of `kiln train`, as parsed; undefined means not given. */
export interface TrainOptions {
  model: ModelName;
  steps?: number;
  batchSize?: number;
  lr?: number;
  warmupSteps?: number;
  seed?: number;
  preset?: PresetName;
  backend?: BackendName;
  dataDir?: string;
  out?: string;
  resume?: string;
  evalEvery?: number;
  checkpointEvery?: number;
  logEvery?: number;
  limit?: number;
  testLimit?: number;
  evalBatchSize?: number;
  json?: boolean;
  /** Plain progress lines even when stderr is a terminal. */
  plainProgress?: boolean;
  /** Stops the run after the current step, saving a checkpoint (the CLI aborts it on Ctrl-C). */
  signal?: AbortSignal;
}

/** Settings fixed by a checkpoint: changing them would break the reproduction of the run. */
const FIXED_ON_RESUME = [
  ["batchSize", "--batch"],
  ["lr", "--lr"],
  ["warmupSteps", "--warmup"],
  ["seed", "--seed"],
  ["preset", "--preset"],
  ["limit", "--limit"],
] as const;

export interface ResolvedRun {
  config: TrainConfig;
  runDir: string;
  resumeFrom: LoadedCheckpoint | null;
}

function newConfig(options: TrainOptions): TrainConfig {
  const defaults = MODEL_DEFAULTS[options.model];
  const config: TrainConfig = {
    model: options.model,
    preset: options.preset ?? COMMON_DEFAULTS.preset,
    steps: options.steps ?? defaults.steps,
    batchSize: options.batchSize ?? defaults.batchSize,
    lr: options.lr ?? defaults.lr,
    warmupSteps: options.warmupSteps ?? defaults.warmupSteps,
    seed: options.seed ?? COMMON_DEFAULTS.seed,
    limit: options.limit ?? null,
    testLimit: options.testLimit ?? null,
    evalEvery: options.evalEvery ?? null,
    checkpointEvery: options.checkpointEvery ?? COMMON_DEFAULTS.checkpointEvery,
    logEvery: options.logEvery ?? COMMON_DEFAULTS.logEvery,
    evalBatchSize: options.evalBatchSize ?? COMMON_DEFAULTS.evalBatchSize,
    optimizer: { ...defaults.optimizer, betas: [...defaults.optimizer.betas] },
    dataDir: options.dataDir ?? null,
    backend: options.backend ?? COMMON_DEFAULTS.backend,
  };
  if (options.model === "moco") {
    config.momentumBase = MODEL_DEFAULTS.moco.momentumBase;
    config.temperature = MODEL_DEFAULTS.moco.temperature;
  }
  return config;
}

function resumedConfig(options: TrainOptions, checkpoint: LoadedCheckpoint): TrainConfig {
  const stored = checkpoint.config;
  if (checkpoint.model !== options.model) {
    throw new UsageError(`${checkpoint.path} is a ${checkpoint.model} checkpoint; resume it with kiln train ${checkpoint.model} --resume`);
  }
  for (const [key, flag] of FIXED_ON_RESUME) {
    const given = options[key];
    if (given !== undefined && given !== stored[key]) {
      throw new UsageError(`${flag} ${given} differs from the checkpoint's ${stored[key]}; a resumed run keeps ${flag}, so drop the option or start a new run`);
    }
  }
  const steps = options.steps ?? stored.steps;
  if (steps < checkpoint.progress.step) {
    throw new UsageError(`--steps ${steps} is below the ${checkpoint.progress.step} steps the checkpoint has already completed`);
  }
  if (steps === checkpoint.progress.step) {
    throw new UsageError(
      `the checkpoint has already completed all ${steps} steps, so there is nothing to resume; pass a larger --steps to train further, or evaluate it with kiln eval`,
    );
  }
  return {
    ...stored,
    steps,
    evalEvery: options.evalEvery ?? stored.evalEvery,
    checkpointEvery: options.checkpointEvery ?? stored.checkpointEvery,
    logEvery: options.logEvery ?? stored.logEvery,
    evalBatchSize: options.evalBatchSize ?? stored.evalBatchSize,
    testLimit: options.testLimit ?? stored.testLimit,
    dataDir: options.dataDir ?? stored.dataDir,
    backend: options.backend ?? stored.backend,
  };
}

/** Resolves the configuration and run folder; reads the checkpoint when resuming. */
export async function resolveRun(options: TrainOptions): Promise<ResolvedRun> {
  if (options.resume === undefined) {
    const config = newConfig(options);
    return { config, runDir: options.out ?? join("runs", `${options.model}-${timestamp()}`), resumeFrom: null };
  }
  const checkpoint = await readTrainCheckpoint(options.resume);
  return { config: resumedConfig(options, checkpoint), runDir: options.out ?? dirname(checkpoint.path), resumeFrom: checkpoint };
}
