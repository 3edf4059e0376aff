/**
 * Reductions over several axes with few outputs run as two kernels: the trailing reduced axes
 * first, with many outputs, then the rest. Values stay those of the float64 CPU backend, NaN,
 * infinities and exact integer sums included.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { Primitive, type Program, type Tensor } from "@kiln/tensor";
import { splitReductions, type WebGpuBackend } from "@kiln/webgpu";
import { hasWebGpu, webgpu } from "./gpu.js";

const trace = (fn: (...args: Tensor[]) => unknown, shapes: number[][]): Program => k.compile(fn).trace(...shapes.map((s) => k.zeros(s))).program;

const reductions = (program: Program) =>
  program.nodes.filter((t) => t.op === Primitive.ReduceSum || t.op === Primitive.ReduceMax || t.op === Primitive.ReduceProd);

describe("splitting reductions", () => {
  it("splits a loss mean into rows", () => {
    const split = splitReductions(trace((x) => x.square().mean(), [[1088, 64]]));
    const [first, second] = reductions(split);
    expect(first.inputs[0].shape).toEqual([1088, 64]);
    expect(first.attrsOf(Primitive.ReduceSum).axes).toEqual([1]);
    expect(first.shape).toEqual([1088]);
    expect(second.inputs[0]).toBe(first);
    expect(second.attrsOf(Primitive.ReduceSum).axes).toEqual([0]);
    expect(second.shape).toEqual([]);
  });

  it("reduces enough trailing axes first", () => {
    // [64, 8, 8] over every axis: axis 2 alone has 8 values, axes 1 and 2 have 64.
    const [first, second] = reductions(splitReductions(trace((x) => x.max(), [[64, 8, 8]])));
    expect(first.attrsOf(Primitive.ReduceMax).axes).toEqual([1, 2]);
    expect(second.attrsOf(Primitive.ReduceMax).axes).toEqual([0]);
  });

  it("keeps reductions not worth splitting", () => {
    for (const [fn, shape] of [
      [(x: Tensor) => x.sum(1), [1088, 64]],
      [(x: Tensor) => x.sum([1, 2]), [32, 64, 64]],
      [(x: Tensor) => x.sum(), [100000]],
      [(x: Tensor) => x.sum(), [8, 1000]],
    ] as const) {
      const program = trace(fn as (x: Tensor) => Tensor, [[...shape]]);
      expect(splitReductions(program)).toBe(program);
    }
  });

  it("rebuilds readers and outputs", () => {
    const fn = (x: Tensor) => {
      const total = x.sum();
      return [total, total.mul(2)];
    };
    const program = splitReductions(trace(fn, [[64, 64]]));
    expect(reductions(program)).toHaveLength(2);
    const second = reductions(program)[1];
    expect(program.outputs[0]).toBe(second);
    const mul = program.nodes.find((t) => t.op === Primitive.Mul);
    expect(mul?.inputs).toContain(second);
    expect(program.nodes.indexOf(second)).toBeLessThan(program.nodes.indexOf(mul as Tensor));
  });
});

describe.runIf(hasWebGpu)("split reductions on webgpu", () => {
  const run = async (fn: (x: Tensor) => Tensor, x: Tensor) => {
    const want = k.withBackend("cpu64", () => Array.from(fn(x).dataSync()));
    const compiled = k.compile(fn, { backend: "webgpu" });
    const got = Array.from(await compiled(x).data());
    return { want, got, compiled };
  };

  it("runs a loss mean as two kernels", async () => {
    const x = k.random.normal(k.random.key(5), [1088, 64]);
    const fn = (t: Tensor) => t.square().mean();
    const { want, got, compiled } = await run(fn, x);
    expect(Math.abs(got[0] - want[0])).toBeLessThanOrEqual(1e-5 * Math.abs(want[0]));
    const backend = (await webgpu()) as WebGpuBackend;
    const names = backend.executable(compiled.trace(x).program).kernels.map((kernel) => kernel.kernel.name);
    expect(names).toHaveLength(2);
  });

  it("keeps exact sums, NaN and infinities", async () => {
    const ones = k.ones([1024, 4096]);
    expect((await run((t) => t.sum(), ones)).got).toEqual([4194304]);
    const values = new Float32Array(64 * 64).map((_, i) => Math.sin(i) * 1000);
    values[777] = Infinity;
    const x = k.fromArray(values, [64, 64]);
    expect((await run((t) => t.max(), x)).got).toEqual([Infinity]);
    expect((await run((t) => t.neg().max(), x)).got).toEqual([Math.max(...Array.from(values, (v) => -v))]);
    values[100] = -Infinity;
    expect((await run((t) => t.sum(), k.fromArray(values, [64, 64]))).got).toEqual([NaN]);
    values[100] = NaN;
    values[777] = 5;
    expect((await run((t) => t.max(), k.fromArray(values, [64, 64]))).got).toEqual([NaN]);
  });

  it("keeps a product of many factors", async () => {
    const values = new Float32Array(32 * 32).fill(1);
    values[3] = 2;
    values[1000] = -0.5;
    const x = k.fromArray(values, [32, 32]);
    expect((await run((t) => t.prod(), x)).got).toEqual([-1]);
  });
});
