/** Token sequences packed into a fixed context, the input of a CLIP text tower. */
export interface TokenBatch {
  /** Token ids, row-major [count, contextLength], padded after the end-of-text token. */
  ids: Int32Array;
  /** Position of the end-of-text token in each row, where the text tower reads its feature. */
  eotPositions: Int32Array;
  count: number;
  contextLength: number;
}

/**
 * Packs sequences that already end with their end-of-text token into rows of `contextLength`,
 * filling the rest of each row with `padId`. Each sequence must fit the context.
 */
export function packSequences(sequences: readonly (readonly number[])[], contextLength: number, padId: number): TokenBatch {
  const ids = new Int32Array(sequences.length * contextLength).fill(padId);
  const eotPositions = new Int32Array(sequences.length);
  sequences.forEach((sequence, row) => {
    ids.set(sequence, row * contextLength);
    eotPositions[row] = sequence.length - 1;
  });
  return { ids, eotPositions, count: sequences.length, contextLength };
}

/** Compares strings by Unicode code point, the order of Python's `sorted` on `str`. */
export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = left[i].codePointAt(0)! - right[i].codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}
