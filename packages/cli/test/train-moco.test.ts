import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lastJson, readJsonLines, runKiln, SMALL_RUN, tempDir, type KilnOutput } from "./helpers.js";

describe("kiln train moco", () => {
  const runDir = join(tempDir("moco"), "run");
  let run: KilnOutput;

  beforeAll(async () => {
    run = await runKiln(["train", "moco", ...SMALL_RUN, "--steps", "2", "--out", runDir, "--json"]);
  }, 120_000);

  it("exits 0 and writes the run files", () => {
    expect(run.code).toBe(0);
    for (const file of ["config.json", "metrics.jsonl", "checkpoint.safetensors", "loss.svg", "report.md"]) {
      expect(existsSync(join(runDir, file)), file).toBe(true);
    }
  });

  it("logs the momentum of each step", () => {
    const train = readJsonLines(join(runDir, "metrics.jsonl")).filter((r) => r.type === "train");
    expect(train.map((r) => r.step)).toEqual([1, 2]);
    // Cosine from 0.99 at step 0 to 1 at the last step (2 steps in total).
    expect(train[0].momentum).toBeCloseTo(0.99, 10);
    expect(train[1].momentum).toBeCloseTo(0.995, 10);
  });

  it("reports k-NN and linear-probe accuracy", () => {
    const json = lastJson(run.stdout);
    expect(json).toMatchObject({ command: "train", model: "moco", status: "finished", step: 2 });
    const metrics = json.metrics as Record<string, number>;
    for (const key of ["knnAccuracy", "knnMajorityAccuracy", "linearProbeAccuracy"]) {
      expect(metrics[key], key).toBeGreaterThanOrEqual(0);
      expect(metrics[key], key).toBeLessThanOrEqual(1);
    }
  });

  it("eval knn and linear-probe reproduce the final metrics", async () => {
    const trained = lastJson(run.stdout).metrics as Record<string, number>;
    const knn = await runKiln(["eval", "knn", "--checkpoint", join(runDir, "checkpoint.safetensors"), "--backend", "cpu", "--json"]);
    expect(knn.code).toBe(0);
    expect((lastJson(knn.stdout).metrics as Record<string, number>).knnAccuracy).toBe(trained.knnAccuracy);
    const probe = await runKiln(["eval", "linear-probe", "--checkpoint", runDir, "--backend", "cpu", "--json"]);
    expect(probe.code).toBe(0);
    expect((lastJson(probe.stdout).metrics as Record<string, number>).linearProbeAccuracy).toBe(trained.linearProbeAccuracy);
  }, 120_000);

  it("eval zero-shot rejects a MoCo checkpoint", async () => {
    const evaluation = await runKiln(["eval", "zero-shot", "--checkpoint", runDir, "--backend", "cpu"]);
    expect(evaluation.code).toBe(2);
    expect(evaluation.stderr.trim()).toMatch(/^kiln: error: zero-shot evaluation needs a clip checkpoint, but .* contains a moco model; use kiln eval knn or kiln eval linear-probe$/);
  });
});
