/**
 * Golden WGSL for representative graphs, so a change to scheduling, fusion or rendering shows
 * up in review as a diff of the generated kernels. Code generation needs no GPU. After an
 * intended change, update the files with `npx vitest run -u packages/webgpu/test/golden.test.ts`.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { DEFAULT_LOWER_OPTIONS, eliminateCommonSubexpressions, lowerKernel, parseMatmulVariantName, renderKernel, schedule, type MatmulVariant } from "@kiln/webgpu";

/** The variant lavapipe's tuner picks. Batches of narrow products compute whole rows with it. */
const TUNED = parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant;

function kernelsOf(fn: (...args: Tensor[]) => unknown, args: Tensor[], variant?: MatmulVariant): string[] {
  // As the executable does, merge common subexpressions and drop aliases first.
  const program = eliminateCommonSubexpressions(k.compile(fn).trace(...args).program);
  const plan = schedule(program, new Set(), 8, variant);
  const options = variant ? { ...DEFAULT_LOWER_OPTIONS, matmulVariant: variant } : DEFAULT_LOWER_OPTIONS;
  return plan.kernels.map((kernel) => renderKernel(lowerKernel(kernel, plan.materialized, options).kernel));
}

/** Computes masked attention over [batch, heads, queries, width] with a causal mask. */
const attention = (q: Tensor, key: Tensor, value: Tensor) => {
  const scores = k.einsum("bhqd,bhkd->bhqk", q, key).mul(1 / Math.sqrt(8));
  const mask = k.greater(k.iota([5, 5], 1), k.iota([5, 5], 0));
  const masked = k.where(mask, -Infinity, scores);
  return k.einsum("bhqk,bhkd->bhqd", k.softmax(masked, -1), value);
};

function join(kernels: string[]): string {
  return kernels.join("\n\n// ----------------------------------------\n\n") + "\n";
}

describe("golden WGSL", () => {
  it("fused MLP layer is one kernel", async () => {
    const kernels = kernelsOf((x, w, b) => k.gelu(k.matmul(x, w as never).add(b)), [k.zeros([8, 16]), k.zeros([16, 32]), k.zeros([32])]);
    expect(kernels.length).toBe(1);
    await expect(join(kernels)).toMatchFileSnapshot("golden/mlp-layer.wgsl");
  });

  it("gradient of an MLP layer", async () => {
    // The weight gradient (a matmul with a transposed lhs), the bias gradient (a column sum) and
    // the GELU derivative in their epilogues and prologues.
    const loss = (w: Tensor, b: Tensor, x: Tensor) => k.gelu(k.matmul(x, w as never).add(b)).square().sum();
    const kernels = kernelsOf(k.grad(loss, { argnums: [0, 1] }), [k.zeros([16, 32]), k.zeros([32]), k.zeros([8, 16])]);
    await expect(join(kernels)).toMatchFileSnapshot("golden/mlp-layer-gradient.wgsl");
  });

  it("softmax", async () => {
    const kernels = kernelsOf((x) => k.softmax(x, -1), [k.zeros([4, 10])]);
    await expect(join(kernels)).toMatchFileSnapshot("golden/softmax.wgsl");
  });

  it("attention block", async () => {
    const shape = [2, 4, 5, 8];
    const kernels = kernelsOf(attention, [k.zeros(shape), k.zeros(shape), k.zeros(shape)]);
    await expect(join(kernels)).toMatchFileSnapshot("golden/attention.wgsl");
  });

  it("attention block, tuned variant", async () => {
    // The scores and the masked softmax share one kernel: each invocation computes whole rows.
    const shape = [2, 4, 5, 8];
    const kernels = kernelsOf(attention, [k.zeros(shape), k.zeros(shape), k.zeros(shape)], TUNED);
    expect(kernels.length).toBe(2);
    await expect(join(kernels)).toMatchFileSnapshot("golden/attention-tuned.wgsl");
  });

  it("input gradient of three projections", async () => {
    // dx = dq · wqᵀ + dk · wkᵀ + dv · wvᵀ in one kernel with three k loops.
    const projections = (x: Tensor, wq: Tensor, wk: Tensor, wv: Tensor) => k.matmul(x, wq as never).mul(k.matmul(x, wk as never)).add(k.tanh(k.matmul(x, wv as never))).sum();
    const kernels = kernelsOf(k.grad(projections), [k.zeros([8, 16]), k.zeros([16, 16]), k.zeros([16, 16]), k.zeros([16, 16])], TUNED);
    await expect(join(kernels)).toMatchFileSnapshot("golden/projections-input-gradient.wgsl");
  });
});
