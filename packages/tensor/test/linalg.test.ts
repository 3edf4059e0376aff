import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { einsum, inner, matmul, tensor, type Tensor } from "@kiln/tensor";
import { broadcastableTo, describeBackends, expectTensor, ndArb, readItem, readNested, runs, shapeArb, toTensor } from "./helpers.js";
import { at, matmul as matmulReference, ravel, sizeOf, unravel, type NdArray } from "./reference.js";

/** Generates matmul operands with broadcast batch axes, rank-1 operands and sizes 0…3. */
const matmulArb = fc
  .record({
    batch: shapeArb({ maxRank: 2 }),
    m: fc.nat(3),
    k: fc.nat(3),
    n: fc.nat(3),
    lhsVector: fc.boolean(),
    rhsVector: fc.boolean(),
  })
  .chain(({ batch, m, k, n, lhsVector, rhsVector }) =>
    fc.tuple(broadcastableTo(batch), broadcastableTo(batch)).chain(([lb, rb]) =>
      fc.tuple(ndArb(lhsVector ? [k] : [...lb, m, k]), ndArb(rhsVector ? [k] : [...rb, k, n])),
    ),
  );

/** Computes any einsum by summing the product of the operands over every subscript not in the output. */
function einsumReference(equation: string, operands: NdArray[]): NdArray {
  const [inputs, output] = equation.split("->");
  const terms = inputs.split(",");
  const sizes = new Map<string, number>();
  terms.forEach((term, i) => [...term].forEach((letter, axis) => sizes.set(letter, operands[i].shape[axis])));
  const letters = [...sizes.keys()];
  const letterShape = letters.map((l) => sizes.get(l) ?? 0);
  const outShape = [...output].map((l) => sizes.get(l) ?? 0);
  const data = new Array<number>(sizeOf(outShape)).fill(0);
  for (let flat = 0; flat < sizeOf(letterShape); flat++) {
    const index = unravel(flat, letterShape);
    const valueOf = (l: string) => index[letters.indexOf(l)];
    const product = terms.reduce((p, term, i) => p * at(operands[i], [...term].map(valueOf)), 1);
    data[ravel([...output].map(valueOf), outShape)] += product;
  }
  return { shape: outShape, data };
}

/** Generates operands for `equation`, each subscript with one size in 0…3. */
function einsumOperandsArb(equation: string): fc.Arbitrary<NdArray[]> {
  const terms = equation.split("->")[0].split(",");
  const letters = [...new Set(terms.join(""))];
  return fc
    .tuple(...letters.map(() => fc.nat(3)))
    .chain((dims) => fc.tuple(...terms.map((term) => ndArb([...term].map((l) => dims[letters.indexOf(l)])))));
}

const EQUATIONS = [
  "ij,jk->ik",
  "bij,bjk->bik",
  "bhqd,bhkd->bhqk",
  "i,i->",
  "ij->ji",
  "ij->j",
  "i,j->ij",
  "ij,j->i",
  "ij,kj->ik",
  "ijk->kij",
  "ij->",
  "bi,bj->bij",
];

describeBackends("linalg", (backend) => {
  test.prop([matmulArb], { numRuns: runs(backend, 80) })("matmul broadcasts batches", async ([a, b]) => {
    await expectTensor(matmul(toTensor(a), toTensor(b)), matmulReference(a, b), backend);
  });

  test.prop([matmulArb], { numRuns: runs(backend, 30) })("matmul method matches", async ([a, b]) => {
    await expectTensor(toTensor(a).matmul(toTensor(b)), matmulReference(a, b), backend);
  });

  for (const equation of EQUATIONS) {
    test.prop([einsumOperandsArb(equation)], { numRuns: runs(backend, 25) })(`einsum ${equation}`, async (operands) => {
      const out = einsum(equation, ...operands.map((x) => toTensor(x)));
      await expectTensor(out, einsumReference(equation, operands), backend);
    });
  }

  describe("cases", () => {
    const values = (t: Tensor) => readNested(t, backend);
    const item = (t: Tensor) => readItem(t, backend);

    test("matmul known product", async () => {
      const a = tensor([[1, 2], [3, 4]]);
      const b = tensor([[5, 6], [7, 8]]);
      expect(await values(matmul(a, b))).toEqual([[19, 22], [43, 50]]);
    });

    test("matmul vector-vector is rank 0", async () => {
      const out = matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));
      expect(out.shape).toEqual([]);
      expect(await item(out)).toBe(32);
    });

    test("matmul of zero-size inner is zeros", async () => {
      const a = toTensor({ shape: [2, 0], data: [] });
      const b = toTensor({ shape: [0, 3], data: [] });
      expect(await values(matmul(a, b))).toEqual([[0, 0, 0], [0, 0, 0]]);
    });

    test("matmul with zero rows", async () => {
      const out = matmul(toTensor({ shape: [0, 2], data: [] }), tensor([[1, 2, 3], [4, 5, 6]]));
      expect(out.shape).toEqual([0, 3]);
      expect(await values(out)).toEqual([]);
    });

    test("matmul 0 times Infinity is NaN", async () => {
      const out = matmul(tensor([[0, 1]]), tensor([[Infinity], [1]]));
      expect(await values(out)).toEqual([[NaN]]);
    });

    test("i32 matmul exact", async () => {
      const out = matmul(tensor([[1, 2]], "i32"), tensor([[3], [4]], "i32"));
      expect(out.dtype).toBe("i32");
      expect(await values(out)).toEqual([[11]]);
    });

    test("i32 matmul wraps", async () => {
      const big = 2147483647;
      const out = matmul(tensor([[big, big]], "i32"), tensor([[big], [3]], "i32"));
      expect(await item(out)).toBe((Math.imul(big, big) + Math.imul(big, 3)) | 0);
    });

    test("inner contracts last axes", async () => {
      expect(await values(inner(tensor([[1, 2]]), tensor([[3, 4], [5, 6]])))).toEqual([[11, 17]]);
    });

    test("einsum ignores spaces", async () => {
      expect(await item(einsum("i , i -> ", tensor([1, 2]), tensor([3, 4])))).toBe(11);
    });
  });
});
