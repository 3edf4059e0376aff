/**
 * Batch augmentation recipes for Fashion-MNIST. Each takes the u8 pixels of a data set
 * (N · 28 · 28, as `loadFashionMnist` returns) and the data-set indices of a batch, and returns a
 * normalised Float32Array of shape [B, 28, 28], row-major. A model that wants [B, 1, 28, 28]
 * reshapes it without copying.
 *
 * The random numbers of image b come from (seed, purpose, step, indices[b]), so a batch gives
 * the same result whatever the batch order or size, and an index repeated within one batch gets
 * the same augmentation twice.
 */
import { KilnError } from "@kiln/tensor";
import { IMAGE_PIXELS, IMAGE_SIZE } from "../fashion-mnist.js";
import { RANDOM_PURPOSE, randomStream, type RandomStream } from "../random-stream.js";
import { randomCropWindow, randomPadCrop, resizedCrop, type ResizedCropOptions } from "./geometry.js";
import { normalizePixels, randomBrightnessContrast, randomGaussianBlur, randomSolarize } from "./photometric.js";

/** Seed and step that key a batch's random numbers. */
export interface AugmentOptions {
  /** Non-negative safe integer. */
  seed: number;
  /** Training step (or any other unsigned 32-bit counter), so each step draws new augmentations. */
  step: number;
}

/** Parameters of one MoCo v3 view. */
export interface MocoViewConfig extends ResizedCropOptions {
  jitterProbability: number;
  jitterStrength: number;
  blurProbability: number;
  blurSigma: readonly [number, number];
  solarizeProbability: number;
  solarizeThreshold: number;
}

const MOCO_COMMON = {
  scale: [0.2, 1],
  ratio: [3 / 4, 4 / 3],
  flipProbability: 0.5,
  jitterProbability: 0.8,
  jitterStrength: 0.4,
  blurSigma: [0.1, 1.0],
  solarizeThreshold: 0.5,
} as const;

/** MoCo v3 first view: always blurred, never solarized. */
export const MOCO_VIEW1: MocoViewConfig = { ...MOCO_COMMON, blurProbability: 1.0, solarizeProbability: 0 };

/** MoCo v3 second view: blurred with probability 0.1, solarized with probability 0.2. */
export const MOCO_VIEW2: MocoViewConfig = { ...MOCO_COMMON, blurProbability: 0.1, solarizeProbability: 0.2 };

/** Padding of the CLIP recipe's random crop, in pixels. */
export const CLIP_CROP_PADDING = 2;

function checkIndices(op: string, images: Uint8Array, indices: ArrayLike<number>): number {
  if (images.length % IMAGE_PIXELS !== 0) {
    throw new KilnError(op, `images must hold whole 28×28 images, got ${images.length} values`);
  }
  const count = images.length / IMAGE_PIXELS;
  for (let b = 0; b < indices.length; b++) {
    const index = indices[b];
    if (!Number.isInteger(index) || index < 0 || index >= count) {
      throw new KilnError(op, `index ${index} at batch position ${b} is outside [0, ${count - 1}]`);
    }
  }
  return count;
}

function loadPixels(images: Uint8Array, index: number, out: Float32Array): Float32Array {
  const offset = index * IMAGE_PIXELS;
  for (let p = 0; p < IMAGE_PIXELS; p++) out[p] = images[offset + p] / 255;
  return out;
}

/** Scales the selected images to [0, 1] and normalises them, without augmentation (for evaluation). */
export function normalizeBatch(images: Uint8Array, indices: ArrayLike<number>): Float32Array {
  checkIndices("normalizeBatch", images, indices);
  const out = new Float32Array(indices.length * IMAGE_PIXELS);
  const pixels = new Float32Array(IMAGE_PIXELS);
  for (let b = 0; b < indices.length; b++) {
    normalizePixels(loadPixels(images, indices[b], pixels), out.subarray(b * IMAGE_PIXELS, (b + 1) * IMAGE_PIXELS));
  }
  return out;
}

/** CLIP recipe: zero-pad 2 pixels, crop 28×28 at a random offset in [0, 4]², normalise. */
export function clipAugmentBatch(images: Uint8Array, indices: ArrayLike<number>, options: AugmentOptions): Float32Array {
  checkIndices("clipAugmentBatch", images, indices);
  const out = new Float32Array(indices.length * IMAGE_PIXELS);
  const pixels = new Float32Array(IMAGE_PIXELS);
  const cropped = new Float32Array(IMAGE_PIXELS);
  for (let b = 0; b < indices.length; b++) {
    const random = randomStream(options.seed, RANDOM_PURPOSE.clipCrop, options.step, indices[b]);
    randomPadCrop(loadPixels(images, indices[b], pixels), random, CLIP_CROP_PADDING, cropped, IMAGE_SIZE);
    normalizePixels(cropped, out.subarray(b * IMAGE_PIXELS, (b + 1) * IMAGE_PIXELS));
  }
  return out;
}

/**
 * Draws a caption template per image, uniformly from `templateCount` templates. With the class
 * label, `template * 10 + label` indexes `allCaptions(TRAIN_TEMPLATES)`.
 */
export function sampleTemplates(indices: ArrayLike<number>, templateCount: number, options: AugmentOptions): Int32Array {
  if (!Number.isInteger(templateCount) || templateCount < 1) {
    throw new KilnError("sampleTemplates", `template count must be a positive integer, got ${templateCount}`);
  }
  return Int32Array.from({ length: indices.length }, (_, b) =>
    randomStream(options.seed, RANDOM_PURPOSE.captionTemplate, options.step, indices[b]).integer(templateCount),
  );
}

/**
 * Applies one MoCo v3 view to `pixels` (28×28 in [0, 1]) and writes the normalised result into
 * `out`. Order: random resized crop with flip, brightness/contrast jitter, blur, solarize.
 */
function mocoView(pixels: Float32Array, config: MocoViewConfig, random: RandomStream, scratch: Float32Array, out: Float32Array): void {
  resizedCrop(pixels, randomCropWindow(random, config), scratch, IMAGE_SIZE);
  randomBrightnessContrast(scratch, random, config.jitterProbability, config.jitterStrength);
  randomGaussianBlur(scratch, random, config.blurProbability, config.blurSigma, IMAGE_SIZE);
  randomSolarize(scratch, random, config.solarizeProbability, config.solarizeThreshold);
  normalizePixels(scratch, out);
}

/**
 * MoCo v3 recipe: two independently augmented views of each selected image, `view1` with
 * MOCO_VIEW1 and `view2` with MOCO_VIEW2 (or the configs given).
 */
export function mocoAugmentBatch(
  images: Uint8Array,
  indices: ArrayLike<number>,
  options: AugmentOptions & { view1?: MocoViewConfig; view2?: MocoViewConfig },
): { view1: Float32Array; view2: Float32Array } {
  checkIndices("mocoAugmentBatch", images, indices);
  const views = [
    { config: options.view1 ?? MOCO_VIEW1, purpose: RANDOM_PURPOSE.mocoView1, out: new Float32Array(indices.length * IMAGE_PIXELS) },
    { config: options.view2 ?? MOCO_VIEW2, purpose: RANDOM_PURPOSE.mocoView2, out: new Float32Array(indices.length * IMAGE_PIXELS) },
  ];
  const pixels = new Float32Array(IMAGE_PIXELS);
  const scratch = new Float32Array(IMAGE_PIXELS);
  for (let b = 0; b < indices.length; b++) {
    loadPixels(images, indices[b], pixels);
    for (const view of views) {
      const random = randomStream(options.seed, view.purpose, options.step, indices[b]);
      mocoView(pixels, view.config, random, scratch, view.out.subarray(b * IMAGE_PIXELS, (b + 1) * IMAGE_PIXELS));
    }
  }
  return { view1: views[0].out, view2: views[1].out };
}
