import { describe, expect, test } from "vitest";
import { erf, random, tensor, withBackend } from "@kiln/tensor";
import {
  computeFans,
  constant,
  kaimingUniform,
  lecunNormal,
  ones,
  sincos2dPositionEmbedding,
  truncatedNormal,
  xavierNormal,
  xavierUniform,
  zeros,
} from "@kiln/nn";
import { erfinv } from "../src/init/erfinv.js";
import { expectClose, moments, read } from "./layers-helpers.js";

const key = random.key(0);
const SHAPE = [100, 100];

/** Standard normal density. */
const density = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);

/** ∫ f over [a, b] by composite Simpson's rule with 2000 intervals. */
function integrate(f: (x: number) => number, a: number, b: number): number {
  const n = 2000;
  const h = (b - a) / n;
  let total = f(a) + f(b);
  for (let i = 1; i < n; i++) total += f(a + i * h) * (i % 2 === 1 ? 4 : 2);
  return (total * h) / 3;
}

/** Mean and std of a standard normal truncated to [a, b], by numerical integration. */
function truncatedMoments(a: number, b: number): { mean: number; std: number } {
  const mass = integrate(density, a, b);
  const mean = integrate((x) => x * density(x), a, b) / mass;
  const second = integrate((x) => x * x * density(x), a, b) / mass;
  return { mean, std: Math.sqrt(second - mean * mean) };
}

describe("computeFans", () => {
  test("linear and convolution layouts", () => {
    expect(computeFans("test", [3, 4])).toEqual({ fanIn: 3, fanOut: 4 });
    expect(computeFans("test", [2, 5, 3, 4])).toEqual({ fanIn: 30, fanOut: 40 });
    expect(computeFans("test", [3, 4], { inAxis: -1, outAxis: -2 })).toEqual({ fanIn: 4, fanOut: 3 });
  });

  test("errors", () => {
    expect(() => xavierUniform(key, [5])).toThrow("xavierUniform: fanIn and fanOut need a weight shape of rank ≥ 2: shape [5]");
    expect(() => xavierNormal(key, [3, 4], { inAxis: 2 })).toThrow("xavierNormal: inAxis is out of range: inAxis 2 for shape [3, 4]");
    expect(() => lecunNormal(key, [3, 4], { inAxis: 1 })).toThrow("lecunNormal: inAxis and outAxis must differ: both are axis 1 of shape [3, 4]");
    expect(() => xavierUniform(key, [0, 4])).toThrow("xavierUniform: fanIn and fanOut must be positive: fanIn 0, fanOut 4 for shape [0, 4]");
  });
});

describe("variance scaling", () => {
  test("xavierUniform bounds and std", () => {
    const values = read(xavierUniform(key, SHAPE));
    const limit = Math.sqrt(6 / 200);
    expect(values.length).toBe(10_000);
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(limit);
    // Tolerances are about 4 standard errors of 10k samples (std / 100).
    const expectedStd = limit / Math.sqrt(3);
    const { mean, std } = moments(values);
    expect(Math.abs(mean)).toBeLessThan((4 * expectedStd) / 100);
    expect(Math.abs(std / expectedStd - 1)).toBeLessThan(0.03);
  });

  test("kaimingUniform bounds and std", () => {
    // [100, 400] has fanIn 100. a = √5 is PyTorch's nn.Linear default: bound 1/√fanIn.
    for (const [a, limit] of [[0, Math.sqrt(6 / 100)], [Math.sqrt(5), 1 / 10]]) {
      const values = read(kaimingUniform(key, [100, 400], { a }));
      expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(limit);
      expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.99 * limit);
      const { std } = moments(values);
      expect(Math.abs(std / (limit / Math.sqrt(3)) - 1)).toBeLessThan(0.03);
    }
  });

  test("xavierUniform gain", () => {
    const values = read(xavierUniform(key, [10, 30], { gain: 2 }));
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(2 * Math.sqrt(6 / 40));
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(1.9 * Math.sqrt(6 / 40));
  });

  test("gain 0 gives zeros", () => {
    expect(read(xavierUniform(key, [3, 4], { gain: 0 }))).toEqual(new Array(12).fill(0));
    expect(read(xavierNormal(key, [3, 4], { gain: 0 }))).toEqual(new Array(12).fill(0));
  });

  test("invalid gain and slope", () => {
    expect(() => xavierUniform(key, [3, 4], { gain: -1 })).toThrow("xavierUniform: gain must be a finite number ≥ 0: got -1");
    expect(() => xavierUniform(key, [3, 4], { gain: NaN })).toThrow("xavierUniform: gain must be a finite number ≥ 0: got NaN");
    expect(() => xavierNormal(key, [3, 4], { gain: -1 })).toThrow("xavierNormal: gain must be a finite number ≥ 0: got -1");
    expect(() => kaimingUniform(key, [3, 4], { a: NaN })).toThrow("kaimingUniform: a must be a finite number: got NaN");
    expect(() => kaimingUniform(key, [3, 4], { a: Infinity })).toThrow("kaimingUniform: a must be a finite number: got Infinity");
  });

  test("xavierNormal std", () => {
    const { mean, std } = moments(read(xavierNormal(key, SHAPE)));
    const expected = Math.sqrt(2 / 200);
    expect(Math.abs(mean)).toBeLessThan((4 * expected) / 100);
    expect(Math.abs(std / expected - 1)).toBeLessThan(0.03);
  });

  test("lecunNormal std and bounds", () => {
    const values = read(lecunNormal(key, [400, 25]));
    const expected = 1 / Math.sqrt(400);
    const { mean, std } = moments(values);
    expect(Math.abs(mean)).toBeLessThan((4 * expected) / 100);
    expect(Math.abs(std / expected - 1)).toBeLessThan(0.03);
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual((2 * expected) / 0.87962566103423978);
  });

  test("same key same values", () => {
    expect(read(xavierNormal(random.key(3), [4, 4]))).toEqual(read(xavierNormal(random.key(3), [4, 4])));
  });
});

describe("truncatedNormal", () => {
  test("default bounds and moments", () => {
    const values = read(truncatedNormal(key, SHAPE));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...values)).toBeLessThanOrEqual(2);
    const reference = truncatedMoments(-2, 2);
    const { mean, std } = moments(values);
    expect(Math.abs(mean - reference.mean)).toBeLessThan((4 * reference.std) / 100);
    expect(Math.abs(std / reference.std - 1)).toBeLessThan(0.03);
  });

  test.each([
    [3, 0.5, -1, 0.5],
    [0, 0.02, -2, 2],
    [-1, 2, 0, 3],
    [0, 1, 1.5, 4],
  ])("mean %s std %s bounds [%s, %s]", (mu, sigma, lower, upper) => {
    const values = read(truncatedNormal(random.key(4), SHAPE, { mean: mu, std: sigma, lower, upper }));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(mu + lower * sigma);
    expect(Math.max(...values)).toBeLessThanOrEqual(mu + upper * sigma);
    const reference = truncatedMoments(lower, upper);
    const { mean, std } = moments(values.map((v) => (v - mu) / sigma));
    expect(Math.abs(mean - reference.mean)).toBeLessThan((4 * reference.std) / 100);
    expect(Math.abs(std / reference.std - 1)).toBeLessThan(0.04);
  });

  test("bounds hold on cpu64", () => {
    const values = read(truncatedNormal(key, SHAPE, { mean: 0.1, std: 0.3, lower: -0.5, upper: 0.25 }), "cpu64");
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0.1 - 0.5 * 0.3);
    expect(Math.max(...values)).toBeLessThanOrEqual(0.1 + 0.25 * 0.3);
  });

  test("erfinv inverts erf", () => {
    const ys = [-0.999999, -0.99, -0.9545, -0.5, -0.1, 0, 1e-4, 0.3, 0.8, 0.95, 0.999, 0.9999999];
    const roundTrip = withBackend("cpu64", () => read(erf(erfinv(tensor(ys))), "cpu64"));
    expectClose(roundTrip, ys, 1e-7, 1e-7);
  });

  test("errors", () => {
    expect(() => truncatedNormal(key, [2], { std: 0 })).toThrow("truncatedNormal: std must be a positive finite number: got 0");
    expect(() => truncatedNormal(key, [2], { lower: 1, upper: 1 })).toThrow("truncatedNormal: lower must be below upper: got [1, 1]");
    expect(() => truncatedNormal(key, [2], { mean: Infinity })).toThrow("truncatedNormal: mean must be finite: got Infinity");
  });
});

describe("constant initialisers", () => {
  test("zeros ones and constant", () => {
    expect(read(zeros(key, [2, 2]))).toEqual([0, 0, 0, 0]);
    expect(read(ones(key, [3]))).toEqual([1, 1, 1]);
    expect(read(constant(0.25)(key, [2]))).toEqual([0.25, 0.25]);
    expect(zeros(key, [2, 3]).shape).toEqual([2, 3]);
    expect(zeros(key, [2]).dtype).toBe("f32");
  });

  test("constant rejects NaN", () => {
    expect(() => constant(NaN)).toThrow("constant: value must be a number: got NaN");
  });
});

/** MAE's get_2d_sincos_pos_embed, transcribed: a meshgrid over (w, h), the first half of dim from grid[0]. */
function maeReference(height: number, width: number, dim: number, classToken: boolean): number[] {
  const half = dim / 2;
  const oneDim = (positions: number[]): number[][] => {
    const omega = Array.from({ length: half / 2 }, (_, i) => 1 / 10000 ** (i / (half / 2)));
    return positions.map((p) => [...omega.map((w) => Math.sin(p * w)), ...omega.map((w) => Math.cos(p * w))]);
  };
  // np.meshgrid(grid_w, grid_h) with default "xy" indexing: grid[0][i][j] = j, grid[1][i][j] = i.
  const grid0: number[] = [];
  const grid1: number[] = [];
  for (let i = 0; i < height; i++) {
    for (let j = 0; j < width; j++) {
      grid0.push(j);
      grid1.push(i);
    }
  }
  const first = oneDim(grid0);
  const second = oneDim(grid1);
  const rows = first.map((r, t) => [...r, ...second[t]]);
  if (classToken) rows.unshift(new Array(dim).fill(0));
  return rows.flat();
}

describe("sincos2dPositionEmbedding", () => {
  test("square grid matches MAE", () => {
    const table = sincos2dPositionEmbedding(4, 4, 16);
    expect(table.shape).toEqual([16, 16]);
    expectClose(read(table, "cpu64"), maeReference(4, 4, 16, false), 1e-12);
  });

  test("rectangular grid matches MAE layout", () => {
    const table = sincos2dPositionEmbedding(2, 3, 8);
    expect(table.shape).toEqual([6, 8]);
    expectClose(read(table, "cpu64"), maeReference(2, 3, 8, false), 1e-12);
  });

  test("class token adds a zero row", () => {
    const table = sincos2dPositionEmbedding(3, 3, 8, { classToken: true });
    expect(table.shape).toEqual([10, 8]);
    const values = read(table, "cpu64");
    expect(values.slice(0, 8)).toEqual(new Array(8).fill(0));
    expectClose(values, maeReference(3, 3, 8, true), 1e-12);
  });

  test("first token is sin 0 and cos 0", () => {
    expect(read(sincos2dPositionEmbedding(2, 2, 4)).slice(0, 4)).toEqual([0, 1, 0, 1]);
  });

  test("errors", () => {
    expect(() => sincos2dPositionEmbedding(4, 4, 6)).toThrow("sincos2dPositionEmbedding: dim must be divisible by 4: dim 6");
    expect(() => sincos2dPositionEmbedding(0, 4, 8)).toThrow("sincos2dPositionEmbedding: gridHeight must be a positive integer: got 0");
  });
});
