/**
 * Forward-mode rules: for a node and the tangents of its inputs (null for zero), the tangent of
 * its output (null for zero). Linear primitives reapply themselves to the tangents.
 */
import { Primitive, UNARY_PRIMITIVES, BINARY_PRIMITIVES, type BinaryPrimitive, type UnaryPrimitive } from "../ir/primitive.js";
import type { Tensor } from "../ir/tensor.js";
import * as ops from "../ops/index.js";
import { BINARY_PARTIALS, UNARY_PARTIALS, timesElementwisePartial, timesPartial } from "./partials.js";
import { dotNode, maxSelector, prodPartial, reapply, unreduce, zerosOf } from "./helpers.js";

export type JvpRule = (tangents: readonly (Tensor | null)[], node: Tensor, inputs: readonly Tensor[]) => Tensor | null;

const zero: JvpRule = () => null;

function sumParts(parts: Tensor[]): Tensor | null {
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : parts[0].add(parts[1]);
}

/** Applies a linear primitive to the tangent of input `which`, the other inputs unchanged. */
const linearIn =
  (which: number): JvpRule =>
  (tangents, node, inputs) => {
    const t = tangents[which];
    if (t === null) return null;
    return reapply(node, inputs.map((x, i) => (i === which ? t : x)));
  };

function unaryRule(op: UnaryPrimitive): JvpRule {
  const partial = UNARY_PARTIALS[op];
  if (partial === null) return zero;
  return ([t], node, [x]) => (t === null ? null : timesElementwisePartial(op, t, partial(x, node)));
}

function binaryRule(op: BinaryPrimitive): JvpRule {
  const partial = BINARY_PARTIALS[op];
  if (partial === null) return zero;
  return ([ta, tb], node, [a, b]) => {
    const [da, db] = partial(a, b, node);
    const parts: Tensor[] = [];
    if (ta && da) parts.push(timesElementwisePartial(op, ta, da));
    if (tb && db) parts.push(timesElementwisePartial(op, tb, db));
    return sumParts(parts);
  };
}

const unary = Object.fromEntries(UNARY_PRIMITIVES.map((op) => [op, unaryRule(op)])) as Record<UnaryPrimitive, JvpRule>;
const binary = Object.fromEntries(BINARY_PRIMITIVES.map((op) => [op, binaryRule(op)])) as Record<BinaryPrimitive, JvpRule>;

export const JVP_RULES: Record<Primitive, JvpRule> = {
  ...unary,
  ...binary,
  [Primitive.Constant]: zero,
  [Primitive.Input]: zero,
  [Primitive.Iota]: zero,
  [Primitive.RandomBits]: zero,
  [Primitive.Cast]: ([t], node, [x]) => (t !== null && x.dtype === "f32" && node.dtype === "f32" ? t : null),
  [Primitive.Where]: ([, ta, tb], _node, [c, a, b]) => {
    if (ta === null && tb === null) return null;
    return ops.where(c, ta ?? zerosOf(a), tb ?? zerosOf(b));
  },

  [Primitive.ReduceSum]: linearIn(0),
  [Primitive.ReduceMax]: ([t], node, [x]) => {
    if (t === null) return null;
    const axes = node.attrsOf(Primitive.ReduceMax).axes;
    return ops.sum(timesPartial(t, maxSelector(x, node, axes)), axes);
  },
  [Primitive.ReduceProd]: ([t], node, [x]) => {
    if (t === null) return null;
    const axes = node.attrsOf(Primitive.ReduceProd).axes;
    return ops.sum(timesPartial(t, prodPartial(x, axes)), axes);
  },
  [Primitive.ArgMax]: zero,
  [Primitive.Argsort]: zero,

  [Primitive.Reshape]: linearIn(0),
  [Primitive.Permute]: linearIn(0),
  [Primitive.Broadcast]: linearIn(0),
  [Primitive.Slice]: linearIn(0),
  [Primitive.Flip]: linearIn(0),
  [Primitive.Pad]: linearIn(0),
  [Primitive.Concat]: (tangents, node, inputs) => {
    if (tangents.every((t) => t === null)) return null;
    return reapply(node, inputs.map((x, i) => tangents[i] ?? zerosOf(x)));
  },
  [Primitive.Gather]: linearIn(0),
  [Primitive.ScatterAdd]: linearIn(0),

  // d(A·B) = dA·B + A·dB
  [Primitive.Dot]: ([ta, tb], _node, [a, b]) => {
    const parts: Tensor[] = [];
    if (ta) parts.push(dotNode(ta, b));
    if (tb) parts.push(dotNode(a, tb));
    return sumParts(parts);
  },

  // Forward mode differentiates the primal computation that the custom rule wraps.
  [Primitive.CustomVjp]: ([t]) => t,
};

export { unreduce };
