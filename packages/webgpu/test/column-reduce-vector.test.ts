/**
 * Reductions that keep the last axis (column sums, a layer norm's scale and shift gradients)
 * when it is a multiple of 4 long. Each invocation reduces 4 consecutive columns: it reads each
 * stored input with one vector load per step and writes its outputs 4 at a time. Each graph is
 * checked for the form it took, and on WebGPU against the float64 CPU oracle and, bit for bit,
 * against the scalar form.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { DEFAULT_LOWER_OPTIONS, eliminateCommonSubexpressions, lowerKernel, renderKernel, schedule } from "@kiln/webgpu";
import { gpu, hasWebGpu, webgpu } from "./gpu.js";
import { cpuValues } from "./host-values.js";
import { expectMatchesOracle } from "./oracle.js";

/** Returns the names and WGSL of the reduction kernels that `fn` compiles to on zeros of `shapes`. */
function reductionKernels(fn: (...args: Tensor[]) => unknown, shapes: number[][]): { name: string; wgsl: string }[] {
  const traced = k.compile(fn as (...args: Tensor[]) => Tensor).trace(...shapes.map((s) => k.zeros(s))).program;
  const plan = schedule(eliminateCommonSubexpressions(traced));
  return plan.kernels
    .map((p) => lowerKernel(p, plan.materialized, DEFAULT_LOWER_OPTIONS).kernel)
    .filter((kernel) => kernel.name.startsWith("reduce"))
    .map((kernel) => ({ name: kernel.name, wgsl: renderKernel(kernel) }));
}

/** Counts the loads from binding `binding` in `wgsl`. */
const loads = (wgsl: string, binding: string) => (wgsl.match(new RegExp(`= ${binding}\\[`, "g")) ?? []).length;

/** Returns an SGD step on a layer norm's scale and shift, with the gradients of its squared output. */
const layerNormStep = (x: Tensor, gain: Tensor, bias: Tensor) => {
  const grads = k.grad((g: Tensor, b: Tensor) => {
    const centered = x.sub(k.mean(x, -1, { keepdims: true }));
    const normalized = centered.mul(k.rsqrt(k.mean(centered.mul(centered), -1, { keepdims: true }).add(1e-5)));
    const y = normalized.mul(g).add(b);
    return y.mul(y).sum();
  }, { argnums: [0, 1] })(gain, bias) as Tensor[];
  return [gain.sub(grads[0].mul(0.01)), bias.sub(grads[1].mul(0.01))];
};

describe("column reductions in groups of 4", () => {
  it("column sums load vectors", () => {
    const [kernel] = reductionKernels((x, y) => k.sum(x.mul(y), 0), [[1088, 64], [1088, 64]]);
    expect(kernel.name).toBe("reduce_columns_reduce_sum");
    expect(kernel.wgsl).toMatch(/var<storage, read> b0: array<vec4<f32>>; \/\/ input f32\[1088,64\]/);
    expect(kernel.wgsl).toMatch(/var<storage, read_write> b2: array<vec4<f32>>; \/\/ reduce_sum f32\[64\]/);
    // One vector load per input and row, 4 rows per loop step.
    expect(loads(kernel.wgsl, "b0")).toBe(4);
    expect(loads(kernel.wgsl, "b1")).toBe(4);
  });

  it("layer-norm gradients join vector loops", () => {
    const kernels = reductionKernels(layerNormStep, [[96, 64], [64], [64]]);
    const joined = kernels.filter((kernel) => kernel.name === "reduce_columns_reduce_sum_joined2");
    expect(joined).toHaveLength(1);
    expect(joined[0].wgsl).not.toMatch(/array<f32>; \/\/ input f32\[96,64\]/);
  });

  it("middle axes reduce 4 columns", () => {
    const [kernel] = reductionKernels((x) => k.sum(x, [0, 1]), [[5, 7, 8]]);
    expect(kernel.name).toBe("reduce_columns_reduce_sum");
  });

  it("odd columns keep one invocation each", () => {
    const [kernel] = reductionKernels((x) => k.sum(x, 0), [[32, 18]]);
    expect(kernel.name).toBe("reduce_reduce_sum");
  });

  it("few long columns keep workgroups", () => {
    // 8 sums of 4096 values each: a workgroup per column, added in blocks.
    const [kernel] = reductionKernels((x) => k.sum(x, 0), [[4096, 8]]);
    expect(kernel.name).toBe("reduce_rows_reduce_sum");
  });

  it("a reversed read keeps scalar loads", () => {
    // x is read at column c and at 15 − c, which one vector binding cannot serve.
    const [kernel] = reductionKernels((x) => k.sum(x.mul(k.flip(x, [1])), 0), [[32, 16]]);
    expect(kernel.name).toBe("reduce_reduce_sum");
    expect(kernel.wgsl).not.toContain("vec4");
  });
});

interface Case {
  label: string;
  fn: (...args: Tensor[]) => unknown;
  args: Tensor[];
}

const special = (shape: number[]) =>
  k.fromArray(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => [NaN, Infinity, -Infinity, 0, -0, 1.5, -2, 1000, -1000][i % 9] * (i % 2 === 0 ? 1 : -1)), shape);

const CASES: Case[] = [
  { label: "layer-norm scale and shift steps", fn: layerNormStep, args: [cpuValues([70, 24], 1), cpuValues([24], 2), cpuValues([24], 3)] },
  { label: "sums over two leading axes", fn: (x) => k.sum(x, [0, 1]), args: [cpuValues([5, 7, 8], 4)] },
  { label: "maxima with NaN and infinities", fn: (x) => [k.max(x, 0), k.sum(x, 0)], args: [special([13, 12])] },
  { label: "i32 column sums", fn: (x) => k.sum(x, 0), args: [k.arange(600).reshape([75, 8]).mul(7) as Tensor] },
  { label: "comparisons of column sums", fn: (x) => [k.sum(x, 0).greater(0), k.sum(x.greater(0), 0)], args: [cpuValues([9, 8], 7)] },
  { label: "three rows, too short to unroll", fn: (x) => k.sum(x.exp(), 0), args: [cpuValues([3, 16], 5)] },
];

// Computed on the CPU now, so the compiled functions upload them.
for (const c of CASES) for (const arg of c.args) arg.dataSync();

describe.runIf(hasWebGpu)("column reductions in groups of 4 on webgpu", () => {
  for (const c of CASES) {
    it(
      c.label,
      gpu(async () => {
        const backend = (await webgpu())!;
        const compiled = k.compile(c.fn as (...args: Tensor[]) => Tensor[]);
        const names = backend.executable(compiled.trace(...c.args).program).kernels.map((kernel) => kernel.kernel.name);
        expect(names.some((name) => name.startsWith("reduce_columns")), names.join()).toBe(true);
        const want = k.withBackend("cpu64", () => ([c.fn(...c.args)].flat() as Tensor[]).map((t) => t.dataSync()));
        const got = [compiled(...c.args)].flat() as Tensor[];
        for (const [i, tensor] of got.entries()) expectMatchesOracle(`${c.label} ${i}`, await tensor.data(), want[i], 1e-4);
      }),
    );
  }

  it(
    "long columns sum accurately",
    gpu(async () => {
      // 200,000 values of 0.1 per column: one running sum per column would drift.
      const x = k.withBackend("cpu", () => {
        const t = k.full([200_000, 4], 0.1);
        t.dataSync();
        return t;
      });
      const want = k.withBackend("cpu64", () => k.sum(x, 0).dataSync());
      expectMatchesOracle("long columns", await k.compile((t: Tensor) => k.sum(t, 0))(x).data(), want, 1e-5);
    }),
  );

  it(
    "vector sums equal scalar sums",
    gpu(async () => {
      // The same 64 columns are summed as a [1088, 64] tensor (4 columns per invocation) and
      // inside a [1088, 65] one (one column per invocation). Both add in the same order.
      const backend = (await webgpu())!;
      const wide = cpuValues([1088, 65], 6, 1000);
      const narrow = k.withBackend("cpu", () => {
        const columns = wide.slice([null, [0, 64]]).mul(1);
        columns.dataSync();
        return columns;
      });
      const sum = k.compile((x: Tensor) => k.sum(x, 0));
      const kernelName = (x: Tensor) => backend.executable(sum.trace(x).program).kernels[0].kernel.name;
      expect(kernelName(narrow)).toBe("reduce_columns_reduce_sum");
      expect(kernelName(wide)).toBe("reduce_reduce_sum");
      const vector = await sum(narrow).data();
      const scalar = await sum(wide).data();
      expect(Array.from(vector)).toEqual(Array.from(scalar).slice(0, 64));
    }),
  );
});
