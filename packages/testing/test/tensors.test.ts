import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { withBackend, type Tensor } from "@kiln/tensor";
import { shapes, tensors } from "@kiln/testing";

const oracleData = (t: Tensor) => Array.from(withBackend("cpu64", () => t.dataSync()));

describe("tensors", () => {
  it("uses the given shape and dtype", () => {
    fc.assert(
      fc.property(tensors({ shape: [2, 3], dtype: "i32" }), (t) => {
        expect(t.shape).toEqual([2, 3]);
        expect(t.dtype).toBe("i32");
      }),
      { numRuns: 20 },
    );
  });

  it("draws shapes from shapeArb", () => {
    fc.assert(
      fc.property(tensors({ shapeArb: shapes({ minRank: 2, maxRank: 2, maxDim: 3 }) }), (t) => {
        expect(t.rank).toBe(2);
        expect(t.shape.every((d) => d >= 1 && d <= 3)).toBe(true);
        expect(oracleData(t)).toHaveLength(t.size);
      }),
      { numRuns: 50 },
    );
  });

  it("keeps f32 values in range", () => {
    fc.assert(
      fc.property(tensors({ shape: [5], min: -3, max: 0.5 }), (t) => {
        for (const v of oracleData(t)) {
          expect(v).toBeGreaterThanOrEqual(-3);
          expect(v).toBeLessThanOrEqual(0.5);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("keeps float64 precision on the oracle", () => {
    const samples = fc.sample(tensors({ shape: [4] }), { numRuns: 20, seed: 5 });
    const values = samples.flatMap(oracleData);
    // Values that float32 cannot represent survive, so the oracle computes with the generated numbers.
    expect(values.some((v) => Math.fround(v) !== v)).toBe(true);
  });

  it("keeps i32 values integral and in range", () => {
    fc.assert(
      fc.property(tensors({ shape: [6], dtype: "i32", min: -2.5, max: 4 }), (t) => {
        for (const v of oracleData(t)) {
          expect(Number.isInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(-2);
          expect(v).toBeLessThanOrEqual(4);
        }
      }),
      { numRuns: 50 },
    );
  });

  it("generates bool tensors", () => {
    const samples = fc.sample(tensors({ shape: [8], dtype: "bool" }), { numRuns: 10, seed: 1 });
    const values = samples.flatMap((t) => t.toArraySync() as boolean[]);
    expect(values.every((v) => typeof v === "boolean")).toBe(true);
    expect(new Set(values).size).toBe(2);
  });

  it("rejects conflicting options", () => {
    expect(() => tensors({ shape: [2], shapeArb: shapes() })).toThrow(/either shape or shapeArb/);
    expect(() => tensors({ dtype: "bool", min: 0 })).toThrow(/do not apply to bool/);
    expect(() => tensors({ dtype: "i32", avoid: { awayFromZero: 1 } })).toThrow(/only to f32/);
    expect(() => tensors({ min: 2, max: 1 })).toThrow(/min ≤ max/);
  });
});

describe("tensors avoid options", () => {
  it("keeps values away from zero", () => {
    fc.assert(
      fc.property(tensors({ shape: [6], avoid: { awayFromZero: 0.25 } }), (t) => {
        for (const v of oracleData(t)) {
          expect(Math.abs(v)).toBeGreaterThanOrEqual(0.25);
          expect(Math.abs(v)).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("produces both signs away from zero", () => {
    const values = fc.sample(tensors({ shape: [4], avoid: { awayFromZero: 0.5 } }), { numRuns: 30, seed: 2 }).flatMap(oracleData);
    expect(values.some((v) => v < 0)).toBe(true);
    expect(values.some((v) => v > 0)).toBe(true);
  });

  it("handles a one-sided range away from zero", () => {
    fc.assert(
      fc.property(tensors({ shape: [3], min: 0, max: 2, avoid: { awayFromZero: 0.5 } }), (t) => {
        for (const v of oracleData(t)) {
          expect(v).toBeGreaterThanOrEqual(0.5);
          expect(v).toBeLessThanOrEqual(2);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("keeps values distinct by the margin", () => {
    fc.assert(
      fc.property(tensors({ shapeArb: shapes({ maxRank: 2 }), min: -1, max: 1, avoid: { distinct: 0.1 } }), (t) => {
        const sorted = oracleData(t).sort((a, b) => a - b);
        for (let i = 1; i < sorted.length; i++) {
          // The margin holds up to one float64 rounding step.
          expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(0.1 - 1e-12);
        }
        expect(sorted.every((v) => v >= -1 && v <= 1)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("combines distinct and away from zero", () => {
    fc.assert(
      fc.property(tensors({ shape: [3, 3], min: -2, max: 2, avoid: { distinct: 0.2, awayFromZero: 0.1 } }), (t) => {
        const sorted = oracleData(t).sort((a, b) => a - b);
        expect(sorted.every((v) => Math.abs(v) >= 0.1 && Math.abs(v) <= 2)).toBe(true);
        for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(0.2 - 1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it("rejects margins the range cannot hold", () => {
    expect(() => tensors({ shape: [2], min: -0.1, max: 0.1, avoid: { awayFromZero: 0.5 } })).toThrow(/no value in \[-0.1, 0.1\] is at least 0.5 away from zero/);
    expect(() => tensors({ shape: [30], avoid: { distinct: 0.1 } })).toThrow(/30 values at least 0.1 apart need a range of/);
  });
});
