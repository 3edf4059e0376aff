/**
 * Vector views read from textures. With a texture variant, a matmul operand that is a view of
 * a stored tensor (attention's heads, [B·S, H·D] → [B, H, S, D]) reads 4 elements per texel of
 * that tensor's texture instead of a `vec4` from its buffer. The tensor's rows must be a
 * multiple of 64 elements. The kernels are checked without a GPU; the values on WebGPU against
 * the float64 CPU backend, with arguments that change between calls.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { parseMatmulVariantName, type MatmulVariant } from "@kiln/webgpu";
import { hasWebGpu, variantBackend } from "./gpu.js";
import { cpuValues } from "./host-values.js";
import { expectCompiledMatchesCpu64, expectMatchesOracle, leavesOf } from "./oracle.js";
import { matmulWgsl } from "./wgsl.js";

const TUNED = parseMatmulVariantName("rows-16x16-w8-adj-k1-va-vb-tex") as MatmulVariant;

const mm = (a: Tensor, b: Tensor) => k.matmul(a, b as never);

/** Splits [batch · seq, heads · width] into [batch, heads, seq, width]. */
const headsOf = (batch: number, seq: number, heads: number) => (x: Tensor) => {
  const width = x.shape[1] / heads;
  return k.transpose(x.reshape([batch, seq, heads, width]), [0, 2, 1, 3]);
};

const VECTOR_READ = /read> b\d+: array<vec4<f32>>/;

describe("vector views read from textures", () => {
  const heads = headsOf(2, 17, 4);
  const scores = (q: Tensor, keys: Tensor) => mm(heads(q), k.transpose(heads(keys), [0, 1, 3, 2]));
  const weighted = (w: Tensor, values: Tensor) => mm(w, heads(values));

  it("attention scores read two textures", () => {
    const wgsl = matmulWgsl(scores, [[34, 64], [34, 64]], TUNED);
    expect(wgsl.match(/texture_2d<f32>/g)).toHaveLength(2);
    expect(wgsl).not.toMatch(VECTOR_READ);
    expect(wgsl).toContain("_tex");
  });

  it("weighted values read one texture", () => {
    const wgsl = matmulWgsl(weighted, [[2, 4, 17, 17], [34, 64]], TUNED);
    expect(wgsl.match(/texture_2d<f32>/g)).toHaveLength(1);
  });

  it("rows of 24 keep buffer loads", () => {
    const narrow = headsOf(2, 17, 2);
    const wgsl = matmulWgsl((q: Tensor, keys: Tensor) => mm(narrow(q), k.transpose(narrow(keys), [0, 1, 3, 2])), [[34, 24], [34, 24]], TUNED);
    expect(wgsl).not.toContain("texture_2d");
    expect(wgsl).toMatch(VECTOR_READ);
  });

  it("texture side limit keeps buffer loads", () => {
    // The lhs views a tensor of 8,200 rows, more than the 8,192-texel side. The weight is a texture.
    const wgsl = matmulWgsl((x: Tensor, w: Tensor) => mm(headsOf(1, 8200, 1)(x), w), [[8200, 64], [64, 64]], TUNED);
    expect(wgsl.match(/texture_2d<f32>/g)).toHaveLength(1);
    expect(wgsl).toMatch(VECTOR_READ);
  });

  it("variants without textures keep buffer loads", () => {
    const vectors = parseMatmulVariantName("rows-4x4-w64-str-k4-va-vb") as MatmulVariant;
    const wgsl = matmulWgsl(scores, [[34, 64], [34, 64]], vectors);
    expect(wgsl).not.toContain("texture_2d");
    expect(wgsl).toMatch(VECTOR_READ);
  });
});

describe.runIf(hasWebGpu)("vector views read from textures on webgpu", () => {
  const tuned = variantBackend(TUNED);

  it("attention forward and backward match float64", async () => {
    const heads = headsOf(3, 17, 4);
    const attention = (q: Tensor, keys: Tensor, values: Tensor) => {
      const weights = k.softmax(mm(heads(q), k.transpose(heads(keys), [0, 1, 3, 2])).mul(0.25), -1);
      return k.transpose(mm(weights, heads(values)), [0, 2, 1, 3]).reshape([51, 64]);
    };
    const loss = (q: Tensor, keys: Tensor, values: Tensor) => attention(q, keys, values).square().sum();
    const gradients = (q: Tensor, keys: Tensor, values: Tensor) => k.grad(loss, { argnums: [0, 1, 2] })(q, keys, values);
    const args = [cpuValues([51, 64], 1), cpuValues([51, 64], 2), cpuValues([51, 64], 3)];
    const kernels = await expectCompiledMatchesCpu64("attention", tuned, attention, args, 1e-4);
    expect(kernels.some((name) => name.startsWith("matmul_flat") && name.includes("_tex"))).toBe(true);
    await expectCompiledMatchesCpu64("attention gradients", tuned, gradients, args, 1e-3);
  }, 120_000);

  it("a permuted lhs matches float64", async () => {
    const permuted = (x: Tensor, w: Tensor) => mm(k.transpose(x, [1, 0, 2]).reshape([51, 64]), w);
    const kernels = await expectCompiledMatchesCpu64("permuted lhs", tuned, permuted, [cpuValues([17, 3, 64], 20), cpuValues([64, 128], 21)], 1e-4);
    expect(kernels).toHaveLength(1);
    expect(kernels[0]).toContain("_va_vb_tex");
  }, 60_000);

  it("changed arguments are copied again", async () => {
    // The texture of an argument is copied only when the argument changes: a, then b, then a.
    const heads = headsOf(2, 17, 4);
    const scores = k.compile((q: Tensor, keys: Tensor) => mm(heads(q), k.transpose(heads(keys), [0, 1, 3, 2])), { backend: tuned });
    const first = [cpuValues([34, 64], 10), cpuValues([34, 64], 11)];
    const second = [cpuValues([34, 64], 12), cpuValues([34, 64], 13)];
    for (const [label, args] of [["first", first], ["second", second], ["first again", first]] as const) {
      const want = k.withBackend("cpu64", () => leavesOf(mm(heads(args[0]), k.transpose(heads(args[1]), [0, 1, 3, 2])))[0].dataSync());
      expectMatchesOracle(label, await scores(args[0], args[1]).data(), want, 1e-4);
    }
  }, 60_000);

  it("an intermediate read as heads", async () => {
    // The projections x · wq and x · wk are stored by the run, then read through their textures.
    const heads = headsOf(2, 10, 2);
    const fn = (x: Tensor, wq: Tensor, wk: Tensor) => mm(heads(mm(x, wq)), k.transpose(heads(mm(x, wk)), [0, 1, 3, 2]));
    const compiled = k.compile(fn, { backend: tuned });
    const wq = cpuValues([32, 128], 70, 0.3);
    const wk = cpuValues([32, 128], 71, 0.3);
    for (const seed of [72, 73, 72]) {
      const x = cpuValues([20, 32], seed);
      const want = k.withBackend("cpu64", () => leavesOf(fn(x, wq, wk))[0].dataSync());
      expectMatchesOracle(`seed ${seed}`, await compiled(x, wq, wk).data(), want, 1e-4);
    }
  }, 60_000);

  it("one tensor read three ways", async () => {
    // x as the heads of an lhs, as a plain rhs, and transposed.
    const fn = (x: Tensor, w: Tensor, p: Tensor) => [mm(headsOf(2, 10, 1)(x), w), mm(p, x), mm(k.transpose(x), p.reshape([20, 20]))];
    await expectCompiledMatchesCpu64("three ways", tuned, fn, [cpuValues([20, 64], 80), cpuValues([64, 64], 81), cpuValues([20, 20], 82)], 1e-4);
  }, 60_000);

  it("values read by the k loop and the epilogue", async () => {
    const heads = headsOf(2, 16, 2);
    const fn = (w: Tensor, values: Tensor) => {
      const out = mm(w, heads(values)).add(heads(values));
      return [out, k.transpose(out, [0, 2, 1, 3]).reshape([32, 128])];
    };
    await expectCompiledMatchesCpu64("values twice", tuned, fn, [cpuValues([2, 2, 16, 16], 83), cpuValues([32, 128], 84)], 1e-4);
  }, 60_000);

  it("donated heads updated in place", async () => {
    const heads = headsOf(1, 16, 2);
    const fn = (x: Tensor, keys: Tensor) => ({ x: x.mul(0.5).add(0.25), s: mm(heads(x), k.transpose(heads(keys), [0, 1, 3, 2])) });
    const step = k.compile(fn, { backend: tuned, donate: [0] });
    const keys = cpuValues([16, 128], 90);
    let gpuX: Tensor = k.withBackend(tuned, () => cpuValues([16, 128], 91).add(0));
    let cpuX: Tensor = cpuValues([16, 128], 91);
    for (let i = 0; i < 3; i++) {
      const out = step(gpuX, keys);
      const want = k.withBackend("cpu64", () => fn(cpuX, keys));
      expectMatchesOracle(`step ${i}`, await out.s.data(), want.s.dataSync(), 1e-4);
      gpuX = out.x;
      cpuX = want.x;
    }
  }, 60_000);

  it("view past the texture side matches", async () => {
    // 8,200 rows exceed the 8,192-texel side, so the view reads the buffer.
    const fn = (x: Tensor, w: Tensor) => mm(headsOf(1, 8200, 1)(x), w).add(1);
    await expectCompiledMatchesCpu64("tall", tuned, fn, [cpuValues([8200, 64], 92), cpuValues([64, 64], 93)], 1e-4);
  }, 120_000);

  it("two texture widths of one tensor", async () => {
    const heads = headsOf(2, 16, 2);
    const fn = (x: Tensor, keys: Tensor, w: Tensor) => [mm(heads(x), k.transpose(heads(keys), [0, 1, 3, 2])), mm(x.reshape([16, 256]), w).add(1)];
    const kernels = await expectCompiledMatchesCpu64("two widths", tuned, fn, [cpuValues([32, 128], 100), cpuValues([32, 128], 101), cpuValues([256, 64], 102)], 1e-4);
    expect(kernels.filter((name) => name.includes("_tex"))).toHaveLength(2);
  }, 60_000);

  it("random head splits match float64", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          batch: fc.integer({ min: 1, max: 3 }),
          seq: fc.integer({ min: 1, max: 20 }),
          heads: fc.constantFrom(1, 2, 4, 8),
          width: fc.constantFrom(64, 128),
          form: fc.constantFrom("scores", "weighted", "transposed weights"),
          seed: fc.integer({ min: 1, max: 1000 }),
        }),
        async ({ batch, seq, heads, width, form, seed }) => {
          const split = headsOf(batch, seq, heads);
          const rows = batch * seq;
          const forms: Record<string, [(a: Tensor, b: Tensor) => Tensor, number[]]> = {
            scores: [(q, keys) => mm(split(q), k.transpose(split(keys), [0, 1, 3, 2])), [rows, width]],
            weighted: [(w, values) => mm(w, split(values)), [batch, heads, seq, seq]],
            "transposed weights": [(w, values) => mm(k.transpose(w, [0, 1, 3, 2]), split(values)), [batch, heads, seq, seq]],
          };
          const [fn, firstShape] = forms[form];
          const args = [cpuValues(firstShape, seed), cpuValues([rows, width], seed + 1)];
          await expectCompiledMatchesCpu64(`${form}: batch ${batch}, seq ${seq}, ${heads} heads of ${width / heads}`, tuned, fn, args, 1e-4);
        },
      ),
      { numRuns: 20, seed: 20261205 },
    );
  }, 240_000);
});
