/**
 * Scheduling: decides which nodes of a program get a buffer of their own (a kernel writes them)
 * and which are fused into their consumers. Elementwise and movement nodes are inlined into the
 * kernel that reads them; reductions, matmuls, sorts and scatters start a kernel; a reduction or
 * matmul whose only consumers are same-shape elementwise chains becomes the "core" of the kernel
 * that writes the ends of those chains (epilogue fusion).
 */
import { Primitive, type Program, type Tensor } from "@kiln/tensor";
import { transposedRhsTexture } from "../codegen/matmul.js";
import type { MatmulVariant } from "../codegen/matmul-variant.js";
import { ELEMENTWISE_OPS, REDUCTION_OPS, sameShape } from "./ops.js";
import { absorbColumnSums } from "./column-sums.js";
import { epilogueViews, permutes } from "./epilogue-views.js";
import { reachesAny } from "./reaches.js";
import { joinReductions } from "./joined-reductions.js";
import { absorbProductSums } from "./product-sums.js";
import { absorbRowProducts } from "./row-products.js";
import { findRowGroup, type RowGroup } from "./rows.js";

/** Primitives computed by a dedicated loop rather than per output element. */
const CORE_OPS: ReadonlySet<Primitive> = new Set([
  Primitive.ReduceSum,
  Primitive.ReduceMax,
  Primitive.ReduceProd,
  Primitive.ArgMax,
  Primitive.Dot,
  Primitive.Argsort,
  Primitive.ScatterAdd,
]);

/** Cores that can take an elementwise epilogue. */
const EPILOGUE_CORES: ReadonlySet<Primitive> = new Set([
  Primitive.ReduceSum,
  Primitive.ReduceMax,
  Primitive.ReduceProd,
  Primitive.Dot,
]);

/** Index-only primitives: inlining them costs address arithmetic, never recomputation. */
const VIEW_OPS: ReadonlySet<Primitive> = new Set([
  Primitive.Reshape,
  Primitive.Permute,
  Primitive.Broadcast,
  Primitive.Slice,
  Primitive.Flip,
  Primitive.StopGradient,
  Primitive.CustomVjp,
]);

export interface KernelPlan {
  /** The node this kernel writes to its buffer. */
  root: Tensor;
  /** The reduction, matmul, sort or scatter computed in the kernel's loop, if any. */
  core: Tensor | null;
  /**
   * Per-row reductions computed before the root in a row kernel. With a matmul core, they are
   * computed from the product's accumulators (see row-products.ts).
   */
  rows?: RowGroup;
  /** Further outputs written by the same kernel: elementwise nodes of the root's shape, or an epilogue's other roots. */
  siblings?: Tensor[];
  /**
   * The products whose sum is the core (an Add of matmuls, see product-sums.ts): the kernel
   * runs their k loops one after another into the same accumulators.
   */
  products?: Tensor[];
  /**
   * Further reductions of the same axes of same-shaped inputs, computed in this kernel's loop
   * (a layer norm's scale and shift gradients, see joined-reductions.ts).
   */
  joined?: KernelPlan[];
  /** A matmul's second job: the column sums of its rhs, with their epilogue (a bias gradient beside its weight gradient). */
  columnSums?: KernelPlan;
}

/** Lists every node a kernel writes: its root, its siblings and the stored reductions of its row group. */
export function kernelWrites(plan: KernelPlan): Tensor[] {
  const sums = plan.columnSums ? kernelWrites(plan.columnSums) : [];
  const joined = (plan.joined ?? []).flatMap(kernelWrites);
  return [plan.root, ...(plan.siblings ?? []), ...(plan.rows?.stored ?? []), ...sums, ...joined];
}

export interface Schedule {
  kernels: KernelPlan[];
  /** Nodes with a buffer: program inputs, constants of more than one element, kernel roots. */
  materialized: Set<Tensor>;
  /** Constants uploaded once per executable. */
  constants: Tensor[];
  /** Output reshapes that share their input's buffer instead of running a kernel. */
  aliases: Map<Tensor, Tensor>;
}

/** Fused work above which a value read by two kernels is stored once rather than recomputed. */
const RECOMPUTE_LIMIT = 16;

function isCheap(node: Tensor, materialized: Set<Tensor>): boolean {
  if (materialized.has(node)) return true;
  if (node.op === Primitive.Constant || node.op === Primitive.Iota) return true;
  if (!VIEW_OPS.has(node.op)) return false;
  return node.inputs.every((x) => isCheap(x, materialized));
}

/** Number of non-view ops a kernel recomputes when it inlines `node`, capped at `limit + 1`. */
function inlineCost(node: Tensor, materialized: Set<Tensor>, limit: number): number {
  let cost = 0;
  const seen = new Set<Tensor>();
  const stack = [node];
  while (stack.length > 0 && cost <= limit) {
    const t = stack.pop() as Tensor;
    if (seen.has(t) || (t !== node && materialized.has(t))) continue;
    seen.add(t);
    if (t.op === Primitive.RandomBits) cost += limit + 1;
    else if (!VIEW_OPS.has(t.op) && t.op !== Primitive.Constant && t.op !== Primitive.Iota) cost++;
    stack.push(...t.inputs);
  }
  return cost;
}

/** Returns the stored tensors of `node`'s size that its fused expression loads. */
function storedOperands(node: Tensor, materialized: ReadonlySet<Tensor>): Tensor[] {
  return [...readsOf(node, materialized)].filter((t) => t.size === node.size);
}

/** Checks whether elementwise `node` loads a stored product other than `product`. */
function addsAnotherProduct(node: Tensor, product: Tensor, materialized: ReadonlySet<Tensor>): boolean {
  if (!ELEMENTWISE_OPS.has(node.op)) return false;
  return storedOperands(node, materialized).some((t) => t.op === Primitive.Dot && t !== product);
}

/**
 * Checks whether the kernel of a product can store `node` in place of the product: `node` is a
 * residual sum `x + x · w + b`, the product's only epilogue value. Each kernel that reads `node`
 * then loads one tensor instead of two, and loads, not arithmetic, set the speed of such
 * kernels. A sum of products is left to product-sums.ts, which computes it in one kernel.
 * NOTE: the gain was measured on lavapipe only; no GPU adapter has timed this rule.
 */
function replacesProduct(node: Tensor, consumers: Map<Tensor, Tensor[]>, materialized: ReadonlySet<Tensor>): boolean {
  if (!ELEMENTWISE_OPS.has(node.op)) return false;
  const stored = storedOperands(node, materialized);
  const products = stored.filter((t) => t.op === Primitive.Dot);
  if (stored.length < 2 || products.length !== 1) return false;
  const product = products[0];
  // A partial sum read only where another product joins it (x + a · w + c · v) is part of a
  // longer sum, and the whole sum is the one to store.
  if ((consumers.get(node) ?? []).every((c) => addsAnotherProduct(c, product, materialized))) return false;
  const roots = epilogueRoots(product, consumers, new Set([...materialized, node]));
  return roots !== null && roots.length === 1 && roots[0] === node;
}

/**
 * Counts the kernels that will read `node`. A reduction whose value another reader loads
 * (a layer norm's mean, read by its output) is not counted: row fusion computes it in that
 * reader's kernel.
 */
function kernelsReading(node: Tensor, consumers: Map<Tensor, Tensor[]>, materialized: ReadonlySet<Tensor>): number {
  const readers = [...readersOf(node, consumers, materialized)];
  const joinsReader = (r: Tensor) => REDUCTION_OPS.has(r.op) && readers.some((other) => other !== r && readsOf(other, materialized).has(r));
  return readers.filter((r) => !joinsReader(r)).length;
}

/**
 * Schedules `program`. Nodes in `forced` are given buffers even where fusion would inline them;
 * the executable uses this to split kernels that read more buffers than the adapter allows.
 * `maxBindings` caps the buffers of a merged multi-output kernel (8 is the least WebGPU
 * guarantees per shader stage). With `merges` false, kernels that could join another keep
 * their own: column sums beside matmuls (column-sums.ts), products beside row groups
 * (row-products.ts), products beside products (product-sums.ts) and reductions beside
 * reductions (joined-reductions.ts).
 */
export function schedule(program: Program, forced: ReadonlySet<Tensor> = new Set(), maxBindings = 8, matmulVariant?: MatmulVariant, merges = true): Schedule {
  const inputSet = new Set(program.inputs);
  const outputSet = new Set(program.outputs);
  const consumers = new Map<Tensor, Tensor[]>();
  for (const node of program.nodes) {
    for (const x of node.inputs) {
      const list = consumers.get(x) ?? [];
      if (!list.includes(node)) list.push(node);
      consumers.set(x, list);
    }
  }

  // Buffers that must exist: inputs, large constants, outputs, loop-computed nodes.
  const materialized = new Set<Tensor>(program.inputs);
  const constants: Tensor[] = [];
  for (const node of program.nodes) {
    if (inputSet.has(node)) continue;
    if (node.op === Primitive.Constant) {
      if (node.size > 1 || outputSet.has(node)) {
        materialized.add(node);
        constants.push(node);
      }
    } else if (outputSet.has(node) || CORE_OPS.has(node.op) || forced.has(node)) {
      materialized.add(node);
    }
  }
  // Matmul operands are read many times each: keep them to plain loads. The buffer goes below
  // any reshape or transpose, so those stay index arithmetic instead of a copy.
  for (const node of program.nodes) {
    if (node.op !== Primitive.Dot) continue;
    for (const [side, operand] of node.inputs.entries()) {
      if (side === 1 && copiesTransposedRhs(node, operand, materialized, matmulVariant)) {
        materialized.add(operand);
        continue;
      }
      if (storesPermutedProduct(operand, consumers, materialized, outputSet)) {
        materialized.add(operand);
        continue;
      }
      let base = operand;
      while (VIEW_OPS.has(base.op) && !materialized.has(base) && base.inputs.length === 1) base = base.inputs[0];
      if (!isCheap(base, materialized)) materialized.add(base);
    }
  }

  // A value inlined into several kernels is recomputed by each; store it once if that costs more.
  const owners = new Map<Tensor, Set<Tensor>>();
  for (let i = program.nodes.length - 1; i >= 0; i--) {
    const node = program.nodes[i];
    const set = new Set<Tensor>();
    for (const c of consumers.get(node) ?? []) {
      if (materialized.has(c)) set.add(c);
      else for (const o of owners.get(c) ?? []) set.add(o);
    }
    if (!materialized.has(node) && set.size > 1 && inlineCost(node, materialized, RECOMPUTE_LIMIT) > RECOMPUTE_LIMIT) {
      materialized.add(node);
    }
    owners.set(node, materialized.has(node) ? new Set([node]) : set);
  }
  // Residual sums read by several kernels (see replacesProduct), in program order, so that the
  // values computed from a stored sum load it instead of its operands.
  for (const node of program.nodes) {
    if (materialized.has(node) || !replacesProduct(node, consumers, materialized)) continue;
    if (kernelsReading(node, consumers, materialized) > 1) materialized.add(node);
  }

  // Epilogue fusion: a core read only by same-shape elementwise regions ends in one root, or in
  // several written by one kernel (an optimiser's moments and parameter, from one gradient).
  const order = new Map(program.nodes.map((node, i) => [node, i]));
  const coreOf = new Map<Tensor, Tensor>();
  const siblingsOf = new Map<Tensor, Tensor[]>();
  const fusedSiblings = new Set<Tensor>();
  const position = (t: Tensor) => order.get(t) as number;
  for (const node of program.nodes) {
    if (!EPILOGUE_CORES.has(node.op) || outputSet.has(node)) continue;
    const required = epilogueRoots(node, consumers, materialized);
    const fuse = (base: Tensor[], candidates: Tensor[]) => chooseRoots(node, base, candidates, consumers, materialized, position, maxBindings);
    let roots: Tensor[] | null = null;
    let storesCore = false;
    if (required && !required.some((r) => coreOf.has(r) || fusedSiblings.has(r))) {
      // A root the product reaches through a permutation (merged attention heads) is written
      // alone, at the coordinates that its views give.
      const views = required.map((r) => epilogueViews(r, node, materialized));
      if (!views.some((v) => v === null || permutes(v))) roots = fuse(required, furtherRoots(node, required, consumers, materialized, coreOf, fusedSiblings));
      else if (required.length === 1 && views[0] !== null) roots = fuse(required, []);
    }
    if (!roots) {
      // Other kernels read the core too (a pre-activation that the backward pass needs). The
      // core's kernel can still store it and write the values computed from it (the activation).
      roots = fuse([node], furtherRoots(node, [node], consumers, materialized, coreOf, fusedSiblings));
      if (!roots || roots.length === 1) continue;
      storesCore = true;
    }
    // The kernel runs where its last root was: every root's inputs are ready by then.
    const root = roots[roots.length - 1];
    const siblings = roots.slice(0, -1);
    coreOf.set(root, node);
    if (siblings.length > 0) siblingsOf.set(root, siblings);
    for (const sibling of siblings) fusedSiblings.add(sibling);
    if (!storesCore) materialized.delete(node);
  }

  // Row fusion: per-row reductions of softmax- and norm-shaped expressions join their root.
  const rowGroups = new Map<Tensor, RowGroup>();
  const claimed = new Set<Tensor>();
  for (const node of program.nodes) {
    if (!materialized.has(node) || inputSet.has(node) || CORE_OPS.has(node.op) || coreOf.has(node) || fusedSiblings.has(node) || !ELEMENTWISE_OPS.has(node.op)) continue;
    const group = findRowGroup(node, { inputs: inputSet, materialized, consumers, order, claimed, outputs: outputSet });
    if (!group) continue;
    rowGroups.set(node, group);
    for (const q of group.reductions) {
      claimed.add(q);
      if (!group.stored.includes(q)) materialized.delete(q);
    }
  }

  // An output that only reshapes a stored value shares its buffer.
  const aliases = new Map<Tensor, Tensor>();
  for (const node of program.outputs) {
    const input = node.inputs[0];
    if (node.op === Primitive.Reshape && input && materialized.has(input) && !inputSet.has(node) && !coreOf.has(node)) {
      aliases.set(node, input);
    }
  }

  const kernels: KernelPlan[] = [];
  for (const node of program.nodes) {
    if (!materialized.has(node) || inputSet.has(node) || node.op === Primitive.Constant || aliases.has(node)) continue;
    // A stored reduction of a row group, or a further root of an epilogue, is written by its
    // root's kernel.
    if (claimed.has(node) || fusedSiblings.has(node)) continue;
    // A zero-size kernel is never dispatched, so it is lowered as a plain elementwise kernel,
    // because loop lowerings would divide by its zero extents, which WGSL rejects at shader creation.
    const core = node.size === 0 ? null : CORE_OPS.has(node.op) ? node : coreOf.get(node) ?? null;
    const rows = rowGroups.get(node);
    const siblings = siblingsOf.get(node);
    kernels.push(rows ? { root: node, core, rows } : siblings ? { root: node, core, siblings } : { root: node, core });
  }
  if (!merges) return { kernels: mergeSiblings(kernels, materialized, maxBindings), materialized, constants, aliases };
  const rowProducts = matmulVariant ? absorbRowProducts(kernels, materialized, outputSet, maxBindings, matmulVariant) : kernels;
  const productSums = absorbProductSums(rowProducts, materialized, consumers, outputSet, maxBindings);
  const siblingsMerged = mergeSiblings(productSums, materialized, maxBindings);
  const columnSums = absorbColumnSums(siblingsMerged, materialized, maxBindings);
  return { kernels: joinReductions(columnSums, materialized, maxBindings), materialized, constants, aliases };
}

/** Rows of the lhs from which a transposed rhs is copied into its own buffer first. */
const TRANSPOSED_RHS_ROWS = 64;

/**
 * Checks whether a matmul's rhs view reads its columns across rows of the stored tensor (a
 * transpose such as `g · wᵀ`). Every row block of the lhs reads the whole rhs again, so with
 * enough rows one contiguous copy is cheaper: the kernel then loads 4 columns at a time
 * instead of gathering them one by one. A kernel that reads the transposed tensor's texture
 * (see transposedRhsTexture) loads 4 k at a time instead, and needs no copy.
 */
function copiesTransposedRhs(dot: Tensor, rhs: Tensor, materialized: ReadonlySet<Tensor>, variant: MatmulVariant | undefined): boolean {
  if (materialized.has(rhs) || dot.shape[dot.rank - 2] < TRANSPOSED_RHS_ROWS) return false;
  if (transposedRhsTexture(dot, materialized, variant)) return false;
  for (let view = rhs; !materialized.has(view) && VIEW_OPS.has(view.op) && view.inputs.length === 1; view = view.inputs[0]) {
    if (view.op !== Primitive.Permute) continue;
    const perm = view.attrsOf(Primitive.Permute).perm;
    if (perm[perm.length - 1] !== perm.length - 1) return true;
  }
  return false;
}

/**
 * Checks whether a matmul operand permutes another product that nothing else reads (the merged
 * heads of attention, [B, H, S, D] to [B·S, H·D], before the output projection). The operand
 * is then stored in its own layout, and the product's kernel writes each element where the
 * views move it (see epilogue-views.ts). This matmul then loads the operand as a plain matrix
 * (4 k at a time, or from a texture) instead of gathering each element through the
 * permutation. Only matrix operands qualify. Storing the heads of attention's gradient
 * ([B·S, H·D] to [B, H, S, D], read by batched products) this way gained nothing on lavapipe,
 * because those batched products got slower.
 */
function storesPermutedProduct(operand: Tensor, consumers: ReadonlyMap<Tensor, Tensor[]>, materialized: ReadonlySet<Tensor>, outputs: ReadonlySet<Tensor>): boolean {
  if (operand.rank !== 2) return false;
  let permuted = false;
  for (let view = operand; !materialized.has(view) && VIEW_OPS.has(view.op) && view.inputs.length === 1; view = view.inputs[0]) {
    if (view.op === Primitive.Permute) permuted = true;
    else if (view.op !== Primitive.Reshape) return false;
    const below = view.inputs[0];
    if ((consumers.get(below) ?? []).length !== 1) return false;
    if (below.op === Primitive.Dot) return permuted && !outputs.has(below);
  }
  return false;
}

/** Collects the materialized nodes a kernel's fused expression reads. */
export function readsOf(root: Tensor, materialized: ReadonlySet<Tensor>): Set<Tensor> {
  const out = new Set<Tensor>();
  const seen = new Set<Tensor>();
  const stack = [...root.inputs];
  while (stack.length > 0) {
    const t = stack.pop() as Tensor;
    if (seen.has(t)) continue;
    seen.add(t);
    if (materialized.has(t)) out.add(t);
    else stack.push(...t.inputs);
  }
  return out;
}

/**
 * Returns every stored tensor that `plan`'s kernel reads, less those it writes itself (an
 * optimiser's update reads the new moments that the same kernel computes).
 */
export function kernelReads(plan: KernelPlan, materialized: ReadonlySet<Tensor>): Set<Tensor> {
  const reads = new Set<Tensor>();
  const writes = kernelWrites(plan);
  for (const root of writes) for (const t of readsOf(root, materialized)) reads.add(t);
  if (plan.core) for (const t of readsOf(plan.core, materialized)) reads.add(t);
  for (const t of writes) reads.delete(t);
  return reads;
}

/** Checks whether `other` writes a tensor that `sum` reads, or reads one that `sum` writes. */
export function interacts(other: KernelPlan, sum: KernelPlan, materialized: ReadonlySet<Tensor>): boolean {
  const sumReads = kernelReads(sum, materialized);
  const otherReads = kernelReads(other, materialized);
  return kernelWrites(other).some((t) => sumReads.has(t)) || kernelWrites(sum).some((t) => otherReads.has(t));
}

/**
 * Checks whether every path from `root` to a node of `run` goes through elementwise nodes of root's
 * shape, so the run's values are read at the element being computed. A merged kernel then
 * reuses them (the same `let`) instead of loading them back.
 */
function readsAtSameElement(root: Tensor, run: ReadonlySet<Tensor>, materialized: ReadonlySet<Tensor>): boolean {
  const leadsToRun = reachesAny(run, (t) => materialized.has(t));
  const seen = new Set<Tensor>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Tensor;
    if (seen.has(node)) continue;
    seen.add(node);
    if (!node.inputs.some(leadsToRun)) continue;
    if (!ELEMENTWISE_OPS.has(node.op) || !sameShape(node.shape, root.shape)) return false;
    for (const x of node.inputs) if (!run.has(x) && !materialized.has(x)) stack.push(x);
  }
  return true;
}

/**
 * Merges runs of consecutive elementwise kernels of one shape into a kernel with several
 * outputs (an optimiser's moments and parameter, say): one dispatch, and shared inputs are
 * loaded once. A kernel joins only if it reads none of the run's outputs.
 */
function mergeSiblings(kernels: KernelPlan[], materialized: ReadonlySet<Tensor>, maxBindings: number): KernelPlan[] {
  const out: KernelPlan[] = [];
  let runReads = new Set<Tensor>();
  for (const plan of kernels) {
    const last = out[out.length - 1];
    const mergeable = (p: KernelPlan) => !p.core && !p.rows && ELEMENTWISE_OPS.has(p.root.op);
    const reads = mergeable(plan) ? readsOf(plan.root, materialized) : new Set<Tensor>();
    if (last && mergeable(last) && mergeable(plan) && sameShape(last.root.shape, plan.root.shape)) {
      const run = new Set([last.root, ...(last.siblings ?? [])]);
      const bindings = new Set([...run, plan.root, ...runReads, ...reads]).size;
      if (bindings <= maxBindings && readsAtSameElement(plan.root, run, materialized)) {
        last.siblings = [...(last.siblings ?? []), plan.root];
        for (const t of reads) runReads.add(t);
        continue;
      }
    }
    out.push(plan);
    runReads = reads;
  }
  return out;
}

/**
 * Returns the materialized nodes reached from `core` through elementwise nodes of the same
 * size and reshapes, or null when a path changes indexing or ends in another core. A reshape
 * keeps every element's flat index, so the core's value is still the one at the element being
 * written: a bias gradient reshaped, then applied, or a projection of [B·S, D] tokens whose
 * bias, residual and activation are computed on [B, S, N].
 */
function epilogueRoots(core: Tensor, consumers: Map<Tensor, Tensor[]>, materialized: Set<Tensor>): Tensor[] | null {
  const roots: Tensor[] = [];
  const seen = new Set<Tensor>();
  const stack = [...(consumers.get(core) ?? [])];
  if (stack.length === 0) return null;
  while (stack.length > 0) {
    const node = stack.pop() as Tensor;
    if (seen.has(node)) continue;
    seen.add(node);
    const fits = ELEMENTWISE_OPS.has(node.op) ? node.size === core.size : node.op === Primitive.Reshape || (node.op === Primitive.Permute && core.op === Primitive.Dot);
    if (!fits) return null;
    if (materialized.has(node)) {
      if (CORE_OPS.has(node.op)) return null;
      roots.push(node);
      continue;
    }
    const next = consumers.get(node) ?? [];
    if (next.length === 0) return null;
    stack.push(...next);
  }
  return roots;
}

/** The maximum number of roots one epilogue kernel writes, required roots included. */
const MAX_EPILOGUE_ROOTS = 6;

/**
 * Returns further materialized nodes that read `roots` through elementwise nodes of the core's
 * shape, so the kernel can write them too: an optimiser's parameter update reads the new
 * moments, not the gradient. Unlike the required roots, a path that does not fit only ends
 * the search along it.
 */
function furtherRoots(
  core: Tensor,
  roots: readonly Tensor[],
  consumers: Map<Tensor, Tensor[]>,
  materialized: ReadonlySet<Tensor>,
  coreOf: ReadonlyMap<Tensor, Tensor>,
  fusedSiblings: ReadonlySet<Tensor>,
): Tensor[] {
  const found: Tensor[] = [];
  const seen = new Set<Tensor>(roots);
  const frontier = [...roots];
  while (frontier.length > 0 && roots.length + found.length < MAX_EPILOGUE_ROOTS) {
    const stack = [...(consumers.get(frontier.pop() as Tensor) ?? [])];
    while (stack.length > 0) {
      const node = stack.pop() as Tensor;
      if (seen.has(node)) continue;
      seen.add(node);
      const fits = ELEMENTWISE_OPS.has(node.op) && node.size === core.size;
      if (!fits) continue;
      if (!materialized.has(node)) {
        stack.push(...(consumers.get(node) ?? []));
      } else if (!coreOf.has(node) && !fusedSiblings.has(node) && roots.length + found.length < MAX_EPILOGUE_ROOTS) {
        found.push(node);
        frontier.push(node);
      }
    }
  }
  return found;
}

/** Returns the materialized nodes whose kernels read `node`, directly or through fused nodes. */
function readersOf(node: Tensor, consumers: Map<Tensor, Tensor[]>, materialized: ReadonlySet<Tensor>): Set<Tensor> {
  const readers = new Set<Tensor>();
  const seen = new Set<Tensor>();
  const stack = [...(consumers.get(node) ?? [])];
  while (stack.length > 0) {
    const t = stack.pop() as Tensor;
    if (seen.has(t)) continue;
    seen.add(t);
    if (materialized.has(t)) readers.add(t);
    else stack.push(...(consumers.get(t) ?? []));
  }
  return readers;
}

/**
 * Returns the roots of one epilogue kernel of `core`, sorted by program position: all of
 * `base`, and each of `candidates` (in program order) that keeps the set fusable, or null when
 * `base` itself is not.
 */
function chooseRoots(
  core: Tensor,
  base: readonly Tensor[],
  candidates: readonly Tensor[],
  consumers: Map<Tensor, Tensor[]>,
  materialized: ReadonlySet<Tensor>,
  position: (t: Tensor) => number,
  maxBindings: number,
): Tensor[] | null {
  const byPosition = (x: Tensor, y: Tensor) => position(x) - position(y);
  let roots = [...base].sort(byPosition);
  if (roots.length > 1 && !rootsFuse(core, roots, consumers, materialized, position, maxBindings)) return null;
  for (const candidate of [...candidates].sort(byPosition)) {
    const next = [...roots, candidate].sort(byPosition);
    if (rootsFuse(core, next, consumers, materialized, position, maxBindings)) roots = next;
  }
  return roots;
}

/**
 * Checks whether one kernel can write all of `roots` (in program order) in the epilogue of
 * `core`, run where the last root was. No other kernel before that may read a root, a root
 * may read another only at the element being computed, and the kernel must stay within
 * `maxBindings` buffers.
 */
function rootsFuse(
  core: Tensor,
  roots: readonly Tensor[],
  consumers: Map<Tensor, Tensor[]>,
  materialized: ReadonlySet<Tensor>,
  position: (t: Tensor) => number,
  maxBindings: number,
): boolean {
  const rootSet = new Set(roots);
  const last = position(roots[roots.length - 1]);
  const reads = new Set<Tensor>();
  for (const root of roots) {
    for (const reader of readersOf(root, consumers, materialized)) if (!rootSet.has(reader) && position(reader) < last) return false;
    if (!readsAtSameElement(root, new Set(roots.filter((r) => r !== root)), materialized)) return false;
    for (const t of readsOf(root, materialized)) if (t !== core && !rootSet.has(t)) reads.add(t);
  }
  // A core's operand may take three bindings: a texture for each row length it is read with
  // (x · reshape(x)), and its buffer for a k remainder.
  return reads.size + roots.length + 3 * readsOf(core, materialized).size <= maxBindings;
}

/**
 * Finds a node inside `root`'s fused expression that reads several of the kernel's buffers but not
 * all of them: giving it a buffer of its own moves those reads to another kernel. Returns the
 * candidate reading the most buffers, or null when no split is possible.
 */
export function splitCandidate(root: Tensor, materialized: ReadonlySet<Tensor>, core: Tensor | null): Tensor | null {
  const leaves = new Map<Tensor, Set<Tensor>>();
  const leavesOf = (node: Tensor): Set<Tensor> => {
    const cached = leaves.get(node);
    if (cached) return cached;
    const set = new Set<Tensor>();
    for (const x of node.inputs) {
      if (materialized.has(x) && x !== core) set.add(x);
      else for (const l of leavesOf(x)) set.add(l);
    }
    leaves.set(node, set);
    return set;
  };
  const total = leavesOf(root).size;
  let best: Tensor | null = null;
  let bestCount = 1;
  for (const [node, set] of leaves) {
    if (node === root || node === core || VIEW_OPS.has(node.op)) continue;
    if (set.size > bestCount && set.size < total) {
      best = node;
      bestCount = set.size;
    }
  }
  return best;
}
