/**
 * The safetensors file format: an 8-byte little-endian u64 header length N, N bytes of UTF-8
 * JSON `{ name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__": { key: value } }`,
 * then the data buffer. Offsets are relative to the start of the buffer and data is
 * little-endian, row-major.
 */
import { KilnError, type DType } from "@kiln/tensor";

/** Item size in bytes of every safetensors dtype whose elements are whole bytes. */
export const SAFETENSORS_ITEM_SIZES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

/** The safetensors dtype that stores each Kiln dtype. */
export const SAFETENSORS_DTYPE: Readonly<Record<DType, string>> = { f32: "F32", i32: "I32", bool: "BOOL" };

/** The Kiln dtype that each loadable safetensors dtype becomes. */
export const KILN_DTYPE: Readonly<Record<string, DType>> = { F32: "f32", I32: "i32", BOOL: "bool" };

/** Largest header accepted when reading, in bytes (100 MiB), so a corrupt length cannot exhaust memory. */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

/** The reserved header key of the string-to-string metadata map. */
export const METADATA_KEY = "__metadata__";

/** One tensor entry of a validated header. */
export interface SafetensorsTensorInfo {
  name: string;
  /** The safetensors dtype, such as "F32". */
  dtype: string;
  shape: number[];
  /** Byte range [begin, end) relative to the start of the data buffer. */
  dataOffsets: [number, number];
}

/** A validated safetensors header. */
export interface SafetensorsHeader {
  /** Tensor entries in the order of the header's JSON object. */
  tensors: SafetensorsTensorInfo[];
  /** The `__metadata__` map, empty when the file has none. */
  metadata: Record<string, string>;
  /** Length N of the JSON header in bytes. */
  headerLength: number;
  /** File position of the data buffer: 8 + N. */
  dataStart: number;
  /** Length of the data buffer in bytes: the file size minus 8 + N. */
  dataLength: number;
}

/** Raises a `KilnError` whose message reads `op: file: message`, with `cause` attached when given. */
export function failFile(op: string, file: string, message: string, cause?: unknown): never {
  const error = new KilnError(op, `${file}: ${message}`);
  if (cause !== undefined) Object.assign(error, { cause });
  throw error;
}
