/**
 * Joined reductions: consecutive column reductions of the same axes and input shape (a layer
 * norm's scale and shift gradients) run in one kernel and one loop. The plans are checked
 * without a GPU; the values on WebGPU against the float64 CPU backend.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { schedule, type KernelPlan } from "@kiln/webgpu";
import { hasWebGpu } from "./gpu.js";
import { cpuValues } from "./host-values.js";
import { expectCompiledMatchesCpu64 } from "./oracle.js";

/** Returns the gradients of a layer norm's squared output with respect to its scale and shift. */
const scaleAndShiftGrads = (x: Tensor, gain: Tensor, bias: Tensor) =>
  k.grad((g: Tensor, b: Tensor) => {
    const centered = x.sub(k.mean(x, -1, { keepdims: true }));
    const normalized = centered.mul(k.rsqrt(k.mean(centered.mul(centered), -1, { keepdims: true }).add(1e-5)));
    const y = normalized.mul(g).add(b);
    return y.mul(y).sum();
  }, { argnums: [0, 1] })(gain, bias) as Tensor[];

const joinedPlans = (kernels: KernelPlan[]) => kernels.filter((plan) => plan.joined !== undefined);

const plansOf = (fn: (...args: Tensor[]) => unknown, shapes: number[][], maxBindings = 8) =>
  schedule(k.compile(fn).trace(...shapes.map((s) => k.zeros(s))).program, new Set(), maxBindings).kernels;

describe("joined reductions", () => {
  it("scale and shift gradients share a kernel", () => {
    const kernels = plansOf(scaleAndShiftGrads, [[48, 16], [16], [16]]);
    const joined = joinedPlans(kernels);
    expect(joined).toHaveLength(1);
    expect(joined[0].joined).toHaveLength(1);
  });

  it("a reduction of another's result stays apart", () => {
    const dependent = (x: Tensor) => {
      const first = k.sum(x, 0);
      return [first, k.sum(x.mul(first), 0)];
    };
    expect(joinedPlans(plansOf(dependent, [[48, 16]]))).toHaveLength(0);
  });

  it("different axes stay apart", () => {
    const twoAxes = (x: Tensor) => [k.sum(x, 0), k.sum(x, [0, 1])];
    expect(joinedPlans(plansOf(twoAxes, [[48, 16, 8]]))).toHaveLength(0);
  });

  it("row reductions stay apart", () => {
    const rows = (x: Tensor) => [k.sum(x, 1), k.max(x, 1)];
    expect(joinedPlans(plansOf(rows, [[48, 16]]))).toHaveLength(0);
  });

  it("the binding limit keeps them apart", () => {
    const three = (x: Tensor, y: Tensor, z: Tensor) => [k.sum(x, 0), k.sum(y, 0), k.sum(z, 0)];
    expect(joinedPlans(plansOf(three, [[48, 16], [48, 16], [48, 16]]))[0].joined).toHaveLength(2);
    // Three inputs and three outputs need 6 bindings.
    expect(joinedPlans(plansOf(three, [[48, 16], [48, 16], [48, 16]], 5))[0].joined).toHaveLength(1);
  });
});

describe.runIf(hasWebGpu)("joined reductions on webgpu", () => {
  /** Compares `fn` on WebGPU with cpu64 and checks that a joined kernel ran. */
  const check = async (label: string, fn: (...args: Tensor[]) => Tensor[], args: Tensor[]) => {
    const names = await expectCompiledMatchesCpu64(label, "webgpu", fn, args, 1e-4);
    expect(names.some((name) => name.includes("_joined")), `${label}: ${names}`).toBe(true);
  };

  it("scale and shift gradients match float64", async () => {
    await check("layer norm", scaleAndShiftGrads, [cpuValues([70, 24], 1), cpuValues([24], 2), cpuValues([24], 3)]);
  }, 60_000);

  it("max, sum and product with NaN and ±Infinity match float64", async () => {
    const x = cpuValues([37, 12], 4);
    const special = k.withBackend("cpu", () => {
      const values = x.dataSync() as Float32Array;
      const copy = Float32Array.from(values);
      copy[3] = NaN;
      copy[12 * 5 + 7] = Infinity;
      copy[12 * 9 + 7] = -Infinity;
      copy[12 * 20 + 1] = -Infinity;
      const t = k.fromArray(copy, [37, 12]);
      t.dataSync();
      return t;
    });
    const three = (v: Tensor) => [k.max(v, 0), k.sum(v, 0).mul(0.5), k.prod(v.mul(0.5), 0)];
    await check("special values", three, [special]);
  }, 60_000);

  it("random column reductions match float64", async () => {
    const reductions: Record<string, (v: Tensor, axes: number[]) => Tensor> = {
      sum: (v, axes) => k.sum(v, axes),
      max: (v, axes) => k.max(v, axes),
      meanSquare: (v, axes) => k.mean(v.mul(v), axes),
    };
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          shape: fc.constantFrom<number[]>([1, 3], [9, 70], [130, 5], [4, 6, 33], [2, 50, 8]),
          ops: fc.array(fc.constantFrom(...Object.keys(reductions)), { minLength: 2, maxLength: 4 }),
          leading: fc.boolean(),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        async ({ shape, ops, leading, seed }) => {
          // Reduce the first axis, or every axis but the last.
          const axes = leading || shape.length === 2 ? [0] : shape.slice(0, -1).map((_, i) => i);
          const x = cpuValues(shape, seed);
          const y = cpuValues(shape, seed + 1);
          const fn = (a: Tensor, b: Tensor) => ops.map((op, i) => reductions[op](i % 2 === 0 ? a : a.mul(b), axes));
          await check(`${ops} over axes ${axes} of [${shape}]`, fn, [x, y]);
        },
      ),
      { numRuns: 10, seed: 20261205 },
    );
  }, 120_000);
});
