import { describe, expect, test } from "vitest";
import { full, grad, random, tensor, vjp, type Tensor } from "@kiln/tensor";
import { checkGradients } from "@kiln/testing";
import { batchNorm, layerNorm } from "@kiln/nn";
import { expectClose, f64, read, testValues, TOLERANCE } from "./layers-helpers.js";

const key = random.key(0);

/** Reference layer norm of each row of `rows` (float64). */
function layerNormReference(rows: number[][], eps: number, weight: number[], bias: number[]): number[] {
  return rows.flatMap((row) => {
    const mean = row.reduce((s, v) => s + v, 0) / row.length;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / row.length;
    return row.map((v, i) => ((v - mean) / Math.sqrt(variance + eps)) * weight[i] + bias[i]);
  });
}

describe("layerNorm", () => {
  test("params are ones and zeros", () => {
    const params = layerNorm({ dim: 3 }).init(key);
    expect(Object.keys(params)).toEqual(["weight", "bias"]);
    expect(read(params.weight)).toEqual([1, 1, 1]);
    expect(read(params.bias)).toEqual([0, 0, 0]);
  });

  test("no params without affine", () => {
    expect(layerNorm({ dim: 3, affine: false }).init(key)).toEqual({});
  });

  test("output shape matches input", () => {
    const layer = layerNorm({ dim: 4 });
    expect(layer.apply(layer.init(key), full([2, 3, 4], 1)).shape).toEqual([2, 3, 4]);
  });

  test.each(["cpu", "cpu64"] as const)("values against reference on %s", (backend) => {
    const layer = layerNorm({ dim: 3, eps: 1e-3 });
    const params = { weight: tensor([1, 2, -1]), bias: tensor([0, 0.5, 1]) };
    const rows = [[1, 2, 4], [-3, 0, 3]];
    const y = layer.apply(params, tensor(rows));
    expectClose(read(y, backend), layerNormReference(rows, 1e-3, [1, 2, -1], [0, 0.5, 1]), TOLERANCE[backend]);
  });

  test("constant rows give bias", () => {
    const layer = layerNorm({ dim: 4 });
    const params = { weight: tensor([1, 2, 3, 4]), bias: tensor([0.5, -0.5, 1, 0]) };
    const y = read(layer.apply(params, tensor([[0.1, 0.1, 0.1, 0.1], [1e4, 1e4, 1e4, 1e4]])));
    expect(y.every(Number.isFinite)).toBe(true);
    expectClose(y, [0.5, -0.5, 1, 0, 0.5, -0.5, 1, 0], 1e-4);
  });

  test("constant rows have finite gradients", () => {
    const layer = layerNorm({ dim: 3 });
    const params = layer.init(key);
    const dx = grad((x: Tensor<"f32">) => layer.apply(params, x).mul(tensor([1, 2, 3])).sum())(full([2, 3], 7));
    expect(read(dx).every(Number.isFinite)).toBe(true);
  });

  test("gradients order 2", () => {
    const layer = layerNorm({ dim: 4 });
    const params = { weight: f64(testValues(4, 2), [4]), bias: f64(testValues(4, 3), [4]) };
    checkGradients((p: typeof params, x: Tensor<"f32">) => layer.apply(p, x), [params, f64(testValues(8, 4), [2, 4])], { order: 2 });
  });

  test("errors", () => {
    const layer = layerNorm({ dim: 4 });
    expect(() => layer.apply(layer.init(key), full([2, 3], 1))).toThrow("layerNorm: input feature size differs: input [2, 3] vs dim 4");
    expect(() => layerNorm({ dim: 0 })).toThrow("layerNorm: dim must be a positive integer: got 0");
    expect(() => layerNorm({ dim: 2, eps: -1 })).toThrow("layerNorm: eps must be a finite number ≥ 0: got -1");
    expect(() => layer.apply({ weight: full([3], 1), bias: full([4], 0) }, full([2, 4], 1))).toThrow(
      "layerNorm: parameter weight has the wrong shape: weight [3] vs expected [4]",
    );
  });
});

/** Per-channel batch statistics of rows [n, channels]: mean, biased and unbiased variance. */
function channelStats(rows: number[][]): { mean: number[]; biased: number[]; unbiased: number[] } {
  const n = rows.length;
  const channels = rows[0].length;
  const mean = Array.from({ length: channels }, (_, c) => rows.reduce((s, r) => s + r[c], 0) / n);
  const squares = Array.from({ length: channels }, (_, c) => rows.reduce((s, r) => s + (r[c] - mean[c]) ** 2, 0));
  return { mean, biased: squares.map((s) => s / n), unbiased: squares.map((s) => s / (n - 1)) };
}

describe("batchNorm", () => {
  const rows = [[1, -2, 0.5], [3, 0, 0.5], [2, 4, 1.5], [-1, 1, 2.5]];
  const weight = [1, 0.5, -2];
  const bias = [0, 1, 0.25];
  const layer = batchNorm({ dim: 3, eps: 1e-3, momentum: 0.2 });
  const params = { weight: tensor(weight), bias: tensor(bias) };

  test("params and initial state", () => {
    const fresh = layer.init(key);
    expect(read(fresh.weight)).toEqual([1, 1, 1]);
    expect(read(fresh.bias)).toEqual([0, 0, 0]);
    const state = layer.initState();
    expect(read(state.mean)).toEqual([0, 0, 0]);
    expect(read(state.var)).toEqual([1, 1, 1]);
    expect(batchNorm({ dim: 3, affine: false }).init(key)).toEqual({});
  });

  test.each(["cpu", "cpu64"] as const)("train uses batch statistics on %s", (backend) => {
    const [y] = layer.apply(params, tensor(rows), { state: layer.initState(), train: true });
    const { mean, biased } = channelStats(rows);
    const expected = rows.flatMap((r) => r.map((v, c) => ((v - mean[c]) / Math.sqrt(biased[c] + 1e-3)) * weight[c] + bias[c]));
    expectClose(read(y, backend), expected, TOLERANCE[backend]);
  });

  test("running statistics update", () => {
    const state = { mean: tensor([0.5, 0, -1]), var: tensor([2, 1, 0.5]) };
    const [, next] = layer.apply(params, tensor(rows), { state, train: true });
    const { mean, unbiased } = channelStats(rows);
    expectClose(read(next.mean, "cpu64"), [0.5, 0, -1].map((m, c) => 0.8 * m + 0.2 * mean[c]), TOLERANCE.cpu64);
    expectClose(read(next.var, "cpu64"), [2, 1, 0.5].map((v, c) => 0.8 * v + 0.2 * unbiased[c]), TOLERANCE.cpu64);
  });

  test("eval uses running statistics", () => {
    const state = { mean: tensor([0.5, 0, -1]), var: tensor([2, 1, 0.5]) };
    const [y, next] = layer.apply(params, tensor(rows), { state, train: false });
    expect(next).toBe(state);
    const expected = rows.flatMap((r) => r.map((v, c) => ((v - [0.5, 0, -1][c]) / Math.sqrt([2, 1, 0.5][c] + 1e-3)) * weight[c] + bias[c]));
    expectClose(read(y, "cpu64"), expected, TOLERANCE.cpu64);
  });

  test("train and eval differ", () => {
    const state = layer.initState();
    const [train] = layer.apply(params, tensor(rows), { state, train: true });
    const [evaluated] = layer.apply(params, tensor(rows), { state, train: false });
    expect(read(train)).not.toEqual(read(evaluated));
  });

  test("statistics over all axes but the last", () => {
    const data = testValues(2 * 3 * 2 * 3, 9);
    const [y4, state4] = layer.apply(params, f64(data, [2, 3, 2, 3]), { state: layer.initState(), train: true });
    const [y2, state2] = layer.apply(params, f64(data, [12, 3]), { state: layer.initState(), train: true });
    expect(y4.shape).toEqual([2, 3, 2, 3]);
    expectClose(read(y4, "cpu64"), read(y2, "cpu64"), TOLERANCE.cpu64);
    expectClose(read(state4.var, "cpu64"), read(state2.var, "cpu64"), TOLERANCE.cpu64);
  });

  test("running statistics get no gradient", () => {
    const state = { mean: tensor([0.5, 0, -1]), var: tensor([2, 1, 0.5]) };
    for (const train of [true, false]) {
      const ds = grad((s: typeof state) => layer.apply(params, tensor(rows), { state: s, train })[0].mul(tensor([1, 2, 3])).sum())(state);
      expect(read(ds.mean)).toEqual([0, 0, 0]);
      expect(read(ds.var)).toEqual([0, 0, 0]);
    }
  });

  test("new state carries no gradient to the input", () => {
    const [, pullback] = vjp((x: Tensor<"f32">) => layer.apply(params, x, { state: layer.initState(), train: true })[1], tensor(rows));
    const [dx] = pullback({ mean: full([3], 1), var: full([3], 1) });
    expect(read(dx).every((v) => v === 0)).toBe(true);
  });

  test("train gradients order 2", () => {
    const state = layer.initState();
    const x = f64(testValues(12, 5), [4, 3]);
    checkGradients((p: typeof params, input: Tensor<"f32">) => layer.apply(p, input, { state, train: true })[0], [params, x], { order: 2 });
  });

  test("eval gradients", () => {
    const state = { mean: tensor([0.5, 0, -1]), var: tensor([2, 1, 0.5]) };
    checkGradients((p: typeof params, input: Tensor<"f32">) => layer.apply(p, input, { state, train: false })[0], [params, f64(testValues(12, 6), [4, 3])]);
  });

  test("errors", () => {
    const state = layer.initState();
    expect(() => layer.apply(params, full([4, 2], 1), { state, train: true })).toThrow("batchNorm: input feature size differs: input [4, 2] vs dim 3");
    expect(() => layer.apply(params, full([1, 3], 1), { state, train: true })).toThrow(
      "batchNorm: training needs more than one value per channel: input [1, 3]",
    );
    expect(() => layer.apply(params, full([4, 3], 1), { state: { mean: full([2], 0), var: full([3], 1) }, train: true })).toThrow(
      "batchNorm: parameter state.mean has the wrong shape: state.mean [2] vs expected [3]",
    );
    expect(() => layer.apply(params, full([4, 3], 1), undefined as never)).toThrow("batchNorm: options must be { state, train }");
    expect(() => batchNorm({ dim: 3, momentum: 2 })).toThrow("batchNorm: momentum must lie in [0, 1]: got 2");
  });
});
