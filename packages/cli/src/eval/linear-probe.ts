/**
 * Linear probe: logistic regression on standardised frozen features, trained with SGD
 * (momentum 0.9) and a cosine learning rate, as the PyTorch reference's evaluation. Training
 * and prediction run on the default backend.
 */
import { epochPermutation } from "@kiln/data";
import { sgd, type SgdState } from "@kiln/nn";
import { argmax, compile, crossEntropy, matmul, random, valueAndGrad, type Tensor } from "@kiln/tensor";
import { hostScalar, hostTensor } from "../host-tensor.js";
import { classify, type Classification } from "./confusion.js";

export interface LinearProbeOptions {
  epochs: number;
  batchSize: number;
  /** Peak learning rate; it decays to 0 by a cosine over all steps. */
  lr: number;
  momentum: number;
  seed: number;
  classes: number;
}

export const LINEAR_PROBE_DEFAULTS = { epochs: 10, batchSize: 256, lr: 0.1, momentum: 0.9 };

export interface LinearProbeResult {
  test: Classification;
  /** Mean cross-entropy of the last epoch's batches. */
  finalLoss: number;
  steps: number;
  epochs: number;
}

interface ProbeParams {
  weight: Tensor<"f32">;
  bias: Tensor<"f32">;
}

/**
 * Standardises each feature column with the training set's mean and (unbiased) standard
 * deviation plus 1e-6, in place on both matrices. A column that is constant over the training
 * set is only centred, as scikit-learn's StandardScaler does, because dividing by 1e-6 would
 * scale its test values by a million.
 */
export function standardize(train: Float32Array, test: Float32Array, dim: number): void {
  const rows = train.length / dim;
  for (let j = 0; j < dim; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += train[i * dim + j];
    mean /= rows;
    let squares = 0;
    for (let i = 0; i < rows; i++) squares += (train[i * dim + j] - mean) ** 2;
    const deviation = Math.sqrt(squares / Math.max(1, rows - 1));
    const constant = deviation <= 10 * Number.EPSILON * Math.max(1, Math.abs(mean));
    const std = constant ? 1 : deviation + 1e-6;
    for (let i = 0; i < rows; i++) train[i * dim + j] = (train[i * dim + j] - mean) / std;
    for (let i = 0; i < test.length / dim; i++) test[i * dim + j] = (test[i * dim + j] - mean) / std;
  }
}

/**
 * Trains a linear classifier on `train` features and scores it on `test`. Features are
 * row-major [count, dim] and are standardised here (copies). Each epoch visits a permutation
 * of the training set (a function of the seed and epoch) in full batches, dropping the rest.
 * The weight and bias start uniform in ±1/√dim, like PyTorch's `nn.Linear`.
 */
export async function linearProbe(
  train: { features: Float32Array; labels: Uint8Array },
  test: { features: Float32Array; labels: Uint8Array },
  dim: number,
  options: LinearProbeOptions,
): Promise<LinearProbeResult> {
  const trainFeatures = train.features.slice();
  const testFeatures = test.features.slice();
  standardize(trainFeatures, testFeatures, dim);
  const count = train.labels.length;
  const batchSize = Math.min(options.batchSize, count);
  const perEpoch = Math.floor(count / batchSize);
  const steps = options.epochs * perEpoch;

  const bound = 1 / Math.sqrt(dim);
  const [weightKey, biasKey] = random.split(random.key(options.seed), 2);
  let params: ProbeParams = {
    weight: random.uniform(weightKey, [dim, options.classes], { min: -bound, max: bound }),
    bias: random.uniform(biasKey, [options.classes], { min: -bound, max: bound }),
  };
  const optimizer = sgd({ momentum: options.momentum });
  let state: SgdState = optimizer.init(params);
  const logits = (p: ProbeParams, x: Tensor<"f32">) => matmul(x, p.weight as never).add(p.bias) as Tensor<"f32">;
  const step = compile(
    (p: ProbeParams, s: SgdState, x: Tensor<"f32">, y: Tensor<"i32">, lr: number) => {
      const [loss, grads] = valueAndGrad((q: ProbeParams) => crossEntropy(logits(q, x), y))(p);
      const updated = optimizer.update(grads, s, p, { lr });
      return { params: updated.params, state: updated.state, loss };
    },
    { donate: [0, 1] },
  );

  const x = new Float32Array(batchSize * dim);
  const y = new Int32Array(batchSize);
  let finalLoss = NaN;
  let stepIndex = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = epochPermutation(count, options.seed, epoch);
    const losses: Tensor[] = [];
    for (let b = 0; b < perEpoch; b++) {
      for (let r = 0; r < batchSize; r++) {
        const index = order[b * batchSize + r];
        x.set(trainFeatures.subarray(index * dim, (index + 1) * dim), r * dim);
        y[r] = train.labels[index];
      }
      const lr = options.lr * 0.5 * (1 + Math.cos((Math.PI * stepIndex) / steps));
      const out = step(params, state, hostTensor(x, [batchSize, dim]), hostTensor(y, [batchSize], "i32"), hostScalar(lr));
      params = out.params;
      state = out.state;
      losses.push(out.loss);
      stepIndex++;
    }
    // Reading a loss once per epoch waits for the queued steps, which bounds the queue.
    if (epoch === options.epochs - 1) {
      const values = await Promise.all(losses.map((loss) => loss.item() as Promise<number>));
      finalLoss = values.reduce((a, b) => a + b, 0) / values.length;
    } else {
      await losses[losses.length - 1]?.item();
    }
  }

  const testCount = test.labels.length;
  const predictions = (await argmax(logits(params, hostTensor(testFeatures, [testCount, dim])), 1).data()) as Int32Array;
  return { test: classify(predictions, test.labels, options.classes), finalLoss, steps, epochs: options.epochs };
}
