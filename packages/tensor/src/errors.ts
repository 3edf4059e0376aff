import type { Shape } from "./shape.js";

/**
 * Error raised for invalid use of a Kiln op. Messages follow `op: rule: values`, for example
 * `matmul: inner dimensions differ: lhs [4, 8] · rhs [7, 3] (8 ≠ 7)`.
 */
export class KilnError extends Error {
  constructor(
    readonly op: string,
    message: string,
  ) {
    super(`${op}: ${message}`);
    this.name = "KilnError";
  }
}

export function fail(op: string, message: string): never {
  throw new KilnError(op, message);
}

/** Raises an `internal:` error: a broken invariant inside Kiln, never a user mistake. */
export function internal(message: string): never {
  throw new Error(`internal: ${message}`);
}

export function fmtShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}
