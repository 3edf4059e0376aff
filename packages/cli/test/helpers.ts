import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The `kiln` launcher; it runs the built dist/bin.js, as `npx kiln` does after `npm run build`. */
export const KILN_BIN = join(REPO_ROOT, "packages/cli/bin/kiln.js");

/** The Fashion-MNIST subset shipped in @kiln/data (4,000 training and 1,000 test images). */
export const EMBEDDED_DATA = join(REPO_ROOT, "packages/data/assets/fashion-mnist");

/** Small settings shared by the training tests: the CPU backend, a few images and steps. */
export const SMALL_RUN = ["--backend", "cpu", "--data", EMBEDDED_DATA, "--batch", "8", "--limit", "64", "--test-limit", "20", "--log-every", "1"];

export interface KilnOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Called with each chunk of stderr, with the child process, for tests that send signals. */
  onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
}

/** Runs `kiln args…` in a child process and collects its output. KILN_DEBUG is unset unless given. */
export function runKiln(args: readonly string[], options: RunOptions = {}): Promise<KilnOutput> {
  const env: Record<string, string | undefined> = { ...process.env, KILN_DEBUG: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KILN_BIN, ...args], { cwd: REPO_ROOT, env: env as NodeJS.ProcessEnv });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onStderr?.(stderr, child);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Creates a fresh folder under the OS temp folder, removed after the test file finishes. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kiln-cli-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Parses a JSON-lines file. */
export function readJsonLines(path: string): Record<string, unknown>[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Losses of the train records of a metrics.jsonl, by step. */
export function lossesByStep(path: string): Map<number, number | null> {
  return new Map(readJsonLines(path).filter((r) => r.type === "train").map((r) => [r.step as number, r.loss as number | null]));
}

/** Parses the last line of `text` that starts with `{`, the --json object. */
export function lastJson(text: string): Record<string, unknown> {
  const line = text.trim().split("\n").filter((l) => l.startsWith("{")).pop();
  if (line === undefined) throw new Error(`no JSON object in output:\n${text}`);
  return JSON.parse(line) as Record<string, unknown>;
}
