import * as k from "@kiln/tensor";

/**
 * Returns `n` deterministic values in [low, 2) from a linear congruential generator seeded
 * with `seed`, as host data for the WebGPU tests.
 */
export function hostValues(n: number, seed: number, low = -2): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out[i] = low + (s / 2 ** 31) * (2 - low);
  }
  return out;
}

/**
 * Returns a tensor of `hostValues` in [-2, 2) times `scale`, realized on the CPU backend, so
 * that both the WebGPU run and the cpu64 oracle can read it.
 */
export function cpuValues(shape: number[], seed: number, scale = 1): k.Tensor {
  return k.withBackend("cpu", () => {
    const t = k.fromArray(hostValues(shape.reduce((n, d) => n * d, 1), seed).map((x) => x * scale), shape);
    t.dataSync();
    return t;
  });
}
