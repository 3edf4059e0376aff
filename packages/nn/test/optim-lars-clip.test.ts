import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { scalar, setDefaultBackend, tensor, withBackend, zeros } from "@kiln/tensor";
import { clipByGlobalNorm, lars } from "../src/optim/index.js";
import { buildTree, expectLeavesClose, larsStep, randomLeaves, readLeaves, type LarsReference } from "./optim-reference.js";

beforeAll(() => setDefaultBackend("cpu64"));
afterAll(() => setDefaultBackend("cpu"));

describe("lars", () => {
  const config: LarsReference = { lr: 0, momentum: 0.9, weightDecay: 0.05, trustCoefficient: 0.02 };
  const rates = [0.5, 1, 0.25, 1];

  function compare(adapt: boolean[], exclude?: (path: string) => boolean): void {
    const opt = lars({ momentum: config.momentum, weightDecay: config.weightDecay, trustCoefficient: config.trustCoefficient, exclude });
    let params = buildTree(randomLeaves(1));
    let state = opt.init(params);
    const expected = randomLeaves(1);
    const buffers = expected.map((p) => p.map(() => 0));
    rates.forEach((lr, k) => {
      ({ params, state } = opt.update(buildTree(randomLeaves(100 + k)), state, params, { lr }));
      larsStep(expected, randomLeaves(100 + k), buffers, { ...config, lr }, adapt);
      expectLeavesClose(readLeaves(params), expected, 1e-12);
    });
    expect(state.step.itemSync()).toBe(rates.length);
  }

  test("matches reference", () => {
    compare([true, false, false, true]);
  });

  test("exclude predicate skips adaptation", () => {
    compare([false, false, true, false], (path) => path !== "norm.scale");
  });

  test("trust ratio value", () => {
    // ‖p‖ = 5 and ‖g‖ = 2, so q = 0.001 · 5 / 2 = 0.0025.
    const opt = lars({ lr: 1, momentum: 0 });
    const params = { w: tensor([[3, 0], [0, 4]]) };
    const next = opt.update({ w: tensor([[0, 2], [0, 0]]) }, opt.init(params), params).params;
    expectLeavesClose(readLeaves(next), [[3, -0.005, 0, 4]], 1e-15);
  });

  test("eps enters trust ratio", () => {
    // q = 0.001 · 5 / (2 + 3) = 0.001.
    const opt = lars({ lr: 1, momentum: 0, eps: 3 });
    const params = { w: tensor([[3, 0], [0, 4]]) };
    const next = opt.update({ w: tensor([[0, 2], [0, 0]]) }, opt.init(params), params).params;
    expectLeavesClose(readLeaves(next), [[3, -0.002, 0, 4]], 1e-15);
  });

  test("zero-norm param uses ratio one", () => {
    const opt = lars({ lr: 0.5, momentum: 0, weightDecay: 0.1 });
    const params = { w: zeros([2, 2]) };
    const next = opt.update({ w: tensor([[1, -2], [3, 0]]) }, opt.init(params), params).params;
    expect(readLeaves(next)).toEqual([[-0.5, 1, -1.5, 0]]);
  });

  test("zero update keeps param", () => {
    const opt = lars({ lr: 0.5, momentum: 0.9 });
    const params = { w: tensor([[1, 2], [3, 4]]) };
    const next = opt.update({ w: zeros([2, 2]) }, opt.init(params), params).params;
    expect(readLeaves(next)).toEqual([[1, 2, 3, 4]]);
  });

  test("nesterov adds momentum term", () => {
    // Excluded leaf, so d = g: b = μ·0 + g = g and the step is g + μ·g.
    const opt = lars({ lr: 1, momentum: 0.5, nesterov: true });
    const params = { b: tensor([1, 1]) };
    const next = opt.update({ b: tensor([2, -4]) }, opt.init(params), params).params;
    expect(readLeaves(next)).toEqual([[-2, 7]]);
  });
});

describe("clipByGlobalNorm", () => {
  test("zero grads stay zero", () => {
    for (const backend of ["cpu", "cpu64"]) {
      withBackend(backend, () => {
        const { grads, norm } = clipByGlobalNorm({ a: zeros([3]), b: [zeros([2, 2])] }, 1);
        expect(norm.itemSync()).toBe(0);
        expect(readLeaves(grads)).toEqual([[0, 0, 0], [0, 0, 0, 0]]);
      });
    }
  });

  test("scales above max norm", () => {
    const { grads, norm } = clipByGlobalNorm({ a: tensor([3]), b: tensor([[0, 4]]) }, 1);
    expect(norm.itemSync()).toBe(5);
    const scale = 1 / (5 + 1e-6);
    expectLeavesClose(readLeaves(grads), [[3 * scale], [0, 4 * scale]], 1e-15);
  });

  test("keeps grads below max norm", () => {
    const { grads } = clipByGlobalNorm({ a: tensor([3]), b: tensor([[0, 4]]) }, 10);
    expect(readLeaves(grads)).toEqual([[3], [0, 4]]);
  });

  test("norm is f32 scalar", () => {
    const { norm } = clipByGlobalNorm([tensor([1, 2])], 1);
    expect(norm.dtype).toBe("f32");
    expect(norm.shape).toEqual([]);
  });

  test("accepts tensor max norm", () => {
    const { grads } = clipByGlobalNorm({ a: tensor([3, 4]) }, scalar(2.5));
    expectLeavesClose(readLeaves(grads), [[1.5, 2]], 1e-6);
  });

  test("empty tree has norm zero", () => {
    const { grads, norm } = clipByGlobalNorm({}, 1);
    expect(grads).toEqual({});
    expect(norm.itemSync()).toBe(0);
  });

  test("rejects invalid arguments", () => {
    expect(() => clipByGlobalNorm({ a: tensor([1]) }, -1)).toThrow(/maxNorm must be a non-negative number, got -1/);
    expect(() => clipByGlobalNorm({ a: tensor([1], "i32") }, 1)).toThrow(/grads leaf "a" is i32/);
    expect(() => clipByGlobalNorm({ a: tensor([1]) }, tensor([1, 2]))).toThrow(/maxNorm must be a number or an f32 scalar tensor, got f32 \[2\]/);
  });
});
