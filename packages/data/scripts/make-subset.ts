/**
 * Regenerates the embedded Fashion-MNIST subset in packages/data/assets/fashion-mnist/ from a
 * full copy. It keeps the first 4,000 training and the first 1,000 test images with their
 * labels, in file order, and writes gzip IDX files (level 9) under Debian's file names.
 *
 *   npx tsx packages/data/scripts/make-subset.ts [SOURCE_DIR]
 *
 * SOURCE_DIR defaults to /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist).
 */
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EMBEDDED_COUNTS, IMAGE_PIXELS } from "../src/fashion-mnist.js";
import { SYSTEM_DATA_DIR, type Split } from "../src/data-source.js";
import { readIdx } from "../src/idx.js";
import { writeIdx } from "../src/idx-encode.js";

const FILE_PREFIX: Record<Split, string> = { train: "train", test: "t10k" };

function main(): void {
  const sourceDir = process.argv[2] ?? SYSTEM_DATA_DIR;
  const outDir = fileURLToPath(new URL("../assets/fashion-mnist/", import.meta.url));
  mkdirSync(outDir, { recursive: true });

  let totalBytes = 0;
  for (const split of ["train", "test"] as const) {
    const count = EMBEDDED_COUNTS[split];
    const prefix = FILE_PREFIX[split];
    const images = readIdx(join(sourceDir, `${prefix}-images-idx3-ubyte.gz`));
    const labels = readIdx(join(sourceDir, `${prefix}-labels-idx1-ubyte.gz`));
    if (images.shape[0] < count) throw new Error(`${sourceDir}: only ${images.shape[0]} ${split} images, need ${count}`);

    const outputs = [
      { name: `${prefix}-images-idx3-ubyte.gz`, array: { dtype: "u8" as const, shape: [count, 28, 28], data: images.data.slice(0, count * IMAGE_PIXELS) } },
      { name: `${prefix}-labels-idx1-ubyte.gz`, array: { dtype: "u8" as const, shape: [count], data: labels.data.slice(0, count) } },
    ];
    for (const { name, array } of outputs) {
      const path = join(outDir, name);
      writeIdx(path, array, { gzip: true });
      const bytes = statSync(path).size;
      totalBytes += bytes;
      console.log(`${path}: ${array.shape.join("×")} u8, ${bytes} bytes`);
    }
  }
  console.log(`total ${totalBytes} bytes`);
}

main();
