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
