import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED_DATA, lastJson, lossesByStep, runKiln, tempDir } from "./helpers.js";

const RUN = ["train", "clip", "--data", EMBEDDED_DATA, "--batch", "8", "--steps", "2", "--warmup", "1", "--limit", "64", "--test-limit", "8", "--json"];

describe("kiln on WebGPU", () => {
  const root = tempDir("webgpu");
  let hasAdapter = false;

  beforeAll(async () => {
    const info = lastJson((await runKiln(["info", "--json"])).stdout);
    hasAdapter = info.adapter !== null;
    if (!hasAdapter && process.env.CI === "true") throw new Error("no WebGPU adapter found; CI requires one (bash scripts/setup-webgpu.sh installs lavapipe)");
    if (!hasAdapter) console.warn("skipping the WebGPU training test: no WebGPU adapter found");
  });

  // The first step compiles every shader of the training step; on lavapipe with an empty Mesa
  // shader cache that alone took about 70 s.
  it("trains and evaluates on the adapter", async ({ skip }) => {
    if (!hasAdapter) skip();
    const runDir = join(root, "gpu");
    const run = await runKiln([...RUN, "--out", runDir]);
    expect(run.code, run.stderr).toBe(0);
    const json = lastJson(run.stdout);
    expect(json.backend).toBe("webgpu");
    expect(json.adapter).not.toBeNull();
    for (const loss of lossesByStep(join(runDir, "metrics.jsonl")).values()) expect(Number.isFinite(loss)).toBe(true);
    expect(readFileSync(join(runDir, "report.md"), "utf8")).toMatch(/\| webgpu \| \S/);
  }, 300_000);

  it.runIf(process.platform === "linux")("falls back to cpu with one warning without an adapter", async () => {
    // An ICD file that does not exist leaves the Vulkan loader without drivers, so Dawn finds no adapter.
    const runDir = join(root, "fallback");
    const run = await runKiln([...RUN, "--out", runDir], { env: { VK_ICD_FILENAMES: "/nonexistent/kiln-test-icd.json" } });
    expect(run.code, run.stderr).toBe(0);
    expect(lastJson(run.stdout)).toMatchObject({ backend: "cpu", adapter: null });
    const warnings = run.stderr.split("\n").filter((line) => line.startsWith("warning: "));
    expect(warnings).toEqual(["warning: no WebGPU adapter found, so the cpu backend runs instead (much slower); run kiln info for details"]);
    expect(readFileSync(join(runDir, "report.md"), "utf8")).toContain("| cpu (requested webgpu; no WebGPU adapter) | none |");
  }, 120_000);
});
