/**
 * Sums of products. The gradient of a tensor that several matmuls read is the sum of their
 * input gradients: dx = dq · wqᵀ + dk · wkᵀ + dv · wvᵀ for attention's projections. One kernel
 * computes the sum. Its k loops run one product after another into the same accumulators, so
 * the sum is stored once, instead of each product being stored and read back by every reader.
 */
import { Primitive, type Tensor } from "@kiln/tensor";
import { sameShape } from "./ops.js";
import { kernelReads, type KernelPlan } from "./plan.js";
import { reachesAny } from "./reaches.js";

/** Maximum number of products in one kernel: each adds its operands' bindings. */
const PRODUCTS_MAX = 4;

/**
 * Replaces the kernels of products that are only added together by one kernel of their sum.
 * A sum qualifies when it is a tree of fused f32 Adds of one shape whose leaves are matmuls
 * with no other reader. The largest such tree of at most PRODUCTS_MAX products is taken. One
 * product's kernel may carry an epilogue that contains the sum (sum · 2, say): the merged kernel
 * then keeps that epilogue, with the sum as its core.
 */
export function absorbProductSums(
  kernels: KernelPlan[],
  materialized: Set<Tensor>,
  consumers: ReadonlyMap<Tensor, readonly Tensor[]>,
  outputs: ReadonlySet<Tensor>,
  maxBindings: number,
): KernelPlan[] {
  const productKernel = new Map<Tensor, KernelPlan>();
  for (const plan of kernels) {
    const dot = plan.core;
    if (dot?.op === Primitive.Dot && dot.dtype === "f32" && !plan.siblings && !plan.rows && !plan.columnSums && !outputs.has(dot)) productKernel.set(dot, plan);
  }
  const only = (node: Tensor) => consumers.get(node) ?? [];
  // A sum that a product's kernel writes as its epilogue (a returned gradient) has a buffer.
  const epilogueRoots = new Set([...productKernel.values()].filter((plan) => plan.root !== plan.core).map((plan) => plan.root));

  /** Returns the products summed by the tree under `sum`, or null when it is not such a tree. */
  const leavesOf = (sum: Tensor, top = true): Tensor[] | null => {
    if (sum.op !== Primitive.Add || (materialized.has(sum) && !(top && epilogueRoots.has(sum))) || sum.dtype !== "f32") return null;
    const leaves: Tensor[] = [];
    for (const x of sum.inputs) {
      if (only(x).length !== 1 || !sameShape(x.shape, sum.shape)) return null;
      if (productKernel.has(x)) leaves.push(x);
      else {
        const inner = leavesOf(x, false);
        if (!inner) return null;
        leaves.push(...inner);
      }
    }
    return leaves;
  };

  const position = new Map(kernels.map((plan, i) => [plan, i]));
  const replaced = new Map<KernelPlan, KernelPlan | null>();
  for (const [dot] of productKernel) {
    // Climb from the product to the largest sum tree above it.
    let best: { sum: Tensor; leaves: Tensor[] } | null = null;
    let node: Tensor | undefined = only(dot)[0];
    while (node) {
      const leaves = leavesOf(node);
      if (!leaves || leaves.length > PRODUCTS_MAX) break;
      best = { sum: node, leaves };
      const above = only(node);
      node = above.length === 1 ? above[0] : undefined;
    }
    if (!best) continue;
    const { sum, leaves } = best;
    const plans = leaves.map((leaf) => productKernel.get(leaf) as KernelPlan);
    if (plans.some((plan) => replaced.has(plan))) continue;
    // At most one product's kernel has an epilogue, and it must be the sum's (it reads the
    // other products, so it runs after them).
    const withEpilogue = plans.filter((plan) => plan.root !== plan.core);
    if (withEpilogue.length > 1) continue;
    const epilogue = withEpilogue[0];
    if (epilogue && epilogue.root !== sum && !epilogue.root.inputs.some(reachesAny(new Set([sum]), (t) => materialized.has(t)))) continue;
    const bindings = new Set(plans.flatMap((plan) => [...kernelReads(plan, materialized)]));
    for (const leaf of leaves) bindings.delete(leaf);
    // One output. Should the kernel need more (a matmul operand read both from its texture and
    // its buffer), the executable schedules again without merges.
    if (bindings.size + 1 > maxBindings) continue;
    // The sum's kernel runs where its last product's did: every operand is ready by then.
    const last = epilogue ?? plans.reduce((a, b) => ((position.get(a) as number) > (position.get(b) as number) ? a : b));
    for (const plan of plans) replaced.set(plan, plan === last ? { root: epilogue?.root ?? sum, core: sum, products: leaves } : null);
    if (!epilogue) materialized.add(sum);
    for (const leaf of leaves) materialized.delete(leaf);
  }
  const out: KernelPlan[] = [];
  for (const plan of kernels) {
    const replacement = replaced.get(plan);
    if (replacement === undefined) out.push(plan);
    else if (replacement) out.push(replacement);
  }
  return out;
}
