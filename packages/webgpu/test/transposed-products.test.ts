/**
 * Transposed products rewritten before scheduling: (a · b)ᵀ, when nothing else reads a · b,
 * becomes bᵀ · aᵀ, and a transpose of a transpose cancels. Attention's key gradient
 * (qᵀ · dS)ᵀ becomes dSᵀ · q. The programs are checked without a GPU; the values on WebGPU
 * against the float64 CPU backend.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { Primitive, type Program, type Tensor } from "@kiln/tensor";
import { parseMatmulVariantName, transposeProducts, type MatmulVariant } from "@kiln/webgpu";
import { hasWebGpu, variantBackend } from "./gpu.js";
import { cpuValues } from "./host-values.js";
import { expectCompiledMatchesCpu64 } from "./oracle.js";

const TUNED = parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant;
const STORAGE = parseMatmulVariantName("rows-4x4-w64-str-k4-va-vb") as MatmulVariant;

const mm = (a: Tensor, b: Tensor) => k.matmul(a, b as never);
const swap = (x: Tensor) => k.transpose(x, [0, 2, 1]);

const trace = (fn: (...args: Tensor[]) => unknown, shapes: number[][]): Program => k.compile(fn as (...args: Tensor[]) => Tensor).trace(...shapes.map((s) => k.zeros(s))).program;

/** Returns the permutations in `program` that read a product directly. */
const transposedProducts = (program: Program) => program.nodes.filter((t) => t.op === Primitive.Permute && t.inputs[0].op === Primitive.Dot);

/** (a · b)ᵀ · 2 over [2, 5, 3] · [2, 3, 4]. */
const transposedTwice = (a: Tensor, b: Tensor) => swap(mm(a, b)).mul(2);
const SHAPES = [[2, 5, 3], [2, 3, 4]];

/** Σ (q · kᵀ)², whose gradient with respect to k is (qᵀ · dS)ᵀ. */
const scores = (q: Tensor, keys: Tensor) => mm(q, swap(keys)).square().sum();
const keyGradient = (q: Tensor, keys: Tensor) => k.grad(scores, { argnums: 1 })(q, keys);

describe("transposed products", () => {
  it("(a · b)ᵀ becomes bᵀ · aᵀ", () => {
    const program = trace(transposedTwice, SHAPES);
    expect(transposedProducts(program)).toHaveLength(1);
    const rewritten = transposeProducts(program);
    expect(transposedProducts(rewritten)).toEqual([]);
    const [product] = rewritten.nodes.filter((t) => t.op === Primitive.Dot);
    expect(product.shape).toEqual([2, 4, 5]);
    expect(product.inputs.map((t) => t.op)).toEqual([Primitive.Permute, Primitive.Permute]);
    expect(product.inputs[0].inputs[0]).toBe(rewritten.inputs[1]);
    expect(product.inputs[1].inputs[0]).toBe(rewritten.inputs[0]);
    expect(rewritten.nodes.filter((t) => t.op === Primitive.Dot)).toHaveLength(1);
  });

  it("key gradient reads q directly", () => {
    // (qᵀ · dS)ᵀ becomes dSᵀ · (qᵀ)ᵀ, and the double transpose cancels.
    const program = trace(keyGradient, [[2, 6, 4], [2, 6, 4]]);
    const rewritten = transposeProducts(program);
    expect(transposedProducts(rewritten)).toEqual([]);
    const q = rewritten.inputs[0];
    expect(rewritten.nodes.some((t) => t.op === Primitive.Dot && t.inputs[1] === q)).toBe(true);
  });

  it("product read elsewhere stays", () => {
    const program = trace((a: Tensor, b: Tensor) => {
      const p = mm(a, b);
      return [swap(p), p.sum()];
    }, SHAPES);
    expect(transposeProducts(program)).toBe(program);
  });

  it("other permutations stay", () => {
    const program = trace((a: Tensor, b: Tensor) => k.transpose(mm(a, b), [1, 0, 2]).mul(2), SHAPES);
    expect(transposeProducts(program)).toBe(program);
  });
});

describe.runIf(hasWebGpu)("transposed products on webgpu", () => {
  for (const [label, variant] of [["texture", TUNED], ["storage-buffer", STORAGE]] as const) {
    it(`match float64 (${label})`, async () => {
      const backend = variantBackend(variant);
      await expectCompiledMatchesCpu64("(a · b)ᵀ", backend, transposedTwice, [cpuValues(SHAPES[0], 1), cpuValues(SHAPES[1], 2)], 1e-5);
      await expectCompiledMatchesCpu64("key gradient", backend, keyGradient, [cpuValues([2, 17, 16], 3), cpuValues([2, 17, 16], 4)], 1e-4);
    }, 60_000);
  }
});
