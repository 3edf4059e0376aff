/** Variance-scaling initialisers: Xavier (Glorot) uniform and normal, Kaiming (He) uniform and LeCun normal. */
import { full, random, type PRNGKey, type Tensor } from "@kiln/tensor";
import { fail } from "../layers/errors.js";
import { computeFans, type FanOptions } from "./fans.js";
import { truncatedNormal } from "./truncated-normal.js";

export interface XavierOptions extends FanOptions {
  /** Multiplies the standard deviation and the uniform limit (default 1), as PyTorch's `gain`. */
  gain?: number;
}

/** Std of a standard normal truncated to [-2, 2], so scaling by its inverse restores unit variance. */
const TRUNCATED_STD = 0.87962566103423978;

function checkGain(op: string, gain: number): number {
  if (typeof gain !== "number" || !Number.isFinite(gain) || gain < 0) fail(op, `gain must be a finite number ≥ 0: got ${String(gain)}`);
  return gain;
}

/**
 * Draws from U(-limit, limit). A limit that rounds to 0 in f32 (gain 0, for example) gives
 * zeros, as PyTorch does, because `uniform` rejects an interval with no f32 value inside.
 */
function symmetricUniform(key: PRNGKey, shape: readonly number[], limit: number): Tensor<"f32"> {
  if (Math.fround(limit) === 0) return full(shape, 0, "f32");
  return random.uniform(key, shape, { min: -limit, max: limit });
}

/**
 * Draws from U(-a, a) with a = gain·√(6 / (fanIn + fanOut)), the Glorot & Bengio (2010)
 * uniform initialiser, as PyTorch's `xavier_uniform_` and JAX's `glorot_uniform`. Fans follow
 * `computeFans`: a [in, out] weight has fanIn = in and fanOut = out. Returns f32 of `shape`.
 */
export function xavierUniform(key: PRNGKey, shape: readonly number[], options?: XavierOptions): Tensor<"f32"> {
  const { fanIn, fanOut } = computeFans("xavierUniform", shape, options);
  const gain = checkGain("xavierUniform", options?.gain ?? 1);
  return symmetricUniform(key, shape, gain * Math.sqrt(6 / (fanIn + fanOut)));
}

/**
 * Draws from N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)), untruncated, as PyTorch's
 * `xavier_normal_`. (JAX's `glorot_normal` truncates at ±2σ instead.) Returns f32 of `shape`.
 */
export function xavierNormal(key: PRNGKey, shape: readonly number[], options?: XavierOptions): Tensor<"f32"> {
  const { fanIn, fanOut } = computeFans("xavierNormal", shape, options);
  const std = checkGain("xavierNormal", options?.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  return random.normal(key, shape, { std });
}

/**
 * Draws from a normal truncated at ±2 of its scale, rescaled so the samples' variance is
 * 1 / fanIn, as JAX's and Flax's `lecun_normal`. Every value lies within ±2.274/√fanIn.
 * Returns f32 of `shape`.
 */
export function lecunNormal(key: PRNGKey, shape: readonly number[], options?: FanOptions): Tensor<"f32"> {
  const { fanIn } = computeFans("lecunNormal", shape, options);
  return truncatedNormal(key, shape, { std: Math.sqrt(1 / fanIn) / TRUNCATED_STD });
}

export interface KaimingOptions extends FanOptions {
  /** Negative slope of the leaky ReLU that follows (default 0, plain ReLU), as PyTorch's `a`. */
  a?: number;
}

/**
 * Draws from U(-b, b) with b = √(6 / ((1 + a²) · fanIn)), as PyTorch's `kaiming_uniform_` in
 * fan-in mode. With a = √5 the bound is 1/√fanIn, PyTorch's default for `nn.Linear` weights.
 * Returns f32 of `shape`.
 */
export function kaimingUniform(key: PRNGKey, shape: readonly number[], options?: KaimingOptions): Tensor<"f32"> {
  const { fanIn } = computeFans("kaimingUniform", shape, options);
  const a = options?.a ?? 0;
  if (typeof a !== "number" || !Number.isFinite(a)) fail("kaimingUniform", `a must be a finite number: got ${String(a)}`);
  return symmetricUniform(key, shape, Math.sqrt(6 / ((1 + a * a) * fanIn)));
}
