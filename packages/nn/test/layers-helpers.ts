/** Reading tensors and comparing values in the layer, initialiser and loss tests of @kiln/nn. */
import { expect } from "vitest";
import { fromArray, withBackend, type Mutable, type Tensor } from "@kiln/tensor";

export type BackendName = "cpu" | "cpu64";

/** Tolerances for comparing against float64 references: cpu rounds to float32, cpu64 does not. */
export const TOLERANCE: Record<BackendName, number> = { cpu: 2e-5, cpu64: 1e-10 };

/** Realizes `t` on `backend` (default cpu) and returns its flat values as plain numbers. */
export function read(t: Tensor, backend: BackendName = "cpu"): number[] {
  return withBackend(backend, () => Array.from(t.dataSync(), Number));
}

/** Asserts that two flat arrays have equal length and agree within `atol + rtol·|expected|` per element. */
export function expectClose(actual: readonly number[], expected: readonly number[], atol = 2e-5, rtol = atol): void {
  expect(actual.length).toBe(expected.length);
  const worst = actual.reduce((w, a, i) => {
    const e = expected[i];
    if (a === e) return w;
    return Math.max(w, Math.abs(a - e) / (atol + rtol * Math.abs(e)));
  }, 0);
  if (!(worst <= 1)) {
    const index = actual.findIndex((a, i) => !(a === expected[i] || Math.abs(a - expected[i]) <= atol + rtol * Math.abs(expected[i])));
    expect.fail(`element ${index} differs: got ${actual[index]}, expected ${expected[index]} (atol ${atol}, rtol ${rtol})`);
  }
}

/** Creates an f32 tensor of `shape` from float64 data, so cpu64 computes with exactly these values. */
export function f64<const S extends readonly number[]>(data: readonly number[], shape: S): Tensor<"f32", Mutable<S>> {
  return fromArray(Float64Array.from(data), shape, "f32");
}

/** Deterministic pseudo-random values in [-1, 1) for test inputs (a fixed LCG, independent of Kiln's PRNG). */
export function testValues(count: number, seed = 1): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 2 - 1;
  });
}

/** Sample mean and population standard deviation. */
export function moments(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}
