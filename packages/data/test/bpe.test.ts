import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { BYTE_TO_CHAR, BpeTokenizer, cleanText, encodeBytesAsChars } from "@kiln/data";
import { tempDir } from "./helpers.js";

// Merge ranks 0–10 get ids 512–522, then <|startoftext|> = 523 and <|endoftext|> = 524.
// "Ã ©" and "Ã ¶" are the UTF-8 bytes of é (C3 A9) and ö (C3 B6) in the byte-to-unicode table.
const MERGES = ["#version: 0.2", "h e", "l l", "l o</w>", "he ll", "hell o</w>", "Ã ©", "h Ã©", "hÃ© l", "w o", "Ã ¶", "' s</w>", ""].join("\n");

// Id of byte b without </w>, by the table order: '!'–'~' 0–93, '¡'–'¬' 94–105, '®'–'ÿ' 106–187,
// then bytes 0–32 as 188–220, 127–160 as 221–254 and 173 as 255. Add 256 for the </w> form.
const ID = { h: 71, i: 72, l: 75, r: 81, w: 86, a: 64, b: 65, d: 67, o: 78, t: 83, e: 68, s: 82, apostrophe: 6, dot: 13, bang: 0 };
const END = 256;

describe("BpeTokenizer", () => {
  const dir = tempDir("bpe");
  const plainPath = join(dir, "merges.txt");
  const gzipPath = join(dir, "merges.txt.gz");
  writeFileSync(plainPath, MERGES);
  writeFileSync(gzipPath, gzipSync(Buffer.from(MERGES)));
  const tokenizer = BpeTokenizer.fromFile(plainPath);

  test("vocabulary layout", () => {
    expect(tokenizer.vocabSize).toBe(525);
    expect(tokenizer.vocab[0]).toBe("!");
    expect(tokenizer.vocab[220]).toBe("Ġ");
    expect(tokenizer.vocab[256]).toBe("!</w>");
    expect(tokenizer.vocab[516]).toBe("hello</w>");
    expect([tokenizer.startOfTextId, tokenizer.endOfTextId]).toEqual([523, 524]);
  });

  test("byte table is a bijection", () => {
    expect(new Set(BYTE_TO_CHAR).size).toBe(256);
    expect(BYTE_TO_CHAR[32]).toBe("Ġ");
    expect(encodeBytesAsChars("😀")).toBe("ðŁĺĢ");
  });

  test("gzip file gives same vocab", () => {
    expect(BpeTokenizer.fromFile(gzipPath).vocab).toEqual(tokenizer.vocab);
  });

  test("merge ranks decide order", () => {
    // he (rank 0), then ll (1) before lo</w> (2), then hell (3), then hello</w> (4).
    expect(tokenizer.encode("hello")).toEqual([516]);
  });

  test("words and punctuation", () => {
    // "world" merges only w o; "," and "!" are single symbols with </w>.
    expect(tokenizer.encode("Hello, World!")).toEqual([516, 11 + END, 520, ID.r, ID.l, ID.d + END, ID.bang + END]);
  });

  test("contractions", () => {
    expect(tokenizer.encode("it's")).toEqual([ID.i, ID.t + END, 522]);
    // "l l" does not merge l with l</w>.
    expect(tokenizer.encode("we'll")).toEqual([ID.w, ID.e + END, ID.apostrophe, ID.l, ID.l + END]);
  });

  test("digits split singly", () => {
    expect(tokenizer.encode("2024")).toEqual([17 + END, 15 + END, 17 + END, 19 + END]);
    expect(tokenizer.encode("abc123")).toEqual([ID.a, ID.b, 66 + END, 16 + END, 17 + END, 18 + END]);
  });

  test("punctuation runs", () => {
    expect(tokenizer.encode("...!?")).toEqual([ID.dot, ID.dot, ID.dot, ID.bang, 30 + END]);
  });

  test("non-ASCII letters", () => {
    // h Ã © l l o</w>: ll (1) first, then Ã© (5), then hÃ© (6); "hÃ© l" (7) never applies.
    expect(tokenizer.encode("héllo wörld")).toEqual([518, 513, ID.o + END, ID.w, 521, ID.r, ID.l, ID.d + END]);
  });

  test("emoji bytes", () => {
    // 😀 is F0 9F 98 80: ð (id 172), Ł (byte 159, id 253), ĺ (byte 152, id 246), Ģ (byte 128, id 222).
    expect(tokenizer.encode("😀")).toEqual([172, 253, 246, 222 + END]);
    expect(tokenizer.encode("hi 😀!")).toEqual([ID.h, ID.i + END, 172, 253, 246, 222, ID.bang + END]);
  });

  test("special tokens kept", () => {
    expect(tokenizer.encode("<|startoftext|>hello<|endoftext|>")).toEqual([523, 516, 524]);
  });

  test("cleaning before split", () => {
    expect(cleanText("  Hello&amp;amp;\n\tWORLD  ")).toBe("hello& world");
    expect(tokenizer.encode("hello&amp;hello")).toEqual([516, 5 + END, 516]);
    expect(tokenizer.encode("it\u2019s")).toEqual(tokenizer.encode("it's"));
    expect(tokenizer.encode("\uff48\uff45\uff4c\uff4c\uff4f")).toEqual([516]);
  });

  test("decode round trip", () => {
    for (const text of ["hello, world!", "héllo wörld", "it's 2024 😀!", "we'll see..."]) {
      const words = text.match(/\S+/g)!.length;
      const decoded = tokenizer.decode(tokenizer.encode(text));
      // Every pre-token ends with </w>, which decodes to a space.
      expect(decoded.replaceAll(" ", ""), text).toBe(text.replaceAll(" ", ""));
      expect(decoded.endsWith(" "), text).toBe(true);
      expect(decoded.split(" ").length - 1, text).toBeGreaterThanOrEqual(words);
    }
    expect(tokenizer.decode(tokenizer.encode("héllo wörld"))).toBe("héllo wörld ");
  });

  test("tokenize pads and truncates", () => {
    const batch = tokenizer.tokenize(["hello", "hello hello hello hello"], { contextLength: 5, truncate: true });
    expect(Array.from(batch.ids)).toEqual([523, 516, 524, 0, 0, 523, 516, 516, 516, 524]);
    expect(Array.from(batch.eotPositions)).toEqual([2, 4]);
    expect(() => tokenizer.tokenize(["hello hello hello hello"], { contextLength: 5 })).toThrow(/needs 6 tokens, more than the context length 5/);
  });

  test("long text error quotes its start", () => {
    const text = "hello ".repeat(1000);
    const run = () => tokenizer.tokenize(["hello", text], { contextLength: 5 });
    expect(run).toThrow(/^BpeTokenizer: text 1 \("hello hello hello hello hello hello hell"…, 6000 characters\) needs 1002 tokens/);
    expect(() => tokenizer.tokenize("hello" as never)).toThrow(/tokenize expects an array of strings, got string/);
  });

  test("tokenize rejects bad context length", () => {
    for (const contextLength of [0, 1, 2.5, -1]) {
      const run = () => tokenizer.tokenize(["hello hello"], { contextLength, truncate: true });
      expect(run, String(contextLength)).toThrow(`context length must be an integer ≥ 2 (room for SOT and EOT), got ${contextLength}`);
    }
  });

  test("bad merge line rejected", () => {
    const path = join(dir, "bad.txt");
    writeFileSync(path, "#version: 0.2\nh e\nl l l\n");
    expect(() => BpeTokenizer.fromFile(path)).toThrow(`BpeTokenizer: ${path}:3: expected a merge of two symbols, got "l l l"`);
  });

  test("decode rejects unknown id", () => {
    expect(() => tokenizer.decode([525])).toThrow(/token id 525 is outside \[0, 524\]/);
  });
});
