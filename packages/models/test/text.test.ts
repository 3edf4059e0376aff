import { beforeAll, afterAll, describe, expect, test } from "vitest";
import { grad, random, setDefaultBackend, tensor, valueAndGrad, type Tensor } from "@kiln/tensor";
import { clipTiny, textTransformer, type TextConfig, type TextParams } from "@kiln/models";
import { captions, expectClose, expectFinite, expectGradients, f64, maxAbs, read, smallText, testValues } from "./helpers.js";

const VOCAB = 10;
const EOT = VOCAB - 1;
/** clipTiny's text tower: width 64, depth 2, 4 heads, context 16, output 64. */
const PRESET = clipTiny(VOCAB).text;

function weightedSum(out: Tensor<"f32">, seed: number): Tensor<"f32"> {
  return out.mul(f64(testValues(out.size, seed), out.shape)).sum() as Tensor<"f32">;
}

describe("text transformer preset", () => {
  test("shapes, values, gradients", () => {
    const model = textTransformer(PRESET);
    const params = model.init(random.key(0));
    const tokens = () => captions([[1, 4, 2], [3], [5, 6, 7, 8, 1, 2]], 16, EOT);

    const [loss, grads] = valueAndGrad((p: TextParams) => weightedSum(model.apply(p, tokens()), 1))(params);
    const out = model.apply(params, tokens());
    expect(out.shape).toEqual([3, 64]);
    expect(model.hidden(params, tokens()).shape).toEqual([3, 16, 64]);
    expectFinite(read(out), "features");
    expectFinite(read(loss), "loss");
    const paths = expectGradients(grads);
    expect(paths).toEqual(expect.arrayContaining(["tokenEmbedding", "position", "lnFinal.weight", "proj", "blocks.1.mlp.fc.weight"]));
  });

  test("parameter shapes", () => {
    const params = textTransformer(PRESET).init(random.key(0));
    expect(params.tokenEmbedding.shape).toEqual([VOCAB, 64]);
    expect(params.position.shape).toEqual([16, 64]);
    expect(params.blocks.length).toBe(2);
    expect(params.proj.shape).toEqual([64, 64]);
  });
});

describe("causal mask", () => {
  beforeAll(() => setDefaultBackend("cpu64"));
  afterAll(() => setDefaultBackend("cpu"));

  test("later tokens leave earlier outputs unchanged", () => {
    const model = textTransformer(smallText({ contextLength: 6, depth: 2 }));
    const params = model.init(random.key(1));
    const base = [1, 2, 3, 4, 5, 6];
    const width = 32;
    for (let t = 0; t < 5; t++) {
      // Same prefix up to position t, different tokens after it.
      const changed = base.map((id, i) => (i <= t ? id : (id + 4) % 12));
      const a = read(model.hidden(params, tensor([base], "i32")));
      const b = read(model.hidden(params, tensor([changed], "i32")));
      const prefix = (t + 1) * width;
      expect(b.slice(0, prefix), `positions ≤ ${t}`).toEqual(a.slice(0, prefix));
      expect(b.slice(prefix), `positions > ${t}`).not.toEqual(a.slice(prefix));
    }
  });

  test("padding after EOT gets zero gradient", () => {
    const model = textTransformer(smallText({ contextLength: 8, depth: 2 }));
    const params = model.init(random.key(2));
    // EOT (id 11, the largest) at positions 2 and 3; id 7 appears only as padding after EOT.
    const tokens = () => tensor([[1, 2, 11, 7, 7, 7, 7, 7], [3, 4, 5, 11, 7, 7, 7, 7]], "i32");
    const grads = grad((p: TextParams) => weightedSum(model.apply(p, tokens()), 3))(params);

    const position = read(grads.position);
    const width = 32;
    for (let row = 0; row < 8; row++) {
      const g = maxAbs(position.slice(row * width, (row + 1) * width));
      if (row <= 3) expect(g, `position row ${row}`).toBeGreaterThan(0);
      else expect(g, `position row ${row}`).toBe(0);
    }
    const table = read(grads.tokenEmbedding);
    expect(maxAbs(table.slice(7 * width, 8 * width)), "embedding of the padding id").toBe(0);
    expect(maxAbs(table.slice(1 * width, 2 * width)), "embedding of a caption id").toBeGreaterThan(0);
  });
});

describe("end-of-text pooling", () => {
  beforeAll(() => setDefaultBackend("cpu64"));
  afterAll(() => setDefaultBackend("cpu"));

  /** Row `position` of each caption's hidden states, times the projection, in float64. */
  function pooledReference(hidden: number[], proj: number[], positions: number[], contextLength: number, width: number, outputDim: number): number[] {
    const out: number[] = [];
    positions.forEach((position, b) => {
      const row = hidden.slice((b * contextLength + position) * width, (b * contextLength + position + 1) * width);
      for (let j = 0; j < outputDim; j++) out.push(row.reduce((s, h, i) => s + h * proj[i * outputDim + j], 0));
    });
    return out;
  }

  test("largest id marks the end", () => {
    const model = textTransformer(smallText({ contextLength: 6, outputDim: 8 }));
    const params = model.init(random.key(4));
    const tokens = () => tensor([[2, 11, 0, 0, 0, 0], [3, 4, 5, 6, 10, 1]], "i32");
    const expected = pooledReference(read(model.hidden(params, tokens())), read(params.proj), [1, 4], 6, 32, 8);
    expectClose(read(model.apply(params, tokens())), expected, 1e-12);
  });

  test("eotTokenId marks the end", () => {
    const model = textTransformer(smallText({ contextLength: 6, outputDim: 8, eotTokenId: 3 }));
    const params = model.init(random.key(4));
    // The first 3 of each row ends it, even where larger ids follow.
    const tokens = () => tensor([[5, 3, 11, 3, 0, 0], [11, 10, 9, 8, 3, 0]], "i32");
    const expected = pooledReference(read(model.hidden(params, tokens())), read(params.proj), [1, 4], 6, 32, 8);
    expectClose(read(model.apply(params, tokens())), expected, 1e-12);
  });
});

describe("text transformer errors", () => {
  test("tokens must be i32 of the context length", () => {
    const model = textTransformer(smallText());
    const params = model.init(random.key(0));
    expect(() => model.apply(params, tensor([[1, 2, 3]], "i32"))).toThrow("textTransformer: tokens must be i32 [batch, 5], got i32[1, 3]");
  });

  test("width not divisible by heads", () => {
    expect(() => textTransformer(smallText({ heads: 5 }))).toThrow("textTransformer: width 32 is not divisible by 5 heads");
  });

  test("invalid sizes name the field", () => {
    const cases: [Partial<TextConfig>, string][] = [
      [{ contextLength: 0 }, "textTransformer: contextLength must be a positive integer, got 0"],
      [{ vocabSize: 0 }, "textTransformer: vocabSize must be a positive integer, got 0"],
      [{ outputDim: 0 }, "textTransformer: outputDim must be a positive integer, got 0"],
      [{ heads: 0 }, "textTransformer: heads must be a positive integer, got 0"],
      [{ depth: -2 }, "textTransformer: depth must be a non-negative integer, got -2"],
      [{ eotTokenId: 12 }, "textTransformer: eotTokenId must be an integer in [0, 11] (below vocabSize 12), got 12"],
      [{ eotTokenId: -1 }, "textTransformer: eotTokenId must be an integer in [0, 11] (below vocabSize 12), got -1"],
    ];
    for (const [overrides, message] of cases) expect(() => textTransformer(smallText(overrides)), message).toThrow(message);
  });
});
