/**
 * Common-subexpression elimination before scheduling. Duplicates merge, small constants compare
 * by value (bit for bit), and inputs keep their identity. Compiled results stay those of the
 * float64 CPU backend.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { Primitive, type Program, type Tensor } from "@kiln/tensor";
import { eliminateCommonSubexpressions, lowerKernel, renderKernel, schedule, type WebGpuBackend } from "@kiln/webgpu";
import { hasWebGpu, webgpu } from "./gpu.js";

const trace = (fn: (...args: Tensor[]) => unknown, shapes: number[][]): Program => k.compile(fn).trace(...shapes.map((s) => k.zeros(s))).program;

const count = (program: Program, op: Primitive) => program.nodes.filter((t) => t.op === op).length;

describe("common-subexpression elimination", () => {
  it("merges a product built twice", () => {
    const program = trace((x) => x.mul(3).exp().add(x.mul(3).exp()), [[4]]);
    expect(count(program, Primitive.Exp)).toBe(2);
    const merged = eliminateCommonSubexpressions(program);
    expect(count(merged, Primitive.Exp)).toBe(1);
    expect(count(merged, Primitive.Mul)).toBe(1);
  });

  it("keeps the program when nothing repeats", () => {
    const program = trace((x, y) => x.add(y), [[3], [3]]);
    expect(eliminateCommonSubexpressions(program)).toBe(program);
  });

  it("never merges two inputs of one shape", () => {
    const program = trace((x, y) => x.exp().add(y.exp()), [[3], [3]]);
    const merged = eliminateCommonSubexpressions(program);
    expect(merged.inputs).toEqual(program.inputs);
    expect(count(merged, Primitive.Exp)).toBe(2);
  });

  it("compares small constants bit for bit", () => {
    const zeros = eliminateCommonSubexpressions(trace((x) => x.add(k.tensor(0)).mul(x.add(k.tensor(-0))), [[2]]));
    expect(count(zeros, Primitive.Add)).toBe(2);
    const nans = eliminateCommonSubexpressions(trace((x) => x.add(k.tensor(NaN)).mul(x.add(k.tensor(NaN))), [[2]]));
    expect(count(nans, Primitive.Add)).toBe(1);
  });

  it("drops autodiff's same-shape reshapes, except program outputs", () => {
    const loss = (w: Tensor, x: Tensor) => k.matmul(x, w as never).square().sum();
    const program = trace(k.grad(loss) as (...args: Tensor[]) => Tensor, [[8, 4], [2, 8]]);
    const sameShape = (p: Program) => p.nodes.filter((t) => t.op === Primitive.Reshape && t.inputs[0].shape.join() === t.shape.join()).length;
    expect(sameShape(program)).toBeGreaterThan(0);
    const merged = eliminateCommonSubexpressions(program);
    expect(sameShape(merged)).toBe(0);
    // The matmul reads the parameter itself.
    const dot = merged.nodes.find((t) => t.op === Primitive.Dot && t.inputs.includes(merged.inputs[0]));
    expect(dot).toBeDefined();
    // An output that reshapes an input to its own shape stays, so no output is an input.
    const base = trace((x) => x.exp(), [[2, 3]]);
    const input = base.inputs[0];
    const alias = new k.Tensor(Primitive.Reshape, [input], { shape: [2, 3] }, [2, 3], "f32");
    const aliasProgram = { ...base, nodes: [input, alias], outputs: [alias] };
    expect(eliminateCommonSubexpressions(aliasProgram).outputs[0]).toBe(alias);
  });

  it("drops identity arithmetic", () => {
    // x · 1, 1 · x, x / 1 and x − 0 all return x.
    const program = trace((x) => x.mul(1).exp().add(k.mul(1, x).exp()).sub(x.div(1).sub(0).log()), [[3]]);
    const merged = eliminateCommonSubexpressions(program);
    expect(count(merged, Primitive.Mul) + count(merged, Primitive.Div)).toBe(0);
    expect(count(merged, Primitive.Sub)).toBe(1);
    expect(count(merged, Primitive.Exp)).toBe(1);
    const log = merged.nodes.find((t) => t.op === Primitive.Log);
    expect(log?.inputs[0]).toBe(merged.inputs[0]);
  });

  it("keeps non-identity arithmetic", () => {
    // −0 + 0 is +0, and −0 − (−0) is +0: neither returns x for every x.
    const signedZeros = eliminateCommonSubexpressions(trace((x) => [x.add(0), x.sub(k.tensor(-0))], [[2]]));
    expect(count(signedZeros, Primitive.Add) + count(signedZeros, Primitive.Sub)).toBe(2);
    // 1 − x and 2 · x are not x.
    const others = eliminateCommonSubexpressions(trace((x) => k.sub(1, x).mul(2), [[2]]));
    expect(count(others, Primitive.Sub) + count(others, Primitive.Mul)).toBe(2);
    // A constant with one element other than 1 stays, and so does a program output.
    const mixed = eliminateCommonSubexpressions(trace((x) => x.mul(k.tensor([1, 2, 1])).exp(), [[3]]));
    expect(count(mixed, Primitive.Mul)).toBe(1);
    const output = eliminateCommonSubexpressions(trace((x) => x.mul(1), [[2]]));
    expect(output.outputs[0].op).toBe(Primitive.Mul);
  });

  it("merges outputs that compute the same value", () => {
    const program = trace((x) => [x.mul(2), x.mul(2)], [[2]]);
    const merged = eliminateCommonSubexpressions(program);
    expect(merged.outputs[0]).toBe(merged.outputs[1]);
  });
});

describe.runIf(hasWebGpu)("common-subexpression elimination on webgpu", () => {
  it("keeps results and output order", async () => {
    const fn = (x: Tensor, y: Tensor) => [x.mul(2).add(y), x.mul(2), y.mul(2).add(x)];
    const x = k.tensor([1, -2, 3]);
    const y = k.tensor([0.5, 4, -1]);
    // The CPU reference first: after the compiled call the arguments live on the GPU.
    const want = k.withBackend("cpu64", () => fn(x, y).map((t) => Array.from(t.dataSync())));
    const got = await Promise.all(k.compile(fn, { backend: "webgpu" })(x, y).map((t) => t.data()));
    expect(got.map((a) => Array.from(a))).toEqual(want);
  });

  it("identities keep values bit-exact", async () => {
    const fn = (x: Tensor) => [x.mul(1).abs(), k.mul(1, x).div(1).sub(0).neg()];
    const x = k.tensor([0, -0, 1.5, -2, Infinity, -Infinity, NaN]);
    const want = k.withBackend("cpu64", () => fn(x).map((t) => Array.from(t.dataSync())));
    const got = await Promise.all(k.compile(fn, { backend: "webgpu" })(x).map((t) => t.data()));
    expect(got.map((a) => Array.from(a))).toEqual(want);
    // The second output is −x: +0 becomes −0 and −0 becomes +0.
    expect(Object.is(got[1][0], -0)).toBe(true);
    expect(Object.is(got[1][1], 0)).toBe(true);
  });

  it("GELU gradient evaluates erf once", async () => {
    // The forward pass evaluates erf once. Autodiff builds g · gelu'(h) twice, once for the
    // input gradient and once for the bias gradient. After merging, both read one stored value
    // instead of each recomputing erf.
    const loss = (w1: Tensor, b1: Tensor, w2: Tensor, x: Tensor) => k.matmul(k.gelu(k.matmul(x, w1 as never).add(b1)), w2 as never).square().sum();
    const grad = k.grad(loss, { argnums: [0, 1] });
    const x = k.random.normal(k.random.key(1), [24, 64]);
    const w = k.random.normal(k.random.key(2), [64, 32]);
    const b = k.random.normal(k.random.key(3), [32]);
    const w2 = k.random.normal(k.random.key(4), [32, 8]);
    const [ww, wb] = k.withBackend("cpu64", () => grad(w, b, w2, x).map((t) => t.dataSync()));
    const compiled = k.compile(grad, { backend: "webgpu" });
    const [gw, gb] = compiled(w, b, w2, x);
    const close = (got: ArrayLike<number>, want: ArrayLike<number>) => {
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(want[i])));
    };
    close(await gw.data(), ww);
    close(await gb.data(), wb);
    // Kernels that evaluate erf: scheduled from the traced program, and as the executable
    // compiles it (merged first).
    const traced = compiled.trace(w, b, w2, x).program;
    const plan = schedule(traced);
    const erfKernels = (sources: string[]) => sources.filter((wgsl) => wgsl.includes("kiln_erf(")).length;
    const before = erfKernels(plan.kernels.map((kernel) => renderKernel(lowerKernel(kernel, plan.materialized).kernel)));
    const backend = (await webgpu()) as WebGpuBackend;
    const after = erfKernels(backend.executable(traced).kernels.map((kernel) => kernel.wgsl));
    // The forward kernel and one backward kernel. (Without merging, how many more recompute erf
    // depends on what the scheduler chooses to store.)
    expect(after).toBe(2);
    expect(before).toBeGreaterThanOrEqual(after);
  });
});
