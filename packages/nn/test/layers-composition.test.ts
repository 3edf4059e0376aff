import { describe, expect, test } from "vitest";
import { full, gelu, grad, quickGelu, random, relu, tensor, type Tensor } from "@kiln/tensor";
import { checkGradients } from "@kiln/testing";
import { dropout, layerNorm, linear, mlp, sequential, type Activation } from "@kiln/nn";
import { expectClose, f64, read, testValues, TOLERANCE } from "./layers-helpers.js";

const key = random.key(0);

describe("mlp", () => {
  test("param shapes", () => {
    const params = mlp({ dims: [3, 8, 8, 2] }).init(key);
    expect(params.map((p) => [p.weight.shape, p.bias.shape])).toEqual([
      [[3, 8], [8]],
      [[8, 8], [8]],
      [[8, 2], [2]],
    ]);
    expect(mlp({ dims: [3, 2], bias: false }).init(key).map((p) => Object.keys(p))).toEqual([["weight"]]);
  });

  test("output shapes", () => {
    const layer = mlp({ dims: [3, 5, 2] });
    expect(layer.apply(layer.init(key), full([4, 6, 3], 0.1)).shape).toEqual([4, 6, 2]);
  });

  const activations: [Activation, (x: Tensor<"f32">) => Tensor<"f32">][] = [
    ["gelu", (x) => gelu(x)],
    ["gelu_tanh", (x) => gelu(x, { approximate: "tanh" })],
    ["quick_gelu", (x) => quickGelu(x)],
    ["relu", (x) => relu(x)],
  ];

  test.each(activations)("%s between linear layers", (activation, fn) => {
    const layer = mlp({ dims: [3, 4, 2], activation });
    const params = layer.init(key);
    const x = f64(testValues(6, 5), [2, 3]);
    const first = linear({ inFeatures: 3, outFeatures: 4 });
    const second = linear({ inFeatures: 4, outFeatures: 2 });
    const expected = second.apply(params[1], fn(first.apply(params[0], x)));
    expectClose(read(layer.apply(params, x), "cpu64"), read(expected, "cpu64"), TOLERANCE.cpu64);
  });

  test("default activation is exact gelu", () => {
    const layer = mlp({ dims: [2, 2, 1] });
    const params = [
      { weight: tensor([[1, 0], [0, 1]]), bias: tensor([0, 0]) },
      { weight: tensor([[1], [1]]), bias: tensor([0]) },
    ];
    const y = read(layer.apply(params, tensor([[1, -1]])), "cpu64");
    // gelu(1) + gelu(-1) = Φ(1) - Φ(-1) = erf(1/√2) = 0.682689492137…
    expectClose(y, [0.6826894921370859], 1e-12);
  });

  test("gradients order 2", () => {
    const layer = mlp({ dims: [2, 3, 2], activation: "gelu_tanh" });
    checkGradients((p: ReturnType<typeof layer.init>, x: Tensor<"f32">) => layer.apply(p, x), [layer.init(key), f64(testValues(4, 8), [2, 2])], { order: 2 });
  });

  test("errors", () => {
    expect(() => mlp({ dims: [3] })).toThrow("mlp: dims must list at least [in, out]: got [3]");
    expect(() => mlp({ dims: [3, 0, 2] })).toThrow("mlp: dims[1] must be a positive integer: got 0");
    expect(() => mlp({ dims: [3, 2], activation: "tanh" as Activation })).toThrow('mlp: unknown activation: "tanh" (expected gelu, gelu_tanh, quick_gelu, relu)');
    expect(() => mlp({ dims: [3, 2], activation: "constructor" as Activation })).toThrow('mlp: unknown activation: "constructor"');
    const layer = mlp({ dims: [3, 4, 2] });
    const params = layer.init(key);
    expect(() => layer.apply(params.slice(0, 1), full([1, 3], 1))).toThrow("mlp: params must hold one entry per linear layer: params 1 vs layers 2");
    expect(() => layer.apply(params, full([1, 4], 1))).toThrow("linear: input feature size differs: input [1, 4] vs inFeatures 3");
  });
});

describe("dropout", () => {
  const x = full([100, 100], 2);

  test("identity when not training or rate 0", () => {
    expect(dropout({ rate: 0.5 }).apply(x, { train: false })).toBe(x);
    expect(dropout({ rate: 0 }).apply(x, { key, train: true })).toBe(x);
  });

  test("drops about rate and scales the rest", () => {
    const y = read(dropout({ rate: 0.3 }).apply(x, { key, train: true }));
    const kept = y.filter((v) => v !== 0);
    expect(Math.abs(1 - kept.length / y.length - 0.3)).toBeLessThan(0.02);
    expect(new Set(kept)).toEqual(new Set([Math.fround(2 / 0.7)]));
  });

  test("mask matches bernoulli of the key", () => {
    const y = read(dropout({ rate: 0.25 }).apply(x, { key, train: true }));
    const keep = read(random.bernoulli(key, 0.75, [100, 100]));
    expect(y.map((v) => (v !== 0 ? 1 : 0))).toEqual(keep);
  });

  test("deterministic per key and backend", () => {
    const layer = dropout({ rate: 0.5 });
    const first = read(layer.apply(full([64], 1), { key: random.key(9), train: true }), "cpu");
    const again = read(layer.apply(full([64], 1), { key: random.key(9), train: true }), "cpu");
    const wide = read(layer.apply(full([64], 1), { key: random.key(9), train: true }), "cpu64");
    const other = read(layer.apply(full([64], 1), { key: random.key(10), train: true }), "cpu");
    expect(again).toEqual(first);
    expect(wide).toEqual(first);
    expect(other).not.toEqual(first);
  });

  test("rate 1 gives zeros", () => {
    expect(read(dropout({ rate: 1 }).apply(full([3], 5), { key, train: true }))).toEqual([0, 0, 0]);
  });

  test("gradient is the scaled mask", () => {
    const layer = dropout({ rate: 0.5 });
    const dx = read(grad((input: Tensor<"f32">) => layer.apply(input, { key, train: true }).sum())(full([32], 1)));
    const keep = read(random.bernoulli(key, 0.5, [32]));
    expect(dx).toEqual(keep.map((k) => k * 2));
  });

  test("errors", () => {
    expect(() => dropout({ rate: 1.5 })).toThrow("dropout: rate must lie in [0, 1]: got 1.5");
    expect(() => dropout({ rate: 0.1 }).apply(x, { train: true })).toThrow("dropout: a PRNG key is required when training: rate 0.1");
    expect(() => dropout({ rate: 0.1 }).apply(full([2], 1, "i32") as unknown as Tensor<"f32">, { train: false })).toThrow(
      "dropout: input must be f32: got i32 [2]",
    );
  });
});

describe("sequential", () => {
  const model = sequential([linear({ inFeatures: 3, outFeatures: 4 }), layerNorm({ dim: 4 }), mlp({ dims: [4, 2], activation: "relu" })]);

  test("params are one entry per layer", () => {
    const params = model.init(key);
    expect(params.length).toBe(3);
    expect(params[0].weight.shape).toEqual([3, 4]);
    expect(Object.keys(params[1])).toEqual(["weight", "bias"]);
    expect(params[2][0].weight.shape).toEqual([4, 2]);
  });

  test("layers get different keys", () => {
    const params = sequential([linear({ inFeatures: 2, outFeatures: 2 }), linear({ inFeatures: 2, outFeatures: 2 })]).init(key);
    expect(read(params[0].weight)).not.toEqual(read(params[1].weight));
  });

  test("apply chains the layers", () => {
    const params = model.init(key);
    const x = f64(testValues(6, 2), [2, 3]);
    const first = linear({ inFeatures: 3, outFeatures: 4 }).apply(params[0], x);
    const second = layerNorm({ dim: 4 }).apply(params[1], first);
    const expected = mlp({ dims: [4, 2] }).apply(params[2], second);
    expect(read(model.apply(params, x), "cpu64")).toEqual(read(expected, "cpu64"));
  });

  test("empty sequential is the identity", () => {
    const empty = sequential([]);
    const x = full([2], 1);
    expect(empty.init(key)).toEqual([]);
    expect(empty.apply([], x)).toBe(x);
  });

  test("gradients", () => {
    checkGradients((p: ReturnType<typeof model.init>, x: Tensor<"f32">) => model.apply(p, x), [model.init(key), f64(testValues(6, 3), [2, 3])]);
  });

  test("errors", () => {
    const params = model.init(key);
    expect(() => model.apply([params[0], params[1]] as unknown as typeof params, full([1, 3], 1))).toThrow(
      "sequential: params length differs from the number of layers: params 2 vs layers 3",
    );
    expect(() => sequential([{} as never])).toThrow("sequential: every layer needs init(key) and apply(params, x): layers[0] is missing one of them");
  });
});
