/** Primitive groups and shape checks that the scheduling passes share. */
import { BINARY_PRIMITIVES, Primitive, UNARY_PRIMITIVES } from "@kiln/tensor";

/**
 * Primitives computed per element from inputs of the same shape. StopGradient is left out
 * because scheduling treats it as a view (it only forwards its input).
 */
export const ELEMENTWISE_OPS: ReadonlySet<Primitive> = new Set<Primitive>([
  ...UNARY_PRIMITIVES.filter((op) => op !== Primitive.StopGradient),
  ...BINARY_PRIMITIVES,
  Primitive.Cast,
  Primitive.Where,
]);

/** Reductions computed by a loop over the reduced elements (argmax has a kernel of its own). */
export const REDUCTION_OPS: ReadonlySet<Primitive> = new Set([Primitive.ReduceSum, Primitive.ReduceMax, Primitive.ReduceProd]);

/** Checks whether two shapes have the same rank and extents. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
