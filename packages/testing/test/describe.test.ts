import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as k from "@kiln/tensor";
import { describeTensor, formatTensorData, tensors } from "@kiln/testing";

describe("tensor descriptions", () => {
  it("formats nested data as tensor() code", () => {
    expect(formatTensorData([0.5, -1.25, 3, 4], [2, 2], "f32")).toBe("tensor([[0.5, -1.25], [3, 4]])");
    expect(formatTensorData([7], [], "f32")).toBe("tensor(7)");
    expect(formatTensorData([1, -2], [2], "i32")).toBe('tensor([1, -2], "i32")');
    expect(formatTensorData([1, 0], [2], "bool")).toBe("tensor([true, false])");
    expect(formatTensorData([-0], [1], "f32")).toBe("tensor([-0])");
    expect(formatTensorData([], [0, 3], "f32")).toBe('fromArray([], [0, 3], "f32")');
  });

  it("prints generated tensors in counterexamples", () => {
    const [t] = fc.sample(tensors({ shape: [2, 2] }), { numRuns: 1, seed: 4 });
    const text = fc.stringify(t);
    expect(text).toMatch(/^tensor\(\[\[.*\]\]\)$/);
    expect(fc.stringify([t, { w: t }])).toContain(`{"w":${text}}`);
  });

  it("prints values that parse back exactly", () => {
    fc.assert(
      fc.property(tensors({ shape: [3, 2], min: -1e3, max: 1e3 }), (t) => {
        const nested = JSON.parse(fc.stringify(t).slice("tensor(".length, -1)) as number[][];
        const recreated = k.tensor(nested);
        expect(k.withBackend("cpu64", () => recreated.toArraySync())).toEqual(k.withBackend("cpu64", () => t.toArraySync()));
      }),
      { numRuns: 30 },
    );
  });

  it("describes any tensor from its cpu64 value", () => {
    expect(describeTensor(k.arange(3).mul(2))).toBe('tensor([0, 2, 4], "i32")');
    expect(describeTensor(k.fromArray(Float64Array.of(0.1), [1]))).toBe("tensor([0.1])");
  });
});
