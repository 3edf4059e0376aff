/**
 * The matmul epilogue in groups of 4 columns: each group computes 4 output elements, reads
 * tensors that follow the output's last axis (a bias) with one vector load and writes each
 * output with one vector store. The kernels are checked without a GPU (which form each case
 * gets); the values on WebGPU against the float64 CPU backend, on every matmul variant.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { Primitive, type Tensor } from "@kiln/tensor";
import { LEGACY_MATMUL_VARIANT, MATMUL_CANDIDATES, matmulVariantName, parseMatmulVariantName, type MatmulVariant } from "@kiln/webgpu";
import { keepsRunsOfFour } from "../src/schedule/epilogue-views.js";
import { hasWebGpu, variantBackend } from "./gpu.js";
import { cpuValues } from "./host-values.js";
import { expectCompiledMatchesCpu64 } from "./oracle.js";
import { matmulWgsl } from "./wgsl.js";

const TUNED = parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant;
const STRIDED = parseMatmulVariantName("rows-8x8-w64-str-k1") as MatmulVariant;

const mm = (a: Tensor, b: Tensor) => k.matmul(a, b as never);
const biasGelu = (a: Tensor, b: Tensor, bias: Tensor) => k.gelu(mm(a, b).add(bias));

const VECTOR_STORE = /b\d+\[[^\]]*\] = vec4<f32>\(/;
const VECTOR_OUTPUT = /read_write> b\d+: array<vec4<f32>>/;

/** Repeats cheap elementwise ops `count` times, so the epilogue is too long to repeat 4 times. */
const longChain = (x: Tensor, count: number) => {
  let y = x;
  for (let i = 0; i < count; i++) y = i % 2 === 0 ? k.tanh(y).mul(1.01) : y.add(0.001);
  return y;
};

describe("grouped matmul epilogue", () => {
  it("vector stores and bias loads", () => {
    for (const variant of [TUNED, LEGACY_MATMUL_VARIANT]) {
      const wgsl = matmulWgsl(biasGelu, [[70, 128], [128, 192], [192]], variant);
      expect(wgsl, matmulVariantName(variant)).toMatch(VECTOR_STORE);
      expect(wgsl, matmulVariantName(variant)).toMatch(/read> b\d+: array<vec4<f32>>; \/\/ input f32\[192\]/);
    }
  });

  it("misaligned columns keep single elements", () => {
    // 18 columns: a group could straddle the end of a row.
    expect(matmulWgsl(biasGelu, [[20, 16], [16, 18], [18]], TUNED)).not.toMatch(VECTOR_OUTPUT);
    // Strided columns without vector loads: an invocation's columns are 8 apart.
    expect(matmulWgsl(biasGelu, [[20, 16], [16, 64], [64]], STRIDED)).not.toMatch(VECTOR_OUTPUT);
    // 2 columns: the block shrinks to 2 columns, fewer than a group.
    expect(matmulWgsl(biasGelu, [[20, 16], [16, 2], [2]], TUNED)).not.toMatch(VECTOR_OUTPUT);
  });

  it("long epilogue falls back", () => {
    const long = (a: Tensor, b: Tensor) => longChain(mm(a, b), 120);
    const wgsl = matmulWgsl(long, [[32, 16], [16, 64]], TUNED);
    expect(wgsl).not.toMatch(VECTOR_OUTPUT);
    // Short chains keep the groups.
    expect(matmulWgsl((a: Tensor, b: Tensor) => longChain(mm(a, b), 6), [[32, 16], [16, 64]], TUNED)).toMatch(VECTOR_STORE);
  });

  it("tensor read both ways falls back", () => {
    // c is read along the product's rows and, transposed, across them.
    const both = (a: Tensor, b: Tensor, c: Tensor) => mm(a, b).add(c).add(k.transpose(c));
    const wgsl = matmulWgsl(both, [[32, 16], [16, 32], [32, 32]], TUNED);
    expect(wgsl).not.toMatch(/array<vec4<f32>>; \/\/ input f32\[32,32\]/);
    expect(wgsl.match(/\/\/ input f32\[32,32\]/g)).toHaveLength(1);
  });

  it("stores merged heads 4 at a time", () => {
    // Attention's weighted values written as merged heads [B·S, D]: the views permute the
    // product, but each run of 4 columns of a head stays 4 consecutive elements of a row.
    const merged = (w: Tensor, values: Tensor) => k.transpose(mm(w, values), [0, 2, 1, 3]).reshape([34, 64]);
    const wgsl = matmulWgsl(merged, [[2, 4, 17, 17], [2, 4, 17, 16]], TUNED);
    expect(wgsl).toMatch(VECTOR_STORE);
    expect(wgsl).toMatch(/read_write> b\d+: array<vec4<f32>>; \/\/ reshape f32\[34,64\]/);
  });

  it("stores transposed product elementwise", () => {
    // The transpose of the last two axes moves a run of 4 columns down a column.
    const transposed = (a: Tensor, b: Tensor) => k.transpose(mm(a, b), [0, 2, 1]).add(1);
    const wgsl = matmulWgsl(transposed, [[2, 16, 8], [2, 8, 16]], TUNED);
    expect(wgsl).not.toMatch(VECTOR_STORE);
    expect(wgsl).toContain("kernel matmul");
  });
});

describe("runs of 4 through epilogue views", () => {
  const viewsOf = (fn: (x: Tensor) => Tensor, shape: number[]) => {
    const program = k.compile(fn).trace(k.zeros(shape)).program;
    const core = program.inputs[0];
    return { core, views: program.nodes.filter((t) => t.op === Primitive.Permute || t.op === Primitive.Reshape) };
  };
  const cases: [string, (x: Tensor) => Tensor, number[], boolean][] = [
    ["merged heads", (x) => k.transpose(x, [0, 2, 1, 3]).reshape([34, 64]), [2, 4, 17, 16], true],
    ["heads swapped, last axis kept", (x) => k.transpose(x, [0, 2, 1, 3]), [2, 4, 17, 16], true],
    ["last axis split in runs of 8", (x) => x.reshape([2, 4, 17, 2, 8]), [2, 4, 17, 16], true],
    ["last two axes transposed", (x) => k.transpose(x, [0, 1, 3, 2]), [2, 4, 17, 16], false],
    ["last axis split in pairs", (x) => x.reshape([2, 4, 17, 8, 2]), [2, 4, 17, 16], false],
    ["head width of 6", (x) => k.transpose(x, [0, 2, 1, 3]).reshape([34, 24]), [2, 4, 17, 6], false],
    ["merged after a transpose of the last axes", (x) => k.transpose(x, [0, 1, 3, 2]).reshape([8, 272]), [2, 4, 17, 16], false],
  ];
  for (const [label, fn, shape, want] of cases) {
    it(label, () => {
      const { core, views } = viewsOf(fn, shape);
      expect(keepsRunsOfFour(views, core)).toBe(want);
    });
  }
});

describe.runIf(hasWebGpu)("grouped matmul epilogue on webgpu", () => {
  const tuned = variantBackend(TUNED);

  it("bias and GELU match float64 on every variant", async () => {
    const args = [cpuValues([70, 128], 1), cpuValues([128, 64], 2), cpuValues([64], 3)];
    for (const variant of MATMUL_CANDIDATES) await expectCompiledMatchesCpu64(matmulVariantName(variant), variantBackend(variant), biasGelu, args, 1e-4);
  }, 120_000);

  it("special values match float64", async () => {
    const bias = k.withBackend("cpu", () => {
      const t = k.fromArray([NaN, Infinity, -Infinity, 0, 1e30, -1e30, 3, -3], [8]);
      t.dataSync();
      return t;
    });
    const fn = (a: Tensor, b: Tensor, c: Tensor) => {
      const z = mm(a, b).add(c);
      return [k.gelu(z), k.maximum(z, 0), z.greater(0), k.tanh(z), k.sigmoid(z)];
    };
    await expectCompiledMatchesCpu64("special values", tuned, fn, [cpuValues([24, 16], 4), cpuValues([16, 8], 5), bias], 1e-4);
  }, 60_000);

  it("fallbacks match float64", async () => {
    const long = (a: Tensor, b: Tensor) => longChain(mm(a, b), 120);
    await expectCompiledMatchesCpu64("long epilogue", tuned, long, [cpuValues([32, 16], 6), cpuValues([16, 64], 7)], 1e-4);
    const both = (a: Tensor, b: Tensor, c: Tensor) => mm(a, b).add(c).add(k.transpose(c));
    await expectCompiledMatchesCpu64("read both ways", tuned, both, [cpuValues([32, 16], 8), cpuValues([16, 32], 9), cpuValues([32, 32], 10)], 1e-4);
    const merged = (w: Tensor, values: Tensor) => k.transpose(mm(w, values), [0, 2, 1, 3]).reshape([34, 64]).add(1);
    await expectCompiledMatchesCpu64("merged heads", tuned, merged, [cpuValues([2, 4, 17, 17], 11), cpuValues([2, 4, 17, 16], 12)], 1e-4);
  }, 60_000);

  it("random epilogues match float64", async () => {
    // Outputs that keep the product's shape, reshape it (flat and [m·n/4, 4]) or compare it,
    // with the product stored alongside, over shapes with and without whole groups of 4.
    const epilogues: Record<string, (z: Tensor, bias: Tensor, m: number, n: number) => Tensor[]> = {
      gelu: (z, bias) => [k.gelu(z.add(bias))],
      "product and relu": (z, bias) => [z, k.relu(z.add(bias))],
      flat: (z, bias, m, n) => [z.mul(bias).reshape([m * n])],
      quads: (z, bias, m, n) => (n % 4 === 0 ? [z.sub(bias).reshape([(m * n) / 4, 4]), z.exp()] : [z.sub(bias)]),
      compare: (z, bias) => [z.greater(bias), k.where(z.greater(bias), z, bias.mul(2))],
    };
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          m: fc.integer({ min: 1, max: 40 }),
          depth: fc.integer({ min: 1, max: 70 }),
          n: fc.oneof(fc.integer({ min: 1, max: 20 }).map((q) => 4 * q), fc.integer({ min: 1, max: 70 })),
          epilogue: fc.constantFrom(...Object.keys(epilogues)),
          variant: fc.constantFrom(...MATMUL_CANDIDATES),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        async ({ m, depth, n, epilogue, variant, seed }) => {
          const fn = (a: Tensor, b: Tensor, bias: Tensor) => epilogues[epilogue](mm(a, b), bias, m, n);
          const args = [cpuValues([m, depth], seed), cpuValues([depth, n], seed + 1), cpuValues([n], seed + 2)];
          await expectCompiledMatchesCpu64(`${epilogue}: ${m} × ${depth} × ${n} on ${matmulVariantName(variant)}`, variantBackend(variant), fn, args, 1e-4);
        },
      ),
      { numRuns: 24, seed: 20261205 },
    );
  }, 240_000);

  it("integer products match", async () => {
    const fn = (a: Tensor, b: Tensor, c: Tensor) => [mm(a, b).add(c), mm(a, b).mul(3)];
    const ints = (shape: number[], seed: number) =>
      k.withBackend("cpu", () => {
        const size = shape.reduce((x, d) => x * d, 1);
        const t = k.fromArray(Int32Array.from({ length: size }, (_, i) => ((i * 7 + seed) % 11) - 5), shape, "i32");
        t.dataSync();
        return t;
      });
    await expectCompiledMatchesCpu64("i32", tuned, fn, [ints([20, 12], 1), ints([12, 16], 2), ints([16], 3)], 0);
  }, 60_000);
});
