/** Shared arbitraries, tensor construction and tolerance checks for the @kiln/tensor tests. */
import { fc } from "@fast-check/vitest";
import { expect } from "vitest";
import { fromArray, withBackend, type DType, type Tensor } from "@kiln/tensor";
import { sizeOf, type NdArray } from "./reference.js";

/** A backend with the tolerances its results are compared under. */
export interface BackendCase {
  name: "cpu" | "cpu64";
  rtol: number;
  atol: number;
}

export const BACKENDS: readonly BackendCase[] = [
  { name: "cpu", rtol: 2e-6, atol: 1e-6 },
  { name: "cpu64", rtol: 1e-12, atol: 1e-12 },
];

/** Realizes `t` on `backend` and returns its flat data as plain numbers. */
export function read(t: Tensor, backend: string): number[] {
  return Array.from(withBackend(backend, () => t.dataSync()));
}

/** Creates a tensor holding `x`. Its f32 data keeps float64 precision until a backend uploads it. */
export function toTensor<D extends DType = "f32">(x: NdArray, dtype?: D): Tensor<D> {
  const resolved = (dtype ?? "f32") as D;
  const data = resolved === "f32" ? Float64Array.from(x.data) : x.data;
  return fromArray(data, x.shape, resolved) as Tensor<D>;
}

function close(actual: number, expected: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/**
 * Asserts that `actual` matches `expected` elementwise within `atol + rtol·|expected|`. NaN
 * matches only NaN and infinities only themselves. A failure lists the first mismatches.
 */
export function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], tol: { rtol: number; atol: number }): void {
  expect(actual.length, "element count").toBe(expected.length);
  const mismatches: string[] = [];
  for (let i = 0; i < expected.length && mismatches.length < 5; i++) {
    if (!close(actual[i], expected[i], tol.rtol, tol.atol)) mismatches.push(`[${i}] got ${actual[i]}, expected ${expected[i]}`);
  }
  expect(mismatches).toEqual([]);
}

/** Asserts a tensor's shape and values on `backend` against a reference array. */
export function expectTensor(t: Tensor, expected: NdArray, backend: BackendCase, tol?: { rtol: number; atol: number }): void {
  expect(t.shape).toEqual(expected.shape);
  expectAllClose(read(t, backend.name), expected.data, tol ?? backend);
}

// ---- arbitraries ----

/** Values k/8 in [-8, 8]: exact in float32, so both backends start from the same inputs. */
export const valueArb = fc.integer({ min: -64, max: 64 }).map((k) => k / 8);

/** Generates shapes of rank minRank…maxRank with dimensions 0…maxDim (1…maxDim when allowZero is false). */
export function shapeArb(options: { minRank?: number; maxRank?: number; maxDim?: number; allowZero?: boolean } = {}): fc.Arbitrary<number[]> {
  const dim = fc.integer({ min: options.allowZero === false ? 1 : 0, max: options.maxDim ?? 3 });
  return fc.array(dim, { minLength: options.minRank ?? 0, maxLength: options.maxRank ?? 4 });
}

/** Generates an array of `shape` with values drawn from `values` (valueArb by default). */
export function ndArb(shape: readonly number[], values: fc.Arbitrary<number> = valueArb): fc.Arbitrary<NdArray> {
  const size = sizeOf(shape);
  return fc.array(values, { minLength: size, maxLength: size }).map((data) => ({ shape: [...shape], data }));
}

/** Generates an array whose shape comes from shapeArb(options). */
export function arrayArb(options: Parameters<typeof shapeArb>[0] = {}, values?: fc.Arbitrary<number>): fc.Arbitrary<NdArray> {
  return shapeArb(options).chain((shape) => ndArb(shape, values));
}

/** Derives an operand shape that broadcasts to `shape`: a suffix with some dimensions set to 1. */
export function broadcastableTo(shape: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: shape.length }),
      fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
    )
    .map(([drop, ones]) => shape.slice(drop).map((d, i) => (ones[drop + i] ? 1 : d)));
}

/** Generates `count` arrays whose shapes broadcast together, including rank 0, size-1 and zero-size axes. */
export function broadcastGroupArb(count: number, values?: fc.Arbitrary<number>): fc.Arbitrary<NdArray[]> {
  return shapeArb()
    .chain((shape) => fc.tuple(...Array.from({ length: count }, () => broadcastableTo(shape))))
    .chain((shapes) => fc.tuple(...shapes.map((s) => ndArb(s, values))));
}

/** Generates two arrays whose shapes broadcast together. */
export function broadcastPairArb(values?: fc.Arbitrary<number>): fc.Arbitrary<[NdArray, NdArray]> {
  return broadcastGroupArb(2, values).map(([a, b]) => [a, b]);
}

/** Generates an axis list (possibly negative, no repeats) for an array of rank `rank`. */
export function axesArb(rank: number): fc.Arbitrary<number[]> {
  if (rank === 0) return fc.constant([]);
  return fc
    .subarray(Array.from({ length: rank }, (_, i) => i))
    .chain((axes) => fc.tuple(...axes.map((a) => fc.constantFrom(a, a - rank))))
    .map((axes) => [...axes]);
}

/** Generates one axis in [-rank, rank) for an array of rank ≥ 1. */
export function axisArb(rank: number): fc.Arbitrary<number> {
  return fc.integer({ min: -rank, max: rank - 1 });
}
