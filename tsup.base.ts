import { defineConfig, type Options } from "tsup";

/** Returns the build every package shares: ESM from src/index.ts, type declarations, source maps, ES2022. */
export function packageConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ["src/index.ts"],
    format: ["esm"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    ...overrides,
  });
}
