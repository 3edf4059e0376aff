/**
 * Lowers each scheduled kernel to IR: one thread per output element for elementwise kernels,
 * loops for reductions (one thread per output, or one workgroup per output for long rows),
 * register-blocked loops for matmul, and deterministic loops for scatter-add and argsort.
 */
import { Primitive, type Tensor } from "@kiln/tensor";
import type { KernelPlan } from "../schedule/plan.js";
import { lowerRows } from "./lower-rows.js";
import { emitMatmul } from "./matmul.js";
import { LEGACY_MATMUL_VARIANT, type MatmulVariant } from "./matmul-variant.js";
import { KernelBuilder, constantExpr, flatIndex, unflatIndex } from "./builder.js";
import { addU, bin, cast, f32, i32, mulU, select, u32, un, v, type Expr, type Kernel, type ScalarType, type Stmt } from "./ir.js";

export interface LowerOptions {
  /** Invocations per workgroup for elementwise and per-thread kernels. */
  workgroupSize: number;
  /** Rows at least this long are reduced by a whole workgroup. */
  workgroupReduceThreshold: number;
  /** Register block of the matmul kernel (rows × columns per invocation) when `matmulVariant` is unset. */
  matmulBlock: [number, number];
  /** The matmul kernel variant; unset means the flat kernel with `matmulBlock` and `workgroupSize`. */
  matmulVariant?: MatmulVariant;
}

export const DEFAULT_LOWER_OPTIONS: LowerOptions = {
  workgroupSize: 64,
  workgroupReduceThreshold: 256,
  matmulBlock: [4, 4],
};

const gid = v("gid", "u32");
const lid = v("lid", "u32");
const wid = v("wid", "u32");

function ceilDiv(a: number, b: number): number {
  return Math.ceil(a / b);
}

/** The tensors a kernel reads from buffers: the materialized ones, less those it computes. */
function storedFor(plan: KernelPlan, materialized: ReadonlySet<Tensor>): Set<Tensor> {
  const visible = new Set(materialized);
  visible.delete(plan.root);
  for (const sibling of plan.siblings ?? []) visible.delete(sibling);
  if (plan.core) visible.delete(plan.core);
  // A matmul that also computes its rhs's column sums writes their roots too.
  const sums = plan.columnSums;
  if (sums) for (const t of [sums.root, ...(sums.siblings ?? []), sums.core]) if (t) visible.delete(t);
  for (const joined of plan.joined ?? []) for (const t of [joined.root, ...(joined.siblings ?? []), joined.core]) if (t) visible.delete(t);
  return visible;
}

function builderFor(plan: KernelPlan, materialized: ReadonlySet<Tensor>, core: { node: Tensor; value: Expr } | null): KernelBuilder {
  return new KernelBuilder(storedFor(plan, materialized), core);
}

/** A kernel with, for each binding, the node whose buffer it binds. */
export interface LoweredKernel {
  kernel: Kernel;
  nodes: Tensor[];
}

function finish(name: string, b: KernelBuilder, workgroupSize: number, workgroups: number): LoweredKernel {
  return { kernel: { name, bindings: b.bindings, shared: b.shared, workgroupSize, workgroups, body: b.body }, nodes: b.bindingNodes };
}

/** Emits `if (gid >= count) { return; }`. */
function guard(b: KernelBuilder, index: Expr, count: number): void {
  b.emit({ k: "if", cond: bin("le", u32(count), index), then: [{ k: "return" }] });
}

/** Elements per invocation of an elementwise kernel whose last axis is a multiple of this. */
const ELEMENTS_PER_INVOCATION = 4;
/** Outputs below this size keep one element per invocation, for parallelism. */
const GROUPED_ELEMENTS_MIN = 4096;
/** Outputs of at least this size take several groups of 4 elements per invocation. */
const MANY_GROUPS_MIN = 65536;
/** Groups of 4 elements per invocation for outputs of MANY_GROUPS_MIN elements or more. */
const GROUPS_PER_INVOCATION = 4;
/**
 * Maximum statements of one group of 4 elements in the vector form, which unrolls the 4
 * elements. Longer fused chains keep a loop over the elements, so their shaders stay short.
 */
const VECTOR_GROUP_STATEMENTS_MAX = 400;

function lowerElementwise(plan: KernelPlan, materialized: ReadonlySet<Tensor>, options: LowerOptions): LoweredKernel {
  const root = plan.root;
  const last = root.shape[root.rank - 1] ?? 1;
  if (root.size >= GROUPED_ELEMENTS_MIN && last % ELEMENTS_PER_INVOCATION === 0) {
    const vector = lowerElementwiseVector(plan, materialized, options);
    if (vector) return vector;
    // Several consecutive elements of the last axis per invocation: on CPU drivers each
    // invocation's fixed cost (index decoding, per-lane bounds checks) is then shared.
    const b = builderFor(plan, materialized, null);
    const count = root.size / ELEMENTS_PER_INVOCATION;
    guard(b, gid, count);
    const first = b.bind(mulU(gid, u32(ELEMENTS_PER_INVOCATION)), "e");
    const coords = unflatIndex(first, root.shape).map((c) => b.bind(c, "c"));
    const j = v("j", "u32");
    const body = b.scoped(() => {
      const at = [...coords.slice(0, -1), b.bind(addU(coords[coords.length - 1], j), "c")];
      for (const output of [root, ...(plan.siblings ?? [])]) b.store(output, addU(first, j), b.valueAt(output, at));
    });
    b.emit({ k: "for", name: "j", start: u32(0), end: u32(ELEMENTS_PER_INVOCATION), step: u32(1), body });
    return finish(`elementwise_${root.op}`, b, options.workgroupSize, ceilDiv(count, options.workgroupSize));
  }
  if (root.size >= GROUPED_ELEMENTS_MIN) {
    // Rows of other lengths (attention's 17) still take 4 consecutive elements per invocation,
    // each with its own coordinates, so there are a quarter as many workgroups.
    const b = builderFor(plan, materialized, null);
    const count = ceilDiv(root.size, ELEMENTS_PER_INVOCATION);
    guard(b, gid, count);
    const first = b.bind(mulU(gid, u32(ELEMENTS_PER_INVOCATION)), "e");
    const j = v("j", "u32");
    const body = b.scoped(() => {
      const element = b.bind(addU(first, j), "e");
      guard(b, element, root.size);
      const at = unflatIndex(element, root.shape).map((c) => b.bind(c, "c"));
      for (const output of [root, ...(plan.siblings ?? [])]) b.store(output, element, b.valueAt(output, at));
    });
    b.emit({ k: "for", name: "j", start: u32(0), end: u32(ELEMENTS_PER_INVOCATION), step: u32(1), body });
    return finish(`elementwise_${root.op}`, b, options.workgroupSize, ceilDiv(count, options.workgroupSize));
  }
  const b = builderFor(plan, materialized, null);
  guard(b, gid, root.size);
  const coords = unflatIndex(gid, root.shape).map((c) => b.bind(c, "c"));
  // Every output of the kernel (the root and its siblings) at the same element.
  for (const output of [root, ...(plan.siblings ?? [])]) b.store(output, gid, b.valueAt(output, coords));
  return finish(`elementwise_${root.op}`, b, options.workgroupSize, ceilDiv(root.size, options.workgroupSize));
}

/**
 * Lowers an elementwise kernel whose last axis is a multiple of 4 in groups of 4 consecutive
 * elements along that axis. Each group reads the inputs that keep the last axis with one
 * vector load, computes its 4 elements unrolled, and writes each output with one vector store.
 * Large outputs take several groups per invocation, strided by the invocation count, so
 * neighbouring invocations touch neighbouring vectors. On CPU drivers each load and store of
 * an invocation is a loop over the SIMD lanes and each workgroup has a fixed cost, so a
 * quarter of the memory operations in fewer workgroups pays off. Returns null when one
 * group's code would be too long, or when a tensor would be read both ways.
 */
function lowerElementwiseVector(plan: KernelPlan, materialized: ReadonlySet<Tensor>, options: LowerOptions): LoweredKernel | null {
  const root = plan.root;
  const outputs = [root, ...(plan.siblings ?? [])];
  const b = builderFor(plan, materialized, null);
  const groups = root.size / ELEMENTS_PER_INVOCATION;
  const perInvocation = root.size >= MANY_GROUPS_MIN ? GROUPS_PER_INVOCATION : 1;
  const invocations = ceilDiv(groups, perInvocation);
  const emitGroup = (group: Expr) => {
    const first = b.bind(mulU(group, u32(ELEMENTS_PER_INVOCATION)), "e");
    const coords = unflatIndex(first, root.shape).map((c) => b.bind(c, "c"));
    const base = coords[coords.length - 1];
    b.alignLastAxis(base);
    const values = outputs.map((): Expr[] => []);
    for (let j = 0; j < ELEMENTS_PER_INVOCATION; j++) {
      const at = [...coords.slice(0, -1), addU(base, u32(j))];
      outputs.forEach((output, o) => values[o].push(b.valueAt(output, at)));
    }
    b.alignLastAxis(null);
    outputs.forEach((output, o) => b.storeVector(output, group, values[o]));
  };
  let groupBody: Stmt[];
  if (perInvocation === 1) {
    guard(b, gid, groups);
    groupBody = b.scoped(() => emitGroup(gid));
    groupBody.forEach((stmt) => b.emit(stmt));
  } else {
    const q = v("q", "u32");
    groupBody = b.scoped(() => {
      const group = b.bind(addU(gid, mulU(q, u32(invocations))), "g");
      guard(b, group, groups);
      emitGroup(group);
    });
    b.emit({ k: "for", name: "q", start: u32(0), end: u32(perInvocation), step: u32(1), body: groupBody });
  }
  if (countStatements(groupBody) > VECTOR_GROUP_STATEMENTS_MAX) return null;
  // A tensor read both 4 at a time and one at a time would take two bindings, and the kernel
  // could then exceed the adapter's storage-buffer limit where the loop form fits.
  if (readBothWays(b)) return null;
  return finish(`elementwise_${root.op}`, b, options.workgroupSize, ceilDiv(invocations, options.workgroupSize));
}

/** Statements in `body`, nested ones included. */
export function countStatements(body: readonly Stmt[]): number {
  let count = 0;
  for (const stmt of body) {
    count += 1;
    if (stmt.k === "for") count += countStatements(stmt.body);
    if (stmt.k === "if") count += countStatements(stmt.then) + countStatements(stmt.else ?? []);
  }
  return count;
}

export interface Reducer {
  type: ScalarType;
  init: Expr;
  combine: (acc: Expr, x: Expr) => Expr;
}

export function reducerOf(core: Tensor): Reducer {
  const type = core.dtype === "f32" ? "f32" : "i32";
  const isNan = (x: Expr) => un("isNan", x, "bool");
  switch (core.op) {
    case Primitive.ReduceSum:
      return { type, init: constantExpr(0, core.dtype), combine: (acc, x) => bin("add", acc, x) };
    case Primitive.ReduceProd:
      return { type, init: constantExpr(1, core.dtype), combine: (acc, x) => bin("mul", acc, x) };
    case Primitive.ReduceMax:
      if (type === "i32") return { type, init: { k: "bitcast", type: "i32", a: u32(0x80000000) }, combine: (acc, x) => bin("max", acc, x) };
      return {
        type,
        init: f32(-Infinity),
        // NaN wins and stays.
        combine: (acc, x) => select(bin("or", isNan(acc), isNan(x)), f32(NaN), bin("max", acc, x)),
      };
    default:
      throw new Error(`internal: ${core.op} is not a reduction`);
  }
}

/** Splits reduction input coordinates into kept output coords and a flat reduced index. */
function inputCoords(input: Tensor, axes: readonly number[], outCoords: readonly Expr[], reducedFlat: Expr): Expr[] {
  const reducedShape = axes.map((a) => input.shape[a]);
  const reducedCoords = unflatIndex(reducedFlat, reducedShape);
  const coords: Expr[] = [];
  let kept = 0;
  for (let i = 0; i < input.rank; i++) {
    const r = axes.indexOf(i);
    coords.push(r >= 0 ? reducedCoords[r] : outCoords[kept++]);
  }
  return coords;
}

/** Returns the root's coordinates of output `index`, because an epilogue may reshape the core's result. */
function rootCoords(b: KernelBuilder, root: Tensor, core: Tensor, index: Expr, coreCoords: Expr[]): Expr[] {
  if (root.rank === core.rank && root.shape.every((d, i) => d === core.shape[i])) return coreCoords;
  return unflatIndex(index, root.shape).map((c) => b.bind(c, "c"));
}

/** Values an invocation of a workgroup reduction combines into one block result before adding it to its total. */
const LOOP_BLOCK = 64;

/** Independent accumulators of a reduction loop in one invocation. */
const LOOP_ACCUMULATORS = 4;

/** One reduction of a loop: its combining rule, the name of its result and the value at r. */
interface LoopPart {
  reducer: Reducer;
  name: string;
  value: (r: Expr) => Expr;
}

/**
 * Emits each part's `name` = the reduction of its `value(r)` for r in [0, length), in one
 * invocation and one loop, so parts that read the same tensor at r share the load. Long loops
 * keep LOOP_ACCUMULATORS partial results per part (element r goes to partial r mod 4) and
 * combine them at the end, so consecutive steps do not wait for each other. On lavapipe a
 * column sum over 1088 rows of 256 columns took 179 µs instead of 234 µs.
 */
function emitLoopReduction(b: KernelBuilder, parts: readonly LoopPart[], length: number): void {
  const unrolled = length >= 2 * LOOP_ACCUMULATORS ? Math.floor(length / LOOP_ACCUMULATORS) * LOOP_ACCUMULATORS : 0;
  const partial = (part: LoopPart, i: number) => (i === 0 ? part.name : `${part.name}${i}`);
  for (const part of parts) b.emit({ k: "var", name: part.name, value: part.reducer.init });
  if (unrolled > 0) {
    for (const part of parts) for (let i = 1; i < LOOP_ACCUMULATORS; i++) b.emit({ k: "var", name: partial(part, i), value: part.reducer.init });
    const r = v("r", "u32");
    const body = b.scoped(() => {
      for (let i = 0; i < LOOP_ACCUMULATORS; i++) {
        const at = i === 0 ? r : b.bind(addU(r, u32(i)), "r");
        for (const part of parts) {
          const name = partial(part, i);
          b.emit({ k: "assign", name, value: part.reducer.combine(v(name, part.reducer.type), part.value(at)) });
        }
      }
    });
    b.emit({ k: "for", name: "r", start: u32(0), end: u32(unrolled), step: u32(LOOP_ACCUMULATORS), body });
  }
  if (unrolled < length) {
    const body = b.scoped(() => {
      for (const part of parts) b.emit({ k: "assign", name: part.name, value: part.reducer.combine(v(part.name, part.reducer.type), part.value(v("r", "u32"))) });
    });
    b.emit({ k: "for", name: "r", start: u32(unrolled), end: u32(length), step: u32(1), body });
  }
  if (unrolled > 0) {
    for (const part of parts) {
      const pair = (i: number, j: number) => part.reducer.combine(v(partial(part, i), part.reducer.type), v(partial(part, j), part.reducer.type));
      b.emit({ k: "assign", name: part.name, value: part.reducer.combine(pair(0, 1), pair(2, 3)) });
    }
  }
}

/** Minimum workgroups a loop reduction spreads its outputs over, where it has enough outputs. */
const LOOP_WORKGROUPS_MIN = 8;

/** Minimum invocations in a workgroup: 8, the narrowest SIMD width in common use. */
const WORKGROUP_WIDTH_MIN = 8;

/**
 * Returns the workgroup size of a loop reduction with `outputs` outputs: `size`, halved while
 * that leaves fewer than LOOP_WORKGROUPS_MIN workgroups. A bias gradient (a column sum of
 * 1088 × 64 values) then runs as 8 workgroups of 8 rather than one of 64. CPU adapters such as
 * lavapipe run each workgroup on one thread, so now every core takes a share. The column sums
 * of a Transformer block's training step took 2.8 instead of 3.5 ms.
 */
function loopWorkgroupSize(outputs: number, size: number): number {
  let width = size;
  while (width > WORKGROUP_WIDTH_MIN && Math.ceil(outputs / width) < LOOP_WORKGROUPS_MIN) width /= 2;
  return width;
}

/** Values of a row that one step of a vector row reduction reads, one per partial result. */
const VECTOR_ROW_STEP = 4;

/**
 * Lowers a reduction of the last axis, short and a multiple of 4 long, as a loop in one
 * invocation per output that reads 4 consecutive values of each stored input with one vector
 * load. Value r goes to partial result r mod 4, as in emitLoopReduction, so results are the
 * same bit for bit. A layer-norm gradient's row sums in a Transformer block's training step
 * (1088 rows of 64) took 0.21 instead of 0.27 ms. Returns null when a tensor would be read
 * both 4 at a time and one at a time (two bindings, which could exceed the adapter's limit).
 */
function lowerRowReduceVector(plan: KernelPlan, materialized: ReadonlySet<Tensor>, options: LowerOptions): LoweredKernel | null {
  const core = plan.core as Tensor;
  const input = core.inputs[0];
  const length = input.shape[input.rank - 1];
  const reducer = reducerOf(core);
  const b = builderFor(plan, materialized, { node: core, value: v("acc", reducer.type) });
  const root = plan.root;
  guard(b, gid, root.size);
  const outCoords = unflatIndex(gid, core.shape).map((c) => b.bind(c, "c"));
  const partials = Array.from({ length: VECTOR_ROW_STEP }, (_, i) => (i === 0 ? "acc" : `acc${i}`));
  for (const name of partials) b.emit({ k: "var", name, value: reducer.init });
  const r = v("r", "u32");
  const body = b.scoped(() => {
    b.alignLastAxis(r);
    partials.forEach((name, j) => {
      const x = b.valueAt(input, [...outCoords, addU(r, u32(j))]);
      b.emit({ k: "assign", name, value: reducer.combine(v(name, reducer.type), x) });
    });
    b.alignLastAxis(null);
  });
  b.emit({ k: "for", name: "r", start: u32(0), end: u32(length), step: u32(VECTOR_ROW_STEP), body });
  const pair = (i: number, j: number) => reducer.combine(v(partials[i], reducer.type), v(partials[j], reducer.type));
  b.emit({ k: "assign", name: "acc", value: reducer.combine(pair(0, 1), pair(2, 3)) });
  for (const output of [root, ...(plan.siblings ?? [])]) b.store(output, gid, b.valueAt(output, rootCoords(b, output, core, gid, outCoords)));
  if (new Set(b.bindingNodes).size !== b.bindingNodes.length) return null;
  const size = loopWorkgroupSize(root.size, options.workgroupSize);
  return finish(`reduce_${core.op}`, b, size, ceilDiv(root.size, size));
}

/** Outputs of a column reduction per invocation: consecutive columns, read with one vector load. */
const VECTOR_COLUMNS = 4;

/**
 * Lowers a reduction that keeps the last axis, a multiple of 4 long (a column sum), with one
 * invocation per 4 consecutive outputs. Each step of the loop reads the 4 columns of each
 * stored input with one vector load, and the outputs are written with vector stores. Every
 * column keeps the partial results of emitLoopReduction, so results are the same bit for bit
 * as one invocation per output. On CPU drivers each load of an invocation is a loop over the
 * SIMD lanes, so a quarter of the loads pays off. In a Transformer block's training step on
 * lavapipe, each kernel of a layer norm's scale and shift gradients (1088 rows of 64) took 0.33
 * to 0.46 ms instead of 0.39 to 0.79 ms. Returns null when a tensor would be read both 4 at a
 * time and one at a time (two bindings, which could exceed the adapter's limit).
 */
function lowerColumnReduceVector(plan: KernelPlan, materialized: ReadonlySet<Tensor>, options: LowerOptions): LoweredKernel | null {
  const core = plan.core as Tensor;
  const axes = core.attrsOf(Primitive.ReduceSum).axes;
  const input = core.inputs[0];
  const length = axes.reduce((n, a) => n * input.shape[a], 1);
  const b = builderFor(plan, materialized, null);
  const groups = core.size / VECTOR_COLUMNS;
  guard(b, gid, groups);
  const first = b.bind(mulU(gid, u32(VECTOR_COLUMNS)), "e");
  const outCoords = unflatIndex(first, core.shape).map((c) => b.bind(c, "c"));
  const base = outCoords[outCoords.length - 1];
  const columnCoords = (j: number) => [...outCoords.slice(0, -1), addU(base, u32(j))];
  const reductions = [plan, ...(plan.joined ?? [])];
  // One loop part per reduction and column, named after both.
  const parts = reductions.flatMap((p, i) => {
    const reduced = p.core as Tensor;
    const from = reduced.inputs[0];
    return Array.from({ length: VECTOR_COLUMNS }, (_, j): LoopPart => ({
      reducer: reducerOf(reduced),
      name: `acc_${i}_${j}_`,
      value: (r) => b.valueAt(from, inputCoords(from, axes, columnCoords(j), r)),
    }));
  });
  b.alignLastAxis(base);
  emitLoopReduction(b, parts, length);
  reductions.forEach((p, i) => {
    const reduced = p.core as Tensor;
    for (const output of [p.root, ...(p.siblings ?? [])]) {
      const values = Array.from({ length: VECTOR_COLUMNS }, (_, j) => {
        const part = parts[i * VECTOR_COLUMNS + j];
        const index = addU(first, u32(j));
        return b.withCore(reduced, v(part.name, part.reducer.type), () => b.valueAt(output, rootCoords(b, output, reduced, index, columnCoords(j))));
      });
      b.storeVector(output, gid, values);
    }
  });
  b.alignLastAxis(null);
  if (readBothWays(b)) return null;
  const size = loopWorkgroupSize(groups, options.workgroupSize);
  const name = reductions.length > 1 ? `reduce_columns_${core.op}_joined${reductions.length}` : `reduce_columns_${core.op}`;
  return finish(name, b, size, ceilDiv(groups, size));
}

function lowerReduce(plan: KernelPlan, materialized: ReadonlySet<Tensor>, options: LowerOptions): LoweredKernel {
  const core = plan.core as Tensor;
  const input = core.inputs[0];
  const axes = core.attrsOf(Primitive.ReduceSum).axes;
  const length = axes.reduce((n, a) => n * input.shape[a], 1);
  const reducer = reducerOf(core);
  const acc = v("acc", reducer.type);
  const b = builderFor(plan, materialized, { node: core, value: acc });
  const root = plan.root;

  // Short rows, and columns (the last axis kept) with enough outputs to keep invocations busy,
  // loop in one invocation per output: neighbouring invocations read neighbouring addresses,
  // and no workgroup barriers are needed.
  const columns = !axes.includes(input.rank - 1) && root.size >= options.workgroupSize;
  const row = axes.length === 1 && axes[0] === input.rank - 1;
  if (row && length < options.workgroupReduceThreshold && length >= 2 * VECTOR_ROW_STEP && length % VECTOR_ROW_STEP === 0) {
    const vector = lowerRowReduceVector(plan, materialized, options);
    if (vector) return vector;
  }
  if (length < options.workgroupReduceThreshold || columns || plan.joined) {
    // Only where the loop form applies: a few long columns keep the workgroup form below,
    // which adds each column in blocks.
    const keepsLastAxis = core.rank > 0 && !axes.includes(input.rank - 1);
    if (keepsLastAxis && core.size > 0 && core.shape[core.rank - 1] % VECTOR_COLUMNS === 0 && length > 0) {
      const vector = lowerColumnReduceVector(plan, materialized, options);
      if (vector) return vector;
    }
    guard(b, gid, root.size);
    const outCoords = unflatIndex(gid, core.shape).map((c) => b.bind(c, "c"));
    // Joined reductions (see schedule/joined-reductions.ts) reduce the same axes of inputs of
    // the same shape, so they share the loop and the output index.
    const joined = plan.joined ?? [];
    const parts = [plan, ...joined].map((p, i): LoopPart => {
      const reduced = p.core as Tensor;
      const from = reduced.inputs[0];
      return { reducer: reducerOf(reduced), name: i === 0 ? "acc" : `acc_${i}_`, value: (r) => b.valueAt(from, inputCoords(from, axes, outCoords, r)) };
    });
    emitLoopReduction(b, parts, length);
    for (const output of [root, ...(plan.siblings ?? [])]) b.store(output, gid, b.valueAt(output, rootCoords(b, output, core, gid, outCoords)));
    joined.forEach((p, i) => {
      const reduced = p.core as Tensor;
      const value = v(parts[i + 1].name, parts[i + 1].reducer.type);
      for (const output of [p.root, ...(p.siblings ?? [])]) b.store(output, gid, b.withCore(reduced, value, () => b.valueAt(output, rootCoords(b, output, reduced, gid, outCoords))));
    });
    const size = loopWorkgroupSize(root.size, options.workgroupSize);
    const name = joined.length > 0 ? `reduce_${core.op}_joined${joined.length + 1}` : `reduce_${core.op}`;
    return finish(name, b, size, ceilDiv(root.size, size));
  }

  // One workgroup per output: strided partial results, then a tree in workgroup memory.
  const width = 256;
  b.declareShared({ name: "partial", type: reducer.type, size: width });
  // Workgroups past the last output (a grid split across x and y) return before the barriers,
  // which stay in uniform control flow because wid is uniform in a workgroup.
  guard(b, wid, root.size);
  const outCoords = unflatIndex(wid, core.shape).map((c) => b.bind(c, "c"));
  b.emit({ k: "var", name: "acc", value: reducer.init });
  const strided = LOOP_BLOCK * width;
  if (length <= strided) {
    const body = b.scoped(() => {
      const x = b.valueAt(input, inputCoords(input, axes, outCoords, v("r", "u32")));
      b.emit({ k: "assign", name: "acc", value: reducer.combine(acc, x) });
    });
    b.emit({ k: "for", name: "r", start: lid, end: u32(length), step: u32(width), body });
  } else {
    // Each invocation combines LOOP_BLOCK of its values into a block result first, then the
    // block results into acc. A running f32 sum of 10⁷ values of 0.1 drifted by 4e-4 relative
    // in one sequence of 39,000 additions per invocation. A compensated (Kahan) sum gave no gain
    // on lavapipe, probably because its compiler reassociates the compensation away.
    const block = v("block", reducer.type);
    const inner = b.scoped(() => {
      const x = b.valueAt(input, inputCoords(input, axes, outCoords, v("r", "u32")));
      b.emit({ k: "assign", name: "block", value: reducer.combine(block, x) });
    });
    const outer = b.scoped(() => {
      b.emit({ k: "var", name: "block", value: reducer.init });
      const end = b.bind(bin("min", addU(v("base", "u32"), u32(strided)), u32(length)), "c");
      b.emit({ k: "for", name: "r", start: addU(v("base", "u32"), lid), end, step: u32(width), body: inner });
      b.emit({ k: "assign", name: "acc", value: reducer.combine(acc, block) });
    });
    b.emit({ k: "for", name: "base", start: u32(0), end: u32(length), step: u32(strided), body: outer });
  }
  b.emit({ k: "storeShared", array: "partial", index: lid, value: acc });
  b.emit({ k: "barrier" });
  for (let stride = width / 2; stride >= 1; stride /= 2) {
    const other: Expr = { k: "loadShared", type: reducer.type, array: "partial", index: addU(lid, u32(stride)) };
    const mine: Expr = { k: "loadShared", type: reducer.type, array: "partial", index: lid };
    b.emit({
      k: "if",
      cond: bin("lt", lid, u32(stride)),
      then: [{ k: "storeShared", array: "partial", index: lid, value: reducer.combine(mine, other) }],
    });
    b.emit({ k: "barrier" });
  }
  const epilogue = b.scoped(() => {
    b.emit({ k: "assign", name: "acc", value: { k: "loadShared", type: reducer.type, array: "partial", index: u32(0) } });
    for (const output of [root, ...(plan.siblings ?? [])]) b.store(output, wid, b.valueAt(output, rootCoords(b, output, core, wid, outCoords)));
  });
  b.emit({ k: "if", cond: bin("eq", lid, u32(0)), then: epilogue });
  return finish(`reduce_rows_${core.op}`, b, width, root.size);
}

function lowerArgMax(plan: KernelPlan, materialized: ReadonlySet<Tensor>, options: LowerOptions): LoweredKernel {
  const node = plan.root;
  const input = node.inputs[0];
  const axis = node.attrsOf(Primitive.ArgMax).axis;
  const b = builderFor(plan, materialized, null);
  guard(b, gid, node.size);
  const outCoords = unflatIndex(gid, node.shape).map((c) => b.bind(c, "c"));
  const at = (r: Expr) => b.valueAt(input, [...outCoords.slice(0, axis), r, ...outCoords.slice(axis)]);
  const isFloat = input.dtype === "f32";
  b.emit({ k: "var", name: "best", value: at(u32(0)) });
  b.emit({ k: "var", name: "bestIndex", value: u32(0) });
  const best = v("best", isFloat ? "f32" : "i32");
  const body = b.scoped(() => {
    const x = at(v("r", "u32"));
    const isNan = (e: Expr) => un("isNan", e, "bool");
    // The first NaN wins; otherwise a strictly larger value.
    const better = isFloat
      ? bin("and", un("not", isNan(best), "bool"), bin("or", isNan(x), bin("lt", best, x)))
      : bin("lt", best, x);
    b.emit({ k: "if", cond: better, then: [{ k: "assign", name: "best", value: x }, { k: "assign", name: "bestIndex", value: v("r", "u32") }] });
  });
  b.emit({ k: "for", name: "r", start: u32(1), end: u32(input.shape[axis]), step: u32(1), body });
  b.store(node, gid, cast(v("bestIndex", "u32"), "i32"));
  return finish("argmax", b, options.workgroupSize, ceilDiv(node.size, options.workgroupSize));
}

function lowerDot(plan: KernelPlan, materialized: ReadonlySet<Tensor>, options: LowerOptions): LoweredKernel {
  const stored = storedFor(plan, materialized);
  const variant = matmulVariantOf(options);
  let b = new KernelBuilder(stored, null);
  let launch = emitMatmul(b, plan, stored, variant);
  // The epilogue in groups of 4 columns repeats its code 4 times, and reads some tensors 4 at
  // a time. Too long a group, or a tensor that the kernel then also reads one element at a
  // time (two bindings, which may exceed the adapter's limit), falls back to single elements.
  if (launch.groupStatements > VECTOR_GROUP_STATEMENTS_MAX || readBothWays(b)) {
    b = new KernelBuilder(stored, null);
    launch = emitMatmul(b, plan, stored, variant, false);
  }
  return finish(launch.name, b, launch.workgroupSize, launch.workgroups);
}

/** Returns whether a tensor has both a vector binding and a plain buffer binding in `b`. */
function readBothWays(b: KernelBuilder): boolean {
  const plain = new Set(b.bindingNodes.filter((_, i) => !b.bindings[i].vectorWidth && !b.bindings[i].texture));
  return b.bindingNodes.some((node, i) => b.bindings[i].vectorWidth !== undefined && plain.has(node));
}

/** The variant `options` ask for: `matmulVariant`, else the flat kernel with `matmulBlock`. */
export function matmulVariantOf(options: LowerOptions): MatmulVariant {
  return options.matmulVariant ?? { ...LEGACY_MATMUL_VARIANT, block: options.matmulBlock, workgroupSize: options.workgroupSize };
}

function lowerScatter(plan: KernelPlan, materialized: ReadonlySet<Tensor>, options: LowerOptions): LoweredKernel {
  const node = plan.root;
  const [updates, indices] = node.inputs;
  const { axis } = node.attrsOf(Primitive.ScatterAdd);
  const b = builderFor(plan, materialized, null);
  guard(b, gid, node.size);
  const outCoords = unflatIndex(gid, node.shape).map((c) => b.bind(c, "c"));
  const bin_ = cast(outCoords[axis], "i32");
  b.emit({ k: "var", name: "acc", value: constantExpr(0, node.dtype) });
  const p = v("p", "u32");
  // Positions are visited in order, so the sum is deterministic and loses no update.
  const body = b.scoped(() => {
    const idxCoords = unflatIndex(p, indices.shape);
    const index = b.valueAt(indices, idxCoords);
    const then = b.scoped(() => {
      const u = b.valueAt(updates, [...outCoords.slice(0, axis), ...idxCoords, ...outCoords.slice(axis + 1)]);
      b.emit({ k: "assign", name: "acc", value: bin("add", v("acc", node.dtype === "f32" ? "f32" : "i32"), u) });
    });
    b.emit({ k: "if", cond: bin("eq", index, bin_), then });
  });
  b.emit({ k: "for", name: "p", start: u32(0), end: u32(indices.size), step: u32(1), body });
  b.store(node, gid, v("acc", node.dtype === "f32" ? "f32" : "i32"));
  return finish("scatter_add", b, options.workgroupSize, ceilDiv(node.size, options.workgroupSize));
}

function lowerArgsort(plan: KernelPlan, materialized: ReadonlySet<Tensor>, options: LowerOptions): LoweredKernel {
  const node = plan.root;
  const input = node.inputs[0];
  const { axis, descending } = node.attrsOf(Primitive.Argsort);
  const b = builderFor(plan, materialized, null);
  guard(b, gid, node.size);
  const coords = unflatIndex(gid, node.shape).map((c) => b.bind(c, "c"));
  const me = coords[axis];
  const at = (r: Expr) => b.valueAt(input, coords.map((c, i) => (i === axis ? r : c)));
  const mine = at(me);
  const isFloat = input.dtype === "f32";
  b.emit({ k: "var", name: "rank", value: u32(0) });
  const j = v("j", "u32");
  // NOTE: the rank of each element is counted in O(n) per element (O(n²) per row): exact and
  // stable, but slow for rows of tens of thousands of elements.
  const body = b.scoped(() => {
    const other = at(j);
    const isNan = (e: Expr) => un("isNan", e, "bool");
    const before = descending ? bin("lt", mine, other) : bin("lt", other, mine);
    const tie = bin("and", bin("eq", other, mine), bin("lt", j, me));
    let precedes = bin("or", before, tie);
    if (isFloat) {
      // NaN sorts last; NaNs keep their order.
      const bothNan = bin("and", isNan(mine), isNan(other));
      const plain = bin("and", un("not", bin("or", isNan(mine), isNan(other)), "bool"), precedes);
      precedes = bin("or", plain, bin("or", bin("and", isNan(mine), un("not", isNan(other), "bool")), bin("and", bothNan, bin("lt", j, me))));
    }
    b.emit({ k: "if", cond: precedes, then: [{ k: "assign", name: "rank", value: addU(v("rank", "u32"), u32(1)) }] });
  });
  b.emit({ k: "for", name: "j", start: u32(0), end: u32(input.shape[axis]), step: u32(1), body });
  const target = coords.map((c, i) => (i === axis ? v("rank", "u32") : c));
  b.store(node, flatIndex(target, node.shape), cast(me, "i32"));
  return finish("argsort", b, options.workgroupSize, ceilDiv(node.size, options.workgroupSize));
}

export function lowerKernel(plan: KernelPlan, materialized: ReadonlySet<Tensor>, options: LowerOptions = DEFAULT_LOWER_OPTIONS): LoweredKernel {
  if (plan.rows && plan.core?.op !== Primitive.Dot) return lowerRows(plan, materialized, options);
  const core = plan.core;
  if (plan.products) return lowerDot(plan, materialized, options);
  if (!core) return lowerElementwise(plan, materialized, options);
  switch (core.op) {
    case Primitive.ReduceSum:
    case Primitive.ReduceMax:
    case Primitive.ReduceProd:
      return lowerReduce(plan, materialized, options);
    case Primitive.ArgMax:
      return lowerArgMax(plan, materialized, options);
    case Primitive.Dot:
      return lowerDot(plan, materialized, options);
    case Primitive.ScatterAdd:
      return lowerScatter(plan, materialized, options);
    case Primitive.Argsort:
      return lowerArgsort(plan, materialized, options);
    default:
      throw new Error(`internal: no kernel for core ${core.op}`);
  }
}

export { i32 };
