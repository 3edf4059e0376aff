import { fail, fmtShape } from "../errors.js";
import { Primitive } from "../ir/primitive.js";
import { createNode, isTensor, type Tensor } from "../ir/tensor.js";
import { checkShape } from "../shape.js";
import { constantFromHost } from "./convert.js";
import { clip, cos, less, log, sqrt } from "./elementwise.js";
import { argsort } from "./reduce.js";
import { reshape, slice } from "./movement.js";

/** A PRNG key: two 32-bit words stored as i32. */
export type PRNGKey = Tensor<"i32", [2]>;

function checkKey(op: string, key: Tensor): void {
  if (!isTensor(key) || key.dtype !== "i32" || key.rank !== 1 || key.shape[0] !== 2) {
    fail(op, `expected a PRNG key (an i32 tensor of shape [2], from key(seed)), got ${isTensor(key) ? `${key.dtype}${fmtShape(key.shape)}` : typeof key}`);
  }
}

function bits(op: string, key: Tensor, shape: readonly number[], hi: number, lo: number, dist: "bits" | "uniform"): Tensor {
  checkKey(op, key);
  const dims = checkShape(op, shape);
  return createNode(Primitive.RandomBits, [key], { hi: hi >>> 0, lo: lo >>> 0, dist }, dims, dist === "bits" ? "i32" : "f32");
}

/** Creates a key from an integer seed (0 ≤ seed < 2⁵³): the words are (seed / 2³², seed mod 2³²). */
export function key(seed: number): PRNGKey {
  if (!Number.isSafeInteger(seed) || seed < 0) fail("key", `seed must be a non-negative safe integer, got ${seed}`);
  const hi = Math.floor(seed / 2 ** 32);
  const lo = seed % 2 ** 32;
  return constantFromHost(Int32Array.of(hi | 0, lo | 0), [2], "i32") as PRNGKey;
}

/** Derives `n` independent keys from `key`. */
export function split(key: PRNGKey, n = 2): PRNGKey[] {
  if (!Number.isInteger(n) || n < 1) fail("split", `count must be a positive integer, got ${n}`);
  const all = bits("split", key, [n, 2], 1, 0, "bits");
  return Array.from({ length: n }, (_, i) => slice(all, [i]) as PRNGKey);
}

/** Derives a key from `key` and an unsigned 32-bit integer, e.g. a step or layer index. */
export function foldIn(key: PRNGKey, data: number): PRNGKey {
  if (!Number.isInteger(data) || data < 0 || data >= 2 ** 32) fail("foldIn", `data must be an integer in [0, 2³²), got ${data}`);
  return bits("foldIn", key, [2], 2, data, "bits") as PRNGKey;
}

/** Raw random 32-bit words as i32. */
export function randomBits(key: PRNGKey, shape: readonly number[]): Tensor<"i32"> {
  return bits("randomBits", key, shape, 0, 0, "bits") as Tensor<"i32">;
}

const f32Bits = new Float32Array(1);
const f32Words = new Int32Array(f32Bits.buffer);

/** Returns the f32 value adjacent to the finite f32 `x`, toward +Infinity when `up`, else toward -Infinity. */
function nextF32(x: number, up: boolean): number {
  if (x === 0) return up ? 2 ** -149 : -(2 ** -149);
  f32Bits[0] = x;
  f32Words[0] += x > 0 === up ? 1 : -1;
  return f32Bits[0];
}

/** Uniform f32 samples in [min, max) (default [0, 1)), with 24 random bits each. */
export function uniform(key: PRNGKey, shape: readonly number[], options?: { min?: number; max?: number }): Tensor<"f32"> {
  const min = options?.min ?? 0;
  const max = options?.max ?? 1;
  if (!(min < max)) fail("uniform", `min must be below max, got [${min}, ${max})`);
  if (!Number.isFinite(min) || !Number.isFinite(max)) fail("uniform", `min and max must be finite, got [${min}, ${max})`);
  // The f32 bounds of the interval are the smallest f32 at or above min and the largest below max.
  let low = Math.fround(min);
  if (low < min) low = nextF32(low, true);
  let high = Math.fround(max);
  if (high >= max) high = nextF32(high, false);
  if (!Number.isFinite(low) || !Number.isFinite(high) || low > high) fail("uniform", `no f32 value lies in [${min}, ${max}); widen the interval`);

  const unit = bits("uniform", key, shape, 0, 0, "uniform") as Tensor<"f32">;
  if (min === 0 && max === 1) return unit;
  // max - min overflows f32 for intervals wider than the f32 range, so those interpolate
  // between the bounds instead. Rounding can carry a sample up to max, so the result is clipped.
  const scaled = Number.isFinite(Math.fround(max - min))
    ? unit.mul(max - min).add(min)
    : unit.mul(max).add(unit.neg().add(1).mul(min));
  return clip(scaled, low, high) as Tensor<"f32">;
}

/** Draws normal f32 samples (default standard normal) by the Box–Muller transform of two uniforms. */
export function normal(key: PRNGKey, shape: readonly number[], options?: { mean?: number; std?: number }): Tensor<"f32"> {
  const std = options?.std ?? 1;
  const mean = options?.mean ?? 0;
  if (typeof mean !== "number" || !Number.isFinite(mean)) fail("normal", `mean must be a finite number, got ${String(mean)}`);
  if (typeof std !== "number" || !Number.isFinite(std) || std < 0) fail("normal", `std must be a finite number ≥ 0, got ${String(std)}`);
  const dims = checkShape("normal", shape);
  const u = bits("normal", key, [2, ...dims], 0, 0, "uniform");
  const u1 = reshape(slice(u, [0]), dims);
  const u2 = reshape(slice(u, [1]), dims);
  // 1 - u1 lies in (0, 1], so the logarithm is finite.
  const radius = sqrt(log(u1.neg().add(1)).mul(-2));
  const z = radius.mul(cos(u2.mul(2 * Math.PI))) as Tensor<"f32">;
  return (std === 1 && mean === 0 ? z : z.mul(std).add(mean)) as Tensor<"f32">;
}

/**
 * Draws boolean samples of `shape` that are true with probability `p`. A tensor `p` must be f32 and
 * broadcast to `shape` (as JAX's `bernoulli`). One uniform draw of `shape` is compared against
 * it, so a larger `p` would reuse each draw across its extra entries.
 */
export function bernoulli(key: PRNGKey, p: number | Tensor<"f32">, shape: readonly number[]): Tensor<"bool"> {
  const dims = checkShape("bernoulli", shape);
  if (isTensor(p)) {
    const offset = dims.length - p.rank;
    const broadcasts = offset >= 0 && p.shape.every((d, i) => d === 1 || d === dims[offset + i]);
    if (p.dtype !== "f32" || !broadcasts) {
      fail("bernoulli", `probability tensor must be f32 and broadcast to the sample shape ${fmtShape(dims)}, got ${p.dtype}${fmtShape(p.shape)}`);
    }
  } else if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    fail("bernoulli", `probability must lie in [0, 1], got ${String(p)}`);
  }
  // f32 backends round a number p to f32, so cpu64 compares against the same rounded value.
  return less(uniform(key, dims), typeof p === "number" ? Math.fround(p) : p);
}

/** A uniformly random permutation of 0…n-1 (argsort of random words). */
export function permutation(key: PRNGKey, n: number): Tensor<"i32"> {
  if (!Number.isInteger(n) || n < 0) fail("permutation", `length must be a non-negative integer, got ${n}`);
  return argsort(randomBits(key, [n]));
}
