import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import type { Tensor } from "@kiln/tensor";
import { gpu, hasWebGpu } from "./gpu.js";

/** Dense f32 inputs: a grid over [-6, 6] and magnitudes from 1e-30 to 1, both signs. */
function denseInputs(): Float32Array {
  const grid = Array.from({ length: 120_001 }, (_, i) => -6 + i * 1e-4);
  const magnitudes = Array.from({ length: 3001 }, (_, i) => 10 ** (-30 + i * 0.01));
  return Float32Array.from([...grid, ...magnitudes, ...magnitudes.map((m) => -m)]);
}

/**
 * Measures the largest error of `fn` on WebGPU against float64 on the same f32 inputs, as
 * |got - want| / (atol + |want|): the relative error where |want| is well above `atol`.
 */
async function worstError(fn: (x: Tensor) => Tensor, inputs: Float32Array, atol = 0): Promise<{ error: number; at: number }> {
  const got = await fn(k.fromArray(inputs, [inputs.length])).data();
  const want = k.withBackend("cpu64", () => fn(k.fromArray(Float64Array.from(inputs), [inputs.length], "f32")).dataSync());
  let worst = { error: 0, at: NaN };
  for (let i = 0; i < inputs.length; i++) {
    const error = want[i] === got[i] ? 0 : Math.abs(got[i] - want[i]) / (atol + Math.abs(want[i]));
    if (!(error <= worst.error)) worst = { error, at: inputs[i] };
  }
  return worst;
}

describe.runIf(hasWebGpu)("webgpu special functions against float64", () => {
  const inputs = denseInputs();

  it(
    "erf within 1e-6 relative",
    gpu(async () => {
      const { error, at } = await worstError((x) => x.erf(), inputs);
      expect(error, `worst at x = ${at}`).toBeLessThan(1e-6);
    }),
  );

  it(
    "GELU within 2e-6 relative or 1e-6 absolute",
    gpu(async () => {
      // For negative x, 1 + erf(x/√2) cancels in f32 (the usual formula), so small
      // values are only accurate in absolute terms.
      const { error, at } = await worstError((x) => x.gelu(), inputs, 1e-6 / 2e-6);
      expect(error, `worst at x = ${at}`).toBeLessThan(2e-6);
    }),
  );
});
