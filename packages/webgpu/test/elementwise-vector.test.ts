/**
 * Elementwise kernels in groups of 4 along the last axis: inputs read with one vector load per
 * group where the view keeps the last axis, scalar loads elsewhere, vector stores. Each graph is
 * checked against the float64 CPU oracle, and its WGSL for which form it took.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { gpu, hasWebGpu, webgpu } from "./gpu.js";
import { expectMatchesOracle } from "./oracle.js";

const normal = (seed: number, shape: number[]) => k.random.normal(k.random.key(seed), shape);

interface Case {
  label: string;
  fn: (...args: Tensor[]) => Tensor;
  args: Tensor[];
  /** Whether the kernel takes the vector form. */
  vector: boolean;
}

const CASES: Case[] = [
  {
    label: "bias along the last axis, a column broadcast, gelu",
    fn: (x, bias, column) => k.gelu(x.add(bias)).mul(column),
    args: [normal(1, [128, 64]), normal(2, [64]), normal(3, [128, 1])],
    vector: true,
  },
  {
    label: "a tensor read both 4 at a time and one at a time keeps the loop",
    // The slice shifted by one reads lanes 1–3 of one vector and the next element alone.
    fn: (x, y) => x.slice([null, [1, 65]]).add(y),
    args: [normal(4, [128, 68]), normal(5, [128, 64])],
    vector: false,
  },
  {
    label: "a strided slice, a flip and a pad along the last axis (scalar loads)",
    fn: (x, y, z) => x.slice([null, [0, 128, 2]]).add(k.flip(y, 1)).add(k.pad(z, [[0, 0], [1, 3]])),
    args: [normal(6, [128, 128]), normal(7, [128, 64]), normal(8, [128, 60])],
    vector: true,
  },
  {
    label: "a transposed input (scalar loads) beside a contiguous one",
    fn: (xT, y) => k.transpose(xT).mul(y),
    args: [normal(9, [64, 128]), normal(10, [128, 64])],
    vector: true,
  },
  {
    label: "rows gathered from a table, and a concatenation along the first axis",
    fn: (table, indices, a, b) => table.take(indices as Tensor<"i32">, 0).add(k.concat([a, b], 0)),
    args: [normal(11, [50, 64]), k.fromArray(Array.from({ length: 128 }, (_, i) => (i * 7) % 50), [128], "i32"), normal(13, [100, 64]), normal(14, [28, 64])],
    vector: true,
  },
  {
    label: "a comparison stored as bool",
    fn: (x, y) => x.greater(y),
    args: [normal(15, [128, 64]), normal(16, [128, 64])],
    vector: true,
  },
  {
    label: "a stored bool mask selects between inputs",
    fn: (mask, a, b) => k.where(mask as Tensor<"bool">, a, b),
    args: [k.fromArray(Array.from({ length: 8192 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0)), [128, 64], "bool"), normal(24, [128, 64]), normal(25, [128, 64])],
    vector: true,
  },
  {
    label: "NaN and infinities through max, min and comparisons",
    fn: (a, b) => k.maximum(a, b).add(k.minimum(a, b).mul(2)).add(k.where(a.greater(b), 1, 0)),
    args: [
      k.fromArray(Array.from({ length: 8192 }, (_, i) => [NaN, Infinity, -Infinity, 0, -0, 1.5, -2][i % 7]), [128, 64]),
      k.fromArray(Array.from({ length: 8192 }, (_, i) => [1, NaN, -Infinity, -0, 0, Infinity, 3][i % 5]), [128, 64]),
    ],
    vector: true,
  },
  {
    label: "i32 arithmetic",
    fn: (a, b) => a.mul(3).sub(b),
    args: [k.arange(8192).reshape([64, 128]), k.arange(8192).reshape([64, 128]).mul(7)] as Tensor[],
    vector: true,
  },
  {
    label: "several groups per invocation, with a partial last round (1000 × 68)",
    fn: (x, bias) => k.exp(x.mul(0.5)).sub(bias),
    args: [normal(17, [1000, 68]), normal(18, [68])],
    vector: true,
  },
  {
    label: "a chain of 300 ops keeps the loop over elements",
    fn: (x) => {
      let y = x;
      for (let i = 0; i < 300; i++) y = i % 2 === 0 ? y.mul(1.001).add(0.001) : k.tanh(y);
      return y;
    },
    args: [normal(19, [64, 64])],
    vector: false,
  },
  {
    label: "a last axis not a multiple of 4",
    fn: (x, bias) => x.add(bias),
    args: [normal(20, [128, 66]), normal(21, [66])],
    vector: false,
  },
  {
    label: "a size not a multiple of 4 (the last invocation stops early)",
    fn: (x, bias) => k.exp(x).mul(bias),
    args: [normal(22, [129, 33]), normal(23, [33])],
    vector: false,
  },
];

// Computed on the CPU now, so the compiled functions upload them.
for (const c of CASES) for (const arg of c.args) arg.dataSync();

describe.runIf(hasWebGpu)("elementwise kernels in groups of 4", () => {
  for (const c of CASES) {
    it(
      c.label,
      gpu(async () => {
        const backend = (await webgpu())!;
        const compiled = k.compile(c.fn);
        const kernels = backend.executable(compiled.trace(...c.args).program).kernels.filter((kernel) => kernel.kernel.name.startsWith("elementwise"));
        expect(kernels.length).toBe(1);
        const wgsl = kernels[0].wgsl;
        if (c.vector) expect(wgsl).toMatch(/\] = vec4<(f32|i32|u32)>\(/);
        else expect(wgsl).not.toContain("vec4");
        const want = k.withBackend("cpu64", () => c.fn(...c.args).dataSync());
        // Each invocation computes 4 elements, or 16 in the vector form of large outputs.
        const perInvocation = c.vector && want.length >= 65536 ? 16 : 4;
        expect(kernels[0].kernel.workgroups).toBe(Math.ceil(Math.ceil(want.length / perInvocation) / 64));
        const got = await compiled(...c.args).data();
        expectMatchesOracle(c.label, got, want, 1e-5);
      }),
    );
  }
});
