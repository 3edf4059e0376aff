/**
 * Residual sums stored by their product's kernel. A Transformer block adds a projection to its
 * input, `h = x + x · w + b`, and several kernels read h: the next layer norm, the next
 * residual sum, the backward pass. Recomputed in each, h costs two loads (x and the product)
 * where a stored h costs one, so the product's kernel stores h in place of the product. The
 * plans are checked without a GPU; the values on WebGPU against the float64 CPU backend.
 */
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { Primitive, type Tensor } from "@kiln/tensor";
import { DEFAULT_LOWER_OPTIONS, eliminateCommonSubexpressions, lowerKernel, schedule, type Schedule } from "@kiln/webgpu";
import { hasWebGpu } from "./gpu.js";
import { cpuValues } from "./host-values.js";
import { expectCompiledMatchesCpu64 } from "./oracle.js";

const ROWS = 12;
const WIDTH = 8;

const mm = (a: Tensor, b: Tensor) => k.matmul(a, b as never);

const layerNorm = (x: Tensor) => {
  const centered = x.sub(k.mean(x, -1, { keepdims: true }));
  return centered.mul(k.rsqrt(k.mean(centered.mul(centered), -1, { keepdims: true }).add(1e-5)));
};

/** x + a · w + b, with x and a of [ROWS, WIDTH]. */
const residual = (x: Tensor, a: Tensor, w: Tensor, b: Tensor) => x.add(mm(a, w).add(b));
const SHAPES = [[ROWS, WIDTH], [ROWS, WIDTH], [WIDTH, WIDTH], [WIDTH]];

/** Schedules `fn` as the executable does (common subexpressions merged first). */
function plan(fn: (...args: Tensor[]) => unknown, shapes: number[][] = SHAPES): Schedule {
  const program = k.compile(fn as (...args: Tensor[]) => Tensor).trace(...shapes.map((s) => k.zeros(s))).program;
  return schedule(eliminateCommonSubexpressions(program));
}

/** Returns the plan of the schedule's only matmul kernel. */
function productPlan(sched: Schedule) {
  const plans = sched.kernels.filter((p) => p.core?.op === Primitive.Dot);
  expect(plans).toHaveLength(1);
  return plans[0];
}

/** Returns the tensors that the kernels other than `except` load from buffers. */
function loadedElsewhere(sched: Schedule, except: Schedule["kernels"][number]): Set<Tensor> {
  const loaded = new Set<Tensor>();
  for (const p of sched.kernels) {
    if (p === except) continue;
    for (const node of lowerKernel(p, sched.materialized, DEFAULT_LOWER_OPTIONS).nodes) if (sched.materialized.has(node)) loaded.add(node);
  }
  return loaded;
}

describe("residual sums stored by their product's kernel", () => {
  it("sum read twice replaces product", () => {
    const sched = plan((x, a, w, b) => {
      const h = residual(x, a, w, b);
      return [layerNorm(h).mul(2), h.square().sum(-1)];
    });
    const product = productPlan(sched);
    expect(product.root.op).toBe(Primitive.Add);
    expect(product.root.inputs[0].op).toBe(Primitive.Input);
    expect(sched.materialized.has(product.core!)).toBe(false);
    // The layer norm and the sum of squares load h, and neither loads x.
    const loaded = loadedElsewhere(sched, product);
    expect(loaded.has(product.root)).toBe(true);
    expect(loaded.has(product.root.inputs[0])).toBe(false);
  });

  it("residual stream stores h", () => {
    // h feeds a layer norm and the next residual sum h + n · w2. That sum adds a product, but
    // it is not the only reader of h, so h is still stored.
    const sched = plan(
      (x, a, w, b, w2) => {
        const h = residual(x, a, w, b);
        return h.add(mm(layerNorm(h), w2)).square().sum();
      },
      [...SHAPES, [WIDTH, WIDTH]],
    );
    const [first] = sched.kernels.filter((p) => p.core?.op === Primitive.Dot);
    expect(first.root.op).toBe(Primitive.Add);
    expect(sched.materialized.has(first.core!)).toBe(false);
  });

  it("sum read once stays inline", () => {
    // The layer norm's mean, variance and output are one row kernel: one reader.
    const sched = plan((x, a, w, b) => layerNorm(residual(x, a, w, b)));
    const product = productPlan(sched);
    expect(product.root.op).toBe(Primitive.Dot);
    expect(loadedElsewhere(sched, product).has(product.root)).toBe(true);
  });

  it("product read elsewhere keeps buffer", () => {
    // The column sums read the product itself, so its kernel must store it. Storing h as well
    // would add a store, and a kernel too, because h is no epilogue of the product then.
    const sched = plan((x, a, w, b) => {
      const p = mm(a, w);
      const h = x.add(p.add(b));
      return [layerNorm(h).mul(2), h.square().sum(-1), p.sum(0)];
    });
    const product = productPlan(sched);
    expect(product.root.op).toBe(Primitive.Dot);
    // h is not stored at all: neither by the product's kernel nor by a kernel of its own.
    expect(sched.kernels.filter((p) => p.root.op === Primitive.Add)).toEqual([]);
    expect([...sched.materialized].filter((t) => t.op === Primitive.Add)).toEqual([]);
  });

  it("sum of products left alone", () => {
    // The product-sums kernel computes it instead.
    const shapes = [[ROWS, WIDTH], [WIDTH, WIDTH], [ROWS, WIDTH], [WIDTH, WIDTH]];
    const sched = plan((a, w, c, v) => {
      const h = mm(a, w).add(mm(c, v));
      return [layerNorm(h).mul(2), h.square().sum(-1)];
    }, shapes);
    // One kernel computes both products into the same accumulators.
    expect(sched.kernels.filter((p) => p.core?.op === Primitive.Dot)).toEqual([]);
    const sums = sched.kernels.filter((p) => p.products);
    expect(sums).toHaveLength(1);
    expect(sums[0].products).toHaveLength(2);
  });

  it("partial sum is not stored", () => {
    // x + a · w is read only by the sum with c · v, which adds a second product. h itself
    // reads two products, so neither sum is stored.
    const shapes = [[ROWS, WIDTH], [ROWS, WIDTH], [WIDTH, WIDTH], [ROWS, WIDTH], [WIDTH, WIDTH]];
    const sched = plan((x, a, w, c, v) => {
      const h = x.add(mm(a, w)).add(mm(c, v));
      return [layerNorm(h).mul(2), h.square().sum(-1)];
    }, shapes);
    const stored = [...sched.materialized].filter((t) => t.op === Primitive.Add);
    expect(stored).toEqual([]);
  });
});

describe.runIf(hasWebGpu)("residual sums stored by their product's kernel on webgpu", () => {
  const block = (x: Tensor, a: Tensor, w: Tensor, b: Tensor, w2: Tensor) => {
    const h = residual(x, a, w, b);
    return h.add(mm(layerNorm(h), w2));
  };
  const loss = (x: Tensor, a: Tensor, w: Tensor, b: Tensor, w2: Tensor) => block(x, a, w, b, w2).sub(1).square().mean();
  const args = () => [cpuValues([ROWS, WIDTH], 1), cpuValues([ROWS, WIDTH], 2), cpuValues([WIDTH, WIDTH], 3, 0.3), cpuValues([WIDTH], 4), cpuValues([WIDTH, WIDTH], 5, 0.3)];

  it("residual block matches float64", async () => {
    // Forward values, then the loss and the gradients of every argument.
    await expectCompiledMatchesCpu64("residual block", "webgpu", block, args(), 1e-4);
    const gradients = (...xs: Tensor[]) => k.valueAndGrad(loss as (...a: Tensor[]) => Tensor, { argnums: [0, 1, 2, 3, 4] })(...xs);
    await expectCompiledMatchesCpu64("residual block gradients", "webgpu", gradients, args(), 1e-3);
  }, 60_000);
});
