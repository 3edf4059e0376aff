import { fromArray, type Tensor } from "@kiln/tensor";

/** 32-bit FNV-1a hash of `text`, mixed with `seed`. */
function hashLabel(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0) ^ Math.floor(seed / 2 ** 32)) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Mulberry32: a small, fast 32-bit generator, returning uniform numbers in [0, 1). */
function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Host data and oracle tensors of one random direction per leaf. */
export interface Direction {
  data: Float64Array[];
  tensors: Tensor[];
}

/**
 * Draws one direction per leaf with entries uniform in [-1, 1], from a generator seeded by
 * `seed` and `label`. The same seed and label always give the same direction. Entries are
 * bounded by 1, so a step of eps moves each element by at most eps.
 */
export function randomDirection(shapes: readonly (readonly number[])[], seed: number, label: string): Direction {
  const next = mulberry32(hashLabel(seed, label));
  const data = shapes.map((shape) => {
    const values = new Float64Array(shape.reduce((n, d) => n * d, 1));
    for (let i = 0; i < values.length; i++) values[i] = 2 * next() - 1;
    return values;
  });
  return { data, tensors: data.map((values, i) => fromArray(values, [...shapes[i]], "f32")) };
}

/** Builds the direction that is 1 at one element of one leaf and 0 elsewhere. */
export function basisDirection(shapes: readonly (readonly number[])[], leaf: number, index: number): Direction {
  const data = shapes.map((shape, i) => {
    const values = new Float64Array(shape.reduce((n, d) => n * d, 1));
    if (i === leaf) values[index] = 1;
    return values;
  });
  return { data, tensors: data.map((values, i) => fromArray(values, [...shapes[i]], "f32")) };
}

/**
 * Copies `direction` with zeros where `values` (one array per leaf, in the same layout) is NaN
 * or infinite, and counts those entries.
 */
export function zeroWhereNonFinite(direction: Direction, shapes: readonly (readonly number[])[], values: readonly Float64Array[]): { direction: Direction; count: number } {
  let count = 0;
  const data = direction.data.map((entries, leaf) =>
    entries.map((entry, i) => {
      if (Number.isFinite(values[leaf][i])) return entry;
      count++;
      return 0;
    }),
  );
  if (count === 0) return { direction, count };
  return { direction: { data, tensors: data.map((entries, i) => fromArray(entries, [...shapes[i]], "f32")) }, count };
}
