/**
 * Elementwise primitives as IR expressions. WGSL lets implementations assume that NaN and
 * infinities never occur, so every NaN-sensitive rule (max, min, comparisons, sign, casts) tests
 * NaN explicitly with a bit-level check; the results then match the CPU reference.
 */
import { Primitive, type Tensor } from "@kiln/tensor";
import { bin, bitcast, bool, call, cast, f32, i32, select, u32, un, type Expr } from "./ir.js";

type Args = readonly Expr[];
type Rule = (args: Args, node: Tensor) => Expr;

const isNan = (x: Expr) => un("isNan", x, "bool");
const eitherNan = (a: Expr, b: Expr) => bin("or", isNan(a), isNan(b));
const isFloat = (x: Expr) => x.type === "f32";

/** max/min that return NaN when either operand is NaN, as Math.max does. */
function extremum(op: "max" | "min"): Rule {
  return ([a, b]) => {
    const plain = bin(op, a, b);
    if (!isFloat(a)) return plain;
    return select(isNan(a), a, select(isNan(b), b, plain));
  };
}

/**
 * Divides an f32 `x` by a zero as IEEE 754 defines it: NaN for a zero or NaN dividend,
 * otherwise an infinity whose sign is the product of the operands' signs. `negativeZero` is
 * true for a divisor of -0. WGSL leaves division by zero unspecified, and Dawn on lavapipe
 * returns 0 for every dividend when the divisor is a literal or folds to one. x · ±Infinity
 * is not enough either, because lavapipe returned 0 for it when x was a known 0.
 */
function divideByZero(x: Expr, negativeZero: Expr): Expr {
  const positive = bin("ne", bin("lt", f32(0), x), negativeZero);
  const infinite = select(positive, f32(Infinity), f32(-Infinity));
  return select(bin("or", bin("eq", x, f32(0)), isNan(x)), f32(NaN), infinite);
}

const signBit = (x: Expr) => bin("ne", bin("bitAnd", bitcast(x, "u32"), u32(0x80000000)), u32(0));

/**
 * Divides f32 values. A divisor that is not a literal is tested for zero at run time, because
 * the shader compiler may prove it zero (y - y, y · 0, a sum of literals) and fold the quotient.
 * NOTE: the compiler may also drop the sign of a zero it folds, so x / (y · 0) for a negative
 * y gives +Infinity for x > 0 on lavapipe, where IEEE 754 gives -Infinity.
 */
function divide(a: Expr, b: Expr): Expr {
  if (b.k === "const") return b.value === 0 ? divideByZero(a, bool(Object.is(b.value, -0))) : bin("div", a, b);
  return select(bin("eq", b, f32(0)), divideByZero(a, signBit(b)), bin("div", a, b));
}

const isZeroLiteral = (x: Expr) => x.k === "const" && x.value === 0;
const sameValue = (a: Expr, b: Expr) => a === b || (a.k === "var" && b.k === "var" && a.name === b.name);
const nanUnlessFinite = (x: Expr, value: Expr) => select(un("isFinite", x, "bool"), value, f32(NaN));

/**
 * Multiplies values. Lavapipe folds an f32 product with a literal 0 to 0, so an explicit test
 * makes it NaN for an infinite or NaN x.
 */
function multiply(a: Expr, b: Expr): Expr {
  const product = bin("mul", a, b);
  if (!isFloat(a)) return product;
  if (isZeroLiteral(b)) return nanUnlessFinite(a, product);
  if (isZeroLiteral(a)) return nanUnlessFinite(b, product);
  return product;
}

/**
 * Subtracts values. Lavapipe folds an f32 x - x to 0, so an explicit test makes it NaN for an
 * infinite or NaN x.
 * NOTE: x + (-x), a product with a zero that only lavapipe folds (x · (0 + 0)) and a matmul
 * with a zero constant operand still give 0 where x is infinite or NaN.
 */
function subtract(a: Expr, b: Expr): Expr {
  const difference = bin("sub", a, b);
  return isFloat(a) && sameValue(a, b) ? nanUnlessFinite(a, difference) : difference;
}

/** Ordered comparisons are false when either operand is NaN. */
function ordered(op: "lt" | "le" | "eq"): Rule {
  return ([a, b]) => {
    const plain = bin(op, a, b);
    return isFloat(a) ? bin("and", plain, un("not", eitherNan(a, b), "bool")) : plain;
  };
}

const RULES: Partial<Record<Primitive, Rule>> = {
  [Primitive.Neg]: ([x]) => un("neg", x),
  [Primitive.Abs]: ([x]) => un("abs", x),
  [Primitive.Sign]: ([x]) => (isFloat(x) ? select(isNan(x), x, un("signF", x)) : un("signI", x)),
  [Primitive.Exp]: ([x]) => un("exp", x),
  [Primitive.Log]: ([x]) => un("log", x),
  [Primitive.Log1p]: ([x]) => call("log1p", [x], "f32"),
  [Primitive.Expm1]: ([x]) => call("expm1", [x], "f32"),
  [Primitive.Sqrt]: ([x]) => un("sqrt", x),
  [Primitive.Rsqrt]: ([x]) => un("inverseSqrt", x),
  [Primitive.Reciprocal]: ([x]) => divide(f32(1), x),
  [Primitive.Sin]: ([x]) => un("sin", x),
  [Primitive.Cos]: ([x]) => un("cos", x),
  [Primitive.Tanh]: ([x]) => call("tanh", [x], "f32"),
  [Primitive.Sigmoid]: ([x]) => call("sigmoid", [x], "f32"),
  [Primitive.Erf]: ([x]) => call("erf", [x], "f32"),
  [Primitive.Floor]: ([x]) => (isFloat(x) ? un("floor", x) : x),
  [Primitive.Not]: ([x]) => un("not", x),

  [Primitive.Add]: ([a, b]) => bin("add", a, b),
  [Primitive.Sub]: ([a, b]) => subtract(a, b),
  [Primitive.Mul]: ([a, b]) => multiply(a, b),
  // WGSL's i32 division already returns the dividend for x/0 and INT_MIN/-1, as the CPU backend.
  [Primitive.Div]: ([a, b]) => (isFloat(a) ? divide(a, b) : bin("div", a, b)),
  [Primitive.Pow]: ([a, b]) => call("pow", [a, b], "f32"),
  [Primitive.Maximum]: extremum("max"),
  [Primitive.Minimum]: extremum("min"),
  [Primitive.Less]: ordered("lt"),
  [Primitive.LessEqual]: ordered("le"),
  [Primitive.Equal]: ([a, b]) => (a.type === "bool" ? bin("eq", a, b) : ordered("eq")([a, b], undefined as never)),
  [Primitive.NotEqual]: ([a, b]) => (isFloat(a) ? bin("or", bin("ne", a, b), eitherNan(a, b)) : bin("ne", a, b)),
  [Primitive.And]: ([a, b]) => bin("and", a, b),
  [Primitive.Or]: ([a, b]) => bin("or", a, b),
  [Primitive.Where]: ([c, a, b]) => select(c, a, b),
  [Primitive.Cast]: ([x], node) => castValue(x, node.dtype),
};

/** Conversion rules of the CPU reference: truncate and saturate to i32, NaN to 0, nonzero to true. */
function castValue(x: Expr, to: Tensor["dtype"]): Expr {
  if (x.type === to) return x;
  if (to === "bool") {
    const nonzero = bin("ne", x, x.type === "f32" ? f32(0) : i32(0));
    return x.type === "f32" ? bin("or", nonzero, isNan(x)) : nonzero;
  }
  if (x.type === "bool") return select(x, to === "f32" ? f32(1) : i32(1), to === "f32" ? f32(0) : i32(0));
  if (to === "f32") return cast(x, "f32");
  // f32 → i32
  const clamped = cast(bin("max", bin("min", x, f32(2147483520)), f32(-2147483648)), "i32");
  const saturated = select(bin("le", f32(2147483648), x), i32(2147483647), clamped);
  return select(isNan(x), i32(0), saturated);
}

export function elementwiseExpr(node: Tensor, args: Args): Expr {
  const rule = RULES[node.op];
  if (!rule) throw new Error(`internal: no elementwise rule for ${node.op}`);
  return rule(args, node);
}

export { u32 };
