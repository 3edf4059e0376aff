import { describe, expect, test } from "vitest";
import { arange, full, grad, random, tensor, type Tensor } from "@kiln/tensor";
import { checkGradients } from "@kiln/testing";
import { constant, embedding, type EmbeddingParams } from "@kiln/nn";
import { f64, moments, read, testValues } from "./layers-helpers.js";

const table = () => f64(testValues(5 * 3, 7), [5, 3]);

describe("embedding", () => {
  const layer = embedding({ vocab: 5, dim: 3 });

  test("param shape and name", () => {
    const params = layer.init(random.key(0));
    expect(Object.keys(params)).toEqual(["weight"]);
    expect(params.weight.shape).toEqual([5, 3]);
  });

  test("default init is standard normal", () => {
    const { mean, std } = moments(read(embedding({ vocab: 1000, dim: 10 }).init(random.key(0)).weight));
    expect(Math.abs(mean)).toBeLessThan(0.04);
    expect(Math.abs(std - 1)).toBeLessThan(0.04);
  });

  test("custom init", () => {
    expect(read(embedding({ vocab: 2, dim: 2, init: constant(3) }).init(random.key(0)).weight)).toEqual([3, 3, 3, 3]);
  });

  test("output shapes", () => {
    const params = layer.init(random.key(0));
    expect(layer.apply(params, tensor([1, 2], "i32")).shape).toEqual([2, 3]);
    expect(layer.apply(params, tensor([[1, 2, 0], [4, 4, 4]], "i32")).shape).toEqual([2, 3, 3]);
    expect(layer.apply(params, tensor(2, "i32")).shape).toEqual([3]);
  });

  test("looks up rows", () => {
    const weight = table();
    const rows = read(weight, "cpu64");
    const y = read(layer.apply({ weight }, tensor([[4, 0], [2, 4]], "i32")), "cpu64");
    expect(y).toEqual([...rows.slice(12, 15), ...rows.slice(0, 3), ...rows.slice(6, 9), ...rows.slice(12, 15)]);
  });

  test("computed ids", () => {
    const weight = table();
    const y = read(layer.apply({ weight }, arange(5).sub(1).maximum(0) as Tensor<"i32">), "cpu64");
    const rows = read(weight, "cpu64");
    expect(y).toEqual([...rows.slice(0, 3), ...rows.slice(0, 3), ...rows.slice(3, 6), ...rows.slice(6, 9), ...rows.slice(9, 12)]);
  });

  test("repeated ids accumulate gradients", () => {
    const ids = tensor([1, 3, 1, 1], "i32");
    const coefficients = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]);
    const dWeight = grad((p: EmbeddingParams) => layer.apply(p, ids).mul(coefficients).sum())({ weight: full([5, 3], 0.5) });
    expect(read(dWeight.weight)).toEqual([0, 0, 0, 18, 21, 24, 0, 0, 0, 4, 5, 6, 0, 0, 0]);
  });

  test("gradients order 2", () => {
    const ids = tensor([[0, 2], [2, 2]], "i32");
    checkGradients((p: EmbeddingParams, i: Tensor<"i32">) => layer.apply(p, i).square(), [{ weight: table() }, ids], { order: 2 });
  });

  test("errors", () => {
    const params = layer.init(random.key(0));
    expect(() => layer.apply(params, tensor([1, 2]) as unknown as Tensor<"i32">)).toThrow("embedding: ids must be i32: got f32 [2]");
    expect(() => layer.apply(params, tensor([1, 5, 0], "i32"))).toThrow("embedding: id out of range: id 5 at flat position 1 vs vocab 5");
    expect(() => layer.apply(params, tensor([-1], "i32"))).toThrow("embedding: id out of range: id -1 at flat position 0 vs vocab 5");
    expect(() => layer.apply({ weight: full([5, 4], 1) }, tensor([1], "i32"))).toThrow(
      "embedding: parameter weight has the wrong shape: weight [5, 4] vs expected [5, 3]",
    );
    expect(() => embedding({ vocab: 0, dim: 3 })).toThrow("embedding: vocab must be a positive integer: got 0");
  });
});
