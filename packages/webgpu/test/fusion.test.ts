/**
 * Scheduling of the reductions in a training step: forward row groups that the backward pass
 * also reads, and column reductions (bias gradients). The plans are checked without a GPU; the
 * values on WebGPU against the float64 CPU backend.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { Primitive, type Tensor } from "@kiln/tensor";
import { DEFAULT_LOWER_OPTIONS, eliminateCommonSubexpressions, lowerKernel, parseMatmulVariantName, schedule, type Stmt } from "@kiln/webgpu";
import { hasWebGpu, webgpu } from "./gpu.js";
import { hostValues } from "./host-values.js";

const layerNorm = (x: Tensor) => {
  const centered = x.sub(k.mean(x, -1, { keepdims: true }));
  const variance = k.mean(centered.mul(centered), -1, { keepdims: true });
  return centered.mul(k.rsqrt(variance.add(1e-5)));
};

/** Loss of a layer norm followed by a softmax, and its gradient with respect to both inputs. */
const step = (x: Tensor, w: Tensor) => k.valueAndGrad((a: Tensor, b: Tensor) => k.matmul(k.softmax(layerNorm(a).mul(b), -1), k.transpose(b) as never).sum(), { argnums: [0, 1] })(x, w);

/** Returns the gradients of a scaled layer norm's sum with respect to its input and scale. */
const layerNormGrad = (x: Tensor, w: Tensor) => k.grad((a: Tensor, b: Tensor) => layerNorm(a).mul(b).sum(), { argnums: [0, 1] })(x, w);

const isReduction = (t: Tensor) => t.op === Primitive.ReduceSum || t.op === Primitive.ReduceMax;

describe("row groups read by the backward pass", () => {
  it("write their reductions from the row kernel instead of separate kernels", () => {
    const program = eliminateCommonSubexpressions(k.compile(step).trace(k.zeros([6, 10]), k.zeros([6, 10])).program);
    const sched = schedule(program);
    const grouped = sched.kernels.filter((plan) => plan.rows && plan.rows.stored.length > 0);
    // The forward pass is one row kernel: the layer norm's mean and variance, then the
    // softmax's maximum and sum. The backward pass reads the layer norm's two again, but not
    // the softmax's, because the softmax gradient reads the softmax's output.
    const forward = sched.kernels[0];
    expect(forward.rows?.reductions.length).toBe(4);
    expect(forward.rows?.stored.map((q) => q.op)).toEqual([Primitive.ReduceSum, Primitive.ReduceSum]);
    // The backward pass's softmax sum Σ g·y is read by the layer norm's gradient too.
    expect(grouped.length).toBe(2);
    const stored = new Set(grouped.flatMap((plan) => plan.rows!.stored));
    expect(stored.size).toBe(3);
    // No kernel of its own computes a reduction that a row kernel writes.
    for (const plan of sched.kernels) expect(stored.has(plan.root)).toBe(false);
    // Every stored reduction is read by a later kernel.
    const index = new Map(sched.kernels.map((plan, i) => [plan, i]));
    for (const plan of grouped) {
      const readers = sched.kernels.filter((other) => {
        const lowered = lowerKernel(other, sched.materialized, DEFAULT_LOWER_OPTIONS);
        return other !== plan && lowered.nodes.some((n) => plan.rows!.stored.includes(n));
      });
      expect(readers.length).toBeGreaterThan(0);
      for (const reader of readers) expect(index.get(reader)!).toBeGreaterThan(index.get(plan)!);
    }
  });

  it("take the layer-norm gradient's row sums", () => {
    // x̂ feeds both the input gradient and the scale gradient. Its broadcast of the forward
    // statistics is read before the backward row kernel, which does not stop the grouping.
    const program = eliminateCommonSubexpressions(k.compile(layerNormGrad).trace(k.zeros([32, 64]), k.zeros([64])).program);
    const kernels = schedule(program).kernels;
    expect(kernels.length).toBe(3);
    expect(kernels[1].rows?.reductions.length).toBe(1);
    expect(kernels.some((plan) => plan.core?.op === Primitive.ReduceSum && plan.core.shape.join() === "32")).toBe(false);
  });

  it("keep a forward-only softmax to one kernel with nothing stored", () => {
    const program = eliminateCommonSubexpressions(k.compile((x: Tensor) => k.softmax(x, -1)).trace(k.zeros([4, 7])).program);
    const sched = schedule(program);
    expect(sched.kernels.length).toBe(1);
    expect(sched.kernels[0].rows?.stored).toEqual([]);
  });
});

describe("column reductions", () => {
  it("loop without workgroup memory", () => {
    // One invocation per 4 columns (see column-reduce-vector.test.ts), or per column when the
    // last axis is not a multiple of 4.
    for (const [columns, perInvocation] of [[256, 4], [258, 1]]) {
      const program = k.compile((g: Tensor) => k.sum(g, 0)).trace(k.zeros([1088, columns])).program;
      const sched = schedule(program);
      expect(sched.kernels.length).toBe(1);
      const lowered = lowerKernel(sched.kernels[0], sched.materialized, DEFAULT_LOWER_OPTIONS);
      expect(lowered.kernel.shared).toEqual([]);
      expect(lowered.kernel.workgroups * lowered.kernel.workgroupSize).toBeGreaterThanOrEqual(columns / perInvocation);
    }
  });

  it("still reduce a long last axis with a whole workgroup", () => {
    const program = k.compile((g: Tensor) => k.sum(g, -1)).trace(k.zeros([4, 4096])).program;
    const sched = schedule(program);
    const lowered = lowerKernel(sched.kernels[0], sched.materialized, DEFAULT_LOWER_OPTIONS);
    expect(lowered.kernel.shared.length).toBe(1);
  });
});

/**
 * Index of the top-level statement `if (count <= wid) { return; }` in a kernel body, or -1. A
 * grid of more than 65,535 workgroups is split across x and y and rounded up to whole rows of x,
 * so a kernel with a workgroup per output must return from the workgroups past the last one.
 * Their stores would be out of bounds, and WGSL lets an implementation redirect such a store to
 * any location in the same buffer (Dawn on lavapipe drops them).
 */
function workgroupGuardIndex(body: readonly Stmt[], count: number): number {
  return body.findIndex(
    (s) =>
      s.k === "if" &&
      s.cond.k === "binary" &&
      s.cond.op === "le" &&
      s.cond.a.k === "const" &&
      s.cond.a.value === count &&
      s.cond.b.k === "var" &&
      s.cond.b.name === "wid" &&
      s.then.length === 1 &&
      s.then[0].k === "return",
  );
}

describe("workgroup-per-output kernels on a split grid", () => {
  const cases: { name: string; fn: (x: Tensor) => Tensor; shape: number[]; outputs: number }[] = [
    { name: "long rows of a softmax", fn: (x) => k.softmax(x, -1), shape: [70_000, 300], outputs: 70_000 },
    { name: "a long sum of the last axis", fn: (x) => k.sum(x, -1), shape: [70_000, 4096], outputs: 70_000 },
  ];
  for (const { name, fn, shape, outputs } of cases) {
    it(`return past the last output: ${name}`, () => {
      const program = eliminateCommonSubexpressions(k.compile(fn).trace(k.zeros(shape)).program);
      const sched = schedule(program);
      expect(sched.kernels.length).toBe(1);
      const { kernel } = lowerKernel(sched.kernels[0], sched.materialized, DEFAULT_LOWER_OPTIONS);
      expect(kernel.workgroups).toBe(outputs);
      const guard = workgroupGuardIndex(kernel.body, outputs);
      expect(guard).toBeGreaterThanOrEqual(0);
      const firstBarrier = kernel.body.findIndex((s) => s.k === "barrier");
      expect(firstBarrier).toBeGreaterThan(guard);
    });
  }
});

/** Runs one SGD step of a linear layer, whose bias gradient is a column sum, reshaped, then applied. */
const sgd = (x: Tensor, w: Tensor, b: Tensor) => {
  const [, [gw, gb]] = k.valueAndGrad((w2: Tensor, b2: Tensor) => k.matmul(x, w2 as never).add(b2).square().sum(), { argnums: [0, 1] })(w, b) as unknown as [Tensor, [Tensor, Tensor]];
  return [w.sub(gw.mul(0.01)), b.sub(gb.mul(0.01))] as const;
};

describe("column sums in matmul kernels", () => {
  it("bias gradients join weight-gradient matmuls", () => {
    const traced = k.compile(sgd).trace(k.zeros([70, 20]), k.zeros([20, 36]), k.zeros([36])).program;
    const sched = schedule(eliminateCommonSubexpressions(traced), new Set(), 16);
    const weights = sched.kernels.find((plan) => plan.columnSums);
    expect(weights?.core?.op).toBe(Primitive.Dot);
    expect(weights?.columnSums?.root.op).toBe(Primitive.Sub);
    expect(weights?.columnSums?.root.shape).toEqual([36]);
    expect(sched.kernels.some((plan) => plan.core?.op === Primitive.ReduceSum)).toBe(false);
  });

  it("momentum bias gradients join too", () => {
    // The weight's momentum update runs between the weight gradient and the bias gradient.
    const momentum = (x: Tensor, w: Tensor, b: Tensor, mw: Tensor, mb: Tensor) => {
      const [, [gw, gb]] = k.valueAndGrad((w2: Tensor, b2: Tensor) => k.matmul(x, w2 as never).add(b2).square().sum(), { argnums: [0, 1] })(w, b) as unknown as [Tensor, [Tensor, Tensor]];
      const [mw2, mb2] = [mw.mul(0.9).add(gw), mb.mul(0.9).add(gb)];
      return [w.sub(mw2.mul(0.01)), b.sub(mb2.mul(0.01)), mw2, mb2];
    };
    const traced = k.compile(momentum).trace(k.zeros([70, 20]), k.zeros([20, 36]), k.zeros([36]), k.zeros([20, 36]), k.zeros([36])).program;
    const sched = schedule(eliminateCommonSubexpressions(traced), new Set(), 16);
    expect(sched.kernels.some((plan) => plan.columnSums)).toBe(true);
    expect(sched.kernels.some((plan) => plan.core?.op === Primitive.ReduceSum && plan.core.shape.join() === "36")).toBe(false);
  });

  it("a sum of the product stays apart", () => {
    const fn = (x: Tensor, w: Tensor) => k.matmul(x, w as never).sum(0);
    const sched = schedule(k.compile(fn).trace(k.zeros([70, 20]), k.zeros([20, 36])).program);
    expect(sched.kernels.some((plan) => plan.columnSums)).toBe(false);
  });
});

describe("reduction epilogues", () => {
  it("apply a reshaped bias gradient in the kernel that sums it", () => {
    const program = k.compile(sgd).trace(k.zeros([32, 8]), k.zeros([8, 4]), k.zeros([4])).program;
    const sched = schedule(program);
    const update = sched.kernels.find((plan) => plan.core?.op === Primitive.ReduceSum);
    expect(update?.root.op).toBe(Primitive.Sub);
    expect(update?.root.shape).toEqual([4]);
    expect(sched.kernels.some((plan) => plan.root.op === Primitive.ReduceSum)).toBe(false);
  });

  it("matmul epilogues follow reshapes of the product", () => {
    const program = k.compile((a: Tensor, c: Tensor) => k.matmul(a, c as never).reshape([12]).mul(2)).trace(k.zeros([3, 5]), k.zeros([5, 4])).program;
    const sched = schedule(program);
    expect(sched.kernels.map((plan) => [plan.root.op, plan.core?.op])).toEqual([[Primitive.Mul, Primitive.Dot]]);
    // A projection of the tokens of [B, S, D], with bias, residual and activation on [B, S, N].
    const layer = (x: Tensor, w: Tensor, bias: Tensor, residual: Tensor) => k.gelu(k.matmul(x.reshape([34, 64]), w as never).add(bias).reshape([2, 17, 128]).add(residual));
    const traced = k.compile(layer).trace(k.zeros([2, 17, 64]), k.zeros([64, 128]), k.zeros([128]), k.zeros([2, 17, 128])).program;
    expect(schedule(traced).kernels.map((plan) => plan.core?.op)).toEqual([Primitive.Dot]);
  });

  it("matmul epilogues merge attention heads", () => {
    const program = k.compile(mergedHeads).trace(...mergedHeadsArgs()).program;
    expect(schedule(program).kernels.map((plan) => [plan.root.op, plan.core?.op])).toEqual([[Primitive.Add, Primitive.Dot]]);
  });

  it("different reshapes still fuse", () => {
    // Reshapes keep the flat index, so two reshape paths to the product agree.
    const fn = (a: Tensor, c: Tensor) => {
      const product = k.matmul(a, c as never);
      return product.reshape([12]).add(product.reshape([2, 6]).reshape([12]));
    };
    const sched = schedule(k.compile(fn).trace(k.zeros([3, 5]), k.zeros([5, 4])).program);
    expect(sched.kernels.map((plan) => [plan.root.op, plan.core?.op])).toEqual([[Primitive.Add, Primitive.Dot]]);
  });

  it("mixed views keep the product stored", () => {
    // The product read as itself and transposed: no single element to write per accumulator.
    const program = k.compile(twoLayouts).trace(k.zeros([2, 4, 4, 8]), k.zeros([2, 4, 8, 4])).program;
    const kernels = schedule(program).kernels;
    expect(kernels.map((plan) => plan.root.op)).toEqual([Primitive.Dot, Primitive.Add]);
  });

  it("a permuted sum keeps its own kernel", () => {
    const program = k.compile((x: Tensor) => k.transpose(x.sum(0)).mul(2)).trace(k.zeros([8, 3, 5])).program;
    expect(schedule(program).kernels.map((plan) => plan.root.op)).toEqual([Primitive.ReduceSum, Primitive.Mul]);
  });
});

/** Computes attention's weighted values, merges the heads back to [B·S, H·D], scales them and adds a residual. */
const mergedHeads = (weights: Tensor, values: Tensor, residual: Tensor) =>
  k.transpose(k.matmul(weights, values as never), [0, 2, 1, 3]).reshape([34, 64]).mul(0.5).add(residual);
const mergedHeadsArgs = (): [Tensor, Tensor, Tensor] => [k.zeros([2, 4, 17, 17]), k.zeros([2, 4, 17, 16]), k.zeros([34, 64])];

/** Adds a product to its own transpose over two axes of equal length. */
const twoLayouts = (a: Tensor, b: Tensor) => {
  const product = k.matmul(a, b as never);
  return k.transpose(product, [0, 2, 1, 3]).add(product);
};

const cpu64 = <T>(fn: () => T) => k.withBackend("cpu64", fn);

describe("transposed matmul operands", () => {
  const plan = (rows: number) => {
    const program = k.compile((g: Tensor, w: Tensor) => k.matmul(g, k.transpose(w) as never)).trace(k.zeros([rows, 16]), k.zeros([32, 16])).program;
    return schedule(program).kernels.map((kernel) => kernel.root.op);
  };

  it("copied for many row blocks", () => {
    expect(plan(128)).toEqual([Primitive.Permute, Primitive.Dot]);
  });

  it("read in place for few rows", () => {
    expect(plan(8)).toEqual([Primitive.Dot]);
  });
});

describe("tall narrow matmuls", () => {
  const variant = parseMatmulVariantName("rows-8x16-w16-adj-k1-vb")!;
  const kernelName = (m: number) => {
    const program = k.compile((a: Tensor, b: Tensor) => k.matmul(a, b as never)).trace(k.zeros([m, 64]), k.zeros([64, 64])).program;
    const sched = schedule(program);
    return lowerKernel(sched.kernels[0], sched.materialized, { ...DEFAULT_LOWER_OPTIONS, matmulVariant: variant }).kernel.name;
  };

  it("move the register block from the 64 columns to the rows", () => {
    expect(kernelName(1088)).toMatch(/_16x8_/);
  });

  it("keep short matrices to the narrowed block", () => {
    expect(kernelName(64)).toMatch(/_8x8_/);
  });
});

describe.runIf(hasWebGpu)("permuted matmul epilogues on webgpu", () => {
  const check = async (fn: (...args: Tensor[]) => Tensor, shapes: number[][]) => {
    const args = shapes.map((shape, i) => k.fromArray(hostValues(shape.reduce((n, d) => n * d, 1), 40 + i), shape));
    const want = cpu64(() => Array.from(fn(...args).dataSync()));
    const got = Array.from(await k.compile(fn, { backend: "webgpu" })(...args).data());
    expect(got.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-4 * (1 + Math.abs(want[i])));
  };

  it("merged heads match float64", async () => {
    await check(mergedHeads, mergedHeadsArgs().map((t) => t.shape as number[]));
  });

  it("two layouts of one product match float64", async () => {
    await check(twoLayouts, [[2, 4, 4, 8], [2, 4, 8, 4]]);
  });

  it("square product transposed matches float64", async () => {
    // The permutation keeps the product's shape, yet moves each element.
    await check((a: Tensor, b: Tensor) => k.transpose(k.matmul(a, b as never)).mul(2), [[2, 1], [1, 2]]);
    await check((a: Tensor, b: Tensor) => k.transpose(k.matmul(a, b as never), [0, 2, 1]).mul(0.5), [[3, 3, 1], [3, 1, 3]]);
  });

  it("merged heads of a large block match float64", async () => {
    // 16 × 16 register blocks with the looped epilogue, and a reshape before the permutation.
    const fn = (a: Tensor, b: Tensor) => k.transpose(k.matmul(a, b as never).reshape([2, 64, 3, 64]), [0, 2, 1, 3]).mul(-1);
    await check(fn, [[128, 64], [64, 192]]);
  });
});

describe.runIf(hasWebGpu)("fused reductions on webgpu", () => {
  it("a tall narrow matmul (1088 × 64 · 64 × 64) matches float64", async () => {
    const [a, b] = [hostValues(1088 * 64, 12), hostValues(64 * 64, 13)];
    const product = (x: Tensor, y: Tensor) => k.matmul(x, y as never);
    k.setDefaultBackend("webgpu");
    try {
      const got = await k.compile(product)(k.fromArray(a, [1088, 64]), k.fromArray(b, [64, 64])).data();
      const want = cpu64(() => product(k.fromArray(a, [1088, 64]), k.fromArray(b, [64, 64])).dataSync());
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-4 * (1 + Math.abs(want[i])));
    } finally {
      k.setDefaultBackend("cpu");
    }
  });

  it("g · wᵀ through a copied transpose matches float64", async () => {
    const [g, w] = [hostValues(128 * 16, 6), hostValues(32 * 16, 7)];
    const product = (a: Tensor, b: Tensor) => k.matmul(a, k.transpose(b) as never);
    k.setDefaultBackend("webgpu");
    try {
      const got = Array.from(await k.compile(product)(k.fromArray(g, [128, 16]), k.fromArray(w, [32, 16])).data());
      const want = cpu64(() => Array.from(product(k.fromArray(g, [128, 16]), k.fromArray(w, [32, 16])).dataSync()));
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 4);
    } finally {
      k.setDefaultBackend("cpu");
    }
  });

  it("ragged SGD steps with column sums match float64", async () => {
    // Shapes that fill no register block, and a bias of shape [1, 36].
    const rowBias = (x: Tensor, w: Tensor, b: Tensor) => {
      const [, [gw, gb]] = k.valueAndGrad((w2: Tensor, b2: Tensor) => k.gelu(k.matmul(x, w2 as never).add(b2)).sum(), { argnums: [0, 1] })(w, b) as unknown as [Tensor, [Tensor, Tensor]];
      return [w.sub(gw.mul(0.01)), b.sub(gb.mul(0.01))] as const;
    };
    const plainSum = (x: Tensor, w: Tensor) => [k.matmul(x, w as never), w.sum(0)] as const;
    const cases: [(...args: Tensor[]) => readonly Tensor[], number[][]][] = [
      [sgd, [[70, 20], [20, 36], [36]]],
      [rowBias, [[70, 20], [20, 36], [1, 36]]],
      [rowBias, [[1088, 64], [64, 64], [1, 64]]],
      [plainSum, [[33, 130], [130, 70]]],
    ];
    for (const [fn, shapes] of cases) {
      const args = shapes.map((shape, i) => k.fromArray(hostValues(shape.reduce((n, d) => n * d, 1), 20 + i), shape));
      const want = cpu64(() => fn(...args).flatMap((t) => Array.from(t.dataSync())));
      const compiled = k.compile(fn, { backend: "webgpu" });
      const limit = (await webgpu())!.ctx.info.limits.maxStorageBuffersPerShaderStage ?? 8;
      expect(schedule(eliminateCommonSubexpressions(compiled.trace(...args).program), new Set(), limit).kernels.some((plan) => plan.columnSums)).toBe(true);
      const outputs = compiled(...args);
      const got = (await Promise.all(outputs.map((t) => t.data()))).flatMap((a) => Array.from(a));
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-4 * (1 + Math.abs(want[i])));
    }
  });

  it("an SGD step with a fused bias update matches float64", async () => {
    const [x, w, b] = [hostValues(32 * 8, 1), hostValues(8 * 4, 2), hostValues(4, 4)];
    k.setDefaultBackend("webgpu");
    try {
      const [w1, b1] = k.compile(sgd)(k.fromArray(x, [32, 8]), k.fromArray(w, [8, 4]), k.fromArray(b, [4]));
      const got = [...(await w1.data()), ...(await b1.data())];
      const want = cpu64(() => {
        const [w2, b2] = sgd(k.fromArray(x, [32, 8]), k.fromArray(w, [8, 4]), k.fromArray(b, [4]));
        return [...w2.dataSync(), ...b2.dataSync()];
      });
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 4);
    } finally {
      k.setDefaultBackend("cpu");
    }
  });


  it("a layer-norm gradient matches float64", async () => {
    const x = k.fromArray(hostValues(40 * 64, 31).map((v, i) => (i % 97 === 0 ? v * 1000 : v)), [40, 64]);
    const w = k.fromArray(hostValues(64, 32), [64]);
    const want = cpu64(() => layerNormGrad(x, w).flatMap((t) => Array.from(t.dataSync())));
    const got = (await Promise.all(k.compile(layerNormGrad, { backend: "webgpu" })(x, w).map((t) => t.data()))).flatMap((a) => Array.from(a));
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-3 * (1 + Math.abs(want[i])));
  });

  it("a layer norm and softmax step matches float64, with ±1000 inputs and ties", async () => {
    const x = hostValues(6 * 10, 3);
    x[0] = 1000;
    x[1] = -1000;
    x.fill(0.5, 10, 20); // a row of ties: zero variance
    const w = hostValues(6 * 10, 9);
    k.setDefaultBackend("webgpu");
    try {
      const [value, [gx, gw]] = k.compile(step)(k.fromArray(x, [6, 10]), k.fromArray(w, [6, 10])) as unknown as [Tensor, [Tensor, Tensor]];
      const got = [await value.item(), Array.from(await gx.data()), Array.from(await gw.data())] as const;
      const want = cpu64(() => {
        const [v, [a, b]] = step(k.fromArray(x, [6, 10]), k.fromArray(w, [6, 10])) as unknown as [Tensor, [Tensor, Tensor]];
        return [v.dataSync()[0], Array.from(a.dataSync()), Array.from(b.dataSync())] as const;
      });
      expect(got[0]).toBeCloseTo(want[0], 4);
      for (let i = 0; i < want[1].length; i++) {
        expect(Number.isFinite(got[1][i])).toBe(true);
        expect(Math.abs(got[1][i] - want[1][i])).toBeLessThan(1e-3 * (1 + Math.abs(want[1][i])));
        expect(Math.abs(got[2][i] - want[2][i])).toBeLessThan(1e-3 * (1 + Math.abs(want[2][i])));
      }
    } finally {
      k.setDefaultBackend("cpu");
    }
  });

  it("column sum and masked softmax", async () => {
    const g = hostValues(1088 * 256, 5);
    const logits = hostValues(3 * 8, 11);
    logits.fill(-Infinity, 0, 4); // half of a row masked
    k.setDefaultBackend("webgpu");
    try {
      const f = k.compile((a: Tensor, b: Tensor) => [k.sum(a, 0), k.softmax(b, -1), k.max(b, -1)] as const);
      const [sum, probs, max] = f(k.fromArray(g, [1088, 256]), k.fromArray(logits, [3, 8]));
      const got = [Array.from(await sum.data()), Array.from(await probs.data()), Array.from(await max.data())];
      const want = cpu64(() => [
        Array.from(k.sum(k.fromArray(g, [1088, 256]), 0).dataSync()),
        Array.from(k.softmax(k.fromArray(logits, [3, 8]), -1).dataSync()),
        Array.from(k.max(k.fromArray(logits, [3, 8]), -1).dataSync()),
      ]);
      for (let i = 0; i < 256; i++) expect(Math.abs(got[0][i] - want[0][i])).toBeLessThan(1e-3);
      for (let i = 0; i < 24; i++) expect(got[1][i]).toBeCloseTo(want[1][i], 6);
      expect(got[1].slice(0, 4)).toEqual([0, 0, 0, 0]);
      expect(got[2]).toEqual(want[2].map(Math.fround));
    } finally {
      k.setDefaultBackend("cpu");
    }
  });
});

describe.runIf(hasWebGpu)("row groups and program outputs", () => {
  it("row kernel stores returned maximum", async () => {
    // The softmax below reads m inside its row group, and the program also returns m.
    const softmaxWithMax = (b: Tensor) => {
      const m = k.max(b, -1);
      const e = b.sub(m.reshape([4, 1])).exp();
      return [e.div(k.sum(e, -1, { keepdims: true })), m] as const;
    };
    const logits = hostValues(4 * 6, 21);
    const f = k.compile(softmaxWithMax, { backend: "webgpu" });
    const [probs, max] = f(k.fromArray(logits, [4, 6]));
    const want = cpu64(() => softmaxWithMax(k.fromArray(logits, [4, 6])).map((t) => Array.from(t.dataSync())));
    const got = [Array.from(await probs.data()), Array.from(await max.data())];
    for (let i = 0; i < 24; i++) expect(got[0][i]).toBeCloseTo(want[0][i], 6);
    expect(got[1]).toEqual(want[1].map(Math.fround));
  });
});

describe.runIf(hasWebGpu)("reductions realized before the backward pass", () => {
  // Reading the output first realizes the maximum, which drops its inputs. The pullback then
  // reads it as a program input, which must not join a row group as a reduction.
  const data = [3, 1, 3, 3, -2, 0.5, -2, 7];
  const cases = [
    ["full maximum", (x: Tensor) => k.max(x)],
    ["row maxima", (x: Tensor) => k.max(x, -1)],
  ] as const;

  const outputAndGradient = async (f: (x: Tensor) => Tensor): Promise<number[][]> => {
    const [out, pullback] = k.vjp(f, k.tensor(data).reshape([2, 4]));
    const output = Array.from(await out.data());
    const [gradient] = pullback(k.onesLike(out));
    return [output, Array.from(await gradient.data())];
  };

  for (const [name, f] of cases) {
    it(`${name} read before its gradient`, async () => {
      k.setDefaultBackend("webgpu");
      let got: number[][];
      try {
        got = await outputAndGradient(f);
      } finally {
        k.setDefaultBackend("cpu");
      }
      const want = await k.withBackend("cpu64", () => outputAndGradient(f));
      expect(got[0]).toEqual(want[0].map(Math.fround));
      for (let i = 0; i < data.length; i++) expect(got[1][i]).toBeCloseTo(want[1][i], 6);
    });
  }
});

// Keeps the reduction predicate honest: the step above does contain reductions.
it("the traced step contains reductions", () => {
  const program = k.compile(step).trace(k.zeros([2, 3]), k.zeros([2, 3])).program;
  expect(program.nodes.filter(isReduction).length).toBeGreaterThan(2);
});
