/**
 * Threefry-2x32 with 20 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
 * SC 2011), the counter-based generator JAX uses. All arithmetic is on unsigned 32-bit words.
 *
 * Kiln's bit layout, which every backend reproduces: for a key (k0, k1) and a node with
 * counter base (hi, lo), output element i is word i mod 2 of threefry2x32(k, (hi, lo + ⌊i/2⌋)),
 * with lo + ⌊i/2⌋ wrapping modulo 2³². `uniform` keeps the top 24 bits: (bits >>> 8) · 2⁻²⁴.
 */

const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24];
const PARITY = 0x1bd11bda;

function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

/** Encrypts the counter (x0, x1) under the key (k0, k1); returns two unsigned 32-bit words. */
export function threefry2x32(k0: number, k1: number, x0: number, x1: number): [number, number] {
  const ks = [k0 >>> 0, k1 >>> 0, (k0 ^ k1 ^ PARITY) >>> 0];
  let a = (x0 + ks[0]) >>> 0;
  let b = (x1 + ks[1]) >>> 0;
  for (let group = 0; group < 5; group++) {
    const base = (group % 2) * 4;
    for (let r = 0; r < 4; r++) {
      a = (a + b) >>> 0;
      b = rotl(b, ROTATIONS[base + r]) ^ a;
    }
    a = (a + ks[(group + 1) % 3]) >>> 0;
    b = (b + ks[(group + 2) % 3] + group + 1) >>> 0;
  }
  return [a >>> 0, b >>> 0];
}

/** Fills `out` with Kiln's random bits for `key` and counter base (hi, lo), as signed i32 values. */
export function randomBitsInto(out: Int32Array, k0: number, k1: number, hi: number, lo: number): void {
  for (let j = 0; 2 * j < out.length; j++) {
    const [y0, y1] = threefry2x32(k0, k1, hi, (lo + j) >>> 0);
    out[2 * j] = y0 | 0;
    if (2 * j + 1 < out.length) out[2 * j + 1] = y1 | 0;
  }
}

/** Maps random bits to a float in [0, 1) with 24 random bits, exactly representable in f32. */
export function bitsToUnit(bits: number): number {
  return (bits >>> 8) * 2 ** -24;
}
