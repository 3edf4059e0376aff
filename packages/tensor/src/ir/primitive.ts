import type { DType, HostArray } from "../dtype.js";

/**
 * The primitive operations of the graph IR. Every public op is built from these, so the
 * autodiff rules, the CPU interpreter and any code generator each cover exactly this set.
 * Rule tables are typed `Record<Primitive, …>`, so adding a member fails `tsc` until every
 * table has a rule for it.
 */
export enum Primitive {
  // Leaves.
  Constant = "constant",
  Input = "input",
  Iota = "iota",
  RandomBits = "random_bits",

  // Unary elementwise.
  Neg = "neg",
  Abs = "abs",
  Sign = "sign",
  Exp = "exp",
  Log = "log",
  Log1p = "log1p",
  Expm1 = "expm1",
  Sqrt = "sqrt",
  Rsqrt = "rsqrt",
  Reciprocal = "reciprocal",
  Sin = "sin",
  Cos = "cos",
  Tanh = "tanh",
  Sigmoid = "sigmoid",
  Erf = "erf",
  Floor = "floor",
  Not = "not",
  Cast = "cast",
  StopGradient = "stop_gradient",

  // Binary elementwise (operands of equal shape and dtype).
  Add = "add",
  Sub = "sub",
  Mul = "mul",
  Div = "div",
  Pow = "pow",
  Maximum = "maximum",
  Minimum = "minimum",
  Less = "less",
  LessEqual = "less_equal",
  Equal = "equal",
  NotEqual = "not_equal",
  And = "and",
  Or = "or",

  // Ternary elementwise.
  Where = "where",

  // Reductions (reduced axes are removed from the shape).
  ReduceSum = "reduce_sum",
  ReduceMax = "reduce_max",
  ReduceProd = "reduce_prod",
  ArgMax = "argmax",
  Argsort = "argsort",

  // Movement.
  Reshape = "reshape",
  Permute = "permute",
  Broadcast = "broadcast",
  Slice = "slice",
  Flip = "flip",
  Pad = "pad",
  Concat = "concat",
  Gather = "gather",
  ScatterAdd = "scatter_add",

  // Contraction.
  Dot = "dot",

  // A user-defined VJP around a primal computation.
  CustomVjp = "custom_vjp",
}

/** The rule a `customVjp` node applies to its cotangent. */
export interface CustomVjpRule {
  name: string;
  /** Maps the output cotangent to one cotangent (or null for zero) per differentiable input. */
  backward(cotangent: unknown): (unknown | null)[];
}

/** Attributes carried by each primitive. */
export interface AttrMap {
  [Primitive.Constant]: { data: HostArray };
  [Primitive.Input]: { index: number };
  [Primitive.Iota]: { axis: number };
  /** Threefry-2x32 bits; output pair j uses the counter (hi, lo + j). */
  [Primitive.RandomBits]: { hi: number; lo: number; dist: "bits" | "uniform" };
  [Primitive.Cast]: { dtype: DType };
  [Primitive.ReduceSum]: { axes: number[] };
  [Primitive.ReduceMax]: { axes: number[] };
  [Primitive.ReduceProd]: { axes: number[] };
  [Primitive.ArgMax]: { axis: number };
  [Primitive.Argsort]: { axis: number; descending: boolean };
  [Primitive.Reshape]: { shape: number[] };
  [Primitive.Permute]: { perm: number[] };
  [Primitive.Broadcast]: { shape: number[] };
  [Primitive.Slice]: { start: number[]; stop: number[]; step: number[] };
  [Primitive.Flip]: { axes: number[] };
  [Primitive.Pad]: { lo: number[]; hi: number[] };
  [Primitive.Concat]: { axis: number };
  [Primitive.Gather]: { axis: number };
  [Primitive.ScatterAdd]: { axis: number; size: number };
  [Primitive.CustomVjp]: { rule: CustomVjpRule };
}

export type AttrsOf<P extends Primitive> = P extends keyof AttrMap ? AttrMap[P] : Record<string, never>;

export const UNARY_PRIMITIVES = [
  Primitive.Neg,
  Primitive.Abs,
  Primitive.Sign,
  Primitive.Exp,
  Primitive.Log,
  Primitive.Log1p,
  Primitive.Expm1,
  Primitive.Sqrt,
  Primitive.Rsqrt,
  Primitive.Reciprocal,
  Primitive.Sin,
  Primitive.Cos,
  Primitive.Tanh,
  Primitive.Sigmoid,
  Primitive.Erf,
  Primitive.Floor,
  Primitive.Not,
  Primitive.StopGradient,
] as const;
export type UnaryPrimitive = (typeof UNARY_PRIMITIVES)[number];

export const BINARY_PRIMITIVES = [
  Primitive.Add,
  Primitive.Sub,
  Primitive.Mul,
  Primitive.Div,
  Primitive.Pow,
  Primitive.Maximum,
  Primitive.Minimum,
  Primitive.Less,
  Primitive.LessEqual,
  Primitive.Equal,
  Primitive.NotEqual,
  Primitive.And,
  Primitive.Or,
] as const;
export type BinaryPrimitive = (typeof BINARY_PRIMITIVES)[number];

export const COMPARISON_PRIMITIVES: ReadonlySet<Primitive> = new Set([
  Primitive.Less,
  Primitive.LessEqual,
  Primitive.Equal,
  Primitive.NotEqual,
]);
