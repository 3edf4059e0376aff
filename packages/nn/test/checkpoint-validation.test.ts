import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { KilnError, tensor } from "@kiln/tensor";
import { loadCheckpoint, MAX_HEADER_BYTES, readSafetensorsHeader, saveCheckpoint } from "../src/checkpoint/index.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kiln-checkpoint-validation-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a safetensors file by hand: length prefix (by default the header's length), header, data. */
async function writeRaw(name: string, header: unknown, dataLength = 0, declaredLength?: bigint): Promise<string> {
  const json = header instanceof Uint8Array ? Buffer.from(header) : Buffer.from(typeof header === "string" ? header : JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(declaredLength ?? BigInt(json.length));
  const file = join(dir, name);
  await writeFile(file, Buffer.concat([prefix, json, Buffer.alloc(dataLength)]));
  return file;
}

/** Checks that both readers reject `file` with a KilnError naming the file and matching `pattern`. */
async function expectRejected(file: string, pattern: RegExp): Promise<void> {
  for (const [op, read] of [["loadCheckpoint", loadCheckpoint], ["readSafetensorsHeader", readSafetensorsHeader]] as const) {
    const error = await read(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KilnError);
    expect((error as Error).message.startsWith(`${op}: ${file}: `)).toBe(true);
    expect((error as Error).message).toMatch(pattern);
  }
}

const entry = (dtype: string, shape: unknown, offsets: unknown) => ({ dtype, shape, data_offsets: offsets });

describe("safetensors validation", () => {
  test("file shorter than prefix", async () => {
    const file = join(dir, "short.safetensors");
    await writeFile(file, Buffer.from([1, 2, 3, 4, 5]));
    await expectRejected(file, /file is 5 bytes, shorter than the 8-byte header length/);
  });

  test("empty file", async () => {
    const file = join(dir, "empty.safetensors");
    await writeFile(file, Buffer.alloc(0));
    await expectRejected(file, /file is 0 bytes/);
  });

  test("header length beyond file", async () => {
    const file = await writeRaw("long-header.safetensors", { w: entry("F32", [1], [0, 4]) }, 4, 2n ** 40n);
    await expectRejected(file, /not a safetensors file: header length 1099511627776 exceeds the \d+ bytes that follow the length prefix/);
  });

  test("header length beyond cap", async () => {
    // A sparse file larger than the cap, so only the cap can reject the declared length.
    const file = await writeRaw("huge-header.safetensors", "{}", 0, BigInt(MAX_HEADER_BYTES + 1));
    await truncate(file, MAX_HEADER_BYTES + 64);
    await expectRejected(file, new RegExp(`header length ${MAX_HEADER_BYTES + 1} exceeds the limit of ${MAX_HEADER_BYTES} bytes`));
  });

  test("truncated saved file", async () => {
    const file = join(dir, "truncated.safetensors");
    await saveCheckpoint(file, { w: tensor([1, 2, 3, 4]) });
    const header = await readSafetensorsHeader(file);
    await truncate(file, header.dataStart + 6);
    await expectRejected(file, /tensor "w" data_offsets \[0, 16\] extend past the data buffer of 6 bytes/);
    await truncate(file, 20);
    await expectRejected(file, /header length \d+ exceeds the 12 bytes that follow the length prefix/);
  });

  test("header not JSON", async () => {
    const file = await writeRaw("not-json.safetensors", '{"w": {"dtype": "F32",');
    await expectRejected(file, /header is not valid JSON: /);
  });

  test("header not UTF-8", async () => {
    const file = await writeRaw("not-utf8.safetensors", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    await expectRejected(file, /header is not valid UTF-8/);
  });

  test("header not object", async () => {
    const file = await writeRaw("array.safetensors", "[1, 2]");
    await expectRejected(file, /header must be a JSON object, got an array/);
  });

  test("unknown dtype", async () => {
    const file = await writeRaw("dtype.safetensors", { w: entry("Q4", [2], [0, 1]) }, 1);
    await expectRejected(file, /tensor "w" has unknown dtype "Q4"; safetensors dtypes are BOOL, U8/);
  });

  test("Object property as dtype", async () => {
    for (const dtype of ["constructor", "toString", "__proto__"]) {
      const file = await writeRaw(`${dtype}.safetensors`, { w: entry(dtype, [2], [0, 8]) }, 8);
      await expectRejected(file, new RegExp(`tensor "w" has unknown dtype "${dtype}"`));
    }
  });

  test("offsets past data buffer", async () => {
    const file = await writeRaw("ckpt.safetensors", { w: entry("F32", [1024], [0, 4096]) }, 1024);
    const error = await loadCheckpoint(file).catch((e: Error) => e);
    expect((error as Error).message).toBe(`loadCheckpoint: ${file}: tensor "w" data_offsets [0, 4096] extend past the data buffer of 1024 bytes`);
  });

  test("offsets reversed", async () => {
    const file = await writeRaw("reversed.safetensors", { w: entry("F32", [1], [8, 4]) }, 8);
    await expectRejected(file, /tensor "w" data_offsets \[8, 4\] have begin after end/);
  });

  test("offsets malformed", async () => {
    for (const [i, offsets] of [[0], [0, 4, 8], [-4, 0], [0, 4.5], "0,4", null].entries()) {
      const file = await writeRaw(`offsets-${i}.safetensors`, { w: entry("U8", [4], offsets) }, 8);
      await expectRejected(file, /tensor "w" has invalid data_offsets .*: expected \[begin, end\] with non-negative integers/);
    }
  });

  test("overlapping offsets", async () => {
    const header = { a: entry("F32", [2], [0, 8]), b: entry("F32", [2], [4, 12]) };
    const file = await writeRaw("overlap.safetensors", header, 12);
    await expectRejected(file, /data_offsets of tensors "a" \[0, 8\] and "b" \[4, 12\] overlap/);
  });

  test("byte size differs from shape", async () => {
    const file = await writeRaw("size.safetensors", { w: entry("F32", [2, 2], [0, 8]) }, 16);
    await expectRejected(file, /tensor "w" has 8 bytes at data_offsets \[0, 8\] but shape \[2, 2\] of F32 needs 16/);
  });

  test("invalid shape", async () => {
    for (const [i, shape] of [[2, -1], [1.5], "2", [2 ** 60]].entries()) {
      const file = await writeRaw(`shape-${i}.safetensors`, { w: entry("U8", shape, [0, 2]) }, 2);
      await expectRejected(file, /tensor "w" has invalid shape .*: it must be an array of non-negative integers/);
    }
  });

  test("entry not object", async () => {
    const file = await writeRaw("entry.safetensors", { w: [1, 2] });
    await expectRejected(file, /tensor "w": entry must be an object with dtype, shape and data_offsets, got \[1,2\]/);
  });

  test("metadata not strings", async () => {
    const file = await writeRaw("metadata.safetensors", { __metadata__: { epoch: 3 } });
    await expectRejected(file, /__metadata__ value of "epoch" must be a string, got 3/);
  });

  test("missing file", async () => {
    await expectRejected(join(dir, "absent.safetensors"), /opening the file failed: ENOENT/);
  });

  test("tree metadata naming missing tensor", async () => {
    const tree = JSON.stringify({ version: 1, root: { kind: "tensor", name: "gone" } });
    const file = await writeRaw("tree.safetensors", { __metadata__: { "kiln.tree": tree } });
    await expect(loadCheckpoint(file)).rejects.toThrow(/kiln.tree metadata is invalid: it names tensor "gone", which the file does not contain/);
  });

  test("tree metadata of other version", async () => {
    const file = await writeRaw("version.safetensors", { __metadata__: { "kiln.tree": '{"version":2}' } });
    await expect(loadCheckpoint(file)).rejects.toThrow(/kiln.tree metadata is invalid: expected an object with version 1, got 2/);
  });

  test("Object property as special number", async () => {
    const tree = JSON.stringify({ version: 1, root: { kind: "number", value: "toString" } });
    const file = await writeRaw("number.safetensors", { __metadata__: { "kiln.tree": tree } });
    await expect(loadCheckpoint(file)).rejects.toThrow(/kiln.tree metadata is invalid: number "toString" is not NaN, Infinity, -Infinity or -0/);
  });

  test("zero-size tensors may share offsets", async () => {
    const header = { a: entry("F32", [0], [4, 4]), b: entry("F32", [1], [0, 4]), c: entry("I32", [0, 3], [4, 4]) };
    const file = await writeRaw("empty-tensors.safetensors", header, 4);
    const loaded = await loadCheckpoint<Record<string, { shape: number[] }>>(file);
    expect(loaded.tree.c.shape).toEqual([0, 3]);
  });
});
