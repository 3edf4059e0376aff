/**
 * Row fusion: softmax, log-softmax, layer norm and their gradients reduce each row, broadcast
 * the result back over the row and combine it elementwise. Instead of one kernel per reduction,
 * a row group computes every such reduction of a row and then the row's output in one kernel.
 *
 * A reduction Q joins the group of an elementwise root R when Q reduces the trailing axes of a
 * tensor shaped like R, and every use of Q is a per-row value (nodes of R's shape with the
 * reduced axes set to 1, or with them removed) that is broadcast back over the row inside R's
 * fused expression or inside the input of another reduction of the group.
 *
 * A reduction that is also read outside the group, or returned by the program, stays stored,
 * as when a training step's backward pass reads the forward's row maxima and sums. The row
 * kernel then writes it as a second output. Every outside reader must come after the root in program order, so it runs later.
 */
import { Primitive, type Tensor } from "@kiln/tensor";
import { ELEMENTWISE_OPS, REDUCTION_OPS, sameShape } from "./ops.js";
import { reachesAny } from "./reaches.js";

/** Primitives that may sit between a reduction and the broadcast that spreads it over the row. */
const ROW_SCALAR_OPS: ReadonlySet<Primitive> = new Set([...ELEMENTWISE_OPS, Primitive.Reshape, Primitive.StopGradient]);

/** Primitives allowed on full rows between a broadcast and the root (same-shape ones only). */
const ROW_ELEMENTWISE_OPS = ROW_SCALAR_OPS;

export interface RowGroup {
  /** Reductions computed per row, in dependency order. */
  reductions: Tensor[];
  /** Number of trailing axes reduced. */
  reducedAxes: number;
  /** Reductions of the group that are read elsewhere too: the row kernel also writes them. */
  stored: Tensor[];
}

/** Checks whether `shape` is `rowShape` with its last `k` axes set to 1 or removed. */
function isRowScalarShape(shape: readonly number[], rowShape: readonly number[], k: number): boolean {
  const kept = rowShape.slice(0, rowShape.length - k);
  if (sameShape(shape, kept)) return true;
  return sameShape(shape, [...kept, ...new Array<number>(k).fill(1)]);
}

function reducesTrailing(q: Tensor, rowShape: readonly number[]): number {
  if (!REDUCTION_OPS.has(q.op)) return 0;
  const input = q.inputs[0];
  if (!sameShape(input.shape, rowShape)) return 0;
  const axes = (q.attrs as { axes: number[] }).axes;
  const k = axes.length;
  const trailing = axes.every((a, i) => a === rowShape.length - k + i);
  return trailing && k > 0 ? k : 0;
}

/**
 * Finds the row group of `root`, or null. `materialized` are the nodes with buffers, `consumers`
 * each node's consumers and `outputs` the program outputs.
 */
export interface RowContext {
  /**
   * The program's inputs. An input keeps the primitive it was computed with, such as a reduction
   * realized by an earlier read, but has a buffer here, so it never joins a row group.
   */
  inputs: ReadonlySet<Tensor>;
  /** Nodes with buffers. */
  materialized: ReadonlySet<Tensor>;
  /** Each node's consumers. */
  consumers: ReadonlyMap<Tensor, readonly Tensor[]>;
  /** Each node's position in the program's topological order. */
  order: ReadonlyMap<Tensor, number>;
  /** Reductions already computed by another row group; read from their buffers here. */
  claimed: ReadonlySet<Tensor>;
  /** The program's outputs: a reduction among them is stored by the group's kernel. */
  outputs: ReadonlySet<Tensor>;
}

/** Finds the row group of `root`, or null. */
export function findRowGroup(root: Tensor, ctx: RowContext): RowGroup | null {
  if (root.rank === 0 || root.size === 0) return null;
  for (let k = 1; k <= root.rank; k++) {
    const group = findWithAxes(root, k, ctx);
    if (group) return group;
  }
  return null;
}

/** Checks whether a trailing reduction of a row-shaped tensor is reachable through fused nodes. */
function reachesReduction(node: Tensor, rowShape: readonly number[], ctx: RowContext, seen = new Set<Tensor>()): boolean {
  if (seen.has(node)) return false;
  seen.add(node);
  if (ctx.materialized.has(node)) return !ctx.inputs.has(node) && reducesTrailing(node, rowShape) > 0;
  return node.inputs.some((x) => reachesReduction(x, rowShape, ctx, seen));
}

function findWithAxes(root: Tensor, k: number, ctx: RowContext): RowGroup | null {
  const { materialized, consumers, order, claimed } = ctx;
  const rowShape = root.shape;
  const rank = rowShape.length;
  const reductions = new Set<Tensor>();
  const region = new Set<Tensor>();
  let valid = true;

  // A full-row value: evaluated at the coordinates of one row element.
  const visitRow = (node: Tensor): void => {
    if (!valid || region.has(node)) return;
    if (node !== root && materialized.has(node)) return;
    region.add(node);
    if (node.op === Primitive.Broadcast && sameShape(node.shape, rowShape)) {
      const input = node.inputs[0];
      const spreadsRow =
        input.rank === rank &&
        input.shape.every((d, i) => (i < rank - k ? d === rowShape[i] : d === 1)) &&
        rowShape.slice(rank - k).some((d) => d !== 1);
      if (spreadsRow) {
        visitScalar(input);
        return;
      }
    }
    if (node !== root && !ROW_ELEMENTWISE_OPS.has(node.op)) {
      // Other movement reads elsewhere in the tensor; a reduction behind it cannot join.
      if (reachesReduction(node, rowShape, ctx)) valid = false;
      return;
    }
    for (const x of node.inputs) {
      if (sameShape(x.shape, rowShape)) visitRow(x);
      else if (reachesReduction(x, rowShape, ctx)) valid = false;
    }
  };

  // A per-row value: the same for every element of the row.
  const visitScalar = (node: Tensor): void => {
    if (!valid || region.has(node)) return;
    if (materialized.has(node)) {
      if (ctx.inputs.has(node) || reducesTrailing(node, rowShape) !== k || claimed.has(node)) return;
      reductions.add(node);
      region.add(node);
      visitRow(node.inputs[0]);
      return;
    }
    if (node.op === Primitive.Constant) return;
    if (!ROW_SCALAR_OPS.has(node.op) || !isRowScalarShape(node.shape, rowShape, k)) {
      if (reachesReduction(node, rowShape, ctx)) valid = false;
      return;
    }
    region.add(node);
    for (const x of node.inputs) visitScalar(x);
  };

  visitRow(root);
  if (!valid || reductions.size === 0) return null;

  // Uses outside the group read the reductions behind them from buffers, after the root's kernel.
  // A fused consumer runs in the kernels of the stored nodes that read it, so those must come
  // after the root (a layer norm's gradient reads x̂ for the input and the scale gradients).
  const rootOrder = order.get(root) ?? -1;
  const firstReader = new Map<Tensor, number>();
  const firstKernelReading = (node: Tensor): number => {
    if (materialized.has(node)) return order.get(node) ?? -1;
    const known = firstReader.get(node);
    if (known !== undefined) return known;
    firstReader.set(node, Infinity);
    const first = Math.min(Infinity, ...(consumers.get(node) ?? []).map(firstKernelReading));
    firstReader.set(node, first);
    return first;
  };
  const stored = new Set<Tensor>();
  const storeBehind = (node: Tensor): void => {
    if (reductions.has(node)) stored.add(node);
    else if (region.has(node) && !materialized.has(node)) node.inputs.forEach(storeBehind);
  };
  // Only values computed from this group's reductions matter: others (a broadcast of a
  // statistic that an earlier row group stored) read nothing this kernel writes.
  const readsGroup = reachesAny(reductions, (node) => materialized.has(node) || !region.has(node));
  for (const node of region) {
    if (node === root) continue;
    if (!reductions.has(node) && materialized.has(node)) continue;
    if (!readsGroup(node)) continue;
    for (const c of consumers.get(node) ?? []) {
      if (region.has(c)) continue;
      if (firstKernelReading(c) <= rootOrder) return null;
      storeBehind(node);
    }
  }
  for (const node of reductions) if (ctx.outputs.has(node)) stored.add(node);
  const byOrder = (a: Tensor, b: Tensor) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  return { reductions: [...reductions].sort(byOrder), reducedAxes: k, stored: [...stored].sort(byOrder) };
}
