import { fail } from "./errors.js";
import { isTensor, type Tensor } from "./ir/tensor.js";

/** A nested structure of arrays and plain objects with tensors (or other values) at the leaves. */
export type PyTree<T = Tensor> = T | readonly PyTree<T>[] | { readonly [key: string]: PyTree<T> };

/** The structure of a flattened tree; leaves are numbered in depth-first order. */
export type TreeDef =
  | { kind: "leaf" }
  | { kind: "static"; value: unknown }
  | { kind: "array"; children: TreeDef[] }
  | { kind: "object"; keys: string[]; children: TreeDef[] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Flattens `tree` into its leaves. Values for which `isLeaf` is true become leaves; arrays and
 * plain objects are traversed; anything else is kept in the definition as a static value.
 */
export function flattenTree(tree: unknown, isLeaf: (value: unknown) => boolean = isTensor): { leaves: unknown[]; def: TreeDef } {
  const leaves: unknown[] = [];
  const walk = (node: unknown): TreeDef => {
    if (isLeaf(node)) {
      leaves.push(node);
      return { kind: "leaf" };
    }
    if (Array.isArray(node)) return { kind: "array", children: node.map(walk) };
    if (isPlainObject(node)) {
      const keys = Object.keys(node);
      return { kind: "object", keys, children: keys.map((k) => walk(node[k])) };
    }
    return { kind: "static", value: node };
  };
  const def = walk(tree);
  return { leaves, def };
}

export function unflattenTree(def: TreeDef, leaves: readonly unknown[]): unknown {
  let next = 0;
  const build = (d: TreeDef): unknown => {
    switch (d.kind) {
      case "leaf":
        if (next >= leaves.length) fail("unflattenTree", `tree needs more than ${leaves.length} leaves`);
        return leaves[next++];
      case "static":
        return d.value;
      case "array":
        return d.children.map(build);
      case "object": {
        const out: Record<string, unknown> = {};
        d.keys.forEach((k, i) => {
          out[k] = build(d.children[i]);
        });
        return out;
      }
      default:
        return d satisfies never;
    }
  };
  const out = build(def);
  if (next !== leaves.length) fail("unflattenTree", `tree has ${next} leaves but ${leaves.length} were given`);
  return out;
}

const staticObjectIds = new WeakMap<object, number>();
const staticSymbolIds = new Map<symbol, number>();
let nextStaticId = 0;

/**
 * Identifies a static leaf for cache keys. Primitives are keyed by type and value. Functions,
 * class instances and symbols are keyed by identity, because their serialised form does not
 * tell two of them apart (every Map serialises to "{}", and a function's source text ignores
 * the values it closes over).
 */
function staticKey(value: unknown): string {
  if (typeof value === "function" || (typeof value === "object" && value !== null)) {
    let id = staticObjectIds.get(value);
    if (id === undefined) {
      id = nextStaticId++;
      staticObjectIds.set(value, id);
    }
    return `#${id}`;
  }
  if (typeof value === "symbol") {
    let id = staticSymbolIds.get(value);
    if (id === undefined) {
      id = nextStaticId++;
      staticSymbolIds.set(value, id);
    }
    return `#${id}`;
  }
  if (typeof value === "string") return JSON.stringify(value);
  return `${typeof value}:${String(value)}`;
}

/**
 * A string that identifies the structure (not the leaves) of a tree, for cache keys. Two trees
 * get the same key only when their static leaves are equal primitives or the same objects.
 */
export function treeDefKey(def: TreeDef): string {
  switch (def.kind) {
    case "leaf":
      return "*";
    case "static":
      return `=${staticKey(def.value)}`;
    case "array":
      return `[${def.children.map(treeDefKey).join(",")}]`;
    case "object":
      return `{${def.keys.map((k, i) => `${JSON.stringify(k)}:${treeDefKey(def.children[i])}`).join(",")}}`;
    default:
      return def satisfies never;
  }
}

/** The tensor leaves of a tree, depth first. */
export function treeLeaves(tree: unknown): Tensor[] {
  return flattenTree(tree).leaves as Tensor[];
}

/** Applies `fn` to every tensor leaf of `tree`, keeping its structure. */
export function treeMap<T>(fn: (leaf: Tensor, index: number) => T, tree: unknown): unknown {
  const { leaves, def } = flattenTree(tree);
  return unflattenTree(def, (leaves as Tensor[]).map(fn));
}
