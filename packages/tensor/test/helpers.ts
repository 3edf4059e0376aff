/** Shared arbitraries, tensor construction, backends and tolerance checks for the @kiln/tensor tests. */
import { fc } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { fromArray, withBackend, type DType, type Tensor } from "@kiln/tensor";
import { hasWebGpu } from "../../webgpu/test/gpu.js";
import { sizeOf, type NdArray } from "./reference.js";

export interface Tolerance {
  rtol: number;
  atol: number;
}

/** A backend with the tolerances its results are compared under. */
export interface BackendCase extends Tolerance {
  name: "cpu" | "cpu64" | "webgpu";
  /** Tolerances that replace `rtol` and `atol` for the listed ops, by op name. */
  ops: Readonly<Record<string, Tolerance>>;
  /** Rounds a float64 to the precision in which the backend stores and computes f32 tensors. */
  roundF32: (x: number) => number;
  /** Multiplier for property-test run counts (see `runs`). */
  runShare: number;
  /** False when the backend cannot run here, so that its tests are reported as skipped. */
  available: boolean;
}

const identity = (x: number) => x;

/**
 * cpu computes in float32 with correctly rounded arithmetic and rounds each result of the
 * float64 Math functions. The reduction entry covers the chains of rounding in mean, variance
 * and logsumexp.
 */
const CPU: BackendCase = {
  name: "cpu",
  rtol: 2e-6,
  atol: 1e-6,
  ops: { reduction: { rtol: 1e-5, atol: 1e-5 } },
  roundF32: Math.fround,
  runShare: 1,
  available: true,
};

/** cpu64 computes f32 tensors in float64, so it is the oracle and matches the reference up to rounding. */
const CPU64: BackendCase = {
  name: "cpu64",
  rtol: 1e-12,
  atol: 1e-12,
  ops: {},
  roundF32: identity,
  runShare: 1,
  available: true,
};

/**
 * webgpu computes in float32, but WGSL does not require correct rounding. Its accuracy rules
 * allow 2.5 ULP for division and 3 + 2·|x| ULP for exp, which is 19 ULP (2.3e-6 relative) on
 * the test values |x| ≤ 8, so the backend-wide rtol is 3e-6 rather than cpu's 2e-6.
 *
 * NOTE: on Mesa's lavapipe (LLVM's float32 exp, log, sin and cos) every elementwise op stays
 * within that tolerance on all k/8 test values: the largest error is pow's 1.4e-6 relative
 * (exp2 of b·log2|a|), then exp's 5.7e-7, and sin and cos are within 1 ULP. WGSL allows a GPU
 * far less: sin and cos need only be within 2^-11 absolute on [-π, π] and are unbounded outside
 * it, so a hardware adapter may need per-op entries here (elementwise.test.ts looks ops up by
 * name).
 */
const WEBGPU: BackendCase = {
  name: "webgpu",
  rtol: 3e-6,
  atol: 1e-6,
  ops: { reduction: { rtol: 1e-5, atol: 1e-5 } },
  roundF32: Math.fround,
  // Each new graph shape compiles WGSL pipelines on the device (5–50 ms each on lavapipe).
  runShare: 1 / 3,
  available: hasWebGpu,
};

export const BACKENDS: readonly BackendCase[] = [CPU, CPU64, WEBGPU];

/** The backends that can run here. */
export const AVAILABLE_BACKENDS: readonly BackendCase[] = BACKENDS.filter((b) => b.available);

/** Returns the tolerance `backend` applies to `op`: its per-op entry, or else the backend-wide one. */
export function tolerance(backend: BackendCase, op: string): Tolerance {
  return backend.ops[op] ?? { rtol: backend.rtol, atol: backend.atol };
}

/** Scales a property's CPU run count to `backend` (at least one run). */
export function runs(backend: BackendCase, cpuRuns: number): number {
  return Math.max(1, Math.ceil(cpuRuns * backend.runShare));
}

/**
 * Declares the suite `fn` once per backend, titled "`title` on `name`". The suite of a backend
 * that cannot run here (webgpu without an adapter) is skipped. ../../webgpu/test/gpu.ts then
 * prints why, or raises instead when CI=true.
 */
export function describeBackends(title: string, fn: (backend: BackendCase) => void): void {
  for (const backend of BACKENDS) describe.skipIf(!backend.available)(`${title} on ${backend.name}`, () => fn(backend));
}

/** Realizes `t` on `backend` and returns its flat data as plain numbers. */
export async function read(t: Tensor, backend: BackendCase | string): Promise<number[]> {
  const name = typeof backend === "string" ? backend : backend.name;
  return Array.from(await withBackend(name, () => t.data()));
}

/** Realizes `t` on `backend` and returns it as nested arrays (booleans for bool). */
export function readNested<T extends Tensor>(t: T, backend: BackendCase): ReturnType<T["toArray"]> {
  return withBackend(backend.name, () => t.toArray()) as ReturnType<T["toArray"]>;
}

/** Realizes a one-element `t` on `backend` and returns its value. */
export function readItem<T extends Tensor>(t: T, backend: BackendCase): ReturnType<T["item"]> {
  return withBackend(backend.name, () => t.item()) as ReturnType<T["item"]>;
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
export function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], tol: Tolerance): void {
  expect(actual.length, "element count").toBe(expected.length);
  const mismatches: string[] = [];
  for (let i = 0; i < expected.length && mismatches.length < 5; i++) {
    if (!close(actual[i], expected[i], tol.rtol, tol.atol)) mismatches.push(`[${i}] got ${actual[i]}, expected ${expected[i]}`);
  }
  expect(mismatches).toEqual([]);
}

/** Asserts a tensor's shape and its values on `backend` against a reference array. */
export async function expectTensor(t: Tensor, expected: NdArray, backend: BackendCase, tol?: Tolerance): Promise<void> {
  expect(t.shape).toEqual(expected.shape);
  expectAllClose(await read(t, backend), expected.data, tol ?? backend);
}

// ---- arbitraries ----

/** Values k/8 in [-8, 8]: exact in float32, so all backends start from the same inputs. */
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
