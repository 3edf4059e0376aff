import { describe, expect, test } from "vitest";
import { batches, batchesPerEpoch, epochPermutation, prefetch, type Batch } from "@kiln/data";

function take<T>(iterator: Iterator<T>, n: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const result = iterator.next();
    if (result.done) break;
    out.push(result.value);
  }
  return out;
}

function epochIndices(all: Batch[], epoch: number): number[] {
  return all.filter((batch) => batch.epoch === epoch).flatMap((batch) => Array.from(batch.indices));
}

describe("batches", () => {
  test("each index once per epoch", () => {
    const all = [...batches({ count: 103, batchSize: 10, seed: 1, dropLast: false, epochs: 3 })];
    expect(all).toHaveLength(33);
    for (let epoch = 0; epoch < 3; epoch++) {
      const indices = epochIndices(all, epoch);
      expect(indices.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    }
    expect(all[10].indices).toHaveLength(3);
    expect(all.map((batch) => batch.step)).toEqual(Array.from({ length: 33 }, (_, i) => i));
  });

  test("epochs differ", () => {
    const all = [...batches({ count: 100, batchSize: 20, seed: 1, epochs: 2 })];
    expect(epochIndices(all, 0)).not.toEqual(epochIndices(all, 1));
    expect(epochIndices(all, 0)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  test("dropLast drops partial batch", () => {
    const all = [...batches({ count: 103, batchSize: 10, seed: 1, epochs: 2 })];
    expect(all).toHaveLength(20);
    expect(all.every((batch) => batch.indices.length === 10)).toBe(true);
    expect(new Set(epochIndices(all, 0)).size).toBe(100);
    expect(batchesPerEpoch(103, 10)).toBe(10);
    expect(batchesPerEpoch(103, 10, false)).toBe(11);
  });

  test("same seed same order", () => {
    const first = take(batches({ count: 50, batchSize: 8, seed: 5 }), 20);
    const second = take(batches({ count: 50, batchSize: 8, seed: 5 }), 20);
    const other = take(batches({ count: 50, batchSize: 8, seed: 6 }), 20);
    expect(second).toEqual(first);
    expect(other.map((batch) => Array.from(batch.indices))).not.toEqual(first.map((batch) => Array.from(batch.indices)));
  });

  test("startStep resumes", () => {
    const full = take(batches({ count: 50, batchSize: 8, seed: 5 }), 20);
    const resumed = take(batches({ count: 50, batchSize: 8, seed: 5, startStep: 13 }), 7);
    expect(resumed).toEqual(full.slice(13));
  });

  test("unshuffled order", () => {
    const [first] = batches({ count: 10, batchSize: 4, seed: 0, shuffle: false });
    expect(Array.from(first.indices)).toEqual([0, 1, 2, 3]);
  });

  test("permutation is deterministic", () => {
    expect(epochPermutation(1000, 3, 4)).toEqual(epochPermutation(1000, 3, 4));
    expect(epochPermutation(1000, 3, 4)).not.toEqual(epochPermutation(1000, 3, 5));
  });

  test("invalid options rejected", () => {
    expect(() => batches({ count: 5, batchSize: 8, seed: 0 })).toThrow(/batch size 8 exceeds the 5 examples, so dropLast would leave no batches/);
    expect(() => batches({ count: 5, batchSize: 0, seed: 0 })).toThrow(/batchSize must be a positive integer, got 0/);
    expect(() => batches({ count: 5, batchSize: 2, seed: -1 })).toThrow(/seed must be a non-negative safe integer, got -1/);
  });
});

describe("prefetch", () => {
  test("keeps order", async () => {
    const out: number[] = [];
    for await (const value of prefetch([1, 2, 3, 4, 5], 2)) out.push(value);
    expect(out).toEqual([1, 2, 3, 4, 5]);
  });

  test("prepares next item during await", async () => {
    const produced: number[] = [];
    function* source() {
      for (let i = 0; i < 4; i++) {
        produced.push(i);
        yield i;
      }
    }
    // Simulated device step: yields to the event loop until `ready` holds, for at most 1000 turns.
    const awaitDevice = async (ready: () => boolean) => {
      for (let turn = 0; turn < 1000 && !ready(); turn++) await new Promise((resolve) => setImmediate(resolve));
      return ready();
    };
    for await (const value of prefetch(source(), 1)) {
      const nextProduced = await awaitDevice(() => produced.length >= Math.min(value + 2, 4));
      expect(nextProduced, `item ${value + 1} produced during step ${value}`).toBe(true);
      expect(produced.length, `read-ahead stays within depth 1 at step ${value}`).toBe(Math.min(value + 2, 4));
    }
  });

  test("early exit closes source", async () => {
    let closed = false;
    function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const value of prefetch(source(), 3)) if (value === 2) break;
    expect(closed).toBe(true);
  });

  test("source error reaches consumer", async () => {
    function* source() {
      yield 1;
      throw new Error("augmentation failed at item 2");
    }
    const seen: number[] = [];
    await expect(async () => {
      for await (const value of prefetch(source(), 2)) seen.push(value);
    }).rejects.toThrow("augmentation failed at item 2");
    expect(seen).toEqual([1]);
  });

  test("async source accepted", async () => {
    async function* source() {
      yield "a";
      yield "b";
    }
    const out: string[] = [];
    for await (const value of prefetch(source())) out.push(value);
    expect(out).toEqual(["a", "b"]);
  });

  test("invalid depth rejected", () => {
    expect(() => prefetch([1], 0)).toThrow(/depth must be a positive integer, got 0/);
  });
});
