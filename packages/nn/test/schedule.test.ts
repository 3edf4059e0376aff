import { describe, expect, test } from "vitest";
import { constantSchedule, cosineMomentum, stepDecay, warmupCosine } from "../src/optim/index.js";

/** Computes base times a PyTorch LambdaLR multiplier: (k + 1)/W in warm-up, then a half cosine. */
function referenceWarmupCosine(base: number, warmup: number, total: number, step: number): number {
  const factor = step < warmup ? (step + 1) / warmup : 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, (step - warmup) / Math.max(1, total - warmup))));
  return base * factor;
}

function expectRelativelyClose(actual: number, expected: number, tolerance = 1e-14): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected) + 1e-300);
}

describe("warmupCosine", () => {
  const schedule = warmupCosine({ base: 1e-3, warmupSteps: 100, totalSteps: 1000 });

  test("key steps", () => {
    expectRelativelyClose(schedule(0), 1e-5);
    expectRelativelyClose(schedule(49), 5e-4);
    expectRelativelyClose(schedule(99), 1e-3);
    expectRelativelyClose(schedule(100), 1e-3);
    expectRelativelyClose(schedule(550), 5e-4);
    expect(schedule(1000)).toBe(0);
    expect(schedule(5000)).toBe(0);
  });

  test("matches PyTorch reference at every step", () => {
    for (let step = 0; step <= 1100; step++) {
      expectRelativelyClose(schedule(step), referenceWarmupCosine(1e-3, 100, 1000, step));
    }
  });

  test("decays to final value", () => {
    const withFinal = warmupCosine({ base: 1, warmupSteps: 10, totalSteps: 110, final: 0.1 });
    expect(withFinal(110)).toBe(0.1);
    expectRelativelyClose(withFinal(60), 0.55);
    expect(withFinal(10)).toBe(1);
  });

  test("no warm-up starts at base", () => {
    const noWarmup = warmupCosine({ base: 2, warmupSteps: 0, totalSteps: 4 });
    expect(noWarmup(0)).toBe(2);
    expectRelativelyClose(noWarmup(2), 1);
    expect(noWarmup(4)).toBe(0);
  });

  test("rejects invalid options", () => {
    expect(() => warmupCosine({ base: 1, warmupSteps: 10, totalSteps: 5 })).toThrow(/totalSteps must be an integer of at least 10, got 5/);
    expect(() => warmupCosine({ base: 1, warmupSteps: 1.5, totalSteps: 5 })).toThrow(/warmupSteps must be an integer/);
    expect(() => schedule(-1)).toThrow(/step must be a finite non-negative number, got -1/);
  });
});

describe("stepDecay", () => {
  test("key steps", () => {
    const schedule = stepDecay({ base: 0.1, every: 30, factor: 0.5 });
    expect(schedule(0)).toBe(0.1);
    expect(schedule(29)).toBe(0.1);
    expect(schedule(30)).toBe(0.05);
    expect(schedule(89)).toBe(0.025);
    expect(schedule(90)).toBe(0.0125);
  });

  test("rejects zero interval", () => {
    expect(() => stepDecay({ base: 0.1, every: 0, factor: 0.5 })).toThrow(/every must be an integer of at least 1, got 0/);
  });
});

describe("constantSchedule", () => {
  test("returns value at every step", () => {
    const schedule = constantSchedule(0.3);
    expect(schedule(0)).toBe(0.3);
    expect(schedule(12345)).toBe(0.3);
  });
});

describe("cosineMomentum", () => {
  test("key steps", () => {
    expect(cosineMomentum(0, 100)).toBe(0.99);
    expectRelativelyClose(cosineMomentum(50, 100), 0.995);
    expect(cosineMomentum(100, 100)).toBe(1);
    expect(cosineMomentum(150, 100)).toBe(1);
    expect(cosineMomentum(0, 100, 0.996)).toBe(0.996);
  });

  test("matches MoCo v3 formula", () => {
    for (let step = 0; step <= 2000; step += 37) {
      const expected = 1 - 0.5 * (1 + Math.cos((Math.PI * step) / 2000)) * (1 - 0.99);
      expectRelativelyClose(cosineMomentum(step, 2000), expected);
    }
  });

  test("rises monotonically", () => {
    const values = Array.from({ length: 101 }, (_, k) => cosineMomentum(k, 100));
    values.slice(1).forEach((v, k) => expect(v).toBeGreaterThanOrEqual(values[k]));
  });
});
