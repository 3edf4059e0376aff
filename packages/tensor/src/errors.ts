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

/**
 * Returns `value` as a dtype, or raises naming the op and the value: a string in quotes, and
 * anything else (an options object passed where a dtype goes) by its JSON or its type.
 */
export function asDType(op: string, value: unknown): "f32" | "i32" | "bool" {
  if (value === "f32" || value === "i32" || value === "bool") return value;
  let described: string;
  if (typeof value === "string") described = `"${value}"`;
  else {
    try {
      described = `${typeof value} ${JSON.stringify(value) ?? String(value)}`;
    } catch {
      described = typeof value;
    }
  }
  return fail(op, `unknown dtype ${described}; expected f32, i32 or bool`);
}

export function fmtShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}
