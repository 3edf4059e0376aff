import type { DType } from "../dtype.js";
import { fail, fmtShape } from "../errors.js";
import { Primitive } from "../ir/primitive.js";
import { createNode, isTensor, type Tensor } from "../ir/tensor.js";
import { broadcastShapes, type Shape } from "../shape.js";
import type { MatmulGuard, MatmulShape } from "../types.js";
import { broadcastTo, reshape, transpose } from "./movement.js";
import { sum } from "./reduce.js";

/** Raises unless `a` and `b` are [...B, M, K] and [...B, K, N] of one numeric dtype. */
function checkDotOperands(a: Tensor, b: Tensor): void {
  if (!isTensor(a) || !isTensor(b)) fail("dotGeneral", "expected two tensors");
  const shapes = `lhs ${fmtShape(a.shape)} · rhs ${fmtShape(b.shape)}`;
  if (a.rank < 2 || b.rank < 2) fail("dotGeneral", `operands must have rank ≥ 2, got ${shapes}; use matmul for vectors`);
  if (a.rank !== b.rank) fail("dotGeneral", `operands must have the same rank, got ${shapes}; use matmul to broadcast batch dimensions`);
  if (a.dtype !== b.dtype) fail("dotGeneral", `dtypes differ: ${a.dtype} vs ${b.dtype}`);
  if (a.dtype === "bool") fail("dotGeneral", "bool operands are not supported; cast to f32 or i32");
  if (a.shape.slice(0, -2).some((d, i) => d !== b.shape[i])) {
    fail("dotGeneral", `batch dimensions must be equal, got ${shapes}; use matmul to broadcast them`);
  }
  const k1 = a.shape[a.rank - 1];
  const k2 = b.shape[b.rank - 2];
  if (k1 !== k2) fail("dotGeneral", `contracted dimensions differ: ${shapes} (${k1} ≠ ${k2})`);
}

/**
 * The Dot primitive: [...B, M, K] · [...B, K, N] with identical batch dimensions. Unlike
 * `matmul` it neither broadcasts nor accepts vectors.
 */
export function dotGeneral<D extends DType>(a: Tensor<D>, b: Tensor<D>): Tensor<D> {
  checkDotOperands(a, b);
  const m = a.shape[a.rank - 2];
  const n = b.shape[b.rank - 1];
  const shape = [...a.shape.slice(0, -2), m, n];
  return createNode(Primitive.Dot, [a, b], {}, shape, a.dtype);
}

/**
 * Matrix product with NumPy semantics: batch dimensions broadcast, a rank-1 lhs is a row
 * vector and a rank-1 rhs a column vector (the added axis is removed again).
 */
export function matmul<D extends DType, A extends Shape, B extends Shape>(
  a: Tensor<D, A>,
  b: Tensor<D, B> & MatmulGuard<A, B>,
): Tensor<D, MatmulShape<A, B>> {
  const rhs = b as Tensor<D, B>;
  if (!isTensor(a) || !isTensor(rhs)) fail("matmul", "expected two tensors");
  if (a.rank === 0 || rhs.rank === 0) fail("matmul", `operands must have rank ≥ 1, got lhs ${fmtShape(a.shape)} · rhs ${fmtShape(rhs.shape)}`);
  if (a.dtype !== rhs.dtype) fail("matmul", `dtypes differ: ${a.dtype} vs ${rhs.dtype}`);
  if (a.dtype === "bool") fail("matmul", "bool operands are not supported; cast to f32 or i32");
  const lhs2 = a.rank === 1 ? reshape(a, [1, a.shape[0]]) : a;
  const rhs2 = rhs.rank === 1 ? reshape(rhs, [rhs.shape[0], 1]) : rhs;
  const k1 = lhs2.shape[lhs2.rank - 1];
  const k2 = rhs2.shape[rhs2.rank - 2];
  if (k1 !== k2) fail("matmul", `inner dimensions differ: lhs ${fmtShape(a.shape)} · rhs ${fmtShape(rhs.shape)} (${k1} ≠ ${k2})`);
  const lhsBatch = lhs2.shape.slice(0, -2);
  const rhsBatch = rhs2.shape.slice(0, -2);
  // Checked here, before broadcastShapes, so that the message names both operand shapes.
  const offset = rhsBatch.length - lhsBatch.length;
  const batchClash = lhsBatch.some((d, i) => {
    const e = rhsBatch[offset + i];
    return e !== undefined && d !== e && d !== 1 && e !== 1;
  });
  if (batchClash) {
    fail("matmul", `batch dimensions cannot be broadcast: lhs ${fmtShape(a.shape)} · rhs ${fmtShape(rhs.shape)} (${fmtShape(lhsBatch)} vs ${fmtShape(rhsBatch)})`);
  }
  const batch = broadcastShapes("matmul", lhsBatch, rhsBatch);
  const lhs3 = broadcastTo(lhs2, [...batch, ...lhs2.shape.slice(-2)]);
  const rhs3 = broadcastTo(rhs2, [...batch, ...rhs2.shape.slice(-2)]);
  let out = dotGeneral(lhs3, rhs3) as Tensor<D>;
  if (a.rank === 1 || rhs.rank === 1) {
    const shape = [...batch];
    if (a.rank > 1) shape.push(lhs2.shape[lhs2.rank - 2]);
    if (rhs.rank > 1) shape.push(rhs2.shape[rhs2.rank - 1]);
    out = reshape(out, shape) as Tensor<D>;
  }
  return out as Tensor<D, MatmulShape<A, B>>;
}

/** Contracts the last axis of `a` with the last axis of `b`: a · bᵀ. */
export function inner<D extends DType>(a: Tensor<D>, b: Tensor<D>): Tensor<D> {
  if (b.rank === 1) return matmul(a, b as Tensor<D, Shape>);
  const perm = [...b.shape.keys()];
  [perm[b.rank - 2], perm[b.rank - 1]] = [perm[b.rank - 1], perm[b.rank - 2]];
  return matmul(a, transpose(b, perm) as Tensor<D, Shape>);
}

function parseTerm(equation: string, term: string, rank: number): string[] {
  const letters = [...term];
  for (const l of letters) {
    if (!/^[a-zA-Z]$/.test(l)) fail("einsum", `invalid subscript "${l}" in "${equation}": use letters a–z, A–Z (ellipses are not supported)`);
  }
  if (new Set(letters).size !== letters.length) fail("einsum", `repeated subscript in "${term}" (traces and diagonals are not supported) in "${equation}"`);
  if (letters.length !== rank) fail("einsum", `term "${term}" has ${letters.length} subscripts but its operand has rank ${rank} in "${equation}"`);
  return letters;
}

/** Sums out the axes of `x` whose letters appear nowhere else. */
function sumUnused(x: Tensor, letters: string[], keep: Set<string>): [Tensor, string[]] {
  const axes = letters.flatMap((l, i) => (keep.has(l) ? [] : [i]));
  if (axes.length === 0) return [x, letters];
  return [sum(x, axes), letters.filter((l) => keep.has(l))];
}

/**
 * Einstein summation for one or two operands, e.g. "ij,jk->ik", "bhqd,bhkd->bhqk", "i,i->",
 * "ij->ji". Two-operand contractions lower to one batched matmul. Ellipses, repeated
 * subscripts within one term and more than two operands are rejected with an error.
 */
export function einsum<D extends DType>(equation: string, ...operands: Tensor<D>[]): Tensor<D> {
  const compact = equation.replace(/\s+/g, "");
  const arrow = compact.indexOf("->");
  if (arrow < 0) fail("einsum", `equation "${equation}" needs an explicit output after "->"`);
  const inputs = compact.slice(0, arrow).split(",");
  const outputTerm = compact.slice(arrow + 2);
  if (inputs.length !== operands.length) fail("einsum", `equation "${equation}" has ${inputs.length} terms but ${operands.length} operands were given`);
  if (operands.length < 1 || operands.length > 2) fail("einsum", `only one or two operands are supported, got ${operands.length}`);
  if (operands.length === 2 && operands[0].dtype !== operands[1].dtype) fail("einsum", `dtypes differ: ${operands[0].dtype} vs ${operands[1].dtype}`);
  const out = parseTerm(equation, outputTerm, outputTerm.length);
  const terms = inputs.map((t, i) => parseTerm(equation, t, operands[i].rank));
  const sizes = new Map<string, number>();
  terms.forEach((letters, i) =>
    letters.forEach((l, axis) => {
      const d = operands[i].shape[axis];
      const seen = sizes.get(l);
      if (seen !== undefined && seen !== d) {
        fail("einsum", `subscript "${l}" has size ${seen} and ${d} in "${equation}" for shapes ${operands.map((o) => fmtShape(o.shape)).join(", ")}`);
      }
      sizes.set(l, d);
    }),
  );
  for (const l of out) if (!sizes.has(l)) fail("einsum", `output subscript "${l}" does not appear in any input of "${equation}"`);

  if (operands.length === 1) {
    const [x, letters] = sumUnused(operands[0], terms[0], new Set(out));
    return transpose(x, out.map((l) => letters.indexOf(l))) as Tensor<D>;
  }

  const [aLetters0, bLetters0] = terms;
  const outSet = new Set(out);
  const [a, aLetters] = sumUnused(operands[0], aLetters0, new Set([...outSet, ...bLetters0]));
  const [b, bLetters] = sumUnused(operands[1], bLetters0, new Set([...outSet, ...aLetters0]));
  const batch = aLetters.filter((l) => bLetters.includes(l) && outSet.has(l));
  const contract = aLetters.filter((l) => bLetters.includes(l) && !outSet.has(l));
  const aFree = aLetters.filter((l) => !bLetters.includes(l));
  const bFree = bLetters.filter((l) => !aLetters.includes(l));
  const size = (ls: string[]) => ls.reduce((n, l) => n * (sizes.get(l) ?? 1), 1);

  // Lay out a as [batch, aFree, contract] and b as [batch, contract, bFree], then one matmul.
  const aMat = reshape(transpose(a, [...batch, ...aFree, ...contract].map((l) => aLetters.indexOf(l))), [
    ...batch.map((l) => sizes.get(l) ?? 1),
    size(aFree),
    size(contract),
  ]);
  const bMat = reshape(transpose(b, [...batch, ...contract, ...bFree].map((l) => bLetters.indexOf(l))), [
    ...batch.map((l) => sizes.get(l) ?? 1),
    size(contract),
    size(bFree),
  ]);
  const product = dotGeneral(aMat, bMat);
  const produced = [...batch, ...aFree, ...bFree];
  const expanded = reshape(product, produced.map((l) => sizes.get(l) ?? 1));
  return transpose(expanded, out.map((l) => produced.indexOf(l))) as Tensor<D>;
}
