/** Reading and validating safetensors headers. Nothing in a header is trusted before it is checked. */
import { open, type FileHandle } from "node:fs/promises";
import {
  failFile,
  MAX_HEADER_BYTES,
  METADATA_KEY,
  SAFETENSORS_ITEM_SIZES,
  type SafetensorsHeader,
  type SafetensorsTensorInfo,
} from "./format.js";

/** Reads exactly `length` bytes at `position`, raising if the file ends first. */
export async function readExactly(op: string, file: string, handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) failFile(op, file, `file ended at byte ${position + filled} while reading ${length} bytes at byte ${position}; it was truncated or changed during the read`);
    filled += bytesRead;
  }
  return buffer;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function formatValue(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function parseEntry(op: string, file: string, name: string, entry: unknown, dataLength: number): SafetensorsTensorInfo {
  const where = `tensor ${JSON.stringify(name)}`;
  if (!isPlainObject(entry)) failFile(op, file, `${where}: entry must be an object with dtype, shape and data_offsets, got ${formatValue(entry)}`);
  const { dtype, shape, data_offsets: offsets } = entry;

  // The check uses Object.hasOwn rather than `in`, so a name such as "constructor" is not taken for a dtype.
  if (typeof dtype !== "string" || !Object.hasOwn(SAFETENSORS_ITEM_SIZES, dtype)) {
    failFile(op, file, `${where} has unknown dtype ${formatValue(dtype)}; safetensors dtypes are ${Object.keys(SAFETENSORS_ITEM_SIZES).join(", ")}`);
  }
  const validShape = Array.isArray(shape) && shape.every((d) => Number.isSafeInteger(d) && d >= 0);
  if (!validShape) failFile(op, file, `${where} has invalid shape ${formatValue(shape)}: it must be an array of non-negative integers`);
  const validOffsets = Array.isArray(offsets) && offsets.length === 2 && offsets.every((o) => Number.isSafeInteger(o) && o >= 0);
  if (!validOffsets) failFile(op, file, `${where} has invalid data_offsets ${formatValue(offsets)}: expected [begin, end] with non-negative integers`);

  const [begin, end] = offsets as [number, number];
  if (begin > end) failFile(op, file, `${where} data_offsets [${begin}, ${end}] have begin after end`);
  if (end > dataLength) failFile(op, file, `${where} data_offsets [${begin}, ${end}] extend past the data buffer of ${dataLength} bytes`);
  const dims = shape as number[];
  const elements = dims.reduce((n, d) => n * d, 1);
  const needed = elements * SAFETENSORS_ITEM_SIZES[dtype];
  if (end - begin !== needed) {
    failFile(op, file, `${where} has ${end - begin} bytes at data_offsets [${begin}, ${end}] but shape [${dims.join(", ")}] of ${dtype} needs ${needed}`);
  }
  return { name, dtype, shape: [...dims], dataOffsets: [begin, end] };
}

function parseMetadata(op: string, file: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) failFile(op, file, `${METADATA_KEY} must be an object of strings, got ${formatValue(value)}`);
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== "string") failFile(op, file, `${METADATA_KEY} value of ${JSON.stringify(key)} must be a string, got ${formatValue(entry)}`);
  }
  return Object.fromEntries(Object.entries(value as Record<string, string>));
}

function checkOverlaps(op: string, file: string, tensors: readonly SafetensorsTensorInfo[]): void {
  // Empty tensors occupy no bytes, so they cannot overlap anything.
  const ranges = tensors.filter((t) => t.dataOffsets[1] > t.dataOffsets[0]).sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0]);
  for (let i = 1; i < ranges.length; i++) {
    const previous = ranges[i - 1];
    const current = ranges[i];
    if (current.dataOffsets[0] < previous.dataOffsets[1]) {
      const describe = (t: SafetensorsTensorInfo) => `${JSON.stringify(t.name)} [${t.dataOffsets.join(", ")}]`;
      failFile(op, file, `data_offsets of tensors ${describe(previous)} and ${describe(current)} overlap`);
    }
  }
}

/**
 * Reads and validates the header of an open file: the length prefix against the file size and
 * `MAX_HEADER_BYTES`, UTF-8 and JSON syntax, every entry's dtype, shape and offsets, the byte
 * size of each tensor and overlaps between tensors. Gaps between tensors are allowed.
 */
export async function readHeader(op: string, file: string, handle: FileHandle): Promise<SafetensorsHeader> {
  const { size } = await handle.stat();
  if (size < 8) failFile(op, file, `file is ${size} bytes, shorter than the 8-byte header length of the safetensors format`);
  const prefix = await readExactly(op, file, handle, 8, 0);
  const declared = prefix.readBigUInt64LE(0);
  if (declared > BigInt(size - 8)) {
    failFile(op, file, `not a safetensors file: header length ${declared} exceeds the ${size - 8} bytes that follow the length prefix`);
  }
  if (declared > BigInt(MAX_HEADER_BYTES)) failFile(op, file, `header length ${declared} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  const headerLength = Number(declared);

  const bytes = await readExactly(op, file, handle, headerLength, 8);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    failFile(op, file, "header is not valid UTF-8");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    failFile(op, file, `header is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed)) failFile(op, file, `header must be a JSON object, got ${Array.isArray(parsed) ? "an array" : formatValue(parsed)}`);

  const dataStart = 8 + headerLength;
  const dataLength = size - dataStart;
  const tensors: SafetensorsTensorInfo[] = [];
  for (const [name, entry] of Object.entries(parsed)) {
    if (name !== METADATA_KEY) tensors.push(parseEntry(op, file, name, entry, dataLength));
  }
  checkOverlaps(op, file, tensors);
  return { tensors, metadata: parseMetadata(op, file, parsed[METADATA_KEY]), headerLength, dataStart, dataLength };
}

/**
 * Reads and validates the header of the safetensors file at `path` without reading tensor
 * data. Accepts every safetensors dtype with whole-byte elements (F16, BF16, I64 and so on),
 * not only those `loadCheckpoint` can load. Raises an `Error` naming the file and the problem.
 */
export async function readSafetensorsHeader(path: string): Promise<SafetensorsHeader> {
  const op = "readSafetensorsHeader";
  const handle = await openForReading(op, path);
  try {
    return await readHeader(op, path, handle);
  } finally {
    await handle.close();
  }
}

/** Opens `path` for reading, naming the file in the error when that fails. */
export async function openForReading(op: string, path: string): Promise<FileHandle> {
  try {
    return await open(path, "r");
  } catch (error) {
    failFile(op, path, `opening the file failed: ${(error as Error).message}`);
  }
}
