import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compile, fromArray, isTensor, random, scalar, tensor, withBackend, zeros, type Tensor } from "@kiln/tensor";
import { loadCheckpoint, NonFiniteTensorError, readSafetensorsHeader, saveCheckpoint } from "../src/checkpoint/index.js";
import { randomValues } from "./optim-reference.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kiln-checkpoint-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Replaces every tensor of a tree by its dtype, shape and values, for deep comparison. */
function snapshot(tree: unknown): unknown {
  if (isTensor(tree)) return { dtype: tree.dtype, shape: [...tree.shape], values: Array.from(tree.dataSync()) };
  if (Array.isArray(tree)) return tree.map(snapshot);
  if (tree !== null && typeof tree === "object") return Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, snapshot(v)]));
  return tree;
}

/** f32-representable values, so a float32 round trip is exact. */
const f32Values = (seed: number, count: number) => randomValues(seed, count).map(Math.fround);

function sampleTree() {
  return {
    params: {
      blocks: [
        { attention: { query: { weight: fromArray(f32Values(1, 6), [2, 3]), bias: fromArray(f32Values(2, 3), [3]) } } },
        { attention: { query: { weight: fromArray(f32Values(3, 6), [2, 3]), bias: fromArray(f32Values(4, 3), [3]) } } },
      ],
      empty: zeros([0, 4]),
    },
    optimizer: { step: scalar(1234, "i32"), mu: [fromArray(f32Values(5, 4), [4])] },
    key: random.key(2 ** 40 + 7),
    mask: tensor([true, false, true]),
    epoch: 3,
    lr: 0.00125,
    name: "run-1",
    flags: [true, null, false],
    special: { nan: NaN, inf: -Infinity, negativeZero: -0, missing: undefined },
  };
}

/** Writes a safetensors file by hand: length prefix (declared length by default the header's), header, data. */
async function writeRaw(name: string, header: unknown, data: Uint8Array = new Uint8Array(0), declaredLength?: bigint): Promise<string> {
  const json = header instanceof Uint8Array ? Buffer.from(header) : Buffer.from(typeof header === "string" ? header : JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(declaredLength ?? BigInt(json.length));
  const file = join(dir, name);
  await writeFile(file, Buffer.concat([prefix, json, data]));
  return file;
}

function littleEndianF32(values: number[]): Uint8Array {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return new Uint8Array(view.buffer);
}

describe("checkpoint round trip", () => {
  test("restores nested tree exactly", async () => {
    const file = join(dir, "round-trip.safetensors");
    const tree = sampleTree();
    await saveCheckpoint(file, tree, { metadata: { author: "test", note: "ünïcode" } });
    const loaded = await loadCheckpoint(file);

    expect(snapshot(loaded.tree)).toEqual(snapshot(tree));
    expect(loaded.metadata).toEqual({ author: "test", note: "ünïcode" });
    const special = (loaded.tree as ReturnType<typeof sampleTree>).special;
    expect(Object.is(special.negativeZero, -0)).toBe(true);
    expect("missing" in special).toBe(true);
  });

  test("writes dotted names and dtypes", async () => {
    const file = join(dir, "names.safetensors");
    await saveCheckpoint(file, sampleTree());
    const header = await readSafetensorsHeader(file);
    const byName = Object.fromEntries(header.tensors.map((t) => [t.name, t]));

    expect(byName["params.blocks.1.attention.query.weight"]).toMatchObject({ dtype: "F32", shape: [2, 3] });
    expect(byName["optimizer.step"]).toMatchObject({ dtype: "I32", shape: [] });
    expect(byName["key"]).toMatchObject({ dtype: "I32", shape: [2] });
    expect(byName["mask"]).toMatchObject({ dtype: "BOOL", shape: [3] });
    expect(header.dataStart % 8).toBe(0);
    for (const t of header.tensors) {
      if (t.dtype !== "BOOL") expect(t.dataOffsets[0] % 4).toBe(0);
    }
    expect(JSON.parse(header.metadata["kiln.tree"]).version).toBe(1);
  });

  test("stores little-endian f32 bytes", async () => {
    const file = join(dir, "bytes.safetensors");
    await saveCheckpoint(file, { w: tensor([1.5, -2, 0.25]) });
    const header = await readSafetensorsHeader(file);
    const bytes = await readFile(file);
    const [begin, end] = header.tensors[0].dataOffsets;
    expect(new Uint8Array(bytes.subarray(header.dataStart + begin, header.dataStart + end))).toEqual(littleEndianF32([1.5, -2, 0.25]));
  });

  test("rejects colliding paths", async () => {
    const file = join(dir, "collide.safetensors");
    await expect(saveCheckpoint(file, { "a.b": zeros([1]), a: { b: zeros([1]) } })).rejects.toThrow(/two tensors have the path "a.b"/);
    await expect(saveCheckpoint(file, { w: zeros([1]) }, { metadata: { "kiln.tree": "x" } })).rejects.toThrow(/metadata key "kiln.tree" is reserved/);
    await expect(saveCheckpoint(file, { when: new Date(0) })).rejects.toThrow(/value at "when" is a Date/);
    expect(await readdir(dir)).not.toContain("collide.safetensors");
  });
});

describe("atomic save", () => {
  test("failed save keeps previous file", async () => {
    const sub = await mkdtemp(join(dir, "atomic-"));
    const file = join(sub, "model.safetensors");
    await saveCheckpoint(file, { a: tensor([1, 2, 3]), step: scalar(1, "i32") });

    // A tensor donated to a compiled call can no longer be read, so the save fails after the
    // header and tensor "a" have been written to the temporary file.
    const donated = tensor([4, 5]);
    compile((x: Tensor) => x.add(1), { donate: [0] })(donated);
    const failing = saveCheckpoint(file, { a: tensor([9, 9, 9]), b: donated, step: scalar(2, "i32") });
    await expect(failing).rejects.toThrow(/saveCheckpoint: .*model\.safetensors: reading tensor "b" failed: data: .*donated/);

    expect(await readdir(sub)).toEqual(["model.safetensors"]);
    const loaded = await loadCheckpoint(file);
    expect(snapshot(loaded.tree)).toEqual({
      a: { dtype: "f32", shape: [3], values: [1, 2, 3] },
      step: { dtype: "i32", shape: [], values: [1] },
    });
  });

  test("requireFinite refuses NaN and Infinity and keeps the previous file", async () => {
    const sub = await mkdtemp(join(dir, "finite-"));
    const file = join(sub, "model.safetensors");
    await saveCheckpoint(file, { w: tensor([1, 2]) }, { requireFinite: true });
    for (const bad of [NaN, Infinity, -Infinity]) {
      const failing = saveCheckpoint(file, { w: tensor([3, 4]), layer: { bias: tensor([0, bad, 1]) } }, { requireFinite: true });
      await expect(failing).rejects.toThrow(NonFiniteTensorError);
      await expect(saveCheckpoint(file, { layer: { bias: tensor([0, bad]) } }, { requireFinite: true })).rejects.toThrow(
        new RegExp(`tensor "layer\\.bias" contains ${String(bad)} at flat index 1, so the checkpoint was not written and the previous file is kept`),
      );
    }
    expect(await readdir(sub)).toEqual(["model.safetensors"]);
    expect(snapshot((await loadCheckpoint(file)).tree)).toEqual({ w: { dtype: "f32", shape: [2], values: [1, 2] } });
    // Without the option, non-finite values are saved as they are.
    await saveCheckpoint(file, { w: tensor([NaN, Infinity]) });
    expect(snapshot((await loadCheckpoint(file)).tree)).toEqual({ w: { dtype: "f32", shape: [2], values: [NaN, Infinity] } });
  });

  test("requireFinite sees float32 overflow on cpu64", async () => {
    const sub = await mkdtemp(join(dir, "overflow-"));
    const file = join(sub, "model.safetensors");
    await saveCheckpoint(file, { w: tensor([1, 2]) });
    // Realizing on cpu64 keeps the float64 values 1e300 and 2e300, which float32 cannot hold.
    const big = withBackend("cpu64", () => tensor([1, 2]).mul(1e300));
    withBackend("cpu64", () => big.dataSync());
    const failing = saveCheckpoint(file, { w: big }, { requireFinite: true });
    await expect(failing).rejects.toThrow(/tensor "w" contains Infinity at flat index 0/);
    expect(snapshot((await loadCheckpoint(file)).tree)).toEqual({ w: { dtype: "f32", shape: [2], values: [1, 2] } });
  });

  test("missing directory fails cleanly", async () => {
    const file = join(dir, "no-such-dir", "model.safetensors");
    await expect(saveCheckpoint(file, { a: zeros([1]) })).rejects.toThrow(/saveCheckpoint: .*no-such-dir\/model\.safetensors: writing failed: ENOENT/);
  });

  test("replaces existing file", async () => {
    const file = join(dir, "replace.safetensors");
    await saveCheckpoint(file, { a: tensor([1]) });
    await saveCheckpoint(file, { b: tensor([2, 3]) });
    expect(snapshot((await loadCheckpoint(file)).tree)).toEqual({ b: { dtype: "f32", shape: [2], values: [2, 3] } });
  });
});

describe("foreign files", () => {
  test("loads file without metadata", async () => {
    const ints = new Uint8Array(new Int32Array([7, -8]).buffer);
    const data = new Uint8Array([...littleEndianF32([1, 2, 3, 4]), ...ints, 1, 0, 2]);
    const header = {
      "encoder.weight": { dtype: "F32", shape: [2, 2], data_offsets: [0, 16] },
      "encoder.count": { dtype: "I32", shape: [2], data_offsets: [16, 24] },
      flags: { dtype: "BOOL", shape: [3], data_offsets: [24, 27] },
    };
    const file = await writeRaw("foreign.safetensors", header, data);
    const loaded = await loadCheckpoint(file);
    expect(snapshot(loaded.tree)).toEqual({
      encoder: { weight: { dtype: "f32", shape: [2, 2], values: [1, 2, 3, 4] }, count: { dtype: "i32", shape: [2], values: [7, -8] } },
      flags: { dtype: "bool", shape: [3], values: [1, 0, 1] },
    });
    expect(loaded.metadata).toEqual({});
  });

  test("keeps foreign metadata", async () => {
    const header = { __metadata__: { format: "pt" }, "blocks.0.w": { dtype: "F32", shape: [1], data_offsets: [0, 4] } };
    const file = await writeRaw("foreign-metadata.safetensors", header, littleEndianF32([0.5]));
    const loaded = await loadCheckpoint(file);
    expect(loaded.metadata).toEqual({ format: "pt" });
    expect(snapshot(loaded.tree)).toEqual({ blocks: { "0": { w: { dtype: "f32", shape: [1], values: [0.5] } } } });
  });

  test("rejects tensor nested under tensor", async () => {
    const header = { a: { dtype: "F32", shape: [1], data_offsets: [0, 4] }, "a.b": { dtype: "F32", shape: [1], data_offsets: [4, 8] } };
    const file = await writeRaw("conflict.safetensors", header, littleEndianF32([1, 2]));
    await expect(loadCheckpoint(file)).rejects.toThrow(/tensor name "a.b" conflicts with tensor "a"/);
  });

  test("header reader accepts F16", async () => {
    const header = { h: { dtype: "F16", shape: [2], data_offsets: [0, 4] } };
    const file = await writeRaw("half.safetensors", header, new Uint8Array(4));
    const parsed = await readSafetensorsHeader(file);
    expect(parsed.tensors).toEqual([{ name: "h", dtype: "F16", shape: [2], dataOffsets: [0, 4] }]);
    await expect(loadCheckpoint(file)).rejects.toThrow(/tensor "h" has dtype F16, which Kiln cannot load; supported dtypes are F32, I32 and BOOL/);
  });
});
