import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { concat, split, stack, tensor, type SliceEntry, type Tensor } from "@kiln/tensor";
import { arrayArb, axesArb, axisArb, broadcastableTo, describeBackends, expectTensor, ndArb, readItem, readNested, runs, shapeArb, toTensor } from "./helpers.js";
import { at, build, pySliceIndices, sizeOf, transpose, type NdArray } from "./reference.js";

const EXACT = { rtol: 0, atol: 0 };

function normalize(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** Generates a shape of the same size as `shape` by merging adjacent axes at random and maybe writing one as -1. */
function reshapeTargetArb(shape: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      fc.integer({ min: -1, max: shape.length - 1 }),
    )
    .map(([mergeWithNext, inferred]) => {
      const target: number[] = [];
      let run = 1;
      shape.forEach((d, i) => {
        run *= d;
        if (!mergeWithNext[i] || i === shape.length - 1) {
          target.push(run);
          run = 1;
        }
      });
      const known = target.filter((_, i) => i !== inferred);
      if (inferred >= 0 && inferred < target.length && sizeOf(known) > 0) target[inferred] = -1;
      return target;
    });
}

/** Generates a slice entry for an axis of size `dim`: an index, null or a [start, stop, step] range. */
function sliceEntryArb(dim: number): fc.Arbitrary<SliceEntry> {
  const bound = fc.option(fc.integer({ min: -dim - 3, max: dim + 3 }), { nil: null });
  const step = fc.option(fc.integer({ min: -3, max: 3 }).filter((s) => s !== 0), { nil: null });
  const range = fc.tuple(bound, bound, step) as fc.Arbitrary<SliceEntry>;
  const options: fc.Arbitrary<SliceEntry>[] = [range, fc.constant(null)];
  if (dim > 0) options.push(fc.integer({ min: -dim, max: dim - 1 }));
  return fc.oneof(...options);
}

/** Computes x.slice(spec) with Python slice semantics per axis. */
function sliceReference(x: NdArray, spec: readonly SliceEntry[]): NdArray {
  const picks = x.shape.map((dim, axis) => {
    const entry = spec[axis];
    if (typeof entry === "number") return { indices: [normalize(entry, dim)], keep: false };
    const [start, stop, step] = entry ?? [];
    return { indices: pySliceIndices(dim, start ?? null, stop ?? null, step ?? 1), keep: true };
  });
  const full = build(
    picks.map((p) => p.indices.length),
    (index) => at(x, index.map((i, axis) => picks[axis].indices[i])),
  );
  return { shape: full.shape.filter((_, axis) => picks[axis].keep), data: full.data };
}

function padReference(x: NdArray, widths: [number, number][], value: number): NdArray {
  const shape = x.shape.map((d, i) => d + widths[i][0] + widths[i][1]);
  return build(shape, (index) => {
    const source = index.map((j, i) => j - widths[i][0]);
    return source.every((j, i) => j >= 0 && j < x.shape[i]) ? at(x, source) : value;
  });
}

function concatReference(parts: NdArray[], axis: number): NdArray {
  const shape = [...parts[0].shape];
  shape[axis] = parts.reduce((n, p) => n + p.shape[axis], 0);
  return build(shape, (index) => {
    let j = index[axis];
    for (const p of parts) {
      if (j < p.shape[axis]) return at(p, index.map((v, i) => (i === axis ? j : v)));
      j -= p.shape[axis];
    }
    throw new Error("reference: concat index out of range");
  });
}

describeBackends("movement", (backend) => {
  test.prop([arrayArb().chain((x) => fc.tuple(fc.constant(x), reshapeTargetArb(x.shape)))], { numRuns: runs(backend, 40) })(
    "reshape with -1",
    async ([x, target]) => {
      const known = sizeOf(target.filter((d) => d !== -1));
      const resolved = target.map((d) => (d === -1 ? x.data.length / known : d));
      await expectTensor(toTensor(x).reshape(target), { shape: resolved, data: x.data }, backend, EXACT);
    },
  );

  test.prop([arrayArb().chain((x) => fc.tuple(fc.constant(x), fc.shuffledSubarray(x.shape.map((_, i) => i), { minLength: x.shape.length })))], {
    numRuns: runs(backend, 40),
  })("transpose by perm", async ([x, perm]) => {
    await expectTensor(toTensor(x).transpose(perm), transpose(x, perm), backend, EXACT);
  });

  test.prop([arrayArb()], { numRuns: runs(backend, 30) })("transpose reverses by default", async (x) => {
    await expectTensor(toTensor(x).transpose(), transpose(x), backend, EXACT);
  });

  test.prop([arrayArb({ minRank: 1 }).chain((x) => fc.tuple(fc.constant(x), fc.shuffledSubarray(x.shape.map((_, i) => i - x.shape.length), { minLength: x.shape.length })))], {
    numRuns: runs(backend, 30),
  })("permute with negative axes", async ([x, perm]) => {
    await expectTensor(toTensor(x).permute(perm), transpose(x, perm), backend, EXACT);
  });

  test.prop([arrayArb({ maxRank: 3 }).chain((x) => fc.tuple(fc.constant(x), fc.integer({ min: -x.shape.length - 1, max: x.shape.length })))], {
    numRuns: runs(backend, 30),
  })("expandDims inserts axis", async ([x, axis]) => {
    const shape = [...x.shape];
    shape.splice(normalize(axis, x.shape.length + 1), 0, 1);
    await expectTensor(toTensor(x).expandDims(axis), { shape, data: x.data }, backend, EXACT);
  });

  test.prop([shapeArb({ maxDim: 2 }).chain((s) => ndArb(s))], { numRuns: runs(backend, 30) })("squeeze removes ones", async (x) => {
    await expectTensor(toTensor(x).squeeze(), { shape: x.shape.filter((d) => d !== 1), data: x.data }, backend, EXACT);
  });

  test.prop(
    [
      shapeArb({ maxDim: 2 })
        .filter((s) => s.includes(1))
        .chain((s) => fc.tuple(ndArb(s), fc.subarray(s.flatMap((d, i) => (d === 1 ? [i] : [])), { minLength: 1 }))),
    ],
    { numRuns: runs(backend, 30) },
  )("squeeze given axes", async ([x, axes]) => {
    await expectTensor(toTensor(x).squeeze(axes), { shape: x.shape.filter((_, i) => !axes.includes(i)), data: x.data }, backend, EXACT);
  });

  test.prop([shapeArb().chain((shape) => fc.tuple(fc.constant(shape), broadcastableTo(shape).chain((s) => ndArb(s))))], { numRuns: runs(backend, 40) })(
    "broadcastTo repeats",
    async ([shape, x]) => {
      const offset = shape.length - x.shape.length;
      const expected = build(shape, (index) => at(x, x.shape.map((d, i) => (d === 1 ? 0 : index[offset + i]))));
      await expectTensor(toTensor(x).broadcastTo(shape), expected, backend, EXACT);
    },
  );

  test.prop(
    [
      arrayArb().chain((x) =>
        fc.tuple(
          fc.constant(x),
          fc.integer({ min: 0, max: x.shape.length }).chain((n) => fc.tuple(...x.shape.slice(0, n).map(sliceEntryArb))),
        ),
      ),
    ],
    { numRuns: runs(backend, 100) },
  )("slice follows Python", async ([x, spec]) => {
    await expectTensor(toTensor(x).slice(spec), sliceReference(x, spec), backend, EXACT);
  });

  test.prop([arrayArb().chain((x) => fc.tuple(fc.constant(x), fc.option(axesArb(x.shape.length), { nil: undefined })))], { numRuns: runs(backend, 40) })(
    "flip reverses axes",
    async ([x, axes]) => {
      const rank = x.shape.length;
      const flipped = new Set((axes ?? x.shape.map((_, i) => i)).map((a) => normalize(a, rank)));
      const expected = build(x.shape, (index) => at(x, index.map((j, i) => (flipped.has(i) ? x.shape[i] - 1 - j : j))));
      await expectTensor(toTensor(x).flip(axes), expected, backend, EXACT);
    },
  );

  test.prop(
    [
      arrayArb({ maxRank: 3 }).chain((x) =>
        fc.tuple(
          fc.constant(x),
          fc.tuple(...x.shape.map(() => fc.tuple(fc.nat(2), fc.nat(2)))),
          fc.constantFrom(0, 1.5, -Infinity),
        ),
      ),
    ],
    { numRuns: runs(backend, 40) },
  )("pad with value", async ([x, widths, value]) => {
    await expectTensor(toTensor(x).pad(widths, value), padReference(x, widths, value), backend, EXACT);
  });

  test.prop(
    [
      shapeArb({ minRank: 1, maxRank: 3 }).chain((shape) =>
        fc.integer({ min: 0, max: shape.length - 1 }).chain((axis) =>
          fc.tuple(
            fc.constant(axis),
            fc.array(fc.nat(3), { minLength: 1, maxLength: 3 }).chain((sizes) =>
              fc.tuple(...sizes.map((n) => ndArb(shape.map((d, i) => (i === axis ? n : d))))),
            ),
          ),
        ),
      ),
    ],
    { numRuns: runs(backend, 40) },
  )("concat along axis", async ([axis, parts]) => {
    const out = concat(parts.map((p) => toTensor(p)), axis - parts[0].shape.length);
    await expectTensor(out, concatReference(parts, axis), backend, EXACT);
  });

  test.prop(
    [
      shapeArb({ maxRank: 3 }).chain((shape) =>
        fc.tuple(fc.integer({ min: -shape.length - 1, max: shape.length }), fc.array(ndArb(shape), { minLength: 1, maxLength: 3 })),
      ),
    ],
    { numRuns: runs(backend, 40) },
  )("stack adds axis", async ([axis, parts]) => {
    const a = normalize(axis, parts[0].shape.length + 1);
    const shape = [...parts[0].shape];
    shape.splice(a, 0, parts.length);
    const expected = build(shape, (index) => at(parts[index[a]], index.filter((_, i) => i !== a)));
    await expectTensor(stack(parts.map((p) => toTensor(p)), axis), expected, backend, EXACT);
  });

  test.prop([shapeArb({ minRank: 1, maxRank: 3 }).chain((shape) => fc.tuple(fc.constant(shape), axisArb(shape.length), fc.array(fc.nat(2), { minLength: 1, maxLength: 4 })))], {
    numRuns: runs(backend, 40),
  })("split by sizes", async ([baseShape, axis, sizes]) => {
    const a = normalize(axis, baseShape.length);
    const shape = baseShape.map((d, i) => (i === a ? sizes.reduce((n, s) => n + s, 0) : d));
    const source = build(shape, (index) => index.reduce((n, v) => n * 10 + v, 0));
    const parts = split(toTensor(source), sizes, axis);
    expect(parts.length).toBe(sizes.length);
    let offset = 0;
    for (const [k, part] of parts.entries()) {
      const start = offset;
      const partShape = shape.map((d, i) => (i === a ? sizes[k] : d));
      await expectTensor(part, build(partShape, (index) => at(source, index.map((v, i) => (i === a ? v + start : v)))), backend, EXACT);
      offset += sizes[k];
    }
  });

  describe("cases", () => {
    const values = (t: Tensor) => readNested(t, backend);

    test("reshape to rank 0", async () => {
      expect(await readItem(tensor([7]).reshape([]), backend)).toBe(7);
    });

    test("slice with negative step", async () => {
      expect(await values(tensor([0, 1, 2, 3, 4, 5]).slice([[null, null, -2]]))).toEqual([5, 3, 1]);
    });

    test("slice negative step from index", async () => {
      expect(await values(tensor([0, 1, 2, 3, 4, 5]).slice([[4, 0, -3]]))).toEqual([4, 1]);
    });

    test("slice clamps out-of-range bounds", async () => {
      expect(await values(tensor([0, 1, 2]).slice([[-10, 10]]))).toEqual([0, 1, 2]);
    });

    test("slice index drops axis", async () => {
      expect(await values(tensor([[1, 2], [3, 4]]).slice([-1]))).toEqual([3, 4]);
    });

    test("split into equal parts", async () => {
      const parts = split(tensor([1, 2, 3, 4, 5, 6]), 3);
      expect(await Promise.all(parts.map(values))).toEqual([[1, 2], [3, 4], [5, 6]]);
    });

    test("pad bool with true", async () => {
      expect(await values(tensor([false]).pad([[1, 1]], true))).toEqual([true, false, true]);
    });

    test("pad i32 with value", async () => {
      expect(await values(tensor([[5]], "i32").pad([[0, 1], [1, 0]], -1))).toEqual([[-1, 5], [-1, -1]]);
    });

    test("concat i32 parts", async () => {
      const out = concat([tensor([1], "i32"), tensor([2, 3], "i32")]);
      expect(out.dtype).toBe("i32");
      expect(await values(out)).toEqual([1, 2, 3]);
    });

    test("stack of scalars", async () => {
      expect(await values(stack([tensor(1), tensor(2)]))).toEqual([1, 2]);
    });

    test("flip of rank 0", async () => {
      expect(await readItem(tensor(3).flip(), backend)).toBe(3);
    });
  });
});

describe("movement shapes", () => {
  test("reshape infers -1", () => {
    expect(tensor([[1, 2, 3], [4, 5, 6]]).reshape([3, -1]).shape).toEqual([3, 2]);
  });

  test("flatten of rank 0", () => {
    expect(tensor(7).flatten().shape).toEqual([1]);
  });

  test("slice empty when start past stop", () => {
    expect(tensor([0, 1, 2]).slice([[2, 1]]).shape).toEqual([0]);
  });

  test("concat of empty parts", () => {
    expect(concat([tensor([]), tensor([])]).shape).toEqual([0]);
  });

  test("broadcastTo keeps zero-size", () => {
    expect(tensor([[1]]).broadcastTo([0, 3]).shape).toEqual([0, 3]);
  });
});
