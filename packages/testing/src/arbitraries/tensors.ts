import fc from "fast-check";
import { fromArray, type DType, type Tensor } from "@kiln/tensor";
import { attachDescription } from "../describe.js";
import { shapes } from "./shapes.js";
import { boolValues, floatValues, intValues, type AvoidOptions } from "./values.js";

export interface TensorOptions<D extends DType> {
  /** A fixed shape. Pass `shape` or `shapeArb`, not both. Without either, shapes come from `shapes()`. */
  shape?: readonly number[];
  /** An arbitrary that draws the shape of each tensor, such as `shapes({ maxRank: 2 })`. */
  shapeArb?: fc.Arbitrary<readonly number[]>;
  /** Element type (default "f32"). */
  dtype?: D;
  /** Smallest value, inclusive (default -1 for f32 and -10 for i32). Not allowed for bool. */
  min?: number;
  /** Largest value, inclusive (default 1 for f32 and 10 for i32). Not allowed for bool. */
  max?: number;
  /** Keeps f32 values away from kinks and ties (f32 only). */
  avoid?: AvoidOptions;
}

const DEFAULT_RANGE: Record<"f32" | "i32", [number, number]> = { f32: [-1, 1], i32: [-10, 10] };

function valuesFor(dtype: DType, size: number, min: number, max: number, avoid: AvoidOptions | undefined): fc.Arbitrary<number[]> {
  switch (dtype) {
    case "f32":
      return floatValues(size, min, max, avoid);
    case "i32":
      return intValues(size, min, max);
    case "bool":
      return boolValues(size);
    default:
      return dtype satisfies never;
  }
}

function makeTensor<D extends DType>(values: number[], shape: readonly number[], dtype: D): Tensor<D> {
  // A Float64Array keeps f32 values exact on the cpu64 oracle, while "cpu" rounds them to float32.
  const data = dtype === "f32" ? Float64Array.from(values) : values;
  return attachDescription(fromArray(data, [...shape], dtype) as Tensor<D>, data);
}

function checkShape(shape: readonly number[]): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new RangeError(`tensors: shape must be an array of non-negative integers, got [${String(shape)}]`);
  }
}

/**
 * Generates Kiln tensors with values in [min, max]. f32 values are float64 numbers stored in
 * a Float64Array, so the cpu64 oracle computes with exactly the generated values. fast-check
 * prints each tensor as `tensor([...])` source code that recreates it.
 */
export function tensors<D extends DType = "f32">(options: TensorOptions<D> = {}): fc.Arbitrary<Tensor<D>> {
  const dtype = (options.dtype ?? "f32") as D;
  if (options.shape !== undefined && options.shapeArb !== undefined) {
    throw new TypeError("tensors: pass either shape or shapeArb, not both");
  }

  if (dtype === "bool" && (options.min !== undefined || options.max !== undefined)) {
    throw new TypeError("tensors: min and max do not apply to bool tensors; remove them");
  }
  if (dtype !== "f32" && options.avoid !== undefined) {
    throw new TypeError(`tensors: avoid applies only to f32 tensors, got dtype ${dtype}`);
  }
  const [defaultMin, defaultMax] = dtype === "bool" ? [0, 1] : DEFAULT_RANGE[dtype as "f32" | "i32"];
  const min = options.min ?? defaultMin;
  const max = options.max ?? defaultMax;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new RangeError(`tensors: min and max must be finite with min ≤ max, got [${min}, ${max}]`);
  }

  const build = (shape: readonly number[]): fc.Arbitrary<Tensor<D>> => {
    checkShape(shape);
    const size = shape.reduce((n, d) => n * d, 1);
    return valuesFor(dtype, size, min, max, options.avoid).map((values) => makeTensor(values, shape, dtype));
  };

  if (options.shape !== undefined) return build(options.shape);
  return (options.shapeArb ?? shapes()).chain(build);
}
