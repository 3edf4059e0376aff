import type { DType, HostArray } from "../dtype.js";
import { fail, fmtShape } from "../errors.js";
import type { Shape } from "../shape.js";
import { checkSize, sizeOf } from "../shape.js";
import type { Broadcast, ElementOf, MatmulGuard, MatmulShape, Mutable, NestedArray, Reshaped } from "../types.js";
import type { BackendBuffer, Backend } from "../backend/backend.js";
import { freshNodeId, insideCompileTrace, insideTransform } from "./context.js";
import { Primitive, type AttrMap } from "./primitive.js";
import * as ops from "../ops/index.js";
import { realize, realizeSync, toNested } from "../realize.js";

/** A buffer holding a tensor's value on one backend. */
export interface Realized {
  backend: Backend;
  buffer: BackendBuffer;
}

type Other<D extends DType> = Tensor<D, Shape> | number | boolean;
type ShapeOfOther<O> = O extends Tensor<DType, infer S> ? S : [];

/**
 * A lazy tensor: a node of the graph IR. Ops record nodes; `await t.data()` (or `item()`,
 * `toArray()`) realizes the value on the tensor's backend. The type carries the dtype and
 * the shape; literal shapes such as `[4, 8]` are checked by `tsc` where the rules are cheap.
 */
export class Tensor<D extends DType = DType, S extends Shape = Shape> {
  readonly id: number;
  /** Inputs of the node; cleared after realization outside of transforms. */
  inputs: Tensor[];
  /** The realized value, once computed. */
  realized: Realized | null = null;
  /** Set when the tensor's buffer was donated to a compiled call and may have been overwritten. */
  donated = false;
  /** Set by `dispose()`: the tensor's buffer went back to its backend. */
  disposed = false;

  constructor(
    readonly op: Primitive,
    inputs: Tensor[],
    readonly attrs: Readonly<Record<string, unknown>>,
    readonly shape: S,
    readonly dtype: D,
  ) {
    this.id = freshNodeId();
    this.inputs = inputs;
  }

  get rank(): S["length"] {
    return this.shape.length;
  }

  get size(): number {
    return sizeOf(this.shape);
  }

  /** Attributes of the node, typed by its primitive. */
  attrsOf<P extends keyof AttrMap>(_op: P): AttrMap[P] {
    return this.attrs as unknown as AttrMap[P];
  }

  // ---- realization ----

  /** Realizes the tensor and returns a copy of its flat row-major data. */
  async data(): Promise<HostArray> {
    return (await realize([this]))[0];
  }

  /** Realizes the tensor synchronously; only backends that compute on the host support this. */
  dataSync(): HostArray {
    return realizeSync([this])[0];
  }

  /** Realizes a one-element tensor and returns its value. */
  async item(): Promise<ElementOf<D>> {
    this.checkSingleElement("item");
    return elementValue(this.dtype, (await this.data())[0]) as ElementOf<D>;
  }

  itemSync(): ElementOf<D> {
    this.checkSingleElement("itemSync");
    return elementValue(this.dtype, this.dataSync()[0]) as ElementOf<D>;
  }

  /** Realizes the tensor as nested arrays (booleans for `bool`). */
  async toArray(): Promise<NestedArray<ElementOf<D>, S["length"]>> {
    return toNested(await this.data(), this.shape, this.dtype) as NestedArray<ElementOf<D>, S["length"]>;
  }

  toArraySync(): NestedArray<ElementOf<D>, S["length"]> {
    return toNested(this.dataSync(), this.shape, this.dtype) as NestedArray<ElementOf<D>, S["length"]>;
  }

  /**
   * Frees the tensor's buffer now rather than when the tensor is garbage-collected, so a loop
   * that drops one output per call keeps its memory constant and the backend can reuse the
   * buffer at once. Any later use of the tensor, or a read of a lazy tensor computed from it,
   * raises an error. Calling it again, or on a donated tensor, does nothing.
   */
  dispose(): void {
    if (this.disposed || this.donated) return;
    if (insideTransform() || insideCompileTrace()) fail("dispose", `cannot dispose ${this.toString()} inside compile, grad or another transform; dispose values outside the traced function`);
    this.disposed = true;
    const realized = this.realized;
    this.realized = null;
    this.inputs = [];
    realized?.backend.release?.(realized.buffer);
  }

  /** The reason the tensor can no longer be used (donated or disposed), or null while it can. */
  get unusableReason(): string | null {
    if (this.donated) return "was donated to a compiled call";
    if (this.disposed) return "was disposed";
    return null;
  }

  /**
   * Returns the error message for a read (`use` "read") or any other use ("used") of a tensor
   * that was donated or disposed, with what to do instead, or null while the tensor is usable.
   */
  unusableMessage(use: "read" | "used"): string | null {
    const reason = this.unusableReason;
    if (reason === null) return null;
    const advice = this.disposed ? "dispose a tensor only after its last read and its last use as an input" : "use the outputs of the donating call instead";
    return `${this.toString()} ${reason} and can no longer be ${use}; ${advice}`;
  }

  toString(): string {
    return `Tensor(${this.dtype}${fmtShape(this.shape)}, ${this.op}#${this.id})`;
  }

  /**
   * Converts to a string for template literals and `String(t)`. Raises for numeric and default
   * conversions (`t * 2`, `+t`, `t + 1`), which would otherwise give NaN or a string silently.
   * Number arguments of compiled and differentiated functions arrive as such tensors.
   */
  [Symbol.toPrimitive](hint: "string" | "number" | "default"): string {
    if (hint === "string") return this.toString();
    return fail(
      "tensor",
      `${this.toString()} cannot be used as a JavaScript number. Use tensor ops (x.mul(n), not x * n), ` +
        "because compile and grad pass number arguments as f32 scalar tensors. Outside them, read the value with await t.item()",
    );
  }

  private checkSingleElement(op: string): void {
    if (this.size !== 1) fail(op, `expected a tensor with one element, got shape ${fmtShape(this.shape)}`);
  }

  // ---- elementwise arithmetic ----

  add<O extends Other<D>>(other: O): Tensor<D, Broadcast<S, ShapeOfOther<O>>> {
    return ops.add(this, other as Other<D>) as never;
  }
  sub<O extends Other<D>>(other: O): Tensor<D, Broadcast<S, ShapeOfOther<O>>> {
    return ops.sub(this, other as Other<D>) as never;
  }
  mul<O extends Other<D>>(other: O): Tensor<D, Broadcast<S, ShapeOfOther<O>>> {
    return ops.mul(this, other as Other<D>) as never;
  }
  div<O extends Other<D>>(other: O): Tensor<D, Broadcast<S, ShapeOfOther<O>>> {
    return ops.div(this, other as Other<D>) as never;
  }
  pow<O extends Other<D>>(other: O): Tensor<D, Broadcast<S, ShapeOfOther<O>>> {
    return ops.pow(this, other as Other<D>) as never;
  }
  maximum<O extends Other<D>>(other: O): Tensor<D, Broadcast<S, ShapeOfOther<O>>> {
    return ops.maximum(this, other as Other<D>) as never;
  }
  minimum<O extends Other<D>>(other: O): Tensor<D, Broadcast<S, ShapeOfOther<O>>> {
    return ops.minimum(this, other as Other<D>) as never;
  }

  // ---- comparisons and logic (results are bool) ----

  less<O extends Other<D>>(other: O): Tensor<"bool", Broadcast<S, ShapeOfOther<O>>> {
    return ops.less(this, other as Other<D>) as never;
  }
  lessEqual<O extends Other<D>>(other: O): Tensor<"bool", Broadcast<S, ShapeOfOther<O>>> {
    return ops.lessEqual(this, other as Other<D>) as never;
  }
  greater<O extends Other<D>>(other: O): Tensor<"bool", Broadcast<S, ShapeOfOther<O>>> {
    return ops.greater(this, other as Other<D>) as never;
  }
  greaterEqual<O extends Other<D>>(other: O): Tensor<"bool", Broadcast<S, ShapeOfOther<O>>> {
    return ops.greaterEqual(this, other as Other<D>) as never;
  }
  equal<O extends Other<D>>(other: O): Tensor<"bool", Broadcast<S, ShapeOfOther<O>>> {
    return ops.equal(this, other as Other<D>) as never;
  }
  notEqual<O extends Other<D>>(other: O): Tensor<"bool", Broadcast<S, ShapeOfOther<O>>> {
    return ops.notEqual(this, other as Other<D>) as never;
  }
  logicalAnd<O extends Other<"bool">>(other: O): Tensor<"bool", Broadcast<S, ShapeOfOther<O>>> {
    return ops.logicalAnd(this as Tensor, other as Other<"bool">) as never;
  }
  logicalOr<O extends Other<"bool">>(other: O): Tensor<"bool", Broadcast<S, ShapeOfOther<O>>> {
    return ops.logicalOr(this as Tensor, other as Other<"bool">) as never;
  }
  logicalNot(): Tensor<"bool", S> {
    return ops.logicalNot(this as Tensor) as never;
  }

  // ---- unary ----

  neg(): Tensor<D, S> {
    return ops.neg(this);
  }
  abs(): Tensor<D, S> {
    return ops.abs(this);
  }
  sign(): Tensor<D, S> {
    return ops.sign(this);
  }
  exp(): Tensor<D, S> {
    return ops.exp(this);
  }
  log(): Tensor<D, S> {
    return ops.log(this);
  }
  log1p(): Tensor<D, S> {
    return ops.log1p(this);
  }
  expm1(): Tensor<D, S> {
    return ops.expm1(this);
  }
  sqrt(): Tensor<D, S> {
    return ops.sqrt(this);
  }
  rsqrt(): Tensor<D, S> {
    return ops.rsqrt(this);
  }
  square(): Tensor<D, S> {
    return ops.square(this);
  }
  reciprocal(): Tensor<D, S> {
    return ops.reciprocal(this);
  }
  sin(): Tensor<D, S> {
    return ops.sin(this);
  }
  cos(): Tensor<D, S> {
    return ops.cos(this);
  }
  tanh(): Tensor<D, S> {
    return ops.tanh(this);
  }
  sigmoid(): Tensor<D, S> {
    return ops.sigmoid(this);
  }
  erf(): Tensor<D, S> {
    return ops.erf(this);
  }
  relu(): Tensor<D, S> {
    return ops.relu(this);
  }
  gelu(approximate: "none" | "tanh" = "none"): Tensor<D, S> {
    return ops.gelu(this, { approximate });
  }
  softplus(): Tensor<D, S> {
    return ops.softplus(this);
  }
  clip(min: number | Tensor<D>, max: number | Tensor<D>): Tensor<D, S> {
    return ops.clip(this, min, max);
  }
  cast<T extends DType>(dtype: T): Tensor<T, S> {
    return ops.cast(this, dtype);
  }

  // ---- reductions ----

  sum(axis?: number | number[], options?: { keepdims?: boolean }): Tensor<D> {
    return ops.sum(this, axis, options);
  }
  mean(axis?: number | number[], options?: { keepdims?: boolean }): Tensor<D> {
    return ops.mean(this, axis, options);
  }
  max(axis?: number | number[], options?: { keepdims?: boolean }): Tensor<D> {
    return ops.max(this, axis, options);
  }
  min(axis?: number | number[], options?: { keepdims?: boolean }): Tensor<D> {
    return ops.min(this, axis, options);
  }
  prod(axis?: number | number[], options?: { keepdims?: boolean }): Tensor<D> {
    return ops.prod(this, axis, options);
  }
  argmax(axis?: number, options?: { keepdims?: boolean }): Tensor<"i32"> {
    return ops.argmax(this, axis, options);
  }
  argmin(axis?: number, options?: { keepdims?: boolean }): Tensor<"i32"> {
    return ops.argmin(this, axis, options);
  }
  logsumexp(axis?: number | number[], options?: { keepdims?: boolean }): Tensor<D> {
    return ops.logsumexp(this, axis, options);
  }
  variance(axis?: number | number[], options?: { keepdims?: boolean; correction?: number }): Tensor<D> {
    return ops.variance(this, axis, options);
  }
  softmax(axis = -1): Tensor<D, S> {
    return ops.softmax(this, axis);
  }
  logSoftmax(axis = -1): Tensor<D, S> {
    return ops.logSoftmax(this, axis);
  }

  // ---- movement ----

  reshape<const T extends readonly number[]>(shape: T): Tensor<D, Reshaped<T>> {
    return ops.reshape(this, shape);
  }
  transpose(perm?: readonly number[]): Tensor<D> {
    return ops.transpose(this, perm);
  }
  permute(perm: readonly number[]): Tensor<D> {
    return ops.transpose(this, perm);
  }
  expandDims(axis: number): Tensor<D> {
    return ops.expandDims(this, axis);
  }
  squeeze(axis?: number | number[]): Tensor<D> {
    return ops.squeeze(this, axis);
  }
  broadcastTo<const T extends readonly number[]>(shape: T): Tensor<D, Mutable<T>> {
    return ops.broadcastTo(this, shape);
  }
  flatten(): Tensor<D, [number]> {
    return ops.reshape(this, [-1]) as never;
  }
  slice(spec: ops.SliceSpec): Tensor<D> {
    return ops.slice(this, spec);
  }
  flip(axis?: number | number[]): Tensor<D, S> {
    return ops.flip(this, axis);
  }
  pad(widths: readonly (readonly [number, number])[], value: number | boolean = 0): Tensor<D> {
    return ops.pad(this, widths, value);
  }
  take(indices: Tensor<"i32"> | readonly number[], axis = 0): Tensor<D> {
    return ops.take(this, indices, axis);
  }

  // ---- linear algebra ----

  matmul<B extends Shape>(other: Tensor<D, B> & MatmulGuard<S, B>): Tensor<D, MatmulShape<S, B>> {
    return ops.matmul(this as Tensor<D, Shape>, other as never) as never;
  }
}

function elementValue(dtype: DType, value: number): number | boolean {
  return dtype === "bool" ? value !== 0 : value;
}

export function isTensor(value: unknown): value is Tensor {
  return value instanceof Tensor;
}

/** Creates a graph node. Ops call this after checking their operands. */
export function createNode<D extends DType, S extends Shape = Shape>(
  op: Primitive,
  inputs: Tensor[],
  attrs: object,
  shape: S,
  dtype: D,
): Tensor<D, S> {
  // Ops that compute their output shape (matmul, concat, pad) are checked here.
  checkSize(op, shape);
  for (const x of inputs) {
    const message = x.unusableMessage("used");
    if (message) fail(op, `input ${message}`);
  }
  return new Tensor(op, inputs, attrs as Record<string, unknown>, shape, dtype);
}
