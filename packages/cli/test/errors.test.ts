import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTrainCheckpoint } from "@kiln/cli";
import { lastJson, readJsonLines, runKiln, SMALL_RUN, tempDir } from "./helpers.js";

describe("kiln train with a diverging loss", () => {
  const runDir = join(tempDir("nan"), "run");

  it("stops at the first non-finite loss and keeps the last good checkpoint", async () => {
    const run = await runKiln(["train", "clip", ...SMALL_RUN, "--steps", "8", "--lr", "1e30", "--checkpoint-every", "1", "--out", runDir, "--json"]);
    expect(run.code).toBe(1);
    const match = /kiln: training stopped: the loss became (NaN|Infinity|-Infinity) at step (\d+); the last good checkpoint, from step (\d+), is kept at /.exec(run.stderr);
    expect(match, run.stderr).not.toBeNull();
    const badStep = Number(match![2]);
    const goodStep = Number(match![3]);
    expect(goodStep).toBe(badStep - 1);
    expect((await readTrainCheckpoint(runDir)).progress.step).toBe(goodStep);

    const json = lastJson(run.stdout);
    expect(json).toMatchObject({ status: "stopped", step: badStep });
    const last = readJsonLines(join(runDir, "metrics.jsonl")).at(-1)!;
    expect(last).toMatchObject({ type: "train", step: badStep, loss: null });
    expect(existsSync(join(runDir, "report.md"))).toBe(true);
  }, 120_000);
});

describe("kiln train with a state that stops being finite", () => {
  const runDir = join(tempDir("nonfinite-state"), "run");

  it("skips checkpoints of a non-finite state", async () => {
    // The first step's learning rate, 1e41 / 100 warm-up steps, overflows float32. So the first
    // update turns the parameters into ±Infinity and NaN, while the first loss, computed before
    // that update, is still finite.
    const run = await runKiln(["train", "clip", ...SMALL_RUN, "--steps", "3", "--lr", "1e41", "--checkpoint-every", "1", "--out", runDir, "--json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/kiln: training stopped: the training state is not finite after step 1 \(\S+ contains (NaN|Infinity|-Infinity)\), so no checkpoint was written for it; no checkpoint was saved before it\./);
    expect(existsSync(join(runDir, "checkpoint.safetensors"))).toBe(false);
    expect(lastJson(run.stdout)).toMatchObject({ status: "stopped", step: 1 });
  }, 120_000);
});

describe("kiln argument errors", () => {
  const cases: [string, string[], RegExp][] = [
    ["non-numeric steps", ["train", "clip", "--steps", "abc"], /^kiln: error: option '--steps <n>' argument 'abc' is invalid\. It must be a positive integer\. \(see --help\)$/],
    ["zero batch", ["train", "moco", "--batch", "0"], /^kiln: error: option '--batch <n>' argument '0' is invalid\. It must be a positive integer\./],
    ["hexadecimal steps", ["train", "clip", "--steps", "0x10"], /^kiln: error: option '--steps <n>' argument '0x10' is invalid\. It must be a positive integer\./],
    ["exponent eval interval", ["train", "clip", "--eval-every", "1e2"], /^kiln: error: option '--eval-every <n>' argument '1e2' is invalid\. It must be a positive integer\./],
    ["negative lr", ["train", "clip", "--lr", "-1"], /^kiln: error: option '--lr <rate>' argument '-1' is invalid\. It must be a positive finite number\./],
    ["unknown backend", ["train", "clip", "--backend", "tpu"], /^kiln: error: option '--backend <name>' argument 'tpu' is invalid\. Allowed choices are webgpu, cpu\./],
    ["unknown option", ["train", "clip", "--bogus"], /^kiln: error: unknown option '--bogus'/],
    ["misspelt option", ["train", "clip", "--stpes", "10"], /^kiln: error: unknown option '--stpes' \(Did you mean --steps\?\) \(see --help\)$/],
    ["unknown model", ["train", "resnet"], /^kiln: error: unknown command 'resnet'/],
    ["missing checkpoint option", ["eval", "zero-shot"], /^kiln: error: required option '--checkpoint <path>' not specified/],
  ];
  it.each(cases)("%s exits 2 with one line", async (_name, args, message) => {
    const run = await runKiln(args);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(message);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("batch above the training images exits 2", async () => {
    const run = await runKiln(["train", "clip", ...SMALL_RUN, "--batch", "128", "--out", join(tempDir("batch"), "run")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("kiln: error: --batch 128 exceeds the 64 training images; lower --batch or raise --limit");
  });

  it("missing data folder exits 2 without a stack trace", async () => {
    const run = await runKiln(["train", "clip", "--backend", "cpu", "--data", "/nonexistent/fashion", "--out", join(tempDir("data"), "run")]);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines.at(-1)).toMatch(/^kiln: error: loadFashionMnist: data directory \/nonexistent\/fashion \(--data\) not found or not a directory\./);
    expect(lines.at(-1)).toContain("Without --data, kiln uses $KILN_DATA, then /usr/share/datasets/fashion-mnist, then the embedded subset.");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("run folder without checkpoint exits 2", async () => {
    const out = join(tempDir("stopped"), "run");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "config.json"), "{}");
    const again = await runKiln(["train", "clip", ...SMALL_RUN, "--out", out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`kiln: error: run folder ${out} contains only the config.json of a run stopped before its first checkpoint; delete the folder or choose another --out`);
    const resumed = await runKiln(["train", "clip", ...SMALL_RUN, "--resume", out]);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain("a run stopped before its first checkpoint has none; start it again in a new folder");
  });

  it("warm-up not below the steps warns", async () => {
    const run = await runKiln(["train", "clip", ...SMALL_RUN, "--steps", "2", "--warmup", "2", "--out", join(tempDir("warmup"), "run")]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("--warmup 2 is not below --steps 2, so the learning rate stays in its warm-up and never reaches --lr 0.001; lower --warmup");
  });

  it("KILN_DEBUG adds the stack trace", async () => {
    const run = await runKiln(["eval", "knn", "--checkpoint", "/nonexistent/run"], { env: { KILN_DEBUG: "1" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("kiln: error: checkpoint not found: no file or folder /nonexistent/run; pass a run folder or a .safetensors file");
    expect(run.stderr).toMatch(/\n\s+at /);
  });

  it("a file that is not a checkpoint exits 1", async () => {
    const dir = tempDir("not-checkpoint");
    const file = join(dir, "model.safetensors");
    writeFileSync(file, "not a safetensors file");
    const run = await runKiln(["eval", "zero-shot", "--checkpoint", file, "--backend", "cpu"]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^kiln: error: reading checkpoint failed: loadCheckpoint: .*model\.safetensors: not a safetensors file: header length \d+ exceeds/);
  });

  it("an --out folder with files exits 2", async () => {
    const dir = join(tempDir("occupied"), "run");
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "keep me");
    const run = await runKiln(["train", "clip", ...SMALL_RUN, "--out", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`kiln: error: run folder ${dir} exists and is not empty; choose another --out`);
  });

  it("an --out path that is a file exits 2", async () => {
    const file = join(tempDir("out-file"), "notes.txt");
    writeFileSync(file, "keep me");
    const run = await runKiln(["train", "clip", ...SMALL_RUN, "--steps", "2", "--warmup", "0", "--out", file]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`kiln: error: run folder ${file} is a file, not a folder; choose another --out`);
    expect(readFileSync(file, "utf8")).toBe("keep me");
  });
});
