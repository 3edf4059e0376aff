/**
 * Error helpers shared by the layers, initialisers and losses of @kiln/nn. Messages follow
 * Kiln's `op: rule: values` form, for example
 * `linear: input feature size differs: input [4, 7] vs inFeatures 8`.
 */
import { KilnError, Primitive, type Tensor } from "@kiln/tensor";

/** Throws a `KilnError` whose message reads `op: message`. */
export function fail(op: string, message: string): never {
  throw new KilnError(op, message);
}

/** Formats a shape as `[4, 7]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** Formats a tensor's dtype and shape as `f32 [4, 7]`. */
export function describe(x: Tensor): string {
  return `${x.dtype} ${formatShape(x.shape)}`;
}

/** Checks that a config value is a positive integer. */
export function checkPositiveInteger(op: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) fail(op, `${name} must be a positive integer: got ${value}`);
}

/** Checks that `x` is an f32 tensor. */
export function checkFloat(op: string, name: string, x: Tensor): void {
  if (x.dtype !== "f32") fail(op, `${name} must be f32: got ${describe(x)}`);
}

/** Checks that a parameter tensor has exactly the expected shape (a wrong checkpoint, for example). */
export function checkParamShape(op: string, name: string, param: Tensor | undefined, expected: readonly number[]): void {
  if (param === undefined) fail(op, `parameter ${name} is missing: expected shape ${formatShape(expected)}`);
  const same = param.rank === expected.length && param.shape.every((d, i) => d === expected[i]);
  if (!same) fail(op, `parameter ${name} has the wrong shape: ${name} ${formatShape(param.shape)} vs expected ${formatShape(expected)}`);
}

/** Raises when a constant i32 index tensor has an entry outside [0, size); computed indices cannot be read here. */
export function checkConstantIndices(op: string, name: string, indices: Tensor, size: number, sizeName: string): void {
  if (indices.op !== Primitive.Constant) return;
  const data = indices.attrsOf(Primitive.Constant).data;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 0 || data[i] >= size) fail(op, `${name} out of range: ${name} ${data[i]} at flat position ${i} vs ${sizeName} ${size}`);
  }
}
