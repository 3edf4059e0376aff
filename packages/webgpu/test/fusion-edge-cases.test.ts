/**
 * Edge cases of three fusions: whole-row products (a row group computed in its product's
 * kernel), sums of products (one kernel, one k loop per product) and joined column reductions
 * (one loop for several reductions). Each case runs on WebGPU and is compared with the float64
 * CPU backend. Where the case is meant to reach a fused kernel, the test also checks that the
 * kernel ran, so a schedule change cannot turn a case into a plain one unnoticed.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { LEGACY_MATMUL_VARIANT, parseMatmulVariantName, type MatmulVariant } from "@kiln/webgpu";
import { hasWebGpu, variantBackend } from "./gpu.js";
import { cpuValues, hostValues } from "./host-values.js";
import { expectCompiledMatchesCpu64, expectMatchesOracle } from "./oracle.js";

/** The variant lavapipe's tuner picks: batches of narrow products run whole rows per invocation. */
const TUNED = parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant;
/** A tuner candidate with the flat mapping: its 8 × 8 blocks cover rows of up to 8 columns of unbatched products too. */
const FLAT = parseMatmulVariantName("flat-8x8-w64-adj-k1-vb") as MatmulVariant;

/** Returns a tensor of `dtype` with the given values, realized on the CPU. */
const tensorOf = (values: ArrayLike<number>, shape: number[], dtype: "f32" | "i32" | "bool" = "f32") =>
  k.withBackend("cpu", () => {
    const t = k.fromArray(values, shape, dtype);
    t.dataSync();
    return t;
  });

/** Returns deterministic integers in [-4, 4] as an i32 tensor. */
const integersOf = (shape: number[], seed: number) =>
  tensorOf(
    Array.from(hostValues(shape.reduce((n, d) => n * d, 1), seed), (x) => Math.round(x * 2)),
    shape,
    "i32",
  );

const mm = (a: Tensor, b: Tensor) => k.matmul(a, b as never);

/** Swaps the last two axes. */
const swapLast = (t: Tensor) => k.transpose(t, [...t.shape.keys()].map((i) => (i < t.rank - 2 ? i : 2 * t.rank - 3 - i)));

const layerNorm = (x: Tensor) => {
  const centered = x.sub(k.mean(x, -1, { keepdims: true }));
  return centered.mul(k.rsqrt(k.mean(centered.mul(centered), -1, { keepdims: true }).add(1e-5)));
};

describe.runIf(hasWebGpu)("fusion edge cases on webgpu", () => {
  const backends = { tuned: variantBackend(TUNED), flat: variantBackend(FLAT), legacy: variantBackend(LEGACY_MATMUL_VARIANT) };
  const check = (label: string, backend: string, fn: (...args: Tensor[]) => unknown, args: Tensor[], relative = 1e-4) => expectCompiledMatchesCpu64(label, backend, fn, args, relative);

  const rowKernels = (names: string[]) => names.filter((name) => /^matmul_.*_rows\d$/.test(name));
  const sumKernels = (names: string[], products: number) => names.filter((name) => name.endsWith(`_sum${products}`));
  const joinedKernels = (names: string[]) => names.filter((name) => name.includes("_joined"));

  describe("whole-row products", () => {
    const heads = [2, 3, 9, 8];
    const scoresOf = (q: Tensor, keys: Tensor) => mm(q, swapLast(keys));

    it("product read twice by softmax", async () => {
      const fn = (q: Tensor, keys: Tensor) => {
        const s = scoresOf(q, keys);
        return k.softmax(s, -1).mul(s).add(s.mul(s));
      };
      const names = await check("softmax(s) · s + s²", backends.tuned, fn, [cpuValues(heads, 1), cpuValues(heads, 2)]);
      expect(rowKernels(names)).toHaveLength(1);
    }, 60_000);

    it("scaled and masked scores", async () => {
      // The mask is broadcast over batch and heads, and row 0 is masked entirely.
      const mask = tensorOf(Array.from({ length: 81 }, (_, i) => (i < 9 || i % 9 > Math.floor(i / 9) ? -Infinity : 0)), [9, 9]);
      const fn = (q: Tensor, keys: Tensor, m: Tensor) => k.softmax(scoresOf(q, keys).mul(0.25).add(m), -1);
      const names = await check("masked softmax", backends.tuned, fn, [cpuValues(heads, 3), cpuValues(heads, 4), mask]);
      expect(rowKernels(names)).toHaveLength(1);
    }, 60_000);

    it("where with −Infinity", async () => {
      const keep = tensorOf(Array.from({ length: 2 * 3 * 9 * 9 }, (_, i) => (i % 5 === 0 || i % 81 < 9 ? 0 : 1)), [2, 3, 9, 9], "bool");
      const fn = (q: Tensor, keys: Tensor, m: Tensor) => k.logSoftmax(k.where(m, scoresOf(q, keys), -Infinity), -1);
      const names = await check("where(keep, s, −∞)", backends.tuned, fn, [cpuValues(heads, 5, 10), cpuValues(heads, 6), keep]);
      expect(rowKernels(names)).toHaveLength(1);
    }, 60_000);

    it("product returned beside softmax", async () => {
      const [q, keys] = [cpuValues(heads, 7), cpuValues(heads, 8)];
      const plain = (a: Tensor, b: Tensor) => {
        const s = scoresOf(a, b);
        return [k.softmax(s, -1), s];
      };
      await check("[softmax(s), s]", backends.tuned, plain, [q, keys]);
      const scaled = (a: Tensor, b: Tensor) => {
        const s = scoresOf(a, b).mul(0.5);
        return [s, k.softmax(s, -1), k.max(s, -1), k.logsumexp(s, -1)];
      };
      await check("[s / 2, softmax, max, logsumexp]", backends.tuned, scaled, [q, keys]);
    }, 60_000);

    it("single rows and columns", async () => {
      // A softmax over one column has no row group, so only the wider cases can merge.
      const cases: [number[], number[], boolean][] = [
        [[3, 1, 4], [3, 4, 1], false],
        [[3, 1, 5], [3, 5, 7], true],
        [[3, 6, 3], [3, 3, 1], false],
        [[5, 1, 1], [5, 1, 2], true],
      ];
      for (const [lhs, rhs, merges] of cases) {
        const fn = (a: Tensor, b: Tensor) => [k.softmax(mm(a, b), -1), k.logSoftmax(mm(a, b).mul(3), -1)];
        const names = await check(`softmax of [${lhs}] · [${rhs}]`, backends.tuned, fn, [cpuValues(lhs, 9), cpuValues(rhs, 10)]);
        if (merges) expect(rowKernels(names).length, `[${lhs}] · [${rhs}]`).toBeGreaterThan(0);
      }
    }, 60_000);

    it("integer product cast to f32", async () => {
      const fn = (a: Tensor, b: Tensor) => {
        const s = mm(a, b);
        return [k.softmax(k.cast(s, "f32"), -1), s, k.greater(s, 0)];
      };
      await check("softmax of an i32 product", backends.tuned, fn, [integersOf([4, 5, 6], 11), integersOf([4, 6, 7], 12)]);
    }, 60_000);

    it("two row groups of one product", async () => {
      const fn = (q: Tensor, keys: Tensor) => {
        const s = scoresOf(q, keys);
        return [k.softmax(s, -1), layerNorm(s).add(s)];
      };
      const names = await check("softmax and layer norm of s", backends.tuned, fn, [cpuValues(heads, 13), cpuValues(heads, 14)]);
      expect(rowKernels(names).length).toBeGreaterThan(0);
    }, 60_000);

    it("softmax of two products' sum", async () => {
      const fn = (q: Tensor, keys: Tensor, a: Tensor, b: Tensor) => k.softmax(scoresOf(q, keys).add(mm(a, b)), -1);
      const args = [cpuValues(heads, 15), cpuValues(heads, 16), cpuValues([2, 3, 9, 5], 17), cpuValues([2, 3, 5, 9], 18)];
      const names = await check("softmax(q · kᵀ + a · b)", backends.tuned, fn, args);
      expect(rowKernels(names)).toHaveLength(1);
    }, 60_000);

    it("soft-capped scores read later", async () => {
      // The capped scores are an epilogue of the product that a later matmul reads too, so
      // the merged kernel also stores them.
      const fn = (q: Tensor, keys: Tensor, v: Tensor) => {
        const capped = k.tanh(scoresOf(q, keys).mul(0.2)).mul(5);
        return [mm(k.softmax(capped, -1), v), mm(capped, v)];
      };
      const names = await check("tanh-capped scores", backends.tuned, fn, [cpuValues(heads, 23, 4), cpuValues(heads, 24), cpuValues([2, 3, 9, 8], 25)]);
      expect(rowKernels(names)).toHaveLength(1);
    }, 60_000);

    it("product read only by reductions", async () => {
      // The root reads another tensor, and the product enters only through the row's logsumexp and maximum.
      const fn = (q: Tensor, keys: Tensor, y: Tensor) => {
        const s = scoresOf(q, keys);
        return y.sub(k.logsumexp(s, -1, { keepdims: true })).mul(k.max(s, -1, { keepdims: true }));
      };
      const names = await check("y − logsumexp(s)", backends.tuned, fn, [cpuValues(heads, 26), cpuValues(heads, 27), cpuValues([2, 3, 9, 9], 28)]);
      expect(rowKernels(names)).toHaveLength(1);
    }, 60_000);

    it("returned row maximum", async () => {
      const fn = (q: Tensor, keys: Tensor) => {
        const s = scoresOf(q, keys);
        return [k.softmax(s, -1), k.max(s, -1)];
      };
      const names = await check("[softmax(s), max(s)]", backends.tuned, fn, [cpuValues(heads, 29, 30), cpuValues(heads, 30)]);
      expect(rowKernels(names)).toHaveLength(1);
    }, 60_000);

    it("unbatched rows of the flat variant", async () => {
      // The flat mapping's 8 × 8 blocks (4 × 4 for the legacy kernel) cover whole rows of 8
      // (or 4) columns without a batch. Both groups read one product, so the first group's
      // kernel computes it and stores it for the second.
      const fn = (x: Tensor, w: Tensor) => [k.softmax(mm(x, w), -1), layerNorm(mm(x, w).mul(2))];
      const flat = await check("flat 37 × 12 · 12 × 8", backends.flat, fn, [cpuValues([37, 12], 19), cpuValues([12, 8], 20)]);
      expect(rowKernels(flat), flat.join(", ")).toHaveLength(1);
      const legacy = await check("legacy 37 × 13 · 13 × 4", backends.legacy, fn, [cpuValues([37, 13], 21), cpuValues([13, 4], 22)]);
      expect(rowKernels(legacy), legacy.join(", ")).toHaveLength(1);
    }, 60_000);
  });

  describe("sums of products", () => {
    it("one product added to itself", async () => {
      const twice = (x: Tensor, w: Tensor) => {
        const p = mm(x, w);
        return p.add(p);
      };
      const separate = (x: Tensor, w: Tensor) => mm(x, w).add(mm(x, w));
      const args = [cpuValues([20, 12], 23), cpuValues([12, 9], 24)];
      await check("p + p", backends.tuned, twice, args);
      await check("x · w + x · w", backends.tuned, separate, args);
      // Read by a reduction, p + p is one kernel that runs p's k loop twice.
      const reduced = (x: Tensor, w: Tensor) => {
        const p = mm(x, w);
        return k.sum(p.add(p), 0);
      };
      const names = await check("sum(p + p)", backends.tuned, reduced, args);
      expect(sumKernels(names, 2)).toHaveLength(1);
    }, 60_000);

    it("broadcast and view operands", async () => {
      // The second product's rhs is one matrix broadcast over the batch, and the third reads a
      // reshaped lhs and a transposed rhs.
      const fn = (a: Tensor, b: Tensor, c: Tensor, d: Tensor, e: Tensor, f: Tensor) =>
        mm(a, b).add(mm(c, d)).add(mm(e.reshape([3, 10, 6]), swapLast(f)));
      const args = [cpuValues([3, 10, 5], 25), cpuValues([3, 5, 7], 26), cpuValues([3, 10, 8], 27), cpuValues([8, 7], 28), cpuValues([30, 6], 29), cpuValues([3, 7, 6], 30)];
      const names = await check("broadcast and views", backends.tuned, fn, args);
      expect(sumKernels(names, 3)).toHaveLength(1);
    }, 60_000);

    it("depths of 1, 3, 5 and 65", async () => {
      const fn = (...t: Tensor[]) => mm(t[0], t[1]).add(mm(t[2], t[3])).add(mm(t[4], t[5]).add(mm(t[6], t[7])));
      const shapes = [1, 3, 5, 65].flatMap((depth) => [[2, 33, depth], [2, depth, 20]]);
      for (const backend of [backends.tuned, backends.legacy]) {
        const names = await check(`depths on ${backend}`, backend, fn, shapes.map((s, i) => cpuValues(s, 31 + i)));
        expect(sumKernels(names, 4), backend).toHaveLength(1);
      }
    }, 60_000);

    it("returned sum read again", async () => {
      const args = [cpuValues([24, 16], 40), cpuValues([16, 12], 41), cpuValues([24, 8], 42), cpuValues([8, 12], 43), cpuValues([12, 5], 44)];
      const cases: [string, (...t: Tensor[]) => Tensor[]][] = [
        ["by a matmul", (a, b, c, d, w) => {
          const s = mm(a, b).add(mm(c, d));
          return [s, mm(s, w)];
        }],
        ["by a column sum", (a, b, c, d) => {
          const s = mm(a, b).add(mm(c, d));
          return [s, k.sum(s, 0), k.softmax(s, -1)];
        }],
        ["by an epilogue", (a, b, c, d) => {
          const s = mm(a, b).add(mm(c, d));
          return [k.relu(s).add(s), s.mul(-1)];
        }],
      ];
      for (const [label, fn] of cases) await check(`sum read ${label}`, backends.tuned, fn, args);
    }, 60_000);

    it("sum read only by reductions", async () => {
      const fn = (a: Tensor, b: Tensor, c: Tensor, d: Tensor) => {
        const s = mm(a, b).add(mm(c, d));
        return [k.sum(s, 0), k.max(s, 1)];
      };
      const args = [cpuValues([70, 16], 45), cpuValues([16, 12], 46), cpuValues([70, 9], 47), cpuValues([9, 12], 48)];
      const names = await check("reductions of a sum", backends.tuned, fn, args);
      expect(sumKernels(names, 2)).toHaveLength(1);
    }, 60_000);

    it("five products with a residual", async () => {
      const fn = (...t: Tensor[]) => {
        let s = mm(t[0], t[1]);
        for (let i = 2; i < 10; i += 2) s = s.add(mm(t[i], t[i + 1]));
        return k.tanh(s.add(t[10]));
      };
      const shapes = [4, 8, 12, 16, 20].flatMap((depth) => [[18, depth], [depth, 10]]);
      const args = [...shapes.map((s, i) => cpuValues(s, 50 + i)), cpuValues([18, 10], 60)];
      await check("five products", backends.tuned, fn, args);
    }, 60_000);

    it("integer products", async () => {
      const fn = (a: Tensor, b: Tensor, c: Tensor, d: Tensor) => mm(a, b).add(mm(c, d)).mul(3);
      await check("i32 sum", backends.tuned, fn, [integersOf([9, 7], 61), integersOf([7, 5], 62), integersOf([9, 4], 63), integersOf([4, 5], 64)], 0);
    }, 60_000);
  });

  describe("joined reductions", () => {
    it("SGD updates from column sums", async () => {
      const fn = (g: Tensor, h: Tensor, p: Tensor, q: Tensor) => [p.sub(k.sum(g, 0).mul(0.1)), q.sub(k.sum(g.mul(h), 0).mul(0.1))];
      const names = await check("two SGD updates", "webgpu", fn, [cpuValues([70, 24], 70), cpuValues([70, 24], 71), cpuValues([24], 72), cpuValues([24], 73)]);
      expect(joinedKernels(names)).toHaveLength(1);
    }, 60_000);

    it("max and sum with special values", async () => {
      // Column 0 is all −Infinity, column 1 contains NaN, column 2 +Infinity and −Infinity.
      const values = Array.from(hostValues(40 * 6, 74));
      for (let r = 0; r < 40; r++) values[r * 6] = -Infinity;
      values[6 * 7 + 1] = NaN;
      values[6 * 3 + 2] = Infinity;
      values[6 * 30 + 2] = -Infinity;
      const fn = (x: Tensor) => [k.sum(x, 0), k.max(x, 0), k.sum(x.mul(x), 0), k.min(x, 0)];
      const names = await check("special values", "webgpu", fn, [tensorOf(values, [40, 6])]);
      expect(joinedKernels(names).length).toBeGreaterThan(0);
    }, 60_000);

    it("output and later reader", async () => {
      // The maximum is read only by a later kernel, and the sum is only returned.
      const fn = (x: Tensor, y: Tensor) => {
        const total = k.sum(x, 0);
        const peak = k.max(y, 0);
        return [total, mm(x, peak.reshape([16, 1]))];
      };
      const names = await check("returned sum, read maximum", "webgpu", fn, [cpuValues([40, 16], 75), cpuValues([40, 16], 76)]);
      expect(joinedKernels(names)).toHaveLength(1);
    }, 60_000);

    it("dependent reductions", async () => {
      const fn = (x: Tensor) => {
        const first = k.max(x, 0);
        const second = k.sum(x.sub(first).exp(), 0);
        return [first, second, k.sum(x, 0)];
      };
      await check("sum of exp(x − max)", "webgpu", fn, [cpuValues([50, 12], 77, 20)]);
      // The sum's kernel computes the product in its epilogue and reads the maximum's buffer.
      const product = (x: Tensor, y: Tensor) => [k.sum(x, 0).mul(k.max(y, 0))];
      const names = await check("sum(x) · max(y)", "webgpu", product, [cpuValues([50, 12], 86), cpuValues([50, 12], 87)]);
      expect(joinedKernels(names), names.join(", ")).toHaveLength(0);
    }, 60_000);

    it("mixed dtypes", async () => {
      const fn = (x: Tensor, n: Tensor) => [k.sum(x, 0), k.sum(n, 0), k.sum(k.greater(x, 0), 0), k.max(n, 0), k.prod(x.mul(0.5), 0)];
      const names = await check("f32, i32 and bool", "webgpu", fn, [cpuValues([33, 10], 78), integersOf([33, 10], 79)]);
      expect(joinedKernels(names).length).toBeGreaterThan(0);
    }, 60_000);

    it("zero rows and kept axes", async () => {
      const empty = (x: Tensor) => [k.sum(x, 0), k.prod(x, 0)];
      await check("sum and product of no rows", "webgpu", empty, [tensorOf([], [0, 5])]);
      const keptAxes = (x: Tensor) => [k.sum(x, [0, 1], { keepdims: true }), k.max(x, [0, 1]), k.mean(x, [0, 1], { keepdims: true }).mul(2)];
      const names = await check("kept axes", "webgpu", keptAxes, [cpuValues([3, 11, 7], 80)]);
      expect(joinedKernels(names).length).toBeGreaterThan(0);
    }, 60_000);

    it("momentum updates", async () => {
      // Each reduction's kernel writes a momentum and the parameter that reads it.
      const fn = (g: Tensor, p: Tensor, m: Tensor, q: Tensor, n: Tensor) => {
        const m2 = m.mul(0.9).add(k.sum(g, 0));
        const n2 = n.mul(0.9).add(k.sum(g.square(), 0));
        return [p.sub(m2.mul(0.01)), m2, q.sub(n2.mul(0.01)), n2];
      };
      const args = [cpuValues([64, 20], 81), cpuValues([20], 82), cpuValues([20], 83), cpuValues([20], 84), cpuValues([20], 85)];
      await check("momentum", "webgpu", fn, args);
    }, 60_000);
  });

  describe("gradients and training", () => {
    const width = 16;
    const heads = 2;
    /** Runs one attention block with a residual layer norm on x of shape [batch, 9, width]. */
    const block = (x: Tensor, wq: Tensor, wk: Tensor, wv: Tensor, gain: Tensor, bias: Tensor) => {
      const [batch, sequence] = x.shape;
      const split = (t: Tensor) => k.transpose(t.reshape([batch, sequence, heads, width / heads]), [0, 2, 1, 3]);
      const [q, keys, v] = [mm(x, wq), mm(x, wk), mm(x, wv)].map(split);
      const scores = mm(q, swapLast(keys)).mul(1 / Math.sqrt(width / heads));
      const mixed = k.transpose(mm(k.softmax(scores, -1), v), [0, 2, 1, 3]).reshape([batch, sequence, width]);
      return layerNorm(mixed.add(x)).mul(gain).add(bias);
    };
    const loss = (...t: Tensor[]) => {
      const y = block(t[0], t[1], t[2], t[3], t[4], t[5]);
      return y.mul(y).mul(t[6]).sum();
    };
    const argsOf = (seed: number) => [
      cpuValues([2, 9, width], seed),
      cpuValues([width, width], seed + 1, 0.5),
      cpuValues([width, width], seed + 2, 0.5),
      cpuValues([width, width], seed + 3, 0.5),
      cpuValues([width], seed + 4),
      cpuValues([width], seed + 5),
      cpuValues([2, 9, width], seed + 6),
    ];

    it("attention block gradients", async () => {
      const fn = (...t: Tensor[]) => k.valueAndGrad(loss, { argnums: [0, 1, 2, 3, 4, 5] })(...t);
      const names = await check("attention block", backends.tuned, fn, argsOf(90), 2e-4);
      // The scores' softmax and its gradient run in their products' kernels, and the layer
      // norm's scale and shift gradients share a kernel.
      expect(rowKernels(names), names.join(", ")).toHaveLength(2);
      expect(joinedKernels(names), names.join(", ")).toHaveLength(1);
    }, 60_000);

    it("donated SGD steps", async () => {
      // With these inputs the gradients reach about 70. At a learning rate of 0.05, three steps
      // moved the float32 CPU backend about 3e-3 from float64, as far as WebGPU, so the rate is 0.002.
      const sgd = (...t: Tensor[]) => {
        const grads = k.grad(loss, { argnums: [1, 2, 3, 4, 5] })(...t) as Tensor[];
        return grads.map((g, i) => t[i + 1].sub(g.mul(0.002)));
      };
      const args = argsOf(100);
      const compiled = k.compile(sgd, { backend: backends.tuned, donate: [1, 2, 3, 4, 5] });
      let params: Tensor[] = args.slice(1, 6).map((t) => k.withBackend(backends.tuned, () => k.fromArray(t.dataSync(), t.shape)));
      for (let i = 0; i < 3; i++) params = compiled(args[0], ...params, args[6]);
      const got = await Promise.all(params.map((t) => t.data()));
      const want = k.withBackend("cpu64", () => {
        let state: Tensor[] = args.slice(1, 6);
        for (let i = 0; i < 3; i++) state = sgd(args[0], ...state, args[6]);
        return state.map((t) => t.dataSync());
      });
      got.forEach((values, i) => expectMatchesOracle(`parameter ${i}`, values, want[i], 2e-4));
    }, 60_000);
  });
});
