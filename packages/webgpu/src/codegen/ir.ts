/**
 * The target-neutral kernel IR: scalar expressions, statements with loops and stores, and the
 * kernel's bindings and launch shape. The WGSL renderer is one consumer; scheduling and fusion
 * never produce target text directly.
 */

export type ScalarType = "f32" | "i32" | "u32" | "bool";

export type UnaryOp =
  | "neg"
  | "abs"
  | "exp"
  | "log"
  | "log1p"
  | "expm1"
  | "sqrt"
  | "inverseSqrt"
  | "sin"
  | "cos"
  | "tanh"
  | "sigmoid"
  | "erf"
  | "floor"
  | "trunc"
  | "not"
  | "isNan"
  | "isFinite"
  | "signF"
  | "signI";

export type BinaryOp =
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "rem"
  | "pow"
  | "min"
  | "max"
  | "lt"
  | "le"
  | "eq"
  | "ne"
  | "and"
  | "or"
  | "bitAnd"
  | "bitOr"
  | "bitXor"
  | "shl"
  | "shr";

export type Expr =
  | { k: "const"; type: ScalarType; value: number }
  | { k: "var"; type: ScalarType; name: string }
  | { k: "unary"; type: ScalarType; op: UnaryOp; a: Expr }
  | { k: "binary"; type: ScalarType; op: BinaryOp; a: Expr; b: Expr }
  | { k: "select"; type: ScalarType; cond: Expr; a: Expr; b: Expr }
  | { k: "cast"; type: ScalarType; a: Expr }
  | { k: "bitcast"; type: ScalarType; a: Expr }
  | { k: "load"; type: ScalarType; binding: number; index: Expr }
  /** An element of a named array: workgroup memory (`Kernel.shared`) or a `localArray`. */
  | { k: "loadShared"; type: ScalarType; array: string; index: Expr }
  | { k: "call"; type: ScalarType; fn: HelperFn; args: Expr[] };

/**
 * Functions each renderer provides because the target lacks them or leaves their edge cases
 * unspecified (WGSL has no erf, and its pow is undefined for negative bases), and `fma`
 * (a · b + c, f32 only), which CPU drivers do not form from a multiply and an add.
 */
export type HelperFn = "erf" | "log1p" | "expm1" | "pow" | "tanh" | "sigmoid" | "randomBits" | "unitFloat" | "fma";

export type Stmt =
  | { k: "let"; name: string; value: Expr }
  | { k: "var"; name: string; value: Expr }
  | { k: "assign"; name: string; value: Expr }
  | { k: "store"; binding: number; index: Expr; value: Expr }
  /** Writes an element of a named array: workgroup memory (`Kernel.shared`) or a `localArray`. */
  | { k: "storeShared"; array: string; index: Expr; value: Expr }
  /** Declares an array private to the invocation, read and written like workgroup arrays. */
  | { k: "localArray"; name: string; type: ScalarType; size: number }
  | { k: "for"; name: string; start: Expr; end: Expr; step: Expr; body: Stmt[] }
  | { k: "if"; cond: Expr; then: Stmt[]; else?: Stmt[] }
  | { k: "barrier" }
  | { k: "return" }
  | { k: "comment"; text: string }
  /**
   * One load of `lanes.length` consecutive elements from a vector binding (`vectorWidth` set):
   * `index` counts whole vectors, and each name in `lanes` is bound to one element, in order.
   */
  | { k: "loadVector"; binding: number; index: Expr; lanes: string[] }
  /** Writes `values.length` consecutive elements to a vector binding; `index` counts whole vectors. */
  | { k: "storeVector"; binding: number; index: Expr; values: Expr[] }
  /**
   * One texel of a texture binding (`texture` set): the 4 elements at texel column `x` of row
   * `y`, each name in `lanes` bound to one of them, in order.
   */
  | { k: "loadTexel"; binding: number; x: Expr; y: Expr; lanes: string[] };

/** A storage buffer binding: element type as stored, and whether the kernel writes it. */
export interface Binding {
  type: Exclude<ScalarType, "bool">;
  write: boolean;
  /** Human-readable role, rendered as a comment. */
  label: string;
  /** When set, the buffer is accessed as vectors of this many elements (only by `loadVector` and `storeVector`). */
  vectorWidth?: 4;
  /**
   * When set, the kernel reads the tensor from a 2D rgba32float texture of `width` × `height`
   * texels instead (only `loadTexel` reads it). The texture contains the buffer's elements in
   * order, 4 per texel, `width` texels per row. The executable copies the buffer into it
   * before the first kernel of a run that reads it.
   */
  texture?: TextureLayout;
}

/** The size in texels of a texture binding; see `Binding.texture`. */
export interface TextureLayout {
  width: number;
  height: number;
}

export interface SharedArray {
  name: string;
  type: ScalarType;
  size: number;
}

export interface Kernel {
  name: string;
  bindings: Binding[];
  shared: SharedArray[];
  workgroupSize: number;
  /** Number of workgroups; a grid over 65,535 is split across x and y by the renderer. */
  workgroups: number;
  /** Body statements; the variables `gid` (global invocation), `lid` (local index) and `wid` (workgroup index) are u32. */
  body: Stmt[];
}

// ---- expression builders ----

export const u32 = (value: number): Expr => ({ k: "const", type: "u32", value });
export const i32 = (value: number): Expr => ({ k: "const", type: "i32", value });
export const f32 = (value: number): Expr => ({ k: "const", type: "f32", value });
export const bool = (value: boolean): Expr => ({ k: "const", type: "bool", value: value ? 1 : 0 });
export const v = (name: string, type: ScalarType): Expr => ({ k: "var", type, name });

export function un(op: UnaryOp, a: Expr, type: ScalarType = a.type): Expr {
  return { k: "unary", type, op, a };
}

const COMPARISONS: ReadonlySet<BinaryOp> = new Set(["lt", "le", "eq", "ne", "and", "or"]);

export function bin(op: BinaryOp, a: Expr, b: Expr): Expr {
  return { k: "binary", type: COMPARISONS.has(op) ? "bool" : a.type, op, a, b };
}

export function call(fn: HelperFn, args: Expr[], type: ScalarType): Expr {
  return { k: "call", type, fn, args };
}

/** `cond ? a : b`. */
export function select(cond: Expr, a: Expr, b: Expr): Expr {
  return { k: "select", type: a.type, cond, a, b };
}

export function cast(a: Expr, type: ScalarType): Expr {
  return a.type === type ? a : { k: "cast", type, a };
}

export function bitcast(a: Expr, type: ScalarType): Expr {
  return { k: "bitcast", type, a };
}

/** Folds arithmetic on u32 constants so index expressions stay short. */
export function addU(a: Expr, b: Expr): Expr {
  if (a.k === "const" && a.value === 0) return b;
  if (b.k === "const" && b.value === 0) return a;
  if (a.k === "const" && b.k === "const") return u32(a.value + b.value);
  return bin("add", a, b);
}

export function mulU(a: Expr, b: Expr): Expr {
  if ((a.k === "const" && a.value === 0) || (b.k === "const" && b.value === 0)) return u32(0);
  if (a.k === "const" && a.value === 1) return b;
  if (b.k === "const" && b.value === 1) return a;
  if (a.k === "const" && b.k === "const") return u32(a.value * b.value);
  return bin("mul", a, b);
}

export function divU(a: Expr, b: number): Expr {
  if (b === 1) return a;
  if (a.k === "const") return u32(Math.floor(a.value / b));
  return bin("div", a, u32(b));
}

export function remU(a: Expr, b: number): Expr {
  if (b === 1) return u32(0);
  if (a.k === "const") return u32(a.value % b);
  return bin("rem", a, u32(b));
}
