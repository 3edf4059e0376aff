/** Parsers for numeric option values; each raises commander's InvalidArgumentError with the rule. */
import { InvalidArgumentError } from "commander";

function parseNumber(value: string): number {
  return value.trim() === "" ? NaN : Number(value);
}

/** Parses decimal digits only: Number() would also take "0x10", "0b11" and "1e3". */
function parseInteger(value: string): number {
  return /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
}

export function positiveInteger(value: string): number {
  const n = parseInteger(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("It must be a positive integer.");
  return n;
}

export function nonNegativeInteger(value: string): number {
  const n = parseInteger(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError("It must be a non-negative integer.");
  return n;
}

export function positiveNumber(value: string): number {
  const n = parseNumber(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("It must be a positive finite number.");
  return n;
}
