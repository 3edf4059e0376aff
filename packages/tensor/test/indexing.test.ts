import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { oneHot, scatterAdd, tensor, type Tensor } from "@kiln/tensor";
import { axisArb, describeBackends, expectTensor, ndArb, readNested, runs, shapeArb, toTensor } from "./helpers.js";
import { at, build, take, type NdArray } from "./reference.js";

const EXACT = { rtol: 0, atol: 0 };

/** Generates an array of rank ≥ 1 and an axis of nonzero size. */
const sourceArb = shapeArb({ minRank: 1, maxRank: 3 })
  .chain((shape) => fc.tuple(ndArb(shape), axisArb(shape.length)))
  .filter(([x, axis]) => x.shape[axis < 0 ? axis + x.shape.length : axis] > 0);

function axisSize(x: NdArray, axis: number): number {
  return x.shape[axis < 0 ? axis + x.shape.length : axis];
}

describeBackends("indexing", (backend) => {
  test.prop(
    [sourceArb.chain(([x, axis]) => fc.tuple(fc.constant(x), fc.constant(axis), fc.array(fc.integer({ min: -axisSize(x, axis), max: axisSize(x, axis) - 1 }), { maxLength: 5 })))],
    { numRuns: runs(backend, 50) },
  )("take plain indices", async ([x, axis, indices]) => {
    const dim = axisSize(x, axis);
    const resolved: NdArray = { shape: [indices.length], data: indices.map((i) => (i < 0 ? i + dim : i)) };
    await expectTensor(toTensor(x).take(indices, axis), take(x, resolved, axis), backend, EXACT);
  });

  test.prop(
    [
      sourceArb.chain(([x, axis]) =>
        fc.tuple(fc.constant(x), fc.constant(axis), shapeArb({ maxRank: 2 }).chain((s) => ndArb(s, fc.integer({ min: 0, max: axisSize(x, axis) - 1 })))),
      ),
    ],
    { numRuns: runs(backend, 50) },
  )("take tensor indices", async ([x, axis, indices]) => {
    await expectTensor(toTensor(x).take(toTensor(indices, "i32"), axis), take(x, indices, axis), backend, EXACT);
  });

  test.prop([shapeArb({ maxRank: 2 }).chain((s) => fc.tuple(ndArb(s, fc.integer({ min: -1, max: 4 })), fc.nat(4)))], { numRuns: runs(backend, 40) })(
    "oneHot marks index",
    async ([indices, depth]) => {
      const expected = build([...indices.shape, depth], (index) => Number(at(indices, index.slice(0, -1)) === index[index.length - 1]));
      await expectTensor(oneHot(toTensor(indices, "i32"), depth), expected, backend, EXACT);
    },
  );

  test.prop(
    [
      shapeArb({ minRank: 1, maxRank: 2, allowZero: false }).chain((shape) =>
        fc.array(fc.integer({ min: 0, max: shape[0] - 1 }), { maxLength: 5 }).chain((indices) =>
          fc.tuple(ndArb(shape), fc.constant(indices), ndArb([indices.length, ...shape.slice(1)])),
        ),
      ),
    ],
    { numRuns: runs(backend, 40) },
  )("scatterAdd accumulates repeats", async ([x, indices, updates]) => {
    const expected = build(x.shape, (index) => {
      let total = at(x, index);
      indices.forEach((row, k) => {
        if (row === index[0]) total += at(updates, [k, ...index.slice(1)]);
      });
      return total;
    });
    const out = scatterAdd(toTensor(x), tensor(indices, "i32"), toTensor(updates));
    await expectTensor(out, expected, backend);
  });

  describe("cases", () => {
    const values = (t: Tensor) => readNested(t, backend);

    test("take repeated negative indices", async () => {
      expect(await values(tensor([10, 20, 30]).take([-1, -1, 0]))).toEqual([30, 30, 10]);
    });

    test("take along last axis", async () => {
      expect(await values(tensor([[1, 2, 3], [4, 5, 6]]).take([2, 0], -1))).toEqual([[3, 1], [6, 4]]);
    });

    test("take with rank-0 index drops axis", async () => {
      expect(await values(tensor([[1, 2], [3, 4]]).take(tensor(1, "i32"), 0))).toEqual([3, 4]);
    });

    test("take keeps i32 values", async () => {
      const out = tensor([4, 5], "i32").take([1]);
      expect(out.dtype).toBe("i32");
      expect(await values(out)).toEqual([5]);
    });

    test("oneHot dtype option", async () => {
      const out = oneHot(tensor([1], "i32"), 3, "i32");
      expect(out.dtype).toBe("i32");
      expect(await values(out)).toEqual([[0, 1, 0]]);
    });

    test("oneHot out of range is zeros", async () => {
      expect(await values(oneHot(tensor([3, -1], "i32"), 3))).toEqual([[0, 0, 0], [0, 0, 0]]);
    });
  });
});

describe("indexing shapes", () => {
  test("take empty indices", () => {
    expect(tensor([[1, 2]]).take([], 1).shape).toEqual([1, 0]);
  });
});
