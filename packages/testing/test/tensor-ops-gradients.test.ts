/**
 * Property-tests the first and second derivatives of @kiln/tensor ops with this package, as
 * a user would. Inputs keep clear of each op's kinks: `awayFromZero` for kinks at 0,
 * `distinct` for ties, and positive ranges for log, sqrt and pow.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { assertGradients, broadcastShapes, checkGradients, shapes, tensors } from "@kiln/testing";

const smallShapes = shapes({ maxRank: 3, maxDim: 3 });
const anyValues = tensors({ shapeArb: smallShapes, min: -2, max: 2 });
const awayFromZero = tensors({ shapeArb: smallShapes, min: -2, max: 2, avoid: { awayFromZero: 1e-2 } });
const positive = tensors({ shapeArb: smallShapes, min: 0.2, max: 2 });
const distinct = tensors({ shapeArb: shapes({ minRank: 1, maxRank: 3, maxDim: 3 }), min: -2, max: 2, avoid: { distinct: 1e-2 } });
// Rows of normalize and l2Norm keep a norm of at least 0.1, where their fourth derivatives
// (which the second-order central differences see) stay moderate.
const awayFromZeroNorm = tensors({ shapeArb: smallShapes, min: -2, max: 2, avoid: { awayFromZero: 0.1 } });

const options = { order: 2, parameters: { numRuns: 10 } } as const;
const firstAxis = (x: Tensor, fn: (t: Tensor) => Tensor) => (x.rank > 0 ? fn(x) : x.square());

const unaryCases: [string, (x: Tensor) => Tensor, fc.Arbitrary<Tensor>][] = [
  ["exp", (x) => x.exp(), anyValues],
  ["log", (x) => x.log(), positive],
  ["log1p", (x) => x.log1p(), positive],
  ["expm1", (x) => x.expm1(), anyValues],
  ["sqrt", (x) => x.sqrt(), positive],
  ["rsqrt", (x) => x.rsqrt(), positive],
  ["reciprocal", (x) => x.reciprocal(), awayFromZero],
  ["sin and cos", (x) => x.sin().mul(x.cos()), anyValues],
  ["tanh and sigmoid", (x) => x.tanh().add(x.sigmoid()), anyValues],
  ["erf", (x) => x.erf(), anyValues],
  ["abs", (x) => x.abs().mul(x), awayFromZero],
  ["relu", (x) => x.relu().mul(x), awayFromZero],
  ["gelu", (x) => x.gelu().add(x.gelu("tanh")), anyValues],
  ["softplus", (x) => x.softplus(), awayFromZero],
  ["logSigmoid", (x) => k.logSigmoid(x), awayFromZero],
  ["silu and quickGelu", (x) => k.silu(x).add(k.quickGelu(x)), anyValues],
  ["leakyRelu", (x) => k.leakyRelu(x).mul(x), awayFromZero],
  ["pow by constants", (x) => x.pow(3).add(x.pow(0.5)), positive],
  ["clip", (x) => x.clip(-0.7071, 0.7071).mul(x), awayFromZero],
  ["where", (x) => k.where(x.greater(0), x.square(), x.exp()), awayFromZero],
  ["sum and mean", (x) => x.sum().mul(x.mean()), anyValues],
  ["prod", (x) => firstAxis(x, (t) => t.prod(0)).add(x.prod()), awayFromZero],
  ["max and min", (x) => x.max(-1).sum().add(x.min(0).sum()), distinct],
  ["logsumexp", (x) => x.logsumexp(), anyValues],
  // With one element on the last axis, the corrected variance divides 0 by 0: NaN, which has no derivative to check.
  ["variance", (x) => x.variance().add(firstAxis(x, (t) => (t.shape[t.rank - 1] > 1 ? t.variance(-1, { correction: 1 }).sum() : t.square()))), anyValues],
  ["softmax", (x) => firstAxis(x, (t) => t.softmax(-1).add(t.logSoftmax(0))), anyValues],
  ["normalize", (x) => firstAxis(x, (t) => k.normalize(t, -1)), awayFromZeroNorm],
  ["l2Norm", (x) => k.l2Norm(x), awayFromZeroNorm],
  ["transpose and flip", (x) => x.transpose().mul(x.flip().transpose()), anyValues],
  ["reshape and squeeze", (x) => x.reshape([-1]).expandDims(0).squeeze(0).square(), anyValues],
  ["broadcastTo", (x) => x.broadcastTo([2, ...x.shape]).square(), anyValues],
  ["strided slice", (x) => firstAxis(x, (t) => t.slice([[0, null, 2]]).square()), anyValues],
  ["pad", (x) => firstAxis(x, (t) => t.pad(t.shape.map((): [number, number] => [1, 2])).square()), anyValues],
  ["concat and stack", (x) => k.stack([x, x.exp()], 0).square().add(firstAxis(x, (t) => k.concat([t, t.square()], 0)).sum()), anyValues],
  ["split", (x) => firstAxis(x, (t) => (t.shape[0] > 1 ? k.split(t, [1, t.shape[0] - 1], 0)[1].square() : t.square())), anyValues],
  ["take", (x) => firstAxis(x, (t) => t.take([0, 0, t.shape[0] - 1], 0).square()), anyValues],
  ["scatterAdd", (x) => firstAxis(x, (t) => k.scatterAdd(t, k.tensor([0, 0], "i32"), k.take(t, [0, 0], 0).square(), 0)), anyValues],
];

describe("unary op gradients", () => {
  for (const [name, fn, arbitrary] of unaryCases) {
    it(name, () => assertGradients(fn, [arbitrary], options));
  }
});

const broadcastPairs = (min: number, max: number) =>
  broadcastShapes({ maxRank: 3, maxDim: 3 }).chain(([a, b]) => fc.tuple(tensors({ shape: a, min, max }), tensors({ shape: b, min, max })));

const binaryCases: [string, (a: Tensor, b: Tensor) => Tensor, fc.Arbitrary<[Tensor, Tensor]>][] = [
  ["add and sub", (a, b) => a.add(b).mul(a.sub(b)), broadcastPairs(-2, 2)],
  ["mul", (a, b) => a.mul(b).sin(), broadcastPairs(-2, 2)],
  ["div", (a, b) => a.div(b), broadcastPairs(0.3, 2)],
  ["pow", (a, b) => a.pow(b), broadcastPairs(0.3, 2)],
  ["matmul", (a, w) => k.matmul(a, w).sin(), fc.tuple(tensors({ shape: [2, 3, 2] }), tensors({ shape: [2, 3] }))],
  ["matmul by a vector", (a, v) => k.matmul(a, v).sin(), fc.tuple(tensors({ shape: [3, 2] }), tensors({ shape: [2] }))],
  ["einsum", (a, b) => k.einsum("bij,bjk->bik", a, b).sin(), fc.tuple(tensors({ shape: [2, 2, 3] }), tensors({ shape: [2, 3, 2] }))],
  ["crossEntropy with probabilities", (logits, p) => k.crossEntropy(logits as Tensor<"f32">, k.softmax(p, -1) as Tensor<"f32">), fc.tuple(tensors({ shape: [2, 3] }), tensors({ shape: [2, 3] }))],
];

describe("binary op gradients", () => {
  for (const [name, fn, arbitrary] of binaryCases) {
    it(name, () => assertGradients(([a, b]: [Tensor, Tensor]) => fn(a, b), [arbitrary], options));
  }

  it("maximum", () => {
    const rows = tensors({ shape: [2, 3], min: -2, max: 2, avoid: { distinct: 1e-2 } });
    assertGradients((x: Tensor) => x.slice([0]).maximum(x.slice([1])), [rows], options);
  });
});

/** Runs an order-2 check at exact points (no arbitrary), where kinks used to hide bugs. */
function checkAt(fn: (x: Tensor) => Tensor, values: number[]): void {
  checkGradients(fn, [k.fromArray(Float64Array.from(values), [values.length], "f32")], { order: 2 });
}

// Regression tests: these second derivatives were wrong before prod used the exact product of
// the other elements and softplus switched to smooth branches.
describe("second order at former kinks", () => {
  it("prod with zero elements", () => {
    expect(() => checkAt((x) => x.prod(), [0, 2, 3])).not.toThrow();
    expect(() => checkAt((x) => x.prod(), [0, 0, 3])).not.toThrow();
  });

  it("softplus and logSigmoid at zero", () => {
    expect(() => checkAt((x) => x.softplus(), [0])).not.toThrow();
    expect(() => checkAt((x) => k.logSigmoid(x), [0])).not.toThrow();
  });

  it("softplus at ±1000 has finite gradients", () => {
    const g = k.withBackend("cpu64", () => k.grad((x: Tensor) => x.softplus().sum())(k.tensor([-1000, 1000])).dataSync());
    expect(Array.from(g)).toEqual([0, 1]);
  });
});
