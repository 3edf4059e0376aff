import { describe, expect, test } from "vitest";
import { random } from "@kiln/tensor";
import {
  PIXEL_MEAN,
  PIXEL_STD,
  adjustBrightnessContrast,
  gaussianBlur,
  gaussianKernel,
  horizontalFlip,
  normalizePixels,
  padCrop,
  randomBrightnessContrast,
  randomCropWindow,
  randomGaussianBlur,
  randomPadCrop,
  randomSolarize,
  randomStream,
  resizedCrop,
  solarize,
  type ResizedCropOptions,
} from "@kiln/data";
import { syntheticImage } from "./helpers.js";

const at = (image: Float32Array, row: number, col: number) => image[row * 28 + col];

describe("randomStream", () => {
  test("matches Kiln's device PRNG", async () => {
    const host = randomStream(7, 4, 123);
    const expected = await random.uniform(random.foldIn(random.foldIn(random.key(7), 4), 123), [9]).data();
    expect(Array.from({ length: 9 }, () => host.uniform())).toEqual(Array.from(expected));
  });

  test("unbiasedInteger stays in range", () => {
    const stream = randomStream(3);
    const draws = Array.from({ length: 1000 }, () => stream.unbiasedInteger(7));
    expect(Math.min(...draws)).toBe(0);
    expect(Math.max(...draws)).toBe(6);
  });
});

describe("geometry", () => {
  const ramp = syntheticImage((row, col) => (row * 28 + col) / 784);

  test("full window is identity", () => {
    const out = resizedCrop(ramp, { width: 1, height: 1, centerX: 0, centerY: 0, flip: false }, new Float32Array(784));
    for (let i = 0; i < 784; i++) expect(out[i]).toBeCloseTo(ramp[i], 6);
  });

  test("flipped full window mirrors", () => {
    const out = resizedCrop(ramp, { width: 1, height: 1, centerX: 0, centerY: 0, flip: true }, new Float32Array(784));
    const mirrored = horizontalFlip(ramp, new Float32Array(784));
    for (let i = 0; i < 784; i++) expect(out[i]).toBeCloseTo(mirrored[i], 6);
    expect(at(mirrored, 3, 0)).toBe(at(ramp, 3, 27));
  });

  test("half window zooms bilinearly", () => {
    // Bilinear sampling reproduces a linear image. Output column j samples x = (2j + 1) / 4 + 6.5.
    const columns = syntheticImage((_, col) => col);
    const out = resizedCrop(columns, { width: 0.5, height: 0.5, centerX: 0, centerY: 0, flip: false }, new Float32Array(784));
    for (const j of [0, 5, 13, 27]) expect(at(out, 10, j)).toBeCloseTo((2 * j + 1) / 4 + 6.5, 5);
  });

  test("window centre shifts crop", () => {
    // centerX = 0.5 moves the sampling grid by 0.5 · 28 / 2 = 7 pixels to the right.
    const columns = syntheticImage((_, col) => col);
    const out = resizedCrop(columns, { width: 0.5, height: 0.5, centerX: 0.5, centerY: 0, flip: false }, new Float32Array(784));
    expect(at(out, 4, 3)).toBeCloseTo((2 * 3 + 1) / 4 + 6.5 + 7, 5);
  });

  test("random windows stay inside", () => {
    const stream = randomStream(1, 2, 3);
    for (let i = 0; i < 200; i++) {
      const window = randomCropWindow(stream);
      expect(window.width).toBeGreaterThan(0);
      expect(window.width).toBeLessThanOrEqual(1);
      expect(window.height).toBeLessThanOrEqual(1);
      expect(Math.abs(window.centerX) + window.width).toBeLessThanOrEqual(1 + 1e-12);
      expect(Math.abs(window.centerY) + window.height).toBeLessThanOrEqual(1 + 1e-12);
      // Unclamped windows keep their area in the scale range [0.2, 1].
      if (window.width < 1 && window.height < 1) expect(window.width * window.height).toBeGreaterThanOrEqual(0.2 - 1e-12);
    }
  });

  test("random window rejects degenerate ranges", () => {
    const cases: [ResizedCropOptions, RegExp][] = [
      [{ ratio: [0, 1] }, /ratio must be a range of positive finite numbers, got \[0, 1\]/],
      [{ ratio: [1, Infinity] }, /ratio must be a range/],
      [{ scale: [-0.5, 1] }, /scale must be a range of positive finite numbers, got \[-0.5, 1\]/],
      [{ scale: [0, 0] }, /scale must be a range/],
      [{ scale: [0.2, NaN] }, /scale must be a range/],
      [{ flipProbability: 2 }, /flipProbability must lie in \[0, 1\], got 2/],
    ];
    for (const [options, message] of cases) {
      expect(() => randomCropWindow(randomStream(1, 2, 3), options)).toThrow(message);
    }
  });

  test("pad crop shifts with zeros", () => {
    const ones = syntheticImage(() => 1);
    const out = padCrop(ramp, 2, 0, 4, new Float32Array(784));
    // Offset (0, 4): output (i, j) = input (i − 2, j + 2), zero outside.
    expect(at(out, 5, 3)).toBe(at(ramp, 3, 5));
    expect(at(out, 0, 3)).toBe(0);
    expect(at(out, 1, 10)).toBe(0);
    expect(at(out, 10, 26)).toBe(0);
    expect(padCrop(ramp, 2, 2, 2, new Float32Array(784))).toEqual(ramp);
    const shifted = padCrop(ones, 2, 4, 0, new Float32Array(784));
    expect(shifted.reduce((sum, v) => sum + v, 0)).toBe(26 * 26);
  });

  test("pad crop rejects bad offset", () => {
    expect(() => padCrop(ramp, 2, 5, 0, new Float32Array(784))).toThrow(/offsets must be integers in \[0, 4\], got 5/);
  });

  test("pad crop rejects bad padding", () => {
    // A fractional pad used to pass the offset check and index between pixels, giving NaN.
    expect(() => randomPadCrop(ramp, randomStream(1), 1.5, new Float32Array(784))).toThrow(/pad must be a non-negative integer, got 1.5/);
    expect(() => padCrop(ramp, -1, 0, 0, new Float32Array(784))).toThrow(/pad must be a non-negative integer, got -1/);
  });
});

describe("photometric", () => {
  test("kernel normalised and symmetric", () => {
    const kernel = gaussianKernel(0.8);
    expect(kernel.reduce((sum, v) => sum + v, 0)).toBeCloseTo(1, 12);
    expect(kernel[0]).toBeCloseTo(kernel[4], 15);
    expect(kernel[2]).toBeGreaterThan(kernel[1]);
  });

  test("blur keeps constant image", () => {
    const out = gaussianBlur(syntheticImage(() => 0.6), 1.0);
    for (const value of out) expect(value).toBeCloseTo(0.6, 6);
  });

  test("blur of impulse is kernel product", () => {
    const kernel = gaussianKernel(0.7);
    const out = gaussianBlur(syntheticImage((row, col) => (row === 10 && col === 12 ? 1 : 0)), 0.7);
    expect(at(out, 10, 12)).toBeCloseTo(kernel[2] * kernel[2], 6);
    expect(at(out, 9, 14)).toBeCloseTo(kernel[1] * kernel[4], 6);
    expect(at(out, 10, 15)).toBe(0);
  });

  test("blur reflects at edges", () => {
    // Reflect padding maps index −1 to 1 and does not repeat the edge, so a corner impulse is counted once.
    const kernel = gaussianKernel(0.9);
    const out = gaussianBlur(syntheticImage((row, col) => (row === 0 && col === 0 ? 1 : 0)), 0.9);
    expect(at(out, 0, 0)).toBeCloseTo(kernel[2] * kernel[2], 6);
    expect(at(out, 0, 1)).toBeCloseTo(kernel[2] * kernel[1], 6);
    expect(at(out, 1, 1)).toBeCloseTo(kernel[1] * kernel[1], 6);
  });

  test("solarize inverts at threshold", () => {
    const out = solarize(Float32Array.of(0, 0.25, 0.49, 0.5, 0.75, 1));
    expect(Array.from(out)).toEqual([0, 0.25, Math.fround(0.49), 0.5, 0.25, 0]);
  });

  test("brightness then contrast", () => {
    const image = Float32Array.of(0.2, 0.4, 0.8, 0.6);
    adjustBrightnessContrast(image, 1.5, 0.5);
    // Brightness: 0.3, 0.6, 1 (clamped), 0.9; mean 0.7; contrast 0.5 → 0.5, 0.65, 0.85, 0.8.
    expect(Array.from(image).map((v) => Number(v.toFixed(6)))).toEqual([0.5, 0.65, 0.85, 0.8]);
  });

  test("jitter factors stay non-negative", () => {
    // With strength 3 the factors come from U(0, 4), as in torchvision's ColorJitter. A negative
    // brightness factor would turn every pixel black.
    for (let seed = 0; seed < 20; seed++) {
      const image = randomBrightnessContrast(syntheticImage(() => 0.5), randomStream(seed), 1, 3);
      expect(image.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(image[0]).toBeGreaterThan(0);
    }
  });

  test("random photometric ops check parameters", () => {
    const image = () => syntheticImage(() => 0.5);
    expect(() => randomBrightnessContrast(image(), randomStream(1), 1.5)).toThrow(/p must lie in \[0, 1\], got 1.5/);
    expect(() => randomBrightnessContrast(image(), randomStream(1), 0.8, -0.4)).toThrow(/strength must be a non-negative finite number, got -0.4/);
    expect(() => randomGaussianBlur(image(), randomStream(1), 1, [0, 1])).toThrow(/sigmaRange must be \[min, max\] with 0 < min ≤ max < Infinity, got \[0, 1\]/);
    expect(() => randomGaussianBlur(image(), randomStream(1), 1, [1, 0.5])).toThrow(/got \[1, 0.5\]/);
    expect(() => randomSolarize(image(), randomStream(1), -0.1)).toThrow(/p must lie in \[0, 1\], got -0.1/);
  });

  test("normalisation constants", () => {
    expect([PIXEL_MEAN, PIXEL_STD]).toEqual([0.286, 0.353]);
    const out = normalizePixels(Float32Array.of(0, 0.286, 1));
    expect(out[0]).toBeCloseTo(-0.286 / 0.353, 6);
    expect(out[1]).toBeCloseTo(0, 6);
    expect(out[2]).toBeCloseTo((1 - 0.286) / 0.353, 6);
  });
});
