/**
 * The tree structure of a checkpoint, stored as JSON under the `kiln.tree` metadata key so that
 * arrays, objects, numbers, strings, booleans and null round-trip next to the tensors. Tensor
 * leaves refer to their safetensors entry by dotted path.
 */
import { isTensor, type Tensor } from "@kiln/tensor";
import { joinPath } from "../optim/tree.js";
import { failFile } from "./format.js";

/** Metadata key of the encoded tree. */
export const TREE_METADATA_KEY = "kiln.tree";

/** Version of the tree encoding. Readers reject other versions. */
const TREE_VERSION = 1;

/** One node of the encoded tree. Non-finite numbers and -0 are stored as strings. */
type TreeNode =
  | { kind: "tensor"; name: string }
  | { kind: "array"; items: TreeNode[] }
  | { kind: "object"; entries: [string, TreeNode][] }
  | { kind: "value"; value: null | boolean | string | number }
  | { kind: "number"; value: "NaN" | "Infinity" | "-Infinity" | "-0" }
  | { kind: "undefined" };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Defines an own enumerable property, so that a key such as "__proto__" stays an ordinary key. */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function encodeNumber(value: number): TreeNode {
  if (Number.isNaN(value)) return { kind: "number", value: "NaN" };
  if (value === Infinity) return { kind: "number", value: "Infinity" };
  if (value === -Infinity) return { kind: "number", value: "-Infinity" };
  if (Object.is(value, -0)) return { kind: "number", value: "-0" };
  return { kind: "value", value };
}

/**
 * Encodes the structure of `tree` and lists its tensors with their dotted paths, in the
 * depth-first order of `flattenTree`. Raises for values other than tensors, arrays, plain
 * objects, numbers, strings, booleans, null and undefined.
 */
export function encodeTree(op: string, file: string, tree: unknown): { json: string; tensors: { name: string; tensor: Tensor }[] } {
  const tensors: { name: string; tensor: Tensor }[] = [];
  const encode = (node: unknown, path: string): TreeNode => {
    if (isTensor(node)) {
      tensors.push({ name: path, tensor: node });
      return { kind: "tensor", name: path };
    }
    if (Array.isArray(node)) return { kind: "array", items: node.map((item, i) => encode(item, joinPath(path, String(i)))) };
    if (isPlainObject(node)) {
      return { kind: "object", entries: Object.keys(node).map((key) => [key, encode(node[key], joinPath(path, key))]) };
    }
    if (typeof node === "number") return encodeNumber(node);
    if (node === null || typeof node === "string" || typeof node === "boolean") return { kind: "value", value: node };
    if (node === undefined) return { kind: "undefined" };
    const type = typeof node === "object" ? (node.constructor?.name ?? "object") : typeof node;
    return failFile(op, file, `value at ${JSON.stringify(path)} is a ${type}; checkpoints store tensors, arrays, plain objects, numbers, strings, booleans, null and undefined`);
  };
  const root = encode(tree, "");
  return { json: JSON.stringify({ version: TREE_VERSION, root }), tensors };
}

/**
 * Rebuilds a tree from `kiln.tree` metadata, taking each tensor from `tensors` by name. Raises
 * when the metadata is malformed, names a missing tensor or a tensor twice, or leaves a tensor
 * of the file unused.
 */
export function decodeTree(op: string, file: string, json: string, tensors: ReadonlyMap<string, Tensor>): unknown {
  const invalid = (message: string): never => failFile(op, file, `${TREE_METADATA_KEY} metadata is invalid: ${message}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    invalid(`not JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(parsed) || parsed.version !== TREE_VERSION) {
    invalid(`expected an object with version ${TREE_VERSION}, got ${JSON.stringify(isPlainObject(parsed) ? parsed.version : parsed)}`);
  }

  const used = new Set<string>();
  const decode = (node: unknown): unknown => {
    if (!isPlainObject(node)) return invalid(`node ${JSON.stringify(node)} is not an object`);
    switch (node.kind) {
      case "tensor": {
        const name = node.name;
        if (typeof name !== "string" || !tensors.has(name)) return invalid(`it names tensor ${JSON.stringify(name)}, which the file does not contain`);
        if (used.has(name)) return invalid(`it names tensor ${JSON.stringify(name)} twice`);
        used.add(name);
        return tensors.get(name);
      }
      case "array":
        if (!Array.isArray(node.items)) return invalid("an array node has no items list");
        return node.items.map(decode);
      case "object": {
        if (!Array.isArray(node.entries)) return invalid("an object node has no entries list");
        const out: Record<string, unknown> = {};
        for (const entry of node.entries) {
          if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== "string") return invalid(`object entry ${JSON.stringify(entry)} is not a [key, node] pair`);
          setKey(out, entry[0], decode(entry[1]));
        }
        return out;
      }
      case "value":
        if (node.value !== null && !["boolean", "string", "number"].includes(typeof node.value)) return invalid(`value ${JSON.stringify(node.value)} is not a JSON scalar`);
        return node.value;
      case "number": {
        const special: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity, "-0": -0 };
        if (typeof node.value !== "string" || !Object.hasOwn(special, node.value)) return invalid(`number ${JSON.stringify(node.value)} is not NaN, Infinity, -Infinity or -0`);
        return special[node.value];
      }
      case "undefined":
        return undefined;
      default:
        return invalid(`unknown node kind ${JSON.stringify(node.kind)}`);
    }
  };
  const tree = decode((parsed as Record<string, unknown>).root);
  const unused = [...tensors.keys()].filter((name) => !used.has(name));
  if (unused.length > 0) invalid(`tensors ${unused.map((n) => JSON.stringify(n)).join(", ")} of the file are not in the tree`);
  return tree;
}

/**
 * Builds nested objects from dotted tensor names, for files without `kiln.tree` metadata:
 * `blocks.0.weight` becomes `{ blocks: { "0": { weight } } }`. Numeric segments stay object
 * keys. Raises when one name is a prefix group of another tensor's name ("a" and "a.b").
 */
export function nestDottedNames(op: string, file: string, tensors: ReadonlyMap<string, Tensor>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const groups = new Set<Record<string, unknown>>([root]);
  for (const [name, tensor] of tensors) {
    const segments = name.split(".");
    let node = root;
    segments.forEach((segment, i) => {
      const last = i === segments.length - 1;
      const existing = Object.prototype.hasOwnProperty.call(node, segment) ? node[segment] : undefined;
      const prefix = segments.slice(0, i + 1).join(".");
      if (last) {
        if (existing !== undefined) failFile(op, file, `tensor name ${JSON.stringify(name)} conflicts with other tensors under ${JSON.stringify(prefix)}`);
        setKey(node, segment, tensor);
        return;
      }
      if (existing === undefined) {
        const group: Record<string, unknown> = {};
        groups.add(group);
        setKey(node, segment, group);
        node = group;
      } else if (groups.has(existing as Record<string, unknown>)) {
        node = existing as Record<string, unknown>;
      } else {
        failFile(op, file, `tensor name ${JSON.stringify(name)} conflicts with tensor ${JSON.stringify(prefix)}, which would have to be a group`);
      }
    });
  }
  return root;
}
