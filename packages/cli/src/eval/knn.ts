/**
 * k-nearest-neighbour classification of frozen features: cosine similarity, the k most similar
 * training features, and a vote weighted by exp(similarity / temperature) (DINO's weighting).
 * A plain majority vote is reported beside it.
 */
import { compile, matmul, matrixTranspose, type Tensor } from "@kiln/tensor";
import { hostTensor } from "../host-tensor.js";
import { argmaxOf, classify, type Classification } from "./confusion.js";
import { normalizeRows } from "./features.js";

export interface KnnOptions {
  k: number;
  temperature: number;
  classes: number;
  /** Test rows per similarity block; each block reads back rows × training-set floats. */
  blockRows?: number;
}

export interface KnnResult {
  weighted: Classification;
  /** Accuracy of the unweighted majority vote. */
  majorityAccuracy: number;
  k: number;
  temperature: number;
}

/** Default block: about 16 M similarities (64 MiB) per read-back. */
function defaultBlockRows(trainCount: number): number {
  return Math.max(1, Math.min(1024, Math.floor(16_777_216 / trainCount)));
}

/**
 * Classifies each test feature by its `k` nearest training features. Features are row-major
 * [count, dim] and are L2-normalised here (copies; the inputs are left unchanged). The
 * similarities are computed on the default backend in blocks of test rows; the top-k selection
 * and the votes run on the host.
 */
export async function knnClassify(
  train: { features: Float32Array; labels: Uint8Array },
  test: { features: Float32Array; labels: Uint8Array },
  dim: number,
  options: KnnOptions,
): Promise<KnnResult> {
  const trainCount = train.labels.length;
  const testCount = test.labels.length;
  const k = Math.min(options.k, trainCount);
  const trainMatrix = hostTensor(normalizeRows(train.features.slice(), dim), [trainCount, dim]);
  const testRows = normalizeRows(test.features.slice(), dim);
  const block = Math.min(options.blockRows ?? defaultBlockRows(trainCount), testCount);
  const similarity = compile((queries: Tensor<"f32">, keys: Tensor<"f32">) => matmul(queries, matrixTranspose(keys) as never));

  const weighted = new Int32Array(testCount);
  const majority = new Int32Array(testCount);
  const topValues = new Float64Array(k);
  const topIndices = new Int32Array(k);
  const votes = new Float64Array(options.classes);
  const counts = new Float64Array(options.classes);

  for (let start = 0; start < testCount; start += block) {
    const used = Math.min(block, testCount - start);
    // Pad the last block with copies of its first row, so the compiled function keeps one shape.
    const queries = new Float32Array(block * dim);
    for (let r = 0; r < block; r++) {
      const source = start + (r < used ? r : 0);
      queries.set(testRows.subarray(source * dim, (source + 1) * dim), r * dim);
    }
    const queryTensor = hostTensor(queries, [block, dim]);
    const scoreTensor = similarity(queryTensor, trainMatrix);
    const scores = (await scoreTensor.data()) as Float32Array;
    // A block of scores has a row per training image, so free it before the next block.
    scoreTensor.dispose();
    queryTensor.dispose();
    for (let r = 0; r < used; r++) {
      selectTopK(scores, r * trainCount, trainCount, topValues, topIndices);
      votes.fill(0);
      counts.fill(0);
      for (let j = 0; j < k; j++) {
        const label = train.labels[topIndices[j]];
        votes[label] += Math.exp(topValues[j] / options.temperature);
        counts[label] += 1;
      }
      weighted[start + r] = argmaxOf(votes);
      majority[start + r] = argmaxOf(counts);
    }
  }

  const majorityScore = classify(majority, test.labels, options.classes);
  return { weighted: classify(weighted, test.labels, options.classes), majorityAccuracy: majorityScore.accuracy, k, temperature: options.temperature };
}

/**
 * Writes the `values.length` largest of `scores[offset … offset + length)` and their indices
 * (relative to `offset`) into `values` and `indices`, in descending order.
 */
export function selectTopK(scores: Float32Array, offset: number, length: number, values: Float64Array, indices: Int32Array): void {
  const k = values.length;
  values.fill(-Infinity);
  indices.fill(0);
  for (let j = 0; j < length; j++) {
    const score = scores[offset + j];
    if (!(score > values[k - 1])) continue;
    // Insertion into the sorted top list: shift smaller entries down by one.
    let position = k - 1;
    while (position > 0 && values[position - 1] < score) {
      values[position] = values[position - 1];
      indices[position] = indices[position - 1];
      position--;
    }
    values[position] = score;
    indices[position] = j;
  }
}
