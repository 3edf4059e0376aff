import { clip, erf, random, scalar, type PRNGKey, type Tensor } from "@kiln/tensor";
import { fail } from "../layers/errors.js";
import { erfinv } from "./erfinv.js";

export interface TruncatedNormalOptions {
  /** Mean of the untruncated normal (default 0). */
  mean?: number;
  /** Standard deviation of the untruncated normal (default 1). */
  std?: number;
  /** Lower bound in units of `std` from the mean (default -2). */
  lower?: number;
  /** Upper bound in units of `std` from the mean (default 2). */
  upper?: number;
}

/** The largest float32 below 1. Clipping to ±BELOW_ONE keeps the input of erfinv strictly inside (-1, 1). */
const BELOW_ONE = 1 - 2 ** -24;

/** Rounds `value` to a float32 that lies on the `direction` side of it (toward the interval's inside). */
function float32Inward(value: number, direction: "up" | "down"): number {
  const rounded = Math.fround(value);
  if (direction === "up" ? rounded >= value : rounded <= value) return rounded;
  if (rounded === 0) return direction === "up" ? 2 ** -149 : -(2 ** -149);
  const bits = new Float32Array([rounded]);
  const words = new Int32Array(bits.buffer);
  // Adding 1 to the bit pattern moves away from zero, so moving up from a negative value subtracts 1.
  words[0] += (rounded > 0) === (direction === "up") ? 1 : -1;
  return bits[0];
}

/**
 * Draws f32 samples of `shape` from a normal distribution truncated to
 * [mean + lower·std, mean + upper·std] (default ±2 std), by inverse-CDF sampling: a uniform u
 * in [erf(lower/√2), erf(upper/√2)) maps to √2·erfinv(u). A final clip to the bounds, rounded
 * inward to float32, keeps every value inside them even after rounding. `std` is the scale of
 * the untruncated normal, so the samples' own std is smaller (0.880·std at ±2).
 *
 * NOTE: u is computed in f32, so bounds beyond about ±5 std (an estimate) sample the far tail
 * coarsely. Values still never leave the bounds.
 */
export function truncatedNormal(key: PRNGKey, shape: readonly number[], options?: TruncatedNormalOptions): Tensor<"f32"> {
  const mean = options?.mean ?? 0;
  const std = options?.std ?? 1;
  const lower = options?.lower ?? -2;
  const upper = options?.upper ?? 2;
  if (!(std > 0) || !Number.isFinite(std)) fail("truncatedNormal", `std must be a positive finite number: got ${std}`);
  if (!Number.isFinite(mean)) fail("truncatedNormal", `mean must be finite: got ${mean}`);
  if (!(lower < upper)) fail("truncatedNormal", `lower must be below upper: got [${lower}, ${upper}]`);

  const erfLower = erf(scalar(lower * Math.SQRT1_2));
  const erfUpper = erf(scalar(upper * Math.SQRT1_2));
  const u = random.uniform(key, shape).mul(erfUpper.sub(erfLower)).add(erfLower) as Tensor<"f32">;
  const standard = erfinv(clip(u, -BELOW_ONE, BELOW_ONE)).mul(Math.SQRT2) as Tensor<"f32">;
  const scaled = standard.mul(std).add(mean) as Tensor<"f32">;

  const low = float32Inward(mean + lower * std, "up");
  const high = float32Inward(mean + upper * std, "down");
  return clip(scaled, Math.min(low, high), Math.max(low, high));
}
