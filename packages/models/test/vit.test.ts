import { describe, expect, test } from "vitest";
import { arange, random, valueAndGrad, type Tensor } from "@kiln/tensor";
import { sincos2dPositionEmbedding } from "@kiln/nn";
import { vit, vitTiny, type VitConfig, type VitParams } from "@kiln/models";
import { expectClose, expectFinite, expectGradients, f64, images, read, testValues } from "./helpers.js";

const BATCH = 2;

/** Sums the output with a different weight per element, so no gradient cancels by symmetry. */
function weightedSum(out: Tensor<"f32">, seed: number): Tensor<"f32"> {
  return out.mul(f64(testValues(out.size, seed), out.shape)).sum() as Tensor<"f32">;
}

const VARIANTS: { name: string; overrides: Partial<VitConfig>; frozen?: RegExp }[] = [
  { name: "cls pooling, learned positions", overrides: {} },
  { name: "mean pooling", overrides: { pool: "mean" } },
  { name: "sin-cos positions", overrides: { positionEmbedding: "sincos" } },
  { name: "gelu tanh", overrides: { gelu: "tanh" } },
  { name: "gelu quick", overrides: { gelu: "quick" } },
  { name: "frozen patch projection", overrides: { freezePatchProjection: true }, frozen: /^patch$/ },
  { name: "output projection", overrides: { outputDim: 16 } },
  { name: "without ln_pre", overrides: { lnPre: false } },
];

describe("vitTiny variants", () => {
  test.each(VARIANTS)("$name: shape, values, gradients", ({ overrides, frozen }) => {
    const config = vitTiny(overrides);
    const model = vit(config);
    const params = model.init(random.key(0));
    const x = images(BATCH, [28, 28], 1);

    const [loss, grads] = valueAndGrad((p: VitParams) => weightedSum(model.apply(p, x), 2))(params);
    const out = model.apply(params, images(BATCH, [28, 28], 1));
    expect(out.shape).toEqual([BATCH, config.outputDim ?? config.width]);
    expectFinite(read(out), "features");
    expectFinite(read(loss), "loss");
    const paths = expectGradients(grads, { frozen });
    expect(paths).toContain("patch");
  });

  test("parameter shapes", () => {
    const params = vit(vitTiny({ outputDim: 16 })).init(random.key(0));
    expect(params.patch.shape).toEqual([49, 64]);
    expect(params.classToken.shape).toEqual([64]);
    expect(params.position?.shape).toEqual([17, 64]);
    expect(params.lnPre?.weight.shape).toEqual([64]);
    expect(params.blocks.length).toBe(4);
    expect(params.blocks[0].mlp.fc.weight.shape).toEqual([64, 256]);
    expect(params.blocks[0].mlp.proj.weight.shape).toEqual([256, 64]);
    expect(params.proj?.shape).toEqual([64, 16]);
  });

  test("optional parameters are absent", () => {
    const params = vit(vitTiny({ positionEmbedding: "sincos", lnPre: false })).init(random.key(0));
    expect(params.position).toBeUndefined();
    expect(params.lnPre).toBeUndefined();
    expect(params.proj).toBeUndefined();
  });
});

describe("vit wiring", () => {
  test("sin-cos equals learned with the table", () => {
    const fixed = vit(vitTiny({ positionEmbedding: "sincos" }));
    const learned = vit(vitTiny());
    const params = fixed.init(random.key(3));
    const withTable = { ...params, position: sincos2dPositionEmbedding(4, 4, 64, { classToken: true }) };
    const expected = read(learned.apply(withTable, images(BATCH, [28, 28], 4)));
    expect(read(fixed.apply(params, images(BATCH, [28, 28], 4)))).toEqual(expected);
  });

  test("gelu variants differ", () => {
    const params = vit(vitTiny()).init(random.key(5));
    const outputs = (["exact", "tanh", "quick"] as const).map((gelu) => read(vit(vitTiny({ gelu })).apply(params, images(BATCH, [28, 28], 6))));
    expect(outputs[0]).not.toEqual(outputs[1]);
    expect(outputs[0]).not.toEqual(outputs[2]);
    expect(outputs[1]).not.toEqual(outputs[2]);
  });

  test("cls and mean pooling differ", () => {
    const params = vit(vitTiny()).init(random.key(5));
    const cls = read(vit(vitTiny({ pool: "cls" })).apply(params, images(BATCH, [28, 28], 6)));
    const meanPooled = read(vit(vitTiny({ pool: "mean" })).apply(params, images(BATCH, [28, 28], 6)));
    expect(cls).not.toEqual(meanPooled);
  });

  test("frozen patch keeps the forward pass", () => {
    const params = vit(vitTiny()).init(random.key(7));
    const frozen = read(vit(vitTiny({ freezePatchProjection: true })).apply(params, images(BATCH, [28, 28], 8)));
    expect(frozen).toEqual(read(vit(vitTiny()).apply(params, images(BATCH, [28, 28], 8))));
  });

  test("grey images accept rank 3", () => {
    const model = vit(vitTiny());
    const params = model.init(random.key(9));
    const rank4 = read(model.apply(params, images(BATCH, [1, 28, 28], 10)));
    expect(read(model.apply(params, images(BATCH, [28, 28], 10)))).toEqual(rank4);
  });

  test("patchify order", () => {
    // Two channels of 4×4 pixels with value = flat index, patch 2: a 2×2 grid of patches.
    const model = vit(vitTiny({ imageSize: 4, patchSize: 2, channels: 2, width: 8, heads: 2 }));
    const pixels = arange(2 * 4 * 4).reshape([1, 2, 4, 4]).cast("f32") as Tensor<"f32">;
    const tokens = model.patchify(pixels);
    expect(tokens.shape).toEqual([1, 4, 8]);
    const expected: number[] = [];
    for (let row = 0; row < 2; row++) {
      for (let column = 0; column < 2; column++) {
        for (let channel = 0; channel < 2; channel++) {
          for (let i = 0; i < 2; i++) {
            for (let j = 0; j < 2; j++) expected.push(channel * 16 + (row * 2 + i) * 4 + column * 2 + j);
          }
        }
      }
    }
    expect(read(tokens)).toEqual(expected);
  });

  test("patch embedding is a strided convolution", () => {
    // One output channel: feature (r, c) is the dot product of patch (r, c) with the kernel.
    const model = vit(vitTiny({ imageSize: 4, patchSize: 2, channels: 1, width: 8, heads: 2 }));
    const kernel = testValues(4, 11);
    const pixels = testValues(16, 12);
    const tokens = read(model.patchify(f64(pixels, [1, 4, 4])));
    const dot = (patch: number) => kernel.reduce((s, k, t) => s + k * tokens[patch * 4 + t], 0);
    const direct = (row: number, column: number) =>
      kernel[0] * pixels[2 * row * 4 + 2 * column] +
      kernel[1] * pixels[2 * row * 4 + 2 * column + 1] +
      kernel[2] * pixels[(2 * row + 1) * 4 + 2 * column] +
      kernel[3] * pixels[(2 * row + 1) * 4 + 2 * column + 1];
    expectClose([dot(0), dot(1), dot(2), dot(3)], [direct(0, 0), direct(0, 1), direct(1, 0), direct(1, 1)], 1e-6);
  });
});

describe("vit errors", () => {
  test("image size not divisible by patch", () => {
    expect(() => vit(vitTiny({ imageSize: 30 }))).toThrow("vit: image size 30 is not divisible by the patch size 7");
  });

  test("width not divisible by heads", () => {
    expect(() => vit(vitTiny({ width: 30 }))).toThrow("vit: width 30 is not divisible by 4 heads");
  });

  test("invalid sizes name the field", () => {
    const cases: [Partial<VitConfig>, string][] = [
      [{ patchSize: 0 }, "vit: patchSize must be a positive integer, got 0"],
      [{ patchSize: -7 }, "vit: patchSize must be a positive integer, got -7"],
      [{ patchSize: 3.5 }, "vit: patchSize must be a positive integer, got 3.5"],
      [{ imageSize: 0 }, "vit: imageSize must be a positive integer, got 0"],
      [{ channels: 0 }, "vit: channels must be a positive integer, got 0"],
      [{ width: 0 }, "vit: width must be a positive integer, got 0"],
      [{ heads: -4 }, "vit: heads must be a positive integer, got -4"],
      [{ depth: -1 }, "vit: depth must be a non-negative integer, got -1"],
      [{ depth: 1.5 }, "vit: depth must be a non-negative integer, got 1.5"],
      [{ mlpDim: 0 }, "vit: mlpDim must be a positive integer, got 0"],
      [{ outputDim: 0 }, "vit: outputDim must be a positive integer, got 0"],
      [{ eps: -1 }, "vit: eps must be a finite number ≥ 0, got -1"],
      [{ pool: "max" as VitConfig["pool"] }, 'vit: pool must be one of "cls", "mean", got "max"'],
      [{ gelu: "relu" as VitConfig["gelu"] }, 'vit: gelu must be one of "exact", "tanh", "quick", got "relu"'],
    ];
    for (const [overrides, message] of cases) expect(() => vit(vitTiny(overrides)), message).toThrow(message);
  });

  test("depth 0 has no blocks", () => {
    const model = vit(vitTiny({ depth: 0 }));
    const params = model.init(random.key(0));
    expect(params.blocks).toEqual([]);
    expect(model.apply(params, images(2, [28, 28], 1)).shape).toEqual([2, 64]);
  });

  test("wrong image shape", () => {
    const model = vit(vitTiny());
    const params = model.init(random.key(0));
    expect(() => model.apply(params, images(2, [3, 28, 28], 1))).toThrow("vit: images must be [batch, 1, 28, 28], got [2, 3, 28, 28]");
  });

  test("missing learned position", () => {
    const model = vit(vitTiny());
    const { position: _, ...params } = model.init(random.key(0));
    expect(() => model.apply(params, images(2, [28, 28], 1))).toThrow("learned position embedding is missing");
  });
});
