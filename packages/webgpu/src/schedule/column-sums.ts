/**
 * A linear layer's backward pass computes the weight gradient xᵀ · dy and the bias gradient,
 * the column sums of dy. The matmul kernel loads every value of dy already, so it can add up
 * each column on the way and write the bias gradient (and the optimiser's update of the bias)
 * itself, instead of a reduction kernel reading dy again.
 */
import { Primitive, type Tensor } from "@kiln/tensor";
import { interacts, kernelReads, kernelWrites, readsOf, type KernelPlan } from "./plan.js";

/** Returns the stored matrix whose column sums `plan` computes, or null when it is not such a reduction. */
function columnSumOf(plan: KernelPlan, materialized: ReadonlySet<Tensor>): Tensor | null {
  const core = plan.core;
  if (!core || core.op !== Primitive.ReduceSum || plan.rows) return null;
  const input = core.inputs[0];
  const axes = core.attrsOf(Primitive.ReduceSum).axes;
  if (input.rank !== 2 || axes.length !== 1 || axes[0] !== 0 || !materialized.has(input)) return null;
  return input;
}

/** Checks whether `dot` reads `matrix` itself, unbatched, as its rhs. */
function readsAsRhs(dot: KernelPlan, matrix: Tensor): boolean {
  const core = dot.core;
  return core !== null && core.op === Primitive.Dot && core.rank === 2 && core.inputs[1] === matrix && !dot.columnSums && !dot.rows;
}

/**
 * Checks whether one kernel can compute both `dot` and `sum`: neither reads what the other
 * writes, and their bindings fit `maxBindings`. Each matmul operand may take two more than its
 * buffer (textures of two row lengths, or a texture and its buffer for a k remainder).
 */
function fitsTogether(dot: KernelPlan, sum: KernelPlan, materialized: ReadonlySet<Tensor>, maxBindings: number): boolean {
  if (interacts(dot, sum, materialized)) return false;
  const reads = new Set([...kernelReads(dot, materialized), ...kernelReads(sum, materialized)]);
  const writes = kernelWrites(dot).length + kernelWrites(sum).length;
  const operands = readsOf(dot.core as Tensor, materialized).size;
  return reads.size + writes + 2 * operands <= maxBindings;
}

/** Greatest distance, in kernels, from a column sum to the matmul it joins: room for the weight's optimiser update in between. */
const MERGE_DISTANCE = 8;

/**
 * Gives each column sum of a matrix to a nearby matmul kernel that reads the same matrix as its
 * rhs (see the file comment). The merged kernel runs where the matmul ran, so the kernels in
 * between must neither compute what the sum reads nor read what it writes. With momentum or
 * Adam, the weight's update runs between the weight gradient and the bias gradient.
 */
export function absorbColumnSums(kernels: readonly KernelPlan[], materialized: ReadonlySet<Tensor>, maxBindings: number): KernelPlan[] {
  const plans = [...kernels];
  for (let j = 0; j < plans.length; j++) {
    const sum = plans[j];
    const matrix = columnSumOf(sum, materialized);
    if (!matrix) continue;
    const first = Math.max(0, j - MERGE_DISTANCE);
    const last = Math.min(plans.length - 1, j + MERGE_DISTANCE);
    for (let i = first; i <= last; i++) {
      const dot = plans[i];
      if (i === j || !readsAsRhs(dot, matrix) || !fitsTogether(dot, sum, materialized, maxBindings)) continue;
      const between = plans.slice(Math.min(i, j) + 1, Math.max(i, j));
      if (between.some((other) => interacts(other, sum, materialized))) continue;
      plans[i] = { ...dot, columnSums: sum };
      plans.splice(j, 1);
      j -= 1;
      break;
    }
  }
  return plans;
}
