import { describe, expect, test } from "vitest";
import {
  abs,
  crossEntropy,
  equal,
  jvp,
  max,
  prod,
  div,
  exp,
  grad,
  greater,
  less,
  log,
  notEqual,
  sqrt,
  where,
  gelu,
  l2Norm,
  logSigmoid,
  logSoftmax,
  logsumexp,
  normalize,
  pow,
  relu,
  silu,
  softmax,
  softplus,
  split,
  tensor,
  compile,
  Primitive,
  type Tensor,
} from "@kiln/tensor";
import { describeBackends, expectAllClose, read, toTensor, type Tolerance } from "./helpers.js";

const LN2 = Math.LN2;

describeBackends("numerics", (backend) => {
  const values = (t: Tensor) => read(t, backend);
  const expectValues = async (t: Tensor, expected: number[], tol: Tolerance = backend) => expectAllClose(await values(t), expected, tol);
  // The backend's atol would accept 0 for the values near zero that these precision tests use.
  const relative: Tolerance = { rtol: backend.rtol, atol: 0 };

  describe("logsumexp", () => {
    test("large equal inputs", async () => {
      await expectValues(logsumexp(tensor([1000, 1000])), [1000 + LN2]);
    });

    test("large negative inputs", async () => {
      await expectValues(logsumexp(tensor([-1000, -1000])), [-1000 + LN2]);
    });

    test("opposite extremes", async () => {
      await expectValues(logsumexp(tensor([1000, -1000])), [1000]);
    });

    test("partially masked row", async () => {
      await expectValues(logsumexp(tensor([0, -Infinity, 0])), [LN2]);
    });

    test("fully masked row is -Infinity", async () => {
      await expectValues(logsumexp(tensor([-Infinity, -Infinity])), [-Infinity]);
    });

    test("rows with keepdims", async () => {
      const out = logsumexp(tensor([[-Infinity, -Infinity], [1000, 1000]]), -1, { keepdims: true });
      expect(out.shape).toEqual([2, 1]);
      await expectValues(out, [-Infinity, 1000 + LN2]);
    });

    test("positive Infinity gives Infinity", async () => {
      await expectValues(logsumexp(tensor([Infinity, 0])), [Infinity]);
    });

    test("empty axis is -Infinity", async () => {
      const out = logsumexp(toTensor({ shape: [2, 0], data: [] }), 1);
      expect(out.shape).toEqual([2]);
      await expectValues(out, [-Infinity, -Infinity]);
    });
  });

  describe("softmax", () => {
    test("large equal inputs", async () => {
      await expectValues(softmax(tensor([1000, 1000])), [0.5, 0.5]);
    });

    test("opposite extremes", async () => {
      await expectValues(softmax(tensor([1000, -1000])), [1, 0]);
    });

    test("large negative inputs", async () => {
      await expectValues(softmax(tensor([-1000, -1000, -1000, -1000])), [0.25, 0.25, 0.25, 0.25]);
    });

    test("partially masked row", async () => {
      await expectValues(softmax(tensor([-Infinity, 0, 0])), [0, 0.5, 0.5]);
    });

    test("fully masked row is zeros", async () => {
      await expectValues(softmax(tensor([-Infinity, -Infinity, -Infinity])), [0, 0, 0]);
    });

    test("masked and unmasked rows", async () => {
      await expectValues(softmax(tensor([[-Infinity, -Infinity], [0, -Infinity]])), [0, 0, 1, 0]);
    });

    test("along axis 0", async () => {
      await expectValues(softmax(tensor([[1000, 0], [1000, -Infinity]]), 0), [0.5, 1, 0.5, 0]);
    });

    test("empty axis keeps shape", async () => {
      expect(softmax(toTensor({ shape: [2, 0], data: [] })).shape).toEqual([2, 0]);
    });
  });

  describe("logSoftmax", () => {
    test("opposite extremes", async () => {
      await expectValues(logSoftmax(tensor([1000, -1000])), [0, -2000]);
    });

    test("partially masked row", async () => {
      await expectValues(logSoftmax(tensor([-Infinity, 0])), [-Infinity, 0]);
    });

    test("large equal inputs", async () => {
      await expectValues(logSoftmax(tensor([1000, 1000])), [-LN2, -LN2]);
    });
  });

  describe("crossEntropy", () => {
    const logits = tensor([[1000, -1000], [-1000, 1000]]);

    test("class labels per row", async () => {
      await expectValues(crossEntropy(logits, tensor([0, 0], "i32"), { reduction: "none" }), [0, 2000]);
    });

    test("class labels mean", async () => {
      await expectValues(crossEntropy(logits, tensor([0, 0], "i32")), [1000]);
    });

    test("class labels sum", async () => {
      await expectValues(crossEntropy(logits, tensor([1, 0], "i32"), { reduction: "sum" }), [4000]);
    });

    test("probability labels", async () => {
      await expectValues(crossEntropy(logits, tensor([[0.5, 0.5], [0, 1]]), { reduction: "none" }), [1000, 0]);
    });

    test("masked logit with zero probability", async () => {
      await expectValues(crossEntropy(tensor([[0, -Infinity]]), tensor([[1, 0]])), [0]);
    });

    test("masked logit of other class", async () => {
      await expectValues(crossEntropy(tensor([[0, -Infinity]]), tensor([0], "i32")), [0]);
    });

    test("uniform logits", async () => {
      await expectValues(crossEntropy(tensor([[3, 3, 3, 3]]), tensor([2], "i32")), [Math.log(4)]);
    });

    test("class axis 0", async () => {
      const out = crossEntropy(tensor([[1000, -1000], [-1000, 1000]]), tensor([1, 0], "i32"), { axis: 0, reduction: "none" });
      await expectValues(out, [2000, 2000]);
    });

    test("label gradient at zero probability", async () => {
      // ∂loss/∂labels = -logSoftmax(logits), also for labels that are 0.
      const gradOfLabels = (row: number[]) => grad((y: Tensor) => crossEntropy(tensor([row]), y))(tensor([[0, 0.5, 0.5]]));
      const logZ = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
      await expectValues(gradOfLabels([1, 2, 3]), [logZ - 1, logZ - 2, logZ - 3]);
    });

    test("label gradient of a masked class", async () => {
      // The loss skips a zero label at a -Infinity logit, so its label gradient is 0, not +Infinity.
      const logZ = Math.log(Math.exp(2) + Math.exp(3));
      const g = grad((y: Tensor) => crossEntropy(tensor([[-Infinity, 2, 3]]), y))(tensor([[0, 0.5, 0.5]]));
      await expectValues(g, [0, logZ - 2, logZ - 3]);
    });
  });

  describe("normalize", () => {
    test("zero vector gives zeros", async () => {
      await expectValues(normalize(tensor([0, 0, 0])), [0, 0, 0]);
    });

    test("unit length", async () => {
      await expectValues(normalize(tensor([[3, 4], [0, 0]])), [0.6, 0.8, 0, 0]);
    });

    test("along axis 0", async () => {
      await expectValues(normalize(tensor([[3, 0], [4, 0]]), 0), [0.6, 0, 0.8, 0]);
    });

    test("l2Norm of zero is zero", async () => {
      await expectValues(l2Norm(tensor([0, 0])), [0]);
    });

    test("l2Norm of 3-4 is 5", async () => {
      await expectValues(l2Norm(tensor([3, 4])), [5]);
    });
  });

  describe("variance", () => {
    const row = [0.1, 0.1, 0.1, 0.1, 0.1];

    test("constant row is near zero", async () => {
      const [v] = await values(tensor([row]).variance(-1));
      expect(Math.abs(v)).toBeLessThan(1e-12);
    });

    test("large constant row is near zero", async () => {
      const [v] = await values(tensor([1e4 + 0.1, 1e4 + 0.1, 1e4 + 0.1]).variance());
      expect(Math.abs(v)).toBeLessThan(1e-6);
    });

    test("layer norm of constant row is finite", async () => {
      const x = tensor([row]);
      const y = x.sub(x.mean(-1, { keepdims: true })).div(x.variance(-1, { keepdims: true }).add(1e-5).sqrt());
      const out = await values(y);
      expect(out.every(Number.isFinite)).toBe(true);
      expect(Math.max(...out.map(Math.abs))).toBeLessThan(1e-3);
    });

    test("unbiased of two values", async () => {
      await expectValues(tensor([1, 3]).variance(0, { correction: 1 }), [2]);
    });
  });

  describe("activations at ±1000", () => {
    const extremes = tensor([1000, -1000]);

    test("sigmoid saturates", async () => {
      await expectValues(extremes.sigmoid(), [1, 0]);
    });

    test("tanh saturates", async () => {
      await expectValues(extremes.tanh(), [1, -1]);
    });

    test("softplus is linear and zero", async () => {
      await expectValues(softplus(extremes), [1000, 0]);
    });

    test("softplus at 0 is ln 2", async () => {
      await expectValues(softplus(tensor([0])), [LN2]);
    });

    test("logSigmoid is finite", async () => {
      await expectValues(logSigmoid(extremes), [0, -1000]);
    });

    test("silu saturates", async () => {
      await expectValues(silu(extremes), [1000, 0]);
    });

    test("exact gelu saturates", async () => {
      await expectValues(gelu(extremes), [1000, 0]);
    });

    test("tanh gelu saturates", async () => {
      await expectValues(gelu(extremes, { approximate: "tanh" }), [1000, 0]);
    });
  });

  describe("NaN inputs", () => {
    test("relu propagates NaN", async () => {
      await expectValues(relu(tensor([NaN, -1, 0, 2])), [NaN, 0, 0, 2]);
    });

    test("relu gradient passes through NaN", async () => {
      await expectValues(grad((x: Tensor) => relu(x).sum())(tensor([NaN, -1, 0, 2])), [1, 0, 0, 1]);
    });
  });

  describe("gradients through the branch a where does not take", () => {
    // The untaken branch is infinite or NaN at these points. Its zero cotangent must keep it out
    // of the gradient, where 0 · ∞ would be NaN.
    const x = tensor([0, 1, 2, -1]);
    const gradOf = (f: (t: Tensor) => Tensor, at: Tensor = x) => grad((t: Tensor) => f(t).sum())(at);

    test("log", async () => {
      await expectValues(gradOf((t) => where(greater(t, 0), log(t), 0)), [0, 1, 0.5, 0]);
    });

    test("x · log(x)", async () => {
      await expectValues(gradOf((t) => where(greater(t, 0), t.mul(log(t)), 0)), [0, 1, 1 + LN2, 0]);
    });

    test("sqrt and a quotient", async () => {
      await expectValues(gradOf((t) => where(greater(t, 0), sqrt(t), 0)), [0, 0.5, 0.5 / Math.SQRT2, 0]);
      await expectValues(gradOf((t) => where(notEqual(t, 0), div(1, t), 0)), [0, -1, -0.25, -1]);
    });

    test("exp past overflow", async () => {
      await expectValues(gradOf((t) => where(less(t, 100), exp(t), 0), tensor([1000, 0])), [0, 1]);
    });

    test("the taken branch keeps its infinite derivative", async () => {
      await expectValues(gradOf((t) => sqrt(t), tensor([0, 4])), [Infinity, 0.25]);
    });

    test("prod past overflow", async () => {
      const finiteProd = (t: Tensor) => {
        const y = prod(t, 0, { keepdims: true });
        return where(less(abs(y), Infinity), y, 0);
      };
      await expectValues(gradOf(finiteProd, tensor([Infinity, 2])), [0, 0]);
    });

    test("max of a NaN", async () => {
      const notNaNMax = (t: Tensor) => {
        const y = max(t, 0, { keepdims: true });
        return where(equal(y, y), y, 0);
      };
      await expectValues(gradOf(notNaNMax, tensor([NaN, 2])), [0, 0]);
    });
  });

  describe("products with a constant factor", () => {
    // The local derivative of x · c is the constant c. When c is finite, a zero cotangent times
    // c is 0, so the gradient's graph needs no guard for it.
    const guards = (f: (t: Tensor) => Tensor) => {
      const program = compile((t: Tensor) => grad((u: Tensor) => f(u).sum())(t)).trace(tensor([1, 2])).program;
      return program.nodes.filter((n) => n.op === Primitive.Where).length;
    };

    test("finite constants add no guard", () => {
      expect(guards((t) => t.mul(0.5).mul(tensor([3, -2])))).toBe(0);
      expect(guards((t) => log(t).mul(2))).toBe(1);
    });

    test("an infinite constant keeps its guard", async () => {
      expect(guards((t) => t.mul(Infinity))).toBe(1);
      const x = tensor([0, 1, -1]);
      await expectValues(grad((t: Tensor) => where(greater(t, 0), t.mul(Infinity), 0).sum())(x), [0, Infinity, 0]);
    });
  });

  describe("forward mode with zero tangents", () => {
    // A zero tangent times an infinite local derivative counts as 0, as a zero cotangent does
    // in reverse mode, so the directional derivative ignores inputs that do not move.
    const tangentOf = (f: (t: Tensor) => Tensor, at: number[], direction: number[]) => jvp((t: Tensor) => f(t).sum(), [tensor(at)], [tensor(direction)])[1];

    test("sqrt at 0", async () => {
      await expectValues(tangentOf((t) => sqrt(t), [0, 4], [0, 1]), [0.25]);
    });

    test("pow at 0", async () => {
      await expectValues(tangentOf((t) => pow(t, 0.5), [0, 4], [0, 1]), [0.25]);
    });

    test("one argument held fixed", async () => {
      const f = (x: Tensor, y: Tensor) => x.mul(2).add(sqrt(y));
      const [, tangent] = jvp(f, [tensor([1]), tensor([0])], [tensor([1]), tensor([0])]);
      await expectValues(tangent, [2]);
    });

    test("prod agrees with mul", async () => {
      // The product is infinite, but along [1, 0] only the finite factor 2 scales the tangent.
      await expectValues(tangentOf((t) => prod(t), [Infinity, 2], [1, 0]), [2]);
      const productOfTwo = (t: Tensor) => {
        const [a, b] = split(t, 2);
        return a.mul(b);
      };
      await expectValues(tangentOf(productOfTwo, [Infinity, 2], [1, 0]), [2]);
    });

    test("a moving input keeps its infinite derivative", async () => {
      await expectValues(tangentOf((t) => sqrt(t), [0, 4], [1, 1]), [Infinity]);
    });
  });

  describe("pow special values", () => {
    // [base, exponent] pairs whose result IEEE 754 fixes exactly. JavaScript's Math.pow agrees
    // except for 1^y (even for a NaN y) and (-1)^±Infinity, which are 1 in C99 and NumPy 2 and
    // NaN in Math.pow.
    const cases: [number, number][] = [
      [NaN, 0], [NaN, -0], [0, NaN], [1, NaN], [2, NaN], [-1, NaN],
      [Infinity, 0.5], [Infinity, -1], [-Infinity, 0.5], [-Infinity, -0.5], [-Infinity, 2], [-Infinity, 3], [-Infinity, -2], [-Infinity, -3],
      [0, 3], [0, -1], [0, -0.5], [-0, 3], [-0, 2], [-0, 0.5], [-0, -1], [-0, -2], [-0, -0.5],
      [2, Infinity], [0.5, Infinity], [-2, Infinity], [-0.5, -Infinity], [1, Infinity], [1, -Infinity], [-1, Infinity], [-1, -Infinity],
      [-2, 3], [-2, 2], [-2, -1], [-2, 0.5],
    ];
    const ieeePow = (a: number, b: number) => (a === 1 || (a === -1 && Math.abs(b) === Infinity) ? 1 : Math.pow(a, b));
    const expected = cases.map(([a, b]) => ieeePow(a, b));

    test("match IEEE 754", async () => {
      const out = pow(tensor(cases.map(([a]) => a)), tensor(cases.map(([, b]) => b)));
      await expectValues(out, expected);
    });

    test("exponent gradient at a zero base is 0", async () => {
      // 0^b is constant in b on each side of 0 (0 for b > 0, Infinity for b < 0).
      const exponents = tensor([-1, -0.5, 0, 0.5, 1, 2]);
      await expectValues(grad((b: Tensor) => pow(0, b).sum())(exponents), [0, 0, 0, 0, 0, 0]);
    });

    test("keep the sign of zero results", async () => {
      const out = await values(pow(tensor(cases.map(([a]) => a)), tensor(cases.map(([, b]) => b))));
      expected.forEach((want, i) => {
        if (want === 0) expect(Object.is(out[i], want), `pow(${cases[i][0]}, ${cases[i][1]}) = ${out[i]}`).toBe(true);
      });
    });
  });

  describe("gelu", () => {
    const points = tensor([-3, -1, 0, 0.5, 1, 3]);

    test("exact at known points", async () => {
      await expectValues(points.gelu(), [-0.00404969409489031, -0.15865525393145707, 0, 0.34573123063700656, 0.8413447460685429, 2.99595030590511]);
    });

    test("tanh variant at known points", async () => {
      await expectValues(points.gelu("tanh"), [
        -0.0036373920817729943, -0.15880800939172324, 0, 0.34571400982514394, 0.8411919906082768, 2.996362607918227,
      ]);
    });
  });

  describe("erf", () => {
    test("known points", async () => {
      const x = tensor([0, 0.1, 0.5, -0.5, 1, 2, 2.5, 3, 4]);
      await expectValues(x.erf(), [
        0, 0.1124629160182849, 0.5204998778130465, -0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.999593047982555,
        0.9999779095030014, 0.9999999845827421,
      ]);
    });

    test("limits", async () => {
      await expectValues(tensor([10, -Infinity, Infinity]).erf(), [1, -1, 1]);
    });

    test("NaN stays NaN", async () => {
      await expectValues(tensor([NaN]).erf(), [NaN]);
    });
  });

  describe("tiny inputs", () => {
    // The float32 backends round the input first, so the expected values use that input.
    const tiny = backend.roundF32(1e-10);

    test("erf is linear", async () => {
      await expectValues(tensor([tiny]).erf(), [(2 / Math.sqrt(Math.PI)) * tiny], relative);
    });

    test("log1p keeps precision", async () => {
      await expectValues(tensor([tiny]).log1p(), [tiny - tiny ** 2 / 2], relative);
    });

    test("expm1 keeps precision", async () => {
      await expectValues(tensor([tiny]).expm1(), [tiny + tiny ** 2 / 2], relative);
    });

    test("log1p of -1 is -Infinity", async () => {
      await expectValues(tensor([-1]).log1p(), [-Infinity]);
    });

    test("expm1 of -1000 is -1", async () => {
      await expectValues(tensor([-1000]).expm1(), [-1]);
    });

    test("tanh is linear", async () => {
      await expectValues(tensor([tiny, -tiny]).tanh(), [tiny, -tiny], relative);
    });
  });

  describe("huge inputs", () => {
    // A log1p that forms log(1 + x)·x before dividing overflows f32 above about 4e36, although
    // the result is below 89.
    const huge = [1e37, 3.4e38].map(backend.roundF32);

    test("log1p stays finite", async () => {
      await expectValues(tensor(huge).log1p(), huge.map(Math.log1p), relative);
    });
  });

  describe("small inputs", () => {
    // Where exp(x) - 1 and 1 - exp(-2|x|) lose most of their digits to cancellation.
    const small = [1e-6, -2e-5, 1e-4, -3e-3, 2e-2, 0.3, -0.45].map(backend.roundF32);

    test("expm1 keeps precision", async () => {
      await expectValues(tensor(small).expm1(), small.map(Math.expm1), relative);
    });

    test("log1p keeps precision", async () => {
      await expectValues(tensor(small).log1p(), small.map(Math.log1p), relative);
    });

    test("tanh keeps precision", async () => {
      await expectValues(tensor(small).tanh(), small.map(Math.tanh), relative);
    });
  });
});
