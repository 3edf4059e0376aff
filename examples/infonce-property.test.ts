/**
 * Property tests of a symmetric InfoNCE (CLIP-style contrastive) loss written with Kiln ops:
 * its first and second derivatives against the float64 oracle, and its values at extreme
 * temperatures against a plain float64 reference.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { assertGradients, tensors } from "@kiln/testing";

/**
 * Symmetric InfoNCE of paired embeddings `queries` and `keys` [batch, dim]: row i of each is a
 * positive pair, every other row a negative. Logits are cosine similarities times
 * exp(logScale), as CLIP learns its temperature. Normalization and crossEntropy (a shifted
 * log-softmax) keep it finite for any scale.
 */
function infoNCE(queries: Tensor, keys: Tensor, logScale: Tensor): Tensor {
  const q = k.normalize(queries, -1);
  const kn = k.normalize(keys, -1);
  const logits = k.matmul(q, k.matrixTranspose(kn)).mul(logScale.exp()) as Tensor<"f32">;
  const labels = k.arange(queries.shape[0]) as Tensor<"i32">;
  const queryToKey = k.crossEntropy(logits, labels);
  const keyToQuery = k.crossEntropy(k.matrixTranspose(logits) as Tensor<"f32">, labels);
  return queryToKey.add(keyToQuery).div(2);
}

interface Batch {
  queries: Tensor;
  keys: Tensor;
  logScale: Tensor;
}

/**
 * Batches of 2–4 pairs of 2–4-dimensional embeddings. Elements at least 0.1 from zero keep
 * every row norm far above normalize's eps, where the loss has a kink.
 */
function batches(logScaleRange: [number, number]): fc.Arbitrary<Batch> {
  const size = fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }));
  return size.chain(([batch, dim]) => {
    const embeddings = tensors({ shape: [batch, dim], min: -2, max: 2, avoid: { awayFromZero: 0.1 } });
    const logScale = tensors({ shape: [], min: logScaleRange[0], max: logScaleRange[1] });
    return fc.record({ queries: embeddings, keys: embeddings, logScale });
  });
}

/** InfoNCE in plain float64 JavaScript, with the max subtracted before exponentiating. */
function referenceInfoNCE(queries: number[][], keys: number[][], scale: number): number {
  const unit = (rows: number[][]) => rows.map((r) => r.map((x) => x / Math.hypot(...r)));
  const q = unit(queries);
  const kn = unit(keys);
  const logits = q.map((qi) => kn.map((kj) => scale * qi.reduce((s, x, d) => s + x * kj[d], 0)));
  const crossEntropy = (rows: number[][]) =>
    rows.reduce((total, row, i) => {
      const max = Math.max(...row);
      const logSumExp = max + Math.log(row.reduce((s, x) => s + Math.exp(x - max), 0));
      return total + logSumExp - row[i];
    }, 0) / rows.length;
  const transposed = logits.map((_, i) => logits.map((row) => row[i]));
  return (crossEntropy(logits) + crossEntropy(transposed)) / 2;
}

describe("InfoNCE loss", () => {
  it("has correct first and second derivatives", () => {
    const loss = (batch: Batch) => infoNCE(batch.queries, batch.keys, batch.logScale);
    assertGradients(loss, [batches([-1, 2])], { order: 2, parameters: { numRuns: 25 } });
  });

  it("matches a float64 reference at extreme temperatures", () => {
    // exp(7) ≈ 1100, so logits reach about ±1100: exp() of them overflows without the shift.
    const property = fc.property(batches([5, 7]), ({ queries, keys, logScale }) => {
      const got = infoNCE(queries, keys, logScale).itemSync() as number;
      const expected = referenceInfoNCE(
        queries.toArraySync() as number[][],
        keys.toArraySync() as number[][],
        Math.exp(logScale.itemSync() as number),
      );
      expect(Number.isFinite(got)).toBe(true);
      // The default backend computes in float32, so compare with a float32-sized tolerance.
      expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(expected)));
    });
    fc.assert(property, { numRuns: 30 });
  });

  it("does not depend on embedding norms", () => {
    const property = fc.property(batches([0, 1]), fc.double({ min: 0.1, max: 10, noNaN: true }), ({ queries, keys, logScale }, factor) => {
      const [base, scaled] = k.withBackend("cpu64", () => [
        infoNCE(queries, keys, logScale).itemSync() as number,
        infoNCE(queries.mul(factor), keys, logScale).itemSync() as number,
      ]);
      expect(Math.abs(scaled - base)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(base)));
    });
    fc.assert(property, { numRuns: 30 });
  });
});
