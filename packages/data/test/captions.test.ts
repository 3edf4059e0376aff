import { describe, expect, test } from "vitest";
import { EOT_ID, EVAL_TEMPLATES, PAD_ID, SOT_ID, TRAIN_TEMPLATES, WordTokenizer, allCaptions, captions } from "@kiln/data";

describe("templates", () => {
  test("six train, four eval", () => {
    expect(TRAIN_TEMPLATES).toHaveLength(6);
    expect(EVAL_TEMPLATES).toHaveLength(4);
  });

  test("train and eval disjoint", () => {
    const train = new Set(TRAIN_TEMPLATES);
    expect(EVAL_TEMPLATES.filter((template) => train.has(template))).toEqual([]);
    const trainCaptions = new Set(allCaptions(TRAIN_TEMPLATES));
    expect(allCaptions(EVAL_TEMPLATES).filter((caption) => trainCaptions.has(caption))).toEqual([]);
  });

  test("captions fill class name", () => {
    expect(captions(0)).toEqual([
      "a photo of a t-shirt/top",
      "a black and white photo of the t-shirt/top",
      "a low resolution photo of a t-shirt/top",
      "a picture of the t-shirt/top",
      "an image showing a t-shirt/top",
      "a grayscale photo of my t-shirt/top",
    ]);
    expect(captions(9, EVAL_TEMPLATES)[1]).toBe("a close up photo of the ankle boot");
  });

  test("allCaptions is template-major", () => {
    const all = allCaptions(TRAIN_TEMPLATES);
    expect(all).toHaveLength(60);
    expect(all[2 * 10 + 7]).toBe("a low resolution photo of a sneaker");
  });

  test("invalid class index rejected", () => {
    expect(() => captions(10)).toThrow(/class index must be an integer in \[0, 9\], got 10/);
  });
});

describe("WordTokenizer", () => {
  const tokenizer = WordTokenizer.fromCaptions();

  // Sorted vocabulary of the reference: ids 3… in code-point order.
  const WORDS = [
    "a", "an", "and", "ankle", "bag", "black", "blurry", "boot", "close", "coat", "cropped", "dress", "grayscale",
    "image", "low", "my", "of", "one", "photo", "picture", "pixelated", "pullover", "resolution", "sandal", "shirt",
    "showing", "sneaker", "t-shirt/top", "the", "trouser", "up", "white",
  ];

  test("vocabulary of 35", () => {
    expect(tokenizer.vocabSize).toBe(35);
    expect(tokenizer.words.slice(3)).toEqual(WORDS);
    expect([PAD_ID, SOT_ID, EOT_ID]).toEqual([0, 1, 2]);
  });

  test("ids and EOT positions", () => {
    const batch = tokenizer.tokenize(["a photo of a t-shirt/top", "a close up photo of the ankle boot"]);
    expect(batch.count).toBe(2);
    expect(batch.contextLength).toBe(16);
    // a=3 photo=21 of=19 t-shirt/top=30; close=11 up=33 the=31 ankle=6 boot=10
    expect(Array.from(batch.ids.subarray(0, 16))).toEqual([1, 3, 21, 19, 3, 30, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(batch.ids.subarray(16, 32))).toEqual([1, 3, 11, 33, 21, 19, 31, 6, 10, 2, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(batch.eotPositions)).toEqual([6, 9]);
  });

  test("upper case and spaces", () => {
    expect(tokenizer.encode("  A   Photo of a BAG ")).toEqual([1, 3, 21, 19, 3, 7, 2]);
  });

  test("long text truncated", () => {
    const small = WordTokenizer.fromCaptions(["a b c d e f"], { contextLength: 5 });
    expect(small.tokenize(["a b c d e f"]).ids).toEqual(Int32Array.of(1, 3, 4, 5, 2));
    expect(small.tokenize(["a b c d e f"]).eotPositions).toEqual(Int32Array.of(4));
  });

  test("unknown word rejected", () => {
    expect(() => tokenizer.encode("a photo of a hat")).toThrow(/word "hat" in "a photo of a hat" is not in the vocabulary/);
  });

  test("decode drops special tokens", () => {
    const batch = tokenizer.tokenize(["a grayscale photo of my ankle boot"]);
    expect(tokenizer.decode(batch.ids)).toBe("a grayscale photo of my ankle boot");
  });
});
