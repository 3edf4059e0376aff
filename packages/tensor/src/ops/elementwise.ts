import type { DType } from "../dtype.js";
import { asDType, fail } from "../errors.js";
import { COMPARISON_PRIMITIVES, Primitive, type BinaryPrimitive, type UnaryPrimitive } from "../ir/primitive.js";
import { createNode, isTensor, type Tensor } from "../ir/tensor.js";
import { broadcastShapes, type Shape } from "../shape.js";
import { asTensor } from "./convert.js";
import { broadcastTo } from "./movement.js";

type Operand = Tensor | number | boolean;

/** Which dtypes each elementwise primitive accepts. */
const FLOAT: readonly DType[] = ["f32"];
const NUMERIC: readonly DType[] = ["f32", "i32"];
const BOOL: readonly DType[] = ["bool"];
const ANY: readonly DType[] = ["f32", "i32", "bool"];

const UNARY_DTYPES: Record<UnaryPrimitive, readonly DType[]> = {
  [Primitive.Neg]: NUMERIC,
  [Primitive.Abs]: NUMERIC,
  [Primitive.Sign]: NUMERIC,
  [Primitive.Exp]: FLOAT,
  [Primitive.Log]: FLOAT,
  [Primitive.Log1p]: FLOAT,
  [Primitive.Expm1]: FLOAT,
  [Primitive.Sqrt]: FLOAT,
  [Primitive.Rsqrt]: FLOAT,
  [Primitive.Reciprocal]: FLOAT,
  [Primitive.Sin]: FLOAT,
  [Primitive.Cos]: FLOAT,
  [Primitive.Tanh]: FLOAT,
  [Primitive.Sigmoid]: FLOAT,
  [Primitive.Erf]: FLOAT,
  [Primitive.Floor]: NUMERIC,
  [Primitive.Not]: BOOL,
  [Primitive.StopGradient]: ANY,
};

const BINARY_DTYPES: Record<BinaryPrimitive, readonly DType[]> = {
  [Primitive.Add]: NUMERIC,
  [Primitive.Sub]: NUMERIC,
  [Primitive.Mul]: NUMERIC,
  [Primitive.Div]: NUMERIC,
  [Primitive.Pow]: FLOAT,
  [Primitive.Maximum]: NUMERIC,
  [Primitive.Minimum]: NUMERIC,
  [Primitive.Less]: NUMERIC,
  [Primitive.LessEqual]: NUMERIC,
  [Primitive.Equal]: ANY,
  [Primitive.NotEqual]: ANY,
  [Primitive.And]: BOOL,
  [Primitive.Or]: BOOL,
};

function checkDType(name: string, dtype: DType, allowed: readonly DType[]): void {
  if (!allowed.includes(dtype)) {
    const hint = allowed.includes("f32") && dtype !== "f32" ? `; convert with cast(x, "f32")` : "";
    fail(name, `dtype ${dtype} is not supported (expected ${allowed.join(" or ")})${hint}`);
  }
}

export function unary<D extends DType, S extends Shape>(op: UnaryPrimitive, name: string, x: Tensor<D, S>): Tensor<D, S> {
  if (!isTensor(x)) fail(name, `expected a tensor, got ${typeof x}`);
  checkDType(name, x.dtype, UNARY_DTYPES[op]);
  return createNode(op, [x], {}, x.shape, x.dtype);
}

/** Converts two operands to tensors of one dtype and one broadcast shape. */
export function broadcastPair(name: string, a: Operand, b: Operand): [Tensor, Tensor] {
  const like = isTensor(a) ? a.dtype : isTensor(b) ? b.dtype : undefined;
  const ta = asTensor(name, a, like);
  const tb = asTensor(name, b, like);
  if (ta.dtype !== tb.dtype) {
    fail(name, `dtypes differ: ${ta.dtype} vs ${tb.dtype}; convert one operand with cast()`);
  }
  const shape = broadcastShapes(name, ta.shape, tb.shape);
  return [broadcastTo(ta, shape), broadcastTo(tb, shape)];
}

export function binary(op: BinaryPrimitive, name: string, a: Operand, b: Operand): Tensor {
  const [ta, tb] = broadcastPair(name, a, b);
  checkDType(name, ta.dtype, BINARY_DTYPES[op]);
  const dtype: DType = COMPARISON_PRIMITIVES.has(op) ? "bool" : ta.dtype;
  return createNode(op, [ta, tb], {}, ta.shape, dtype);
}

// ---- unary ----

export const neg = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Neg, "neg", x);
export const abs = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Abs, "abs", x);
export const sign = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Sign, "sign", x);
export const exp = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Exp, "exp", x);
export const log = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Log, "log", x);
export const log1p = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Log1p, "log1p", x);
export const expm1 = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Expm1, "expm1", x);
export const sqrt = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Sqrt, "sqrt", x);
export const rsqrt = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Rsqrt, "rsqrt", x);
export const reciprocal = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Reciprocal, "reciprocal", x);
export const sin = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Sin, "sin", x);
export const cos = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Cos, "cos", x);
export const tanh = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Tanh, "tanh", x);
export const sigmoid = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Sigmoid, "sigmoid", x);
export const erf = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Erf, "erf", x);
export const floor = <D extends DType, S extends Shape>(x: Tensor<D, S>) => unary(Primitive.Floor, "floor", x);
export const logicalNot = <S extends Shape>(x: Tensor<DType, S>) => unary(Primitive.Not, "logicalNot", x) as Tensor<"bool", S>;

/** Identity in the forward pass; its gradient is exactly zero. */
export const stopGradient = <D extends DType, S extends Shape>(x: Tensor<D, S>) =>
  unary(Primitive.StopGradient, "stopGradient", x);

export function square<D extends DType, S extends Shape>(x: Tensor<D, S>): Tensor<D, S> {
  return binary(Primitive.Mul, "square", x, x) as Tensor<D, S>;
}

// ---- binary ----

export const add = (a: Operand, b: Operand) => binary(Primitive.Add, "add", a, b);
export const sub = (a: Operand, b: Operand) => binary(Primitive.Sub, "sub", a, b);
export const mul = (a: Operand, b: Operand) => binary(Primitive.Mul, "mul", a, b);
/**
 * Division. For i32 operands it truncates toward zero, and division by zero (or INT_MIN by -1)
 * returns the dividend.
 */
export const div = (a: Operand, b: Operand) => binary(Primitive.Div, "div", a, b);
export const pow = (a: Operand, b: Operand) => binary(Primitive.Pow, "pow", a, b);
/** Elementwise maximum; NaN in either operand gives NaN. */
export const maximum = (a: Operand, b: Operand) => binary(Primitive.Maximum, "maximum", a, b);
export const minimum = (a: Operand, b: Operand) => binary(Primitive.Minimum, "minimum", a, b);
export const less = (a: Operand, b: Operand) => binary(Primitive.Less, "less", a, b) as Tensor<"bool">;
export const lessEqual = (a: Operand, b: Operand) => binary(Primitive.LessEqual, "lessEqual", a, b) as Tensor<"bool">;
export const greater = (a: Operand, b: Operand) => binary(Primitive.Less, "greater", b, a) as Tensor<"bool">;
export const greaterEqual = (a: Operand, b: Operand) => binary(Primitive.LessEqual, "greaterEqual", b, a) as Tensor<"bool">;
export const equal = (a: Operand, b: Operand) => binary(Primitive.Equal, "equal", a, b) as Tensor<"bool">;
export const notEqual = (a: Operand, b: Operand) => binary(Primitive.NotEqual, "notEqual", a, b) as Tensor<"bool">;
export const logicalAnd = (a: Operand, b: Operand) => binary(Primitive.And, "logicalAnd", a, b) as Tensor<"bool">;
export const logicalOr = (a: Operand, b: Operand) => binary(Primitive.Or, "logicalOr", a, b) as Tensor<"bool">;

/** Selects `a` where `condition` is true and `b` elsewhere, broadcasting all three. */
export function where(condition: Tensor | boolean, a: Operand, b: Operand): Tensor {
  const cond = asTensor("where", condition, "bool");
  if (cond.dtype !== "bool") fail("where", `condition must be bool, got ${cond.dtype}`);
  const [ta, tb] = broadcastPair("where", a, b);
  const shape = broadcastShapes("where", cond.shape, ta.shape);
  return createNode(Primitive.Where, [broadcastTo(cond, shape), broadcastTo(ta, shape), broadcastTo(tb, shape)], {}, shape, ta.dtype);
}

/** Clamps `x` to [min, max]. The gradient is 1 inside the interval and splits at the bounds. */
export function clip<D extends DType, S extends Shape>(x: Tensor<D, S>, min: number | Tensor, max: number | Tensor): Tensor<D, S> {
  return minimum(maximum(x, min), max) as Tensor<D, S>;
}

/** Converts to `dtype`: floats to i32 truncate toward zero, nonzero values become true. */
export function cast<T extends DType, S extends Shape>(x: Tensor<DType, S>, dtype: T): Tensor<T, S> {
  asDType("cast", dtype);
  if (x.dtype === dtype) return x as unknown as Tensor<T, S>;
  return createNode(Primitive.Cast, [x], { dtype }, x.shape, dtype);
}
