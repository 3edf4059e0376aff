/**
 * Golden WGSL for representative graphs, so a change to scheduling, fusion or rendering shows
 * up in review as a diff of the generated kernels. Code generation needs no GPU. After an
 * intended change, update the files with `npx vitest run -u packages/webgpu/test/golden.test.ts`.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { lowerKernel, renderKernel, schedule } from "@kiln/webgpu";

function kernelsOf(fn: (...args: Tensor[]) => unknown, args: Tensor[]): string[] {
  const program = k.compile(fn).trace(...args).program;
  const plan = schedule(program);
  return plan.kernels.map((kernel) => renderKernel(lowerKernel(kernel, plan.materialized).kernel));
}

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
    const attention = (q: Tensor, key: Tensor, value: Tensor) => {
      const scores = k.einsum("bhqd,bhkd->bhqk", q, key).mul(1 / Math.sqrt(8));
      const mask = k.greater(k.iota([5, 5], 1), k.iota([5, 5], 0));
      const masked = k.where(mask, -Infinity, scores);
      return k.einsum("bhqk,bhkd->bhqd", k.softmax(masked, -1), value);
    };
    const shape = [2, 4, 5, 8];
    const kernels = kernelsOf(attention, [k.zeros(shape), k.zeros(shape), k.zeros(shape)]);
    await expect(join(kernels)).toMatchFileSnapshot("golden/attention.wgsl");
  });
});
