/**
 * The published declarations must compile in a user's strict project that does not list
 * @webgpu/types itself: they use GPUDevice, GPUBuffer and the rest of the WebGPU types.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const declarations = fileURLToPath(new URL("../dist/index.d.ts", import.meta.url));
const consumer = fileURLToPath(new URL("./fixtures/consumer.mts", import.meta.url));

describe("published declarations", () => {
  it.runIf(existsSync(declarations))("compile without skipLibCheck", async () => {
    const tsc = fileURLToPath(new URL("node_modules/typescript/bin/tsc", `file://${root}/`));
    const args = [tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--types", "node", consumer];
    const result = await promisify(execFile)(process.execPath, args, { cwd: root }).then(
      () => ({ code: 0, output: "" }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? 1, output: error.stdout ?? "" }),
    );
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  }, 60_000);
});
