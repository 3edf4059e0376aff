import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { broadcastShapes, shapes } from "@kiln/testing";

/** NumPy broadcasting, written independently of @kiln/tensor; null when the shapes clash. */
function numpyBroadcast(a: number[], b: number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

describe("shapes", () => {
  it("respects rank and dimension bounds", () => {
    const options = { minRank: 1, maxRank: 3, minDim: 2, maxDim: 5 };
    fc.assert(
      fc.property(shapes(options), (shape) => {
        expect(shape.length).toBeGreaterThanOrEqual(1);
        expect(shape.length).toBeLessThanOrEqual(3);
        for (const d of shape) {
          expect(Number.isInteger(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(2);
          expect(d).toBeLessThanOrEqual(5);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("includes scalars and size-1 dimensions by default", () => {
    const samples = fc.sample(shapes(), { numRuns: 300, seed: 7 });
    expect(samples.some((s) => s.length === 0)).toBe(true);
    expect(samples.some((s) => s.includes(1))).toBe(true);
    expect(samples.every((s) => s.length <= 3 && s.every((d) => d >= 1 && d <= 4))).toBe(true);
  });

  it("rejects inverted bounds", () => {
    expect(() => shapes({ minRank: 3, maxRank: 1 })).toThrow(/maxRank must be an integer ≥ minRank/);
    expect(() => shapes({ minDim: -1 })).toThrow(/minDim must be a non-negative integer/);
  });
});

describe("broadcastShapes", () => {
  it("generates pairs that broadcast", () => {
    fc.assert(
      fc.property(broadcastShapes({ maxRank: 4 }), ([a, b]) => {
        const expected = numpyBroadcast(a, b);
        expect(expected).not.toBeNull();
        expect(k.broadcastShapes("test", a, b)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("covers differing ranks and size-1 dimensions", () => {
    const pairs = fc.sample(broadcastShapes(), { numRuns: 300, seed: 3 });
    expect(pairs.some(([a, b]) => a.length !== b.length)).toBe(true);
    // A size-1 dimension facing a larger one is what actually broadcasts.
    const stretches = ([a, b]: [number[], number[]]) =>
      a.some((d, i) => {
        const other = b[b.length - a.length + i];
        return d === 1 && other !== undefined && other > 1;
      });
    expect(pairs.some((p) => stretches(p) || stretches([p[1], p[0]]))).toBe(true);
  });

  it("respects the bounds for each shape", () => {
    fc.assert(
      fc.property(broadcastShapes({ minRank: 1, maxRank: 2, minDim: 2, maxDim: 3 }), ([a, b]) => {
        for (const shape of [a, b]) {
          expect(shape.length).toBeGreaterThanOrEqual(1);
          expect(shape.length).toBeLessThanOrEqual(2);
          // minDim 2 excludes size-1 dimensions, so only rank differences broadcast.
          expect(shape.every((d) => d >= 2 && d <= 3)).toBe(true);
        }
        expect(numpyBroadcast(a, b)).not.toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});
