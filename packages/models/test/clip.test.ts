import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { grad, random, setDefaultBackend, treeLeaves, treeMap, valueAndGrad, zeros, zerosLike, type Tensor } from "@kiln/tensor";
import { leafPaths } from "@kiln/nn";
import {
  LOGIT_SCALE_INIT,
  LOGIT_SCALE_MAX,
  clip,
  clipInitState,
  clipOptimizer,
  clipTiny,
  clipTrainStep,
  clipVitB32,
  type ClipConfig,
  type ClipParams,
} from "@kiln/models";
import { captions, expectClose, expectFinite, expectGradients, images, read, readTree, smallText, smallVit } from "./helpers.js";

const VOCAB = 10;
const EOT = VOCAB - 1;
const CAPTIONS = [[1, 4, 2], [3], [5, 6, 7, 8, 1, 2]];

/** Returns a reduced CLIP config: towers of width 32 and depth 1, 8×8 images, vocab 12 (EOT 11), context 5, embedDim 32. */
function smallClip(): ClipConfig {
  return { embedDim: 32, vision: smallVit({ outputDim: 32 }), text: smallText({ outputDim: 32 }) };
}

/** Computes the symmetric cross-entropy (CE(L) + CE(Lᵀ))/2 of a square logit matrix in float64. */
function symmetricCrossEntropy(logits: number[], n: number): number {
  const at = (i: number, j: number) => logits[i * n + j];
  const rowLoss = (get: (i: number, j: number) => number) => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const row = Array.from({ length: n }, (_, j) => get(i, j));
      const max = Math.max(...row);
      const logSumExp = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
      total += logSumExp - row[i];
    }
    return total / n;
  };
  return (rowLoss(at) + rowLoss((i, j) => at(j, i))) / 2;
}

describe("clipTiny", () => {
  test("shapes, values, gradients", () => {
    const model = clip(clipTiny(VOCAB));
    const params = model.init(random.key(0));
    const x = () => images(3, [28, 28], 1);
    const tokens = () => captions(CAPTIONS, 16, EOT);

    const [loss, grads] = valueAndGrad((p: ClipParams) => model.loss(p, x(), tokens()))(params);
    expect(model.encodeImage(params, x()).shape).toEqual([3, 64]);
    expect(model.encodeText(params, tokens()).shape).toEqual([3, 64]);
    const logits = model.logits(params, x(), tokens());
    expect(logits.shape).toEqual([3, 3]);
    expectFinite(read(logits), "logits");
    expect(loss.shape).toEqual([]);
    expectFinite(read(loss), "loss");
    const paths = expectGradients(grads);
    expect(paths).toEqual(expect.arrayContaining(["logitScale", "visual.patch", "visual.proj", "text.tokenEmbedding", "text.proj"]));
  });

  test("eotTokenId and embedDim overrides", () => {
    const config = clipTiny(VOCAB, { eotTokenId: 3, embedDim: 16 });
    expect(config.text.eotTokenId).toBe(3);
    const model = clip(config);
    const params = model.init(random.key(0));
    expect(model.logits(params, images(2, [28, 28], 1), captions([[1], [2]], 16, 3)).shape).toEqual([2, 2]);
    expect(model.encodeText(params, captions([[1], [2]], 16, 3)).shape).toEqual([2, 16]);
  });

  test("logit scale starts at ln(1/0.07)", () => {
    const params = clip(clipTiny(VOCAB)).init(random.key(0));
    expect(read(params.logitScale)).toEqual([Math.fround(LOGIT_SCALE_INIT)]);
    expect(LOGIT_SCALE_INIT).toBe(Math.log(1 / 0.07));
    expect(LOGIT_SCALE_MAX).toBe(Math.log(100));
  });
});

describe("clip loss", () => {
  beforeAll(() => setDefaultBackend("cpu64"));
  afterAll(() => setDefaultBackend("cpu"));

  const model = clip(smallClip());
  const x = () => images(3, [8, 8], 2);
  const tokens = () => captions([[1, 4], [3], [5, 6, 7]], 5, 11);

  test("embeddings have unit norm", () => {
    const params = model.init(random.key(1));
    for (const embedding of [model.encodeImage(params, x()), model.encodeText(params, tokens())]) {
      const values = read(embedding);
      const norms = [0, 1, 2].map((i) => Math.hypot(...values.slice(i * 32, (i + 1) * 32)));
      expectClose(norms, [1, 1, 1], 1e-12);
    }
  });

  test("logits are exp(scale)·Î·Tᵀ", () => {
    const params = model.init(random.key(1));
    const image = read(model.encodeImage(params, x()));
    const text = read(model.encodeText(params, tokens()));
    const scale = Math.exp(read(params.logitScale)[0]);
    const expected: number[] = [];
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let dot = 0;
        for (let d = 0; d < 32; d++) dot += image[i * 32 + d] * text[j * 32 + d];
        expected.push(scale * dot);
      }
    }
    expectClose(read(model.logits(params, x(), tokens())), expected, 1e-12);
  });

  test("3×3 loss matches float64 reference", () => {
    const params = model.init(random.key(1));
    const logits = read(model.logits(params, x(), tokens()));
    const loss = read(model.loss(params, x(), tokens()))[0];
    expect(loss).toBeCloseTo(symmetricCrossEntropy(logits, 3), 12);
    // The reference itself: equal logits give ln 3, and a dominant diagonal gives nearly 0.
    expect(symmetricCrossEntropy([0, 0, 0, 0, 0, 0, 0, 0, 0], 3)).toBeCloseTo(Math.log(3), 15);
    expect(symmetricCrossEntropy([50, 0, 0, 0, 50, 0, 0, 0, 50], 3)).toBeLessThan(1e-20);
  });

  test("identical pairs give ln 3", () => {
    // Three copies of one pair: every logit is equal, so each row and column costs ln 3.
    const params = model.init(random.key(1));
    const same = () => images(1, [8, 8], 3).broadcastTo([3, 8, 8]) as Tensor<"f32">;
    const loss = read(model.loss(params, same(), captions([[4, 5], [4, 5], [4, 5]], 5, 11)))[0];
    expect(loss).toBeCloseTo(Math.log(3), 12);
  });

  test("batch of one gives zero", () => {
    const params = model.init(random.key(1));
    expect(read(model.loss(params, images(1, [8, 8], 4), captions([[2, 3]], 5, 11)))).toEqual([0]);
  });

  test("batch sizes must match", () => {
    const params = model.init(random.key(1));
    expect(() => model.logits(params, images(2, [8, 8], 4), captions([[2, 3]], 5, 11))).toThrow("clip: batch sizes differ: 2 images vs 1 captions");
  });
});

describe("clip config errors", () => {
  test("logit scale bounds and embedDim", () => {
    const cases: [ClipConfig, string][] = [
      [{ ...smallClip(), logitScaleMax: -1 }, "clip: logitScaleMax must be a finite number ≥ 0, got -1"],
      [{ ...smallClip(), logitScaleMax: NaN }, "clip: logitScaleMax must be a finite number ≥ 0, got NaN"],
      [{ ...smallClip(), logitScaleInit: 5 }, `clip: logitScaleInit must be in [0, logitScaleMax ${LOGIT_SCALE_MAX}], got 5`],
      [{ ...smallClip(), logitScaleInit: -0.5 }, `clip: logitScaleInit must be in [0, logitScaleMax ${LOGIT_SCALE_MAX}], got -0.5`],
      [{ ...smallClip(), logitScaleInit: NaN }, `clip: logitScaleInit must be in [0, logitScaleMax ${LOGIT_SCALE_MAX}], got NaN`],
      [{ ...smallClip(), embedDim: 0 }, "clip: embedDim must be a positive integer, got 0"],
    ];
    for (const [config, message] of cases) expect(() => clip(config), message).toThrow(message);
  });

  test("initial scale at the maximum is kept", () => {
    const params = clip({ ...smallClip(), logitScaleInit: 2, logitScaleMax: 2 }).init(random.key(0));
    expect(read(params.logitScale)).toEqual([2]);
  });
});

describe("logit scale clamp", () => {
  const model = clip(smallClip());
  const optimizer = clipOptimizer();
  const scaleGradient = (params: ClipParams, x: Tensor<"f32">, tokens: Tensor<"i32">) =>
    read(grad((p: ClipParams) => model.loss(p, x, tokens))(params).logitScale)[0];

  test("clamped to exactly 0", () => {
    // Two copies of one image with different captions: both image rows are equal, so a larger
    // scale only sharpens a conflict, and the gradient on the scale is positive.
    const x = () => images(1, [8, 8], 5).broadcastTo([2, 8, 8]) as Tensor<"f32">;
    const tokens = () => captions([[1, 2], [6, 7, 8]], 5, 11);
    const params = model.init(random.key(2));
    expect(scaleGradient(params, x(), tokens()), "gradient on the scale").toBeGreaterThan(0);

    // Adam's first step moves every parameter by about lr against the sign of its gradient.
    const step = clipTrainStep(model, optimizer);
    const { state } = step(clipInitState(model, optimizer, model.init(random.key(2))), x(), tokens(), 10);
    expect(read(state.params.logitScale)).toEqual([0]);
  });

  test("clamped to exactly ln 100", () => {
    const x = () => images(4, [8, 8], 6);
    const tokens = () => captions([[1, 2], [3], [4, 5, 6], [7, 8]], 5, 11);
    const step = clipTrainStep(model, optimizer);

    // Training on the batch separates its pairs, after which a larger scale lowers the loss.
    let state = clipInitState(model, optimizer, model.init(random.key(3)));
    for (let i = 0; i < 15; i++) state = step(state, x(), tokens(), 3e-3).state;
    const params = state.params;
    expect(scaleGradient(params, x(), tokens()), "gradient on the scale").toBeLessThan(0);

    // A fresh optimiser state makes the step about lr = 10 upwards, far past ln 100.
    const { state: clamped } = step(clipInitState(model, optimizer, params), x(), tokens(), 10);
    expect(read(clamped.params.logitScale)).toEqual([Math.fround(Math.log(100))]);
  });
});

describe("clip training step", () => {
  beforeAll(() => setDefaultBackend("cpu64"));
  afterAll(() => setDefaultBackend("cpu"));

  // The reference recipe decays weight matrices only: embeddings, the class token, gains,
  // biases and the logit scale keep their values when the gradient is zero.
  const UNDECAYED_MATRICES = ["text.tokenEmbedding", "text.position", "visual.position"];

  test("weight decay on weight matrices only, not on embeddings", () => {
    // With zero gradients AdamW's step is zero, so only decay moves a parameter: ×(1 − lr·0.1).
    const model = clip(smallClip());
    const optimizer = clipOptimizer();
    const params = model.init(random.key(4));
    const zeroGrads = treeMap((leaf) => zerosLike(leaf), params) as ClipParams;
    const { params: next } = optimizer.update(zeroGrads, optimizer.init(params), params, { lr: 1 });
    const before = readTree(params);
    const ranks = new Map(leafPaths(params).map((path, i) => [path, treeLeaves(params)[i].rank]));
    const decayed: string[] = [];
    for (const [path, after] of readTree(next)) {
      const factor = ranks.get(path)! >= 2 && !UNDECAYED_MATRICES.includes(path) ? 0.9 : 1;
      if (factor !== 1) decayed.push(path);
      expectClose(after, before.get(path)!.map((v) => v * factor), 1e-15, 1e-15, path);
    }
    for (const path of UNDECAYED_MATRICES) expect(ranks.get(path), path).toBe(2);
    expect(decayed).toContain("visual.patch");
    expect(decayed.some((path) => path.includes("query"))).toBe(true);
    expect(ranks.get("logitScale")).toBe(0);
  });

  test("an open_clip decay mask decays the embeddings too", () => {
    const model = clip(smallClip());
    const optimizer = clipOptimizer({ decayMask: (_path, leaf) => leaf.rank >= 2 });
    const params = model.init(random.key(4));
    const zeroGrads = treeMap((leaf) => zerosLike(leaf), params) as ClipParams;
    const { params: next } = optimizer.update(zeroGrads, optimizer.init(params), params, { lr: 1 });
    const before = readTree(params);
    const after = readTree(next);
    for (const path of UNDECAYED_MATRICES) expectClose(after.get(path)!, before.get(path)!.map((v) => v * 0.9), 1e-15, 1e-15, path);
  });

  test("frozen patch projection stays fixed", () => {
    const config = smallClip();
    const model = clip({ ...config, vision: { ...config.vision, freezePatchProjection: true } });
    const optimizer = clipOptimizer();
    const state = clipInitState(model, optimizer, model.init(random.key(5)));
    const patch = read(state.params.visual.patch);
    const step = clipTrainStep(model, optimizer);
    const next = step(state, images(2, [8, 8], 6), captions([[1], [2, 3]], 5, 11), 1e-2).state;
    expect(read(next.params.visual.patch)).toEqual(patch);
    expect(read(next.params.visual.proj!)).not.toEqual(read(model.init(random.key(5)).visual.proj!));
  });
});

describe("clipVitB32", () => {
  test("shapes without realizing", () => {
    // Tensors are lazy: init and apply only build graph nodes, and nothing here reads them.
    const config = clipVitB32();
    const model = clip(config);
    const params = model.init(random.key(0));
    const count = treeLeaves(params).reduce((n, leaf) => n + leaf.size, 0);
    expect(count, "parameter count of OpenAI's ViT-B/32").toBe(151_277_313);
    expect(params.visual.patch.shape).toEqual([3 * 32 * 32, 768]);
    expect(params.visual.position?.shape).toEqual([50, 768]);
    expect(params.visual.blocks.length).toBe(12);
    expect(params.visual.proj?.shape).toEqual([768, 512]);
    expect(params.text.tokenEmbedding.shape).toEqual([49408, 512]);
    expect(params.text.position.shape).toEqual([77, 512]);
    expect(params.text.blocks.length).toBe(12);
    expect(params.text.blocks[0].mlp.fc.weight.shape).toEqual([512, 2048]);

    const x = random.normal(random.key(1), [2, 3, 224, 224]);
    const tokens = zeros([2, 77], "i32");
    expect(model.encodeImage(params, x).shape).toEqual([2, 512]);
    expect(model.encodeText(params, tokens).shape).toEqual([2, 512]);
    expect(model.logits(params, x, tokens).shape).toEqual([2, 2]);
    expect(model.loss(params, x, tokens).shape).toEqual([]);
  });
});

describe("clip config errors", () => {
  test("towers must project to embedDim", () => {
    const config = { ...smallClip(), embedDim: 16 };
    expect(() => clip(config)).toThrow("clip: both towers must project to embedDim 16: vision outputDim 32, text outputDim 32");
  });

  test("image tower needs ln_pre", () => {
    const config = smallClip();
    expect(() => clip({ ...config, vision: { ...config.vision, lnPre: false } })).toThrow("clip: the image tower needs lnPre: true");
  });
});
