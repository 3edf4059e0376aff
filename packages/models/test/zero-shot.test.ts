import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { setDefaultBackend } from "@kiln/tensor";
import { classEmbeddings, recallAtK, retrievalMetrics, zeroShotPredict } from "@kiln/models";
import { expectClose, f64, read, testValues } from "./helpers.js";

beforeAll(() => setDefaultBackend("cpu64"));
afterAll(() => setDefaultBackend("cpu"));

function unit(v: number[]): number[] {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

describe("classEmbeddings", () => {
  test("mean of templates, re-normalised", () => {
    // 2 classes × 3 templates × 4 dims, each caption embedding L2-normalised.
    const raw = testValues(2 * 3 * 4, 3);
    const rows = Array.from({ length: 6 }, (_, r) => unit(raw.slice(r * 4, r * 4 + 4)));
    const expected = [0, 1].flatMap((c) => {
      const mean = [0, 1, 2, 3].map((d) => (rows[c * 3][d] + rows[c * 3 + 1][d] + rows[c * 3 + 2][d]) / 3);
      return unit(mean);
    });
    expectClose(read(classEmbeddings(f64(rows.flat(), [2, 3, 4]))), expected, 1e-12);
  });

  test("rank must be 3", () => {
    expect(() => classEmbeddings(f64([1, 0], [1, 2]))).toThrow("classEmbeddings: expected [classes, templates, dim], got [1, 2]");
  });
});

describe("zeroShotPredict", () => {
  test("argmax of cosine", () => {
    const classes = f64([...unit([1, 0, 0]), ...unit([0, 1, 0]), ...unit([1, 1, 1])], [3, 3]);
    // Unnormalised images: the largest dot product is not always the largest cosine.
    const imagesEmbedding = f64([5, 0.1, 0, 0, 2, 0.1, 1, 1, 0.9, 0.2, 0.3, 9], [4, 3]);
    expect(read(zeroShotPredict(imagesEmbedding, classes))).toEqual([0, 1, 2, 2]);
  });
});

describe("recallAtK", () => {
  test("hand-made ranks", async () => {
    // Match ranks: row 0 → 0, row 1 → 2, row 2 → 1, row 3 → 3.
    const similarity = f64([0.9, 0.1, 0.2, 0.3, 0.8, 0.5, 0.9, 0.1, 0.3, 0.7, 0.5, 0.1, 0.9, 0.8, 0.7, 0.2], [4, 4]);
    expect(await recallAtK(similarity, [1, 2, 3, 4])).toEqual([0.25, 0.5, 0.75, 1]);
  });

  test("ties rank in column order", async () => {
    // Row 0 ties its match with a later column (rank 0); row 1 ties with an earlier one (rank 1).
    const similarity = f64([0.5, 0.5, 0.1, 0.5, 0.5, 0.1, 0.1, 0.1, 0.9], [3, 3]);
    expect(await recallAtK(similarity, [1, 2])).toEqual([2 / 3, 1]);
  });

  test("matrix must be square", async () => {
    await expect(recallAtK(f64([1, 2, 3, 4, 5, 6], [2, 3]), [1])).rejects.toThrow("recallAtK: expected a square [N, N] matrix, got [2, 3]");
  });
});

describe("retrievalMetrics", () => {
  test("both directions", async () => {
    // Image i and text i point the same way, except text 2, which lies closest to image 0.
    // Image→text: every image ranks its text first (image 2 scores 0.31 with text 2, 0 elsewhere).
    // Text→image: text 2 ranks image 2 second, after image 0; texts 0 and 1 rank their match first.
    const imageEmbeddings = f64([1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 3]);
    const textEmbeddings = f64([2, 0, 0, 0, 3, 0, 0.9, 0.1, 0.3], [3, 3]);
    const metrics = await retrievalMetrics(imageEmbeddings, textEmbeddings, [1, 2, 3]);
    expect(metrics.imageToText).toEqual([1, 1, 1]);
    expect(metrics.textToImage).toEqual([2 / 3, 1, 1]);
    expect(metrics.ks).toEqual([1, 2, 3]);
  });

  test("default ks", async () => {
    const embeddings = f64([1, 0, 0, 1], [2, 2]);
    const metrics = await retrievalMetrics(embeddings, f64([1, 0, 0, 1], [2, 2]));
    expect(metrics.ks).toEqual([1, 5, 10]);
    expect(metrics.imageToText).toEqual([1, 1, 1]);
  });
});
