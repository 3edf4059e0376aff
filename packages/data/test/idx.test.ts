import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { encodeIdx, parseIdx, readIdx, readIdxHeader, type IdxArray } from "@kiln/data";
import { tempDir } from "./helpers.js";

// Hand-encoded files: magic 0x00 0x00, type byte, ndim, big-endian u32 dims, big-endian values.
const CASES: { name: string; bytes: number[]; expected: IdxArray }[] = [
  { name: "u8", bytes: [0, 0, 0x08, 1, 0, 0, 0, 3, 1, 2, 255], expected: { dtype: "u8", shape: [3], data: Uint8Array.of(1, 2, 255) } },
  { name: "i8", bytes: [0, 0, 0x09, 1, 0, 0, 0, 2, 0xff, 0x80], expected: { dtype: "i8", shape: [2], data: Int8Array.of(-1, -128) } },
  {
    name: "i16",
    bytes: [0, 0, 0x0b, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0x01, 0x02, 0xff, 0xfe],
    expected: { dtype: "i16", shape: [1, 2], data: Int16Array.of(258, -2) },
  },
  { name: "i32", bytes: [0, 0, 0x0c, 1, 0, 0, 0, 1, 0x80, 0, 0, 0], expected: { dtype: "i32", shape: [1], data: Int32Array.of(-(2 ** 31)) } },
  { name: "f32", bytes: [0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0xc0, 0, 0], expected: { dtype: "f32", shape: [1], data: Float32Array.of(1.5) } },
  {
    name: "f64",
    bytes: [0, 0, 0x0e, 1, 0, 0, 0, 1, 0xc0, 0x02, 0, 0, 0, 0, 0, 0],
    expected: { dtype: "f64", shape: [1], data: Float64Array.of(-2.25) },
  },
];

describe("parseIdx", () => {
  for (const { name, bytes, expected } of CASES) {
    test(`${name} raw`, () => {
      expect(parseIdx(Uint8Array.from(bytes), name)).toEqual(expected);
    });

    test(`${name} gzip`, () => {
      expect(parseIdx(gzipSync(Uint8Array.from(bytes)), name)).toEqual(expected);
    });

    test(`${name} encodeIdx round trip`, () => {
      expect(Array.from(encodeIdx(expected))).toEqual(bytes);
      expect(parseIdx(encodeIdx(expected, { gzip: true }), name)).toEqual(expected);
    });
  }

  test("returned data owns its memory", () => {
    const bytes = Uint8Array.from(CASES[0].bytes);
    const parsed = parseIdx(bytes, "u8");
    bytes[8] = 99;
    expect(parsed.data[0]).toBe(1);
  });

  test("encodeIdx rejects shape mismatch", () => {
    expect(() => encodeIdx({ dtype: "u8", shape: [2, 2], data: new Uint8Array(3) })).toThrow(/shape \[2, 2\] needs 4 values, but data has 3/);
  });
});

describe("readIdx errors", () => {
  const dir = tempDir("idx");
  const images = encodeIdx({ dtype: "u8", shape: [3, 28, 28], data: new Uint8Array(3 * 784).fill(7) });

  function write(name: string, bytes: Uint8Array | string): string {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  }

  test("valid file reads", () => {
    const path = write("ok-images-idx3-ubyte.gz", gzipSync(images));
    const parsed = readIdx(path);
    expect(parsed.shape).toEqual([3, 28, 28]);
    expect(parsed.data.every((value) => value === 7)).toBe(true);
  });

  const cases: { name: string; bytes: () => Uint8Array | string; message: RegExp }[] = [
    { name: "truncated raw", bytes: () => images.subarray(0, 1000), message: /expected 2368 bytes for 3×28×28 u8 values \(16-byte header\), got 1000; the file is truncated/ },
    { name: "truncated inside gzip", bytes: () => gzipSync(images.subarray(0, 1000)), message: /expected 2368 bytes .* got 1000 after gunzip/ },
    { name: "extra bytes", bytes: () => Uint8Array.from([...images, 0]), message: /expected 2368 bytes .* got 2369/ },
    { name: "cut gzip stream", bytes: () => gzipSync(images).subarray(0, 20), message: /invalid gzip data \(.*\); the file is truncated or corrupt/ },
    { name: "corrupt gzip", bytes: () => Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4]), message: /invalid gzip data/ },
    { name: "wrong magic", bytes: () => Uint8Array.from([0x08, 0x03, 0, 0, ...images.subarray(4)]), message: /not an IDX file: expected magic bytes 0x00 0x00 <type> <ndim>, got 0x08 0x03 0x00 0x00/ },
    { name: "text file", bytes: () => "hello, this is not IDX\n", message: /not an IDX file: .* got 0x68 0x65 0x6C 0x6C/ },
    { name: "unknown dtype", bytes: () => Uint8Array.from([0, 0, 0x07, 1, 0, 0, 0, 1, 5]), message: /unknown IDX data type 0x07; expected 0x08 u8/ },
    { name: "empty file", bytes: () => new Uint8Array(0), message: /file too short for an IDX header: 0 bytes/ },
    { name: "truncated header", bytes: () => Uint8Array.from([0, 0, 0x08, 3, 0, 0, 0, 1]), message: /IDX header truncated: 3 dimensions need 16 header bytes, got 8/ },
    { name: "zero dimensions", bytes: () => Uint8Array.from([0, 0, 0x08, 0]), message: /invalid IDX header: 0 dimensions/ },
  ];

  for (const { name, bytes, message } of cases) {
    test(`${name} rejected`, () => {
      const path = write(`${name.replaceAll(" ", "-")}.idx`, bytes());
      expect(() => readIdx(path)).toThrow(message);
      expect(() => readIdx(path)).toThrow(`readIdx: ${path}: `);
    });
  }

  test("missing file rejected", () => {
    const path = join(dir, "absent-idx3-ubyte.gz");
    expect(() => readIdx(path)).toThrow(`readIdx: ${path}: file not found`);
  });

  test("readIdxHeader reads gzip header", () => {
    const path = write("header-idx3-ubyte.gz", gzipSync(images));
    expect(readIdxHeader(path)).toEqual({ dtype: "u8", shape: [3, 28, 28] });
  });
});
