import { describe, expect, it } from "vitest";
import { EMBEDDED_DATA, lastJson, runKiln } from "./helpers.js";

describe("kiln info", () => {
  it("prints the adapter and the data location as JSON", async () => {
    const run = await runKiln(["info", "--data", EMBEDDED_DATA, "--json"]);
    expect(run.code).toBe(0);
    const info = lastJson(run.stdout);
    expect(info.kiln).toMatch(/^\d+\.\d+\.\d+$/);
    expect(info.node).toBe(process.version);
    expect(info.dataFound).toBe(true);
    expect(info.data).toEqual([
      `Fashion-MNIST train: 4000 images from --data ${EMBEDDED_DATA}`,
      `Fashion-MNIST test: 1000 images from --data ${EMBEDDED_DATA}`,
    ]);
    if (info.adapter !== null) {
      const adapter = info.adapter as { features: string[]; limits: Record<string, number> };
      expect(adapter.limits.maxComputeWorkgroupSizeX).toBeGreaterThan(0);
      expect(Array.isArray(adapter.features)).toBe(true);
    }
  });

  it("prints limits and data as text", async () => {
    const run = await runKiln(["info", "--data", EMBEDDED_DATA]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Kiln \d+\.\d+\.\d+, Node v/);
    expect(run.stdout).toMatch(/WebGPU adapter: /);
    expect(run.stdout).toContain(`Fashion-MNIST train: 4000 images from --data ${EMBEDDED_DATA}`);
    if (!run.stdout.includes("WebGPU adapter: none found")) expect(run.stdout).toMatch(/maxStorageBufferBindingSize\s+\d+/);
  });

  it("a --data folder without the files exits 2 after the report", async () => {
    const run = await runKiln(["info", "--data", "/nonexistent/fashion", "--json"]);
    expect(run.code).toBe(2);
    const info = lastJson(run.stdout);
    expect(info.dataFound).toBe(false);
    expect((info.data as string[])[0]).toContain("/nonexistent/fashion (--data) not found");
  });
});
