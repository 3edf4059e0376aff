import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { DEFAULT_LOWER_OPTIONS, eliminateCommonSubexpressions, lowerKernel, renderKernel, schedule, type MatmulVariant } from "@kiln/webgpu";

/**
 * Returns the WGSL of a matmul kernel that `fn` compiles to on `args` (tensors, or shapes of
 * zeros), lowered with `variant`: the first one, or the one at `index` among them. Code
 * generation needs no GPU.
 */
export function matmulWgsl(fn: (...args: Tensor[]) => unknown, args: (Tensor | number[])[], variant: MatmulVariant, index = 0): string {
  const tensors = args.map((a) => (Array.isArray(a) ? k.zeros(a) : a));
  const program = k.compile(fn as (...args: Tensor[]) => Tensor).trace(...tensors).program;
  const plan = schedule(program, new Set(), 8, variant);
  const products = plan.kernels.filter((p) => p.core?.op === k.Primitive.Dot);
  const kernel = products[index];
  if (!kernel) throw new Error(`matmul kernel ${index} not found: the program has ${products.length}`);
  return renderKernel(lowerKernel(kernel, plan.materialized, { ...DEFAULT_LOWER_OPTIONS, matmulVariant: variant }).kernel);
}

/**
 * Returns the WGSL of the row-group kernels that `fn` compiles to on zeros of `shapes`, in
 * order, scheduled as the executable does (common subexpressions merged first). Code
 * generation needs no GPU.
 */
export function rowsWgsl(fn: (...args: Tensor[]) => unknown, shapes: number[][]): string[] {
  const traced = k.compile(fn as (...args: Tensor[]) => Tensor).trace(...shapes.map((s) => k.zeros(s))).program;
  const program = eliminateCommonSubexpressions(traced);
  const plan = schedule(program);
  return plan.kernels.filter((p) => p.rows).map((p) => renderKernel(lowerKernel(p, plan.materialized, DEFAULT_LOWER_OPTIONS).kernel));
}
