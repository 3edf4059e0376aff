import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { einsum, inner, matmul, tensor, type Tensor } from "@kiln/tensor";
import { BACKENDS, broadcastableTo, expectTensor, ndArb, shapeArb, toTensor } from "./helpers.js";
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

describe.each(BACKENDS)("linalg on $name", (backend) => {
  test.prop([matmulArb], { numRuns: 80 })("matmul broadcasts batches", ([a, b]) => {
    expectTensor(matmul(toTensor(a), toTensor(b)), matmulReference(a, b), backend);
  });

  test.prop([matmulArb], { numRuns: 30 })("matmul method matches", ([a, b]) => {
    expectTensor(toTensor(a).matmul(toTensor(b)), matmulReference(a, b), backend);
  });

  for (const equation of EQUATIONS) {
    test.prop([einsumOperandsArb(equation)], { numRuns: 25 })(`einsum ${equation}`, (operands) => {
      const out = einsum(equation, ...operands.map((x) => toTensor(x)));
      expectTensor(out, einsumReference(equation, operands), backend);
    });
  }
});

describe("linalg cases", () => {
  test("matmul known product", () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5, 6], [7, 8]]);
    expect(matmul(a, b).toArraySync()).toEqual([[19, 22], [43, 50]]);
  });

  test("matmul vector-vector is rank 0", () => {
    const out = matmul(tensor([1, 2, 3]), tensor([4, 5, 6]));
    expect(out.shape).toEqual([]);
    expect(out.itemSync()).toBe(32);
  });

  test("matmul of zero-size inner is zeros", () => {
    const a = toTensor({ shape: [2, 0], data: [] });
    const b = toTensor({ shape: [0, 3], data: [] });
    expect(matmul(a, b).toArraySync()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });

  test("matmul 0 times Infinity is NaN", () => {
    const out = matmul(tensor([[0, 1]]), tensor([[Infinity], [1]]));
    expect(out.toArraySync()).toEqual([[NaN]]);
  });

  test("i32 matmul exact", () => {
    const out = matmul(tensor([[1, 2]], "i32"), tensor([[3], [4]], "i32"));
    expect(out.dtype).toBe("i32");
    expect(out.toArraySync()).toEqual([[11]]);
  });

  test("i32 matmul wraps", () => {
    const big = 2147483647;
    const out = matmul(tensor([[big, big]], "i32"), tensor([[big], [3]], "i32"));
    expect(out.itemSync()).toBe((Math.imul(big, big) + Math.imul(big, 3)) | 0);
  });

  test("inner contracts last axes", () => {
    expect(inner(tensor([[1, 2]]), tensor([[3, 4], [5, 6]])).toArraySync()).toEqual([[11, 17]]);
  });

  test("einsum ignores spaces", () => {
    expect(einsum("i , i -> ", tensor([1, 2]), tensor([3, 4])).itemSync()).toBe(11);
  });
});
