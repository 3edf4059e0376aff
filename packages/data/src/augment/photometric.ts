/**
 * Pixel-value augmentations of one square single-channel image in a Float32Array with values in
 * [0, 1], applied in place.
 */
import { KilnError } from "@kiln/tensor";
import type { RandomStream } from "../random-stream.js";

/** Mean of Fashion-MNIST training pixels scaled to [0, 1]. */
export const PIXEL_MEAN = 0.286;

/** Standard deviation of Fashion-MNIST training pixels scaled to [0, 1]. */
export const PIXEL_STD = 0.353;

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/**
 * Multiplies by `brightness` and clamps to [0, 1], then scales the distance from the image mean
 * by `contrast` and clamps again, like torchvision's adjust_brightness then adjust_contrast on
 * one channel.
 */
export function adjustBrightnessContrast(image: Float32Array, brightness: number, contrast: number): Float32Array {
  let sum = 0;
  for (let i = 0; i < image.length; i++) {
    image[i] = clamp01(image[i] * brightness);
    sum += image[i];
  }
  const mean = sum / image.length;
  for (let i = 0; i < image.length; i++) image[i] = clamp01((image[i] - mean) * contrast + mean);
  return image;
}

/** Raises unless `p` is a probability in [0, 1]. */
function checkProbability(op: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new KilnError(op, `probability p must lie in [0, 1], got ${p}`);
}

/**
 * Applies colour jitter to one channel with probability `p`, using 3 draws. The brightness and
 * contrast factors come from U(max(0, 1 − strength), 1 + strength), as in torchvision's
 * ColorJitter, so a strength above 1 never gives a negative factor. Otherwise the image is left
 * unchanged.
 */
export function randomBrightnessContrast(image: Float32Array, random: RandomStream, p = 0.8, strength = 0.4): Float32Array {
  checkProbability("randomBrightnessContrast", p);
  if (!(strength >= 0 && Number.isFinite(strength))) {
    throw new KilnError("randomBrightnessContrast", `strength must be a non-negative finite number, got ${strength}`);
  }
  const low = Math.max(0, 1 - strength);
  const on = random.bernoulli(p);
  const brightness = random.uniform(low, 1 + strength);
  const contrast = random.uniform(low, 1 + strength);
  return on ? adjustBrightnessContrast(image, brightness, contrast) : image;
}

/** Returns the normalised 1-D Gaussian kernel of odd length `size` and standard deviation `sigma` in pixels. */
export function gaussianKernel(sigma: number, size = 5): Float64Array {
  if (!(sigma > 0) || !Number.isInteger(size) || size % 2 !== 1) {
    throw new KilnError("gaussianKernel", `expected sigma > 0 and an odd integer size, got sigma ${sigma}, size ${size}`);
  }
  const kernel = new Float64Array(size);
  const half = (size - 1) / 2;
  let sum = 0;
  for (let t = 0; t < size; t++) {
    kernel[t] = Math.exp(-((t - half) ** 2) / (2 * sigma * sigma));
    sum += kernel[t];
  }
  for (let t = 0; t < size; t++) kernel[t] /= sum;
  return kernel;
}

/** Index into [0, size) with reflect padding that does not repeat the edge (PyTorch's "reflect"). */
function reflect(index: number, size: number): number {
  if (index < 0) return -index;
  if (index >= size) return 2 * (size - 1) - index;
  return index;
}

/**
 * Blurs `image` in place with a separable Gaussian of standard deviation `sigma` pixels and
 * `kernelSize` taps (default 5), vertical pass then horizontal pass, with reflect padding.
 */
export function gaussianBlur(image: Float32Array, sigma: number, size = 28, kernelSize = 5): Float32Array {
  if (image.length !== size * size) {
    throw new KilnError("gaussianBlur", `expected a ${size}×${size} image (${size * size} values), got ${image.length} values`);
  }
  const kernel = gaussianKernel(sigma, kernelSize);
  const half = (kernelSize - 1) / 2;
  const vertical = new Float64Array(image.length);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      let value = 0;
      for (let t = 0; t < kernelSize; t++) value += kernel[t] * image[reflect(i + t - half, size) * size + j];
      vertical[i * size + j] = value;
    }
  }
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      let value = 0;
      for (let t = 0; t < kernelSize; t++) value += kernel[t] * vertical[i * size + reflect(j + t - half, size)];
      image[i * size + j] = value;
    }
  }
  return image;
}

/**
 * Gaussian blur with probability `p`, 2 draws: σ ~ U(sigmaRange) (default [0.1, 1.0] pixels,
 * the MoCo v3 range scaled down for 28-pixel images), then whether to apply it.
 */
export function randomGaussianBlur(
  image: Float32Array,
  random: RandomStream,
  p: number,
  sigmaRange: readonly [number, number] = [0.1, 1.0],
  size = 28,
): Float32Array {
  checkProbability("randomGaussianBlur", p);
  const [minSigma, maxSigma] = sigmaRange;
  if (!(minSigma > 0 && minSigma <= maxSigma && Number.isFinite(maxSigma))) {
    throw new KilnError("randomGaussianBlur", `sigmaRange must be [min, max] with 0 < min ≤ max < Infinity, got [${minSigma}, ${maxSigma}]`);
  }
  const sigma = random.uniform(minSigma, maxSigma);
  const on = random.bernoulli(p);
  return on ? gaussianBlur(image, sigma, size) : image;
}

/** Inverts every value at or above `threshold` (x → 1 − x), in place. */
export function solarize(image: Float32Array, threshold = 0.5): Float32Array {
  for (let i = 0; i < image.length; i++) if (image[i] >= threshold) image[i] = 1 - image[i];
  return image;
}

/** Solarizes with probability `p`, 1 draw. */
export function randomSolarize(image: Float32Array, random: RandomStream, p: number, threshold = 0.5): Float32Array {
  checkProbability("randomSolarize", p);
  return random.bernoulli(p) ? solarize(image, threshold) : image;
}

/** Writes (x − 0.2860) / 0.3530 for each value of `image` into `out` (which may be `image`). */
export function normalizePixels(image: Float32Array, out: Float32Array = image): Float32Array {
  for (let i = 0; i < image.length; i++) out[i] = (image[i] - PIXEL_MEAN) / PIXEL_STD;
  return out;
}
