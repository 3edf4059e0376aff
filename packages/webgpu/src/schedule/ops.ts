/** Primitive groups that scheduling and row fusion share. */
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
