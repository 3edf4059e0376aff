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

/** Formats one step of a path into a tree: `[2]` for an array index, `.name` or `["some key"]` for an object key. */
function pathStep(key: string | number): string {
  if (typeof key === "number") return `[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/**
 * Flattens `tree` into its leaves. Values for which `isLeaf` is true become leaves; arrays and
 * plain objects are traversed; anything else is kept in the definition as a static value.
 * Raises an error naming the path when an array or object contains itself.
 */
export function flattenTree(tree: unknown, isLeaf: (value: unknown) => boolean = isTensor): { leaves: unknown[]; def: TreeDef } {
  const leaves: unknown[] = [];
  // The arrays and objects on the path from the root to the node being walked.
  const ancestors = new Set<object>();
  const path: (string | number)[] = [];
  const walkChild = (key: string | number, child: unknown): TreeDef => {
    path.push(key);
    const def = walk(child);
    path.pop();
    return def;
  };
  const walk = (node: unknown): TreeDef => {
    if (isLeaf(node)) {
      leaves.push(node);
      return { kind: "leaf" };
    }
    if (!Array.isArray(node) && !isPlainObject(node)) return { kind: "static", value: node };
    if (ancestors.has(node)) {
      fail("flattenTree", `the tree contains a cycle, because the value at root${path.map(pathStep).join("")} is one of its own ancestors`);
    }
    ancestors.add(node);
    let def: TreeDef;
    if (Array.isArray(node)) {
      def = { kind: "array", children: node.map((child, i) => walkChild(i, child)) };
    } else {
      const keys = Object.keys(node);
      def = { kind: "object", keys, children: keys.map((k) => walkChild(k, node[k])) };
    }
    ancestors.delete(node);
    return def;
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

/** Tells whether the tree described by `def` has at least one leaf. */
function hasLeaves(def: TreeDef | undefined): boolean {
  if (def === undefined || def.kind === "static") return false;
  if (def.kind === "leaf") return true;
  return def.children.some(hasLeaves);
}

function describeNode(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (isPlainObject(value)) return `an object with keys [${Object.keys(value).join(", ")}]`;
  if (isTensor(value)) return `a tensor (${value})`;
  return value === null ? "null" : typeof value;
}

/** Options of `leavesMatching`: the names its errors use and the values it accepts at a leaf. */
export interface MatchOptions {
  /** Name of the tree being matched, e.g. "the cotangent". */
  treeName: string;
  /** Name of the tree that gives the structure, e.g. "the output". */
  referenceName: string;
  /** Tells whether a value is accepted at a leaf position. */
  isLeaf: (value: unknown) => boolean;
  /** Description of the values `isLeaf` accepts, e.g. "a tensor or a number". */
  leafName: string;
  /** Accept null or undefined for a leaf or a whole subtree, which yields undefined for each leaf under it. */
  nullIsZero?: boolean;
}

/**
 * Returns the values of `tree` at the leaf positions of `def`, in the order of `def`'s leaves, so
 * that a cotangent or tangent given as a tree lines up with the values it belongs to. Object keys
 * match by name, whatever their order. Positions where `def` has no leaves (static values) accept
 * anything or nothing. Raises an error naming `op` and the path where the structures differ.
 */
export function leavesMatching(op: string, def: TreeDef, tree: unknown, options: MatchOptions): unknown[] {
  const out: unknown[] = [];
  const path: (string | number)[] = [];
  const mismatch = (expected: string, got: unknown): never => {
    const where = path.length === 0 ? "" : ` at ${path.map(pathStep).join("")}`;
    return fail(op, `${options.treeName} does not match ${options.referenceName}${where}: expected ${expected}, got ${describeNode(got)}`);
  };
  const pushUndefined = (d: TreeDef): void => {
    if (d.kind === "leaf") out.push(undefined);
    else if (d.kind === "array" || d.kind === "object") d.children.forEach(pushUndefined);
  };
  const visitChild = (d: TreeDef, key: string | number, child: unknown): void => {
    path.push(key);
    visit(d, child);
    path.pop();
  };
  const visit = (d: TreeDef, node: unknown): void => {
    if (!hasLeaves(d)) return;
    if (options.nullIsZero && (node === null || node === undefined)) {
      pushUndefined(d);
      return;
    }
    if (d.kind === "leaf") {
      if (!options.isLeaf(node)) mismatch(options.leafName, node);
      out.push(node);
    } else if (d.kind === "array") {
      if (!Array.isArray(node) || node.length !== d.children.length) mismatch(`an array of length ${d.children.length}`, node);
      d.children.forEach((child, i) => visitChild(child, i, (node as unknown[])[i]));
    } else if (d.kind === "object") {
      const expected = `an object with keys [${d.keys.join(", ")}]`;
      if (!isPlainObject(node) || Object.keys(node).some((key) => !d.keys.includes(key))) mismatch(expected, node);
      d.keys.forEach((key, i) => visitChild(d.children[i], key, (node as Record<string, unknown>)[key]));
    }
  };
  visit(def, tree);
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
