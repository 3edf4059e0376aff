/**
 * Training configuration: the values `kiln train` records in config.json and in every
 * checkpoint, with the defaults of the PyTorch reference runs for each model.
 */
import { defaultDecayMask, type DecayMask } from "@kiln/nn";
import type { BackendName } from "./backend.js";

export type ModelName = "clip" | "moco";

export const MODEL_NAMES: readonly ModelName[] = ["clip", "moco"];

/** Model size presets. Only `tiny` (a 28×28 ViT of width 64) fits Fashion-MNIST. */
export const PRESETS = ["tiny"] as const;
export type PresetName = (typeof PRESETS)[number];

export interface AdamWConfig {
  betas: [number, number];
  eps: number;
  weightDecay: number;
  /** Decayed parameters: weight matrices only, without embeddings (CLIP), or every online parameter (MoCo v3). */
  decay: "matrices" | "all";
}

export interface TrainConfig {
  model: ModelName;
  preset: PresetName;
  /** Total optimiser steps; the cosine schedule ends here. */
  steps: number;
  batchSize: number;
  /** Peak learning rate, reached at the end of the warm-up. */
  lr: number;
  /** Linear warm-up steps before the cosine decay. */
  warmupSteps: number;
  seed: number;
  /** Training images used: the first N of the split, or null for all. */
  limit: number | null;
  /** Test images evaluated: the first N of the split, or null for all. */
  testLimit: number | null;
  /** Steps between evaluations during training, or null for an evaluation at the end only. */
  evalEvery: number | null;
  /** Steps between checkpoints; a checkpoint is also written at the end and on Ctrl-C. */
  checkpointEvery: number;
  /** Steps between progress lines when stderr is not a terminal. */
  logEvery: number;
  /** Images per forward pass during evaluation. */
  evalBatchSize: number;
  optimizer: AdamWConfig;
  /** MoCo v3: momentum of the target encoder at step 0, rising to 1 by a cosine. */
  momentumBase?: number;
  /** MoCo v3: softmax temperature of the contrastive loss. */
  temperature?: number;
  /** Data directory given with --data, or null for the default lookup. */
  dataDir: string | null;
  /** Backend requested with --backend. */
  backend: BackendName;
}

/** Returns the decay mask of an `AdamWConfig.decay` rule. */
export function decayMaskOf(decay: AdamWConfig["decay"]): DecayMask {
  return decay === "all" ? () => true : defaultDecayMask;
}

/** Defaults of each model's reference run (batch, learning rate, optimiser). */
export const MODEL_DEFAULTS: Record<ModelName, Pick<TrainConfig, "steps" | "batchSize" | "lr" | "warmupSteps" | "optimizer"> & Partial<TrainConfig>> = {
  clip: {
    steps: 2000,
    batchSize: 128,
    lr: 1e-3,
    warmupSteps: 100,
    optimizer: { betas: [0.9, 0.98], eps: 1e-6, weightDecay: 0.1, decay: "matrices" },
  },
  moco: {
    steps: 2000,
    batchSize: 256,
    lr: 1.5e-3,
    warmupSteps: 100,
    optimizer: { betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.1, decay: "all" },
    momentumBase: 0.99,
    temperature: 0.2,
  },
};

/** Common defaults of both models. */
export const COMMON_DEFAULTS = {
  seed: 0,
  checkpointEvery: 500,
  logEvery: 10,
  evalBatchSize: 500,
  preset: "tiny" as PresetName,
  backend: "webgpu" as BackendName,
};
