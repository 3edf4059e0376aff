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
    },
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 60_000,
    reporters: ["default", "./scripts/summary-reporter.ts"],
  },
});
