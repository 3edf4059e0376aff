import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { gpu, hasWebGpu } from "./gpu.js";

describe.runIf(hasWebGpu)("webgpu limits and edges", () => {
  it(
    "elementwise, sum and transpose past 65,535 workgroups",
    gpu(async () => {
      const rows = 65537;
      // Rows of 257, not a multiple of 4, so the elementwise kernel computes 4 elements per
      // invocation in 65,794 workgroups (a multiple of 4 would take 16 in fewer than 65,535).
      const cols = 257;
      const x = k.iota([rows, cols], 0, "f32").add(k.iota([rows, cols], 1, "f32").mul(1e-3));
      const doubled = await x.mul(2).data();
      expect(doubled[0]).toBe(0);
      expect(doubled[cols * 65536 + 255]).toBeCloseTo(2 * (65536 + 0.255), 1);
      expect(doubled[cols * 65536 + 256]).toBeCloseTo(2 * (65536 + 0.256), 1);
      const rowSums = await k.ones([rows, 256]).sum(1).data();
      expect(rowSums.length).toBe(rows);
      expect(rowSums.every((v) => v === 256)).toBe(true);
      const t = await k.transpose(x).slice([[255, 256], [65536, 65537]]).data();
      expect(t[0]).toBeCloseTo(65536 + 0.255, 1);
    }),
    120_000,
  );

  it(
    "matmul at awkward sizes matches the CPU",
    gpu(async () => {
      const cases: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [33, 33, 33], [65, 65, 65], [257, 31, 9], [0, 4, 3], [4, 0, 3], [2, 3, 0]];
      for (const [m, kk, n] of cases) {
        const a = k.random.normal(k.random.key(m), [m, kk]);
        const b = k.random.normal(k.random.key(n + 100), [kk, n]);
        const got = await k.matmul(a, b).data();
        const want = k.withBackend("cpu64", () => k.matmul(a, b).dataSync());
        expect(got.length).toBe(m * n);
        for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i], 3);
      }
    }),
    120_000,
  );

  it(
    "matmul 513 matches the CPU",
    gpu(async () => {
      const a = k.random.uniform(k.random.key(1), [513, 513], { min: -1, max: 1 });
      const b = k.random.uniform(k.random.key(2), [513, 513], { min: -1, max: 1 });
      const got = await k.matmul(a, b).data();
      const want = k.withBackend("cpu64", () => k.matmul(a, b).dataSync());
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      expect(worst).toBeLessThan(1e-3);
    }),
    120_000,
  );

  it(
    "sum of 2e7 ones is exact",
    gpu(async () => {
      expect(await k.ones([20_000_000]).sum().item()).toBe(20_000_000);
    }),
    120_000,
  );

  it(
    "long sums stay accurate",
    gpu(async () => {
      // Each invocation of the reduction adds about 39,000 of these values: one running f32 sum
      // drifted by 4e-4 relative.
      const total = await k.full([10_000_000], 0.1).sum().item();
      const want = 10_000_000 * Math.fround(0.1);
      expect(Math.abs(total - want) / want).toBeLessThan(2e-5);
      // The mean of data far from zero must be accurate for a two-pass variance to be.
      const x = k.random.uniform(k.random.key(3), [1_000_000]).add(10_000);
      const host = Float64Array.from(await x.data());
      const mean = host.reduce((a, b) => a + b, 0) / host.length;
      const variance = host.reduce((a, b) => a + (b - mean) ** 2, 0) / host.length;
      expect(Math.abs((await k.variance(x).item()) - variance) / variance).toBeLessThan(1e-4);
    }),
    120_000,
  );

  it(
    "softmax of 1e6 elements sums to 1",
    gpu(async () => {
      const x = k.random.normal(k.random.key(7), [1_000_000]);
      const total = await k.softmax(x).sum().item();
      expect(Math.abs(total - 1)).toBeLessThan(1e-5);
    }),
    120_000,
  );

  it(
    "long rows past 65,535 workgroups",
    gpu(async () => {
      // Rows of 65 take a workgroup each, in a grid of 65,535 × 2 workgroups.
      const rows = 65537;
      const x = k.cast(k.iota([rows, 65], 0), "f32").add(k.cast(k.iota([rows, 65], 1), "f32"));
      const maxima = await k.max(x, -1).data();
      expect(maxima[0]).toBe(64);
      expect(maxima[rows - 1]).toBe(rows - 1 + 64);
      const softmax = await k.softmax(x.mul(0.01), -1).data();
      const first = k.withBackend("cpu64", () => k.softmax(k.arange(65, undefined, 1, "f32").mul(0.01)).dataSync());
      for (const row of [0, rows - 1]) {
        for (let j = 0; j < 65; j++) expect(softmax[row * 65 + j]).toBeCloseTo(first[j], 5);
      }
    }),
    120_000,
  );

  it(
    "scatter-add of 2^20 ones is exact",
    gpu(async () => {
      const n = 2 ** 20;
      const ones = k.ones([n]);
      const eight = k.arange(n).div(n / 8) as k.Tensor<"i32">;
      const bins8 = await k.scatterAddInto(ones, eight, 8, 0).data();
      expect(Array.from(bins8)).toEqual(new Array(8).fill(n / 8));
      const one = await k.scatterAddInto(ones, k.zeros([n], "i32"), 1, 0).data();
      expect(one[0]).toBe(n);
    }),
    120_000,
  );
});
