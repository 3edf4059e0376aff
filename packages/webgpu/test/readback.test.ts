import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { BufferPool } from "@kiln/webgpu";
import { gpu, hasWebGpu, webgpu } from "./gpu.js";

describe.runIf(hasWebGpu)("webgpu readback and donation", () => {
  it(
    "reads see work submitted before them",
    gpu(async () => {
      let x = k.zeros([4]);
      const snapshots: number[][] = [];
      for (let i = 0; i < 5; i++) {
        x = x.add(1);
        snapshots.push(Array.from(await x.data()));
      }
      expect(snapshots.map((s) => s[0])).toEqual([1, 2, 3, 4, 5]);
    }),
  );

  it(
    "donated arguments are updated in place",
    gpu(async () => {
      const step = k.compile((p: { w: Tensor }, g: Tensor) => ({ w: p.w.sub(g.mul(0.5)) }), { donate: [0] });
      let params: { w: Tensor } = { w: k.tensor([1, 2, 3]) };
      const first = params;
      const grads = k.tensor([2, 2, 2]);
      for (let i = 0; i < 3; i++) params = step(params, grads);
      expect(Array.from(await params.w.data())).toEqual([-2, -1, 0]);
      expect(first.w.donated).toBe(true);
      await expect(first.w.data()).rejects.toThrow(/donated/);
    }),
  );

  it(
    "read started before a donated call",
    gpu(async () => {
      // The read is awaited only after the call has written the argument's buffer in place,
      // but it must return the value the tensor had when the read started.
      const step = k.compile((p: Tensor) => p.add(100), { donate: [0] });
      const params = await realizedOnGpu(k.tensor([1, 2, 3]));
      const pending = params.data();
      const next = step(params);
      expect(Array.from(await pending)).toEqual([1, 2, 3]);
      expect(Array.from(await next.data())).toEqual([101, 102, 103]);
    }),
  );

  it(
    "a disposed tensor's buffer serves the next output or upload of its size",
    gpu(async () => {
      const f = k.compile((x: Tensor, s: Tensor) => x.mul(s));
      const x = k.fromArray(new Float32Array(64 * 64).fill(1), [64, 64]);
      const bufferOf = (t: Tensor) => (t.realized?.buffer as { buffer: GPUBuffer }).buffer;
      const first = f(x, k.scalar(2));
      expect((await first.data())[0]).toBe(2);
      const freed = bufferOf(first);
      first.dispose();
      const second = f(x, k.scalar(3));
      expect(bufferOf(second)).toBe(freed);
      expect(Array.from(new Set(await second.data()))).toEqual([3]);
      second.dispose();
      const uploaded = k.fromArray(new Float32Array(64 * 64).fill(7), [64, 64]);
      await uploaded.data();
      expect(bufferOf(uploaded)).toBe(freed);
      expect(Array.from(new Set(await uploaded.data()))).toEqual([7]);
    }),
  );

  it(
    "the pool of free buffers keeps at most its capacity",
    gpu(async () => {
      const { ctx } = (await webgpu())!;
      const pool = new BufferPool(ctx.device, 2048);
      const buffers = [0, 1, 2].map(() => pool.acquire(1024));
      expect(new Set(buffers).size).toBe(3);
      for (const b of buffers) pool.give(b);
      expect(pool.bytes).toBe(2048);
      // Last in, first out; the third buffer was destroyed, not kept.
      expect(pool.acquire(1024)).toBe(buffers[1]);
      expect(pool.acquire(1024)).toBe(buffers[0]);
      expect(buffers).not.toContain(pool.acquire(1024));
      expect(pool.bytes).toBe(0);
      pool.give(buffers[0]);
      expect(buffers).not.toContain(pool.acquire(512));
      pool.clear();
      expect(pool.bytes).toBe(0);
    }),
  );

  it(
    "runs that are never read leave no checks behind",
    gpu(async () => {
      const backend = (await webgpu())!;
      const step = k.compile((p: Tensor) => p.add(1), { donate: [0] });
      let p: Tensor = k.tensor([1, 2, 3]);
      for (let i = 0; i < 200; i++) p = step(p);
      await backend.ctx.device.queue.onSubmittedWorkDone();
      // Each run's validation check finishes with Dawn's next event poll.
      for (let wait = 0; wait < 100 && backend.pipelines.pending > 0; wait++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(backend.pipelines.pending).toBe(0);
      expect(Array.from(await p.data())).toEqual([201, 202, 203]);
    }),
  );

  it(
    "host arrays mutated after upload do not change the device value",
    gpu(async () => {
      const host = new Float32Array([1, 2, 3]);
      const t = k.fromArray(host, [3]);
      const doubled = t.mul(2);
      await doubled.data();
      host[0] = 100;
      expect(Array.from(await t.add(0).data())).toEqual([1, 2, 3]);
      expect(Array.from(await doubled.data())).toEqual([2, 4, 6]);
    }),
  );

  it(
    "small arguments staged per call",
    gpu(async () => {
      // A new scalar at every call (a learning rate): kernels read the executable's copy of it,
      // so their bind groups stay, and every call uses its own value.
      const step = k.compile((p: { w: Tensor }, g: Tensor, lr: Tensor) => ({ w: p.w.sub(g.mul(lr)) }), { donate: [0] });
      let params: { w: Tensor } = { w: k.tensor([1, 2, 3]) };
      const grads = k.tensor([2, 2, 2]);
      params = step(params, grads, k.scalar(0.5));
      const backend = (await webgpu())!;
      const exe = backend.executable(step.trace(params, grads, k.scalar(0)).program);
      const groups = exe.kernels.map((kernel) => kernel.bindGroup);
      for (const lr of [0.25, 1, 0.125]) params = step(params, grads, k.scalar(lr));
      expect(Array.from(await params.w.data())).toEqual([-2.75, -1.75, -0.75]);
      const rebuilt = exe.kernels.filter((kernel, i) => kernel.bindGroup !== groups[i]).length;
      expect(groups.every((group) => group !== null)).toBe(true);
      expect(rebuilt).toBe(0);
    }),
  );

  it(
    "compiled outputs stay valid across calls",
    gpu(async () => {
      const f = k.compile((x: Tensor) => x.mul(x));
      const a = f(k.tensor([2]));
      const b = f(k.tensor([3]));
      expect(await a.item()).toBe(4);
      expect(await b.item()).toBe(9);
      expect(f.traceCount).toBe(1);
    }),
  );

  it(
    "small outputs, outputs returned twice or as views, beside a donation",
    gpu(async () => {
      const f = k.compile(
        (p: { w: Tensor }, x: Tensor) => {
          const e = x.exp();
          return { w: p.w.add(1), e, total: e.sum(), again: e, flat: e.reshape([6]), half: e.mul(0.5) };
        },
        { donate: [0] },
      );
      const x1 = k.tensor([[0, 1, 2], [3, 4, 5]]);
      const x2 = x1.neg();
      const first = f({ w: k.tensor([1, 2]) }, x1);
      const second = f({ w: k.tensor([5, 6]) }, x2);
      const exp = (v: number) => Math.fround(Math.exp(v));
      const close = async (t: Tensor, want: number[]) => {
        const got = Array.from(await t.data());
        got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 4));
      };
      // The first call's outputs are unchanged by the second call.
      const values = [0, 1, 2, 3, 4, 5];
      await close(first.e, values.map(exp));
      await close(first.again, values.map(exp));
      await close(first.flat, values.map(exp));
      await close(first.half, values.map((v) => exp(v) / 2));
      await close(first.total, [values.reduce((n, v) => n + exp(v), 0)]);
      await close(first.w, [2, 3]);
      await close(second.e, values.map((v) => exp(-v)));
      await close(second.w, [6, 7]);
      expect(f.traceCount).toBe(1);
    }),
  );

  it(
    "large outputs written in place stay valid across calls",
    gpu(async () => {
      // 128 × 128 f32 outputs (64 KiB) are written by their kernels into new buffers at each call.
      const f = k.compile((x: Tensor) => {
        const e = x.exp();
        return { e, half: e.mul(0.5), total: e.sum() };
      });
      const values = Array.from({ length: 128 * 128 }, (_, i) => (i % 97) / 97);
      const x1 = k.fromArray(values, [128, 128]);
      const x2 = k.fromArray(values.map((v) => -v), [128, 128]);
      const first = f(x1);
      const second = f(x2);
      const e1 = await first.e.data();
      const half1 = await first.half.data();
      const e2 = await second.e.data();
      for (const i of [0, 1, 96, 5000, 16383]) {
        expect(e1[i]).toBeCloseTo(Math.exp(values[i]), 5);
        expect(half1[i]).toBeCloseTo(Math.exp(values[i]) / 2, 5);
        expect(e2[i]).toBeCloseTo(Math.exp(-values[i]), 5);
      }
      expect(await first.total.item()).toBeCloseTo(values.reduce((n, v) => n + Math.exp(v), 0), 0);
    }),
  );

  it(
    "random bits match the CPU backend exactly",
    gpu(async () => {
      const key = k.random.key(42);
      const gpuBits = Array.from(await k.random.randomBits(key, [1001]).data());
      const cpuBits = Array.from(k.withBackend("cpu", () => k.random.randomBits(key, [1001]).dataSync()));
      expect(gpuBits).toEqual(cpuBits);
      const gpuUniform = Array.from(await k.random.uniform(k.random.foldIn(key, 3), [257]).data());
      const cpuUniform = Array.from(k.withBackend("cpu", () => k.random.uniform(k.random.foldIn(key, 3), [257]).dataSync()));
      expect(gpuUniform).toEqual(cpuUniform);
    }),
  );
});

describe.runIf(hasWebGpu)("webgpu donation edge cases", () => {
  it(
    "a donated argument returned as a reshape of itself",
    gpu(async () => {
      const f = k.compile((x: Tensor, y: Tensor) => ({ r: x.reshape([32, 8]), z: y.mul(2) }), { donate: [0] });
      const values = Array.from({ length: 256 }, (_, i) => i);
      const x = await realizedOnGpu(k.fromArray(values, [16, 16]));
      const y = await realizedOnGpu(k.fromArray(values.map((v) => v / 2), [16, 16]));
      const out = f(x, y);
      expect(Array.from(await out.r.data())).toEqual(values);
      expect(Array.from(await out.z.data())).toEqual(values);
    }),
  );

  it(
    "donated leaves returned unchanged keep their values",
    gpu(async () => {
      const f = k.compile((s: { a: Tensor; b: Tensor }) => ({ a: s.a, b: s.b.add(1) }), { donate: [0] });
      const state = { a: k.tensor([1, 2, 3]), b: k.tensor([10, 20, 30]) };
      await state.a.add(0).data();
      const out = f({ a: await realizedOnGpu(state.a), b: await realizedOnGpu(state.b) });
      expect(Array.from(await out.a.data())).toEqual([1, 2, 3]);
      expect(Array.from(await out.b.data())).toEqual([11, 21, 31]);
    }),
  );

  it(
    "GPU argument of a CPU compiled function",
    gpu(async () => {
      const onGpu = await realizedOnGpu(k.tensor([1, 2, 3]));
      const f = k.compile((x: Tensor) => x.mul(2), { backend: "cpu" });
      expect(() => f(onGpu)).toThrow(
        /^compile: Tensor\(f32\[3\], .*\) lives on backend "webgpu", which cannot be read synchronously, so it cannot be an argument of a function compiled for backend "cpu"\. Compile for "webgpu", or copy the tensor first with fromArray\(await t\.data\(\), t\.shape, t\.dtype\)$/,
      );
      // The copy the message suggests works.
      const host = await onGpu.data();
      const moved = k.withBackend("cpu", () => k.fromArray(host, onGpu.shape as number[], onGpu.dtype));
      expect(Array.from(await f(moved).data())).toEqual([2, 4, 6]);
    }),
  );
});

/** A copy of `t` whose buffer lives on the GPU. */
async function realizedOnGpu(t: Tensor): Promise<Tensor> {
  const copy = k.compile((x: Tensor) => x.add(0))(t);
  await copy.data();
  return copy;
}

describe.runIf(hasWebGpu)("webgpu executable cache", () => {
  it(
    "compiled functions survive many eager programs",
    gpu(async () => {
      const double = k.compile((x: Tensor) => x.mul(2).sum());
      const input = k.ones([2, 4]);
      expect(await double(input).item()).toBe(16);
      // More distinct one-off programs than the executable cache holds.
      for (let i = 0; i < 300; i++) await k.fromArray(new Float32Array(8).fill(i), [2, 4]).sum().item();
      expect(await double(input).item()).toBe(16);
    }),
    120_000,
  );
});
