/** Checks of model configuration values; each raises a KilnError naming the field, the rule and the value. */
import { KilnError } from "@kiln/tensor";

/** Raises unless `value` is an integer ≥ `min` (1 by default). */
export function checkInteger(op: string, name: string, value: number, min = 1): void {
  if (!Number.isSafeInteger(value) || value < min) {
    let rule = `an integer ≥ ${min}`;
    if (min === 1) rule = "a positive integer";
    if (min === 0) rule = "a non-negative integer";
    throw new KilnError(op, `${name} must be ${rule}, got ${String(value)}`);
  }
}

/** Raises unless `value` is a finite number > 0. */
export function checkPositiveNumber(op: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new KilnError(op, `${name} must be a finite number > 0, got ${String(value)}`);
  }
}

/** Raises unless `value` is one of `allowed`. */
export function checkChoice(op: string, name: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(value as string)) {
    throw new KilnError(op, `${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${JSON.stringify(value)}`);
  }
}
