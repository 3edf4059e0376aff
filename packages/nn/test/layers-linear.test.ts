import { describe, expect, test } from "vitest";
import { full, grad, random, tensor, type Tensor } from "@kiln/tensor";
import { checkGradients } from "@kiln/testing";
import { linear, constant } from "@kiln/nn";
import { expectClose, f64, read, testValues, TOLERANCE } from "./layers-helpers.js";

const key = random.key(0);

describe("linear", () => {
  test("param shapes and names", () => {
    const params = linear({ inFeatures: 3, outFeatures: 5 }).init(key);
    expect(Object.keys(params)).toEqual(["weight", "bias"]);
    expect(params.weight.shape).toEqual([3, 5]);
    expect(params.bias.shape).toEqual([5]);
  });

  test("no bias param without bias", () => {
    const params = linear({ inFeatures: 3, outFeatures: 5, bias: false }).init(key);
    expect(Object.keys(params)).toEqual(["weight"]);
  });

  test("output shapes for any rank", () => {
    const layer = linear({ inFeatures: 3, outFeatures: 2 });
    const params = layer.init(key);
    expect(layer.apply(params, full([3], 1)).shape).toEqual([2]);
    expect(layer.apply(params, full([4, 3], 1)).shape).toEqual([4, 2]);
    expect(layer.apply(params, full([2, 4, 3], 1)).shape).toEqual([2, 4, 2]);
  });

  test.each(["cpu", "cpu64"] as const)("hand-computed values on %s", (backend) => {
    const layer = linear({ inFeatures: 3, outFeatures: 2 });
    const params = { weight: tensor([[1, 2], [3, 4], [5, 6]]), bias: tensor([0.5, -1]) };
    const y = layer.apply(params, tensor([[1, 0, -1], [2, 1, 0]]));
    // Row 1: [1 - 5 + 0.5, 2 - 6 - 1]; row 2: [2 + 3 + 0.5, 4 + 4 - 1].
    expect(read(y, backend)).toEqual([-3.5, -5, 5.5, 7]);
  });

  test("rank-3 input matches row by row", () => {
    const layer = linear({ inFeatures: 4, outFeatures: 3 });
    const params = layer.init(key);
    const data = testValues(2 * 5 * 4);
    const batched = read(layer.apply(params, f64(data, [2, 5, 4])), "cpu64");
    const rows = read(layer.apply(params, f64(data, [10, 4])), "cpu64");
    expectClose(batched, rows, TOLERANCE.cpu64);
  });

  test("default init is xavier uniform and zero bias", () => {
    const params = linear({ inFeatures: 30, outFeatures: 20 }).init(key);
    const limit = Math.sqrt(6 / 50);
    const weights = read(params.weight);
    expect(Math.max(...weights.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...weights.map(Math.abs))).toBeGreaterThan(0.9 * limit);
    expect(read(params.bias)).toEqual(new Array(20).fill(0));
  });

  test("init is deterministic per key", () => {
    const layer = linear({ inFeatures: 3, outFeatures: 4 });
    expect(read(layer.init(random.key(5)).weight)).toEqual(read(layer.init(random.key(5)).weight));
    expect(read(layer.init(random.key(5)).weight)).not.toEqual(read(layer.init(random.key(6)).weight));
  });

  test("custom initialisers", () => {
    const params = linear({ inFeatures: 2, outFeatures: 2, init: { weight: constant(0.5), bias: constant(-1) } }).init(key);
    expect(read(params.weight)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(read(params.bias)).toEqual([-1, -1]);
  });

  test("weight gradient is xᵀ·g", () => {
    const layer = linear({ inFeatures: 2, outFeatures: 1 });
    const params = { weight: tensor([[1], [2]]), bias: tensor([0]) };
    const x = tensor([[1, 2], [3, 4]]);
    const grads = grad((p: typeof params) => layer.apply(p, x).sum())(params);
    expect(read(grads.weight)).toEqual([4, 6]);
    expect(read(grads.bias)).toEqual([2]);
  });

  test("gradients order 2", () => {
    const layer = linear({ inFeatures: 3, outFeatures: 2 });
    const params = layer.init(key);
    const x = f64(testValues(6, 3), [2, 3]);
    checkGradients((p: typeof params, input: Tensor<"f32">) => layer.apply(p, input).tanh(), [params, x], { order: 2 });
  });
});

describe("linear errors", () => {
  const layer = linear({ inFeatures: 8, outFeatures: 2 });
  const params = layer.init(key);

  test("input feature size differs", () => {
    expect(() => layer.apply(params, full([4, 7], 1))).toThrow("linear: input feature size differs: input [4, 7] vs inFeatures 8");
  });

  test("scalar input", () => {
    expect(() => layer.apply(params, full([], 1))).toThrow("linear: input feature size differs: input [] vs inFeatures 8");
  });

  test("integer input", () => {
    expect(() => layer.apply(params, full([4, 8], 1, "i32") as unknown as Tensor<"f32">)).toThrow("linear: input must be f32: got i32 [4, 8]");
  });

  test("invalid feature counts", () => {
    expect(() => linear({ inFeatures: 0, outFeatures: 2 })).toThrow("linear: inFeatures must be a positive integer: got 0");
    expect(() => linear({ inFeatures: 2, outFeatures: 1.5 })).toThrow("linear: outFeatures must be a positive integer: got 1.5");
  });

  test("weight of the wrong shape", () => {
    const wrong = { weight: full([2, 8], 1), bias: full([2], 0) };
    expect(() => layer.apply(wrong, full([4, 8], 1))).toThrow("linear: parameter weight has the wrong shape: weight [2, 8] vs expected [8, 2]");
  });

  test("missing bias", () => {
    const noBias = { weight: params.weight } as unknown as typeof params;
    expect(() => layer.apply(noBias, full([4, 8], 1))).toThrow("linear: parameter bias is missing: expected shape [2]");
  });

  test("initialiser of the wrong shape", () => {
    const bad = linear({ inFeatures: 2, outFeatures: 3, init: { weight: (k) => random.uniform(k, [3, 2]) } });
    expect(() => bad.init(key)).toThrow("linear: parameter weight has the wrong shape: weight [3, 2] vs expected [2, 3]");
  });
});
