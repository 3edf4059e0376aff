/**
 * `kiln eval zero-shot|knn|linear-probe`: evaluates a checkpoint written by `kiln train`. By
 * default the data folder and the image limits are the checkpoint's, so the numbers match the
 * run's report; --data, --limit and --test-limit change them.
 */
import { type FashionMnist } from "@kiln/data";
import type { ClipParams, MocoV3Params } from "@kiln/models";
import { random } from "@kiln/tensor";
import { selectBackend, type BackendName, type SelectedBackend } from "../backend.js";
import { readTrainCheckpoint, type LoadedCheckpoint } from "../checkpoint.js";
import { COMMON_DEFAULTS, type ModelName } from "../config.js";
import { loadSplit } from "../data.js";
import { CliError, UsageError } from "../errors.js";
import { clipEvaluator } from "../eval/clip-eval.js";
import { LINEAR_PROBE_DEFAULTS } from "../eval/linear-probe.js";
import { KNN_DEFAULTS, mocoEvaluationSummary, mocoEvaluator } from "../eval/moco-eval.js";
import { stderrLogger, type Io } from "../io.js";
import { clipEvaluationSummary, clipModel, tokenizerFromMetadata } from "../tasks/clip.js";
import { mocoModel } from "../tasks/moco.js";
import { checkTreeMatches } from "../tasks/tree-check.js";
import type { Evaluation } from "../tasks/types.js";

export type EvalKind = "zero-shot" | "knn" | "linear-probe";

/** The model each evaluation needs. */
const MODEL_OF: Record<EvalKind, ModelName> = { "zero-shot": "clip", knn: "moco", "linear-probe": "moco" };

export interface EvalOptions {
  checkpoint: string;
  backend?: BackendName;
  dataDir?: string;
  limit?: number;
  testLimit?: number;
  evalBatchSize?: number;
  json?: boolean;
  /** k-NN: neighbours and temperature. */
  k?: number;
  temperature?: number;
  /** Linear probe: epochs, batch size, learning rate and seed. */
  epochs?: number;
  batchSize?: number;
  lr?: number;
  seed?: number;
}

export interface EvalResult {
  kind: EvalKind;
  model: ModelName;
  checkpoint: string;
  /** Training steps the checkpoint had completed. */
  step: number;
  evaluation: Evaluation;
  backend: SelectedBackend["name"];
  adapter: SelectedBackend["adapter"];
  seconds: number;
}

function paramsOf<P>(checkpoint: LoadedCheckpoint, expected: unknown, description: string): P {
  const params = (checkpoint.tree as { state?: { params?: P } }).state?.params;
  if (params === undefined) throw new CliError(`checkpoint ${checkpoint.path} has no model parameters (state.params); was it written by kiln train?`);
  checkTreeMatches(expected, params, checkpoint.path, description);
  return params;
}

/** Runs one evaluation of a checkpoint. Notes go to `io.stderr`; the caller prints the result. */
export async function evaluateCheckpoint(kind: EvalKind, options: EvalOptions, io: Io): Promise<EvalResult> {
  const start = performance.now();
  const logger = stderrLogger(io);
  const checkpoint = await readTrainCheckpoint(options.checkpoint);
  const needed = MODEL_OF[kind];
  if (checkpoint.model !== needed) {
    const suggestion = checkpoint.model === "clip" ? "kiln eval zero-shot" : "kiln eval knn or kiln eval linear-probe";
    throw new UsageError(`${kind} evaluation needs a ${needed} checkpoint, but ${checkpoint.path} contains a ${checkpoint.model} model; use ${suggestion}`);
  }
  const config = checkpoint.config;
  const backend = await selectBackend(options.backend ?? COMMON_DEFAULTS.backend, logger.warn);
  const dataDir = options.dataDir ?? config.dataDir;
  const testLimit = options.testLimit ?? config.testLimit;
  const batchSize = options.evalBatchSize ?? config.evalBatchSize ?? COMMON_DEFAULTS.evalBatchSize;
  const test: FashionMnist = loadSplit("test", testLimit, { dir: dataDir, logger });
  logger.info(`Evaluating ${checkpoint.path} (${checkpoint.model}, step ${checkpoint.progress.step}) with ${kind} on ${backend.name}`);

  let evaluation: Evaluation;
  if (kind === "zero-shot") {
    const tokenizer = tokenizerFromMetadata(checkpoint.metadata, checkpoint.path);
    const model = clipModel(tokenizer);
    const params = paramsOf<ClipParams>(checkpoint, model.init(random.key(0)), "CLIP-tiny");
    evaluation = clipEvaluationSummary(await clipEvaluator(model, tokenizer, test, { batchSize })(params));
  } else {
    const train = loadSplit("train", options.limit ?? config.limit, { dir: dataDir, logger });
    const model = mocoModel(config.temperature);
    const params = paramsOf<MocoV3Params>(checkpoint, model.init(random.key(0)).params, "MoCo v3-tiny");
    const evaluate = mocoEvaluator(model, train, test, {
      batchSize,
      knn: kind === "knn" ? { k: options.k ?? KNN_DEFAULTS.k, temperature: options.temperature ?? KNN_DEFAULTS.temperature } : null,
      probe:
        kind === "linear-probe"
          ? {
              epochs: options.epochs ?? LINEAR_PROBE_DEFAULTS.epochs,
              batchSize: options.batchSize ?? LINEAR_PROBE_DEFAULTS.batchSize,
              lr: options.lr ?? LINEAR_PROBE_DEFAULTS.lr,
              seed: options.seed ?? config.seed,
            }
          : null,
    });
    evaluation = mocoEvaluationSummary(await evaluate(params));
  }
  return {
    kind,
    model: checkpoint.model,
    checkpoint: checkpoint.path,
    step: checkpoint.progress.step,
    evaluation,
    backend: backend.name,
    adapter: backend.adapter,
    seconds: (performance.now() - start) / 1000,
  };
}
