import { describe, expect, test } from "vitest";
import { fromArray, full, grad, random, tensor, withBackend, type Tensor } from "@kiln/tensor";
import { checkGradients } from "@kiln/testing";
import { multiHeadAttention, type MultiHeadAttentionParams } from "@kiln/nn";
import { expectClose, f64, read, testValues, TOLERANCE } from "./layers-helpers.js";

type Matrix = number[][];
type Allowed = (batch: number, query: number, key: number) => boolean;

interface PlainLinear {
  weight: Matrix;
  bias: number[] | undefined;
}

function plainLinear(p: { weight: Tensor<"f32">; bias?: Tensor<"f32"> }): PlainLinear {
  return withBackend("cpu64", () => ({
    weight: p.weight.toArraySync() as Matrix,
    bias: p.bias === undefined ? undefined : (p.bias.toArraySync() as number[]),
  }));
}

function applyPlain(p: PlainLinear, rows: Matrix): Matrix {
  return rows.map((row) => p.weight[0].map((_, o) => row.reduce((s, v, i) => s + v * p.weight[i][o], p.bias?.[o] ?? 0)));
}

/**
 * Multi-head attention written out with loops over batch, head, query and key, in float64.
 * `x` is [batch][queries][dim] and `context` [batch][keys][contextDim].
 */
function attentionReference(params: MultiHeadAttentionParams<boolean>, x: Matrix[], context: Matrix[], heads: number, allowed: Allowed): number[] {
  const [pq, pk, pv, po] = [params.query, params.key, params.value, params.output].map(plainLinear);
  const out: number[] = [];
  x.forEach((rows, b) => {
    const q = applyPlain(pq, rows);
    const k = applyPlain(pk, context[b]);
    const v = applyPlain(pv, context[b]);
    const dim = q[0].length;
    const headDim = dim / heads;
    const mixed = q.map(() => new Array<number>(dim).fill(0));
    for (let h = 0; h < heads; h++) {
      const cols = Array.from({ length: headDim }, (_, d) => h * headDim + d);
      q.forEach((qi, i) => {
        const scores = k.map((kj, j) => (allowed(b, i, j) ? cols.reduce((s, c) => s + qi[c] * kj[c], 0) / Math.sqrt(headDim) : -Infinity));
        const top = Math.max(...scores);
        const exps = scores.map((s) => (s === -Infinity ? 0 : Math.exp(s - top)));
        const total = exps.reduce((s, e) => s + e, 0);
        for (const c of cols) mixed[i][c] = total === 0 ? 0 : exps.reduce((s, e, j) => s + (e / total) * v[j][c], 0);
      });
    }
    out.push(...applyPlain(po, mixed).flat());
  });
  return out;
}

function nested(data: number[], batch: number, length: number, width: number): Matrix[] {
  return Array.from({ length: batch }, (_, b) =>
    Array.from({ length }, (_, i) => data.slice((b * length + i) * width, (b * length + i + 1) * width)),
  );
}

const everything: Allowed = () => true;

describe("multiHeadAttention", () => {
  const layer = multiHeadAttention({ dim: 4, heads: 2 });
  const params = layer.init(random.key(0));
  const xData = testValues(2 * 3 * 4, 11);
  // A fresh constant per use: a constant realized on cpu keeps its float32 values on cpu64 too.
  const input = () => f64(xData, [2, 3, 4]);

  test("param names and shapes", () => {
    expect(Object.keys(params)).toEqual(["query", "key", "value", "output"]);
    for (const name of ["query", "key", "value", "output"] as const) {
      expect(params[name].weight.shape).toEqual([4, 4]);
      expect(params[name].bias.shape).toEqual([4]);
    }
    const cross = multiHeadAttention({ dim: 4, heads: 2, contextDim: 6, bias: false }).init(random.key(0));
    expect(cross.key.weight.shape).toEqual([6, 4]);
    expect(cross.query.weight.shape).toEqual([4, 4]);
    expect(cross.value.bias).toBeUndefined();
  });

  test("output shapes", () => {
    expect(layer.apply(params, input()).shape).toEqual([2, 3, 4]);
    expect(layer.apply(params, full([5, 4], 0.1)).shape).toEqual([5, 4]);
    expect(layer.apply(params, full([2, 2, 3, 4], 0.1)).shape).toEqual([2, 2, 3, 4]);
  });

  test("zero-size batch and queries", () => {
    expect(read(layer.apply(params, full([0, 3, 4], 0.1)))).toEqual([]);
    expect(layer.apply(params, full([0, 3, 4], 0.1)).shape).toEqual([0, 3, 4]);
    expect(layer.apply(params, full([2, 0, 4], 0.1)).shape).toEqual([2, 0, 4]);
    expect(layer.apply(params, full([2, 0, 4], 0.1), { context: full([2, 3, 4], 0.1) }).shape).toEqual([2, 0, 4]);
  });

  test.each(["cpu", "cpu64"] as const)("self-attention matches reference on %s", (backend) => {
    const expected = attentionReference(params, nested(xData, 2, 3, 4), nested(xData, 2, 3, 4), 2, everything);
    expectClose(read(layer.apply(params, input()), backend), expected, TOLERANCE[backend]);
  });

  test("cross-attention matches reference", () => {
    const cross = multiHeadAttention({ dim: 4, heads: 2, contextDim: 6 });
    const crossParams = cross.init(random.key(1));
    const contextData = testValues(2 * 5 * 6, 12);
    const y = cross.apply(crossParams, input(), { context: f64(contextData, [2, 5, 6]) });
    expect(y.shape).toEqual([2, 3, 4]);
    const expected = attentionReference(crossParams, nested(xData, 2, 3, 4), nested(contextData, 2, 5, 6), 2, everything);
    expectClose(read(y, "cpu64"), expected, TOLERANCE.cpu64);
  });

  test("mask matches reference", () => {
    const maskRows = [[true, false, true], [false, true, true], [true, true, false]];
    const y = layer.apply(params, input(), { mask: tensor(maskRows) });
    const expected = attentionReference(params, nested(xData, 2, 3, 4), nested(xData, 2, 3, 4), 2, (_, i, j) => maskRows[i][j]);
    expectClose(read(y, "cpu64"), expected, TOLERANCE.cpu64);
  });

  test("causal matches reference", () => {
    const expected = attentionReference(params, nested(xData, 2, 3, 4), nested(xData, 2, 3, 4), 2, (_, i, j) => j <= i);
    expectClose(read(layer.apply(params, input(), { causal: true }), "cpu64"), expected, TOLERANCE.cpu64);
  });

  test("causal ignores later tokens", () => {
    const length = 5;
    const first = testValues(length * 4, 21);
    const changed = [...first.slice(0, 3 * 4), ...testValues(2 * 4, 22)];
    const a = read(layer.apply(params, f64(first, [length, 4]), { causal: true }), "cpu64");
    const b = read(layer.apply(params, f64(changed, [length, 4]), { causal: true }), "cpu64");
    expect(b.slice(0, 3 * 4)).toEqual(a.slice(0, 3 * 4));
    expect(b.slice(3 * 4)).not.toEqual(a.slice(3 * 4));
  });

  test("keyPadding matches reference", () => {
    const padding = [[false, false, true], [false, true, true]];
    const y = layer.apply(params, input(), { keyPadding: tensor(padding) });
    const expected = attentionReference(params, nested(xData, 2, 3, 4), nested(xData, 2, 3, 4), 2, (b, _, j) => !padding[b][j]);
    expectClose(read(y, "cpu64"), expected, TOLERANCE.cpu64);
  });

  test("mask, causal and keyPadding combine", () => {
    const maskRows = [[[true, true, true], [false, true, true], [true, true, true]], [[true, false, true], [true, true, true], [true, true, true]]];
    const padding = [[false, false, true], [false, false, false]];
    const y = layer.apply(params, input(), { mask: tensor(maskRows), causal: true, keyPadding: tensor(padding) });
    const allowed: Allowed = (b, i, j) => maskRows[b][i][j] && j <= i && !padding[b][j];
    const expected = attentionReference(params, nested(xData, 2, 3, 4), nested(xData, 2, 3, 4), 2, allowed);
    expectClose(read(y, "cpu64"), expected, TOLERANCE.cpu64);
  });

  test("fully masked row gives zeros", () => {
    const noBias = multiHeadAttention({ dim: 4, heads: 2, bias: false });
    const noBiasParams = noBias.init(random.key(2));
    const mask = tensor([[true, true, true], [false, false, false], [true, false, false]]);
    const y = read(noBias.apply(noBiasParams, input(), { mask }));
    expect(y.every(Number.isFinite)).toBe(true);
    expect([...y.slice(4, 8), ...y.slice(16, 20)]).toEqual(new Array(8).fill(0));
  });

  test("fully masked row with bias gives output bias", () => {
    const y = read(layer.apply(params, input(), { mask: tensor([[true, true, true], [false, false, false], [true, true, true]]) }), "cpu64");
    expect(y.slice(4, 8)).toEqual(read(params.output.bias, "cpu64"));
  });

  test("fully masked row has finite gradients", () => {
    const mask = tensor([[true, true, true], [false, false, false], [true, false, false]]);
    const loss = (p: typeof params, input: Tensor<"f32">) => layer.apply(p, input, { mask }).square().sum();
    const [dParams, dx] = grad(loss, { argnums: [0, 1] })(params, input()) as [typeof params, Tensor<"f32">];
    for (const name of ["query", "key", "value", "output"] as const) {
      expect(read(dParams[name].weight).every(Number.isFinite)).toBe(true);
      expect(read(dParams[name].bias).every(Number.isFinite)).toBe(true);
    }
    expect(read(dx).every(Number.isFinite)).toBe(true);
  });

  test("gradients with causal mask", () => {
    const small = multiHeadAttention({ dim: 4, heads: 2 });
    const smallParams = small.init(random.key(3));
    const input = f64(testValues(3 * 4, 31), [1, 3, 4]);
    checkGradients((p: typeof smallParams, xs: Tensor<"f32">) => small.apply(p, xs, { causal: true }), [smallParams, input]);
  });

  test("gradients order 2 with fully masked row", () => {
    const small = multiHeadAttention({ dim: 2, heads: 1, bias: false });
    const smallParams = small.init(random.key(4));
    const input = f64(testValues(3 * 2, 41), [3, 2]);
    const mask = tensor([[true, false, true], [false, false, false], [true, true, true]]);
    checkGradients((p: typeof smallParams, xs: Tensor<"f32">) => small.apply(p, xs, { mask }), [smallParams, input], { order: 2 });
  });
});

describe("multiHeadAttention errors", () => {
  const layer = multiHeadAttention({ dim: 4, heads: 2 });
  const params = layer.init(random.key(0));
  const x = full([2, 3, 4], 0.5);

  test("config", () => {
    expect(() => multiHeadAttention({ dim: 6, heads: 4 })).toThrow("multiHeadAttention: dim must be divisible by heads: dim 6 vs heads 4");
    expect(() => multiHeadAttention({ dim: 4, heads: 0 })).toThrow("multiHeadAttention: heads must be a positive integer: got 0");
  });

  test("input shape", () => {
    expect(() => layer.apply(params, full([3, 5], 1))).toThrow("multiHeadAttention: input must be [...batch, queries, dim]: input [3, 5] vs dim 4");
    expect(() => layer.apply(params, full([4], 1))).toThrow("multiHeadAttention: input must be [...batch, queries, dim]: input [4] vs dim 4");
  });

  test("context shape", () => {
    expect(() => layer.apply(params, x, { context: full([3, 5, 4], 1) })).toThrow(
      "multiHeadAttention: context must be [...batch, keys, contextDim]: context [3, 5, 4] vs input [2, 3, 4] and contextDim 4",
    );
    const cross = multiHeadAttention({ dim: 4, heads: 2, contextDim: 6 });
    expect(() => cross.apply(cross.init(random.key(0)), x)).toThrow(
      "multiHeadAttention: self-attention needs contextDim equal to dim: contextDim 6 vs dim 4",
    );
  });

  test("mask shape and dtype", () => {
    expect(() => layer.apply(params, x, { mask: full([3, 4], true) })).toThrow(
      "multiHeadAttention: mask shape does not broadcast to [...batch, queries, keys]: mask [3, 4] vs [2, 3, 3]",
    );
    expect(() => layer.apply(params, x, { mask: full([3, 3], 1) as unknown as Tensor<"bool"> })).toThrow(
      "multiHeadAttention: mask must be bool (true = may attend): got f32 [3, 3]",
    );
  });

  test("keyPadding shape", () => {
    expect(() => layer.apply(params, x, { keyPadding: full([3], false) })).toThrow(
      "multiHeadAttention: keyPadding shape differs from [...batch, keys]: keyPadding [3] vs [2, 3]",
    );
  });

  test("parameter shape names the projection", () => {
    const wrong = { ...params, key: { weight: fromArray(new Float32Array(12), [3, 4]), bias: params.key.bias } };
    expect(() => layer.apply(wrong, x)).toThrow("linear: parameter weight has the wrong shape: weight [3, 4] vs expected [4, 4]");
  });
});
