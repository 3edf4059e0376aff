/** Scalar semantics of the elementwise primitives on the CPU reference backend. */
import type { DType } from "../dtype.js";
import { Primitive, type BinaryPrimitive, type UnaryPrimitive } from "../ir/primitive.js";
import { erf } from "./erf.js";

type UnaryFn = (x: number) => number;
type BinaryFn = (a: number, b: number) => number;

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Raises a to the power b with IEEE 754's special cases. They match Math.pow except that 1^b
 * (even for a NaN b) and (-1)^±Infinity are 1, as in C99 and NumPy 2.
 */
function pow(a: number, b: number): number {
  if (a === 1 || (a === -1 && Math.abs(b) === Infinity)) return 1;
  return Math.pow(a, b);
}

export const UNARY_FLOAT: Record<UnaryPrimitive, UnaryFn> = {
  [Primitive.Neg]: (x) => -x,
  [Primitive.Abs]: Math.abs,
  [Primitive.Sign]: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0),
  [Primitive.Exp]: Math.exp,
  [Primitive.Log]: Math.log,
  [Primitive.Log1p]: Math.log1p,
  [Primitive.Expm1]: Math.expm1,
  [Primitive.Sqrt]: Math.sqrt,
  [Primitive.Rsqrt]: (x) => 1 / Math.sqrt(x),
  [Primitive.Reciprocal]: (x) => 1 / x,
  [Primitive.Sin]: Math.sin,
  [Primitive.Cos]: Math.cos,
  [Primitive.Tanh]: Math.tanh,
  [Primitive.Sigmoid]: sigmoid,
  [Primitive.Erf]: erf,
  [Primitive.Floor]: Math.floor,
  [Primitive.Not]: (x) => (x ? 0 : 1),
  [Primitive.StopGradient]: (x) => x,
};

/** Integer overrides: results wrap to 32 bits like WGSL's i32. */
export const UNARY_INT: Partial<Record<UnaryPrimitive, UnaryFn>> = {
  [Primitive.Neg]: (x) => -x | 0,
  [Primitive.Abs]: (x) => Math.abs(x) | 0,
  [Primitive.Floor]: (x) => x,
};

export const BINARY_FLOAT: Record<BinaryPrimitive, BinaryFn> = {
  [Primitive.Add]: (a, b) => a + b,
  [Primitive.Sub]: (a, b) => a - b,
  [Primitive.Mul]: (a, b) => a * b,
  [Primitive.Div]: (a, b) => a / b,
  [Primitive.Pow]: pow,
  [Primitive.Maximum]: Math.max,
  [Primitive.Minimum]: Math.min,
  [Primitive.Less]: (a, b) => (a < b ? 1 : 0),
  [Primitive.LessEqual]: (a, b) => (a <= b ? 1 : 0),
  [Primitive.Equal]: (a, b) => (a === b ? 1 : 0),
  [Primitive.NotEqual]: (a, b) => (a !== b ? 1 : 0),
  [Primitive.And]: (a, b) => (a && b ? 1 : 0),
  [Primitive.Or]: (a, b) => (a || b ? 1 : 0),
};

/**
 * Integer overrides, matching WGSL: arithmetic wraps modulo 2³², division truncates toward
 * zero, and dividing by zero (or INT_MIN by -1) returns the dividend.
 */
export const BINARY_INT: Partial<Record<BinaryPrimitive, BinaryFn>> = {
  [Primitive.Add]: (a, b) => (a + b) | 0,
  [Primitive.Sub]: (a, b) => (a - b) | 0,
  [Primitive.Mul]: Math.imul,
  [Primitive.Div]: (a, b) => (b === 0 || (a === -2147483648 && b === -1) ? a : Math.trunc(a / b) | 0),
};

export function unaryFn(op: UnaryPrimitive, dtype: DType): UnaryFn {
  return (dtype === "i32" ? UNARY_INT[op] : undefined) ?? UNARY_FLOAT[op];
}

export function binaryFn(op: BinaryPrimitive, dtype: DType): BinaryFn {
  return (dtype === "i32" ? BINARY_INT[op] : undefined) ?? BINARY_FLOAT[op];
}

/** Converts one value between dtypes: floats truncate toward zero and saturate to the i32 range, NaN becomes 0. */
export function castValue(x: number, to: DType): number {
  switch (to) {
    case "f32":
      return x;
    case "i32":
      if (Number.isNaN(x)) return 0;
      return Math.max(-2147483648, Math.min(2147483647, Math.trunc(x)));
    case "bool":
      return x !== 0 ? 1 : 0;
    default:
      return to satisfies never;
  }
}
