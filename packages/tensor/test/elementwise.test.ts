import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import {
  add,
  cast,
  clip,
  div,
  equal,
  floor,
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
  sub,
  tensor,
  where,
  withBackend,
  type Tensor,
} from "@kiln/tensor";
import { arrayArb, BACKENDS, broadcastGroupArb, broadcastPairArb, expectTensor, read, toTensor } from "./helpers.js";
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

const boolArb = fc.constantFrom(0, 1);
const int32Arb = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

describe.each(BACKENDS)("elementwise on $name", (backend) => {
  for (const [name, op, f] of ARITHMETIC) {
    test.prop([broadcastPairArb()], { numRuns: 40 })(`${name} broadcasts`, ([a, b]) => {
      expectTensor(op(toTensor(a), toTensor(b)), mapBinary(a, b, f), backend);
    });
  }

  for (const [name, op, f] of COMPARISONS) {
    test.prop([broadcastPairArb()], { numRuns: 30 })(`${name} broadcasts`, ([a, b]) => {
      const out = op(toTensor(a), toTensor(b));
      expect(out.dtype).toBe("bool");
      expectTensor(out, mapBinary(a, b, f), backend);
    });
  }

  for (const [name, op, f] of UNARY) {
    test.prop([arrayArb()], { numRuns: 30 })(`${name} values`, (x) => {
      expectTensor(op(toTensor(x)), mapUnary(x, f), backend);
    });
  }

  test.prop([broadcastPairArb(boolArb)], { numRuns: 30 })("logicalAnd broadcasts", ([a, b]) => {
    expectTensor(logicalAnd(toTensor(a, "bool"), toTensor(b, "bool")), mapBinary(a, b, (x, y) => Number(x && y)), backend);
  });

  test.prop([broadcastPairArb(boolArb)], { numRuns: 30 })("logicalOr broadcasts", ([a, b]) => {
    expectTensor(logicalOr(toTensor(a, "bool"), toTensor(b, "bool")), mapBinary(a, b, (x, y) => Number(x || y)), backend);
  });

  test.prop([arrayArb({}, boolArb)], { numRuns: 30 })("logicalNot values", (x) => {
    expectTensor(logicalNot(toTensor(x, "bool")), mapUnary(x, (v) => Number(!v)), backend);
  });

  test.prop([broadcastGroupArb(3)], { numRuns: 40 })("where broadcasts three operands", ([c, a, b]) => {
    const condition: NdArray = { shape: c.shape, data: c.data.map((v) => Number(v > 0)) };
    const picked = mapBinary(mapBinary(condition, a, (s, x) => (s ? x : NaN)), b, (x, y) => (Number.isNaN(x) ? y : x));
    expectTensor(where(toTensor(condition, "bool"), toTensor(a), toTensor(b)), picked, backend);
  });

  test.prop([arrayArb(), fc.integer({ min: -16, max: 16 }), fc.integer({ min: 0, max: 16 })], { numRuns: 40 })(
    "clip bounds values",
    (x, lo, width) => {
      const [min, max] = [lo / 4, (lo + width) / 4];
      expectTensor(clip(toTensor(x), min, max), mapUnary(x, (v) => Math.min(Math.max(v, min), max)), backend);
    },
  );

  test.prop([broadcastPairArb(int32Arb)], { numRuns: 40 })("i32 add wraps", ([a, b]) => {
    expectTensor(add(toTensor(a, "i32"), toTensor(b, "i32")), mapBinary(a, b, (x, y) => (x + y) | 0), backend, { rtol: 0, atol: 0 });
  });

  test.prop([broadcastPairArb(int32Arb)], { numRuns: 40 })("i32 sub wraps", ([a, b]) => {
    expectTensor(sub(toTensor(a, "i32"), toTensor(b, "i32")), mapBinary(a, b, (x, y) => (x - y) | 0), backend, { rtol: 0, atol: 0 });
  });

  test.prop([broadcastPairArb(int32Arb)], { numRuns: 40 })("i32 mul wraps", ([a, b]) => {
    expectTensor(mul(toTensor(a, "i32"), toTensor(b, "i32")), mapBinary(a, b, Math.imul), backend, { rtol: 0, atol: 0 });
  });

  test.prop([broadcastPairArb(int32Arb)], { numRuns: 40 })("i32 comparisons exact", ([a, b]) => {
    const [ta, tb] = [toTensor(a, "i32"), toTensor(b, "i32")];
    expectTensor(less(ta, tb), mapBinary(a, b, (x, y) => Number(x < y)), backend);
    expectTensor(equal(ta, tb), mapBinary(a, b, (x, y) => Number(x === y)), backend);
  });
});

describe("i32 arithmetic", () => {
  const i32 = (values: number[]) => tensor(values, "i32");
  const INT_MAX = 2147483647;
  const INT_MIN = -2147483648;

  test("add overflow wraps", () => {
    expect(i32([INT_MAX]).add(1).toArraySync()).toEqual([INT_MIN]);
  });

  test("sub underflow wraps", () => {
    expect(i32([INT_MIN]).sub(1).toArraySync()).toEqual([INT_MAX]);
  });

  test("mul overflow wraps", () => {
    expect(i32([65536, INT_MAX]).mul(i32([65536, 2])).toArraySync()).toEqual([0, -2]);
  });

  test("neg of INT_MIN wraps", () => {
    expect(i32([INT_MIN]).neg().toArraySync()).toEqual([INT_MIN]);
  });

  test("abs of INT_MIN wraps", () => {
    expect(i32([INT_MIN]).abs().toArraySync()).toEqual([INT_MIN]);
  });

  test("div truncates toward zero", () => {
    expect(i32([7, -7, 7, -7]).div(i32([2, 2, -2, -2])).toArraySync()).toEqual([3, -3, -3, 3]);
  });

  test("div by zero returns dividend", () => {
    expect(i32([5, -5, 0]).div(0).toArraySync()).toEqual([5, -5, 0]);
  });

  test("div INT_MIN by -1 returns dividend", () => {
    expect(i32([INT_MIN]).div(-1).toArraySync()).toEqual([INT_MIN]);
  });

  test("weak scalar keeps i32", () => {
    const out = i32([1, 2]).add(3);
    expect(out.dtype).toBe("i32");
    expect(out.toArraySync()).toEqual([4, 5]);
  });

  test("floor is identity", () => {
    expect(floor(i32([-3, 4])).toArraySync()).toEqual([-3, 4]);
  });

  test("sign of i32", () => {
    expect(i32([-7, 0, 9]).sign().toArraySync()).toEqual([-1, 0, 1]);
  });
});

describe("cast", () => {
  const FLOATS = [1.9, -1.9, 0.5, -0.5, 3e9, -3e9, Infinity, -Infinity, NaN];

  describe.each(BACKENDS)("on $name", (backend) => {
    test("f32 to i32 truncates", () => {
      const out = withBackend(backend.name, () => cast(tensor(FLOATS.slice(0, 4)), "i32").toArraySync());
      expect(out).toEqual([1, -1, 0, 0]);
    });

    test("f32 to i32 saturates", () => {
      const out = withBackend(backend.name, () => cast(tensor([3e9, -3e9, Infinity, -Infinity]), "i32").toArraySync());
      expect(out).toEqual([2147483647, -2147483648, 2147483647, -2147483648]);
    });

    test("f32 NaN to i32 is zero", () => {
      expect(read(cast(tensor([NaN]), "i32"), backend.name)).toEqual([0]);
    });

    test("f32 to bool is nonzero", () => {
      const out = withBackend(backend.name, () => cast(tensor([0, -0, 0.5, -2, NaN, -Infinity]), "bool").toArraySync());
      expect(out).toEqual([false, false, true, true, true, true]);
    });

    test("bool to f32 and i32", () => {
      const flags = tensor([true, false, true]);
      expect(read(cast(flags, "f32"), backend.name)).toEqual([1, 0, 1]);
      expect(read(cast(flags, "i32"), backend.name)).toEqual([1, 0, 1]);
    });

    test("i32 to bool is nonzero", () => {
      expect(withBackend(backend.name, () => cast(tensor([0, -3, 7], "i32"), "bool").toArraySync())).toEqual([false, true, true]);
    });

    test("i32 to f32 exact below 2^24", () => {
      expect(read(cast(tensor([16777216, -5], "i32"), "f32"), backend.name)).toEqual([16777216, -5]);
    });
  });

  test("i32 to f32 rounds on cpu", () => {
    expect(read(cast(tensor([16777217], "i32"), "f32"), "cpu")).toEqual([16777216]);
  });

  test("i32 to f32 exact on cpu64", () => {
    expect(read(cast(tensor([16777217], "i32"), "f32"), "cpu64")).toEqual([16777217]);
  });

  test("same dtype returns input", () => {
    const x = tensor([1, 2]);
    expect(cast(x, "f32")).toBe(x);
  });

  test("result dtype", () => {
    expect(cast(tensor([1.5]), "i32").dtype).toBe("i32");
  });
});

describe("NaN semantics", () => {
  test("maximum propagates NaN", () => {
    expect(tensor([NaN, 1]).maximum(tensor([1, NaN])).toArraySync()).toEqual([NaN, NaN]);
  });

  test("minimum propagates NaN", () => {
    expect(tensor([NaN, 1]).minimum(tensor([1, NaN])).toArraySync()).toEqual([NaN, NaN]);
  });

  test("comparisons with NaN are false", () => {
    const x = tensor([NaN]);
    expect(x.less(1).toArraySync()).toEqual([false]);
    expect(x.greaterEqual(1).toArraySync()).toEqual([false]);
    expect(x.equal(x).toArraySync()).toEqual([false]);
  });

  test("notEqual NaN is true", () => {
    const x = tensor([NaN]);
    expect(x.notEqual(x).toArraySync()).toEqual([true]);
  });

  test("clip keeps NaN", () => {
    expect(tensor([NaN]).clip(0, 1).toArraySync()).toEqual([NaN]);
  });

  test("sign of NaN is NaN", () => {
    expect(tensor([NaN, -0]).sign().toArraySync()).toEqual([NaN, 0]);
  });
});

describe("scalar operands", () => {
  test("number on the left", () => {
    expect(sub(10, tensor([1, 2])).toArraySync()).toEqual([9, 8]);
  });

  test("boolean with bool tensor", () => {
    expect(logicalAnd(tensor([true, false]), true).toArraySync()).toEqual([true, false]);
  });

  test("where with number branches", () => {
    expect(where(tensor([true, false]), 1, 2).toArraySync()).toEqual([1, 2]);
  });

  test("where with constant condition", () => {
    expect(where(false, tensor([1, 2]), 0).toArraySync()).toEqual([0, 0]);
  });

  test("where keeps i32", () => {
    const out = where(tensor([true, false]), tensor([1, 2], "i32"), 0);
    expect(out.dtype).toBe("i32");
  });
});
