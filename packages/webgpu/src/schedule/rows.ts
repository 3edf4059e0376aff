/**
 * Row fusion: softmax, log-softmax, layer norm and their gradients reduce each row, broadcast
 * the result back over the row and combine it elementwise. Instead of one kernel per reduction,
 * a row group computes every such reduction of a row and then the row's output in one kernel.
 *
 * A reduction Q joins the group of an elementwise root R when Q reduces the trailing axes of a
 * tensor shaped like R, and every use of Q is a per-row value (nodes of R's shape with the
 * reduced axes set to 1, or with them removed) that is broadcast back over the row inside R's
 * fused expression or inside the input of another reduction of the group.
 */
import { Primitive, type Tensor } from "@kiln/tensor";
import { ELEMENTWISE_OPS } from "./ops.js";

const ROW_REDUCTIONS: ReadonlySet<Primitive> = new Set([Primitive.ReduceSum, Primitive.ReduceMax, Primitive.ReduceProd]);

/** Primitives that may sit between a reduction and the broadcast that spreads it over the row. */
const ROW_SCALAR_OPS: ReadonlySet<Primitive> = new Set([...ELEMENTWISE_OPS, Primitive.Reshape, Primitive.StopGradient]);

/** Primitives allowed on full rows between a broadcast and the root (same-shape ones only). */
const ROW_ELEMENTWISE_OPS = ROW_SCALAR_OPS;

export interface RowGroup {
  /** Reductions computed per row, in dependency order. */
  reductions: Tensor[];
  /** Number of trailing axes reduced. */
  reducedAxes: number;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Checks whether `shape` is `rowShape` with its last `k` axes set to 1 or removed. */
function isRowScalarShape(shape: readonly number[], rowShape: readonly number[], k: number): boolean {
  const kept = rowShape.slice(0, rowShape.length - k);
  if (sameShape(shape, kept)) return true;
  return sameShape(shape, [...kept, ...new Array<number>(k).fill(1)]);
}

function reducesTrailing(q: Tensor, rowShape: readonly number[]): number {
  if (!ROW_REDUCTIONS.has(q.op)) return 0;
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
export function findRowGroup(
  root: Tensor,
  materialized: ReadonlySet<Tensor>,
  consumers: ReadonlyMap<Tensor, readonly Tensor[]>,
  outputs: ReadonlySet<Tensor>,
): RowGroup | null {
  if (root.rank === 0 || root.size === 0) return null;
  for (let k = 1; k <= root.rank; k++) {
    const group = findWithAxes(root, k, materialized, consumers, outputs);
    if (group) return group;
  }
  return null;
}

/** Checks whether a trailing reduction of a row-shaped tensor is reachable through fused nodes. */
function reachesReduction(node: Tensor, rowShape: readonly number[], materialized: ReadonlySet<Tensor>, seen = new Set<Tensor>()): boolean {
  if (seen.has(node)) return false;
  seen.add(node);
  if (reducesTrailing(node, rowShape) > 0 && materialized.has(node)) return true;
  if (materialized.has(node)) return false;
  return node.inputs.some((x) => reachesReduction(x, rowShape, materialized, seen));
}

function findWithAxes(
  root: Tensor,
  k: number,
  materialized: ReadonlySet<Tensor>,
  consumers: ReadonlyMap<Tensor, readonly Tensor[]>,
  outputs: ReadonlySet<Tensor>,
): RowGroup | null {
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
      if (reachesReduction(node, rowShape, materialized)) valid = false;
      return;
    }
    for (const x of node.inputs) {
      if (sameShape(x.shape, rowShape)) visitRow(x);
      else if (reachesReduction(x, rowShape, materialized)) valid = false;
    }
  };

  // A per-row value: the same for every element of the row.
  const visitScalar = (node: Tensor): void => {
    if (!valid || region.has(node)) return;
    if (materialized.has(node)) {
      if (reducesTrailing(node, rowShape) !== k) return;
      if (outputs.has(node)) {
        valid = false;
        return;
      }
      reductions.add(node);
      region.add(node);
      visitRow(node.inputs[0]);
      return;
    }
    if (node.op === Primitive.Constant) return;
    if (!ROW_SCALAR_OPS.has(node.op) || !isRowScalarShape(node.shape, rowShape, k)) {
      if (reachesReduction(node, rowShape, materialized)) valid = false;
      return;
    }
    region.add(node);
    for (const x of node.inputs) visitScalar(x);
  };

  visitRow(root);
  if (!valid || reductions.size === 0) return null;

  // Every use of a grouped reduction, and of every fused node of the group, stays inside.
  for (const node of region) {
    if (node === root) continue;
    if (!reductions.has(node) && materialized.has(node)) continue;
    for (const c of consumers.get(node) ?? []) if (!region.has(c)) return null;
  }
  const ordered = [...reductions].sort((a, b) => a.id - b.id);
  return { reductions: ordered, reducedAxes: k };
}
