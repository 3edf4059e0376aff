import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  CLASSES,
  EMBEDDED_COUNTS,
  SYSTEM_DATA_DIR,
  describeDataSource,
  embeddedDataDir,
  loadFashionMnist,
  readIdx,
  writeIdx,
  type Logger,
} from "@kiln/data";
import { tempDir, writeFakeSplit } from "./helpers.js";

const NO_SYSTEM = { systemDir: "/nonexistent/kiln-no-system-copy", env: {} };
const systemTrainLabels = join(SYSTEM_DATA_DIR, "train-labels-idx1-ubyte.gz");

/** Byte equality without vitest's element-wise diff, which is slow on millions of values. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function recordingLogger(): Logger & { warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, warn: (message) => warnings.push(message), info: (message) => infos.push(message) };
}

describe("embedded subset", () => {
  test("train split counts", () => {
    const train = loadFashionMnist({ split: "train", ...NO_SYSTEM });
    expect(train.source).toBe("embedded");
    expect(train.count).toBe(4000);
    expect(train.images.length).toBe(4000 * 784);
    expect(train.labels.length).toBe(4000);
  });

  test("test split counts", () => {
    const testSplit = loadFashionMnist({ split: "test", ...NO_SYSTEM });
    expect(testSplit.count).toBe(EMBEDDED_COUNTS.test);
    expect(testSplit.images.length).toBe(1000 * 784);
  });

  test("labels cover all classes", () => {
    const train = loadFashionMnist({ split: "train", ...NO_SYSTEM });
    const seen = new Set(train.labels);
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...train.images.subarray(0, 784))).toBeGreaterThan(200);
  });

  test("first labels are the file's", () => {
    const train = loadFashionMnist({ split: "train", ...NO_SYSTEM });
    // First ten training labels of Fashion-MNIST: ankle boot, t-shirt/top, t-shirt/top, dress, …
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
  });

  test.skipIf(!existsSync(systemTrainLabels))("subset equals system prefix", () => {
    const system = loadFashionMnist({ split: "train", env: {} });
    const embedded = loadFashionMnist({ split: "train", ...NO_SYSTEM });
    expect(system.source).toBe("system");
    expect(system.count).toBe(60000);
    expect(sameBytes(embedded.labels, system.labels.subarray(0, 4000))).toBe(true);
    expect(sameBytes(embedded.images, system.images.subarray(0, 4000 * 784))).toBe(true);
  });

  test("assets stay under 5 MB", () => {
    const dir = embeddedDataDir();
    const names = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];
    const total = names.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    expect(total).toBeLessThan(5 * 1024 * 1024);
    expect(readIdx(join(dir, "train-images-idx3-ubyte.gz")).shape).toEqual([4000, 28, 28]);
  });

  test("limit keeps the first images", () => {
    const full = loadFashionMnist({ split: "train", ...NO_SYSTEM });
    const first = loadFashionMnist({ split: "train", limit: 2000, ...NO_SYSTEM });
    expect(first.count).toBe(2000);
    expect(sameBytes(first.labels, full.labels.subarray(0, 2000))).toBe(true);
    expect(sameBytes(first.images, full.images.subarray(0, 2000 * 784))).toBe(true);
  });

  test("limit above count warns", () => {
    const logger = recordingLogger();
    const train = loadFashionMnist({ split: "train", limit: 60000, logger, ...NO_SYSTEM });
    expect(train.count).toBe(4000);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/limit 60000 exceeds the 4000 images/);
  });

  test("invalid options rejected", () => {
    expect(() => loadFashionMnist({ split: "train", limit: 0, ...NO_SYSTEM })).toThrow(/limit must be a positive integer, got 0/);
    expect(() => loadFashionMnist({ split: "val" as "train", ...NO_SYSTEM })).toThrow(/split must be "train" or "test", got "val"/);
  });

  test("classes as in the reference", () => {
    expect(CLASSES).toEqual(["t-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"]);
  });
});

describe("lookup order", () => {
  const root = tempDir("lookup");
  const dirs = { dir: join(root, "dir"), env: join(root, "env"), system: join(root, "system") };
  for (const [name, path] of Object.entries(dirs)) {
    mkdirSync(path);
    // A distinct pixel value per directory shows which one was read.
    const fill = { dir: 11, env: 22, system: 33 }[name]!;
    writeFakeSplit(path, "train", 12, fill);
    writeFakeSplit(path, "t10k", 5, fill, { gzip: false });
  }
  const env = { KILN_DATA: dirs.env };

  test("dir wins over env", () => {
    const data = loadFashionMnist({ split: "train", dir: dirs.dir, env, systemDir: dirs.system });
    expect(data.source).toBe("dir");
    expect(data.path).toBe(dirs.dir);
    expect(data.images[0]).toBe(11);
    expect(data.count).toBe(12);
  });

  test("env wins over system", () => {
    const data = loadFashionMnist({ split: "train", env, systemDir: dirs.system });
    expect(data.source).toBe("env");
    expect(data.images[0]).toBe(22);
  });

  test("system wins over embedded", () => {
    const data = loadFashionMnist({ split: "train", env: {}, systemDir: dirs.system });
    expect(data.source).toBe("system");
    expect(data.images[0]).toBe(33);
  });

  test("raw t10k files found", () => {
    const data = loadFashionMnist({ split: "test", dir: dirs.dir });
    expect(data.count).toBe(5);
    expect(data.files.images).toBe(join(dirs.dir, "t10k-images-idx3-ubyte"));
  });

  test("dotted test names found", () => {
    const dotted = join(root, "dotted");
    mkdirSync(dotted);
    writeIdx(join(dotted, "test-images.idx3-ubyte"), { dtype: "u8", shape: [2, 28, 28], data: new Uint8Array(2 * 784) });
    writeIdx(join(dotted, "test-labels.idx1-ubyte"), { dtype: "u8", shape: [2], data: Uint8Array.of(3, 4) });
    const data = loadFashionMnist({ split: "test", dir: dotted });
    expect(data.count).toBe(2);
    expect(Array.from(data.labels)).toEqual([3, 4]);
  });

  test("empty KILN_DATA ignored", () => {
    const data = loadFashionMnist({ split: "train", env: { KILN_DATA: "" }, systemDir: dirs.system });
    expect(data.source).toBe("system");
  });

  test("missing dir rejected", () => {
    const missing = join(root, "absent");
    const load = () => loadFashionMnist({ split: "train", dir: missing, systemDir: dirs.system });
    expect(load).toThrow(`data directory ${missing} (the data directory option) not found or not a directory`);
    expect(load).toThrow(/apt-get install dataset-fashion-mnist/);
  });

  test("incomplete env dir rejected", () => {
    const partial = join(root, "partial");
    mkdirSync(partial);
    writeFakeSplit(partial, "t10k", 3, 1);
    const load = () => loadFashionMnist({ split: "train", env: { KILN_DATA: partial }, systemDir: dirs.system });
    expect(load).toThrow(`no Fashion-MNIST train images in ${partial} (from KILN_DATA): looked for train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]`);
    expect(load).toThrow(/download the four IDX files from https:\/\/github.com\/zalandoresearch\/fashion-mnist/);
  });

  test("incomplete system dir warns", () => {
    const partial = join(root, "partial-system");
    mkdirSync(partial);
    const logger = recordingLogger();
    const data = loadFashionMnist({ split: "test", env: {}, systemDir: partial, logger });
    expect(data.source).toBe("embedded");
    expect(logger.warnings[0]).toMatch(/lacks the test files .*; using the embedded subset/);
  });

  test("describeDataSource names sources", () => {
    expect(describeDataSource({ env, systemDir: dirs.system })).toBe(
      `Fashion-MNIST train: 12 images from the KILN_DATA ${dirs.env}\nFashion-MNIST test: 5 images from the KILN_DATA ${dirs.env}`,
    );
    const embedded = describeDataSource(NO_SYSTEM);
    expect(embedded).toMatch(/^Fashion-MNIST train: 4000 images from the embedded subset /);
    expect(embedded).toMatch(/The embedded subset is not the full data set\. To get the full set, install/);
    expect(describeDataSource({ dir: join(root, "absent") })).toMatch(/^Fashion-MNIST train: unavailable: loadFashionMnist: data directory/);
  });
});
