/** Gradient clipping by the global L2 norm over a whole gradient tree. */
import { div, isTensor, KilnError, minimum, scalar, sqrt, sum, type Tensor } from "@kiln/tensor";
import { flattenFloatTree, rebuildTree } from "./tree.js";

/**
 * Scales every gradient by min(1, maxNorm / (norm + 1e-6)), where norm is the L2 norm of all
 * leaves together, as PyTorch's `clip_grad_norm_`. Returns the scaled tree and the norm before
 * clipping (an f32 scalar). All-zero gradients have norm 0 and stay zero. `maxNorm` may be a
 * number or an f32 scalar tensor. The sum of squares is computed in f32, so it overflows to
 * Infinity for gradients beyond about 1e19, and then every gradient is scaled to zero.
 */
export function clipByGlobalNorm<G>(grads: G, maxNorm: number | Tensor): { grads: G; norm: Tensor<"f32", []> } {
  const op = "clipByGlobalNorm";
  if (isTensor(maxNorm)) {
    if (maxNorm.dtype !== "f32" || maxNorm.rank !== 0) {
      throw new KilnError(op, `maxNorm must be a number or an f32 scalar tensor, got ${maxNorm.dtype} [${maxNorm.shape.join(", ")}]`);
    }
  } else if (typeof maxNorm !== "number" || Number.isNaN(maxNorm) || maxNorm < 0) {
    throw new KilnError(op, `maxNorm must be a non-negative number, got ${String(maxNorm)}`);
  }

  const flat = flattenFloatTree(op, "grads", grads);
  let squares: Tensor = scalar(0);
  for (const g of flat.leaves) squares = squares.add(sum(g.mul(g)));
  const norm = sqrt(squares) as Tensor<"f32", []>;
  const scale = minimum(div(maxNorm, norm.add(1e-6)), 1);
  return { grads: rebuildTree<G>(flat, flat.leaves.map((g) => g.mul(scale))), norm };
}
