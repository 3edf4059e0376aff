/**
 * CLIP-tiny on Fashion-MNIST. Each image is paired with its class name in one of the six
 * training templates, drawn per image and step. Zero-shot evaluation uses the four evaluation
 * templates.
 */
import {
  CLASSES,
  EOT_ID,
  IMAGE_SIZE,
  TRAIN_TEMPLATES,
  WordTokenizer,
  allCaptions,
  clipAugmentBatch,
  sampleTemplates,
  type Batch,
  type FashionMnist,
} from "@kiln/data";
import { clip, clipInitState, clipOptimizer, clipTiny, clipTrainStep, type Clip, type ClipTrainState } from "@kiln/models";
import { random } from "@kiln/tensor";
import { hostScalar, hostTensor } from "../host-tensor.js";
import { CliError } from "../errors.js";
import { percent } from "../format.js";
import { decayMaskOf, type TrainConfig } from "../config.js";
import { clipEvaluator, type ClipEvaluation } from "../eval/clip-eval.js";
import { checkTreeMatches } from "./tree-check.js";
import type { Evaluation, TrainTask } from "./types.js";

/** Checkpoint metadata key of the vocabulary (JSON array of words by id). */
export const VOCABULARY_KEY = "kiln.vocabulary";

export interface ClipInputs {
  images: Float32Array;
  tokens: Int32Array;
}

/** Builds CLIP-tiny for a word vocabulary, pooling the text feature at the EOT token. */
export function clipModel(tokenizer: WordTokenizer): Clip {
  return clip(clipTiny(tokenizer.vocabSize, { eotTokenId: EOT_ID }));
}

/** Rebuilds the tokenizer from a checkpoint's vocabulary, or the default one when absent. */
export function tokenizerFromMetadata(metadata: Record<string, string>, source: string): WordTokenizer {
  const stored = metadata[VOCABULARY_KEY];
  if (stored === undefined) return WordTokenizer.fromCaptions();
  let words: unknown;
  try {
    words = JSON.parse(stored);
  } catch {
    throw new CliError(`checkpoint ${source}: the ${VOCABULARY_KEY} metadata is not valid JSON`);
  }
  if (!Array.isArray(words) || words.some((word) => typeof word !== "string")) {
    throw new CliError(`checkpoint ${source}: the ${VOCABULARY_KEY} metadata must be a JSON array of words`);
  }
  // Ids 0–2 are the special tokens; the rest are the words, which fromCaptions sorts again.
  const tokenizer = WordTokenizer.fromCaptions([(words as string[]).slice(3).join(" ")]);
  if (tokenizer.words.join("\n") !== (words as string[]).join("\n")) {
    throw new CliError(`checkpoint ${source}: its vocabulary is not in the order WordTokenizer builds (special tokens, then words sorted by code point)`);
  }
  return tokenizer;
}

/** Converts a CLIP evaluation into the loop's common form. */
export function clipEvaluationSummary(result: ClipEvaluation): Evaluation {
  const { zeroShot, retrieval } = result;
  return {
    metrics: {
      zeroShotAccuracy: zeroShot.accuracy,
      imageToTextR1: retrieval.imageToTextR1,
      textToImageR1: retrieval.textToImageR1,
      imageToTextClassR1: retrieval.imageToTextClassR1,
      textToImageClassR1: retrieval.textToImageClassR1,
    },
    headline: `zero-shot accuracy ${percent(zeroShot.accuracy)} on ${zeroShot.count} test images`,
    confusion: { title: "Zero-shot confusion matrix", matrix: zeroShot.confusion },
    details: [
      `Each class is the mean of its normalised caption embeddings under ${zeroShot.templates.length} templates never used in training: ${zeroShot.templates.map((t) => `"${t}"`).join(", ")}.`,
      "",
      `Retrieval over ${retrieval.pairs} test images, each paired with its class's caption under evaluation template i mod ${zeroShot.templates.length}, in blocks of ${retrieval.blockSize} pairs:`,
      "",
      "| direction | exact-pair R@1 | same-class R@1 |",
      "| --- | --- | --- |",
      `| image → text | ${percent(retrieval.imageToTextR1)} | ${percent(retrieval.imageToTextClassR1)} |`,
      `| text → image | ${percent(retrieval.textToImageR1)} | ${percent(retrieval.textToImageClassR1)} |`,
      "",
      "Exact-pair R@1 counts a hit only when the paired item ranks first. Many test images share a caption, and equal captions have equal embeddings, so ties are broken by position and exact-pair recall stays low even for a good model. Same-class R@1 counts a hit when the top item has the query's class.",
    ],
    seconds: result.seconds,
  };
}

export function clipTask(config: TrainConfig, train: FashionMnist, test: FashionMnist): TrainTask<ClipTrainState, ClipInputs> {
  const tokenizer = WordTokenizer.fromCaptions();
  const model = clipModel(tokenizer);
  const { weightDecay, betas, eps, decay } = config.optimizer;
  const optimizer = clipOptimizer({ weightDecay, betas, eps, decayMask: decayMaskOf(decay) });
  const trainStep = clipTrainStep(model, optimizer);
  const evaluate = clipEvaluator(model, tokenizer, test, { batchSize: config.evalBatchSize });

  // Caption tokens of every (template, class) pair, row template · 10 + class.
  const captionTable = tokenizer.tokenize(allCaptions(TRAIN_TEMPLATES));
  const context = captionTable.contextLength;
  const batchSize = config.batchSize;

  return {
    model: "clip",
    batchSize,
    init: () => clipInitState(model, optimizer, model.init(random.key(config.seed))),
    prepare: (batch: Batch): ClipInputs => {
      const options = { seed: config.seed, step: batch.step };
      const images = clipAugmentBatch(train.images, batch.indices, options);
      const templates = sampleTemplates(batch.indices, TRAIN_TEMPLATES.length, options);
      const tokens = new Int32Array(batch.indices.length * context);
      batch.indices.forEach((index, b) => {
        const row = templates[b] * CLASSES.length + train.labels[index];
        tokens.set(captionTable.ids.subarray(row * context, (row + 1) * context), b * context);
      });
      return { images, tokens };
    },
    step: (state, inputs, _stepIndex, lr) => {
      const images = hostTensor(inputs.images, [batchSize, 1, IMAGE_SIZE, IMAGE_SIZE]);
      const tokens = hostTensor(inputs.tokens, [batchSize, context], "i32");
      const out = trainStep(state, images, tokens, hostScalar(lr));
      return { state: out.state, loss: out.loss };
    },
    evaluate: async (state) => clipEvaluationSummary(await evaluate(state.params)),
    checkpointTree: (state) => ({ state }),
    restore: (tree, source) => {
      const loaded = (tree as { state?: ClipTrainState }).state;
      if (loaded === undefined) throw new CliError(`checkpoint ${source} has no training state (a "state" entry); was it written by kiln train?`);
      checkTreeMatches(clipInitState(model, optimizer, model.init(random.key(0))), loaded, source, "CLIP-tiny");
      return loaded;
    },
    metadata: () => ({ [VOCABULARY_KEY]: JSON.stringify(tokenizer.words) }),
  };
}
