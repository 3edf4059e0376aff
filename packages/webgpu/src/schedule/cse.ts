/**
 * Common-subexpression elimination on a traced program. Autodiff and user code often build
 * the same value twice. The backward pass of `gelu(x · w + b)`, for one, builds g · gelu'(h)
 * once for the input gradient and once for the bias gradient, and the scheduler would
 * recompute each copy, erf included. Two nodes are the same when they apply one primitive,
 * with equal attributes, shape and dtype, to the same inputs. Small constants compare by
 * value. Inputs keep their identity, so the program's argument order is unchanged.
 *
 * The pass also drops reshapes to the same shape (autodiff's aliases of the values it
 * differentiates), so their readers see the tensor itself: a matmul then reads a parameter
 * straight from its buffer or texture. For the same reason it drops `customVjp` nodes, whose
 * value is their first input and whose rule only autodiff reads. A softmax's output, stored
 * for the next matmul, is then the same node that the backward pass reads.
 *
 * Last, it drops arithmetic that returns its operand bit for bit: x · 1, 1 · x, x / 1 and
 * x − (+0). Autodiff's chain rule builds them (the gradient of a sum or a mean scaled by one).
 * Each copy would otherwise be one more stored tensor: one kernel wrote the gradient of a squared
 * error twice, once as g and once as g · 1. x + 0 stays, since −0 + 0 is +0.
 */
import { Primitive, type Program, type Tensor } from "@kiln/tensor";
import { withInputs } from "./rebuild.js";

/** Constants up to this many elements are compared by value; larger ones by identity. */
const VALUE_COMPARED_CONSTANT = 16;

/** Primitives whose nodes are never merged: program inputs, and rules that are objects. */
const IDENTITY_OPS: ReadonlySet<Primitive> = new Set([Primitive.Input, Primitive.CustomVjp]);

/** Returns a key that two nodes share exactly when they compute the same value (given merged inputs), or null for nodes never merged. */
function nodeKey(node: Tensor, inputIds: readonly number[]): string | null {
  if (IDENTITY_OPS.has(node.op)) return null;
  const head = `${node.op}|${node.dtype}|${node.shape.join(",")}|${inputIds.join(",")}`;
  if (node.op === Primitive.Constant) {
    const data = node.attrsOf(Primitive.Constant).data;
    if (!data || data.length > VALUE_COMPARED_CONSTANT) return null;
    // Bit patterns, so -0 and 0 differ and NaN equals NaN.
    const values = Array.from(data as ArrayLike<number | bigint>, (x) => (typeof x === "bigint" ? `${x}n` : Object.is(x, -0) ? "-0" : String(x)));
    return `${head}|${values.join(",")}`;
  }
  try {
    return `${head}|${JSON.stringify(node.attrs)}`;
  } catch {
    return null;
  }
}

/** Checks whether `t` is a small constant, or a broadcast of one, whose every element is `value` (+0 for 0). */
function isConstant(t: Tensor, value: number): boolean {
  while (t.op === Primitive.Broadcast || t.op === Primitive.Reshape) t = t.inputs[0];
  if (t.op !== Primitive.Constant) return false;
  const data = t.attrsOf(Primitive.Constant).data;
  if (!data || data.length > VALUE_COMPARED_CONSTANT) return false;
  return Array.from(data as ArrayLike<number | bigint>).every((x) => Object.is(typeof x === "bigint" ? Number(x) : x, value));
}

/** Ops that return one operand unchanged when the other is a constant: the kept operand's position, the constant's, and its value. */
const IDENTITIES: ReadonlyArray<readonly [op: Primitive, kept: number, constant: number, value: number]> = [
  [Primitive.Mul, 0, 1, 1],
  [Primitive.Mul, 1, 0, 1],
  [Primitive.Div, 0, 1, 1],
  [Primitive.Sub, 0, 1, 0],
];

/** Returns the operand that `node` returns unchanged (x · 1, x / 1, x − 0), or null. */
function identityOperand(node: Tensor, inputs: readonly Tensor[]): Tensor | null {
  for (const [op, kept, constant, value] of IDENTITIES) {
    if (node.op !== op) continue;
    const x = inputs[kept];
    if (x.dtype === node.dtype && x.shape.length === node.rank && x.shape.every((d, i) => d === node.shape[i]) && isConstant(inputs[constant], value)) return x;
  }
  return null;
}

/** Checks whether `node` reshapes its (merged) input to the shape it already has. */
function isIdentityReshape(node: Tensor, inputs: readonly Tensor[]): boolean {
  if (node.op !== Primitive.Reshape) return false;
  const input = inputs[0];
  return input.rank === node.rank && input.shape.every((d, i) => d === node.shape[i]) && input.dtype === node.dtype;
}

/**
 * Returns `program` with duplicate nodes merged and aliases dropped: each node maps to the first node of its key,
 * and nodes whose inputs changed are rebuilt. Returns the program itself when nothing merges.
 */
export function eliminateCommonSubexpressions(program: Program): Program {
  const inputSet = new Set(program.inputs);
  const outputSet = new Set(program.outputs);
  const replacement = new Map<Tensor, Tensor>();
  const byKey = new Map<string, Tensor>();
  let changed = false;
  const nodes: Tensor[] = [];
  for (const node of program.nodes) {
    const inputs = node.inputs.map((x) => replacement.get(x) ?? x);
    const identity = outputSet.has(node) ? null : identityOperand(node, inputs);
    const alias = node.op === Primitive.CustomVjp || (isIdentityReshape(node, inputs) && !outputSet.has(node));
    if ((alias || identity) && !inputSet.has(node)) {
      replacement.set(node, identity ?? inputs[0]);
      changed = true;
      continue;
    }
    const key = inputSet.has(node) ? null : nodeKey(node, inputs.map((x) => x.id));
    const existing = key === null ? undefined : byKey.get(key);
    if (existing) {
      replacement.set(node, existing);
      changed = true;
      continue;
    }
    const canonical = withInputs(node, inputs);
    if (canonical !== node) {
      replacement.set(node, canonical);
      changed = true;
    }
    if (key !== null) byKey.set(key, canonical);
    nodes.push(canonical);
  }
  if (!changed) return program;
  return { ...program, nodes, outputs: program.outputs.map((t) => replacement.get(t) ?? t) };
}
