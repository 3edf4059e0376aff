/**
 * Reductions of a short last axis that is a multiple of 4 long: each invocation reads 4
 * consecutive values of each stored input with one vector load. Each graph is checked against
 * the float64 CPU oracle, and its WGSL for which form it took.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { gpu, hasWebGpu, webgpu } from "./gpu.js";

const normal = (seed: number, shape: number[]) => k.random.normal(k.random.key(seed), shape);

interface Case {
  label: string;
  fn: (...args: Tensor[]) => Tensor;
  args: Tensor[];
  /** Whether the reduction reads its inputs 4 at a time. */
  vector: boolean;
}

const CASES: Case[] = [
  {
    label: "layer-norm gradient row sums",
    fn: (g, x, gamma, mean) => g.mul(gamma).mul(x.sub(mean)).sum(1),
    args: [normal(1, [1088, 64]), normal(2, [1088, 64]), normal(3, [64]), normal(4, [1088, 1])],
    vector: true,
  },
  {
    label: "row maxima with NaN and infinities",
    fn: (x) => x.max(1),
    args: [k.fromArray(Array.from({ length: 96 }, (_, i) => [NaN, Infinity, -Infinity, 0, -0, 1.5, -2][i % 7] * (i < 48 ? 1 : -1)), [8, 12])],
    vector: true,
  },
  {
    label: "i32 row sums of 8",
    fn: (x) => x.sum(1),
    args: [k.arange(512).reshape([64, 8]).mul(3) as Tensor],
    vector: true,
  },
  {
    label: "a row read shifted by one keeps scalar loads",
    fn: (x, y) => x.slice([null, [1, 65]]).add(y).sum(1),
    args: [normal(5, [32, 68]), normal(6, [32, 64])],
    vector: false,
  },
  {
    label: "rows of 66 keep scalar loads",
    fn: (x) => x.exp().sum(1),
    args: [normal(7, [32, 66])],
    vector: false,
  },
];

// Computed on the CPU now, so the compiled functions upload them.
for (const c of CASES) for (const arg of c.args) arg.dataSync();

describe.runIf(hasWebGpu)("row reductions in groups of 4", () => {
  for (const c of CASES) {
    it(
      c.label,
      gpu(async () => {
        const backend = (await webgpu())!;
        const compiled = k.compile(c.fn);
        const kernels = backend.executable(compiled.trace(...c.args).program).kernels.filter((kernel) => kernel.kernel.name.startsWith("reduce"));
        expect(kernels.length).toBe(1);
        if (c.vector) expect(kernels[0].wgsl).toContain("vec4");
        else expect(kernels[0].wgsl).not.toContain("vec4");
        const want = k.withBackend("cpu64", () => c.fn(...c.args).dataSync());
        const got = await compiled(...c.args).data();
        expect(got.length).toBe(want.length);
        for (let i = 0; i < want.length; i++) {
          const [g, w] = [Number(got[i]), Number(want[i])];
          const tolerance = 1e-4 * Math.max(1, Math.abs(w));
          const same = Number.isNaN(w) ? Number.isNaN(g) : !Number.isFinite(w) ? g === w : Math.abs(g - w) <= tolerance;
          if (!same) expect.fail(`${c.label} [${i}]: webgpu ${got[i]}, cpu64 ${want[i]}`);
        }
      }),
    );
  }
});
