/** Initialisers that ignore their key: zeros, ones and a constant. */
import { full, type PRNGKey, type Tensor } from "@kiln/tensor";
import { fail } from "../layers/errors.js";
import type { Initializer } from "./types.js";

/** Returns an f32 tensor of `shape` filled with 0; `key` is unused. Default for biases. */
export function zeros(_key: PRNGKey, shape: readonly number[]): Tensor<"f32"> {
  return full(shape, 0, "f32");
}

/** Returns an f32 tensor of `shape` filled with 1; `key` is unused. Default for norm scales. */
export function ones(_key: PRNGKey, shape: readonly number[]): Tensor<"f32"> {
  return full(shape, 1, "f32");
}

/** Creates an initialiser that fills every element with `value`, e.g. `constant(0.1)`. */
export function constant(value: number): Initializer {
  if (typeof value !== "number" || Number.isNaN(value)) fail("constant", `value must be a number: got ${String(value)}`);
  return (_key, shape) => full(shape, value, "f32");
}
