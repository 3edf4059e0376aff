/** Reading tensors, checking gradients and building small inputs for the @kiln/models tests. */
import { expect } from "vitest";
import { fromArray, random, tensor, treeLeaves, type Tensor } from "@kiln/tensor";
import { leafPaths } from "@kiln/nn";
import type { TextConfig, VitConfig } from "@kiln/models";

/** Reads the flat values of a tensor, realized on the current default backend (a host backend). */
export function read(t: Tensor): number[] {
  return Array.from(t.dataSync(), Number);
}

/** Reads the flat values of every leaf of a tree, keyed by dotted path (`blocks.0.ln1.weight`). */
export function readTree(tree: unknown): Map<string, number[]> {
  const paths = leafPaths(tree);
  const leaves = treeLeaves(tree);
  return new Map(paths.map((path, i) => [path, read(leaves[i])]));
}

export function maxAbs(values: readonly number[]): number {
  return values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
}

/** Asserts that every value is finite (no NaN, no ±Infinity). */
export function expectFinite(values: readonly number[], what: string): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  expect(bad, `${what}: element ${bad} is ${values[bad]}`).toBe(-1);
}

/** Asserts that two flat arrays agree within `atol + rtol·|expected|` per element. */
export function expectClose(actual: readonly number[], expected: readonly number[], atol: number, rtol = atol, what = "values"): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const index = actual.findIndex((a, i) => !(Math.abs(a - expected[i]) <= atol + rtol * Math.abs(expected[i])));
  expect(index, `${what}: element ${index} is ${actual[index]}, expected ${expected[index]} (atol ${atol}, rtol ${rtol})`).toBe(-1);
}

/**
 * The attention key bias adds q·b to every score of a query row, and softmax ignores a shift
 * shared by the whole row, so its exact gradient is zero: only rounding noise is left.
 */
export const KEY_BIAS = /attention\.key\.bias$/;

/**
 * Gradients below this fraction of the largest one are rounding noise. In the models tested
 * here, exact zeros come out below 1e-7 of the largest gradient and real ones above 1e-3.
 */
const NOISE = 1e-5;

export interface GradientExpectations {
  /** Leaves frozen on purpose: their gradient must be exactly zero. */
  frozen?: RegExp;
  /** Leaves whose exact gradient is zero besides the key biases: they must be below NOISE. */
  zero?: RegExp;
}

/**
 * Checks a gradient tree: frozen leaves must be exactly zero, key biases and `zero` leaves
 * must be rounding noise, and every other leaf must be finite and above the noise. Returns
 * the paths checked, so callers can assert coverage.
 */
export function expectGradients(grads: unknown, expectations: GradientExpectations = {}): string[] {
  const values = readTree(grads);
  const largest = Math.max(...[...values.values()].map(maxAbs));
  for (const [path, g] of values) {
    expectFinite(g, `gradient of ${path}`);
    if (expectations.frozen?.test(path)) {
      expect(maxAbs(g), `gradient of frozen ${path}`).toBe(0);
    } else if (KEY_BIAS.test(path) || expectations.zero?.test(path)) {
      expect(maxAbs(g), `gradient of ${path} (exactly zero up to rounding)`).toBeLessThan(NOISE * largest);
    } else {
      expect(maxAbs(g), `gradient of ${path}`).toBeGreaterThan(NOISE * largest);
    }
  }
  return [...values.keys()];
}

/** Returns deterministic values in [-1, 1) from a seed (a fixed LCG, independent of Kiln's PRNG). */
export function testValues(count: number, seed = 1): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 2 - 1;
  });
}

/** Draws a batch of standard-normal images [batch, ...shape] from `seed`. */
export function images(batch: number, shape: readonly number[], seed: number): Tensor<"f32"> {
  return random.normal(random.key(seed), [batch, ...shape]);
}

/** Creates an f32 tensor from float64 data, so cpu64 computes with exactly these values. */
export function f64(data: readonly number[], shape: readonly number[]): Tensor<"f32"> {
  return fromArray(Float64Array.from(data), shape, "f32");
}

/**
 * Builds caption tokens [rows, contextLength]: each row's ids, then `eot`, then `pad` up to the
 * context length.
 */
export function captions(rows: readonly (readonly number[])[], contextLength: number, eot: number, pad = 0): Tensor<"i32"> {
  const data = rows.map((ids) => {
    const row = [...ids, eot];
    while (row.length < contextLength) row.push(pad);
    return row;
  });
  return tensor(data, "i32");
}

/** Returns a reduced ViT config (8×8 grey images, patch 4, width 32, depth 1, 2 heads) that keeps tests fast. */
export function smallVit(overrides: Partial<VitConfig> = {}): VitConfig {
  return {
    imageSize: 8,
    patchSize: 4,
    channels: 1,
    width: 32,
    depth: 1,
    heads: 2,
    mlpDim: 64,
    gelu: "exact",
    eps: 1e-5,
    pool: "cls",
    positionEmbedding: "learned",
    lnPre: true,
    outputDim: null,
    freezePatchProjection: false,
    ...overrides,
  };
}

/** Returns a reduced text Transformer config matching smallVit's width (vocab 12, context 5, depth 1). */
export function smallText(overrides: Partial<TextConfig> = {}): TextConfig {
  return { vocabSize: 12, contextLength: 5, width: 32, depth: 1, heads: 2, mlpDim: 64, gelu: "exact", eps: 1e-5, outputDim: 32, ...overrides };
}
