/**
 * Location of the Fashion-MNIST subset shipped in packages/data/assets/. tsup bundles only
 * JavaScript, so the folder is found at run time relative to this module: src/assets.ts and the
 * bundled dist/index.js both sit one level below the package root.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function candidateDirs(): string[] {
  const dirs = [fileURLToPath(new URL("../assets/fashion-mnist/", import.meta.url))];
  try {
    // Fallback for bundles that inline this module elsewhere: ask Node where the package lives.
    const manifest = createRequire(import.meta.url).resolve("@kiln/data/package.json");
    dirs.push(join(dirname(manifest), "assets", "fashion-mnist"));
  } catch {
    // Not resolvable from here, so the module-relative path is the only candidate.
  }
  return dirs;
}

/**
 * Returns the directory of the embedded Fashion-MNIST subset: the first candidate that exists,
 * or the module-relative path when none does, so the caller's error names where it looked.
 */
export function embeddedDataDir(): string {
  const dirs = candidateDirs();
  return dirs.find((dir) => existsSync(dir)) ?? dirs[0];
}
