/**
 * Epilogues with several roots: a gradient's kernel (a matmul or a reduction) also writes the
 * optimiser's moments and the parameter they update. The plans are checked without a GPU; the
 * values on WebGPU against the float64 CPU backend.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { Primitive, type Tensor } from "@kiln/tensor";
import { lowerKernel, schedule, type KernelPlan } from "@kiln/webgpu";
import { hasWebGpu } from "./gpu.js";
import { hostValues } from "./host-values.js";

/** Computes Adam's update of one parameter from its gradient, without bias correction. */
function adam(p: Tensor, g: Tensor, m: Tensor, v: Tensor): [Tensor, Tensor, Tensor] {
  const m1 = m.mul(0.9).add(g.mul(0.1));
  const v1 = v.mul(0.99).add(g.square().mul(0.01));
  return [p.sub(m1.div(v1.sqrt().add(1e-8)).mul(0.01)), m1, v1];
}

/** Runs one Adam step of a linear layer with a squared loss: new weight, bias and moments. */
function step(x: Tensor, w: Tensor, b: Tensor, mw: Tensor, vw: Tensor, mb: Tensor, vb: Tensor): Tensor[] {
  const [, [gw, gb]] = k.valueAndGrad((w1: Tensor, b1: Tensor) => k.matmul(x, w1 as never).add(b1).square().sum(), { argnums: [0, 1] })(w, b) as unknown as [
    Tensor,
    [Tensor, Tensor],
  ];
  return [...adam(w, gw, mw, vw), ...adam(b, gb, mb, vb)];
}

const SHAPES = [[32, 8], [8, 4], [4], [8, 4], [8, 4], [4], [4]];

/** The arguments of `step`. */
type StepArgs = [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
const stepArgs = (tensors: Tensor[]) => tensors as unknown as StepArgs;

/** Returns host arguments of `step`, with positive second moments. */
function hostArgs(): Float32Array[] {
  return SHAPES.map((shape, i) => hostValues(shape.reduce((a, d) => a * d, 1), i + 1, i === 4 || i === 6 ? 0.1 : -2));
}

const writes = (plan: KernelPlan) => [plan.root, ...(plan.siblings ?? [])];

describe("epilogues with several roots", () => {
  const program = k.compile(step).trace(...stepArgs(SHAPES.map((shape) => k.zeros(shape)))).program;
  const sched = schedule(program, new Set(), 16);

  it("matmul writes weight and moments", () => {
    const plan = sched.kernels.find((p) => p.core?.op === Primitive.Dot && p.core.shape.join() === "8,4");
    expect(plan).toBeDefined();
    const outputs = new Set(program.outputs.slice(0, 3));
    expect(writes(plan!).length).toBe(3);
    for (const t of writes(plan!)) expect(outputs.has(t)).toBe(true);
  });

  it("bias reduction writes bias and moments", () => {
    const plan = sched.kernels.find((p) => p.core?.op === Primitive.ReduceSum && p.core.shape.join() === "4");
    expect(plan).toBeDefined();
    const outputs = new Set(program.outputs.slice(3));
    expect(writes(plan!).length).toBe(3);
    for (const t of writes(plan!)) expect(outputs.has(t)).toBe(true);
  });

  it("no separate update kernels", () => {
    // Every output comes from the kernel of a gradient: the weight's matmul or the bias's sum.
    for (const output of program.outputs) {
      const plan = sched.kernels.find((p) => writes(p).includes(output));
      expect(plan?.core).toBeTruthy();
    }
  });

  it("binding cap limits the roots", () => {
    const capped = schedule(program, new Set(), 8);
    const plan = capped.kernels.find((p) => p.core?.op === Primitive.Dot && p.core.shape.join() === "8,4");
    expect(writes(plan!).length).toBeLessThan(3);
    for (const p of capped.kernels) expect(lowerKernel(p, capped.materialized).kernel.bindings.length).toBeLessThanOrEqual(8);
  });

  it("a root read earlier stays separate", () => {
    // s reads m1 and runs before p1, so one kernel at p1's place would write m1 too late.
    const f = (a: Tensor, c: Tensor, m: Tensor, p: Tensor) => {
      const m1 = m.mul(0.9).add(k.matmul(a, c as never));
      const s = k.sum(m1);
      return [m1, s, p.sub(m1.mul(s))];
    };
    const traced = k.compile(f).trace(k.zeros([4, 8]), k.zeros([8, 4]), k.zeros([4, 4]), k.zeros([4, 4])).program;
    const plan = schedule(traced, new Set(), 16).kernels.find((p) => p.core?.op === Primitive.Dot);
    expect(writes(plan!)).toEqual([traced.outputs[0]]);
  });

  it("a root read at other elements stays separate", () => {
    const f = (a: Tensor, c: Tensor, m: Tensor, p: Tensor) => {
      const m1 = m.mul(0.9).add(k.matmul(a, c as never));
      // p1 reads m1 at its own element, and flipped.
      return [m1, p.sub(m1).sub(k.flip(m1, [0]))];
    };
    const traced = k.compile(f).trace(k.zeros([4, 8]), k.zeros([8, 4]), k.zeros([4, 4]), k.zeros([4, 4])).program;
    const plan = schedule(traced, new Set(), 16).kernels.find((p) => p.core?.op === Primitive.Dot);
    expect(writes(plan!)).toEqual([traced.outputs[0]]);
  });

  it("stored pre-activation joins its activation", () => {
    const traced = k.compile(mlp).trace(k.zeros([16, 8]), k.zeros([8, 12]), k.zeros([12]), k.zeros([12, 8]), k.zeros([8, 12])).program;
    const plans = schedule(traced, new Set(), 16).kernels;
    // h is read again by the last product's epilogue, so its kernel stores it, and writes the
    // GELU that the next product reads.
    expect(plans.length).toBe(3);
    const first = plans[0];
    expect(first.core?.op).toBe(Primitive.Dot);
    expect(writes(first)).toContain(first.core);
    expect(writes(first).length).toBe(2);
  });
});

/** Builds an MLP-shaped graph whose pre-activation h is read again after the next product. */
function mlp(x: Tensor, w: Tensor, b: Tensor, w2: Tensor, w3: Tensor): Tensor[] {
  const h = k.matmul(x, w as never);
  const y = k.matmul(k.gelu(h.add(b)), w2 as never);
  return [y, k.matmul(y, w3 as never).mul(h)];
}

describe.runIf(hasWebGpu)("epilogues with several roots on WebGPU", () => {
  it("two donated Adam steps match float64", async () => {
    const host = hostArgs();
    const compiled = k.compile(step, { backend: "webgpu", donate: [1, 2, 3, 4, 5, 6] });
    const args: Tensor[] = host.map((data, i) => k.withBackend("webgpu", () => k.fromArray(data, SHAPES[i])));
    let state = args.slice(1);
    for (let i = 0; i < 2; i++) {
      const [w, mw, vw, b, mb, vb] = compiled(...stepArgs([args[0], ...state]));
      state = [w, b, mw, vw, mb, vb];
    }
    const got = await Promise.all(state.map(async (t) => Array.from(await t.data())));
    const want = k.withBackend("cpu64", () => {
      const x = k.fromArray(host[0], SHAPES[0]);
      let s: Tensor[] = host.slice(1).map((data, i) => k.fromArray(data, SHAPES[i + 1]));
      for (let i = 0; i < 2; i++) {
        const [w, mw, vw, b, mb, vb] = step(...stepArgs([x, ...s]));
        s = [w, b, mw, vw, mb, vb];
      }
      return s.map((t) => Array.from(t.dataSync()));
    });
    for (let t = 0; t < want.length; t++) {
      for (let i = 0; i < want[t].length; i++) expect(Math.abs(got[t][i] - want[t][i]), `tensor ${t} [${i}]`).toBeLessThan(1e-4 * (1 + Math.abs(want[t][i])));
    }
  });

  it("stored pre-activation keeps its values", async () => {
    const shapes = [[16, 8], [8, 12], [12], [12, 8], [8, 12]];
    const host = shapes.map((shape, i) => hostValues(shape.reduce((a, d) => a * d, 1), 20 + i));
    const args = (backend: string) => k.withBackend(backend, () => host.map((d, i) => k.fromArray(d, shapes[i]))) as unknown as [Tensor, Tensor, Tensor, Tensor, Tensor];
    const got = await Promise.all(k.compile(mlp, { backend: "webgpu" })(...args("webgpu")).map(async (t) => Array.from(await t.data())));
    const want = k.withBackend("cpu64", () => mlp(...args("cpu64")).map((t) => Array.from(t.dataSync())));
    for (let t = 0; t < want.length; t++) {
      for (let i = 0; i < want[t].length; i++) expect(Math.abs(got[t][i] - want[t][i]), `output ${t} [${i}]`).toBeLessThan(1e-4 * (1 + Math.abs(want[t][i])));
    }
  });

  it("separate roots keep their values", async () => {
    const f = (a: Tensor, c: Tensor, m: Tensor, p: Tensor) => {
      const m1 = m.mul(0.9).add(k.matmul(a, c as never));
      const s = k.sum(m1);
      return [m1, s, p.sub(m1.mul(s)), p.sub(m1).sub(k.flip(m1, [0]))];
    };
    const shapes = [[4, 8], [8, 4], [4, 4], [4, 4]];
    const host = shapes.map((shape, i) => hostValues(shape[0] * shape[1], 10 + i));
    const args = (backend: string) => k.withBackend(backend, () => host.map((d, i) => k.fromArray(d, shapes[i]))) as unknown as [Tensor, Tensor, Tensor, Tensor];
    const got = await Promise.all(k.compile(f, { backend: "webgpu" })(...args("webgpu")).map(async (t) => Array.from(await t.data())));
    const want = k.withBackend("cpu64", () => f(...args("cpu64")).map((t) => Array.from(t.dataSync())));
    for (let t = 0; t < want.length; t++) {
      for (let i = 0; i < want[t].length; i++) expect(Math.abs(got[t][i] - want[t][i]), `output ${t} [${i}]`).toBeLessThan(1e-4 * (1 + Math.abs(want[t][i])));
    }
  });
});
