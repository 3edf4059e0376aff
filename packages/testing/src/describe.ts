import fc from "fast-check";
import { withBackend, type DType, type Tensor } from "@kiln/tensor";

function formatElement(value: number, dtype: DType): string {
  if (dtype === "bool") return value !== 0 ? "true" : "false";
  // String() drops the sign of -0, which matters for kinks such as abs and sign.
  return Object.is(value, -0) ? "-0" : String(value);
}

/**
 * Formats tensor data as Kiln source code that recreates it, such as
 * `tensor([[0.5, -1.25], [3, 4]])` or `tensor([1, 2], "i32")`. Numbers are printed with
 * `String()`, the shortest text that parses back to the same float64, and `tensor()` keeps
 * float64 precision on the cpu64 backend, so pasting the text reproduces the values exactly.
 */
export function formatTensorData(data: ArrayLike<number>, shape: readonly number[], dtype: DType): string {
  const size = shape.reduce((n, d) => n * d, 1);
  const dtypeArg = dtype === "i32" ? ', "i32"' : "";
  if (size === 0) {
    // Nested arrays cannot express a zero dimension followed by others, such as [0, 3].
    return `fromArray([], [${shape.join(", ")}], "${dtype}")`;
  }

  let offset = 0;
  const build = (axis: number): string => {
    if (axis === shape.length) return formatElement(data[offset++], dtype);
    const items: string[] = [];
    for (let i = 0; i < shape[axis]; i++) items.push(build(axis + 1));
    return `[${items.join(", ")}]`;
  };
  return `tensor(${build(0)}${dtypeArg})`;
}

/**
 * Formats a tensor as Kiln source code that recreates it (see `formatTensorData`). The value
 * is read on the cpu64 backend, so f32 constants built from float64 data print exactly.
 */
export function describeTensor(t: Tensor): string {
  const data = withBackend("cpu64", () => t.dataSync());
  return formatTensorData(data, t.shape, t.dtype);
}

/**
 * Makes fast-check print `t` as `formatTensorData(data, …)` in counterexamples, by defining
 * fast-check's `toStringMethod` on the instance. `data` is the exact host data of `t`.
 */
export function attachDescription<T extends Tensor>(t: T, data: ArrayLike<number>): T {
  const text = formatTensorData(data, t.shape, t.dtype);
  Object.defineProperty(t, fc.toStringMethod, { value: () => text, enumerable: false });
  return t;
}
