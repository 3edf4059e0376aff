/**
 * MoCo v3-tiny on Fashion-MNIST: two augmented views per image, a momentum encoder whose
 * momentum rises from 0.99 to 1 by a cosine over the run, and evaluation by k-NN and a linear
 * probe on frozen features.
 */
import { IMAGE_SIZE, mocoAugmentBatch, type Batch, type FashionMnist } from "@kiln/data";
import { mocoV3, mocoV3InitState, mocoV3Optimizer, mocoV3Tiny, mocoV3TrainStep, type MocoV3, type MocoV3TrainState } from "@kiln/models";
import { cosineMomentum } from "@kiln/nn";
import { random } from "@kiln/tensor";
import { hostScalar, hostTensor } from "../host-tensor.js";
import { CliError } from "../errors.js";
import { decayMaskOf, type TrainConfig } from "../config.js";
import { LINEAR_PROBE_DEFAULTS } from "../eval/linear-probe.js";
import { KNN_DEFAULTS, mocoEvaluationSummary, mocoEvaluator } from "../eval/moco-eval.js";
import { checkTreeMatches } from "./tree-check.js";
import type { TrainTask } from "./types.js";

export interface MocoInputs {
  view1: Float32Array;
  view2: Float32Array;
}

/** Builds the MoCo v3-tiny model with the given contrastive temperature. */
export function mocoModel(temperature = 0.2): MocoV3 {
  return mocoV3(mocoV3Tiny({ temperature }));
}

export function mocoTask(config: TrainConfig, train: FashionMnist, test: FashionMnist): TrainTask<MocoV3TrainState, MocoInputs> {
  const model = mocoModel(config.temperature);
  const { weightDecay, betas, eps, decay } = config.optimizer;
  const optimizer = mocoV3Optimizer({ weightDecay, betas, eps, decayMask: decayMaskOf(decay) });
  const trainStep = mocoV3TrainStep(model, optimizer);
  const evaluate = mocoEvaluator(model, train, test, {
    batchSize: config.evalBatchSize,
    knn: KNN_DEFAULTS,
    probe: { ...LINEAR_PROBE_DEFAULTS, seed: config.seed },
  });
  const batchSize = config.batchSize;
  const momentumBase = config.momentumBase ?? 0.99;

  return {
    model: "moco",
    batchSize,
    init: () => mocoV3InitState(model, optimizer, random.key(config.seed)),
    prepare: (batch: Batch): MocoInputs => mocoAugmentBatch(train.images, batch.indices, { seed: config.seed, step: batch.step }),
    step: (state, inputs, stepIndex, lr) => {
      const shape = [batchSize, 1, IMAGE_SIZE, IMAGE_SIZE];
      const momentum = cosineMomentum(stepIndex, config.steps, momentumBase);
      const out = trainStep(state, hostTensor(inputs.view1, shape), hostTensor(inputs.view2, shape), hostScalar(lr), hostScalar(momentum));
      return { state: out.train, loss: out.loss, scheduled: { momentum } };
    },
    evaluate: async (state) => mocoEvaluationSummary(await evaluate(state.params)),
    checkpointTree: (state) => ({ state }),
    restore: (tree, source) => {
      const loaded = (tree as { state?: MocoV3TrainState }).state;
      if (loaded === undefined) throw new CliError(`checkpoint ${source} has no training state (a "state" entry); was it written by kiln train?`);
      checkTreeMatches(mocoV3InitState(model, optimizer, random.key(0)), loaded, source, "MoCo v3-tiny");
      return loaded;
    },
    metadata: () => ({}),
  };
}
