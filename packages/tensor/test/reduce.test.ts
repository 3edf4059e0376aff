import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { all, any, argsort, sum, tensor, zeros, type Tensor } from "@kiln/tensor";
import { arrayArb, axesArb, axisArb, describeBackends, expectTensor, readItem, readNested, runs, tolerance, toTensor, valueArb } from "./helpers.js";
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

describeBackends("reductions", (backend) => {
  for (const [name, op, combine, values, allowEmpty] of REDUCTIONS) {
    const tol = tolerance(backend, "reduction");
    test.prop([reductionArb(values, allowEmpty)], { numRuns: runs(backend, 40) })(`${name} over axes`, async ([x, axes, keepdims]) => {
      await expectTensor(op(toTensor(x), axes, keepdims), reduce(x, axes, combine, keepdims), backend, tol);
    });
  }

  test.prop([argReductionArb(tieArb)], { numRuns: runs(backend, 40) })("argmax first of ties", async ([x, axis, keepdims]) => {
    const out = toTensor(x).argmax(axis, { keepdims });
    expect(out.dtype).toBe("i32");
    await expectTensor(out, reduce(x, axis, argmaxOf, keepdims), backend, { rtol: 0, atol: 0 });
  });

  test.prop([argReductionArb(tieArb)], { numRuns: runs(backend, 40) })("argmin first of ties", async ([x, axis, keepdims]) => {
    await expectTensor(toTensor(x).argmin(axis, { keepdims }), reduce(x, axis, argminOf, keepdims), backend, { rtol: 0, atol: 0 });
  });

  test.prop([argReductionArb(tieArb)], { numRuns: runs(backend, 30) })("i32 argmax first of ties", async ([x, axis, keepdims]) => {
    await expectTensor(toTensor(x, "i32").argmax(axis, { keepdims }), reduce(x, axis, argmaxOf, keepdims), backend, { rtol: 0, atol: 0 });
  });

  test.prop([reductionArb(tieArb, false)], { numRuns: runs(backend, 30) })("i32 max and min", async ([x, axes, keepdims]) => {
    const t = toTensor(x, "i32");
    await expectTensor(t.max(axes, { keepdims }), reduce(x, axes, maxOf, keepdims), backend, { rtol: 0, atol: 0 });
    await expectTensor(t.min(axes, { keepdims }), reduce(x, axes, minOf, keepdims), backend, { rtol: 0, atol: 0 });
  });

    describe("edge cases", () => {
      const values = (t: Tensor) => readNested(t, backend);
      const item = (t: Tensor) => readItem(t, backend);

    const INT_MAX = 2147483647;
    const INT_MIN = -2147483648;

    test("sum of empty is zero", async () => {
      expect(await item(tensor([]).sum())).toBe(0);
    });

    test("prod of empty is one", async () => {
      expect(await item(tensor([]).prod())).toBe(1);
    });

    test("mean of empty is NaN", async () => {
      expect(await item(tensor([]).mean())).toBeNaN();
    });

    test("variance correction above count", async () => {
      // As in NumPy and PyTorch, the divisor stops at 0 rather than going negative.
      expect(await item(tensor([1, 2]).variance(undefined, { correction: 3 }))).toBe(Infinity);
      expect(await item(tensor([5, 5]).variance(undefined, { correction: 3 }))).toBeNaN();
    });

    test("sum keeps zero-size axes", async () => {
      const out = toTensor({ shape: [0, 3], data: [] }).sum(1);
      expect(out.shape).toEqual([0]);
      expect(await values(out)).toEqual([]);
    });

    test("sum with empty axis list is identity", async () => {
      const x = tensor([[1, 2]]);
      expect(await values(x.sum([]))).toEqual([[1, 2]]);
    });

    test("max propagates NaN", async () => {
      expect(await item(tensor([1, NaN, 3]).max())).toBeNaN();
    });

    test("argmax picks NaN", async () => {
      expect(await item(tensor([1, NaN, 3]).argmax())).toBe(1);
    });

    test("argmax of rank 0", async () => {
      expect(await item(tensor(5).argmax())).toBe(0);
    });

    test("i32 sum wraps", async () => {
      expect(await item(tensor([INT_MAX, 1], "i32").sum())).toBe(INT_MIN);
    });

    test("i32 max of INT_MIN", async () => {
      expect(await item(tensor([INT_MIN, INT_MIN], "i32").max())).toBe(INT_MIN);
    });

    test("i32 min of INT_MIN", async () => {
      expect(await item(tensor([INT_MIN, 0], "i32").min())).toBe(INT_MIN);
    });

    test("i32 min of INT_MAX", async () => {
      expect(await item(tensor([INT_MAX, INT_MAX], "i32").min())).toBe(INT_MAX);
    });

    test("i32 argmin of INT_MIN", async () => {
      expect(await item(tensor([5, INT_MIN, 3], "i32").argmin())).toBe(1);
    });

    test("i32 prod wraps", async () => {
      const factors = [100003, 100019, 100043, 100057];
      const expected = factors.reduce((p, v) => Math.imul(p, v), 1);
      expect(await item(tensor(factors, "i32").prod())).toBe(expected);
    });

    test("bool sum counts as i32", async () => {
      const out = sum(tensor([true, false, true]));
      expect(out.dtype).toBe("i32");
      expect(await item(out)).toBe(2);
    });

    test("any over axis", async () => {
      expect(await values(any(tensor([[true, false], [false, false]]), 1))).toEqual([true, false]);
    });

    test("all over axis", async () => {
      expect(await values(all(tensor([[true, true], [true, false]]), 1))).toEqual([true, false]);
    });

    test("any of empty slices is false", async () => {
      const empty = zeros([2, 0], "bool");
      expect(await values(any(empty))).toEqual(false);
      expect(await values(any(empty, 1))).toEqual([false, false]);
      expect(any(empty, 1, { keepdims: true }).shape).toEqual([2, 1]);
      expect(any(empty, 0).shape).toEqual([0]);
    });

    test("all of empty slices is true", async () => {
      const empty = zeros([2, 0], "bool");
      expect(await values(all(empty))).toEqual(true);
      expect(await values(all(empty, 1))).toEqual([true, true]);
      expect(all(empty, 1, { keepdims: true }).shape).toEqual([2, 1]);
      expect(all(empty, 0).shape).toEqual([0]);
    });

    test("argsort is stable", async () => {
      expect(await values(argsort(tensor([3, 1, 3, 1])))).toEqual([1, 3, 0, 2]);
    });

    test("argsort descending is stable", async () => {
      expect(await values(argsort(tensor([1, 3, 1, 3]), -1, { descending: true }))).toEqual([1, 3, 0, 2]);
    });

    test("argsort puts NaN last", async () => {
      expect(await values(argsort(tensor([NaN, 2, -1])))).toEqual([2, 1, 0]);
    });

    test("argsort along axis 0", async () => {
      expect(await values(argsort(tensor([[2, 0], [1, 5]]), 0))).toEqual([[1, 0], [0, 1]]);
    });
  });
});
