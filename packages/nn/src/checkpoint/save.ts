/** Atomic safetensors checkpoint writing. */
import { randomBytes } from "node:crypto";
import { open, rename, rm, type FileHandle } from "node:fs/promises";
import { endianness } from "node:os";
import { basename, dirname, join } from "node:path";
import { KilnError, type DType, type HostArray, type Tensor } from "@kiln/tensor";
import { failFile, METADATA_KEY, SAFETENSORS_DTYPE, SAFETENSORS_ITEM_SIZES } from "./format.js";
import { encodeTree, setKey, TREE_METADATA_KEY } from "./tree-metadata.js";

export interface SaveCheckpointOptions {
  /** Extra string-to-string entries for `__metadata__`. The key "kiln.tree" is reserved. */
  metadata?: Readonly<Record<string, string>>;
  /**
   * When true, saveCheckpoint raises NonFiniteTensorError instead of saving a state whose f32
   * tensors contain NaN or ±Infinity, so a diverged run keeps its last good checkpoint. Default false.
   */
  requireFinite?: boolean;
}

/** Error of saveCheckpoint with `requireFinite` for a tensor that contains NaN or ±Infinity. The file at the path is unchanged. */
export class NonFiniteTensorError extends KilnError {
  constructor(
    readonly path: string,
    /** The tensor's dotted path in the tree. */
    readonly tensorName: string,
    /** The first value that is not finite, and its flat index. */
    readonly value: number,
    readonly index: number,
  ) {
    super("saveCheckpoint", `${path}: tensor ${JSON.stringify(tensorName)} contains ${value} at flat index ${index}, so the checkpoint was not written and the previous file is kept`);
    this.name = "NonFiniteTensorError";
  }
}

interface PlannedTensor {
  name: string;
  tensor: Tensor;
  begin: number;
  end: number;
}

/**
 * Converts host data to the values stored for its dtype. Float64 data of the cpu64 backend is
 * rounded to float32, which turns a value beyond the float32 range into ±Infinity.
 */
function storedValues(data: HostArray, dtype: DType): HostArray {
  if (dtype === "f32" && !(data instanceof Float32Array)) return Float32Array.from(data);
  return data;
}

/** Converts stored values to the little-endian bytes of their safetensors dtype. */
function encodeData(data: HostArray, dtype: DType): Uint8Array {
  if (dtype === "bool") return Uint8Array.from(data, (v) => (v ? 1 : 0));
  const values = data as Float32Array | Int32Array;
  if (endianness() === "LE") return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => (dtype === "f32" ? view.setFloat32(i * 4, v, true) : view.setInt32(i * 4, v, true)));
  return new Uint8Array(view.buffer);
}

async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let written = 0;
  while (written < bytes.length) {
    const result = await handle.write(bytes, written, bytes.length - written, position + written);
    written += result.bytesWritten;
  }
}

/** Lays the tensors out in the data buffer: 4-byte dtypes first, so every f32 and i32 tensor is 4-byte aligned. */
function planLayout(tensors: readonly { name: string; tensor: Tensor }[]): { planned: PlannedTensor[]; dataLength: number } {
  const itemSize = (t: Tensor) => SAFETENSORS_ITEM_SIZES[SAFETENSORS_DTYPE[t.dtype]];
  const ordered = [...tensors].sort((a, b) => itemSize(b.tensor) - itemSize(a.tensor));
  let offset = 0;
  const planned = ordered.map(({ name, tensor }) => {
    const begin = offset;
    offset += tensor.size * itemSize(tensor);
    return { name, tensor, begin, end: offset };
  });
  return { planned, dataLength: offset };
}

/** Encodes the length prefix and JSON header, padded with spaces so that the data buffer starts 8-byte aligned. */
function encodeHeader(planned: readonly PlannedTensor[], metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = { [METADATA_KEY]: metadata };
  for (const { name, tensor, begin, end } of planned) {
    setKey(header, name, { dtype: SAFETENSORS_DTYPE[tensor.dtype], shape: [...tensor.shape], data_offsets: [begin, end] });
  }
  const json = Buffer.from(JSON.stringify(header), "utf8");
  const padded = Math.ceil(json.length / 8) * 8;
  const out = Buffer.alloc(8 + padded, 0x20);
  out.writeBigUInt64LE(BigInt(padded), 0);
  json.copy(out, 8);
  return out;
}

/**
 * Saves a pytree as a safetensors file. Tensors (f32, i32 and bool) are stored under their
 * dotted paths (`blocks.0.attention.query.weight`). The tree structure, including numbers,
 * strings, booleans and null, is stored as JSON under the `kiln.tree` metadata key. f32 values
 * computed in float64 (the cpu64 backend) are rounded to float32.
 *
 * The write is atomic: data goes to a temporary file in the target's directory, which is
 * fsynced and then renamed over `path`, so a failed or interrupted save leaves any previous
 * file at `path` intact. On failure the temporary file is removed and the error names the file.
 */
export async function saveCheckpoint(path: string, tree: unknown, options: SaveCheckpointOptions = {}): Promise<void> {
  const op = "saveCheckpoint";
  const { json, tensors } = encodeTree(op, path, tree);
  const seen = new Set<string>();
  for (const { name } of tensors) {
    if (name === METADATA_KEY) failFile(op, path, `a tensor path is ${METADATA_KEY}, which safetensors reserves; rename that key`);
    if (seen.has(name)) failFile(op, path, `two tensors have the path ${JSON.stringify(name)}; keys that contain "." can collide with nested keys, so rename one`);
    seen.add(name);
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.metadata ?? {})) {
    if (key === TREE_METADATA_KEY) failFile(op, path, `metadata key ${JSON.stringify(key)} is reserved for the tree structure`);
    if (typeof value !== "string") failFile(op, path, `metadata value of ${JSON.stringify(key)} must be a string, got ${typeof value}`);
    setKey(metadata, key, value);
  }
  metadata[TREE_METADATA_KEY] = json;

  const { planned } = planLayout(tensors);
  const header = encodeHeader(planned, metadata);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporary, "wx");
    await writeAll(handle, header, 0);
    for (const { name, tensor, begin, end } of planned) {
      let data: HostArray;
      try {
        data = storedValues(await tensor.data(), tensor.dtype);
      } catch (error) {
        failFile(op, path, `reading tensor ${JSON.stringify(name)} failed: ${(error as Error).message}`, error);
      }
      // The check reads the rounded float32 values, so it also catches overflow on cpu64.
      if (options.requireFinite && tensor.dtype === "f32") {
        const index = data.findIndex((v) => !Number.isFinite(v));
        if (index >= 0) throw new NonFiniteTensorError(path, name, Number(data[index]), index);
      }
      const bytes = encodeData(data, tensor.dtype);
      if (bytes.length !== end - begin) failFile(op, path, `tensor ${JSON.stringify(name)} produced ${bytes.length} bytes, expected ${end - begin}`);
      await writeAll(handle, bytes, header.length + begin);
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temporary, { force: true });
    if (error instanceof KilnError && error.op === op) throw error;
    failFile(op, path, `writing failed: ${(error as Error).message}`, error);
  }
  await syncDirectory(dirname(path));
}

/** Flushes a directory entry (the rename) to disk. Windows cannot open directories, so it is skipped there. */
async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === "win32") return;
  const handle = await open(directory, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
