import { describe, expect, test } from "vitest";
import { zeros } from "@kiln/tensor";
import { defaultDecayMask, leafPaths, segmentWords } from "../src/optim/index.js";

const matrix = zeros([4, 4]);

describe("defaultDecayMask", () => {
  const undecayed = [
    "encoder.dense.bias",
    "blocks.0.attention.qkvBias",
    "blocks.0.ln_1.weight",
    "blocks.3.norm1.scale",
    "ln_post.weight",
    "layerNorm.gamma",
    "bn2.weight",
    "token_embedding.weight",
    "tokenEmbedding",
    "patch_embed.proj.weight",
    "positional_embedding",
    "pos_embed",
    "posEmbedding",
    "class_embedding",
    "cls_token",
    "classToken",
    "logit_scale",
    "clip.logitScale",
  ];
  const decayed = [
    "encoder.dense.weight",
    "blocks.0.attention.query.weight",
    "classifier.weight",
    "linear.kernel",
    "head.0",
    "mlp.fc1.weight",
    "logit.weight",
    "scale.weight",
  ];

  test.each(undecayed)("excludes %s", (path) => {
    expect(defaultDecayMask(path, matrix)).toBe(false);
  });

  test.each(decayed)("decays %s", (path) => {
    expect(defaultDecayMask(path, matrix)).toBe(true);
  });

  test("excludes rank one and scalars", () => {
    expect(defaultDecayMask("dense.weight", zeros([4]))).toBe(false);
    expect(defaultDecayMask("temperature", zeros([]))).toBe(false);
    expect(defaultDecayMask("conv.weight", zeros([8, 3, 3, 3]))).toBe(true);
  });
});

describe("segmentWords", () => {
  test("splits case, digits and separators", () => {
    expect(segmentWords("layerNorm1")).toEqual(["layer", "norm", "1"]);
    expect(segmentWords("ln_f")).toEqual(["ln", "f"]);
    expect(segmentWords("QKVBias")).toEqual(["qkv", "bias"]);
    expect(segmentWords("fc2")).toEqual(["fc", "2"]);
  });
});

describe("leafPaths", () => {
  test("joins keys and indices with dots", () => {
    const tree = { blocks: [{ attention: { query: { weight: matrix } } }], step: 3, head: matrix };
    expect(leafPaths(tree)).toEqual(["blocks.0.attention.query.weight", "head"]);
  });

  test("root tensor has empty path", () => {
    expect(leafPaths(matrix)).toEqual([""]);
  });
});
