import { allocHost, type DType, type HostArray } from "../dtype.js";
import { asDType, fail, fmtShape } from "../errors.js";
import { createNode, isTensor, Tensor } from "../ir/tensor.js";
import { Primitive } from "../ir/primitive.js";
import { checkShape, sizeOf, type Shape } from "../shape.js";

/** Nested arrays of numbers or booleans, as accepted by `tensor()`. */
export type NestedData = number | boolean | readonly NestedData[];

/** Infers the shape of nested array data, rejecting ragged arrays. */
export function shapeOfData(op: string, data: NestedData): number[] {
  const shape: number[] = [];
  let level: NestedData = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0] as NestedData;
  }
  const check = (value: NestedData, axis: number): void => {
    if (axis === shape.length) {
      if (Array.isArray(value)) fail(op, `ragged data: expected a scalar at depth ${axis} for shape ${fmtShape(shape)}`);
      return;
    }
    if (!Array.isArray(value) || value.length !== shape[axis]) {
      fail(op, `ragged data: expected length ${shape[axis]} at depth ${axis} for shape ${fmtShape(shape)}`);
    }
    for (const v of value as readonly NestedData[]) check(v, axis + 1);
  };
  check(data, 0);
  return shape;
}

function describeValue(value: unknown): string {
  if (isTensor(value)) return `a tensor (${value}); pass the tensor itself or combine tensors with stack()`;
  if (value === undefined || value === null) return String(value);
  return `${typeof value === "string" ? JSON.stringify(value) : String(value)} (${typeof value})`;
}

/** Flat values of nested data, and where its first boolean and first number are (-1 if none). */
interface FlatData {
  values: number[];
  firstBoolean: number;
  firstNumber: number;
}

function flatten(op: string, data: NestedData, out: FlatData): void {
  if (Array.isArray(data)) {
    for (const v of data as readonly NestedData[]) flatten(op, v, out);
  } else if (typeof data === "boolean") {
    if (out.firstBoolean < 0) out.firstBoolean = out.values.length;
    out.values.push(Number(data));
  } else if (typeof data === "number") {
    if (out.firstNumber < 0) out.firstNumber = out.values.length;
    out.values.push(data);
  } else {
    fail(op, `data must contain only numbers and booleans, got ${describeValue(data)}`);
  }
}

/** Host storage for constants: f32 values keep float64 precision until a backend uploads them. */
export function hostFromValues(values: ArrayLike<number>, dtype: DType): HostArray {
  const out = allocHost(dtype, values.length, true);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = dtype === "bool" ? (v ? 1 : 0) : v;
  }
  return out;
}

export function constantFromHost<D extends DType>(data: HostArray, shape: Shape, dtype: D): Tensor<D> {
  const dims = checkShape("tensor", shape);
  if (data.length !== sizeOf(dims)) {
    fail("tensor", `data has ${data.length} elements but shape ${fmtShape(dims)} needs ${sizeOf(dims)}`);
  }
  return createNode(Primitive.Constant, [], { data }, dims, dtype);
}

export function constantFromData<D extends DType>(op: string, data: NestedData, dtype?: D): Tensor<D> {
  if (dtype !== undefined) asDType(op, dtype);
  const shape = shapeOfData(op, data);
  const flat: FlatData = { values: [], firstBoolean: -1, firstNumber: -1 };
  flatten(op, data, flat);
  const { values, firstBoolean, firstNumber } = flat;
  // Kiln does not promote dtypes, so data that mixes the two kinds has no inferred dtype.
  if (dtype === undefined && firstBoolean >= 0 && firstNumber >= 0) {
    fail(
      op,
      `data mixes booleans and numbers (flat element ${firstBoolean} is ${values[firstBoolean] === 1}, element ${firstNumber} is ${values[firstNumber]}), so no dtype can be inferred; use one kind of value or pass a dtype`,
    );
  }
  const resolved = (dtype ?? (firstBoolean >= 0 ? "bool" : "f32")) as D;
  if (resolved === "i32") checkInt32Values(op, values);
  return constantFromHost(hostFromValues(values, resolved), shape, resolved);
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Raises unless every value is an integer in the i32 range, so storing it neither truncates nor wraps. */
export function checkInt32Values(op: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v)) fail(op, `value ${v} is not an integer, so it cannot be stored as i32`);
    if (v < INT32_MIN || v > INT32_MAX) fail(op, `value ${v} is outside the i32 range [${INT32_MIN}, ${INT32_MAX}]`);
  }
}

/** A rank-0 constant. */
export function scalar<D extends DType = "f32">(value: number | boolean, dtype?: D): Tensor<D, []> {
  return constantFromData("scalar", value, dtype ?? ((typeof value === "boolean" ? "bool" : "f32") as D)) as Tensor<D, []>;
}

/**
 * Converts an operand to a tensor. JavaScript numbers and booleans are weakly typed: they take
 * the dtype of the other operand (`like`), as in JAX.
 */
export function asTensor(op: string, value: Tensor | number | boolean, like?: DType): Tensor {
  if (isTensor(value)) return value;
  if (typeof value === "number" || typeof value === "boolean") {
    const dtype: DType = like ?? (typeof value === "boolean" ? "bool" : "f32");
    if (dtype === "i32" && !Number.isInteger(value)) fail(op, `scalar ${value} is not an integer, but the other operand is i32`);
    if (dtype === "i32" && ((value as number) < INT32_MIN || (value as number) > INT32_MAX)) {
      fail(op, `scalar ${value} is outside the i32 range [${INT32_MIN}, ${INT32_MAX}] of the other operand`);
    }
    return scalar(value, dtype);
  }
  return fail(op, `expected a tensor or a number, got ${typeof value}`);
}

export { Tensor };
