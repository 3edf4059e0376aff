/**
 * Every matmul variant the tuner may pick, forced one at a time, against the float64 CPU
 * oracle: ragged edges, zero-size dimensions, batches, broadcast and transposed operands,
 * i32, and fused epilogues. Also checks where vector loads are (and are not) generated.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import {
  DEFAULT_LOWER_OPTIONS,
  MATMUL_CANDIDATES,
  WebGpuBackend,
  gpuContext,
  lowerKernel,
  matmulVariantName,
  parseMatmulVariantName,
  renderKernel,
  schedule,
  type MatmulVariant,
} from "@kiln/webgpu";

const ctx = await gpuContext().catch(() => null);
if (!ctx && process.env.CI === "true") throw new Error("no WebGPU adapter; CI requires the WebGPU backend");

/** Registers a backend that always uses `variant` and returns its name. */
function backendFor(variant: MatmulVariant): string {
  const name = `webgpu-${matmulVariantName(variant)}`;
  if (!k.backendNames().includes(name)) {
    const backend = new WebGpuBackend(ctx as NonNullable<typeof ctx>, { ...DEFAULT_LOWER_OPTIONS, matmulVariant: variant });
    k.registerBackend(name, () => backend);
  }
  return name;
}

function close(got: ArrayLike<number>, want: ArrayLike<number>, label: string): void {
  expect(got.length, label).toBe(want.length);
  let scale = 1;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i] - want[i]) <= 1e-4 * scale)) expect.fail(`${label}[${i}]: webgpu ${got[i]} vs cpu64 ${want[i]}`);
  }
}

const normal = (seed: number, shape: number[]) => k.random.normal(k.random.key(seed), shape);

interface Case {
  label: string;
  fn: (...args: Tensor[]) => Tensor;
  args: Tensor[];
}

const plain = (m: number, kk: number, n: number, seed: number): Case => ({
  label: `${m}x${kk}x${n}`,
  fn: (a, b) => k.matmul(a, b as never),
  args: [normal(seed, [m, kk]), normal(seed + 1, [kk, n])],
});

const CASES: Case[] = [
  plain(1, 1, 1, 1),
  plain(3, 5, 7, 3),
  plain(33, 36, 20, 5),
  plain(0, 4, 3, 7),
  plain(4, 0, 3, 9),
  plain(2, 3, 0, 11),
  {
    label: "batched, transposed lhs, fused bias, gelu and residual",
    fn: (aT, b, bias, residual) => k.gelu(k.matmul(k.transpose(aT, [0, 2, 1]), b as never).add(bias)).add(residual),
    args: [normal(13, [2, 36, 17]), normal(14, [2, 36, 24]), normal(15, [24]), normal(16, [2, 17, 24])],
  },
  {
    label: "batched, wide enough for the rows mapping",
    fn: (a, b) => k.matmul(a, b as never),
    args: [normal(21, [2, 9, 40]), normal(22, [2, 40, 136])],
  },
  {
    label: "transposed rhs",
    fn: (a, bT) => k.matmul(a, k.transpose(bT) as never),
    args: [normal(17, [9, 40]), normal(18, [20, 40])],
  },
  {
    label: "rhs broadcast over the batch",
    fn: (a, b) => k.matmul(a, b as never).mul(2),
    args: [normal(19, [3, 5, 40]), normal(20, [40, 12])],
  },
  {
    label: "i32",
    fn: (a, b) => k.matmul(a, b as never),
    args: [k.arange(144).reshape([4, 36]).sub(70), k.arange(288).reshape([36, 8]).mul(3).sub(400)] as Tensor[],
  },
];

// Computed on the CPU now, so the compiled functions below upload them instead of generating
// the random numbers on each variant's backend.
for (const c of CASES) for (const arg of c.args) arg.dataSync();

// Inner dimensions of 36 and 40 rather than a handful: lavapipe's LLVM fully unrolls a k loop
// with a short constant trip count, which multiplies the compile time of these shaders.

/**
 * Variants that run every case. Between them they cover both mappings, adjacent and strided
 * columns, k unrolling with a remainder loop, and vector loads of either operand. The other
 * candidates run two cases, because each case is a new shader and a cold lavapipe shader cache
 * compiles each for up to a few seconds.
 */
const FULL = new Set(["flat-8x8-w64-adj-k1-vb", "rows-16x8-w16-adj-k1", "rows-4x4-w64-str-k4-va-vb"]);
const SHORT = new Set(["33x36x20", "batched, transposed lhs, fused bias, gelu and residual"]);

describe.runIf(ctx !== null)("matmul variants agree with the CPU", () => {
  for (const variant of MATMUL_CANDIDATES) {
    const name = matmulVariantName(variant);
    it(`variant ${name}`, async () => {
      const backend = backendFor(variant);
      for (const c of CASES.filter((x) => FULL.has(name) || SHORT.has(x.label))) {
        const want = k.withBackend("cpu64", () => c.fn(...c.args).dataSync());
        const got = await k.compile(c.fn, { backend })(...c.args).data();
        close(got, want, `${matmulVariantName(variant)} ${c.label}`);
      }
    }, 120_000);
  }

  it("every full-sweep variant is a candidate", () => {
    const names = new Set(MATMUL_CANDIDATES.map(matmulVariantName));
    for (const name of FULL) expect(names.has(name), name).toBe(true);
  });
});

/** WGSL of the single matmul kernel of `fn`, lowered with `variant`. */
function matmulWgsl(fn: (...args: Tensor[]) => Tensor, args: Tensor[], variant: MatmulVariant): string {
  const program = k.compile(fn).trace(...args).program;
  const plan = schedule(program);
  const kernel = plan.kernels.find((p) => p.core?.op === k.Primitive.Dot);
  if (!kernel) throw new Error("no matmul kernel");
  return renderKernel(lowerKernel(kernel, plan.materialized, { ...DEFAULT_LOWER_OPTIONS, matmulVariant: variant }).kernel);
}

describe("matmul vector loads", () => {
  const vectorBoth = parseMatmulVariantName("rows-4x4-w64-str-k4-va-vb") as MatmulVariant;
  const matmul = (a: Tensor, b: Tensor) => k.matmul(a, b as never);

  it("contiguous operands load vec4", () => {
    const wgsl = matmulWgsl(matmul, [k.zeros([16, 32]), k.zeros([32, 64])], vectorBoth);
    expect(wgsl.match(/array<vec4<f32>>/g)?.length).toBe(2);
  });

  it("transposed rhs falls back to scalar loads", () => {
    const wgsl = matmulWgsl((a, bT) => k.matmul(a, k.transpose(bT) as never), [k.zeros([16, 32]), k.zeros([64, 32])], vectorBoth);
    expect(wgsl.match(/array<vec4<f32>>/g)?.length).toBe(1);
  });

  it("columns not a multiple of 4 fall back", () => {
    const wgsl = matmulWgsl(matmul, [k.zeros([16, 30]), k.zeros([30, 18])], vectorBoth);
    expect(wgsl).not.toContain("vec4");
  });

  it("broadcast rhs keeps vector loads", () => {
    const wgsl = matmulWgsl(matmul, [k.zeros([3, 16, 32]), k.zeros([32, 64])], vectorBoth);
    expect(wgsl.match(/array<vec4<f32>>/g)?.length).toBe(2);
  });

  it("block and workgroup shrink for small matrices", () => {
    const wgsl = matmulWgsl(matmul, [k.zeros([17, 8]), k.zeros([8, 64])], parseMatmulVariantName("rows-16x8-w16-adj-k1") as MatmulVariant);
    expect(wgsl).toContain("kernel matmul_rows_4x8_w8_adj_k1");
  });

  it("narrow output halves the column block", () => {
    const wgsl = matmulWgsl(matmul, [k.zeros([64, 32]), k.zeros([32, 64])], parseMatmulVariantName("rows-8x16-w16-adj-k1") as MatmulVariant);
    expect(wgsl).toContain("kernel matmul_rows_8x8_w8_adj_k1");
  });

  it("many small matrices use the flat mapping", () => {
    const wgsl = matmulWgsl(matmul, [k.zeros([64, 17, 16]), k.zeros([64, 16, 17])], parseMatmulVariantName("rows-16x8-w16-adj-k1") as MatmulVariant);
    expect(wgsl).toContain("kernel matmul_4x4");
  });
});
