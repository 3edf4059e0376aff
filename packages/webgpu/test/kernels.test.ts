import { afterEach, describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { setDebugLog } from "@kiln/webgpu";
import { gpu, hasWebGpu, webgpu } from "./gpu.js";

function cpu64(fn: () => Tensor): number[] {
  return Array.from(k.withBackend("cpu64", () => fn().dataSync()));
}

describe.runIf(hasWebGpu)("webgpu kernels", () => {
  afterEach(() => {
    delete process.env.KILN_DEBUG;
    setDebugLog((line) => console.error(line));
  });

  it(
    "a chain of 200 elementwise ops is one kernel",
    gpu(async () => {
      const chain = (x: Tensor) => {
        let y = x;
        for (let i = 0; i < 200; i++) y = i % 2 === 0 ? y.mul(1.01).add(0.001) : k.tanh(y);
        return y;
      };
      const x = k.linspace(-2, 2, 64);
      const compiled = k.compile(chain);
      const backend = (await webgpu())!;
      expect(backend.executable(compiled.trace(x).program).stats.kernelCount).toBe(1);
      const got = Array.from(await compiled(x).data());
      const want = cpu64(() => chain(k.linspace(-2, 2, 64)));
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 4);
    }),
  );

  it(
    "a sum of 20 inputs splits to fit the buffer limit",
    gpu(async () => {
      const inputs = Array.from({ length: 20 }, (_, i) => k.full([3], i + 1));
      const total = (...xs: Tensor[]) => xs.reduce((a, b) => a.add(b));
      expect(Array.from(await k.compile(total)(...inputs).data())).toEqual([210, 210, 210]);
      const parts = Array.from({ length: 20 }, (_, i) => k.full([1, 2], i));
      const joined = await k.compile((...xs: Tensor[]) => k.concat(xs, 0))(...parts).data();
      expect(joined.length).toBe(40);
      expect(joined[39]).toBe(19);
    }),
  );

  it(
    "executables report kernels and peak bytes",
    gpu(async () => {
      const backend = (await webgpu())!;
      const mlp = k.compile((x: Tensor, w: Tensor, b: Tensor) => k.relu(k.matmul(x, w as never).add(b)).sum());
      const args: [Tensor, Tensor, Tensor] = [k.zeros([8, 16]), k.zeros([16, 4]), k.zeros([4])];
      const stats = backend.executable(mlp.trace(...args).program).stats;
      expect(stats.kernelCount).toBe(2);
      expect(stats.peakBytes).toBeGreaterThanOrEqual(8 * 4 * 4);
    }),
  );

  it(
    "KILN_DEBUG=1 logs each run's kernels",
    gpu(async () => {
      const lines: string[] = [];
      setDebugLog((line) => lines.push(line));
      process.env.KILN_DEBUG = "1";
      await k.compile((x: Tensor) => x.exp().sum())(k.ones([5])).data();
      expect(lines.some((l) => /run \d+ kernels/.test(l))).toBe(true);
      // Any other non-empty value turns logging on, as the kiln command reads it.
      lines.length = 0;
      process.env.KILN_DEBUG = "true";
      await k.compile((x: Tensor) => x.exp().sum())(k.ones([5])).data();
      expect(lines.some((l) => /run \d+ kernels/.test(l))).toBe(true);
    }),
  );

  it("shader errors name line, column and source", async () => {
    const backend = (await webgpu())!;
    backend.pipelines.get("@compute @workgroup_size(1) fn main() { let x: f32 = 1u; }");
    await expect(backend.pipelines.settle()).rejects.toThrow(/shader failed to compile: error at 1:\d+[\s\S]*--- WGSL ---[\s\S]*fn main/);
  });

  it("reports the adapter", async () => {
    const backend = (await webgpu())!;
    expect(backend.ctx.info.description.length).toBeGreaterThan(0);
    expect(backend.ctx.info.limits.maxStorageBuffersPerShaderStage).toBeGreaterThanOrEqual(8);
  });
});
