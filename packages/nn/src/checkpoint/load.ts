/** Validated safetensors checkpoint loading. */
import { endianness } from "node:os";
import { fromArray, type Tensor } from "@kiln/tensor";
import { failFile, KILN_DTYPE, type SafetensorsTensorInfo } from "./format.js";
import { openForReading, readExactly, readHeader } from "./header.js";
import { decodeTree, nestDottedNames, TREE_METADATA_KEY } from "./tree-metadata.js";

/** A loaded checkpoint: the tree and the `__metadata__` entries other than `kiln.tree`. */
export interface Checkpoint<T = unknown> {
  tree: T;
  metadata: Record<string, string>;
}

/** Decodes little-endian bytes into a tensor. Bool bytes other than 0 become true. */
function decodeTensor(info: SafetensorsTensorInfo, bytes: Buffer): Tensor {
  const dtype = KILN_DTYPE[info.dtype];
  if (dtype === "bool") return fromArray(bytes, info.shape, "bool");
  const count = bytes.length / 4;
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  if (endianness() === "LE") {
    return fromArray(dtype === "f32" ? new Float32Array(copy) : new Int32Array(copy), info.shape, dtype);
  }
  const view = new DataView(copy);
  const values = dtype === "f32" ? new Float32Array(count) : new Int32Array(count);
  for (let i = 0; i < count; i++) values[i] = dtype === "f32" ? view.getFloat32(i * 4, true) : view.getInt32(i * 4, true);
  return fromArray(values, info.shape, dtype);
}

/**
 * Loads a safetensors file written by `saveCheckpoint` or by another tool. The header is
 * validated first (see `readSafetensorsHeader`), then each tensor is read from its own byte
 * range. Only F32, I32 and BOOL tensors can be loaded. With `kiln.tree` metadata the saved tree
 * is rebuilt exactly. Without it, dotted names become nested objects (`blocks.0.weight` →
 * `{ blocks: { "0": { weight } } }`). The type parameter `T` is not checked. Every failure
 * raises a `KilnError` that names the file.
 */
export async function loadCheckpoint<T = unknown>(path: string): Promise<Checkpoint<T>> {
  const op = "loadCheckpoint";
  const handle = await openForReading(op, path);
  try {
    const header = await readHeader(op, path, handle);
    for (const info of header.tensors) {
      if (!Object.hasOwn(KILN_DTYPE, info.dtype)) {
        failFile(op, path, `tensor ${JSON.stringify(info.name)} has dtype ${info.dtype}, which Kiln cannot load; supported dtypes are F32, I32 and BOOL`);
      }
    }

    const tensors = new Map<string, Tensor>();
    for (const info of header.tensors) {
      const [begin, end] = info.dataOffsets;
      const bytes = await readExactly(op, path, handle, end - begin, header.dataStart + begin);
      tensors.set(info.name, decodeTensor(info, bytes));
    }

    const { [TREE_METADATA_KEY]: treeJson, ...metadata } = header.metadata;
    const tree = treeJson === undefined ? nestDottedNames(op, path, tensors) : decodeTree(op, path, treeJson, tensors);
    return { tree: tree as T, metadata };
  } finally {
    await handle.close();
  }
}
