import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readTrainCheckpoint } from "@kiln/cli";
import { lossesByStep, runKiln, SMALL_RUN, tempDir, type KilnOutput } from "./helpers.js";

const STEPS = 6;
const RUN = ["train", "clip", ...SMALL_RUN, "--steps", String(STEPS), "--test-limit", "10"];

describe("kiln train --resume", () => {
  const root = tempDir("resume");
  const straight = join(root, "straight");
  const interrupted = join(root, "interrupted");
  let first: KilnOutput;
  let resumed: KilnOutput;
  let interruptedAt: number;

  beforeAll(async () => {
    await runKiln([...RUN, "--out", straight]);
    // Ctrl-C once step 2 has been logged; the run finishes its current step and saves.
    let sent = false;
    first = await runKiln([...RUN, "--out", interrupted], {
      onStderr: (text, child) => {
        if (!sent && /step 2\/6/.test(text)) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    interruptedAt = (await readTrainCheckpoint(interrupted)).progress.step;
    resumed = await runKiln(["train", "clip", "--resume", interrupted, "--log-every", "1"]);
  }, 180_000);

  it("Ctrl-C saves a checkpoint and exits with 130", () => {
    expect(first.code).toBe(130);
    expect(first.stderr).toContain("Ctrl-C: stopping after the current step and saving a checkpoint");
    expect(first.stdout).toContain(`continue with: npx kiln train clip --resume ${interrupted}`);
    expect(interruptedAt).toBeGreaterThanOrEqual(2);
    expect(interruptedAt).toBeLessThan(STEPS);
  });

  it("the resumed run finishes", () => {
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain(`Resuming clip at step ${interruptedAt}`);
  });

  it("reproduces the losses of an uninterrupted run", () => {
    const expected = lossesByStep(join(straight, "metrics.jsonl"));
    const actual = lossesByStep(join(interrupted, "metrics.jsonl"));
    expect([...actual.keys()]).toEqual([1, 2, 3, 4, 5, 6]);
    for (const [step, loss] of expected) expect(actual.get(step), `step ${step}`).toBe(loss);
  });

  it("rejects a changed batch size", async () => {
    const run = await runKiln(["train", "clip", "--resume", interrupted, "--batch", "16"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe("kiln: error: --batch 16 differs from the checkpoint's 8; a resumed run keeps --batch, so drop the option or start a new run");
  });

  it("rejects resuming a finished run", async () => {
    // The straight run completed all its steps: there is nothing to train, and evaluating
    // again would append a second evaluation of the same step to its metrics.
    const before = readFileSync(join(straight, "metrics.jsonl"), "utf8");
    const run = await runKiln(["train", "clip", "--resume", straight]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      `kiln: error: the checkpoint has already completed all ${STEPS} steps, so there is nothing to resume; pass a larger --steps to train further, or evaluate it with kiln eval`,
    );
    expect(readFileSync(join(straight, "metrics.jsonl"), "utf8")).toBe(before);
  });

  it("continues in a new folder with the earlier metrics", async () => {
    const copy = join(root, "longer");
    const run = await runKiln(["train", "clip", "--resume", join(interrupted, "checkpoint.safetensors"), "--steps", "7", "--out", copy, "--json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("--steps 7 differs from the checkpoint's 6");
    expect([...lossesByStep(join(copy, "metrics.jsonl")).keys()]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(existsSync(join(copy, "report.md"))).toBe(true);
  }, 60_000);
});
