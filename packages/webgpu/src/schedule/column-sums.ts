/**
 * A linear layer's backward pass computes the weight gradient xᵀ · dy and the bias gradient,
 * the column sums of dy. The matmul kernel loads every value of dy already, so it can add up
 * each column on the way and write the bias gradient (and the optimiser's update of the bias)
 * itself, instead of a reduction kernel reading dy again.
 */
import { Primitive, type Tensor } from "@kiln/tensor";
import { kernelWrites, readsOf, type KernelPlan } from "./plan.js";

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
  return core !== null && core.op === Primitive.Dot && core.rank === 2 && core.inputs[1] === matrix && !dot.columnSums;
}

/** Returns every stored tensor that `plan`'s kernel reads. */
function kernelReads(plan: KernelPlan, materialized: ReadonlySet<Tensor>): Set<Tensor> {
  const reads = new Set<Tensor>();
  for (const root of kernelWrites(plan)) for (const t of readsOf(root, materialized)) reads.add(t);
  if (plan.core) for (const t of readsOf(plan.core, materialized)) reads.add(t);
  return reads;
}

/**
 * Checks whether one kernel can compute both `dot` and `sum` (adjacent in the schedule): neither
 * reads what the other writes, and their buffers, with two spare for operand textures, fit
 * `maxBindings`.
 */
function fitsTogether(dot: KernelPlan, sum: KernelPlan, materialized: ReadonlySet<Tensor>, maxBindings: number): boolean {
  const writes = [...kernelWrites(dot), ...kernelWrites(sum)];
  const dotReads = kernelReads(dot, materialized);
  const sumReads = kernelReads(sum, materialized);
  if (kernelWrites(dot).some((t) => sumReads.has(t)) || kernelWrites(sum).some((t) => dotReads.has(t))) return false;
  return new Set([...dotReads, ...sumReads]).size + writes.length + 2 <= maxBindings;
}

/** Returns the kernel that computes both neighbours `a` and `b`, when one is a column sum of the other's rhs, else null. */
function merged(a: KernelPlan, b: KernelPlan, materialized: ReadonlySet<Tensor>, maxBindings: number): KernelPlan | null {
  for (const [dot, sum] of [
    [a, b],
    [b, a],
  ]) {
    const matrix = columnSumOf(sum, materialized);
    if (matrix && readsAsRhs(dot, matrix) && fitsTogether(dot, sum, materialized, maxBindings)) return { ...dot, columnSums: sum };
  }
  return null;
}

/**
 * Gives each column sum of a matrix to the neighbouring matmul kernel that reads the same
 * matrix as its rhs (see the file comment). The merged kernel runs at the later of the two
 * positions, so it only merges neighbours.
 */
export function absorbColumnSums(kernels: readonly KernelPlan[], materialized: ReadonlySet<Tensor>, maxBindings: number): KernelPlan[] {
  const out: KernelPlan[] = [];
  for (let i = 0; i < kernels.length; i++) {
    const both = i + 1 < kernels.length ? merged(kernels[i], kernels[i + 1], materialized, maxBindings) : null;
    out.push(both ?? kernels[i]);
    if (both) i += 1;
  }
  return out;
}
