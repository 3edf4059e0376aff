import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { all, any, argsort, sum, tensor, type Tensor } from "@kiln/tensor";
import { arrayArb, axesArb, axisArb, BACKENDS, expectTensor, toTensor, valueArb } from "./helpers.js";
import {
  argmaxOf,
  argminOf,
  logsumexpOf,
  maxOf,
  meanOf,
  minOf,
  prodOf,
  reduce,
  sumOf,
  varianceOf,
  type NdArray,
} from "./reference.js";

type AxisArg = number[] | undefined;
type Reduction = (x: Tensor, axes: AxisArg, keepdims: boolean) => Tensor;

/** Generates an array with an axis list (undefined means all axes). Reduced axes are nonempty unless allowEmpty is set. */
function reductionArb(values: fc.Arbitrary<number>, allowEmpty: boolean): fc.Arbitrary<[NdArray, AxisArg, boolean]> {
  return arrayArb({}, values)
    .chain((x) => fc.tuple(fc.constant(x), fc.option(axesArb(x.shape.length), { nil: undefined }), fc.boolean()))
    .filter(([x, axes]) => {
      if (allowEmpty) return true;
      const rank = x.shape.length;
      const reduced = axes ?? x.shape.map((_, i) => i);
      return reduced.every((a) => x.shape[a < 0 ? a + rank : a] > 0);
    });
}

/** Generates an array of rank ≥ 1 with one nonzero-size axis, or undefined for the flattened array. */
function argReductionArb(values: fc.Arbitrary<number>): fc.Arbitrary<[NdArray, number | undefined, boolean]> {
  return arrayArb({ minRank: 1 }, values)
    .chain((x) => fc.tuple(fc.constant(x), fc.option(axisArb(x.shape.length), { nil: undefined }), fc.boolean()))
    .filter(([x, axis]) => {
      if (axis === undefined) return x.data.length > 0;
      return x.shape[axis < 0 ? axis + x.shape.length : axis] > 0;
    });
}

// Factors in [-2, 2] keep products of up to 81 elements inside the float32 range.
const smallArb = fc.integer({ min: -8, max: 8 }).map((k) => k / 4);
// Few distinct values, so argmax and argmin see ties often.
const tieArb = fc.integer({ min: -2, max: 2 });
const maskedArb = fc.oneof({ arbitrary: valueArb, weight: 3 }, { arbitrary: fc.constant(-Infinity), weight: 1 });

const REDUCTIONS: [string, Reduction, (values: number[]) => number, fc.Arbitrary<number>, boolean][] = [
  ["sum", (x, axes, keepdims) => x.sum(axes, { keepdims }), sumOf, valueArb, true],
  ["mean", (x, axes, keepdims) => x.mean(axes, { keepdims }), meanOf, valueArb, true],
  ["prod", (x, axes, keepdims) => x.prod(axes, { keepdims }), prodOf, smallArb, true],
  ["max", (x, axes, keepdims) => x.max(axes, { keepdims }), maxOf, valueArb, false],
  ["min", (x, axes, keepdims) => x.min(axes, { keepdims }), minOf, valueArb, false],
  ["logsumexp", (x, axes, keepdims) => x.logsumexp(axes, { keepdims }), logsumexpOf, maskedArb, true],
  ["variance", (x, axes, keepdims) => x.variance(axes, { keepdims }), (v) => varianceOf(v), valueArb, true],
  ["unbiased variance", (x, axes, keepdims) => x.variance(axes, { keepdims, correction: 1 }), (v) => varianceOf(v, 1), valueArb, true],
];

describe.each(BACKENDS)("reductions on $name", (backend) => {
  const tol = backend.name === "cpu" ? { rtol: 1e-5, atol: 1e-5 } : backend;

  for (const [name, op, combine, values, allowEmpty] of REDUCTIONS) {
    test.prop([reductionArb(values, allowEmpty)], { numRuns: 40 })(`${name} over axes`, ([x, axes, keepdims]) => {
      expectTensor(op(toTensor(x), axes, keepdims), reduce(x, axes, combine, keepdims), backend, tol);
    });
  }

  test.prop([argReductionArb(tieArb)], { numRuns: 40 })("argmax first of ties", ([x, axis, keepdims]) => {
    const out = toTensor(x).argmax(axis, { keepdims });
    expect(out.dtype).toBe("i32");
    expectTensor(out, reduce(x, axis, argmaxOf, keepdims), backend, { rtol: 0, atol: 0 });
  });

  test.prop([argReductionArb(tieArb)], { numRuns: 40 })("argmin first of ties", ([x, axis, keepdims]) => {
    expectTensor(toTensor(x).argmin(axis, { keepdims }), reduce(x, axis, argminOf, keepdims), backend, { rtol: 0, atol: 0 });
  });

  test.prop([argReductionArb(tieArb)], { numRuns: 30 })("i32 argmax first of ties", ([x, axis, keepdims]) => {
    expectTensor(toTensor(x, "i32").argmax(axis, { keepdims }), reduce(x, axis, argmaxOf, keepdims), backend, { rtol: 0, atol: 0 });
  });

  test.prop([reductionArb(tieArb, false)], { numRuns: 30 })("i32 max and min", ([x, axes, keepdims]) => {
    const t = toTensor(x, "i32");
    expectTensor(t.max(axes, { keepdims }), reduce(x, axes, maxOf, keepdims), backend, { rtol: 0, atol: 0 });
    expectTensor(t.min(axes, { keepdims }), reduce(x, axes, minOf, keepdims), backend, { rtol: 0, atol: 0 });
  });
});

describe("reduction edge cases", () => {
  const INT_MAX = 2147483647;
  const INT_MIN = -2147483648;

  test("sum of empty is zero", () => {
    expect(tensor([]).sum().itemSync()).toBe(0);
  });

  test("prod of empty is one", () => {
    expect(tensor([]).prod().itemSync()).toBe(1);
  });

  test("mean of empty is NaN", () => {
    expect(tensor([]).mean().itemSync()).toBeNaN();
  });

  test("sum keeps zero-size axes", () => {
    const out = toTensor({ shape: [0, 3], data: [] }).sum(1);
    expect(out.shape).toEqual([0]);
  });

  test("sum with empty axis list is identity", () => {
    const x = tensor([[1, 2]]);
    expect(x.sum([]).toArraySync()).toEqual([[1, 2]]);
  });

  test("max propagates NaN", () => {
    expect(tensor([1, NaN, 3]).max().itemSync()).toBeNaN();
  });

  test("argmax picks NaN", () => {
    expect(tensor([1, NaN, 3]).argmax().itemSync()).toBe(1);
  });

  test("argmax of rank 0", () => {
    expect(tensor(5).argmax().itemSync()).toBe(0);
  });

  test("i32 sum wraps", () => {
    expect(tensor([INT_MAX, 1], "i32").sum().itemSync()).toBe(INT_MIN);
  });

  test("i32 max of INT_MIN", () => {
    expect(tensor([INT_MIN, INT_MIN], "i32").max().itemSync()).toBe(INT_MIN);
  });

  test("i32 min of INT_MIN", () => {
    expect(tensor([INT_MIN, 0], "i32").min().itemSync()).toBe(INT_MIN);
  });

  test("i32 min of INT_MAX", () => {
    expect(tensor([INT_MAX, INT_MAX], "i32").min().itemSync()).toBe(INT_MAX);
  });

  test("i32 argmin of INT_MIN", () => {
    expect(tensor([5, INT_MIN, 3], "i32").argmin().itemSync()).toBe(1);
  });

  test("i32 prod wraps", () => {
    const values = [100003, 100019, 100043, 100057];
    const expected = values.reduce((p, v) => Math.imul(p, v), 1);
    expect(tensor(values, "i32").prod().itemSync()).toBe(expected);
  });

  test("bool sum counts as i32", () => {
    const out = sum(tensor([true, false, true]));
    expect(out.dtype).toBe("i32");
    expect(out.itemSync()).toBe(2);
  });

  test("any over axis", () => {
    expect(any(tensor([[true, false], [false, false]]), 1).toArraySync()).toEqual([true, false]);
  });

  test("all over axis", () => {
    expect(all(tensor([[true, true], [true, false]]), 1).toArraySync()).toEqual([true, false]);
  });

  test("argsort is stable", () => {
    expect(argsort(tensor([3, 1, 3, 1])).toArraySync()).toEqual([1, 3, 0, 2]);
  });

  test("argsort descending is stable", () => {
    expect(argsort(tensor([1, 3, 1, 3]), -1, { descending: true }).toArraySync()).toEqual([1, 3, 0, 2]);
  });

  test("argsort puts NaN last", () => {
    expect(argsort(tensor([NaN, 2, -1])).toArraySync()).toEqual([2, 1, 0]);
  });

  test("argsort along axis 0", () => {
    expect(argsort(tensor([[2, 0], [1, 5]]), 0).toArraySync()).toEqual([[1, 0], [0, 1]]);
  });
});
