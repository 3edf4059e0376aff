/**
 * Every primitive's VJP and JVP, checked against central differences on the float64 oracle over
 * random shapes (rank 0, size-1 broadcast dimensions), in one table swept by one test. The table
 * is keyed by the primitive enum, so a new primitive without a case fails `tsc`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { Primitive, type Tensor } from "@kiln/tensor";
import { checkGradients } from "@kiln/testing";

interface GradCase {
  /** Draws a function and its arguments. */
  arb: fc.Arbitrary<{ fn: (...args: Tensor[]) => Tensor; args: Tensor[] }>;
  /** Highest derivative order checked (default 2). */
  order?: 1 | 2;
}

/** Why a primitive has no finite-difference case, checked by an exact-zero or leaf test below. */
type Exempt = { exempt: string };

const dim = fc.integer({ min: 1, max: 3 });
const shapeArb = (minRank = 0, maxRank = 3) => fc.array(dim, { minLength: minRank, maxLength: maxRank });

/** An f32 tensor with float64-exact values in [min, max], at least `gap` away from zero if set. */
function floats(shape: number[], min = -2, max = 2, gap = 0): fc.Arbitrary<Tensor> {
  const size = shape.reduce((n, d) => n * d, 1);
  const value = fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true })
    .map((v) => (gap > 0 && Math.abs(v) < gap ? (v < 0 ? -gap : gap) : v));
  return fc.array(value, { minLength: size, maxLength: size }).map((vs) => k.fromArray(Float64Array.from(vs), shape));
}

/**
 * Values spread at least 0.1 apart, so max/min have no near-ties. `offset` shifts the grid, so
 * two tensors drawn with offsets 0 and 0.05 never tie elementwise (maximum, minimum).
 */
function distinct(shape: number[], offset = 0): fc.Arbitrary<Tensor> {
  const size = shape.reduce((n, d) => n * d, 1);
  return fc
    .shuffledSubarray(
      Array.from({ length: 40 }, (_, i) => (i - 20) / 10 + 0.013 + offset),
      { minLength: size, maxLength: size },
    )
    .map((vs) => k.fromArray(Float64Array.from(vs), shape));
}

/** A pair of shapes that broadcast against each other (size-1 dims and differing ranks). */
const broadcastPair = shapeArb().chain((full) =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }),
      fc.integer({ min: 0, max: full.length }),
    )
    .map(([ones, drop]) => [full, full.map((d, i) => (ones[i] ? 1 : d)).slice(drop)] as [number[], number[]]),
);

function unaryCase(fn: (x: Tensor) => Tensor, min = -2, max = 2, gap = 0): GradCase {
  return { arb: shapeArb().chain((s) => floats(s, min, max, gap)).map((x) => ({ fn, args: [x] })) };
}

function binaryCase(fn: (a: Tensor, b: Tensor) => Tensor, bMin = -2, bMax = 2, bGap = 0, aMin = -2, aMax = 2): GradCase {
  return {
    arb: broadcastPair.chain(([sa, sb]) =>
      fc.tuple(floats(sa, aMin, aMax), floats(sb, bMin, bMax, bGap)).map(([a, b]) => ({ fn, args: [a, b] })),
    ),
  };
}

/** Random non-empty subsets of the axes of a shape, as negative or positive indices. */
function axesOf(rank: number): fc.Arbitrary<number[]> {
  return fc.subarray(Array.from({ length: rank }, (_, i) => i), { minLength: 1 });
}

function reduceCase(reduce: (x: Tensor, axes: number[]) => Tensor, values: (s: number[]) => fc.Arbitrary<Tensor>): GradCase {
  return {
    arb: shapeArb(1)
      .chain((s) => fc.tuple(values(s), axesOf(s.length)))
      .map(([x, axes]) => ({ fn: (t: Tensor) => reduce(t, axes), args: [x] })),
  };
}

const CASES: Record<Primitive, GradCase | Exempt> = {
  [Primitive.Constant]: { exempt: "leaf" },
  [Primitive.Input]: { exempt: "leaf" },
  [Primitive.Iota]: { exempt: "leaf" },
  [Primitive.RandomBits]: { exempt: "leaf" },

  [Primitive.Neg]: unaryCase(k.neg),
  [Primitive.Abs]: unaryCase(k.abs, -2, 2, 0.1),
  [Primitive.Sign]: { exempt: "piecewise constant: zero gradient" },
  [Primitive.Exp]: unaryCase(k.exp),
  [Primitive.Log]: unaryCase(k.log, 0.2, 3),
  [Primitive.Log1p]: unaryCase(k.log1p, -0.8, 3),
  [Primitive.Expm1]: unaryCase(k.expm1),
  [Primitive.Sqrt]: unaryCase(k.sqrt, 0.2, 3),
  [Primitive.Rsqrt]: unaryCase(k.rsqrt, 0.2, 3),
  [Primitive.Reciprocal]: unaryCase(k.reciprocal, -2, 2, 0.3),
  [Primitive.Sin]: unaryCase(k.sin),
  [Primitive.Cos]: unaryCase(k.cos),
  [Primitive.Tanh]: unaryCase(k.tanh),
  [Primitive.Sigmoid]: unaryCase(k.sigmoid),
  [Primitive.Erf]: unaryCase(k.erf),
  [Primitive.Floor]: { exempt: "piecewise constant: zero gradient" },
  [Primitive.Not]: { exempt: "bool" },
  [Primitive.Cast]: { exempt: "f32 to f32 is the identity; other casts have no gradient" },
  [Primitive.StopGradient]: { exempt: "zero gradient by definition" },

  [Primitive.Add]: binaryCase(k.add),
  [Primitive.Sub]: binaryCase(k.sub),
  [Primitive.Mul]: binaryCase(k.mul),
  [Primitive.Div]: binaryCase(k.div, -2, 2, 0.3),
  [Primitive.Pow]: binaryCase(k.pow, -2, 2, 0, 0.3, 2),
  [Primitive.Maximum]: { arb: shapeArb().chain((s) => fc.tuple(distinct(s), distinct(s, 0.05))).map(([a, b]) => ({ fn: k.maximum, args: [a, b] })) },
  [Primitive.Minimum]: { arb: shapeArb().chain((s) => fc.tuple(distinct(s), distinct(s, 0.05))).map(([a, b]) => ({ fn: k.minimum, args: [a, b] })) },
  [Primitive.Less]: { exempt: "bool output" },
  [Primitive.LessEqual]: { exempt: "bool output" },
  [Primitive.Equal]: { exempt: "bool output" },
  [Primitive.NotEqual]: { exempt: "bool output" },
  [Primitive.And]: { exempt: "bool output" },
  [Primitive.Or]: { exempt: "bool output" },

  [Primitive.Where]: {
    arb: shapeArb()
      .chain((s) => fc.tuple(fc.array(fc.boolean(), { minLength: s.reduce((n, d) => n * d, 1), maxLength: s.reduce((n, d) => n * d, 1) }), floats(s), floats(s), fc.constant(s)))
      .map(([mask, a, b, s]) => {
        const cond = k.fromArray(mask.map(Number), s, "bool");
        return { fn: (x: Tensor, y: Tensor) => k.where(cond, x, y), args: [a, b] };
      }),
  },

  [Primitive.ReduceSum]: reduceCase((x, axes) => k.sum(x, axes), (s) => floats(s)),
  [Primitive.ReduceMax]: reduceCase((x, axes) => k.max(x, axes), distinct),
  [Primitive.ReduceProd]: reduceCase((x, axes) => k.prod(x, axes), (s) => floats(s, -1.5, 1.5, 0.2)),
  [Primitive.ArgMax]: { exempt: "i32 output" },
  [Primitive.Argsort]: { exempt: "i32 output" },

  [Primitive.Reshape]: unaryCase((x) => k.reshape(x, [-1])),
  [Primitive.Permute]: {
    arb: shapeArb(1)
      .chain((s) => fc.tuple(floats(s), fc.shuffledSubarray([...s.keys()], { minLength: s.length, maxLength: s.length })))
      .map(([x, perm]) => ({ fn: (t: Tensor) => k.transpose(t, perm), args: [x] })),
  },
  [Primitive.Broadcast]: {
    arb: broadcastPair.chain(([full, small]) => floats(small).map((x) => ({ fn: (t: Tensor) => k.broadcastTo(t, full), args: [x] }))),
  },
  [Primitive.Slice]: {
    arb: fc
      .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 })
      .chain((s) =>
        fc.tuple(
          floats(s),
          fc.tuple(...s.map((d) => fc.tuple(fc.integer({ min: -d, max: d }), fc.integer({ min: -d, max: d }), fc.constantFrom(1, 2, 3, -1, -2)))),
        ),
      )
      .map(([x, spec]) => ({ fn: (t: Tensor) => k.slice(t, spec), args: [x] })),
  },
  [Primitive.Flip]: {
    arb: shapeArb(1)
      .chain((s) => fc.tuple(floats(s), axesOf(s.length)))
      .map(([x, axes]) => ({ fn: (t: Tensor) => k.flip(t, axes), args: [x] })),
  },
  [Primitive.Pad]: {
    arb: shapeArb(1)
      .chain((s) => fc.tuple(floats(s), fc.tuple(...s.map(() => fc.tuple(fc.nat(2), fc.nat(2))))))
      .map(([x, widths]) => ({ fn: (t: Tensor) => k.pad(t, widths, 0.5), args: [x] })),
  },
  [Primitive.Concat]: {
    arb: shapeArb(1)
      .chain((s) => fc.tuple(fc.integer({ min: 0, max: s.length - 1 }), fc.constant(s), dim))
      .chain(([axis, s, extra]) => {
        const other = s.map((d, i) => (i === axis ? extra : d));
        return fc.tuple(floats(s), floats(other)).map(([a, b]) => ({ fn: (x: Tensor, y: Tensor) => k.concat([x, y, x], axis), args: [a, b] }));
      }),
  },
  [Primitive.Gather]: {
    arb: shapeArb(1)
      .chain((s) => fc.tuple(floats(s), fc.integer({ min: 0, max: s.length - 1 }), fc.constant(s)))
      .chain(([x, axis, s]) =>
        fc.array(fc.integer({ min: 0, max: s[axis] - 1 }), { minLength: 1, maxLength: 5 }).map((idx) => ({
          // Repeated indices must accumulate in the gradient.
          fn: (t: Tensor) => k.take(t, k.tensor([...idx, idx[0]], "i32"), axis),
          args: [x],
        })),
      ),
  },
  [Primitive.ScatterAdd]: {
    arb: fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
      .chain(([count, size, inner]) =>
        fc.tuple(floats([count, inner]), fc.array(fc.integer({ min: 0, max: size - 1 }), { minLength: count, maxLength: count })).map(([u, idx]) => ({
          fn: (t: Tensor) => k.scatterAddInto(t, k.tensor(idx, "i32"), size, 0),
          args: [u],
        })),
      ),
  },

  [Primitive.Dot]: {
    arb: fc
      .tuple(shapeArb(0, 2), dim, dim, dim)
      .chain(([batch, m, kk, n]) => fc.tuple(floats([...batch, m, kk]), floats([...batch, kk, n])))
      .map(([a, b]) => ({ fn: (x: Tensor, y: Tensor) => k.matmul(x, y as never), args: [a, b] })),
  },

  [Primitive.CustomVjp]: {
    arb: shapeArb().chain((s) => floats(s)).map((x) => ({ fn: cubeWithCustomRule, args: [x] })),
  },
};

/** x³ with a hand-written reverse rule 3x²·g, so the custom rule is what the check exercises. */
const cubeWithCustomRule = k.customVjp(
  (x: Tensor) => [x.mul(x).mul(x), x] as [Tensor, Tensor],
  (x, g) => [g.mul(x.mul(x).mul(3))],
);

describe("primitive gradients", () => {
  const entries = Object.entries(CASES) as [Primitive, GradCase | Exempt][];
  it.each(entries.filter(([, c]) => "arb" in c).map(([p, c]) => [p, c as GradCase]))("%s VJP and JVP match finite differences", (_p, c) => {
    fc.assert(
      fc.property(c.arb, ({ fn, args }) => {
        checkGradients(fn, args, { order: c.order ?? 2 });
      }),
      { numRuns: 12, seed: 20261204 },
    );
  });

  it("exempt primitives have zero gradients", () => {
    const x = k.tensor([-1.5, -0.2, 0.3, 2.7]);
    const zeroGrad = (f: (t: Tensor) => Tensor) => k.withBackend("cpu64", () => k.grad((t: Tensor) => f(t).sum())(x).toArraySync());
    expect(zeroGrad((t) => k.sign(t))).toEqual([0, 0, 0, 0]);
    expect(zeroGrad((t) => k.floor(t))).toEqual([0, 0, 0, 0]);
    expect(zeroGrad((t) => k.stopGradient(t).mul(t))).toEqual([-1.5, -0.2, 0.3, 2.7]);
    expect(zeroGrad((t) => k.cast(k.cast(t, "i32"), "f32"))).toEqual([0, 0, 0, 0]);
    expect(zeroGrad((t) => k.where(k.less(t, 0), t, 0))).toEqual([1, 1, 0, 0]);
  });
});
