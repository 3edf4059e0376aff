import { describe, expect, test } from "vitest";
import { compile, fromArray, grad, tensor, withBackend, zeros, type Tensor } from "@kiln/tensor";
import { emaUpdate } from "../src/optim/index.js";
import { randomValues, readLeaves } from "./optim-reference.js";

type Pair = { w: Tensor; b: Tensor[] };

const TARGET = [randomValues(1, 6), randomValues(2, 3)];
const ONLINE = [randomValues(3, 6), randomValues(4, 3)];

function pair(leaves: number[][]): Pair {
  return { w: fromArray(Float64Array.from(leaves[0]), [2, 3]), b: [fromArray(Float64Array.from(leaves[1]), [3])] };
}

describe("emaUpdate", () => {
  test("exact formula in float64", () => {
    withBackend("cpu64", () => {
      const m = 0.996;
      const out = emaUpdate(pair(TARGET), pair(ONLINE), m);
      const expected = TARGET.map((leaf, i) => leaf.map((t, j) => t * m + ONLINE[i][j] * (1 - m)));
      expect(readLeaves(out)).toEqual(expected);
    });
  });

  test("exact formula in float32", () => {
    withBackend("cpu", () => {
      const m = 0.99;
      const f = Math.fround;
      const out = emaUpdate(pair(TARGET), pair(ONLINE), m);
      const expected = TARGET.map((leaf, i) => leaf.map((t, j) => f(f(f(t) * f(m)) + f(f(ONLINE[i][j]) * f(1 - m)))));
      expect(readLeaves(out)).toEqual(expected);
    });
  });

  test("momentum one keeps target and zero copies online", () => {
    withBackend("cpu64", () => {
      expect(readLeaves(emaUpdate(pair(TARGET), pair(ONLINE), 1))).toEqual(TARGET);
      expect(readLeaves(emaUpdate(pair(TARGET), pair(ONLINE), 0))).toEqual(ONLINE);
    });
  });

  test("traced momentum in compile", () => {
    withBackend("cpu64", () => {
      const step = compile((target: Pair, online: Pair, m: number) => emaUpdate(target, online, m));
      for (const m of [0.99, 0.995, 1]) {
        expect(readLeaves(step(pair(TARGET), pair(ONLINE), m))).toEqual(readLeaves(emaUpdate(pair(TARGET), pair(ONLINE), m)));
      }
      expect(step.traceCount).toBe(1);
    });
  });

  test("no gradient flows through", () => {
    const target = { w: tensor([1, 2]) };
    const dOnline = grad((online: { w: Tensor }) => emaUpdate(target, online, 0.5).w.sum())({ w: tensor([3, 4]) });
    expect(dOnline.w.toArraySync()).toEqual([0, 0]);
  });

  test("rejects mismatched trees", () => {
    expect(() => emaUpdate({ w: zeros([2]) }, { v: zeros([2]) }, 0.9)).toThrow(/emaUpdate: online does not match the structure of target/);
    expect(() => emaUpdate({ w: zeros([2]) }, { w: zeros([3]) }, 0.9)).toThrow(/online leaf "w" is f32 \[3\] but target has f32 \[2\]/);
  });

  test("rejects momentum outside range", () => {
    expect(() => emaUpdate({ w: zeros([2]) }, { w: zeros([2]) }, 1.5)).toThrow(/momentum must be a number in \[0, 1\], got 1.5/);
    expect(() => emaUpdate({ w: zeros([2]) }, { w: zeros([2]) }, tensor([0.5, 0.5]))).toThrow(/f32 scalar tensor, got f32 \[2\]/);
  });
});
