import { describe, expect, test } from "vitest";
import {
  MOCO_VIEW1,
  MOCO_VIEW2,
  PIXEL_MEAN,
  PIXEL_STD,
  clipAugmentBatch,
  loadFashionMnist,
  mocoAugmentBatch,
  normalizeBatch,
  padCrop,
  randomStream,
  sampleTemplates,
  solarize,
  type MocoViewConfig,
} from "@kiln/data";

const data = loadFashionMnist({ split: "train", limit: 600, env: {}, systemDir: "/nonexistent/kiln-no-system-copy" });
const INDICES = Int32Array.of(5, 9, 2, 77, 300);
const LOW = (0 - PIXEL_MEAN) / PIXEL_STD;
const HIGH = (1 - PIXEL_MEAN) / PIXEL_STD;

const bytesOf = (array: Float32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
const row = (batch: Float32Array, b: number) => batch.subarray(b * 784, (b + 1) * 784);
const pixels = (index: number) => Float32Array.from(data.images.subarray(index * 784, (index + 1) * 784), (v) => v / 255);

function expectInRange(batch: Float32Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (const value of batch) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  expect(min).toBeGreaterThanOrEqual(LOW - 1e-5);
  expect(max).toBeLessThanOrEqual(HIGH + 1e-5);
}

// A MoCo view with every random step switched off.
const PLAIN: MocoViewConfig = {
  scale: [1, 1],
  ratio: [1, 1],
  flipProbability: 0,
  jitterProbability: 0,
  jitterStrength: 0.4,
  blurProbability: 0,
  blurSigma: [0.1, 1],
  solarizeProbability: 0,
  solarizeThreshold: 0.5,
};

describe("clipAugmentBatch", () => {
  test("same seed same bits", () => {
    const first = clipAugmentBatch(data.images, INDICES, { seed: 4, step: 10 });
    const second = clipAugmentBatch(data.images, INDICES, { seed: 4, step: 10 });
    expect(first.length).toBe(5 * 784);
    expect(bytesOf(first).equals(bytesOf(second))).toBe(true);
  });

  test("seed and step change result", () => {
    const base = clipAugmentBatch(data.images, INDICES, { seed: 4, step: 10 });
    expect(bytesOf(base).equals(bytesOf(clipAugmentBatch(data.images, INDICES, { seed: 5, step: 10 })))).toBe(false);
    expect(bytesOf(base).equals(bytesOf(clipAugmentBatch(data.images, INDICES, { seed: 4, step: 11 })))).toBe(false);
  });

  test("independent of batch order", () => {
    const batch = clipAugmentBatch(data.images, INDICES, { seed: 1, step: 3 });
    const reversed = clipAugmentBatch(data.images, INDICES.slice().reverse(), { seed: 1, step: 3 });
    const single = clipAugmentBatch(data.images, [77], { seed: 1, step: 3 });
    for (let b = 0; b < 5; b++) expect(bytesOf(row(reversed, 4 - b)).equals(bytesOf(row(batch, b)))).toBe(true);
    expect(bytesOf(single).equals(bytesOf(row(batch, 3)))).toBe(true);
  });

  test("output is a padded crop", () => {
    const batch = clipAugmentBatch(data.images, INDICES, { seed: 2, step: 0 });
    expectInRange(batch);
    const offsets = new Set<string>();
    for (let b = 0; b < INDICES.length; b++) {
      const restored = Float32Array.from(row(batch, b), (v) => v * PIXEL_STD + PIXEL_MEAN);
      const matches: string[] = [];
      for (let dy = 0; dy <= 4; dy++) {
        for (let dx = 0; dx <= 4; dx++) {
          const crop = padCrop(pixels(INDICES[b]), 2, dy, dx, new Float32Array(784));
          if (crop.every((v, i) => Math.abs(v - restored[i]) < 1e-5)) matches.push(`${dy},${dx}`);
        }
      }
      expect(matches.length, `image ${INDICES[b]}`).toBeGreaterThanOrEqual(1);
      offsets.add(matches[0]);
    }
    expect(offsets.size).toBeGreaterThan(1);
  });
});

describe("mocoAugmentBatch", () => {
  test("deterministic two views", () => {
    const first = mocoAugmentBatch(data.images, INDICES, { seed: 9, step: 1 });
    const second = mocoAugmentBatch(data.images, INDICES, { seed: 9, step: 1 });
    const other = mocoAugmentBatch(data.images, INDICES, { seed: 10, step: 1 });
    expect(first.view1.length).toBe(5 * 784);
    expect(bytesOf(first.view1).equals(bytesOf(second.view1))).toBe(true);
    expect(bytesOf(first.view2).equals(bytesOf(second.view2))).toBe(true);
    expect(bytesOf(first.view1).equals(bytesOf(first.view2))).toBe(false);
    expect(bytesOf(first.view1).equals(bytesOf(other.view1))).toBe(false);
  });

  test("views within normalised range", () => {
    const indices = Int32Array.from({ length: 200 }, (_, i) => i);
    const { view1, view2 } = mocoAugmentBatch(data.images, indices, { seed: 0, step: 0 });
    expectInRange(view1);
    expectInRange(view2);
  });

  test("reference probabilities", () => {
    expect([MOCO_VIEW1.blurProbability, MOCO_VIEW1.solarizeProbability]).toEqual([1, 0]);
    expect([MOCO_VIEW2.blurProbability, MOCO_VIEW2.solarizeProbability]).toEqual([0.1, 0.2]);
    expect([MOCO_VIEW1.scale, MOCO_VIEW1.ratio, MOCO_VIEW1.jitterProbability, MOCO_VIEW1.jitterStrength]).toEqual([[0.2, 1], [3 / 4, 4 / 3], 0.8, 0.4]);
  });

  test("disabled steps give normalised input", () => {
    const { view1 } = mocoAugmentBatch(data.images, INDICES, { seed: 0, step: 0, view1: PLAIN, view2: PLAIN });
    const plain = normalizeBatch(data.images, INDICES);
    for (let i = 0; i < plain.length; i++) expect(view1[i]).toBeCloseTo(plain[i], 5);
  });

  test("flip and solarize compose", () => {
    const config = { ...PLAIN, flipProbability: 1, solarizeProbability: 1 };
    const { view2 } = mocoAugmentBatch(data.images, [5], { seed: 0, step: 0, view1: PLAIN, view2: config });
    const source = solarize(pixels(5));
    for (let r = 0; r < 28; r++) {
      for (let c = 0; c < 28; c++) {
        const expected = (source[r * 28 + 27 - c] - PIXEL_MEAN) / PIXEL_STD;
        expect(view2[r * 28 + c]).toBeCloseTo(expected, 5);
      }
    }
  });
});

describe("sampling helpers", () => {
  test("bernoulli frequency", () => {
    const stream = randomStream(0, 99);
    const hits = Array.from({ length: 10000 }, () => stream.bernoulli(0.2)).filter(Boolean).length;
    expect(hits / 10000).toBeGreaterThan(0.18);
    expect(hits / 10000).toBeLessThan(0.22);
  });

  test("templates cover range", () => {
    const indices = Int32Array.from({ length: 600 }, (_, i) => i);
    const templates = sampleTemplates(indices, 6, { seed: 3, step: 7 });
    expect(new Set(templates).size).toBe(6);
    expect(Math.min(...templates)).toBe(0);
    expect(Math.max(...templates)).toBe(5);
    expect(sampleTemplates(indices, 6, { seed: 3, step: 7 })).toEqual(templates);
  });

  test("normalizeBatch scales and normalises", () => {
    const batch = normalizeBatch(data.images, [3]);
    expect(batch[100]).toBeCloseTo((data.images[3 * 784 + 100] / 255 - PIXEL_MEAN) / PIXEL_STD, 6);
  });

  test("out-of-range index rejected", () => {
    expect(() => clipAugmentBatch(data.images, [600], { seed: 0, step: 0 })).toThrow(/index 600 at batch position 0 is outside \[0, 599\]/);
  });
});
