/**
 * Writer for IDX files, the inverse of `parseIdx`: used to build the embedded Fashion-MNIST
 * subset and to write test fixtures.
 */
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { KilnError } from "@kiln/tensor";
import { IDX_TYPE_CODES, type IdxArray } from "./idx.js";

const MAX_DIM = 2 ** 32 - 1;

/**
 * Encodes `array` as an IDX file, gzip-compressed at level 9 when `gzip` is true. Raises a
 * KilnError when the shape does not match the number of values or a dimension exceeds 2³² − 1.
 */
export function encodeIdx(array: IdxArray, options: { gzip?: boolean } = {}): Uint8Array {
  const { dtype, shape, data } = array;
  const entry = [...IDX_TYPE_CODES].find(([, info]) => info.dtype === dtype);
  if (entry === undefined) throw new KilnError("encodeIdx", `unknown dtype ${String(dtype)}`);
  const [code, { bytes }] = entry;
  if (shape.length === 0 || shape.length > 255) {
    throw new KilnError("encodeIdx", `IDX files have 1 to 255 dimensions, got ${shape.length}`);
  }
  if (shape.some((dim) => !Number.isInteger(dim) || dim < 0 || dim > MAX_DIM)) {
    throw new KilnError("encodeIdx", `dimensions must be integers in [0, 2³² − 1], got [${shape.join(", ")}]`);
  }
  const count = shape.reduce((product, dim) => product * dim, 1);
  if (count !== data.length) {
    throw new KilnError("encodeIdx", `shape [${shape.join(", ")}] needs ${count} values, but data has ${data.length}`);
  }

  const headerBytes = 4 + 4 * shape.length;
  const out = new Uint8Array(headerBytes + count * bytes);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = shape.length;
  shape.forEach((dim, axis) => view.setUint32(4 + 4 * axis, dim, false));
  for (let i = 0; i < count; i++) {
    const offset = headerBytes + i * bytes;
    const value = data[i];
    if (dtype === "u8") view.setUint8(offset, value);
    else if (dtype === "i8") view.setInt8(offset, value);
    else if (dtype === "i16") view.setInt16(offset, value, false);
    else if (dtype === "i32") view.setInt32(offset, value, false);
    else if (dtype === "f32") view.setFloat32(offset, value, false);
    else view.setFloat64(offset, value, false);
  }
  return options.gzip ? new Uint8Array(gzipSync(out, { level: 9 })) : out;
}

/** Writes `array` to `path` as an IDX file, encoded by `encodeIdx`. */
export function writeIdx(path: string, array: IdxArray, options: { gzip?: boolean } = {}): void {
  writeFileSync(path, encodeIdx(array, options));
}
