/**
 * Geometric augmentations of one square single-channel image stored row-major in a Float32Array
 * (side `size`, 28 for Fashion-MNIST), with values in [0, 1]. Each writes a new image into `out`,
 * which must not overlap the input.
 */
import { KilnError } from "@kiln/tensor";
import type { RandomStream } from "../random-stream.js";

/** Crop window as fractions of the image side and centre in [-1, 1] coordinates, plus a mirror flag. */
export interface CropWindow {
  /** Width as a fraction of the side, in (0, 1]. */
  width: number;
  /** Height as a fraction of the side, in (0, 1]. */
  height: number;
  /** Horizontal centre, −1 at the left edge and 1 at the right edge. */
  centerX: number;
  /** Vertical centre, −1 at the top edge and 1 at the bottom edge. */
  centerY: number;
  /** Mirror the crop left to right. */
  flip: boolean;
}

/** Ranges of `randomCropWindow`, torchvision's RandomResizedCrop arguments. */
export interface ResizedCropOptions {
  /** Range of the crop area as a fraction of the image area. Default [0.2, 1]. */
  scale?: readonly [number, number];
  /** Range of the crop aspect ratio width / height, sampled log-uniformly. Default [3/4, 4/3]. */
  ratio?: readonly [number, number];
  /** Probability of a horizontal flip. Default 0.5. */
  flipProbability?: number;
}

function checkSize(op: string, image: Float32Array, size: number): void {
  if (image.length !== size * size) {
    throw new KilnError(op, `expected a ${size}×${size} image (${size * size} values), got ${image.length} values`);
  }
}

function checkPositiveRange(name: string, min: number, max: number): void {
  const valid = [min, max].every((bound) => typeof bound === "number" && bound > 0 && Number.isFinite(bound));
  if (!valid) throw new KilnError("randomCropWindow", `${name} must be a range of positive finite numbers, got [${min}, ${max}]`);
}

/**
 * Draws a random resized crop window, 5 draws: area ~ U(scale), log ratio ~ U(log ratio), centre
 * ~ U(−1, 1) · (1 − side) on each axis, and the flip. Sides above 1 are clamped to 1 instead of
 * torchvision's retry loop, so the window never leaves the image. Raises a KilnError unless
 * both ranges contain only positive finite numbers and flipProbability lies in [0, 1].
 */
export function randomCropWindow(random: RandomStream, options: ResizedCropOptions = {}): CropWindow {
  const [minScale, maxScale] = options.scale ?? [0.2, 1];
  const [minRatio, maxRatio] = options.ratio ?? [3 / 4, 4 / 3];
  const flipProbability = options.flipProbability ?? 0.5;
  // A zero, negative or infinite area or ratio gives a window of side 0 or NaN, which
  // resizedCrop turns into a constant or all-NaN image.
  checkPositiveRange("scale", minScale, maxScale);
  checkPositiveRange("ratio", minRatio, maxRatio);
  if (!(flipProbability >= 0 && flipProbability <= 1)) {
    throw new KilnError("randomCropWindow", `flipProbability must lie in [0, 1], got ${flipProbability}`);
  }
  const area = random.uniform(minScale, maxScale);
  const ratio = Math.exp(random.uniform(Math.log(minRatio), Math.log(maxRatio)));
  const width = Math.min(Math.sqrt(area * ratio), 1);
  const height = Math.min(Math.sqrt(area / ratio), 1);
  const centerX = random.uniform(-1, 1) * (1 - width);
  const centerY = random.uniform(-1, 1) * (1 - height);
  const flip = random.bernoulli(flipProbability);
  return { width, height, centerX, centerY, flip };
}

function sampleBilinear(image: Float32Array, size: number, y: number, x: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const wx = x - x0;
  const wy = y - y0;
  let value = 0;
  // Zero padding: a neighbour outside the image contributes 0.
  for (let dy = 0; dy <= 1; dy++) {
    const row = y0 + dy;
    if (row < 0 || row >= size) continue;
    const weightY = dy === 0 ? 1 - wy : wy;
    for (let dx = 0; dx <= 1; dx++) {
      const col = x0 + dx;
      if (col < 0 || col >= size) continue;
      value += weightY * (dx === 0 ? 1 - wx : wx) * image[row * size + col];
    }
  }
  return value;
}

/**
 * Resamples the crop `window` of `image` to the full size with bilinear interpolation, writing
 * into `out`. It reproduces PyTorch's affine_grid + grid_sample (bilinear, zero padding,
 * align_corners=False) with θ = [[width · (flip ? −1 : 1), 0, centerX], [0, height, centerY]].
 */
export function resizedCrop(image: Float32Array, window: CropWindow, out: Float32Array, size = 28): Float32Array {
  checkSize("resizedCrop", image, size);
  checkSize("resizedCrop", out, size);
  const scaleX = window.flip ? -window.width : window.width;
  for (let i = 0; i < size; i++) {
    const gridY = window.height * ((2 * i + 1) / size - 1) + window.centerY;
    const y = ((gridY + 1) * size - 1) / 2;
    for (let j = 0; j < size; j++) {
      const gridX = scaleX * ((2 * j + 1) / size - 1) + window.centerX;
      const x = ((gridX + 1) * size - 1) / 2;
      out[i * size + j] = sampleBilinear(image, size, y, x);
    }
  }
  return out;
}

/** Mirrors `image` left to right into `out`. */
export function horizontalFlip(image: Float32Array, out: Float32Array, size = 28): Float32Array {
  checkSize("horizontalFlip", image, size);
  checkSize("horizontalFlip", out, size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) out[i * size + j] = image[i * size + size - 1 - j];
  }
  return out;
}

/**
 * Crops `image` at (offsetY, offsetX) after zero padding of `pad` pixels on every side, writing a
 * same-size image into `out`. Offsets lie in [0, 2 · pad], and offset `pad` on both axes is the identity.
 */
export function padCrop(image: Float32Array, pad: number, offsetY: number, offsetX: number, out: Float32Array, size = 28): Float32Array {
  checkSize("padCrop", image, size);
  checkSize("padCrop", out, size);
  if (!Number.isInteger(pad) || pad < 0) throw new KilnError("padCrop", `pad must be a non-negative integer, got ${pad}`);
  for (const offset of [offsetY, offsetX]) {
    if (!Number.isInteger(offset) || offset < 0 || offset > 2 * pad) {
      throw new KilnError("padCrop", `offsets must be integers in [0, ${2 * pad}], got ${offset}`);
    }
  }
  for (let i = 0; i < size; i++) {
    const row = i + offsetY - pad;
    for (let j = 0; j < size; j++) {
      const col = j + offsetX - pad;
      const inside = row >= 0 && row < size && col >= 0 && col < size;
      out[i * size + j] = inside ? image[row * size + col] : 0;
    }
  }
  return out;
}

/** Draws offsets uniformly in [0, 2 · pad] (row then column, 2 draws) and applies `padCrop`. */
export function randomPadCrop(image: Float32Array, random: RandomStream, pad: number, out: Float32Array, size = 28): Float32Array {
  const offsetY = random.integer(2 * pad + 1);
  const offsetX = random.integer(2 * pad + 1);
  return padCrop(image, pad, offsetY, offsetX, out, size);
}
