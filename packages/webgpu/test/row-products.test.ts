/**
 * Whole-row products: a batched product whose kernel computes entire rows (attention scores
 * over 17 keys) also computes the row group that reads it (the softmax, or the softmax
 * gradient from dP). The plans are checked without a GPU; the values on WebGPU, with the
 * variant that gives whole rows forced, against the float64 CPU backend.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { Primitive, type Tensor } from "@kiln/tensor";
import { eliminateCommonSubexpressions, LEGACY_MATMUL_VARIANT, MATMUL_CANDIDATES, matmulVariantName, parseMatmulVariantName, schedule, type KernelPlan, type MatmulVariant } from "@kiln/webgpu";
import { hasWebGpu, variantBackend } from "./gpu.js";
import { cpuValues } from "./host-values.js";
import { expectCompiledMatchesCpu64, expectMatchesOracle } from "./oracle.js";

/** The variant lavapipe's tuner picks: batches of narrow products run whole rows per invocation. */
const VARIANT = parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant;

/** Returns an n × n additive mask, −Infinity where `masked` returns true, realized on the CPU. */
const maskOf = (n: number, masked: (row: number, col: number) => boolean) =>
  k.withBackend("cpu", () => {
    const t = k.fromArray(Float32Array.from({ length: n * n }, (_, i) => (masked(Math.floor(i / n), i % n) ? -Infinity : 0)), [n, n]);
    t.dataSync();
    return t;
  });

/** Computes attention over [batch, heads, sequence, width] with an optional additive mask. */
const attention = (q: Tensor, keys: Tensor, v: Tensor, mask?: Tensor) => {
  let scores = k.matmul(q, k.transpose(keys, [0, 1, 3, 2]) as never).mul(1 / Math.sqrt(q.shape[3]));
  if (mask) scores = scores.add(mask);
  return k.matmul(k.softmax(scores, -1), v as never);
};

/** Returns the gradients of the squared attention output with respect to q, k and v. */
const attentionGrads = (q: Tensor, keys: Tensor, v: Tensor) =>
  k.grad((a: Tensor, b: Tensor, c: Tensor) => {
    const out = attention(a, b, c);
    return out.mul(out).sum();
  }, { argnums: [0, 1, 2] })(q, keys, v) as Tensor[];

const mergedPlans = (kernels: KernelPlan[]) => kernels.filter((plan) => plan.rows !== undefined && plan.core?.op === Primitive.Dot);

const plansOf = (fn: (...args: Tensor[]) => unknown, shapes: number[][], variant: MatmulVariant | undefined = VARIANT) =>
  schedule(eliminateCommonSubexpressions(k.compile(fn).trace(...shapes.map((s) => k.zeros(s))).program), new Set(), 8, variant).kernels;

const HEADS = [[2, 4, 17, 16], [2, 4, 17, 16], [2, 4, 17, 16]];

describe("whole-row products", () => {
  it("scores and softmax share a kernel", () => {
    const kernels = plansOf(attention, HEADS);
    // The scores with their softmax, then the weighted values.
    expect(kernels).toHaveLength(2);
    const [merged] = mergedPlans(kernels);
    expect(merged.rows?.reductions.map((q) => q.op)).toEqual([Primitive.ReduceMax, Primitive.ReduceSum]);
    expect(merged.siblings).toBeUndefined();
  });

  it("backward pass merges both groups", () => {
    const kernels = plansOf(attentionGrads, HEADS);
    const merged = mergedPlans(kernels);
    expect(merged).toHaveLength(2);
    // The softmax gradient reads the softmax's output, so the forward kernel stores neither the
    // scores nor their row statistics.
    expect(merged[0].siblings).toBeUndefined();
    expect(merged[0].rows?.stored).toEqual([]);
    expect(kernels.some((plan) => plan.rows && !plan.core)).toBe(false);
  });

  it("rows wider than 32 keep a row kernel", () => {
    const wide = [[2, 4, 40, 16], [2, 4, 40, 16], [2, 4, 40, 16]];
    const kernels = plansOf(attention, wide);
    expect(mergedPlans(kernels)).toHaveLength(0);
    expect(kernels).toHaveLength(3);
  });

  it("blocks narrower than the row keep a row kernel", () => {
    expect(mergedPlans(plansOf(attention, HEADS, LEGACY_MATMUL_VARIANT))).toHaveLength(0);
  });

  it("an earlier reader keeps the product's kernel", () => {
    // s · c runs before the softmax and reads s from its buffer, so s must be written first.
    const earlier = (a: Tensor, b: Tensor, c: Tensor) => {
      const s = k.matmul(a, k.transpose(b, [0, 1, 3, 2]) as never);
      const t = k.matmul(s, c as never);
      return [t, k.softmax(s, -1)];
    };
    expect(mergedPlans(plansOf(earlier, HEADS))).toHaveLength(0);
    // Read after the softmax, the product is stored by the merged kernel.
    const later = (a: Tensor, b: Tensor, c: Tensor) => {
      const s = k.matmul(a, k.transpose(b, [0, 1, 3, 2]) as never);
      const p = k.softmax(s, -1);
      return [p, k.matmul(s, c as never)];
    };
    const merged = mergedPlans(plansOf(later, HEADS));
    expect(merged).toHaveLength(1);
    expect(merged[0].siblings?.map((t) => t.op)).toEqual([Primitive.Dot]);
  });

  it("permuted rows keep a row kernel", () => {
    // The softmax runs over the product's columns, not its rows.
    const columns = (a: Tensor, b: Tensor) => k.softmax(k.transpose(k.matmul(a, k.transpose(b, [0, 1, 3, 2]) as never), [0, 1, 3, 2]), -1);
    expect(mergedPlans(plansOf(columns, HEADS.slice(0, 2)))).toHaveLength(0);
  });
});

describe.runIf(hasWebGpu)("whole-row products on webgpu", () => {
  /** Runs `fn` on the forced variant, compares it with cpu64 and checks that `merged` row-product kernels ran. */
  const check = async (label: string, fn: (...args: Tensor[]) => Tensor | Tensor[], args: Tensor[], merged = 1) => {
    const names = await expectCompiledMatchesCpu64(label, variantBackend(VARIANT), fn, args, 2e-5);
    expect(names.filter((n) => /^matmul_.*_rows\d$/.test(n)), label).toHaveLength(merged);
  };

  it("causal attention matches float64", async () => {
    const [q, keys, v] = [cpuValues([2, 4, 17, 16], 1), cpuValues([2, 4, 17, 16], 2), cpuValues([2, 4, 17, 16], 3)];
    const causal = maskOf(17, (row, col) => col > row);
    await check("causal attention", (a, b, c, m) => attention(a, b, c, m), [q, keys, v, causal]);
  }, 60_000);

  it("±1000 scores and masked rows match float64", async () => {
    // Row 0 is masked entirely: Kiln's softmax of an all −Infinity row is zeros.
    const q = cpuValues([1, 2, 5, 4], 4, 250);
    const keys = cpuValues([1, 2, 5, 4], 5, 250);
    const mask = maskOf(5, (row, col) => row === 0 || (row * 5 + col) % 7 === 3);
    const softmaxOf = (a: Tensor, b: Tensor, m: Tensor) => k.softmax(k.matmul(a, k.transpose(b, [0, 1, 3, 2]) as never).add(m), -1);
    await check("±1000 scores", softmaxOf, [q, keys, mask]);
  }, 60_000);

  it("attention gradients match float64", async () => {
    const [q, keys, v] = [cpuValues([2, 4, 17, 16], 6), cpuValues([2, 4, 17, 16], 7), cpuValues([2, 4, 17, 16], 8)];
    await check("attention gradients", attentionGrads, [q, keys, v], 2);
  }, 60_000);

  it("attention gradients match float64 on every variant", async () => {
    // Each tuner candidate maps products to invocations differently; where one computes whole
    // rows, the row groups join its kernels.
    const args = [cpuValues([2, 2, 5, 8], 9), cpuValues([2, 2, 5, 8], 10), cpuValues([2, 2, 5, 8], 11)];
    const want = k.withBackend("cpu64", () => attentionGrads(...(args as [Tensor, Tensor, Tensor])).map((t) => t.dataSync()));
    for (const candidate of MATMUL_CANDIDATES) {
      const got = await Promise.all((k.compile(attentionGrads, { backend: variantBackend(candidate) })(...(args as [Tensor, Tensor, Tensor])) as Tensor[]).map((t) => t.data()));
      got.forEach((values, i) => expectMatchesOracle(`${matmulVariantName(candidate)}, gradient ${i}`, values, want[i], 2e-5));
    }
  }, 120_000);

  it("random row groups match float64", async () => {
    const groups: Record<string, (s: Tensor) => Tensor> = {
      softmax: (s) => k.softmax(s, -1),
      logSoftmax: (s) => k.logSoftmax(s, -1),
      layerNorm: (s) => {
        const centered = s.sub(k.mean(s, -1, { keepdims: true }));
        return centered.mul(k.rsqrt(k.mean(centered.mul(centered), -1, { keepdims: true }).add(1e-5)));
      },
    };
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          batch: fc.integer({ min: 2, max: 6 }),
          m: fc.integer({ min: 1, max: 21 }),
          n: fc.integer({ min: 2, max: 32 }),
          depth: fc.integer({ min: 1, max: 9 }),
          group: fc.constantFrom(...Object.keys(groups)),
          scale: fc.constantFrom(1, 30),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        async ({ batch, m, n, depth, group, scale, seed }) => {
          const kDim = 4 * depth;
          const a = cpuValues([batch, m, kDim], seed, scale);
          const b = cpuValues([batch, kDim, n], seed + 1);
          const fn = (x: Tensor, y: Tensor) => groups[group](k.matmul(x, y as never));
          await check(`${group} of [${batch}, ${m}, ${kDim}] · [${batch}, ${kDim}, ${n}] ×${scale}`, fn, [a, b]);
        },
      ),
      { numRuns: 12, seed: 20261205 },
    );
  }, 120_000);
});
