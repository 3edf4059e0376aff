/**
 * Epoch-wise shuffled mini-batches of data-set indices. Each epoch's order is a pure function of
 * (seed, epoch), so a run resumed at any step gets the same batches as an uninterrupted one.
 */
import { KilnError } from "@kiln/tensor";
import { RANDOM_PURPOSE, randomStream } from "./random-stream.js";

/** Options of `batches`. */
export interface BatchOptions {
  /** Number of examples in the data set. */
  count: number;
  batchSize: number;
  /** Non-negative safe integer. */
  seed: number;
  /** Drop each epoch's last partial batch, as the PyTorch reference does. Default true. */
  dropLast?: boolean;
  /** Shuffle each epoch. Default true. When false, every epoch is 0, 1, …, count − 1. */
  shuffle?: boolean;
  /** Stop after this many epochs. Default unlimited. */
  epochs?: number;
  /** First step to produce, to resume a run. Default 0. */
  startStep?: number;
}

/** One mini-batch. */
export interface Batch {
  /** Data-set indices of the batch's examples. */
  indices: Int32Array;
  /** Zero-based epoch. */
  epoch: number;
  /** Zero-based step, counted across epochs. */
  step: number;
}

/** Returns a permutation of 0 … count − 1 for `epoch`, by Fisher–Yates with unbiased Threefry draws. */
export function epochPermutation(count: number, seed: number, epoch: number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  const random = randomStream(seed, RANDOM_PURPOSE.shuffle, epoch);
  for (let i = count - 1; i > 0; i--) {
    const j = random.unbiasedInteger(i + 1);
    const swap = order[i];
    order[i] = order[j];
    order[j] = swap;
  }
  return order;
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new KilnError("batches", `${name} must be a positive integer, got ${value}`);
}

/** Number of batches per epoch under these options. */
export function batchesPerEpoch(count: number, batchSize: number, dropLast = true): number {
  return dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
}

/**
 * Returns an iterator over mini-batches of indices in [0, count), epoch after epoch: every index
 * appears exactly once per epoch, except those in a dropped partial batch. Checks the options
 * at once and raises a KilnError for invalid ones, including `dropLast` with `batchSize` above
 * `count`, which would produce no batch.
 */
export function batches(options: BatchOptions): Generator<Batch, void, undefined> {
  const { count, batchSize, seed } = options;
  const dropLast = options.dropLast ?? true;
  const epochs = options.epochs ?? Infinity;
  const startStep = options.startStep ?? 0;
  checkPositiveInteger("count", count);
  checkPositiveInteger("batchSize", batchSize);
  if (epochs !== Infinity) checkPositiveInteger("epochs", epochs);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new KilnError("batches", `seed must be a non-negative safe integer, got ${seed}`);
  }
  if (!Number.isInteger(startStep) || startStep < 0) {
    throw new KilnError("batches", `startStep must be a non-negative integer, got ${startStep}`);
  }
  if (dropLast && batchSize > count) {
    throw new KilnError("batches", `batch size ${batchSize} exceeds the ${count} examples, so dropLast would leave no batches; lower the batch size or set dropLast: false`);
  }
  return generateBatches(count, batchSize, seed, batchesPerEpoch(count, batchSize, dropLast), epochs, startStep, options.shuffle ?? true);
}

function* generateBatches(
  count: number,
  batchSize: number,
  seed: number,
  perEpoch: number,
  epochs: number,
  startStep: number,
  shuffle: boolean,
): Generator<Batch, void, undefined> {
  let step = startStep;
  for (let epoch = Math.floor(startStep / perEpoch); epoch < epochs; epoch++) {
    const order = shuffle ? epochPermutation(count, seed, epoch) : Int32Array.from({ length: count }, (_, i) => i);
    for (let batch = step - epoch * perEpoch; batch < perEpoch; batch++) {
      const start = batch * batchSize;
      yield { indices: order.slice(start, Math.min(start + batchSize, count)), epoch, step };
      step++;
    }
  }
}
