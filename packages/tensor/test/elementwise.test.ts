import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import {
  add,
  cast,
  clip,
  compile,
  div,
  equal,
  floor,
  full,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalNot,
  logicalOr,
  maximum,
  minimum,
  mul,
  notEqual,
  pow,
  scalar,
  stack,
  sub,
  tensor,
  where,
  withBackend,
  type Tensor,
} from "@kiln/tensor";
import {
  arrayArb,
  broadcastGroupArb,
  broadcastPairArb,
  describeBackends,
  expectTensor,
  read,
  readNested,
  runs,
  tolerance,
  toTensor,
} from "./helpers.js";
import { mapBinary, mapUnary, type NdArray } from "./reference.js";

type BinaryOp = (a: Tensor, b: Tensor) => Tensor;
type ScalarFn = (x: number, y: number) => number;

const ARITHMETIC: [string, BinaryOp, ScalarFn][] = [
  ["add", add, (x, y) => x + y],
  ["sub", sub, (x, y) => x - y],
  ["mul", mul, (x, y) => x * y],
  ["div", div, (x, y) => x / y],
  ["pow", pow, Math.pow],
  ["maximum", maximum, Math.max],
  ["minimum", minimum, Math.min],
];

const COMPARISONS: [string, BinaryOp, ScalarFn][] = [
  ["less", less, (x, y) => Number(x < y)],
  ["lessEqual", lessEqual, (x, y) => Number(x <= y)],
  ["greater", greater, (x, y) => Number(x > y)],
  ["greaterEqual", greaterEqual, (x, y) => Number(x >= y)],
  ["equal", equal, (x, y) => Number(x === y)],
  ["notEqual", notEqual, (x, y) => Number(x !== y)],
];

const UNARY: [string, (x: Tensor) => Tensor, (x: number) => number][] = [
  ["neg", (x) => x.neg(), (x) => -x],
  ["abs", (x) => x.abs(), Math.abs],
  ["sign", (x) => x.sign(), Math.sign],
  ["exp", (x) => x.exp(), Math.exp],
  ["log", (x) => x.log(), Math.log],
  ["log1p", (x) => x.log1p(), Math.log1p],
  ["expm1", (x) => x.expm1(), Math.expm1],
  ["sqrt", (x) => x.sqrt(), Math.sqrt],
  ["rsqrt", (x) => x.rsqrt(), (x) => 1 / Math.sqrt(x)],
  ["square", (x) => x.square(), (x) => x * x],
  ["reciprocal", (x) => x.reciprocal(), (x) => 1 / x],
  ["sin", (x) => x.sin(), Math.sin],
  ["cos", (x) => x.cos(), Math.cos],
  ["tanh", (x) => x.tanh(), Math.tanh],
  ["sigmoid", (x) => x.sigmoid(), (x) => 1 / (1 + Math.exp(-x))],
  ["relu", (x) => x.relu(), (x) => Math.max(x, 0)],
  ["floor", floor, Math.floor],
];

const EXACT = { rtol: 0, atol: 0 };
const boolArb = fc.constantFrom(0, 1);
const int32Arb = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

describeBackends("elementwise", (backend) => {
  for (const [name, op, f] of ARITHMETIC) {
    const tol = tolerance(backend, name);
    test.prop([broadcastPairArb()], { numRuns: runs(backend, 40) })(`${name} broadcasts`, async ([a, b]) => {
      await expectTensor(op(toTensor(a), toTensor(b)), mapBinary(a, b, f), backend, tol);
    });
  }

  for (const [name, op, f] of COMPARISONS) {
    test.prop([broadcastPairArb()], { numRuns: runs(backend, 30) })(`${name} broadcasts`, async ([a, b]) => {
      const out = op(toTensor(a), toTensor(b));
      expect(out.dtype).toBe("bool");
      await expectTensor(out, mapBinary(a, b, f), backend);
    });
  }

  for (const [name, op, f] of UNARY) {
    const tol = tolerance(backend, name);
    test.prop([arrayArb()], { numRuns: runs(backend, 30) })(`${name} values`, async (x) => {
      await expectTensor(op(toTensor(x)), mapUnary(x, f), backend, tol);
    });
  }

  test.prop([broadcastPairArb(boolArb)], { numRuns: runs(backend, 30) })("logicalAnd broadcasts", async ([a, b]) => {
    await expectTensor(logicalAnd(toTensor(a, "bool"), toTensor(b, "bool")), mapBinary(a, b, (x, y) => Number(x && y)), backend);
  });

  test.prop([broadcastPairArb(boolArb)], { numRuns: runs(backend, 30) })("logicalOr broadcasts", async ([a, b]) => {
    await expectTensor(logicalOr(toTensor(a, "bool"), toTensor(b, "bool")), mapBinary(a, b, (x, y) => Number(x || y)), backend);
  });

  test.prop([arrayArb({}, boolArb)], { numRuns: runs(backend, 30) })("logicalNot values", async (x) => {
    await expectTensor(logicalNot(toTensor(x, "bool")), mapUnary(x, (v) => Number(!v)), backend);
  });

  test.prop([broadcastGroupArb(3)], { numRuns: runs(backend, 40) })("where broadcasts three operands", async ([c, a, b]) => {
    const condition: NdArray = { shape: c.shape, data: c.data.map((v) => Number(v > 0)) };
    const picked = mapBinary(mapBinary(condition, a, (s, x) => (s ? x : NaN)), b, (x, y) => (Number.isNaN(x) ? y : x));
    await expectTensor(where(toTensor(condition, "bool"), toTensor(a), toTensor(b)), picked, backend);
  });

  test.prop([arrayArb(), fc.integer({ min: -16, max: 16 }), fc.integer({ min: 0, max: 16 })], { numRuns: runs(backend, 40) })(
    "clip bounds values",
    async (x, lo, width) => {
      const [min, max] = [lo / 4, (lo + width) / 4];
      await expectTensor(clip(toTensor(x), min, max), mapUnary(x, (v) => Math.min(Math.max(v, min), max)), backend);
    },
  );

  test.prop([broadcastPairArb(int32Arb)], { numRuns: runs(backend, 40) })("i32 add wraps", async ([a, b]) => {
    await expectTensor(add(toTensor(a, "i32"), toTensor(b, "i32")), mapBinary(a, b, (x, y) => (x + y) | 0), backend, EXACT);
  });

  test.prop([broadcastPairArb(int32Arb)], { numRuns: runs(backend, 40) })("i32 sub wraps", async ([a, b]) => {
    await expectTensor(sub(toTensor(a, "i32"), toTensor(b, "i32")), mapBinary(a, b, (x, y) => (x - y) | 0), backend, EXACT);
  });

  test.prop([broadcastPairArb(int32Arb)], { numRuns: runs(backend, 40) })("i32 mul wraps", async ([a, b]) => {
    await expectTensor(mul(toTensor(a, "i32"), toTensor(b, "i32")), mapBinary(a, b, Math.imul), backend, EXACT);
  });

  test.prop([broadcastPairArb(int32Arb)], { numRuns: runs(backend, 40) })("i32 comparisons exact", async ([a, b]) => {
    const [ta, tb] = [toTensor(a, "i32"), toTensor(b, "i32")];
    await expectTensor(less(ta, tb), mapBinary(a, b, (x, y) => Number(x < y)), backend);
    await expectTensor(equal(ta, tb), mapBinary(a, b, (x, y) => Number(x === y)), backend);
  });

  describe("i32 arithmetic", () => {
    const i32 = (values: number[]) => tensor(values, "i32");
    const INT_MAX = 2147483647;
    const INT_MIN = -2147483648;
    const values = (t: Tensor) => readNested(t, backend);

    test("add overflow wraps", async () => {
      expect(await values(i32([INT_MAX]).add(1))).toEqual([INT_MIN]);
    });

    test("sub underflow wraps", async () => {
      expect(await values(i32([INT_MIN]).sub(1))).toEqual([INT_MAX]);
    });

    test("mul overflow wraps", async () => {
      expect(await values(i32([65536, INT_MAX]).mul(i32([65536, 2])))).toEqual([0, -2]);
    });

    test("neg of INT_MIN wraps", async () => {
      expect(await values(i32([INT_MIN]).neg())).toEqual([INT_MIN]);
    });

    test("abs of INT_MIN wraps", async () => {
      expect(await values(i32([INT_MIN]).abs())).toEqual([INT_MIN]);
    });

    test("div truncates toward zero", async () => {
      expect(await values(i32([7, -7, 7, -7]).div(i32([2, 2, -2, -2])))).toEqual([3, -3, -3, 3]);
    });

    test("div by zero returns dividend", async () => {
      expect(await values(i32([5, -5, 0]).div(0))).toEqual([5, -5, 0]);
    });

    test("div INT_MIN by -1 returns dividend", async () => {
      expect(await values(i32([INT_MIN]).div(-1))).toEqual([INT_MIN]);
    });

    test("weak scalar keeps i32", async () => {
      const out = i32([1, 2]).add(3);
      expect(out.dtype).toBe("i32");
      expect(await values(out)).toEqual([4, 5]);
    });

    test("floor is identity", async () => {
      expect(await values(floor(i32([-3, 4])))).toEqual([-3, 4]);
    });

    test("sign of i32", async () => {
      expect(await values(i32([-7, 0, 9]).sign())).toEqual([-1, 0, 1]);
    });

    // 2^24 and 2^24 + 1 round to the same float32, so the two graphs differ only in i32 bits.
    test("i32 constants above 2^24 stay exact", async () => {
      expect(await values(i32([16777216, 0]).add(1))).toEqual([16777217, 1]);
      expect(await values(i32([16777217, 0]).add(1))).toEqual([16777218, 1]);
    });
  });

  describe("cast", () => {
    const values = (t: Tensor) => readNested(t, backend);

    test("f32 to i32 truncates", async () => {
      expect(await values(cast(tensor([1.9, -1.9, 0.5, -0.5]), "i32"))).toEqual([1, -1, 0, 0]);
    });

    test("f32 to i32 saturates", async () => {
      expect(await values(cast(tensor([3e9, -3e9, Infinity, -Infinity]), "i32"))).toEqual([2147483647, -2147483648, 2147483647, -2147483648]);
    });

    test("f32 NaN to i32 is zero", async () => {
      expect(await read(cast(tensor([NaN]), "i32"), backend)).toEqual([0]);
    });

    test("f32 to bool is nonzero", async () => {
      expect(await values(cast(tensor([0, -0, 0.5, -2, NaN, -Infinity]), "bool"))).toEqual([false, false, true, true, true, true]);
    });

    test("bool to f32 and i32", async () => {
      const flags = tensor([true, false, true]);
      expect(await read(cast(flags, "f32"), backend)).toEqual([1, 0, 1]);
      expect(await read(cast(flags, "i32"), backend)).toEqual([1, 0, 1]);
    });

    test("i32 to bool is nonzero", async () => {
      expect(await values(cast(tensor([0, -3, 7], "i32"), "bool"))).toEqual([false, true, true]);
    });

    test("i32 to f32 exact below 2^24", async () => {
      expect(await read(cast(tensor([16777216, -5], "i32"), "f32"), backend)).toEqual([16777216, -5]);
    });

    // 2^24 + 1 is the smallest integer that float32 cannot hold, and cpu64 keeps f32 tensors in float64.
    test("i32 to f32 above 2^24", async () => {
      expect(await read(cast(tensor([16777217], "i32"), "f32"), backend)).toEqual([backend.roundF32(16777217)]);
    });
  });

  describe("NaN semantics", () => {
    const values = (t: Tensor) => readNested(t, backend);

    test("maximum propagates NaN", async () => {
      expect(await values(tensor([NaN, 1]).maximum(tensor([1, NaN])))).toEqual([NaN, NaN]);
    });

    test("minimum propagates NaN", async () => {
      expect(await values(tensor([NaN, 1]).minimum(tensor([1, NaN])))).toEqual([NaN, NaN]);
    });

    test("comparisons with NaN are false", async () => {
      const x = tensor([NaN]);
      expect(await values(x.less(1))).toEqual([false]);
      expect(await values(x.greaterEqual(1))).toEqual([false]);
      expect(await values(x.equal(x))).toEqual([false]);
    });

    test("notEqual NaN is true", async () => {
      const x = tensor([NaN]);
      expect(await values(x.notEqual(x))).toEqual([true]);
    });

    test("clip keeps NaN", async () => {
      expect(await values(tensor([NaN]).clip(0, 1))).toEqual([NaN]);
    });

    test("sign of NaN is NaN", async () => {
      expect(await values(tensor([NaN, -0]).sign())).toEqual([NaN, 0]);
    });

    test("div by zero scalar", async () => {
      const x = tensor([0, 1, -1, NaN, Infinity, -Infinity]);
      expect(await values(x.div(0))).toEqual([NaN, Infinity, -Infinity, NaN, Infinity, -Infinity]);
    });

    test("div by negative zero scalar", async () => {
      const x = tensor([0, 1, -1, NaN, Infinity, -Infinity]);
      expect(await values(x.div(-0))).toEqual([NaN, -Infinity, Infinity, NaN, -Infinity, Infinity]);
    });

    // A shader compiler can prove these divisors zero. WGSL lets it assume that no infinity
    // occurs, so it may fold the quotient to any value.
    test("div by computed zero", async () => {
      const x = tensor([0, 1, -1, NaN, Infinity, -Infinity]);
      const y = tensor([3, 3, 3, 3, 3, 3]);
      const expected = [NaN, Infinity, -Infinity, NaN, Infinity, -Infinity];
      expect(await values(x.div(y.sub(y)))).toEqual(expected);
      expect(await values(x.div(y.mul(0)))).toEqual(expected);
      expect(await values(x.div(scalar(0).add(0)))).toEqual(expected);
    });

    test("compiled div by computed zero", async () => {
      const f = compile((x: Tensor, y: Tensor) => stack([x.div(y.sub(y)), x.div(y.mul(0)), x.div(scalar(0).add(0))]));
      const row = [NaN, Infinity, -Infinity, NaN, Infinity, -Infinity];
      const out = withBackend(backend.name, () => f(tensor([0, 1, -1, NaN, Infinity, -Infinity]), tensor([3, 3, 3, 3, 3, 3])));
      expect(await values(out)).toEqual([row, row, row]);
    });

    test("reciprocal of signed zeros", async () => {
      expect(await values(tensor([0, -0]).reciprocal())).toEqual([Infinity, -Infinity]);
      expect(await values(scalar(-0).reciprocal())).toEqual(-Infinity);
    });

    // Shader compilers that assume no NaN or infinity fold x · 0 and x - x to 0.
    test("mul by zero keeps NaN", async () => {
      const x = tensor([Infinity, -Infinity, NaN, 2]);
      expect(await values(x.mul(0))).toEqual([NaN, NaN, NaN, 0]);
      expect(await values(mul(0, x))).toEqual([NaN, NaN, NaN, 0]);
      expect(await values(x.mul(x).mul(0))).toEqual([NaN, NaN, NaN, 0]);
    });

    test("sub of itself keeps NaN", async () => {
      const x = tensor([Infinity, -Infinity, NaN, 2]);
      expect(await values(x.sub(x))).toEqual([NaN, NaN, NaN, 0]);
      expect(await values(x.exp().sub(x.exp()))).toEqual([NaN, 0, NaN, 0]);
    });

    test("negative zero scalar", async () => {
      expect(await values(scalar(-0).add(-0))).toBe(-0);
      expect(await values(full([1], -0))).toEqual([-0]);
    });

    test("rsqrt of signed zeros", async () => {
      expect(await values(tensor([0, -0]).rsqrt())).toEqual([Infinity, -Infinity]);
      expect(await values(scalar(-0).rsqrt())).toEqual(-Infinity);
    });
  });

  describe("scalar operands", () => {
    const values = (t: Tensor) => readNested(t, backend);

    test("number on the left", async () => {
      expect(await values(sub(10, tensor([1, 2])))).toEqual([9, 8]);
    });

    test("boolean with bool tensor", async () => {
      expect(await values(logicalAnd(tensor([true, false]), true))).toEqual([true, false]);
    });

    test("where with number branches", async () => {
      expect(await values(where(tensor([true, false]), 1, 2))).toEqual([1, 2]);
    });

    test("where with constant condition", async () => {
      expect(await values(where(false, tensor([1, 2]), 0))).toEqual([0, 0]);
    });

    test("where keeps i32", async () => {
      const out = where(tensor([true, false]), tensor([1, 2], "i32"), 0);
      expect(out.dtype).toBe("i32");
      expect(await values(out)).toEqual([1, 0]);
    });
  });
});

describe("cast", () => {
  test("same dtype returns input", () => {
    const x = tensor([1, 2]);
    expect(cast(x, "f32")).toBe(x);
  });

  test("result dtype", () => {
    expect(cast(tensor([1.5]), "i32").dtype).toBe("i32");
  });
});
