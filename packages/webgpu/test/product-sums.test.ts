/**
 * Sums of products: the input gradient of a tensor that several matmuls read (attention's q, k
 * and v projections) is computed by one kernel that runs each product's k loop into the same
 * accumulators. The plans are checked without a GPU; the values on WebGPU against the float64
 * CPU backend, with the tuned variant and with the legacy kernel.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { DEFAULT_LOWER_OPTIONS, eliminateCommonSubexpressions, LEGACY_MATMUL_VARIANT, MATMUL_CANDIDATES, matmulVariantName, parseMatmulVariantName, schedule, type KernelPlan, type MatmulVariant, WebGpuBackend } from "@kiln/webgpu";
import { hasWebGpu, variantBackend, webgpu } from "./gpu.js";
import { cpuValues } from "./host-values.js";
import { expectCompiledMatchesCpu64, expectMatchesOracle } from "./oracle.js";
import { scheduleWithinLimits } from "../src/runtime/executable.js";

/** The variant lavapipe's tuner picks, with texture and vector loads. */
const TUNED = parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant;

const mm = (a: Tensor, b: Tensor) => k.matmul(a, b as never);

/** Sums the products of consecutive pairs of arguments, then doubles the sum. */
const sumOfProducts = (...args: Tensor[]) => {
  let sum = mm(args[0], args[1]);
  for (let i = 2; i < args.length; i += 2) sum = sum.add(mm(args[i], args[i + 1]));
  return sum.mul(2);
};

/** Returns the input gradient of a function that reads x through three matmuls. */
const threeReaders = (x: Tensor, w1: Tensor, w2: Tensor, w3: Tensor) =>
  k.grad((v: Tensor) => k.tanh(mm(v, w1)).add(k.sigmoid(mm(v, w2))).add(k.exp(mm(v, w3).mul(0.1))).sum())(x);

const summed = (kernels: KernelPlan[]) => kernels.filter((plan) => plan.products !== undefined);

const plansOf = (fn: (...args: Tensor[]) => Tensor, shapes: number[][], maxBindings = 8) =>
  schedule(k.compile(fn).trace(...shapes.map((s) => k.zeros(s))).program, new Set(), maxBindings, TUNED).kernels;

const PAIRS = [[20, 8], [8, 12], [20, 5], [5, 12], [20, 16], [16, 12]];

describe("sums of products", () => {
  it("three products share a kernel", () => {
    const kernels = plansOf(sumOfProducts, PAIRS);
    const [plan] = summed(kernels);
    expect(plan.products).toHaveLength(3);
    // The doubling is the sum's epilogue.
    expect(kernels).toHaveLength(1);
  });

  it("input gradients of three readers share a kernel", () => {
    const kernels = plansOf(threeReaders, [[32, 16], [16, 24], [16, 24], [16, 24]]);
    expect(summed(kernels).map((plan) => plan.products?.length)).toEqual([3]);
  });

  it("a product read elsewhere keeps its kernel", () => {
    const shared = (a: Tensor, b: Tensor, c: Tensor, d: Tensor) => {
      const first = mm(a, b);
      return k.stack([first.add(mm(c, d)), first.mul(3)]);
    };
    expect(summed(plansOf(shared, PAIRS.slice(0, 4)))).toHaveLength(0);
  });

  it("a product with an epilogue keeps its kernel", () => {
    const activated = (a: Tensor, b: Tensor, c: Tensor, d: Tensor) => k.relu(mm(a, b)).add(mm(c, d));
    expect(summed(plansOf(activated, PAIRS.slice(0, 4)))).toHaveLength(0);
  });

  it("five products merge four", () => {
    const shapes = [...PAIRS, [20, 3], [3, 12], [20, 7], [7, 12]];
    // The fifth product is read from its buffer by the merged kernel's epilogue.
    const kernels = plansOf(sumOfProducts, shapes, 16);
    expect(summed(kernels).map((plan) => plan.products?.length)).toEqual([4]);
    expect(kernels).toHaveLength(2);
  });

  it("the binding limit keeps products apart", () => {
    // Three products read six buffers and write one: over a limit of 6.
    expect(summed(plansOf(sumOfProducts, PAIRS, 6))).toHaveLength(0);
    expect(summed(plansOf(sumOfProducts, PAIRS, 7))).toHaveLength(1);
  });

  it("merges off keeps every kernel apart", () => {
    const program = eliminateCommonSubexpressions(k.compile(threeReaders).trace(k.zeros([32, 16]), k.zeros([16, 24]), k.zeros([16, 24]), k.zeros([16, 24])).program);
    const kernels = schedule(program, new Set(), 16, TUNED, false).kernels;
    expect(kernels.some((plan) => plan.products || plan.joined || plan.columnSums || (plan.rows && plan.core))).toBe(false);
  });
});

describe.runIf(hasWebGpu)("sums of products on webgpu", () => {
  const names = { tuned: variantBackend(TUNED), legacy: variantBackend(LEGACY_MATMUL_VARIANT) };

  /** Runs `fn` on `backend`, compares it with cpu64 and checks that it ran `products` products in one kernel. */
  const check = async (label: string, backend: string, fn: (...args: Tensor[]) => Tensor, args: Tensor[], products: number) => {
    const kernels = await expectCompiledMatchesCpu64(label, backend, fn, args, 1e-4);
    expect(kernels.filter((name) => name.endsWith(`_sum${products}`)), label).toHaveLength(1);
  };

  it("three products match float64", async () => {
    const args = PAIRS.map((shape, i) => cpuValues(shape, 10 + i));
    await check("tuned", names.tuned, sumOfProducts, args, 3);
    await check("legacy", names.legacy, sumOfProducts, args, 3);
  }, 60_000);

  it("input gradients of three readers match float64", async () => {
    const args = [cpuValues([70, 64], 20), cpuValues([64, 64], 21), cpuValues([64, 64], 22), cpuValues([64, 64], 23)];
    await check("three readers", names.tuned, threeReaders, args, 3);
  }, 60_000);

  it("input gradients match float64 on every variant", async () => {
    const args = [cpuValues([40, 16], 50), cpuValues([16, 24], 51), cpuValues([16, 24], 52), cpuValues([16, 24], 53)];
    const want = k.withBackend("cpu64", () => threeReaders(...(args as [Tensor, Tensor, Tensor, Tensor])).dataSync());
    for (const candidate of MATMUL_CANDIDATES) {
      const got = await k.compile(threeReaders, { backend: variantBackend(candidate) })(...(args as [Tensor, Tensor, Tensor, Tensor])).data();
      expectMatchesOracle(matmulVariantName(candidate), got, want, 1e-4);
    }
  }, 120_000);

  it("a partial sum read twice matches float64", async () => {
    // d1 + d2 is read by the stack and by the larger sum, so only it is merged.
    const partial = (...args: Tensor[]) => {
      const inner = mm(args[0], args[1]).add(mm(args[2], args[3]));
      return k.stack([inner, inner.add(mm(args[4], args[5]))]);
    };
    const args = PAIRS.map((shape, i) => cpuValues(shape, 30 + i));
    await check("partial sum", names.tuned, partial, args, 2);
  }, 60_000);

  it("a sum split to fit 4 bindings matches float64", async () => {
    // The device allows more, but this backend's limit is set to 4, so the executable splits
    // the sum.
    const ctx = ((await webgpu()) as WebGpuBackend).ctx;
    const limited = { ...ctx, info: { ...ctx.info, limits: { ...ctx.info.limits, maxStorageBuffersPerShaderStage: 4 } } };
    k.registerBackend("webgpu-four-buffers", () => new WebGpuBackend(limited, { ...DEFAULT_LOWER_OPTIONS, matmulVariant: TUNED }));
    const threeProducts = (x: Tensor, a: Tensor, b: Tensor, c: Tensor) => mm(x, a).add(mm(x, b)).add(mm(x, c));
    const args = [cpuValues([20, 8], 40), cpuValues([8, 12], 41), cpuValues([8, 12], 42), cpuValues([8, 12], 43)];
    await check("four buffers", "webgpu-four-buffers", threeProducts, args, 2);
  }, 60_000);

  it("random sums of products match float64", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          m: fc.integer({ min: 1, max: 40 }),
          n: fc.integer({ min: 1, max: 40 }),
          depths: fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 2, maxLength: 4 }),
          transposed: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
          batch: fc.constantFrom(0, 3),
          backend: fc.constantFrom(names.tuned, names.legacy),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        async ({ m, n, depths, transposed, batch, backend, seed }) => {
          // Each operand is stored either as it is read or transposed (as xᵀ · dy and g · wᵀ).
          const lead = batch > 0 ? [batch] : [];
          const swap = (shape: number[]) => [...lead, shape[1], shape[0]];
          const shapes = depths.flatMap((depth) => [[m, depth], [depth, n]]);
          const args = shapes.map((shape, i) => cpuValues(transposed[i] ? swap(shape) : [...lead, ...shape], seed + i));
          const read = (t: Tensor, i: number) => (transposed[i] ? k.transpose(t, batch > 0 ? [0, 2, 1] : [1, 0]) : t);
          const fn = (...operands: Tensor[]) => sumOfProducts(...operands.map(read));
          const label = `${depths.length} products [${lead}] ${m} × (${depths}) × ${n}, transposed ${transposed}, on ${backend}`;
          await check(label, backend, fn, args, depths.length);
        },
      ),
      { numRuns: 12, seed: 20261205 },
    );
  }, 120_000);
});

describe("sums of products under a binding limit", () => {
  it("split to fit 4 bindings", () => {
    // x · a + x · b + x · c reads four buffers and writes one, one more than a limit of 4
    // allows. The executable splits the sum: x · a + x · b in one kernel, then x · c plus that.
    const program = eliminateCommonSubexpressions(k.compile((x: Tensor, a: Tensor, b: Tensor, c: Tensor) => mm(x, a).add(mm(x, b)).add(mm(x, c))).trace(k.zeros([20, 8]), k.zeros([8, 12]), k.zeros([8, 12]), k.zeros([8, 12])).program);
    expect(summed(schedule(program, new Set(), 5, TUNED).kernels).map((plan) => plan.products?.length)).toEqual([3]);
    const { sched, lowered } = scheduleWithinLimits(program, { ...DEFAULT_LOWER_OPTIONS, matmulVariant: TUNED }, 4);
    expect(summed(sched.kernels).map((plan) => plan.products?.length)).toEqual([2]);
    for (const { kernel } of lowered) expect(kernel.bindings.length).toBeLessThanOrEqual(4);
  });
});
