import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@kiln/tensor": source("tensor"),
      "@kiln/testing": source("testing"),
      "@kiln/webgpu": source("webgpu"),
      "@kiln/nn": source("nn"),
      "@kiln/models": source("models"),
      "@kiln/data": source("data"),
      "@kiln/cli": source("cli"),
    },
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 60_000,
    reporters: ["default", "./scripts/summary-reporter.ts"],
    // A fixed matmul variant: tuning per test process would cost seconds in every file. The
    // variant tests force each candidate themselves.
    env: { KILN_MATMUL: "rows-8x16-w16-adj-k1-vb" },
  },
});
