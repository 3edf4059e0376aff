/**
 * Reductions of a short last axis that is a multiple of 4 long, alone or in a row group
 * (softmax, layer norm). Each invocation reads 4 consecutive values of each stored input with
 * one vector load, and a row group writes its root 4 values at a time. Each graph is checked
 * against the float64 CPU oracle, and its WGSL for which form it took.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { gpu, hasWebGpu, webgpu } from "./gpu.js";
import { expectMatchesOracle } from "./oracle.js";
import { rowsWgsl } from "./wgsl.js";

const normal = (seed: number, shape: number[]) => k.random.normal(k.random.key(seed), shape);

interface Case {
  label: string;
  fn: (...args: Tensor[]) => Tensor;
  args: Tensor[];
  /** Whether the reduction reads its inputs 4 at a time. */
  vector: boolean;
  /** The kernel to inspect: a reduction, or a row group's kernel. */
  kernel?: "reduce" | "rows";
}

/** Returns a softmax over the last axis that masks the entries where `mask` is negative. */
const maskedSoftmax = (x: Tensor, mask: Tensor) => k.softmax(k.where(mask.less(0), -Infinity, x.mul(1000)), -1);

/** Returns a layer norm over the last axis with a scale and a residual. */
const layerNorm = (x: Tensor, scale: Tensor, residual: Tensor) => {
  const centered = x.sub(k.mean(x, -1, { keepdims: true }));
  const variance = k.mean(centered.mul(centered), -1, { keepdims: true });
  return centered.mul(k.rsqrt(variance.add(1e-5))).mul(scale).add(residual);
};

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
    label: "masked softmax rows of 64",
    fn: maskedSoftmax,
    args: [normal(8, [96, 64]), normal(9, [96, 64])],
    vector: true,
    kernel: "rows",
  },
  {
    label: "layer-norm rows of 64",
    fn: layerNorm,
    args: [normal(10, [96, 64]), normal(11, [64]), normal(12, [96, 64])],
    vector: true,
    kernel: "rows",
  },
  {
    label: "softmax rows of 36 shifted keep scalar loads",
    fn: (x) => k.softmax(x.slice([null, [1, 37]]), -1),
    args: [normal(13, [40, 40])],
    vector: false,
    kernel: "rows",
  },
  {
    label: "rows of 66 keep scalar loads",
    fn: (x) => x.exp().sum(1),
    args: [normal(7, [32, 66])],
    vector: false,
  },
];

describe("short row groups unrolled", () => {
  // The passes over a row (mean, variance, output) reuse the first pass's loads: each value of
  // a row of 64 is loaded once, 4 at a time, and no loop remains.
  const loads = (wgsl: string, binding: string) => (wgsl.match(new RegExp(`= ${binding}\\[`, "g")) ?? []).length;

  it("layer norm loads each value once", () => {
    const [wgsl] = rowsWgsl(layerNorm, [[96, 64], [64], [96, 64]]);
    expect(wgsl).toMatch(/var<storage, read> b0: array<vec4<f32>>; \/\/ input f32\[96,64\]/);
    expect(loads(wgsl, "b0")).toBe(16);
    expect(wgsl).not.toContain("for (");
  });

  it("shifted softmax loads scalars once", () => {
    // Rows of 36 read from offset 1 are not aligned to 4, so each value is one scalar load.
    const [wgsl] = rowsWgsl((x) => k.softmax(x.slice([null, [1, 37]]), -1), [[40, 40]]);
    expect(wgsl).not.toContain("vec4");
    expect(loads(wgsl, "b0")).toBe(36);
    expect(wgsl).not.toContain("for (");
  });

  it("long row group keeps loops", () => {
    // 40 fused ops after a softmax, per element of a row of 64: unrolled, some 2,500
    // statements to compile.
    const chain = (x: Tensor) => {
      let y = k.softmax(x, -1);
      for (let i = 0; i < 40; i++) y = i % 2 === 0 ? k.tanh(y) : y.mul(1.5);
      return y;
    };
    const [wgsl] = rowsWgsl(chain, [[8, 64]]);
    expect(wgsl).toContain("for (");
  });

  it("rows longer than 64 keep their loop", () => {
    const [wgsl] = rowsWgsl((x) => k.softmax(x, -1), [[8, 100]]);
    expect(wgsl).toContain("for (");
  });
});

// Computed on the CPU now, so the compiled functions upload them.
for (const c of CASES) for (const arg of c.args) arg.dataSync();

describe.runIf(hasWebGpu)("row reductions in groups of 4", () => {
  for (const c of CASES) {
    it(
      c.label,
      gpu(async () => {
        const backend = (await webgpu())!;
        const compiled = k.compile(c.fn);
        const kernels = backend.executable(compiled.trace(...c.args).program).kernels.filter((kernel) => kernel.kernel.name.startsWith(c.kernel ?? "reduce"));
        expect(kernels.length).toBe(1);
        if (c.vector) expect(kernels[0].wgsl).toContain("vec4");
        else expect(kernels[0].wgsl).not.toContain("vec4");
        const want = k.withBackend("cpu64", () => c.fn(...c.args).dataSync());
        const got = await compiled(...c.args).data();
        expectMatchesOracle(c.label, got, want, 1e-4);
      }),
    );
  }
});
