/**
 * Training checkpoints. One safetensors file contains the training state (parameters, optimiser
 * moments, batch-norm statistics) and, as metadata, the run's configuration and its position
 * in the data order. Data order and augmentation are functions of (seed, step), so the seed and
 * the step count are the whole data-order and PRNG state.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadCheckpoint, saveCheckpoint } from "@kiln/nn";
import { KilnError } from "@kiln/tensor";
import { MODEL_NAMES, type ModelName, type TrainConfig } from "./config.js";
import { CliError, UsageError } from "./errors.js";

export const CHECKPOINT_FILE = "checkpoint.safetensors";

/** Metadata keys of a kiln training checkpoint. */
export const CHECKPOINT_KEYS = {
  format: "kiln.format",
  model: "kiln.model",
  config: "kiln.config",
  progress: "kiln.progress",
} as const;

export const CHECKPOINT_FORMAT = "kiln-train-checkpoint/1";

/** Position of a checkpoint in its run. */
export interface TrainProgress {
  /** Completed optimiser steps; training resumes with batch `step` (0-based). */
  step: number;
  /** Epoch of the next batch. */
  epoch: number;
  /** Seed of the data order, augmentation and initialisation. */
  seed: number;
  /** Training images the data order was drawn over. */
  dataCount: number;
  /** Seconds spent in training steps up to this checkpoint, over all sessions. */
  trainSeconds: number;
}

export interface LoadedCheckpoint {
  path: string;
  model: ModelName;
  config: TrainConfig;
  progress: TrainProgress;
  tree: unknown;
  /** All metadata except the keys above. */
  metadata: Record<string, string>;
}

/** Resolves a run folder (its checkpoint.safetensors) or a checkpoint file path. */
export function resolveCheckpointPath(path: string): string {
  if (!existsSync(path)) throw new UsageError(`checkpoint not found: no file or folder ${path}; pass a run folder or a .safetensors file`);
  if (statSync(path).isDirectory()) {
    const file = join(path, CHECKPOINT_FILE);
    if (!existsSync(file)) {
      throw new UsageError(
        `checkpoint not found: the folder ${path} has no ${CHECKPOINT_FILE} (a run stopped before its first checkpoint has none; start it again in a new folder); pass a run folder written by kiln train or a .safetensors file`,
      );
    }
    return file;
  }
  return path;
}

/**
 * Writes the checkpoint atomically (a temporary file renamed over `path`). A state with NaN or
 * ±Infinity is not written. NonFiniteTensorError is raised instead, and the previous checkpoint stays.
 */
export async function saveTrainCheckpoint(
  path: string,
  tree: unknown,
  config: TrainConfig,
  progress: TrainProgress,
  extra: Record<string, string>,
): Promise<void> {
  await saveCheckpoint(path, tree, {
    requireFinite: true,
    metadata: {
      ...extra,
      [CHECKPOINT_KEYS.format]: CHECKPOINT_FORMAT,
      [CHECKPOINT_KEYS.model]: config.model,
      [CHECKPOINT_KEYS.config]: JSON.stringify(config),
      [CHECKPOINT_KEYS.progress]: JSON.stringify(progress),
    },
  });
}

function parseJson(path: string, key: string, text: string | undefined): unknown {
  if (text === undefined) throw new CliError(`${path} is not a kiln training checkpoint: its metadata has no ${key}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${path}: the ${key} metadata is not valid JSON`);
  }
}

/** Loads a checkpoint written by `kiln train`, from a run folder or a file. */
export async function readTrainCheckpoint(pathOrFolder: string): Promise<LoadedCheckpoint> {
  const path = resolveCheckpointPath(pathOrFolder);
  let loaded;
  try {
    loaded = await loadCheckpoint(path);
  } catch (error) {
    if (error instanceof KilnError) throw new CliError(`reading checkpoint failed: ${error.message}`);
    throw error;
  }
  const { [CHECKPOINT_KEYS.format]: format, [CHECKPOINT_KEYS.model]: model, [CHECKPOINT_KEYS.config]: configText, [CHECKPOINT_KEYS.progress]: progressText, ...metadata } =
    loaded.metadata;
  if (format !== CHECKPOINT_FORMAT) {
    throw new CliError(`${path} is not a kiln training checkpoint: ${CHECKPOINT_KEYS.format} is ${JSON.stringify(format ?? null)}, expected ${JSON.stringify(CHECKPOINT_FORMAT)}`);
  }
  if (!MODEL_NAMES.includes(model as ModelName)) {
    throw new CliError(`${path}: unknown model ${JSON.stringify(model)}; expected one of ${MODEL_NAMES.join(", ")}`);
  }
  const config = parseJson(path, CHECKPOINT_KEYS.config, configText) as TrainConfig;
  const progress = parseJson(path, CHECKPOINT_KEYS.progress, progressText) as TrainProgress;
  if (!Number.isInteger(progress.step) || progress.step < 0) throw new CliError(`${path}: the ${CHECKPOINT_KEYS.progress} metadata has no valid step`);
  return { path, model: model as ModelName, config, progress, tree: loaded.tree, metadata };
}
