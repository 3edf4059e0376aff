/**
 * Whole-row products. A batch of narrow products (attention scores, 17 × 16 · 16 × 17 per head)
 * runs with one invocation computing whole rows of its matrix (see the flat mapping in
 * codegen/matmul.ts). When such a product feeds only a row group over its last axis (the
 * softmax of the scores, or the softmax gradient from dP), the invocation has every value of
 * its rows already. The row group's reductions and root are then computed in the product's
 * kernel from its accumulators. The product is stored only when later kernels read it too.
 */
import { Primitive, type Tensor } from "@kiln/tensor";
import { coversWholeRows } from "../codegen/matmul.js";
import type { MatmulVariant } from "../codegen/matmul-variant.js";
import { ELEMENTWISE_OPS, sameShape } from "./ops.js";
import { kernelReads, kernelWrites, type KernelPlan } from "./plan.js";
import { reachesAny } from "./reaches.js";

/**
 * Checks whether every path from `starts` to `target` goes through elementwise nodes of the
 * target's shape, stopping at `stops`: the target is then read only at the element computed.
 */
function readsAtElement(starts: readonly Tensor[], target: Tensor, stops: (t: Tensor) => boolean): boolean {
  const leads = reachesAny(new Set([target]), stops);
  const stack = [...starts];
  const seen = new Set<Tensor>();
  while (stack.length > 0) {
    const node = stack.pop() as Tensor;
    if (node === target || seen.has(node) || !node.inputs.some(leads)) continue;
    seen.add(node);
    const elementwise = ELEMENTWISE_OPS.has(node.op) || node.op === Primitive.StopGradient;
    if (!elementwise || !sameShape(node.shape, target.shape)) return false;
    for (const x of node.inputs) if (!stops(x)) stack.push(x);
  }
  return true;
}

/**
 * Moves each whole-row product (with its elementwise epilogue) that only a row group over its
 * last axis reads into that group's kernel, and drops the product's own kernel. `maxBindings`
 * caps the buffers of the merged kernel.
 */
export function absorbRowProducts(kernels: KernelPlan[], materialized: Set<Tensor>, outputs: ReadonlySet<Tensor>, maxBindings: number, variant: MatmulVariant): KernelPlan[] {
  const reads = new Map(kernels.map((plan) => [plan, kernelReads(plan, materialized)]));
  const readers = new Map<Tensor, KernelPlan[]>();
  for (const [plan, set] of reads) for (const t of set) readers.set(t, [...(readers.get(t) ?? []), plan]);
  const ownKernel = new Map(kernels.map((plan) => [plan.root, plan]));
  const position = new Map(kernels.map((plan, i) => [plan, i]));
  const absorbed = new Set<KernelPlan>();
  for (const plan of kernels) {
    const group = plan.rows;
    if (!group || plan.core || group.reducedAxes !== 1) continue;
    const reductions = new Set(group.reductions);
    for (const stored of reads.get(plan) ?? []) {
      const own = ownKernel.get(stored);
      const dot = own?.core;
      if (!own || !dot || dot.op !== Primitive.Dot || own.siblings || own.rows || own.columnSums || absorbed.has(own)) continue;
      if (outputs.has(stored) || !sameShape(stored.shape, plan.root.shape) || !sameShape(dot.shape, stored.shape)) continue;
      // Other kernels may read the product too (a later matmul reading capped scores), if they
      // run after the group: the merged kernel then also stores it.
      const others = (readers.get(stored) ?? []).filter((p) => p !== plan);
      if (others.some((p) => position.get(p) as number < (position.get(plan) as number))) continue;
      if (!coversWholeRows(dot, variant)) continue;
      // The group reads the product's kernel output at the element it computes, and that output
      // is an elementwise epilogue of the product.
      const groupStops = (t: Tensor) => reductions.has(t) || (t !== stored && t !== plan.root && materialized.has(t));
      if (!readsAtElement([plan.root, ...group.reductions.map((q) => q.inputs[0])], stored, groupStops)) continue;
      if (!readsAtElement([stored], dot, (t) => t !== dot && t !== stored && materialized.has(t))) continue;
      const keep = others.length > 0;
      const bindings = new Set([...(reads.get(plan) ?? []), ...(reads.get(own) ?? []), ...kernelWrites(plan)]);
      if (!keep) bindings.delete(stored);
      // Should the kernel need more (a matmul operand read both from its texture and its
      // buffer), the executable schedules again without merges.
      if (bindings.size > maxBindings) continue;
      plan.core = dot;
      if (keep) plan.siblings = [stored];
      else materialized.delete(stored);
      if (stored !== dot) materialized.delete(dot);
      absorbed.add(own);
      break;
    }
  }
  return kernels.filter((plan) => !absorbed.has(plan));
}
