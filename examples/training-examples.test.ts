import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// Runs the TypeScript examples as a user would (npx tsx …) against the built packages, with a
// few steps on the CPU backend and the embedded data subset.
const root = fileURLToPath(new URL("..", import.meta.url));
const env = { ...process.env, KILN_DATA: join(root, "packages/data/assets/fashion-mnist") };
const small = ["--batch", "8", "--limit", "64", "--test-limit", "20", "--backend", "cpu"];

function runExample(name: string, args: string[]): string {
  return execFileSync(process.execPath, ["--import", "tsx", join(root, "examples", name), ...args], { cwd: root, env, encoding: "utf8", stdio: "pipe" });
}

describe("training examples", () => {
  const scratch = mkdtempSync(join(tmpdir(), "kiln-examples-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("train-clip reports zero-shot accuracy", () => {
    const output = runExample("train-clip.ts", ["--steps", "3", ...small]);
    expect(output).toContain("step 1/3  loss");
    expect(output).toContain("step 3/3  loss");
    expect(output).toMatch(/zero-shot accuracy \d+\.\d% on 20 test images/);
  }, 120_000);

  it("train-moco reports k-NN accuracy", () => {
    const output = runExample("train-moco.ts", ["--steps", "2", ...small]);
    expect(output).toContain("step 2/2  loss");
    expect(output).toMatch(/k-NN accuracy \d+\.\d% on 20 test images \(majority vote \d+\.\d%\)/);
  }, 120_000);

  it("zero-shot classifies images of a kiln checkpoint with custom prompts", () => {
    const runDir = join(scratch, "clip");
    const kiln = join(root, "packages/cli/bin/kiln.js");
    execFileSync(process.execPath, [kiln, "train", "clip", "--steps", "2", ...small, "--out", runDir], { cwd: root, env, encoding: "utf8", stdio: "pipe" });
    const output = runExample("zero-shot.ts", [runDir, "--prompt", "a photo of my {}", "--prompt", "a picture of the {}", "--images", "4", "--backend", "cpu"]);
    expect(output).toContain('prompts: "a photo of my {}", "a picture of the {}" (checkpoint at step 2)');
    expect(output.match(/^image \d: /gm)).toHaveLength(4);
    expect(output).toMatch(/\d of 4 correct/);
  }, 120_000);

  it("zero-shot rejects a prompt with an unknown word", () => {
    const runDir = join(scratch, "clip");
    const run = spawnSync(process.execPath, ["--import", "tsx", join(root, "examples", "zero-shot.ts"), runDir, "--prompt", "a sketch of a {}", "--backend", "cpu"], { cwd: root, env, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/word "sketch" .* is not in the vocabulary\. Prompts may use these words, and \{\} for the class name: .*\bphoto\b/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("training examples name the data they loaded", () => {
    const output = runExample("train-clip.ts", ["--steps", "1", ...small]);
    expect(output).toContain(`64 training and 20 test images from ${join(root, "packages/data/assets/fashion-mnist")}`);
  }, 120_000);
});
