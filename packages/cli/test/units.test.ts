import { spawnSync } from "node:child_process";
import { linkSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lossChartSvg } from "@kiln/cli";
import { niceStep, smooth, ticks } from "../src/plot.js";
import { selectTopK } from "../src/eval/knn.js";
import { standardize } from "../src/eval/linear-probe.js";
import { classify } from "../src/eval/confusion.js";
import { duration, median } from "../src/format.js";
import { makeDirectories, writeFileAtomic } from "../src/run-dir.js";

describe("loss chart", () => {
  it("nice steps are 1, 2 or 5 times a power of ten", () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(0.37, 5)).toBe(0.1);
    expect(niceStep(900, 6)).toBe(200);
    expect(ticks(2.3, 4.9, 5)).toEqual([2.5, 3, 3.5, 4, 4.5]);
  });

  it("smoothing restarts after a non-finite value", () => {
    const out = smooth([1, 1, NaN, 3], 0.9);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(1, 12);
    expect(out[2]).toBeNaN();
    expect(out[3]).toBeCloseTo(3, 12);
  });

  it("breaks the line at a NaN and escapes the title", () => {
    const svg = lossChartSvg(
      [
        { step: 1, loss: 3 },
        { step: 2, loss: 2 },
        { step: 3, loss: NaN },
        { step: 4, loss: 1 },
      ],
      { title: "run <a & b>" },
    );
    expect(svg).toContain("run &lt;a &amp; b&gt;");
    const path = /<path d="([^"]+)"/.exec(svg)![1];
    expect(path.match(/M/g)).toHaveLength(2);
    expect(path.match(/L/g)).toHaveLength(1);
  });

  it("renders empty axes without a finite loss", () => {
    const svg = lossChartSvg([{ step: 1, loss: NaN }], { title: "t" });
    expect(svg).toContain("no finite loss recorded");
    expect(svg).not.toContain("NaN");
  });
});

describe("k-NN top-k selection", () => {
  it("keeps the k largest in descending order", () => {
    const scores = Float32Array.from([0.1, 0.9, -0.5, 0.7, 0.9, 0.3]);
    const values = new Float64Array(3);
    const indices = new Int32Array(3);
    selectTopK(scores, 0, scores.length, values, indices);
    expect(Array.from(values)).toEqual([Math.fround(0.9), Math.fround(0.9), Math.fround(0.7)]);
    expect(Array.from(indices)).toEqual([1, 4, 3]);
  });

  it("reads the row at an offset", () => {
    const scores = Float32Array.from([5, 6, 1, 2, 3]);
    const values = new Float64Array(2);
    const indices = new Int32Array(2);
    selectTopK(scores, 2, 3, values, indices);
    expect(Array.from(indices)).toEqual([2, 1]);
  });
});

describe("evaluation helpers", () => {
  it("standardize uses the training mean and unbiased std", () => {
    const train = Float32Array.from([1, 10, 3, 10]); // two rows, two columns
    const test = Float32Array.from([2, 10]);
    standardize(train, test, 2);
    const std = Math.SQRT2 + 1e-6;
    expect(train[0]).toBeCloseTo(-1 / std, 6);
    expect(train[2]).toBeCloseTo(1 / std, 6);
    expect(test[0]).toBeCloseTo(0, 6);
    expect(test[1]).toBeCloseTo(0, 6);
  });

  it("standardize centres a constant column only", () => {
    // Column 0 is 0.3 in both training rows, and a single training row is constant in every column.
    const train = Float32Array.from([0.3, 1, 0.3, 3]);
    const test = Float32Array.from([1.3, 2]);
    standardize(train, test, 2);
    expect(train[0]).toBe(0);
    expect(test[0]).toBeCloseTo(1, 6);
    expect(test[1]).toBeCloseTo(0, 6);

    const single = Float32Array.from([2, -1]);
    const singleTest = Float32Array.from([3, 1]);
    standardize(single, singleTest, 2);
    expect(Array.from(single)).toEqual([0, 0]);
    expect(Array.from(singleTest)).toEqual([1, 2]);
  });

  it("classify counts the confusion matrix by true then predicted class", () => {
    const result = classify([0, 1, 1, 2], [0, 1, 2, 2], 3);
    expect(result.accuracy).toBe(0.75);
    expect(result.confusion).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 1, 1],
    ]);
  });

  it("formats durations and medians", () => {
    expect(duration(42.4)).toBe("42s");
    expect(duration(185)).toBe("3m 05s");
    expect(duration(3720)).toBe("1h 02m");
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe("run folder files", () => {
  const root = mkdtempSync(join(tmpdir(), "kiln-cli-units-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("writeFileAtomic replaces the file", () => {
    // A hard link keeps the old inode, which a write in place would change and a rename leaves alone.
    const path = join(root, "report.md");
    const link = join(root, "report-link.md");
    writeFileSync(path, "old report\n");
    linkSync(path, link);
    writeFileAtomic(path, "new report\n");
    expect(readFileSync(path, "utf8")).toBe("new report\n");
    expect(readFileSync(link, "utf8")).toBe("old report\n");
    expect(readdirSync(root).sort()).toEqual(["report-link.md", "report.md"]);
  });

  it("makeDirectories creates missing parents", () => {
    const path = join(root, "a", "b", "c");
    makeDirectories(path);
    expect(readdirSync(join(root, "a", "b"))).toEqual(["c"]);
  });

  it("run folder under /proc fails at once", () => {
    // Node 20.20's recursive mkdirSync loops forever here, so the call runs in a child process with a time limit.
    const source = new URL("../src/run-dir.ts", import.meta.url).href;
    const script = `import(${JSON.stringify(source)}).then((m) => m.createRunFolder("/proc/kiln-run/inner"))`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8", timeout: 30_000 });
    expect(child.signal, "killed at the time limit").toBeNull();
    expect(child.stderr).toContain("creating the run folder /proc/kiln-run/inner failed: ENOENT");
  });
});
