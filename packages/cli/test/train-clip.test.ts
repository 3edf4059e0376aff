import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readTrainCheckpoint } from "@kiln/cli";
import { lastJson, readJsonLines, runKiln, SMALL_RUN, tempDir, type KilnOutput } from "./helpers.js";

describe("kiln train clip", () => {
  const runDir = join(tempDir("clip"), "run");
  let run: KilnOutput;

  beforeAll(async () => {
    run = await runKiln(["train", "clip", ...SMALL_RUN, "--steps", "3", "--checkpoint-every", "2", "--eval-every", "2", "--out", runDir, "--json"]);
  }, 120_000);

  it("exits 0", () => {
    expect(run.stderr).not.toContain("error");
    expect(run.code).toBe(0);
  });

  it("writes every run file", () => {
    for (const file of ["config.json", "metrics.jsonl", "checkpoint.safetensors", "loss.svg", "report.md"]) {
      expect(existsSync(join(runDir, file)), file).toBe(true);
    }
  });

  it("logs one line per step and per evaluation", () => {
    const records = readJsonLines(join(runDir, "metrics.jsonl"));
    const train = records.filter((r) => r.type === "train");
    const evals = records.filter((r) => r.type === "eval");
    expect(train.map((r) => r.step)).toEqual([1, 2, 3]);
    for (const record of train) {
      expect(typeof record.loss).toBe("number");
      expect(record.lr).toBeGreaterThan(0);
      expect(record.stepSeconds).toBeGreaterThan(0);
    }
    expect(evals.map((r) => r.step)).toEqual([2, 3]);
    expect(evals[1].zeroShotAccuracy).toBeGreaterThanOrEqual(0);
    expect(evals[1].zeroShotAccuracy).toBeLessThanOrEqual(1);
  });

  it("prints one JSON object on stdout", () => {
    const json = lastJson(run.stdout);
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(json).toMatchObject({ command: "train", model: "clip", status: "finished", step: 3, steps: 3, backend: "cpu", adapter: null, runDir });
    expect(typeof json.finalLoss).toBe("number");
    expect(json.seconds).toBeGreaterThan(0);
    expect(json.imagesPerSecond).toBeGreaterThan(0);
    const metrics = json.metrics as Record<string, number>;
    for (const key of ["zeroShotAccuracy", "imageToTextR1", "textToImageR1"]) {
      expect(metrics[key], key).toBeGreaterThanOrEqual(0);
      expect(metrics[key], key).toBeLessThanOrEqual(1);
    }
  });

  it("prints the summary on stderr with --json", () => {
    expect(run.stderr).toMatch(/Trained CLIP-tiny: 3 of 3 steps on cpu/);
    expect(run.stderr).toMatch(/zero-shot accuracy \d+\.\d% on 20 test images/);
  });

  it("records the reference configuration", () => {
    const config = JSON.parse(readFileSync(join(runDir, "config.json"), "utf8"));
    expect(config).toMatchObject({ model: "clip", steps: 3, batchSize: 8, lr: 1e-3, warmupSteps: 100, limit: 64, testLimit: 20 });
    expect(config.optimizer).toEqual({ betas: [0.9, 0.98], eps: 1e-6, weightDecay: 0.1, decay: "matrices" });
  });

  it("writes report.md with results, confusion matrix, timing and backend", () => {
    const report = readFileSync(join(runDir, "report.md"), "utf8");
    expect(report).toContain("# CLIP-tiny on Fashion-MNIST");
    expect(report).toContain("Finished: 3 of 3 steps.");
    expect(report).toMatch(/At step 3: \*\*zero-shot accuracy \d+\.\d% on 20 test images\*\*\./);
    expect(report).toContain("### Zero-shot confusion matrix");
    expect(report).toContain("| true \\ predicted | t-shirt/top | trouser |");
    expect(report).toContain("median s/step");
    expect(report).toContain("images/s");
    expect(report).toMatch(/\| cpu \| none \|/);
    expect(report).toContain("![Loss curve](loss.svg)");
  });

  it("draws the loss curve as SVG", () => {
    const svg = readFileSync(join(runDir, "loss.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toMatch(/<path d="M[\d.]+,[\d.]+L/);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
  });

  it("saves the step and the vocabulary in the checkpoint", async () => {
    const checkpoint = await readTrainCheckpoint(runDir);
    expect(checkpoint.model).toBe("clip");
    expect(checkpoint.progress).toMatchObject({ step: 3, seed: 0, dataCount: 64 });
    expect(JSON.parse(checkpoint.metadata["kiln.vocabulary"])).toHaveLength(35);
  });

  it("eval zero-shot reproduces the final accuracy", async () => {
    const evaluation = await runKiln(["eval", "zero-shot", "--checkpoint", runDir, "--backend", "cpu", "--json"]);
    expect(evaluation.code).toBe(0);
    const json = lastJson(evaluation.stdout);
    const trained = lastJson(run.stdout).metrics as Record<string, number>;
    expect(json).toMatchObject({ command: "eval", evaluation: "zero-shot", model: "clip", step: 3 });
    expect((json.metrics as Record<string, number>).zeroShotAccuracy).toBe(trained.zeroShotAccuracy);
    expect((json.confusion as number[][]).flat().reduce((a, b) => a + b, 0)).toBe(20);
  });

  it("eval zero-shot prints titled metrics", async () => {
    const evaluation = await runKiln(["eval", "zero-shot", "--checkpoint", runDir, "--backend", "cpu", "--test-limit", "8"]);
    expect(evaluation.code).toBe(0);
    expect(evaluation.stdout).toMatch(/^ {2}zero-shot accuracy: \d+\.\d{2}%$/m);
    expect(evaluation.stdout).toMatch(/^ {2}image→text R@1: \d+\.\d{2}%$/m);
    expect(evaluation.stdout).toMatch(/^ {2}took \d+s$/m);
    expect(evaluation.stdout).not.toContain("zeroShotAccuracy");
  });

  it("eval knn rejects a CLIP checkpoint", async () => {
    const evaluation = await runKiln(["eval", "knn", "--checkpoint", runDir, "--backend", "cpu"]);
    expect(evaluation.code).toBe(2);
    expect(evaluation.stderr.trim()).toMatch(/^kiln: error: knn evaluation needs a moco checkpoint, but .* contains a clip model; use kiln eval zero-shot$/);
  });
});
