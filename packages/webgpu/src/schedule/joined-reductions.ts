/**
 * Joined reductions. A layer norm's backward pass sums two tensors over the rows, column by
 * column: dy for the shift gradient and dy · x̂ for the scale gradient. Both reduce the same
 * axes of tensors of the same shape, so one kernel computes both in one loop and loads the
 * values they share (dy) once.
 */
import { Primitive, type Tensor } from "@kiln/tensor";
import { REDUCTION_OPS, sameShape } from "./ops.js";
import { interacts, kernelReads, kernelWrites, type KernelPlan } from "./plan.js";

/** Maximum number of reductions in one kernel. */
const JOINED_MAX = 4;

/** Returns the axes a plain column reduction reduces, or null for other kernels. */
function columnAxes(plan: KernelPlan): number[] | null {
  const core = plan.core;
  if (!core || !REDUCTION_OPS.has(core.op) || plan.rows || plan.columnSums || plan.products || plan.joined) return null;
  const axes = (core.attrs as { axes: number[] }).axes;
  const input = core.inputs[0];
  // The last axis stays, so the loop path of the reduction kernel applies.
  return axes.includes(input.rank - 1) ? null : axes;
}

/**
 * Joins each run of consecutive column reductions of the same axes and input shape into the
 * first one's kernel, when none reads what another writes and the bindings fit `maxBindings`.
 */
export function joinReductions(kernels: readonly KernelPlan[], materialized: ReadonlySet<Tensor>, maxBindings: number): KernelPlan[] {
  const out: KernelPlan[] = [];
  for (const plan of kernels) {
    const last = out[out.length - 1];
    const axes = columnAxes(plan);
    const lead = last?.joined ? { ...last, joined: undefined } : last;
    const leadAxes = lead ? columnAxes(lead) : null;
    const fits = () => {
      const group = [lead, ...(last.joined ?? []), plan];
      if (group.length > JOINED_MAX) return false;
      if (group.slice(0, -1).some((other) => interacts(other, plan, materialized))) return false;
      const reads = new Set(group.flatMap((p) => [...kernelReads(p, materialized)]));
      return reads.size + group.flatMap(kernelWrites).length <= maxBindings;
    };
    if (axes && leadAxes && sameShape(axes, leadAxes) && sameShape((plan.core as Tensor).inputs[0].shape, (lead.core as Tensor).inputs[0].shape) && fits()) {
      out[out.length - 1] = { ...last, joined: [...(last.joined ?? []), plan] };
      continue;
    }
    out.push(plan);
  }
  return out;
}
