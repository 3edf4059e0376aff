/**
 * Properties of the fused and split kernels. The cases cover reductions over several axes
 * (split in two when they have few outputs), short row reductions read 4 values at a time,
 * matmul epilogues that write through reshapes and permutations, and matmuls with transposed
 * operands. Further cases cover column sums computed by the matmul kernel that reads the same
 * matrix as its rhs (bias gradients and their optimiser updates), and the backward row groups of
 * layer norms and softmaxes. fast-check draws shapes and graphs, and each result on WebGPU must
 * agree with the float64 CPU backend within a tolerance relative to the magnitude of the terms
 * behind it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { eliminateCommonSubexpressions, schedule, type KernelPlan } from "@kiln/webgpu";
import { hasWebGpu, webgpu } from "./gpu.js";
import { hostValues } from "./host-values.js";

const cpu64 = <T>(fn: () => T) => k.withBackend("cpu64", fn);

const sizeOf = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

/** Returns a float32 tensor of deterministic values in [low, 2). */
const tensorOf = (shape: number[], seed: number, low = -2) => k.fromArray(hostValues(sizeOf(shape), seed, low), shape);

/** Checks whether two values agree, with NaN equal to NaN, infinities exact and 0 equal to -0. */
function agrees(got: number, want: number, tolerance: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return Math.abs(got - want) <= tolerance;
}

/**
 * Fails unless `got` matches `want` element by element, each within `relative` times
 * `bound[i]`, an upper bound on the magnitude of the terms that produced element i.
 */
function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, bound: ArrayLike<number>, relative: number, label: string): void {
  expect(got.length, label).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const tolerance = relative * Math.abs(bound[i]) + 1e-30;
    if (!agrees(Number(got[i]), Number(want[i]), tolerance)) {
      expect.fail(`${label}[${i}]: webgpu ${got[i]}, cpu64 ${want[i]} (tolerance ${tolerance.toExponential(2)})`);
    }
  }
}

/** Runs `fn` compiled for WebGPU and returns each output's values. */
async function onWebGpu(fn: (...args: Tensor[]) => Tensor | Tensor[], args: Tensor[]): Promise<number[][]> {
  const result = k.compile(fn, { backend: "webgpu" })(...args);
  const outputs = Array.isArray(result) ? result : [result];
  return Promise.all(outputs.map(async (t) => Array.from(await t.data())));
}

/** Runs `fn` on the float64 CPU backend and returns each output's values. */
function onCpu64(fn: (...args: Tensor[]) => Tensor | Tensor[], args: Tensor[]): number[][] {
  return cpu64(() => {
    const result = fn(...args);
    return (Array.isArray(result) ? result : [result]).map((t) => Array.from(t.dataSync()));
  });
}

/**
 * Fails unless `fn` compiled for WebGPU matches the float64 CPU backend on `args`. Each element
 * may differ by `relative` times the same output computed from the inputs' magnitudes, which
 * bounds its terms because every constant in the generated graphs is positive.
 */
async function expectMatchesCpu64(fn: (...args: Tensor[]) => Tensor | Tensor[], args: Tensor[], relative: number, label: string): Promise<void> {
  const want = onCpu64(fn, args);
  const bound = onCpu64(fn, args.map((t) => t.abs()));
  const got = await onWebGpu(fn, args);
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expectClose(got[i], want[i], bound[i], relative, `output ${i} of ${label}`);
}

// Reductions over random axes --------------------------------------------------------------

type ReduceOp = "sum" | "max" | "prod";

interface ReduceCase {
  op: ReduceOp;
  shape: number[];
  axes: number[];
  /** Whether NaN, ±Infinity and -0 are mixed into the input of a max. */
  special: boolean;
  /** Whether the input is stored with its axes reversed and transposed back. */
  permuted: boolean;
  /** Whether the reduction is scaled and shifted after it. */
  epilogue: boolean;
  dtype: "f32" | "i32";
  seed: number;
}

/** Axis lengths that mix 1, odd sizes, multiples of 4 and lengths over the split's 32. */
const axisLength: fc.Arbitrary<number> = fc.constantFrom(1, 2, 3, 4, 5, 7, 8, 12, 33, 40, 64);

/** Shapes with reduced axes drawn at random, as [shape, mask of reduced axes]. */
const anyAxes: fc.Arbitrary<[number[], boolean[]]> = fc.tuple(fc.array(axisLength, { minLength: 1, maxLength: 4 }), fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }));

/** Shapes whose reduced axes are long and whose kept axes are short, so that reductions with few outputs get split. */
const fewOutputs = fc
  .array(fc.record({ reduced: fc.boolean(), kept: fc.constantFrom(1, 2, 3, 5), long: fc.constantFrom(5, 7, 8, 12, 33, 40, 64) }), { minLength: 2, maxLength: 4 })
  .map((axes) => [axes.map((a) => (a.reduced ? a.long : a.kept)), axes.map((a) => a.reduced)] as [number[], boolean[]]);

const reduceCaseArb: fc.Arbitrary<ReduceCase> = fc
  .record({
    op: fc.constantFrom<ReduceOp>("sum", "max", "prod"),
    layout: fc.oneof(anyAxes, fewOutputs),
    special: fc.boolean(),
    permuted: fc.boolean(),
    epilogue: fc.boolean(),
    integer: fc.constantFrom(false, false, true),
    seed: fc.nat(1000),
  })
  .filter((c) => sizeOf(c.layout[0]) <= 40_000)
  .map((c) => {
    const [shape, mask] = c.layout;
    const drawn = shape.map((_, i) => i).filter((i) => mask[i]);
    const axes = drawn.length > 0 ? drawn : [shape.length - 1];
    // Products of i32 values overflow, so integer inputs go to sums and maxima only.
    const dtype = c.integer && c.op !== "prod" && !c.special ? "i32" : "f32";
    return { op: c.op, shape, axes, special: c.special && c.op === "max", permuted: c.permuted, epilogue: c.epilogue, dtype, seed: c.seed };
  });

/**
 * Returns the stored input of a reduction case: values near 1 for products, integers in
 * [-100, 100) for i32, and NaN, ±Infinity and -0 mixed in for a special max.
 */
function reduceInput(c: ReduceCase): Tensor {
  const n = sizeOf(c.shape);
  const values = hostValues(n, c.seed);
  if (c.op === "prod") for (let i = 0; i < n; i++) values[i] = 1 + values[i] / 64;
  if (c.special) {
    const specials = [NaN, Infinity, -Infinity, -0, 0];
    for (let i = 0; i < n; i++) {
      const pick = Math.floor((values[i] + 2) * 997) % 23;
      if (pick < specials.length) values[i] = specials[pick];
    }
  }
  const shape = c.permuted ? [...c.shape].reverse() : c.shape;
  if (c.dtype === "i32") return k.fromArray(Int32Array.from(values, (x) => Math.floor(x * 50)), shape, "i32");
  return k.fromArray(values, shape);
}

/** Returns the graph of a reduction case, from its stored input. */
function reduceFn(c: ReduceCase) {
  return (stored: Tensor): Tensor => {
    const x = c.permuted ? k.transpose(stored) : stored;
    const reduced = (k[c.op] as (t: Tensor, axes: number[]) => Tensor)(x, c.axes);
    return c.epilogue ? reduced.mul(2).add(1) : reduced;
  };
}

/**
 * Returns a bound on the terms of each output: the sum of |x| for a sum, the product times
 * the count for a product, and 0 for a max or an i32 result, which must be exact. An epilogue
 * doubles the bound and adds 1 for its rounding.
 */
function reduceBound(c: ReduceCase, stored: Tensor): number[] {
  const count = c.axes.reduce((n, a) => n * c.shape[a], 1);
  const plain = onCpu64(reduceFn({ ...c, epilogue: false }), [c.op === "sum" ? k.abs(stored) : stored])[0];
  if (c.dtype === "i32") return plain.map(() => 0);
  let terms = plain.map(() => 0);
  if (c.op === "sum") terms = plain;
  if (c.op === "prod") terms = plain.map((w) => Math.abs(w) * count);
  if (c.op === "max" && c.epilogue) terms = plain.map((w) => Math.abs(w));
  return c.epilogue ? terms.map((t) => 2 * t + 1) : terms;
}

// Row reductions of the last axis ------------------------------------------------------------

interface RowCase {
  op: "sum" | "max";
  rows: number;
  length: number;
  other: "none" | "full" | "row" | "column";
  /** How x is stored: as [rows, length], transposed, or wider and sliced at an offset of 2. */
  layout: "plain" | "transposed" | "sliced";
  /** Whether a second reduction of the same rows and an epilogue join the kernel. */
  siblings: boolean;
  seed: number;
}

const rowCaseArb: fc.Arbitrary<RowCase> = fc.record({
  op: fc.constantFrom<"sum" | "max">("sum", "max"),
  rows: fc.constantFrom(1, 3, 8, 17, 40),
  length: fc.oneof(
    fc.integer({ min: 1, max: 63 }).map((n) => 4 * n),
    fc.integer({ min: 4, max: 255 }),
    fc.constantFrom(256, 260, 300),
  ),
  other: fc.constantFrom<RowCase["other"]>("none", "full", "row", "column"),
  layout: fc.constantFrom<RowCase["layout"]>("plain", "plain", "transposed", "sliced"),
  siblings: fc.boolean(),
  seed: fc.nat(1000),
});

const rowStoredShape = (c: RowCase) => ({ plain: [c.rows, c.length], transposed: [c.length, c.rows], sliced: [c.rows, c.length + 4] })[c.layout];

const rowOtherShape = (c: RowCase) => ({ none: [1], full: [c.rows, c.length], row: [c.length], column: [c.rows, 1] })[c.other];

/**
 * Returns the graph of a row case: x, times a second operand, summed or maximised along the
 * last axis. With siblings, the reduction gets an epilogue and the squared terms a second
 * reduction. Every constant is positive, so the graph on |inputs| bounds each output's terms.
 */
function rowFn(c: RowCase) {
  return (stored: Tensor, y: Tensor): Tensor[] => {
    let x = stored;
    if (c.layout === "transposed") x = k.transpose(stored);
    if (c.layout === "sliced") x = k.slice(stored, [null, [2, c.length + 2]]);
    const term = c.other === "none" ? x.exp() : x.mul(y);
    const reduce = (t: Tensor) => (c.op === "sum" ? k.sum(t, -1) : k.max(t, -1));
    if (!c.siblings) return [reduce(term)];
    return [reduce(term).mul(2).add(1), reduce(term.mul(term))];
  };
}

// Matmul epilogues through views --------------------------------------------------------------

interface ViewCase {
  /** Batch axes of the product, then rows and columns. */
  batch: number[];
  m: number;
  kDim: number;
  n: number;
  /** Whether the product's first two axes are merged before the permutation (with a batch axis only). */
  preMerge: boolean;
  perm: number[];
  /** Whether each axis of the permuted product after the first joins the one before it in the reshape. */
  merges: boolean[];
  /** Whether the lhs has batch axes of length 1, broadcast against the rhs. */
  broadcastLhs: boolean;
  scale: number;
  /** The shape of the residual added after the scale: none, the root's, or its last axis broadcast. */
  residual: "none" | "full" | "last";
  /** A second output, if any, that reads the product as itself ("plain", "tanh"), through the same views, through two views, or in row sums. */
  second: "none" | "plain" | "same" | "twoViews" | "tanh" | "rowSums";
  /** Whether every axis of the product has the same length. */
  square: boolean;
  seed: number;
}

const viewCaseArb: fc.Arbitrary<ViewCase> = fc
  .record({
    batch: fc.array(fc.constantFrom(1, 2, 3), { minLength: 0, maxLength: 2 }),
    m: fc.constantFrom(1, 2, 3, 4, 5, 9, 17),
    kDim: fc.constantFrom(1, 3, 4, 8, 13),
    n: fc.constantFrom(1, 2, 3, 4, 6, 16, 17),
    preMerge: fc.boolean(),
    perm: fc.array(fc.nat(1000), { minLength: 4, maxLength: 4 }),
    broadcastLhs: fc.constantFrom(false, false, true),
    merges: fc.array(fc.constantFrom(false, false, true), { minLength: 3, maxLength: 3 }),
    square: fc.boolean(),
    scale: fc.constantFrom(0.5, 1, 3),
    residual: fc.constantFrom<ViewCase["residual"]>("none", "full", "last"),
    second: fc.constantFrom<ViewCase["second"]>("none", "none", "plain", "same", "twoViews", "tanh", "rowSums"),
    seed: fc.nat(1000),
  })
  .map((c) => {
    // A random permutation of the axes of the (merged) product, from the drawn sort keys.
    const preMerge = c.preMerge && c.batch.length > 0;
    const rank = c.batch.length + (preMerge ? 1 : 2);
    const perm = Array.from({ length: rank }, (_, i) => i).sort((a, b) => c.perm[a] - c.perm[b] || a - b);
    // Equal axis lengths let a permutation keep the product's shape.
    if (!c.square) return { ...c, preMerge, perm };
    return { ...c, preMerge, perm, batch: c.batch.map(() => c.m), n: c.m };
  });

/** Returns the shape after merging the axes of `shape` that `merges` joins to their predecessor. */
function mergedShape(shape: number[], merges: boolean[]): number[] {
  const out = [shape[0]];
  for (let i = 1; i < shape.length; i++) {
    if (merges[i - 1]) out[out.length - 1] *= shape[i];
    else out.push(shape[i]);
  }
  return out;
}

function viewShapes(c: ViewCase) {
  const product = [...c.batch, c.m, c.n];
  const source = c.preMerge ? [product[0] * product[1], ...product.slice(2)] : product;
  const permuted = c.perm.map((a) => source[a]);
  const lhs = [...c.batch.map((d) => (c.broadcastLhs ? 1 : d)), c.m, c.kDim];
  return { product, source, permuted, merged: mergedShape(permuted, c.merges), lhs, rhs: [...c.batch, c.kDim, c.n] };
}

/**
 * Returns the graph of a view case: a batched matmul, permuted and reshaped, scaled, plus a
 * residual, and sometimes a second output that reads the product through other or equal views.
 * Every constant is positive, so the same graph on |inputs| bounds each output's terms.
 */
function viewFn(c: ViewCase) {
  const { product, source, merged } = viewShapes(c);
  const view = (p: Tensor) => k.transpose(p.reshape(source), c.perm).reshape(merged);
  return (a: Tensor, b: Tensor, r: Tensor): Tensor | Tensor[] => {
    const p = k.matmul(a, b as never);
    const scaled = view(p).mul(c.scale);
    const first = c.residual === "none" ? scaled : scaled.add(r);
    switch (c.second) {
      case "none":
        return first;
      case "plain":
        return [first, p.add(1)];
      case "same":
        return [first, view(p).mul(r).add(1)];
      case "twoViews":
        // The product read as itself and through the views, flattened to one shape.
        return [first, view(p).reshape([sizeOf(product)]).add(p.reshape([sizeOf(product)]))];
      case "tanh":
        return [first, k.tanh(p)];
      case "rowSums":
        // A reduction reads the product too, so the product is stored.
        return [first, k.sum(p, -1)];
    }
  };
}

// Matmuls with transposed operands ------------------------------------------------------------

interface TransposeCase {
  batch: number[];
  m: number;
  kDim: number;
  n: number;
  lhsT: boolean;
  rhsT: boolean;
  bias: boolean;
  seed: number;
}

const transposeCaseArb: fc.Arbitrary<TransposeCase> = fc.record({
  batch: fc.array(fc.constantFrom(1, 2, 3), { minLength: 0, maxLength: 1 }),
  m: fc.constantFrom(1, 3, 5, 8, 17, 33, 130),
  kDim: fc.constantFrom(1, 2, 3, 4, 7, 16, 21, 64),
  n: fc.constantFrom(1, 3, 4, 6, 17, 40),
  lhsT: fc.boolean(),
  rhsT: fc.boolean(),
  bias: fc.boolean(),
  seed: fc.nat(1000),
});

function transposeShapes(c: TransposeCase) {
  const swap = (shape: number[], t: boolean) => (t ? [...shape.slice(0, -2), shape[shape.length - 1], shape[shape.length - 2]] : shape);
  return { a: swap([...c.batch, c.m, c.kDim], c.lhsT), b: swap([...c.batch, c.kDim, c.n], c.rhsT) };
}

/** Returns a · b with either operand stored transposed, then a bias over the columns. */
function transposeFn(c: TransposeCase) {
  const swapLast = (x: Tensor) => k.transpose(x, [...Array.from({ length: x.rank - 2 }, (_, i) => i), x.rank - 1, x.rank - 2]);
  return (a: Tensor, b: Tensor, bias: Tensor) => {
    const p = k.matmul(c.lhsT ? swapLast(a) : a, (c.rhsT ? swapLast(b) : b) as never);
    return c.bias ? p.add(bias) : p;
  };
}

// Gradients of small losses -------------------------------------------------------------------

interface GradCase {
  batch: number;
  heads: number;
  seq: number;
  dim: number;
  reduce: "sum" | "max" | "mean";
  axes: number[];
  seed: number;
}

const gradCaseArb: fc.Arbitrary<GradCase> = fc.record({
  batch: fc.constantFrom(1, 2),
  heads: fc.constantFrom(1, 2, 3),
  seq: fc.constantFrom(1, 3, 4, 5, 8),
  dim: fc.constantFrom(1, 4, 6, 8),
  reduce: fc.constantFrom<GradCase["reduce"]>("sum", "max", "mean"),
  axes: fc.constantFrom([0], [1], [0, 1]),
  seed: fc.nat(1000),
});

/**
 * Returns a loss over an attention-shaped block: weighted values with the heads merged, a
 * scaled residual, a projection with a transposed weight, and a reduction over random axes of
 * a polynomial of it.
 */
function gradLoss(c: GradCase) {
  const [b, h, s, d] = [c.batch, c.heads, c.seq, c.dim];
  return (weights: Tensor, values: Tensor, w: Tensor, residual: Tensor) => {
    const merged = k.transpose(k.matmul(weights, values as never), [0, 2, 1, 3]).reshape([b * s, h * d]).mul(0.5).add(residual);
    const projected = k.matmul(merged, k.transpose(w) as never);
    // A polynomial, because a saturated tanh's derivative (1 - tanh²) loses its digits in f32.
    const curved = projected.add(projected.square().mul(0.1));
    const reduced = (k[c.reduce] as (t: Tensor, axes: number[]) => Tensor)(curved, c.axes);
    return reduced.square().sum();
  };
}

// Linear layers and optimiser updates ---------------------------------------------------------

type Optimiser = "sgd" | "momentum" | "adam";

interface LinearCase {
  rows: number;
  inputs: number;
  /** Output width of each layer. */
  widths: number[];
  /** Whether every layer reads the input x, rather than the previous layer's output. */
  shared: boolean;
  /** Whether each layer's bias has shape [1, n] rather than [n]. */
  rowBias: boolean[];
  activation: "none" | "gelu";
  optimiser: Optimiser;
  /** Whether the gradients are also returned, next to the updated parameters. */
  returnGrads: boolean;
  seed: number;
}

/** Lengths from 1 to 300 that are mostly not multiples of 4 or 8. */
const raggedLength: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 41, max: 300 }), fc.constantFrom(1, 2, 3, 5, 17, 33, 65, 130));

const linearCaseArb: fc.Arbitrary<LinearCase> = fc.record({
  rows: fc.oneof({ arbitrary: raggedLength, weight: 4 }, { arbitrary: fc.constant(1), weight: 1 }),
  inputs: raggedLength,
  widths: fc.array(raggedLength, { minLength: 1, maxLength: 2 }),
  shared: fc.boolean(),
  rowBias: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
  activation: fc.constantFrom<LinearCase["activation"]>("none", "gelu"),
  optimiser: fc.constantFrom<Optimiser>("sgd", "sgd", "momentum", "adam"),
  returnGrads: fc.constantFrom(false, false, true),
  seed: fc.nat(1000),
});

/** Returns the shapes of each layer's weight and bias, in order. */
function linearParamShapes(c: LinearCase): number[][] {
  const shapes: number[][] = [];
  c.widths.forEach((n, i) => {
    const fanIn = c.shared || i === 0 ? c.inputs : c.widths[i - 1];
    shapes.push([fanIn, n], c.rowBias[i] ? [1, n] : [n]);
  });
  return shapes;
}

/** Returns the number of state tensors per parameter that an optimiser reads and writes. */
const stateCount = (optimiser: Optimiser) => ({ sgd: 0, momentum: 1, adam: 2 })[optimiser];

/**
 * Returns the arguments of a linear case: x, the parameters with weights scaled by
 * 1/sqrt(fan-in), then each optimiser state (positive for Adam's second moments).
 */
function linearArgs(c: LinearCase): Tensor[] {
  const params = linearParamShapes(c).map((shape, i) => {
    const values = hostValues(sizeOf(shape), c.seed + 1 + i);
    const scale = shape.length === 2 && shape[0] > 1 ? 1 / Math.sqrt(shape[0]) : 1;
    return k.fromArray(values.map((x) => x * scale), shape);
  });
  const states: Tensor[] = [];
  for (let s = 0; s < stateCount(c.optimiser); s++) {
    params.forEach((p, i) => states.push(tensorOf(p.shape as number[], c.seed + 50 + 10 * s + i, s === 1 ? 0.5 : -2)));
  }
  return [tensorOf([c.rows, c.inputs], c.seed), ...params, ...states];
}

/**
 * Returns one training step of a linear case: the loss of the layers (each x · w + b, maybe
 * with a GELU), its gradients with respect to every parameter, and the optimiser's update.
 * The outputs are the loss, each updated parameter and state, and optionally the gradients.
 */
function linearStep(c: LinearCase) {
  const layers = c.widths.length;
  const loss = (x: Tensor, ...params: Tensor[]) => {
    let total: Tensor | null = null;
    let h = x;
    for (let i = 0; i < layers; i++) {
      const input = c.shared ? x : h;
      const linear = k.matmul(input, params[2 * i] as never).add(params[2 * i + 1]);
      h = c.activation === "gelu" ? k.gelu(linear) : linear;
      // A polynomial keeps every gradient nonzero without saturating.
      const term = h.add(h.square().mul(0.1)).sum();
      total = total ? total.add(term) : term;
    }
    return total as Tensor;
  };
  const argnums = Array.from({ length: 2 * layers }, (_, i) => i + 1);
  return (...args: Tensor[]): Tensor[] => {
    const params = args.slice(1, 1 + 2 * layers);
    const states = args.slice(1 + 2 * layers);
    const [value, grads] = k.valueAndGrad(loss, { argnums })(args[0], ...params) as unknown as [Tensor, Tensor[]];
    const outputs: Tensor[] = [value];
    params.forEach((p, i) => {
      const g = grads[i];
      if (c.optimiser === "sgd") {
        outputs.push(p.sub(g.mul(0.01)));
      } else if (c.optimiser === "momentum") {
        const velocity = states[i].mul(0.9).add(g);
        outputs.push(p.sub(velocity.mul(0.01)), velocity);
      } else {
        const m = states[i].mul(0.9).add(g.mul(0.1));
        const v = states[params.length + i].mul(0.999).add(g.square().mul(0.001));
        outputs.push(p.sub(m.mul(0.01).div(k.sqrt(v).add(1e-8))), m, v);
      }
    });
    return c.returnGrads ? [...outputs, ...grads] : outputs;
  };
}

/** Returns the kernels that WebGPU would run for `fn` on `args`. */
/** The adapter's buffer limit, which the executable schedules with. */
const adapterBindings = (await webgpu())?.ctx.info.limits.maxStorageBuffersPerShaderStage ?? 8;

function kernelsOf(fn: (...args: Tensor[]) => Tensor | Tensor[], args: Tensor[]): KernelPlan[] {
  const program = k.compile(fn, { backend: "webgpu" }).trace(...args).program;
  return schedule(eliminateCommonSubexpressions(program), new Set(), adapterBindings).kernels;
}

/**
 * Fails unless every output agrees within `relative` times the largest magnitude of that
 * output plus the element's own, as a backward pass sums terms of mixed signs.
 */
function expectCloseToScale(got: number[][], want: number[][], relative: number, label: string): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const finite = want[i].filter(Number.isFinite).map(Math.abs);
    const scale = Math.max(1e-3, ...finite);
    expectClose(got[i], want[i], want[i].map((w) => scale + Math.abs(w)), relative, `output ${i} of ${label}`);
  }
}

// Column sums beside matmuls -------------------------------------------------------------------

interface ColumnSumCase {
  /**
   * The program: a matmul and the column sum of its rhs w ("rhsSum"), of a computed y read by
   * two matmuls ("twoReaders"), with two epilogue roots ("siblingSums") or broadcast over the
   * rows of the product ("broadcastSum"), or sums that must stay apart: of the product ("productSum"),
   * with an epilogue that reads the product ("epilogueReadsProduct", m = 1) or the product's
   * sum ("epilogueReadsProductSum"), or read by the product's epilogue ("productReadsSum").
   */
  kind: "rhsSum" | "twoReaders" | "siblingSums" | "broadcastSum" | "productSum" | "epilogueReadsProduct" | "epilogueReadsProductSum" | "productReadsSum";
  m: number;
  kDim: number;
  n: number;
  /** Whether the sum is reshaped to [1, n] and scaled and shifted after it. */
  epilogue: boolean;
  seed: number;
}

const columnSumCaseArb: fc.Arbitrary<ColumnSumCase> = fc
  .record({
    kind: fc.constantFrom<ColumnSumCase["kind"]>("rhsSum", "twoReaders", "twoReaders", "siblingSums", "broadcastSum", "productSum", "epilogueReadsProduct", "epilogueReadsProductSum", "productReadsSum"),
    m: raggedLength,
    kDim: raggedLength,
    n: raggedLength,
    epilogue: fc.boolean(),
    seed: fc.nat(1000),
  })
  .map((c) => (c.kind === "epilogueReadsProduct" ? { ...c, m: 1 } : c));

/** Checks whether a column-sum case must keep its sum in a kernel of its own. */
const mustStayApart = (c: ColumnSumCase) => !["rhsSum", "twoReaders", "siblingSums", "broadcastSum"].includes(c.kind);

/**
 * Returns the graph of a column-sum case on x [m, k], w [k, n] and a second lhs [m, k]. Every
 * constant is positive and tanh is odd and monotonic, so the graph on |inputs| bounds each
 * output's terms.
 */
function columnSumFn(c: ColumnSumCase) {
  const after = (sum: Tensor) => (c.epilogue ? sum.reshape([1, c.n]).mul(0.5).add(1) : sum);
  return (x: Tensor, w: Tensor, x2: Tensor): Tensor[] => {
    const p = k.matmul(x, w as never);
    switch (c.kind) {
      case "rhsSum":
        return [p, after(w.sum(0))];
      case "twoReaders": {
        const y = k.tanh(w);
        return [k.matmul(x, y as never), k.matmul(x2, y as never).mul(2), after(y.sum(0))];
      }
      case "siblingSums": {
        const sum = after(w.sum(0));
        return [p, sum.mul(0.5), sum.square().add(1)];
      }
      case "broadcastSum":
        return [p, after(w.sum(0)).add(x2.sum(1, { keepdims: true }))];
      case "productSum":
        return [p, after(p.sum(0))];
      case "epilogueReadsProduct":
        return [p, after(w.sum(0).add(p.reshape([c.n])))];
      case "epilogueReadsProductSum":
        return [p, after(w.sum(0).mul(p.sum(0)))];
      case "productReadsSum":
        return [p.add(w.sum(0)), after(w.sum(0))];
    }
  };
}

// Gradients of layer norms and softmaxes -------------------------------------------------------

interface RowGradCase {
  kind: "layerNorm" | "softmax" | "maskedSoftmax";
  batch: number[];
  length: number;
  /** Whether the rows are a matmul's product, a · w, rather than an input. */
  matmul: boolean;
  /** Inner length of the matmul. */
  inner: number;
  /** Whether ±1000 entries and a row of ties are mixed in. */
  special: boolean;
  /** Whether the loss itself is returned, next to the gradients. */
  returnValue: boolean;
  seed: number;
}

const rowGradCaseArb: fc.Arbitrary<RowGradCase> = fc.record({
  kind: fc.constantFrom<RowGradCase["kind"]>("layerNorm", "softmax", "maskedSoftmax"),
  batch: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 2 }),
  length: raggedLength,
  matmul: fc.boolean(),
  inner: fc.integer({ min: 1, max: 20 }),
  special: fc.boolean(),
  returnValue: fc.boolean(),
  seed: fc.nat(1000),
});

/**
 * Returns the offsets added to the rows: -Infinity in some entries for a masked softmax (never
 * the first of a row), and ±1000 in some entries for special cases.
 */
function rowGradOffsets(c: RowGradCase): Float32Array {
  const count = sizeOf(c.batch);
  const values = new Float32Array(count * c.length);
  const noise = hostValues(values.length, c.seed + 7);
  for (let i = 0; i < values.length; i++) {
    const column = i % c.length;
    if (c.kind === "maskedSoftmax" && column > 0 && noise[i] < -0.7) values[i] = -Infinity;
    else if (c.special && noise[i] > 1.8) values[i] = noise[i] > 1.9 ? 1000 : -1000;
  }
  return values;
}

/**
 * Returns the arguments of a row-gradient case: the rows (or a and w), offsets, scale, shift and
 * loss weights. A special case gets a row of equal values, from a zero row of a for a product.
 */
function rowGradArgs(c: RowGradCase): Tensor[] {
  const shape = [...c.batch, c.length];
  const rows = sizeOf(c.batch);
  let inputs: Tensor[];
  if (c.matmul) {
    const a = hostValues(rows * c.inner, c.seed);
    // A zero row of a gives a row of equal products.
    if (c.special) a.fill(0, 0, c.inner);
    inputs = [k.fromArray(a, [rows, c.inner]), tensorOf([c.inner, c.length], c.seed + 1)];
  } else {
    const x = hostValues(rows * c.length, c.seed);
    if (c.special) x.fill(0.5, 0, c.length);
    inputs = [k.fromArray(x, shape), tensorOf([1], c.seed + 1)];
  }
  return [...inputs, k.fromArray(rowGradOffsets(c), shape), tensorOf([c.length], c.seed + 2), tensorOf([c.length], c.seed + 3), tensorOf(shape, c.seed + 4)];
}

const layerNormRows = (x: Tensor) => {
  const centered = x.sub(k.mean(x, -1, { keepdims: true }));
  const variance = k.mean(centered.mul(centered), -1, { keepdims: true });
  return centered.mul(k.rsqrt(variance.add(1e-5)));
};

/**
 * Returns the loss of a row-gradient case, and its gradients with respect to the rows (or a
 * and w), the scale and the shift. The loss weights the normalised rows, scaled and shifted,
 * and adds a tenth of their squares.
 */
function rowGradFn(c: RowGradCase) {
  const shape = [...c.batch, c.length];
  const loss = (first: Tensor, second: Tensor, offsets: Tensor, scale: Tensor, shift: Tensor, weights: Tensor) => {
    const x = (c.matmul ? k.matmul(first, second as never).reshape(shape) : first).add(offsets);
    const normalised = c.kind === "layerNorm" ? layerNormRows(x) : k.softmax(x, -1);
    const out = normalised.mul(scale).add(shift);
    return out.mul(weights).add(out.square().mul(0.1)).sum();
  };
  const argnums = c.matmul ? [0, 1, 3, 4] : [0, 3, 4];
  return (...args: Tensor[]): Tensor[] => {
    const [value, grads] = k.valueAndGrad(loss, { argnums })(args[0], args[1], args[2], args[3], args[4], args[5]) as unknown as [Tensor, Tensor[]];
    return c.returnValue ? [value, ...grads] : grads;
  };
}

// Properties ----------------------------------------------------------------------------------

describe.runIf(hasWebGpu)("fused kernels agree with float64", () => {
  it("reductions over random axes", async () => {
    await fc.assert(
      fc.asyncProperty(reduceCaseArb, async (c) => {
        const x = reduceInput(c);
        const fn = reduceFn(c);
        const [want] = onCpu64(fn, [x]);
        const [got] = await onWebGpu(fn, [x]);
        const count = c.axes.reduce((n, a) => n * c.shape[a], 1);
        expectClose(got, want, reduceBound(c, x), 4e-7 * Math.max(4, Math.sqrt(count) * 4), JSON.stringify(c));
      }),
      { numRuns: 20, seed: 7101 },
    );
  }, 120_000);

  it("row reductions of short rows", async () => {
    await fc.assert(
      fc.asyncProperty(rowCaseArb, async (c) => {
        const x = tensorOf(rowStoredShape(c), c.seed);
        const y = tensorOf(rowOtherShape(c), c.seed + 1);
        await expectMatchesCpu64(rowFn(c), [x, y], 1e-5, JSON.stringify(c));
      }),
      { numRuns: 16, seed: 7102 },
    );
  }, 120_000);

  it("matmul epilogues through views", async () => {
    await fc.assert(
      fc.asyncProperty(viewCaseArb, async (c) => {
        const { lhs, rhs, merged } = viewShapes(c);
        const residual = c.residual === "last" ? merged.slice(-1) : merged;
        const args = [tensorOf(lhs, c.seed), tensorOf(rhs, c.seed + 1), tensorOf(residual, c.seed + 2)];
        await expectMatchesCpu64(viewFn(c), args, 1e-5, JSON.stringify(c));
      }),
      { numRuns: 16, seed: 7103 },
    );
  }, 120_000);

  it("matmuls with transposed operands", async () => {
    await fc.assert(
      fc.asyncProperty(transposeCaseArb, async (c) => {
        const { a, b } = transposeShapes(c);
        const args = [tensorOf(a, c.seed), tensorOf(b, c.seed + 1), tensorOf([c.n], c.seed + 2)];
        await expectMatchesCpu64(transposeFn(c), args, 1e-5, JSON.stringify(c));
      }),
      { numRuns: 12, seed: 7104 },
    );
  }, 120_000);

  it("gradients through merged heads", async () => {
    await fc.assert(
      fc.asyncProperty(gradCaseArb, async (c) => {
        const [b, h, s, d] = [c.batch, c.heads, c.seq, c.dim];
        const args = [tensorOf([b, h, s, s], c.seed), tensorOf([b, h, s, d], c.seed + 1), tensorOf([5, h * d], c.seed + 2), tensorOf([b * s, h * d], c.seed + 3)];
        const valueAndGrads = k.valueAndGrad(gradLoss(c), { argnums: [0, 1, 2, 3] });
        const fn = (...xs: Tensor[]) => {
          const [value, grads] = valueAndGrads(xs[0], xs[1], xs[2], xs[3]);
          return [value, ...grads];
        };
        const want = onCpu64(fn, args);
        const got = await onWebGpu(fn, args);
        expect(got.length).toBe(want.length);
        for (let i = 0; i < want.length; i++) {
          // Relative to the largest magnitude of each result, as the backward pass sums terms of mixed signs.
          const scale = Math.max(1e-3, ...want[i].map(Math.abs));
          expectClose(got[i], want[i], want[i].map((w) => scale + Math.abs(w)), 2e-4, `result ${i} of ${JSON.stringify(c)}`);
        }
      }),
      { numRuns: 10, seed: 7105 },
    );
  }, 120_000);
});

describe.runIf(hasWebGpu)("column sums and row gradients agree with float64", () => {
  it("linear layers with optimiser updates", async () => {
    let mergedRuns = 0;
    let sgdRuns = 0;
    await fc.assert(
      fc.asyncProperty(linearCaseArb, async (c) => {
        const args = linearArgs(c);
        const fn = linearStep(c);
        if (kernelsOf(fn, args).some((plan) => plan.columnSums)) mergedRuns += 1;
        // Momentum and returned gradients join too, Adam without returned gradients not in
        // every shape, so only plain SGD runs are counted.
        if (c.optimiser === "sgd" && !c.returnGrads && c.rows > 1) sgdRuns += 1;
        const want = onCpu64(fn, args);
        const got = await onWebGpu(fn, args);
        expectCloseToScale(got, want, 2e-4, JSON.stringify(c));
      }),
      { numRuns: 10, seed: 7106 },
    );
    expect(mergedRuns).toBeGreaterThanOrEqual(Math.max(1, sgdRuns / 2));
  }, 120_000);

  it("column sums beside matmuls", async () => {
    let mergedRuns = 0;
    let mergeable = 0;
    await fc.assert(
      fc.asyncProperty(columnSumCaseArb, async (c) => {
        const args = [tensorOf([c.m, c.kDim], c.seed), tensorOf([c.kDim, c.n], c.seed + 1), tensorOf([c.m, c.kDim], c.seed + 2)];
        const fn = columnSumFn(c);
        const merged = kernelsOf(fn, args).some((plan) => plan.columnSums);
        if (mustStayApart(c)) expect(merged, JSON.stringify(c)).toBe(false);
        else {
          mergeable += 1;
          if (merged) mergedRuns += 1;
        }
        await expectMatchesCpu64(fn, args, 2e-5, JSON.stringify(c));
      }),
      { numRuns: 12, seed: 7107 },
    );
    expect(mergedRuns).toBeGreaterThanOrEqual(mergeable / 2);
  }, 120_000);

  it("layer norm and softmax gradients", async () => {
    let backwardRowRuns = 0;
    let gradientRuns = 0;
    await fc.assert(
      fc.asyncProperty(rowGradCaseArb, async (c) => {
        const args = rowGradArgs(c);
        const fn = rowGradFn(c);
        // The forward row group and a backward one, which reads the forward statistics. A
        // returned loss reads the forward rows, which then stay apart.
        if (kernelsOf(fn, args).filter((plan) => plan.rows).length >= 2) backwardRowRuns += 1;
        if (!c.returnValue && c.length > 1) gradientRuns += 1;
        const want = onCpu64(fn, args);
        const got = await onWebGpu(fn, args);
        expectCloseToScale(got, want, 1e-3, JSON.stringify(c));
      }),
      { numRuns: 10, seed: 7108 },
    );
    expect(backwardRowRuns).toBeGreaterThanOrEqual(Math.max(1, gradientRuns / 2));
  }, 120_000);
});
