import { describe, expect, test } from "vitest";
import { random, threefry2x32, withBackend } from "@kiln/tensor";
import { read } from "./helpers.js";

const SAMPLES = 10_000;

function meanOf(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function stdOf(values: readonly number[]): number {
  const m = meanOf(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length);
}

function keyWords(key: ReturnType<typeof random.key>): number[] {
  return read(key, "cpu");
}

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

describe("random keys", () => {
  test("key splits seed into words", () => {
    expect(keyWords(random.key(2 ** 32 + 5))).toEqual([1, 5]);
  });

  test("randomBits follows counter layout", () => {
    const bits = read(random.randomBits(random.key(0), [5]), "cpu");
    const [a0, a1] = threefry2x32(0, 0, 0, 0);
    const [b0, b1] = threefry2x32(0, 0, 0, 1);
    const [c0] = threefry2x32(0, 0, 0, 2);
    expect(bits).toEqual([a0 | 0, a1 | 0, b0 | 0, b1 | 0, c0 | 0]);
  });

  test("same key gives same bits", () => {
    const first = read(random.randomBits(random.key(42), [64]), "cpu");
    const second = read(random.randomBits(random.key(42), [64]), "cpu");
    expect(second).toEqual(first);
  });

  test("different seeds give different bits", () => {
    const first = read(random.randomBits(random.key(1), [8]), "cpu");
    const second = read(random.randomBits(random.key(2), [8]), "cpu");
    expect(second).not.toEqual(first);
  });

  test("uniform identical on cpu and cpu64", () => {
    const key = random.key(7);
    const narrow = read(random.uniform(key, [256]), "cpu");
    const wide = read(random.uniform(key, [256]), "cpu64");
    expect(wide).toEqual(narrow);
  });

  test("normal close on cpu and cpu64", () => {
    const narrow = read(random.normal(random.key(7), [64]), "cpu");
    const wide = read(random.normal(random.key(7), [64]), "cpu64");
    const worst = Math.max(...narrow.map((v, i) => Math.abs(v - wide[i])));
    expect(worst).toBeLessThan(1e-5);
  });

  test("split gives distinct keys", () => {
    const parent = random.key(3);
    const words = [parent, ...random.split(parent, 3)].map((k) => keyWords(k).join(","));
    expect(new Set(words).size).toBe(4);
  });

  test("split is deterministic", () => {
    const first = random.split(random.key(3), 2).map(keyWords);
    const second = random.split(random.key(3), 2).map(keyWords);
    expect(second).toEqual(first);
  });

  test("split keys have shape [2]", () => {
    const [child] = random.split(random.key(3));
    expect(child.shape).toEqual([2]);
    expect(child.dtype).toBe("i32");
  });

  test("foldIn gives distinct keys", () => {
    const parent = random.key(3);
    const words = [parent, random.foldIn(parent, 0), random.foldIn(parent, 1), random.foldIn(parent, 2 ** 32 - 1)].map((k) => keyWords(k).join(","));
    expect(new Set(words).size).toBe(4);
  });

  test("foldIn differs from split", () => {
    const parent = random.key(3);
    expect(keyWords(random.foldIn(parent, 0))).not.toEqual(keyWords(random.split(parent, 1)[0]));
  });
});

describe("random distributions", () => {
  test("uniform lies in [0, 1)", () => {
    const u = read(random.uniform(random.key(11), [SAMPLES]), "cpu");
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
  });

  test("uniform mean near 0.5", () => {
    const u = read(random.uniform(random.key(11), [SAMPLES]), "cpu");
    expect(Math.abs(meanOf(u) - 0.5)).toBeLessThan(0.015);
  });

  test("uniform variance near 1/12", () => {
    const u = read(random.uniform(random.key(11), [SAMPLES]), "cpu");
    expect(Math.abs(stdOf(u) ** 2 - 1 / 12)).toBeLessThan(0.005);
  });

  test("uniform respects range", () => {
    const u = read(random.uniform(random.key(12), [1000], { min: -2, max: 3 }), "cpu");
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u)).toBeLessThan(3);
  });

  test("uniform of zero-size shape", () => {
    expect(random.uniform(random.key(0), [3, 0]).shape).toEqual([3, 0]);
  });

  test("normal mean near 0", () => {
    const z = read(random.normal(random.key(13), [SAMPLES]), "cpu");
    expect(Math.abs(meanOf(z))).toBeLessThan(0.05);
  });

  test("normal std near 1", () => {
    const z = read(random.normal(random.key(13), [SAMPLES]), "cpu");
    expect(Math.abs(stdOf(z) - 1)).toBeLessThan(0.05);
  });

  test("normal is finite", () => {
    const z = read(random.normal(random.key(13), [SAMPLES]), "cpu");
    expect(z.every(Number.isFinite)).toBe(true);
  });

  test("normal mean and std options", () => {
    const z = read(random.normal(random.key(14), [SAMPLES], { mean: 5, std: 2 }), "cpu");
    expect(Math.abs(meanOf(z) - 5)).toBeLessThan(0.1);
    expect(Math.abs(stdOf(z) - 2)).toBeLessThan(0.1);
  });

  test("bernoulli rate near p", () => {
    const b = read(random.bernoulli(random.key(15), 0.3, [SAMPLES]), "cpu");
    expect(Math.abs(meanOf(b) - 0.3)).toBeLessThan(0.02);
  });

  test("bernoulli with p 0 is false", () => {
    expect(read(random.bernoulli(random.key(15), 0, [100]), "cpu").every((v) => v === 0)).toBe(true);
  });

  test("bernoulli with p 1 is true", () => {
    expect(read(random.bernoulli(random.key(15), 1, [100]), "cpu").every((v) => v === 1)).toBe(true);
  });

  test("bernoulli dtype is bool", () => {
    expect(random.bernoulli(random.key(15), 0.5, [2]).dtype).toBe("bool");
  });

  test("permutation is a permutation", () => {
    const p = read(random.permutation(random.key(16), 50), "cpu");
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  test("permutation depends on key", () => {
    const first = read(random.permutation(random.key(16), 50), "cpu");
    const second = read(random.permutation(random.key(17), 50), "cpu");
    expect(second).not.toEqual(first);
  });

  test("permutation of zero", () => {
    expect(random.permutation(random.key(0), 0).shape).toEqual([0]);
  });

  test("permutation same on cpu64", () => {
    const key = random.key(18);
    expect(withBackend("cpu64", () => random.permutation(key, 20).toArraySync())).toEqual(random.permutation(key, 20).toArraySync());
  });
});
