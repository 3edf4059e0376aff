/**
 * Reader for IDX files, the format of MNIST and Fashion-MNIST: magic bytes 0x00 0x00, a data-type
 * byte and a dimension count, then one big-endian u32 per dimension, then the values in row-major
 * order, big-endian. Files may be gzip-compressed, which the gzip magic bytes 0x1f 0x8b reveal.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { constants as zlibConstants, gunzipSync } from "node:zlib";
import { KilnError } from "@kiln/tensor";

/** Element type of an IDX file, named as in Kiln's dtypes (`u8` is unsigned, the rest signed). */
export type IdxDType = "u8" | "i8" | "i16" | "i32" | "f32" | "f64";

/** Typed array holding the values of an IDX file, by dtype. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** Decoded IDX file: dtype, dimensions and the values in row-major order, in host byte order. */
export interface IdxArray {
  dtype: IdxDType;
  shape: number[];
  data: IdxData;
}

interface IdxTypeInfo {
  dtype: IdxDType;
  bytes: number;
}

/** Data-type byte of the IDX format → dtype and element size in bytes. */
export const IDX_TYPE_CODES: ReadonlyMap<number, IdxTypeInfo> = new Map([
  [0x08, { dtype: "u8", bytes: 1 }],
  [0x09, { dtype: "i8", bytes: 1 }],
  [0x0b, { dtype: "i16", bytes: 2 }],
  [0x0c, { dtype: "i32", bytes: 4 }],
  [0x0d, { dtype: "f32", bytes: 4 }],
  [0x0e, { dtype: "f64", bytes: 8 }],
]);

/** Typed-array constructor for each IDX dtype. */
export const IDX_ARRAYS = {
  u8: Uint8Array,
  i8: Int8Array,
  i16: Int16Array,
  i32: Int32Array,
  f32: Float32Array,
  f64: Float64Array,
} as const;

type MultiByteDType = "i16" | "i32" | "f32" | "f64";

const BIG_ENDIAN_READERS: Record<MultiByteDType, (view: DataView, offset: number) => number> = {
  i16: (view, offset) => view.getInt16(offset, false),
  i32: (view, offset) => view.getInt32(offset, false),
  f32: (view, offset) => view.getFloat32(offset, false),
  f64: (view, offset) => view.getFloat64(offset, false),
};

const HEADER_PEEK_BYTES = 64 * 1024;

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}

function fail(op: string, name: string, message: string): never {
  throw new KilnError(op, `${name}: ${message}`);
}

/** True when `bytes` starts with the gzip magic bytes 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(op: string, bytes: Uint8Array, name: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    fail(op, name, `invalid gzip data (${(error as Error).message}); the file is truncated or corrupt`);
  }
}

interface IdxHeader {
  type: IdxTypeInfo;
  shape: number[];
  headerBytes: number;
}

/** Decodes and checks the magic number, data type and dimensions of uncompressed `bytes`. */
function parseHeader(op: string, bytes: Uint8Array, name: string): IdxHeader {
  if (bytes.length < 4) {
    fail(op, name, `file too short for an IDX header: ${bytes.length} bytes, expected at least 4`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const got = Array.from(bytes.subarray(0, 4), hex).join(" ");
    fail(op, name, `not an IDX file: expected magic bytes 0x00 0x00 <type> <ndim>, got ${got}`);
  }
  const type = IDX_TYPE_CODES.get(bytes[2]);
  if (type === undefined) {
    fail(op, name, `unknown IDX data type ${hex(bytes[2])}; expected 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32 or 0x0E f64`);
  }
  const ndim = bytes[3];
  if (ndim === 0) fail(op, name, "invalid IDX header: 0 dimensions");
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) {
    fail(op, name, `IDX header truncated: ${ndim} dimensions need ${headerBytes} header bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: ndim }, (_, axis) => view.getUint32(4 + 4 * axis, false));
  return { type, shape, headerBytes };
}

function decodeValues(bytes: Uint8Array, offset: number, count: number, type: IdxTypeInfo): IdxData {
  if (type.dtype === "u8") return new Uint8Array(bytes.subarray(offset, offset + count));
  if (type.dtype === "i8") return new Int8Array(bytes.subarray(offset, offset + count));
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * type.bytes);
  const values = new IDX_ARRAYS[type.dtype](count);
  const read = BIG_ENDIAN_READERS[type.dtype];
  for (let i = 0; i < count; i++) values[i] = read(view, i * type.bytes);
  return values;
}

/**
 * Parses the bytes of an IDX file, gzip-compressed or raw. `name` (usually the path) prefixes
 * every error. Raises a KilnError for invalid gzip data, a wrong magic number, an unknown data
 * type, or a length that differs from the one the header's dimensions imply.
 */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  const op = "readIdx";
  const raw = isGzip(bytes) ? gunzip(op, bytes, name) : bytes;
  const { type, shape, headerBytes } = parseHeader(op, raw, name);
  const count = shape.reduce((product, dim) => product * dim, 1);
  const expected = headerBytes + count * type.bytes;
  if (!Number.isSafeInteger(expected) || expected !== raw.length) {
    const what = `${shape.join("×")} ${type.dtype} values (${headerBytes}-byte header)`;
    const compressed = raw === bytes ? "" : " after gunzip";
    fail(op, name, `expected ${expected} bytes for ${what}, got ${raw.length}${compressed}; the file is truncated or corrupt`);
  }
  return { dtype: type.dtype, shape, data: decodeValues(raw, headerBytes, count, type) };
}

function readFile(op: string, path: string, maxBytes?: number): Uint8Array {
  try {
    if (maxBytes === undefined) return readFileSync(path);
    const fd = openSync(path, "r");
    try {
      const buffer = new Uint8Array(maxBytes);
      const read = readSync(fd, buffer, 0, maxBytes, 0);
      return buffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") fail(op, path, "file not found");
    fail(op, path, `failed to read the file (${(error as Error).message})`);
  }
}

/** Reads and parses an IDX file, gzip-compressed or raw, with the checks of `parseIdx`. */
export function readIdx(path: string): IdxArray {
  return parseIdx(readFile("readIdx", path), path);
}

/**
 * Reads only the header of an IDX file (dtype and shape), decompressing just the first 64 KiB
 * of a gzip file. It does not check the file length, which `readIdx` does.
 */
export function readIdxHeader(path: string): { dtype: IdxDType; shape: number[] } {
  const op = "readIdxHeader";
  const head = readFile(op, path, HEADER_PEEK_BYTES);
  let raw = head;
  if (isGzip(head)) {
    try {
      raw = gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch (error) {
      fail(op, path, `invalid gzip data (${(error as Error).message})`);
    }
  }
  const { type, shape } = parseHeader(op, raw, path);
  return { dtype: type.dtype, shape };
}
