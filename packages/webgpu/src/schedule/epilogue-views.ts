/**
 * The views (reshapes and permutations) between a matmul and a root of its epilogue. An
 * attention block merges its heads, [B, H, S, D] to [B·S, H·D], right after a matmul: its
 * kernel can then write each product straight to the merged layout instead of a separate
 * kernel copying it there. The epilogue computes each root's element at the coordinates that
 * the views give for the core's element, so every path from the root to the core must pass
 * the same views.
 */
import { Primitive, type Tensor } from "@kiln/tensor";
import { flatIndex, unflatIndex } from "../codegen/builder.js";
import type { Expr } from "../codegen/ir.js";

const VIEWS: ReadonlySet<Primitive> = new Set([Primitive.Reshape, Primitive.Permute]);

/** Returns a key that two views share when they map coordinates the same way. */
function viewKey(view: Tensor): string {
  return `${view.op}|${view.inputs[0].shape.join(",")}|${view.shape.join(",")}|${JSON.stringify(view.attrs)}`;
}

/**
 * Checks whether two lists of views map coordinates the same way: both only reshape (each
 * keeps the flat index), or both apply equal views in the same order. Null stands for paths
 * that disagree already.
 */
function sameMapping(a: Tensor[] | null, b: Tensor[] | null): boolean {
  if (!a || !b) return false;
  if (!permutes(a) && !permutes(b)) return true;
  return a.length === b.length && a.every((view, i) => viewKey(view) === viewKey(b[i]));
}

/**
 * Returns the views from `core` up to `root` (core side first), or null when two paths from the
 * root to the core map coordinates differently (see sameMapping). Nodes in `stored` other than
 * the root end a path.
 */
export function epilogueViews(root: Tensor, core: Tensor, stored: ReadonlySet<Tensor>): Tensor[] | null {
  // For each node: the views from the core up to it, null for paths that disagree, undefined
  // for a node that does not read the core.
  const memo = new Map<Tensor, Tensor[] | null | undefined>();
  const viewsTo = (node: Tensor): Tensor[] | null | undefined => {
    if (node === core) return [];
    if (node !== root && stored.has(node)) return undefined;
    if (memo.has(node)) return memo.get(node);
    let views: Tensor[] | null | undefined;
    for (const input of node.inputs) {
      const below = viewsTo(input);
      if (below === undefined) continue;
      const mine = below && VIEWS.has(node.op) ? [...below, node] : below;
      if (views === undefined) views = mine;
      else if (!sameMapping(views, mine)) views = null;
    }
    memo.set(node, views);
    return views;
  };
  return viewsTo(root) ?? null;
}

/** Checks whether `views` include a permutation, which moves elements to another flat index. */
export function permutes(views: readonly Tensor[]): boolean {
  return views.some((view) => view.op === Primitive.Permute);
}

/** Returns the coordinates, after `views`, of the element at `coords` before them. `name` binds a decoded coordinate. */
export function coordsThroughViews(views: readonly Tensor[], coords: readonly Expr[], name: (e: Expr) => Expr): Expr[] {
  let current = [...coords];
  for (const view of views) {
    if (view.op === Primitive.Permute) {
      // Axis i of a permutation is axis perm[i] of its input.
      const perm = view.attrsOf(Primitive.Permute).perm;
      current = perm.map((axis) => current[axis]);
    } else {
      current = unflatIndex(flatIndex(current, view.inputs[0].shape), view.shape).map(name);
    }
  }
  return current;
}

/**
 * Checks whether `views` move every aligned run of 4 consecutive elements along `core`'s last
 * axis to 4 consecutive elements of the result, starting at a multiple of 4. Merged attention
 * heads do: [B, H, S, D] to [B, S, H, D] to [B·S, H·D] keeps each run of D in one row. The
 * run stays the innermost part of one axis: a permutation only moves that axis, and a reshape
 * keeps it whole when the axis is the last one before and after, a multiple of 4 long.
 */
export function keepsRunsOfFour(views: readonly Tensor[], core: Tensor): boolean {
  if (core.rank === 0 || core.shape[core.rank - 1] % 4 !== 0) return false;
  let axis = core.rank - 1;
  for (const view of views) {
    if (view.op === Primitive.Permute) {
      axis = view.attrsOf(Primitive.Permute).perm.indexOf(axis);
      continue;
    }
    if (axis !== view.inputs[0].rank - 1 || view.rank === 0 || view.shape[view.rank - 1] % 4 !== 0) return false;
    axis = view.rank - 1;
  }
  const last = views.length > 0 ? views[views.length - 1] : core;
  return axis === last.rank - 1;
}
