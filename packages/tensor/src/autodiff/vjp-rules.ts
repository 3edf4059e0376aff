/**
 * Reverse-mode rules: for a node and the cotangent of its output, the cotangent of each input
 * (null for zero or for non-differentiable inputs). Keyed by the primitive enum, so a new
 * primitive without a rule fails `tsc`.
 */
import { internal } from "../errors.js";
import { Primitive, UNARY_PRIMITIVES, BINARY_PRIMITIVES, type BinaryPrimitive, type UnaryPrimitive } from "../ir/primitive.js";
import type { Tensor } from "../ir/tensor.js";
import * as ops from "../ops/index.js";
import { BINARY_PARTIALS, UNARY_PARTIALS, timesElementwisePartial, timesPartial } from "./partials.js";
import { dotNode, invertPermutation, maxSelector, prodPartial, unbroadcast, unreduce, unslice } from "./helpers.js";

export type VjpRule = (ct: Tensor, node: Tensor, inputs: readonly Tensor[]) => (Tensor | null)[];

const none: VjpRule = (_ct, _node, inputs) => inputs.map(() => null);

function unaryRule(op: UnaryPrimitive): VjpRule {
  const partial = UNARY_PARTIALS[op];
  if (partial === null) return none;
  return (ct, node, [x]) => [timesElementwisePartial(op, ct, partial(x, node))];
}

function binaryRule(op: BinaryPrimitive): VjpRule {
  const partial = BINARY_PARTIALS[op];
  if (partial === null) return none;
  return (ct, node, [a, b]) => {
    const [da, db] = partial(a, b, node);
    return [da && timesElementwisePartial(op, ct, da), db && timesElementwisePartial(op, ct, db)];
  };
}

const unary = Object.fromEntries(UNARY_PRIMITIVES.map((op) => [op, unaryRule(op)])) as Record<UnaryPrimitive, VjpRule>;
const binary = Object.fromEntries(BINARY_PRIMITIVES.map((op) => [op, binaryRule(op)])) as Record<BinaryPrimitive, VjpRule>;

function swapLastTwo(t: Tensor): Tensor {
  return ops.matrixTranspose(t);
}

export const VJP_RULES: Record<Primitive, VjpRule> = {
  ...unary,
  ...binary,
  [Primitive.Constant]: none,
  [Primitive.Input]: none,
  [Primitive.Iota]: none,
  [Primitive.RandomBits]: none,
  [Primitive.Cast]: (ct, _node, [x]) => [x.dtype === "f32" ? ops.cast(ct, "f32") : null],
  [Primitive.Where]: (ct, _node, [c]) => [null, ops.where(c, ct, 0), ops.where(c, 0, ct)],

  [Primitive.ReduceSum]: (ct, node, [x]) => [unreduce(ct, x.shape, node.attrsOf(Primitive.ReduceSum).axes)],
  [Primitive.ReduceMax]: (ct, node, [x]) => {
    const axes = node.attrsOf(Primitive.ReduceMax).axes;
    return [timesPartial(unreduce(ct, x.shape, axes), maxSelector(x, node, axes))];
  },
  [Primitive.ReduceProd]: (ct, node, [x]) => {
    const axes = node.attrsOf(Primitive.ReduceProd).axes;
    return [timesPartial(unreduce(ct, x.shape, axes), prodPartial(x, axes))];
  },
  [Primitive.ArgMax]: none,
  [Primitive.Argsort]: none,

  [Primitive.Reshape]: (ct, _node, [x]) => [ops.reshape(ct, x.shape)],
  [Primitive.Permute]: (ct, node) => [ops.transpose(ct, invertPermutation(node.attrsOf(Primitive.Permute).perm))],
  [Primitive.Broadcast]: (ct, _node, [x]) => [unbroadcast(ct, x.shape)],
  [Primitive.Slice]: (ct, node, [x]) => {
    const { start, step } = node.attrsOf(Primitive.Slice);
    return [unslice(ct, x.shape, start, step)];
  },
  [Primitive.Flip]: (ct, node) => [ops.flip(ct, node.attrsOf(Primitive.Flip).axes)],
  [Primitive.Pad]: (ct, node, [x]) => {
    const { lo } = node.attrsOf(Primitive.Pad);
    return [ops.sliceStrided(ct, lo, lo.map((l, i) => l + x.shape[i]), lo.map(() => 1))];
  },
  [Primitive.Concat]: (ct, node, inputs) => {
    const { axis } = node.attrsOf(Primitive.Concat);
    return ops.split(ct, inputs.map((t) => t.shape[axis]), axis);
  },
  [Primitive.Gather]: (ct, node, [x, indices]) => {
    const { axis } = node.attrsOf(Primitive.Gather);
    return [ops.scatterAddInto(ct, indices as Tensor<"i32">, x.shape[axis], axis), null];
  },
  [Primitive.ScatterAdd]: (ct, node, [, indices]) => [ops.take(ct, indices as Tensor<"i32">, node.attrsOf(Primitive.ScatterAdd).axis), null],

  // d(A·B) = (G·Bᵀ, Aᵀ·G)
  [Primitive.Dot]: (ct, _node, [a, b]) => [dotNode(ct, swapLastTwo(b)), dotNode(swapLastTwo(a), ct)],

  [Primitive.CustomVjp]: (ct, node, inputs) => {
    const cts = node.attrsOf(Primitive.CustomVjp).rule.backward(ct) as (Tensor | null)[];
    if (cts.length !== inputs.length - 1) internal(`custom_vjp rule returned ${cts.length} cotangents for ${inputs.length - 1} inputs`);
    return [null, ...cts];
  },
};
