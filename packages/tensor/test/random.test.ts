import { describe, expect, test } from "vitest";
import { fromArray, random, threefry2x32, withBackend } from "@kiln/tensor";
import { AVAILABLE_BACKENDS, describeBackends, read, readNested, type BackendCase } from "./helpers.js";

const SAMPLES = 10_000;

function meanOf(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function stdOf(values: readonly number[]): number {
  const m = meanOf(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length);
}

/**
 * Computes Kiln's random bits on the host with threefry2x32. Element i is word i mod 2 of the
 * block at counter (hi, lo + ⌊i/2⌋), as a signed i32.
 */
function hostBits(seed: number, hi: number, lo: number, count: number): number[] {
  const [k0, k1] = [Math.floor(seed / 2 ** 32), seed % 2 ** 32];
  return Array.from({ length: count }, (_, i) => threefry2x32(k0, k1, hi, (lo + Math.floor(i / 2)) >>> 0)[i % 2] | 0);
}

/** Maps random bits to a uniform value in [0, 1) by scaling the top 24 bits by 2^-24, which float32 holds exactly. */
function unitOf(bits: number): number {
  return (bits >>> 8) * 2 ** -24;
}

/** Seeds whose key words cover zero, small, high-bit and all-ones values. */
const SEEDS = [0, 7, 2 ** 32 + 5, 0xffffffff, 2 ** 53 - 1];

describe("threefry2x32", () => {
  // Known-answer vectors of Threefry-2x32 with 20 rounds from Random123's tests; JAX's PRNG tests check the same three.
  test("zero key and counter", () => {
    expect(threefry2x32(0, 0, 0, 0)).toEqual([0x6b200159, 0x99ba4efe]);
  });

  test("all-ones key and counter", () => {
    expect(threefry2x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff)).toEqual([0x1cb996fc, 0xbb002be7]);
  });

  test("pi digits key and counter", () => {
    expect(threefry2x32(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3)).toEqual([0xc4923a9c, 0x483df7a0]);
  });
});

describeBackends("random", (backend) => {
  const keyWords = (key: ReturnType<typeof random.key>) => read(key, backend);

  describe("bits", () => {
    test("key splits seed into words", async () => {
      expect(await keyWords(random.key(2 ** 32 + 5))).toEqual([1, 5]);
    });

    test("randomBits follows counter layout", async () => {
      const bits = await read(random.randomBits(random.key(0), [5]), backend);
      const [a0, a1] = threefry2x32(0, 0, 0, 0);
      const [b0, b1] = threefry2x32(0, 0, 0, 1);
      const [c0] = threefry2x32(0, 0, 0, 2);
      expect(bits).toEqual([a0 | 0, a1 | 0, b0 | 0, b1 | 0, c0 | 0]);
    });

    test("randomBits equal host bits", async () => {
      for (const seed of SEEDS) {
        for (const shape of [[], [1], [3, 7], [2, 0], [1000]]) {
          const count = shape.reduce((n, d) => n * d, 1);
          const bits = await read(random.randomBits(random.key(seed), shape), backend);
          expect(bits, `seed ${seed}, shape [${shape}]`).toEqual(hostBits(seed, 0, 0, count));
        }
      }
    });

    test("uniform equals host bits", async () => {
      for (const seed of SEEDS) {
        const u = await read(random.uniform(random.key(seed), [257]), backend);
        expect(u, `seed ${seed}`).toEqual(hostBits(seed, 0, 0, 257).map(unitOf));
      }
    });

    test("split equals host bits", async () => {
      for (const seed of SEEDS) {
        const children = await Promise.all(random.split(random.key(seed), 3).map(keyWords));
        expect(children.flat(), `seed ${seed}`).toEqual(hostBits(seed, 1, 0, 6));
      }
    });

    test("foldIn equals host bits", async () => {
      for (const data of [0, 1, 2 ** 31, 2 ** 32 - 1]) {
        expect(await keyWords(random.foldIn(random.key(9), data)), `data ${data}`).toEqual(hostBits(9, 2, data, 2));
      }
    });

    test("same key gives same bits", async () => {
      const first = await read(random.randomBits(random.key(42), [64]), backend);
      const second = await read(random.randomBits(random.key(42), [64]), backend);
      expect(second).toEqual(first);
    });

    test("different seeds give different bits", async () => {
      const first = await read(random.randomBits(random.key(1), [8]), backend);
      const second = await read(random.randomBits(random.key(2), [8]), backend);
      expect(second).not.toEqual(first);
    });

    test("split gives distinct keys", async () => {
      const parent = random.key(3);
      const words = await Promise.all([parent, ...random.split(parent, 3)].map(keyWords));
      expect(new Set(words.map((w) => w.join(","))).size).toBe(4);
    });

    test("split is deterministic", async () => {
      const first = await Promise.all(random.split(random.key(3), 2).map(keyWords));
      const second = await Promise.all(random.split(random.key(3), 2).map(keyWords));
      expect(second).toEqual(first);
    });

    test("split keys have shape [2]", () => {
      const [child] = random.split(random.key(3));
      expect(child.shape).toEqual([2]);
      expect(child.dtype).toBe("i32");
    });

    test("foldIn gives distinct keys", async () => {
      const parent = random.key(3);
      const keys = [parent, random.foldIn(parent, 0), random.foldIn(parent, 1), random.foldIn(parent, 2 ** 32 - 1)];
      const words = await Promise.all(keys.map(keyWords));
      expect(new Set(words.map((w) => w.join(","))).size).toBe(4);
    });

    test("foldIn differs from split", async () => {
      const parent = random.key(3);
      expect(await keyWords(random.foldIn(parent, 0))).not.toEqual(await keyWords(random.split(parent, 1)[0]));
    });
  });

  describe("distributions", () => {
    const samples = (t: Parameters<typeof read>[0]) => read(t, backend);

    test("uniform lies in [0, 1)", async () => {
      const u = await samples(random.uniform(random.key(11), [SAMPLES]));
      expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...u)).toBeLessThan(1);
    });

    test("uniform mean near 0.5", async () => {
      const u = await samples(random.uniform(random.key(11), [SAMPLES]));
      expect(Math.abs(meanOf(u) - 0.5)).toBeLessThan(0.015);
    });

    test("uniform variance near 1/12", async () => {
      const u = await samples(random.uniform(random.key(11), [SAMPLES]));
      expect(Math.abs(stdOf(u) ** 2 - 1 / 12)).toBeLessThan(0.005);
    });

    test("uniform respects range", async () => {
      const u = await samples(random.uniform(random.key(12), [1000], { min: -2, max: 3 }));
      expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
      expect(Math.max(...u)).toBeLessThan(3);
    });

    test("uniform never returns max", async () => {
      // Near 100 the f32 spacing is 2^-17, so u · 1 + 100 rounds up to 101 for u above 1 - 2^-18.
      const narrow = await samples(random.uniform(random.key(0), [1 << 21], { min: 100, max: 101 }));
      expect(narrow.filter((v) => v >= 101)).toEqual([]);
      // Near 2^24 the f32 spacing is 2, so about half of the unclipped sums round up to max.
      const coarse = await samples(random.uniform(random.key(0), [100], { min: 2 ** 24, max: 2 ** 24 + 2 }));
      expect(new Set(coarse)).toEqual(new Set([2 ** 24]));
    });

    test("uniform spans the whole f32 range", async () => {
      const u = await samples(random.uniform(random.key(12), [1000], { min: -3e38, max: 3e38 }));
      expect(u.every(Number.isFinite)).toBe(true);
      expect(Math.min(...u)).toBeLessThan(-1e38);
      expect(Math.max(...u)).toBeGreaterThan(1e38);
    });

    test("uniform rejects infinite or empty f32 ranges", () => {
      expect(() => random.uniform(random.key(0), [2], { min: 0, max: Infinity })).toThrow(/finite/);
      expect(() => random.uniform(random.key(0), [2], { min: 1 + 1e-12, max: 1 + 2e-12 })).toThrow(/no f32 value/);
    });

    test("uniform of zero-size shape", async () => {
      const u = random.uniform(random.key(0), [3, 0]);
      expect(u.shape).toEqual([3, 0]);
      expect(await samples(u)).toEqual([]);
    });

    test("normal mean near 0", async () => {
      const z = await samples(random.normal(random.key(13), [SAMPLES]));
      expect(Math.abs(meanOf(z))).toBeLessThan(0.05);
    });

    test("normal std near 1", async () => {
      const z = await samples(random.normal(random.key(13), [SAMPLES]));
      expect(Math.abs(stdOf(z) - 1)).toBeLessThan(0.05);
    });

    test("normal is finite", async () => {
      const z = await samples(random.normal(random.key(13), [SAMPLES]));
      expect(z.every(Number.isFinite)).toBe(true);
    });

    test("normal mean and std options", async () => {
      const z = await samples(random.normal(random.key(14), [SAMPLES], { mean: 5, std: 2 }));
      expect(Math.abs(meanOf(z) - 5)).toBeLessThan(0.1);
      expect(Math.abs(stdOf(z) - 2)).toBeLessThan(0.1);
    });

    test("normal close to cpu64", async () => {
      const z = await samples(random.normal(random.key(7), [64]));
      const oracle = withBackend("cpu64", () => random.normal(random.key(7), [64]).dataSync());
      const worst = Math.max(...z.map((v, i) => Math.abs(v - oracle[i])));
      expect(worst).toBeLessThan(1e-5);
    });

    test("bernoulli rate near p", async () => {
      const b = await samples(random.bernoulli(random.key(15), 0.3, [SAMPLES]));
      expect(Math.abs(meanOf(b) - 0.3)).toBeLessThan(0.02);
    });

    test("bernoulli with p 0 is false", async () => {
      expect((await samples(random.bernoulli(random.key(15), 0, [100]))).every((v) => v === 0)).toBe(true);
    });

    test("bernoulli with p 1 is true", async () => {
      expect((await samples(random.bernoulli(random.key(15), 1, [100]))).every((v) => v === 1)).toBe(true);
    });

    test("bernoulli broadcasts tensor p", async () => {
      const p = fromArray(Float32Array.of(0, 1, 0.5), [3]);
      const b = random.bernoulli(random.key(15), p, [SAMPLES, 3]);
      expect(b.shape).toEqual([SAMPLES, 3]);
      const values = await samples(b);
      const column = (j: number) => values.filter((_, i) => i % 3 === j);
      expect(column(0).every((v) => v === 0)).toBe(true);
      expect(column(1).every((v) => v === 1)).toBe(true);
      expect(Math.abs(meanOf(column(2)) - 0.5)).toBeLessThan(0.02);
    });

    test("bernoulli dtype is bool", () => {
      expect(random.bernoulli(random.key(15), 0.5, [2]).dtype).toBe("bool");
    });

    test("permutation is a permutation", async () => {
      const p = await samples(random.permutation(random.key(16), 50));
      expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    test("permutation sorts host bits", async () => {
      const bits = hostBits(16, 0, 0, 50);
      const expected = Array.from({ length: 50 }, (_, i) => i).sort((i, j) => bits[i] - bits[j] || i - j);
      expect(await samples(random.permutation(random.key(16), 50))).toEqual(expected);
    });

    test("permutation depends on key", async () => {
      const first = await samples(random.permutation(random.key(16), 50));
      const second = await samples(random.permutation(random.key(17), 50));
      expect(second).not.toEqual(first);
    });

    test("permutation of zero", async () => {
      const p = random.permutation(random.key(0), 0);
      expect(p.shape).toEqual([0]);
      expect(await readNested(p, backend)).toEqual([]);
    });
  });
});

describe("random across backends", () => {
  /** Reads the same lazily built tensor on every available backend. */
  async function onEveryBackend(build: () => Parameters<typeof read>[0]): Promise<[BackendCase, number[]][]> {
    return Promise.all(AVAILABLE_BACKENDS.map(async (b): Promise<[BackendCase, number[]]> => [b, await read(build(), b)]));
  }

  test("randomBits identical", async () => {
    const [[, cpu], ...others] = await onEveryBackend(() => random.randomBits(random.key(2 ** 40 + 3), [4099]));
    for (const [b, bits] of others) expect(bits, b.name).toEqual(cpu);
  });

  test("uniform identical", async () => {
    const [[, cpu], ...others] = await onEveryBackend(() => random.uniform(random.key(7), [4099]));
    for (const [b, u] of others) expect(u, b.name).toEqual(cpu);
  });

  test("bernoulli identical at f32 p", async () => {
    // Element 4 of key 76818 draws u = fround(0.9) exactly, so a float64 p = 0.9 would keep it.
    const [[, cpu], ...others] = await onEveryBackend(() => random.bernoulli(random.key(76818), 0.9, [8]));
    expect(cpu[4]).toBe(0);
    for (const [b, values] of others) expect(values, b.name).toEqual(cpu);
  });

  test("permutation identical", async () => {
    const [[, cpu], ...others] = await onEveryBackend(() => random.permutation(random.key(18), 300));
    for (const [b, p] of others) expect(p, b.name).toEqual(cpu);
  });

  test("split keys identical", async () => {
    const [[, cpu], ...others] = await onEveryBackend(() => random.split(random.key(19), 5)[4]);
    for (const [b, words] of others) expect(words, b.name).toEqual(cpu);
  });
});
