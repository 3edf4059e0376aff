/**
 * Local derivatives of the elementwise primitives, shared by the VJP and JVP tables: for a node
 * y = f(x) the unary partial is ∂y/∂x, for y = f(a, b) the pair (∂y/∂a, ∂y/∂b). Each is built
 * from ops, so it is differentiable again (higher-order gradients).
 */
import { Primitive, type BinaryPrimitive, type UnaryPrimitive } from "../ir/primitive.js";
import type { Tensor } from "../ir/tensor.js";
import * as ops from "../ops/index.js";

/** null marks a function with zero derivative (piecewise constant or non-float). */
type UnaryPartial = ((x: Tensor, y: Tensor) => Tensor) | null;
type BinaryPartial = ((a: Tensor, b: Tensor, y: Tensor) => [Tensor | null, Tensor | null]) | null;

export const UNARY_PARTIALS: Record<UnaryPrimitive, UnaryPartial> = {
  [Primitive.Neg]: (x) => ops.fullLike(x, -1),
  // d|x| = sign(x): zero at x = 0, as in PyTorch and JAX.
  [Primitive.Abs]: (x) => ops.sign(x),
  [Primitive.Sign]: null,
  [Primitive.Exp]: (_x, y) => y,
  [Primitive.Log]: (x) => ops.reciprocal(x),
  [Primitive.Log1p]: (x) => ops.reciprocal(x.add(1)),
  [Primitive.Expm1]: (_x, y) => y.add(1),
  // d√x = 1 / (2√x)
  [Primitive.Sqrt]: (_x, y) => ops.reciprocal(y.mul(2)),
  // d x^(-1/2) = -½ x^(-3/2) = -½ y³
  [Primitive.Rsqrt]: (_x, y) => y.mul(y).mul(y).mul(-0.5),
  // d(1/x) = -1/x² = -y²
  [Primitive.Reciprocal]: (_x, y) => y.mul(y).neg(),
  [Primitive.Sin]: (x) => ops.cos(x),
  [Primitive.Cos]: (x) => ops.sin(x).neg(),
  [Primitive.Tanh]: (_x, y) => y.mul(y).neg().add(1),
  [Primitive.Sigmoid]: (_x, y) => y.mul(y.neg().add(1)),
  // d erf(x) = 2/√π · exp(-x²)
  [Primitive.Erf]: (x) => ops.exp(x.mul(x).neg()).mul(2 / Math.sqrt(Math.PI)),
  [Primitive.Floor]: null,
  [Primitive.Not]: null,
  [Primitive.StopGradient]: null,
};

/** Primitives whose local derivatives are finite for every input, so a product with them needs no guard. */
const FINITE_PARTIALS: ReadonlySet<Primitive> = new Set([Primitive.Neg, Primitive.Add, Primitive.Sub, Primitive.Maximum, Primitive.Minimum]);

/**
 * Returns factor · partial for a cotangent or tangent `factor`, where a zero factor contributes
 * zero even when the partial is infinite or NaN. The branch a `where` does not take gets a zero
 * cotangent, so `where(x > 0, log(x), 0)` has gradient 0 at x = 0, where JAX and PyTorch give
 * NaN. An input held fixed gets a zero tangent, so the JVP of √x₀ + x₁ at x₀ = 0 along (0, 1)
 * is 1. Only partials that are not finite are masked, so the result stays linear in the factor
 * wherever the partial is finite, as higher-order derivatives need.
 */
export function timesPartial(factor: Tensor, partial: Tensor): Tensor {
  const product = factor.mul(partial);
  // A zero factor times a finite constant partial (the 0.5 of x · 0.5) is 0, so no guard is needed.
  if (isFiniteConstant(partial)) return product;
  // With factor = 0, the product is NaN exactly when the partial is infinite or NaN.
  return ops.where(ops.logicalAnd(ops.equal(factor, 0), ops.notEqual(product, product)), 0, product);
}

/** Views that keep every value of their input, which isFiniteConstant looks through. */
const VALUE_VIEWS: ReadonlySet<Primitive> = new Set([Primitive.Broadcast, Primitive.Reshape, Primitive.Permute]);

/** Maximum number of elements that isFiniteConstant scans. Larger constants count as not known to be finite. */
const FINITE_CHECK_MAX = 4096;

/**
 * Returns whether `t` is a constant known at trace time, or a view of one, whose values are all
 * finite. A compiled function's realized results are constants without host data, so they do
 * not count.
 */
function isFiniteConstant(t: Tensor): boolean {
  let source = t;
  while (VALUE_VIEWS.has(source.op) && source.realized === null) source = source.inputs[0];
  if (source.op !== Primitive.Constant) return false;
  const data = source.attrsOf(Primitive.Constant).data;
  if (data === null || data.length > FINITE_CHECK_MAX) return false;
  return data.every((value) => Number.isFinite(value));
}

/** timesPartial for the local derivative of the elementwise primitive `op`. */
export function timesElementwisePartial(op: Primitive, factor: Tensor, partial: Tensor): Tensor {
  return FINITE_PARTIALS.has(op) ? factor.mul(partial) : timesPartial(factor, partial);
}

/** 1 where a is the selected extremum alone, ½ on ties with b, 0 elsewhere (JAX's convention). */
function balancedSelect(a: Tensor, b: Tensor, y: Tensor): Tensor {
  const tie = ops.where(ops.equal(a, b), 0.5, 1);
  return ops.where(ops.equal(a, y), tie, 0);
}

export const BINARY_PARTIALS: Record<BinaryPrimitive, BinaryPartial> = {
  [Primitive.Add]: (a, b) => [ops.onesLike(a), ops.onesLike(b)],
  [Primitive.Sub]: (a, b) => [ops.onesLike(a), ops.fullLike(b, -1)],
  [Primitive.Mul]: (a, b) => [b, a],
  // d(a/b) = (1/b, -a/b²) = (1/b, -y/b)
  [Primitive.Div]: (_a, b, y) => [ops.reciprocal(b), y.div(b).neg()],
  // d(a^b) = (b·a^(b-1), log(a)·a^b). ∂/∂a is 0 at b = 0. ∂/∂b is 0 at a = 0, where a^b is
  // constant in b on each side (0 for b > 0, ∞ for b < 0), and where a^b underflows to 0.
  [Primitive.Pow]: (a, b, y) => {
    const zeroBase = ops.equal(a, 0);
    return [
      ops.where(ops.equal(b, 0), 0, b.mul(ops.pow(a, b.sub(1)))),
      ops.where(ops.logicalOr(zeroBase, ops.equal(y, 0)), 0, ops.log(ops.where(zeroBase, 1, a)).mul(y)),
    ];
  },
  [Primitive.Maximum]: (a, b, y) => [balancedSelect(a, b, y), balancedSelect(b, a, y)],
  [Primitive.Minimum]: (a, b, y) => [balancedSelect(a, b, y), balancedSelect(b, a, y)],
  [Primitive.Less]: null,
  [Primitive.LessEqual]: null,
  [Primitive.Equal]: null,
  [Primitive.NotEqual]: null,
  [Primitive.And]: null,
  [Primitive.Or]: null,
};
