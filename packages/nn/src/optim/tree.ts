/**
 * Pytree helpers shared by the optimisers, EMA and checkpoints: dotted leaf paths and
 * leaf-by-leaf matching of several trees (params, grads, optimiser state) that share one
 * structure.
 */
import { flattenTree, KilnError, unflattenTree, type Tensor, type TreeDef } from "@kiln/tensor";

/** Joins a parent path and a key with ".". The root has the empty path. */
export function joinPath(prefix: string, key: string): string {
  return prefix === "" ? key : `${prefix}.${key}`;
}

function collectPaths(def: TreeDef, prefix: string, out: string[]): void {
  switch (def.kind) {
    case "leaf":
      out.push(prefix);
      return;
    case "static":
      return;
    case "array":
      def.children.forEach((child, i) => collectPaths(child, joinPath(prefix, String(i)), out));
      return;
    case "object":
      def.children.forEach((child, i) => collectPaths(child, joinPath(prefix, def.keys[i]), out));
      return;
    default:
      def satisfies never;
  }
}

/**
 * Returns the dotted path of every tensor leaf, in the depth-first order of `flattenTree`:
 * object keys and array indices joined with ".", as in `blocks.0.attention.query.weight`.
 * A tensor at the root has the empty path "".
 */
export function leafPaths(tree: unknown): string[] {
  const out: string[] = [];
  collectPaths(flattenTree(tree).def, "", out);
  return out;
}

/** A flattened parameter tree: its structure, tensor leaves and their dotted paths. */
export interface FlatTree {
  def: TreeDef;
  leaves: Tensor[];
  paths: string[];
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** Flattens a tree of f32 tensors, raising a `KilnError` for any leaf of another dtype. */
export function flattenFloatTree(op: string, name: string, tree: unknown): FlatTree {
  const { leaves, def } = flattenTree(tree);
  const paths: string[] = [];
  collectPaths(def, "", paths);
  const tensors = leaves as Tensor[];
  tensors.forEach((leaf, i) => {
    if (leaf.dtype !== "f32") {
      throw new KilnError(op, `${name} leaf "${paths[i]}" is ${leaf.dtype}; only f32 tensors can be updated`);
    }
  });
  return { def, leaves: tensors, paths };
}

/**
 * Returns the tensor leaves of `tree` after checking that it has the same leaf paths, shapes
 * and dtypes as `reference` (for example grads or optimiser moments against the params).
 */
export function matchLeaves(op: string, name: string, tree: unknown, reference: FlatTree, referenceName = "params"): Tensor[] {
  const { leaves, def } = flattenTree(tree);
  const paths: string[] = [];
  collectPaths(def, "", paths);
  const count = Math.max(paths.length, reference.paths.length);
  for (let i = 0; i < count; i++) {
    if (paths[i] !== reference.paths[i]) {
      const found = paths[i] === undefined ? "no further leaf" : `leaf "${paths[i]}"`;
      const expected = reference.paths[i] === undefined ? "no further leaf" : `leaf "${reference.paths[i]}"`;
      throw new KilnError(op, `${name} does not match the structure of ${referenceName}: found ${found} where ${referenceName} has ${expected}`);
    }
  }
  const tensors = leaves as Tensor[];
  tensors.forEach((leaf, i) => {
    const expected = reference.leaves[i];
    const sameShape = leaf.rank === expected.rank && leaf.shape.every((d, axis) => d === expected.shape[axis]);
    if (!sameShape || leaf.dtype !== expected.dtype) {
      throw new KilnError(
        op,
        `${name} leaf "${paths[i]}" is ${leaf.dtype} ${formatShape(leaf.shape)} but ${referenceName} has ${expected.dtype} ${formatShape(expected.shape)}`,
      );
    }
  });
  return tensors;
}

/** Rebuilds a tree with the structure of `reference` from new leaves. */
export function rebuildTree<T>(reference: FlatTree, leaves: readonly Tensor[]): T {
  return unflattenTree(reference.def, leaves) as T;
}
