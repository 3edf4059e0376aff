/**
 * Host-side random numbers from Kiln's counter-based Threefry-2x32, so every draw is a pure
 * function of (seed, purpose, step or epoch, image index, draw number) and never depends on the
 * order in which batches or images are processed.
 *
 * The bits equal Kiln's device PRNG: `randomStream(seed, a, b).uniform()` returns, draw by draw,
 * the values of `random.uniform(random.foldIn(random.foldIn(random.key(seed), a), b), [n])`.
 */
import { KilnError, threefry2x32 } from "@kiln/tensor";

/** First derivation step of each use of randomness, so different uses never share bits. */
export const RANDOM_PURPOSE = {
  shuffle: 1,
  clipCrop: 2,
  captionTemplate: 3,
  mocoView1: 4,
  mocoView2: 5,
} as const;

const UINT32_RANGE = 2 ** 32;

function checkWord(op: string, what: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= UINT32_RANGE) {
    throw new KilnError(op, `${what} must be an integer in [0, 2³²), got ${value}`);
  }
}

/** Stream of random 32-bit words under one Threefry key, drawn from counters (0, 0), (0, 1), … */
export class RandomStream {
  private draws = 0;
  private pair: [number, number] = [0, 0];

  constructor(
    readonly k0: number,
    readonly k1: number,
  ) {}

  /** Returns the next unsigned 32-bit word. */
  bits(): number {
    const draw = this.draws++;
    if (draw % 2 === 0) this.pair = threefry2x32(this.k0, this.k1, 0, Math.floor(draw / 2));
    return this.pair[draw % 2];
  }

  /** Returns the next float in [min, max), from the top 24 bits of a word like Kiln's `random.uniform`. */
  uniform(min = 0, max = 1): number {
    const unit = (this.bits() >>> 8) * 2 ** -24;
    return min + unit * (max - min);
  }

  /** Returns true with probability `p`, consuming one draw whatever `p` is. */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Returns an integer in [0, n) from one draw, for small n. The bias is below n · 2⁻²⁴. */
  integer(n: number): number {
    return Math.min(n - 1, Math.floor(this.uniform() * n));
  }

  /** Returns an unbiased integer in [0, n) for n ≤ 2³², rejecting words above the largest multiple of n. */
  unbiasedInteger(n: number): number {
    const limit = UINT32_RANGE - (UINT32_RANGE % n);
    for (;;) {
      const word = this.bits();
      if (word < limit) return word % n;
    }
  }
}

/**
 * Derives a stream from `seed` (a non-negative safe integer, split into two words like
 * `random.key`) and then each element of `path` in turn, like `random.foldIn`.
 */
export function randomStream(seed: number, ...path: number[]): RandomStream {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new KilnError("randomStream", `seed must be a non-negative safe integer, got ${seed}`);
  }
  let k0 = Math.floor(seed / UINT32_RANGE);
  let k1 = seed % UINT32_RANGE;
  for (const data of path) {
    checkWord("randomStream", "each derivation value (step, epoch or image index)", data);
    [k0, k1] = threefry2x32(k0, k1, 2, data);
  }
  return new RandomStream(k0, k1);
}
