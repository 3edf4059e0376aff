/** Element types a tensor can have. Booleans are stored one byte per element. */
export type DType = "f32" | "i32" | "bool";

/** Host-side storage for tensor data. Float64Array holds f32 data in the float64 oracle mode. */
export type HostArray = Float32Array | Float64Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ["f32", "i32", "bool"];

export function isDType(value: unknown): value is DType {
  return value === "f32" || value === "i32" || value === "bool";
}

export function isFloat(dtype: DType): boolean {
  return dtype === "f32";
}

/** Allocates zeroed host storage for `size` elements; f32 uses Float64Array when `wide` is set. */
export function allocHost(dtype: DType, size: number, wide = false): HostArray {
  switch (dtype) {
    case "f32":
      return wide ? new Float64Array(size) : new Float32Array(size);
    case "i32":
      return new Int32Array(size);
    case "bool":
      return new Uint8Array(size);
    default:
      return dtype satisfies never;
  }
}
