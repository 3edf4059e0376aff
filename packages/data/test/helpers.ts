import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { writeIdx } from "@kiln/data";

/** Creates a fresh directory under the OS temp folder, removed after the test file finishes. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kiln-data-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Writes a small Fashion-MNIST-shaped split into `dir`: `count` images whose pixels all equal
 * `fill`, labels i mod 10, under the given file-name prefix ("train", "t10k" or "test").
 */
export function writeFakeSplit(dir: string, prefix: string, count: number, fill: number, options: { gzip?: boolean } = {}): void {
  const suffix = options.gzip === false ? "" : ".gz";
  const images = new Uint8Array(count * 28 * 28).fill(fill);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  writeIdx(join(dir, `${prefix}-images-idx3-ubyte${suffix}`), { dtype: "u8", shape: [count, 28, 28], data: images }, { gzip: options.gzip !== false });
  writeIdx(join(dir, `${prefix}-labels-idx1-ubyte${suffix}`), { dtype: "u8", shape: [count], data: labels }, { gzip: options.gzip !== false });
}

/** Returns a 28×28 image whose value at (row, col) is `f(row, col)`. */
export function syntheticImage(f: (row: number, col: number) => number, size = 28): Float32Array {
  const image = new Float32Array(size * size);
  for (let row = 0; row < size; row++) for (let col = 0; col < size; col++) image[row * size + col] = f(row, col);
  return image;
}
