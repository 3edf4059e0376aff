/**
 * MoCo v3 evaluation on frozen backbone features (the online encoder's ln_post class token):
 * weighted k-NN and a linear probe, each trained on the training images' features and scored
 * on the test images.
 */
import { CLASSES, type FashionMnist } from "@kiln/data";
import type { MocoV3, MocoV3Params } from "@kiln/models";
import { compile, type Tensor } from "@kiln/tensor";
import { percent } from "../format.js";
import type { Evaluation } from "../tasks/types.js";
import { encodeImages } from "./features.js";
import { knnClassify, type KnnResult } from "./knn.js";
import { LINEAR_PROBE_DEFAULTS, linearProbe, type LinearProbeResult } from "./linear-probe.js";

export interface MocoEvaluatorOptions {
  batchSize: number;
  knn?: { k: number; temperature: number } | null;
  probe?: { epochs: number; batchSize: number; lr: number; seed: number } | null;
}

export const KNN_DEFAULTS = { k: 20, temperature: 0.07 };

export interface MocoEvaluation {
  knn: KnnResult | null;
  probe: LinearProbeResult | null;
  trainCount: number;
  testCount: number;
  featureSeconds: number;
  seconds: number;
}

/** Returns `evaluate(params)`; the backbone is compiled once for all evaluations. */
export function mocoEvaluator(model: MocoV3, train: FashionMnist, test: FashionMnist, options: MocoEvaluatorOptions) {
  const encode = compile((params: MocoV3Params, images: Tensor<"f32">) => model.encode(params, images));
  const classes = CLASSES.length;

  return async (params: MocoV3Params): Promise<MocoEvaluation> => {
    const start = performance.now();
    const trainFeatures = await encodeImages((images) => encode(params, images), train.images, train.count, options.batchSize);
    const testFeatures = await encodeImages((images) => encode(params, images), test.images, test.count, options.batchSize);
    const featureSeconds = (performance.now() - start) / 1000;
    const dim = trainFeatures.dim;
    const trainSet = { features: trainFeatures.features, labels: train.labels.subarray(0, train.count) };
    const testSet = { features: testFeatures.features, labels: test.labels.subarray(0, test.count) };

    const knn = options.knn ? await knnClassify(trainSet, testSet, dim, { ...options.knn, classes }) : null;
    const probe = options.probe
      ? await linearProbe(trainSet, testSet, dim, { ...LINEAR_PROBE_DEFAULTS, ...options.probe, classes })
      : null;
    return { knn, probe, trainCount: train.count, testCount: test.count, featureSeconds, seconds: (performance.now() - start) / 1000 };
  };
}

/** Converts a MoCo evaluation into the loop's common form; the confusion matrix is k-NN's when present. */
export function mocoEvaluationSummary(result: MocoEvaluation): Evaluation {
  const { knn, probe } = result;
  const metrics: Record<string, number> = {};
  const headline: string[] = [];
  const paragraphs: string[] = [
    `Frozen features (the backbone's class token after ln_post) of ${result.trainCount} training and ${result.testCount} test images, computed in ${result.featureSeconds.toFixed(1)} s.`,
  ];
  if (knn) {
    metrics.knnAccuracy = knn.weighted.accuracy;
    metrics.knnMajorityAccuracy = knn.majorityAccuracy;
    headline.push(`k-NN accuracy ${percent(knn.weighted.accuracy)}`);
    paragraphs.push(
      `k-NN (k = ${knn.k}, cosine similarity, votes weighted by exp(s / ${knn.temperature})): **${percent(knn.weighted.accuracy)}**; unweighted majority vote: ${percent(knn.majorityAccuracy)}.`,
    );
  }
  if (probe) {
    metrics.linearProbeAccuracy = probe.test.accuracy;
    headline.push(`linear probe ${percent(probe.test.accuracy)}`);
    paragraphs.push(
      `Linear probe (logistic regression on standardised features, SGD with momentum 0.9, cosine learning rate, ${probe.epochs} epochs, ${probe.steps} steps): **${percent(probe.test.accuracy)}**; final training loss ${probe.finalLoss.toFixed(4)}.`,
    );
  }
  const details = paragraphs.flatMap((paragraph, i) => (i === 0 ? [paragraph] : ["", paragraph]));
  const main = knn ? { title: "k-NN confusion matrix", matrix: knn.weighted.confusion } : { title: "Linear-probe confusion matrix", matrix: probe!.test.confusion };
  return {
    metrics,
    headline: `${headline.join(", ")} on ${result.testCount} test images`,
    confusion: main,
    details,
    seconds: result.seconds,
  };
}
