/** Exponential moving averages of parameter trees (MoCo's momentum encoder, EMA weights). */
import { isTensor, KilnError, stopGradient, sub, type Tensor } from "@kiln/tensor";
import { flattenFloatTree, matchLeaves, rebuildTree } from "./tree.js";

/**
 * Returns m·target + (1 − m)·online for every leaf, where `target` and `online` share one
 * structure of f32 tensors. The result is wrapped in `stopGradient`, so no gradient flows into
 * either tree. `momentum` is a number in [0, 1] or an f32 scalar tensor (a traced number inside
 * `compile`).
 */
export function emaUpdate<T>(target: T, online: unknown, momentum: number | Tensor): T {
  const op = "emaUpdate";
  if (isTensor(momentum)) {
    if (momentum.dtype !== "f32" || momentum.rank !== 0) {
      throw new KilnError(op, `momentum must be a number or an f32 scalar tensor, got ${momentum.dtype} [${momentum.shape.join(", ")}]`);
    }
  } else if (typeof momentum !== "number" || !(momentum >= 0 && momentum <= 1)) {
    throw new KilnError(op, `momentum must be a number in [0, 1], got ${String(momentum)}`);
  }

  const flat = flattenFloatTree(op, "target", target);
  const onlineLeaves = matchLeaves(op, "online", online, flat, "target");
  const keep = momentum;
  const mix = typeof momentum === "number" ? 1 - momentum : sub(1, momentum);
  const next = flat.leaves.map((t, i) => stopGradient(t.mul(keep).add(onlineLeaves[i].mul(mix))));
  return rebuildTree<T>(flat, next);
}
