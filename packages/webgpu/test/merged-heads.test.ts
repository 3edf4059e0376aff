/**
 * Merged heads stored for the output projection. Attention's weighted values are a product of
 * [B, H, S, D] that the block merges to [B·S, H·D] before a projection. When nothing else reads
 * the product, its kernel writes the merged matrix, and the projection reads that matrix as a
 * plain lhs (from a texture with a texture variant) instead of gathering each element through
 * the permutation. The plans are checked without a GPU; the values on WebGPU against the
 * float64 CPU backend.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { Primitive, type Tensor } from "@kiln/tensor";
import { parseMatmulVariantName, schedule, type MatmulVariant } from "@kiln/webgpu";
import { hasWebGpu, variantBackend } from "./gpu.js";
import { cpuValues } from "./host-values.js";
import { expectCompiledMatchesCpu64 } from "./oracle.js";
import { matmulWgsl } from "./wgsl.js";

const TUNED = parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant;
const STORAGE = parseMatmulVariantName("rows-4x4-w64-str-k4-va-vb") as MatmulVariant;

const mm = (a: Tensor, b: Tensor) => k.matmul(a, b as never);

const BATCH = 2;
const SEQ = 17;
const HEADS = 4;
const WIDTH = 64;
const ROWS = BATCH * SEQ;

/** [B·S, H·D] → [B, H, S, D]. */
const split = (x: Tensor) => k.transpose(x.reshape([BATCH, SEQ, HEADS, WIDTH / HEADS]), [0, 2, 1, 3]);
/** [B, H, S, D] → [B·S, H·D]. */
const merge = (x: Tensor) => k.transpose(x, [0, 2, 1, 3]).reshape([ROWS, WIDTH]);

/** Weighted values, merged, then projected: (weights, values, wo). */
const projected = (weights: Tensor, values: Tensor, wo: Tensor) => mm(merge(mm(weights, split(values))), wo);
const SHAPES = [[BATCH, HEADS, SEQ, SEQ], [ROWS, WIDTH], [WIDTH, WIDTH]];

/** Schedules `fn` on zeros of `shapes` with the texture variant and returns its kernel plans, in order. */
function kernelPlans(fn: (...args: Tensor[]) => unknown, shapes: number[][]) {
  const program = k.compile(fn as (...args: Tensor[]) => Tensor).trace(...shapes.map((s) => k.zeros(s))).program;
  return schedule(program, new Set(), 8, TUNED).kernels;
}

/** The plans of `fn`'s matmul kernels, in order. */
const productPlans = (fn: (...args: Tensor[]) => unknown, shapes: number[][]) => kernelPlans(fn, shapes).filter((plan) => plan.core?.op === Primitive.Dot);

describe("merged heads stored for a projection", () => {
  it("weighted values write the merged matrix", () => {
    const [weighted, projection] = productPlans(projected, SHAPES);
    expect(weighted.root.op).toBe(Primitive.Reshape);
    expect(weighted.root.shape).toEqual([ROWS, WIDTH]);
    expect(weighted.core?.shape).toEqual([BATCH, HEADS, SEQ, WIDTH / HEADS]);
    expect(projection.core?.inputs[0]).toBe(weighted.root);
  });

  it("the projection reads two textures", () => {
    const wgsl = matmulWgsl(projected, SHAPES, TUNED, 1);
    expect(wgsl.match(/texture_2d<f32>/g)).toHaveLength(2);
    expect(wgsl).not.toMatch(/var<storage, read> b\d+: array<f32>/);
  });

  it("a product read elsewhere keeps its layout", () => {
    // The weighted values are also summed, so the product is stored once, in its own layout.
    // No kernel copies it to the merged layout.
    const fn = (weights: Tensor, values: Tensor, wo: Tensor) => {
      const attended = mm(weights, split(values));
      return [mm(merge(attended), wo), k.sum(attended)];
    };
    const plans = kernelPlans(fn, SHAPES);
    expect(plans.map((plan) => plan.root.op)).toEqual([Primitive.Dot, Primitive.Dot, Primitive.ReduceSum]);
  });

  it("an output product keeps its layout", () => {
    const fn = (weights: Tensor, values: Tensor, wo: Tensor) => {
      const attended = mm(weights, split(values));
      return [mm(merge(attended), wo), attended];
    };
    const plans = kernelPlans(fn, SHAPES);
    expect(plans.map((plan) => plan.root.op)).toEqual([Primitive.Dot, Primitive.Dot]);
  });

  it("a batched operand keeps the layout", () => {
    // Heads split from a product and read by batched products stay index arithmetic.
    const fn = (x: Tensor, w: Tensor, keys: Tensor) => mm(split(mm(x, w)), k.transpose(split(keys), [0, 1, 3, 2]));
    const [projection] = productPlans(fn, [[ROWS, WIDTH], [WIDTH, WIDTH], [ROWS, WIDTH]]);
    expect(projection.root.op).toBe(Primitive.Dot);
  });

  it("a reshape alone keeps the layout", () => {
    const fn = (x: Tensor, w: Tensor, wo: Tensor) => mm(mm(x, w).reshape([ROWS * 2, WIDTH / 2]), wo);
    const [first] = productPlans(fn, [[ROWS, WIDTH], [WIDTH, WIDTH], [WIDTH / 2, WIDTH]]);
    expect(first.root.op).toBe(Primitive.Dot);
  });
});

describe.runIf(hasWebGpu)("merged heads stored for a projection on webgpu", () => {
  const block = (q: Tensor, keys: Tensor, values: Tensor, wo: Tensor) => {
    const weights = k.softmax(mm(split(q), k.transpose(split(keys), [0, 1, 3, 2])).mul(0.25), -1);
    return mm(merge(mm(weights, split(values))), wo);
  };
  const loss = (q: Tensor, keys: Tensor, values: Tensor, wo: Tensor) => block(q, keys, values, wo).square().sum();
  const gradients = (q: Tensor, keys: Tensor, values: Tensor, wo: Tensor) => k.grad(loss, { argnums: [0, 1, 2, 3] })(q, keys, values, wo);
  const args = () => [cpuValues([ROWS, WIDTH], 1), cpuValues([ROWS, WIDTH], 2), cpuValues([ROWS, WIDTH], 3), cpuValues([WIDTH, WIDTH], 4, 0.3)];

  for (const [label, variant] of [["texture", TUNED], ["storage-buffer", STORAGE]] as const) {
    it(`projection matches float64 (${label})`, async () => {
      const backend = variantBackend(variant);
      const kernels = await expectCompiledMatchesCpu64("attention", backend, block, args(), 1e-4);
      expect(kernels).toHaveLength(3);
      await expectCompiledMatchesCpu64("attention gradients", backend, gradients, args(), 1e-3);
    }, 120_000);
  }

  it("merged heads with residual", async () => {
    // The epilogue reads the residual 4 columns at a time where the views move each run.
    const fn = (weights: Tensor, values: Tensor, residual: Tensor) => merge(mm(weights, split(values))).add(residual).mul(2);
    const args = [cpuValues(SHAPES[0], 8), cpuValues(SHAPES[1], 9), cpuValues([ROWS, WIDTH], 10)];
    for (const variant of [TUNED, STORAGE]) await expectCompiledMatchesCpu64("merged residual", variantBackend(variant), fn, args, 1e-4);
  }, 60_000);

  it("merged matrix as an output", async () => {
    const fn = (weights: Tensor, values: Tensor, wo: Tensor) => {
      const merged = merge(mm(weights, split(values)));
      return [mm(merged, wo).add(1), merged];
    };
    const args = [cpuValues(SHAPES[0], 5), cpuValues(SHAPES[1], 6), cpuValues(SHAPES[2], 7, 0.3)];
    await expectCompiledMatchesCpu64("merged output", variantBackend(TUNED), fn, args, 1e-4);
  }, 60_000);
});
